import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProductByCode } from "../../src/db/repositories/products.repo.ts";
import { ConflictError } from "../../src/lib/errors.ts";
import { adjustStock } from "../../src/services/catalogue/stock.ts";
import { type Agent, makeApp, shopWithStaff, type TestApp, tokenFor } from "../helpers/app.ts";
import { importCsv } from "../helpers/catalogue.ts";
import { testDialects } from "../helpers/db.ts";
import { pdfText } from "../helpers/pdf.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

/**
 * Issue #16 — amounts stay exact and every bill prints: a product's price,
 * a line's quantity and a bill's total are bounded where they are typed
 * (product form, CSV import, scan, quantity edits), with a clear 4xx; and
 * what a cashier types is read as meant (1,0 is not 10; an unknown discount
 * kind is not ₹).
 */

const lineIdIn = (html: string, n = 0) =>
  Number([...html.matchAll(/data-line="(\d+)"/g)][n]?.[1] ?? 0);
const message = (html: string) => /class="till-msg[^"]*"[^>]*>([^<]*)</.exec(html)?.[1] ?? "";

async function getPdf(agent: Agent, url: string) {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
  return { status: res.status, bytes: new Uint8Array(res.body as Buffer) };
}

for (const dialect of testDialects()) {
  describe(`${dialect}: bill limits and what a cashier types`, () => {
    let t: TestApp;
    let owner: Agent;
    let cashier: Agent;
    let token: string;

    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ owner, cashier } = await shopWithStaff(t));
      await seedProduct(t.database.db, {
        code: "GOLD-1",
        name: "Gold bar",
        price: 10_00_000_00, // ₹10,00,000: the largest price
        gst_rate: 0,
        stock: 10_000_000,
      });
      await seedProduct(t.database.db, {
        code: "TEA-1",
        name: "Tea 250g",
        price: 1999,
        gst_rate: 500,
        stock: 10_000,
      });
      token = await tillToken(cashier);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("refuses a product price past ₹10,00,000 on the form and in a CSV import", async () => {
      const form = await owner
        .post("/products")
        .type("form")
        .send({
          _csrf: await tokenFor(owner, "/products/new"),
          code: "HUGE-1",
          name: "Huge",
          category: "",
          price: "99,999,999.99",
          gst_rate: "0",
          hsn: "",
          unit: "pc",
          stock: "9999999",
          low_stock_level: "0",
        });
      expect(form.status).toBe(400);
      expect(form.text).toContain("Price can be at most ₹10,00,000.00");
      const csv = await importCsv(owner, "code,name,price,stock\nHUGE-2,Huge,99999999.99,5\n");
      expect(csv.preview).toContain("Price can be at most ₹10,00,000.00");
      expect(await findProductByCode(t.database.db, "HUGE-1")).toBeUndefined();
      expect(await findProductByCode(t.database.db, "HUGE-2")).toBeUndefined();
    });

    it("refuses a line quantity past 99,999 and a bill past ₹10 crore; the largest bill prints", async () => {
      let res = await tillPost(cashier, token, "/till/scan", { code: "GOLD-1" });
      expect(res.status).toBe(200);
      const line = lineIdIn(res.text);
      res = await tillPost(cashier, token, `/till/lines/${line}/qty`, { qty: "9999999" });
      expect(res.status).toBe(400);
      expect(message(res.text)).toContain("at most 99999 pcs");
      // ₹10,00,000 × 101 is past ₹10 crore: refused, the quantity stays as it was.
      res = await tillPost(cashier, token, `/till/lines/${line}/qty`, { qty: "101" });
      expect(res.status).toBe(400);
      expect(message(res.text)).toContain("A bill can total at most ₹10,00,00,000.00");
      expect(res.text).toContain('data-qty="1"');
      res = await tillPost(cashier, token, `/till/lines/${line}/qty`, { qty: "100" });
      expect(res.status).toBe(200);
      // At the limit a scan or a + would pass it: refused in the same transaction.
      for (const [url, body] of [
        ["/till/scan", { code: "GOLD-1" }],
        [`/till/lines/${line}/inc`, {}],
        ["/till/scan", { code: "TEA-1" }],
      ] as const) {
        res = await tillPost(cashier, token, url, body);
        expect(res.status, url).toBe(400);
        expect(message(res.text), url).toContain("A bill can total at most");
      }
      expect(res.text).toContain('data-qty="100"');
      expect(res.text).not.toContain("Tea 250g");
      const billId = billIdFrom(res.text);
      res = await tillPost(cashier, token, "/till/complete", {
        billId: String(billId),
        mode: "upi",
        upiConfirmed: "1",
      });
      expect(res.status).toBe(200);
      const pdf = await getPdf(cashier, `/bills/${billId}/pdf?format=a4`);
      expect(pdf.status).toBe(200);
      expect(pdfText(pdf.bytes).replace(/\s+/g, " ")).toContain("Ten Crore Rupees Only");
      const receipt = await getPdf(cashier, `/bills/${billId}/pdf`);
      expect(receipt.status).toBe(200);
    });

    it("reads 1,0 as a mistake, not 10; 1,200 is twelve hundred", async () => {
      let res = await tillPost(cashier, token, "/till/scan", { code: "TEA-1" });
      const line = lineIdIn(res.text);
      for (const typed of ["1,0", "2,5", "1,00"]) {
        res = await tillPost(cashier, token, `/till/lines/${line}/qty`, { qty: typed });
        expect(res.status, typed).toBe(400);
        expect(message(res.text), typed).toContain("A comma only groups thousands");
        expect(res.text).toContain('data-qty="1"');
      }
      res = await tillPost(cashier, token, `/till/lines/${line}/qty`, { qty: "1,200" });
      expect(res.status).toBe(200);
      expect(res.text).toContain('data-qty="1200"');
    });

    it("refuses an unknown discount kind instead of taking it as rupees", async () => {
      let res = await tillPost(cashier, token, "/till/scan", { code: "TEA-1" });
      const line = lineIdIn(res.text);
      for (const [url, kind] of [
        [`/till/lines/${line}/discount`, "rupees"],
        ["/till/discount", "flat"],
      ] as const) {
        res = await tillPost(cashier, token, url, { kind, discount: "5" });
        expect(res.status, url).toBe(400);
        expect(message(res.text), url).toContain("Discount kind must be ₹ (amount) or %");
      }
      const bill = await t.database.db
        .selectFrom("bills")
        .select(["discount_value"])
        .where("id", "=", billIdFrom(res.text))
        .executeTakeFirstOrThrow();
      expect(Number(bill.discount_value)).toBe(0);
      res = await tillPost(cashier, token, `/till/lines/${line}/discount`, {
        kind: "percent",
        discount: "10",
      });
      expect(res.status).toBe(200);
    });

    it("quotes the stock read inside the refusing transaction when a completion is refused", async () => {
      const db = t.database.db;
      const id = await seedProduct(db, {
        code: "LAST-1",
        name: "Last jar",
        price: 5000,
        gst_rate: 0,
        stock: 5,
      });
      let res = await tillPost(cashier, token, "/till/clear");
      for (let i = 0; i < 3; i++)
        res = await tillPost(cashier, token, "/till/scan", { code: "LAST-1" });
      const billId = billIdFrom(res.text);
      let answer: Promise<{ status: number; text: string }> | null = null;
      // Another till sells 4 of the 5 while this completion already runs: on
      // MySQL it takes its read snapshot before it waits on the product row.
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("products").set({ stock: 1 }).where("id", "=", id).execute();
        const sent = tillPost(cashier, token, "/till/complete", {
          billId: String(billId),
          mode: "upi",
          upiConfirmed: "1",
        });
        answer = sent.then((r) => ({ status: r.status, text: r.text }));
        await new Promise((r) => setTimeout(r, 500));
      });
      const done = await (answer as unknown as Promise<{ status: number; text: string }>);
      expect(done.status).toBe(409);
      expect(message(done.text)).toContain("Not enough stock of Last jar: 1 pc left");
    });

    it("a refused stock adjustment quotes the stock read when it was refused", async () => {
      const db = t.database.db;
      const id = await seedProduct(db, {
        code: "ADJ-1",
        name: "Adjusted jar",
        price: 500,
        stock: 5,
      });
      const owner = await db
        .selectFrom("users")
        .select(["id", "username"])
        .where("role", "=", "owner")
        .executeTakeFirstOrThrow();
      const actor = { userId: owner.id, username: owner.username, role: "owner" as const };
      let refusal: Promise<unknown> | null = null;
      // A sale takes 4 of the 5 while the owner removes 3 as damaged: on MySQL the
      // adjustment's first read sees 5, then its conditional update waits and refuses.
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("products").set({ stock: 1 }).where("id", "=", id).execute();
        refusal = adjustStock(db, actor, id, { change: "-3", reason: "damage", note: "" }).then(
          () => null,
          (err: unknown) => err,
        );
        await new Promise((r) => setTimeout(r, 500));
      });
      const err = await (refusal as unknown as Promise<unknown>);
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as Error).message).toBe("Only 1 pc in stock: cannot remove more.");
    });
  });
}
