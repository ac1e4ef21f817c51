import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { OWNER } from "../helpers/app.ts";
import { createTestTarget, testDialects } from "../helpers/db.ts";
import { completedNumber, HttpTill, openBillId } from "../helpers/http-till.ts";
import { pdfText } from "../helpers/pdf.ts";
import { CASHIER_PASSWORD, prepareShop } from "../helpers/reliability.ts";
import { type AppProcess, startAppProcess } from "../helpers/server-process.ts";
import { seedProduct } from "../helpers/till.ts";
import { databaseUrlOf } from "../helpers/till-processes.ts";

/**
 * What a shop runs: `node launcher/start.mjs` → dist/launch.js (the esbuild
 * bundle), not the sources. Everything the bundle loads lazily is used here
 * once — the PDF code and its fonts (subset-font, its WebAssembly, DejaVu;
 * HarfBuzz, its subsetter and the Noto fonts of the Indian scripts for a
 * mixed-script bill), the labels sheet, udhaar's payment receipt and
 * statement, CSV export, and mysql2 on the MySQL pass — so a package that
 * breaks when bundled fails this test, not a shop's first print.
 */

/** Names in the scripts the PDFs shape (src/pdf/scripts.ts), one product each. */
const SCRIPT_NAMES = ["चीनी (शक्कर) 1 kg", "আটা", "ખાંડ", "ਖੰਡ", "சர்க்கரை", "చక్కెర", "ಅಕ್ಕಿ", "പഞ്ചസാര"];

let app: AppProcess | undefined;

async function pdfOf(res: Response): Promise<{ text: string; copy: string | null }> {
  const body = new Uint8Array(await res.arrayBuffer());
  // The app's own log says why (e.g. a ReferenceError from a bundled package).
  if (res.status !== 200) throw new Error(`${res.url}: ${res.status}\n${app?.output()}`);
  expect(res.headers.get("content-type")).toMatch(/^application\/pdf/);
  return { text: pdfText(body), copy: res.headers.get("x-bill-copy") };
}

for (const dialect of testDialects()) {
  describe(`${dialect}: the bundle npm start runs`, () => {
    let drop: (() => Promise<void>) | undefined;
    afterAll(async () => {
      await app?.stop().catch(() => {});
      await drop?.();
    });

    it("prints every PDF (receipts, A4, reprints, credit notes, labels, payment receipts, statements) and exports CSV, first call and after", async () => {
      const made = await createTestTarget(dialect);
      drop = made.drop;
      const shop = await prepareShop(made.target, made.dataDir, { cashiers: 1, stock: 50 });
      const dataDir = path.join(made.dataDir, "till");
      mkdirSync(dataDir);
      app = await startAppProcess({
        databaseUrl: databaseUrlOf(made.target),
        dataDir,
        env: { LOG_LEVEL: "error" },
      });

      const till = new HttpTill(app.base, shop.cashiers[0] as string, CASHIER_PASSWORD);
      await till.login();
      const scanned = await till.scan(shop.codes[2] as string);
      const billId = openBillId(scanned.text);
      if (billId === null) throw new Error(`no open bill: ${scanned.status} ${scanned.text}`);
      const done = await till.complete(billId, { mode: "cash", tendered: "" });
      const number = completedNumber(done.text);
      expect(number, done.text.slice(0, 300)).toMatch(/\d/);

      // The first print of the process loads the PDF code and cuts the fonts.
      const first = await pdfOf(await till.fetch(`/bills/${billId}/pdf?format=80mm`));
      expect(first.copy).toBe("1");
      expect(first.text).toContain("Sharma Kirana Store");
      expect(first.text).toContain(number as string);
      // REL-2 costs ₹120.00 at 12% GST (inclusive): the total is ₹120.00.
      expect(first.text).toMatch(/₹\s*120\.00/);
      expect(first.text).not.toContain("DUPLICATE");
      for (const format of ["58mm", "a4"] as const) {
        const again = await pdfOf(await till.fetch(`/bills/${billId}/pdf?format=${format}`));
        expect(again.text).toContain(number as string);
        expect(again.text).toContain("DUPLICATE");
      }

      // A credit note for the bill, through the same lazily loaded PDF code: 80 mm, then A4.
      const form = await till.get(`/bills/${billId}/return`);
      const line = /name="qty_(\d+)"/.exec(form.text)?.[1];
      const returned = await till.fetch(`/bills/${billId}/return`, {
        [`qty_${line}`]: "1",
        reason: "wrong_item",
        action: "confirm",
      });
      expect(returned.status).toBe(303);
      const cnUrl = String(returned.headers.get("location")).replace(/\?.*$/, "");
      const cn = await pdfOf(await till.fetch(`${cnUrl}/pdf?format=80mm`));
      expect(cn.text).toMatch(/CREDIT NOTE/);
      expect(cn.text).toContain(number as string);
      expect(cn.text).toMatch(/CGST reversed @6%/);
      const cnA4 = await pdfOf(await till.fetch(`${cnUrl}/pdf?format=a4`));
      expect(cnA4.text).toContain("DUPLICATE");
      expect(cnA4.text).toContain(number as string);

      const owner = new HttpTill(app.base, OWNER.username, OWNER.password);
      await owner.login();
      const labels = await pdfOf(
        await owner.fetch("/products/labels.pdf", {
          format: "a4",
          [`count_${await productId(made.target, shop.codes[0] as string)}`]: "3",
        }),
      );
      expect(labels.text).toContain("Reliability item 0");

      // Udhaar's documents: a payment receipt (80 mm and A4) and a statement, first print each.
      const customerId = shop.customerIds[0] as number;
      const received = await till.fetch(`/customers/${customerId}/payment`, {
        amount: "250",
        mode: "cash",
      });
      expect(received.status, await received.text()).toBe(303);
      const receiptUrl = `${received.headers.get("location")}/receipt.pdf`;
      const receipt = await pdfOf(await till.fetch(`${receiptUrl}?format=80mm`));
      expect(receipt.text).toContain("PAYMENT RECEIPT");
      expect(receipt.text).toMatch(/₹\s*250\.00 store credit/);
      expect((await pdfOf(await till.fetch(`${receiptUrl}?format=a4`))).text).toContain("RC/");
      const statement = await pdfOf(await owner.fetch(`/customers/${customerId}/statement.pdf`));
      expect(statement.text).toContain("Opening balance");
      expect(statement.text).toContain("Closing balance");

      const csv = await owner.fetch("/products/export.csv");
      expect(csv.status).toBe(200);
      const csvText = await csv.text();
      expect(csvText).toContain("REL-4");
      expect(csvText).toContain("Reliability item 4");
      // A bill of names in eight scripts, through the same bundle: shaped, and copied back as typed.
      await seedScriptProducts(made.target);
      for (let i = 0; i < SCRIPT_NAMES.length; i++) await till.scan(`SCRIPT-${i}`);
      const mixed = await till.scan("REL-1");
      const mixedId = openBillId(mixed.text);
      if (mixedId === null) throw new Error(`no open bill: ${mixed.status} ${mixed.text}`);
      const paid = await till.complete(mixedId, { mode: "cash", tendered: "" });
      expect(completedNumber(paid.text), paid.text.slice(0, 300)).toMatch(/\d/);
      for (const format of ["80mm", "58mm", "a4"] as const) {
        const pdf = await pdfOf(await till.fetch(`/bills/${mixedId}/pdf?format=${format}`));
        const text = pdf.text.replace(/[ \t]+/g, " ");
        for (const name of SCRIPT_NAMES) expect(text, `${format}: ${name}`).toContain(name);
        expect(text).toContain("Reliability item 1");
      }
      const scriptLabels = await pdfOf(
        await owner.fetch("/products/labels.pdf", {
          format: "roll",
          [`count_${await productId(made.target, "SCRIPT-0")}`]: "1",
        }),
      );
      expect(scriptLabels.text).toContain(SCRIPT_NAMES[0]);
      expect(app.output()).not.toMatch(/ReferenceError|is not defined|Cannot find/);
    });
  });
}

async function seedScriptProducts(target: Parameters<typeof openDatabase>[0]): Promise<void> {
  const database = openDatabase(target);
  try {
    for (const [i, name] of SCRIPT_NAMES.entries())
      await seedProduct(database.db, { code: `SCRIPT-${i}`, name, price: 4_500, stock: 10 });
  } finally {
    await database.close();
  }
}

async function productId(
  target: Parameters<typeof openDatabase>[0],
  code: string,
): Promise<number> {
  const database = openDatabase(target);
  try {
    const row = await database.db
      .selectFrom("products")
      .select("id")
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    return row.id;
  } finally {
    await database.close();
  }
}
