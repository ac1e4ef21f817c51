import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateSettings } from "../../src/db/repositories/settings.repo.ts";
import { findUserByUsername } from "../../src/db/repositories/users.repo.ts";
import {
  type Agent,
  CASHIER,
  makeApp,
  shopWithStaff,
  type TestApp,
  tokenFor,
} from "../helpers/app.ts";
import { addCustomer, addSampleProducts, makeBill } from "../helpers/bills.ts";
import { testDialects } from "../helpers/db.ts";
import { pdfText } from "../helpers/pdf.ts";

/**
 * The shop's receipt language reaches the printed bill through the app: the
 * bill service puts `Shop.receiptLanguage` on the detail and the PDF takes
 * its labels from the catalogue in it (the documents themselves:
 * tests/unit/pdf-language.test.ts).
 */

const squash = (s: string) => s.replace(/\s+/g, " ");

async function getPdf(agent: Agent, url: string): Promise<string> {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toBe("application/pdf");
  return squash(pdfText(new Uint8Array(res.body as Buffer)));
}

for (const dialect of testDialects()) {
  describe(`${dialect}: bills printed in the shop's receipt language`, () => {
    let t: TestApp;
    let cashier: Agent;
    let owner: Agent;
    let bill: { id: number; number: string; total: number };

    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ cashier, owner } = await shopWithStaff(t));
      const db = t.database.db;
      await addSampleProducts(db);
      const user = await findUserByUsername(db, CASHIER.username);
      if (!user) throw new Error("no cashier");
      const sunita = await addCustomer(db, "सुनीता शर्मा", "+919812345678");
      bill = await makeBill(db, {
        cashier: { id: user.id, username: user.username },
        customerId: sunita,
        lines: [{ code: "8901725133979" }],
        payment: { mode: "cash", tendered: "300" },
      });
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("English by default, Hindi or both once the shop sets it, English again after", async () => {
      const url = `/bills/${bill.id}/pdf`;
      const en = await getPdf(cashier, `${url}?format=80mm`);
      expect(en).toContain("TOTAL ₹285.00");
      expect(en).toContain("Two Hundred Eighty-Five Rupees Only");
      expect(en).not.toContain("कुल");

      await updateSettings(t.database.db, { receipt_language: "hi" });
      const hi = await getPdf(cashier, `${url}?format=80mm`);
      for (const expected of [
        `बिल नं.: ${bill.number}`,
        "ग्राहक: सुनीता शर्मा",
        "कुल ₹285.00",
        "दो सौ पचासी रुपये मात्र",
        "भुगतान: नकद",
        "प्रतिलिपि", // the second print is a duplicate
      ])
        expect(hi).toContain(expected);
      expect(hi).not.toContain("TOTAL");
      const a4 = await getPdf(cashier, `${url}?format=a4`);
      expect(a4).toContain("कुल योग ₹285.00");
      expect(a4).toContain("राशि शब्दों में: दो सौ पचासी रुपये मात्र");

      await updateSettings(t.database.db, { receipt_language: "both" });
      const both = await getPdf(cashier, `${url}?format=80mm`);
      expect(both).toContain("TOTAL / कुल ₹285.00");
      expect(both).toContain("Two Hundred Eighty-Five Rupees Only दो सौ पचासी रुपये मात्र");

      await updateSettings(t.database.db, { receipt_language: "en" });
      expect(await getPdf(cashier, `${url}?format=80mm`)).toContain("TOTAL ₹285.00");
    });

    it("shelf labels take the shop's receipt language too (the PDF's title)", async () => {
      const db = t.database.db;
      const product = await db
        .selectFrom("products")
        .select("id")
        .where("code", "=", "8901725133979")
        .executeTakeFirstOrThrow();
      const token = await tokenFor(owner, `/products/labels?ids=${product.id}`);
      const title = async () => {
        const res = await owner
          .post("/products/labels.pdf")
          .type("form")
          .buffer(true)
          .parse((r, cb) => {
            const chunks: Buffer[] = [];
            r.on("data", (c: Buffer) => chunks.push(c));
            r.on("end", () => cb(null, Buffer.concat(chunks)));
          })
          .send({ _csrf: token, format: "a4", [`count_${product.id}`]: "1" });
        expect(res.status).toBe(200);
        return (await PDFDocument.load(res.body as Buffer)).getTitle();
      };
      expect(await title()).toBe("QR labels");
      await updateSettings(db, { receipt_language: "hi" });
      expect(await title()).toBe("QR लेबल");
      await updateSettings(db, { receipt_language: "both" });
      expect(await title()).toBe("QR labels / QR लेबल");
      await updateSettings(db, { receipt_language: "en" });
      expect(await title()).toBe("QR labels");
    });
  });
}
