import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/types.ts";
import {
  type Agent,
  csrfFrom,
  loginAs,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
} from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { checkLedger } from "../helpers/ledger.ts";
import { pdfText } from "../helpers/pdf.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

/** The return form over HTTP: found from the till by the receipt's QR, previewed, confirmed, printed. */

async function sell(
  agent: Agent,
  codes: string[],
  payment: Record<string, string> = { mode: "cash" },
) {
  const token = await tillToken(agent);
  let html = "";
  for (const code of codes) html = (await tillPost(agent, token, "/till/scan", { code })).text;
  const billId = billIdFrom(html);
  const done = await tillPost(agent, token, "/till/complete", {
    billId: String(billId),
    ...payment,
  });
  expect(done.status).toBe(200);
  const number = /Bill ([A-Z0-9/-]+) complete/.exec(done.text)?.[1] ?? "";
  return { billId, number, token };
}

function lineIds(html: string): number[] {
  return [...html.matchAll(/name="qty_(\d+)"/g)].map((m) => Number(m[1]));
}

for (const dialect of testDialects()) {
  describe(`${dialect}: returns over HTTP`, () => {
    let t: TestApp;
    let db: Db;
    let cashier: Agent;
    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ cashier } = await shopWithStaff(t));
      db = t.database.db;
      await seedProduct(db, {
        code: "SOAP",
        name: "Lux Soap 100 g",
        price: 4_500,
        gst_rate: 1800,
        stock: 50,
      });
      await seedProduct(db, {
        code: "TEA",
        name: "Tata Tea 250 g",
        price: 14_999,
        gst_rate: 500,
        stock: 50,
      });
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("the receipt's QR at the till opens the return; one item back, cash refunded, credit note printed", async () => {
      const { billId, number, token } = await sell(cashier, ["SOAP", "SOAP", "TEA"]);
      const scan = await tillPost(cashier, token, "/till/scan", { code: number });
      expect(scan.headers["hx-redirect"]).toBe(`/bills/${billId}/return`);
      const form = await cashier.get(`/bills/${billId}/return`);
      expect(form.status).toBe(200);
      const [soapLine, teaLine] = lineIds(form.text);
      const csrf = csrfFrom(form.text);
      const preview = await cashier
        .post(`/bills/${billId}/return`)
        .type("form")
        .send({ _csrf: csrf, [`qty_${soapLine}`]: "1", reason: "damaged", action: "preview" });
      expect(preview.status).toBe(200);
      expect(preview.text).toContain("Refund ₹45.00");
      const expected = /name="expectedRefund" value="(\d+)"/.exec(preview.text)?.[1] ?? "";
      const confirm = await cashier
        .post(`/bills/${billId}/return`)
        .type("form")
        .send({
          _csrf: csrf,
          [`qty_${soapLine}`]: "1",
          reason: "damaged",
          refundTo: "default",
          expectedRefund: expected,
          action: "confirm",
        });
      expect(confirm.status).toBe(303);
      const page = await cashier.get(String(confirm.headers.location));
      expect(page.text).toContain("Cash ₹45.00");
      const cnId = /\/returns\/(\d+)/.exec(String(confirm.headers.location))?.[1];
      const pdf = await cashier
        .get(`/returns/${cnId}/pdf`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => cb(null, Buffer.concat(chunks)));
        });
      expect(pdf.status).toBe(200);
      const text = pdfText(new Uint8Array(pdf.body as Buffer));
      const cn = /CN\/\d{4}-\d{2}\/\d{5}/.exec(text)?.[0];
      expect(cn).toBeTruthy();
      expect(text).toContain(number);
      expect(text).toMatch(/CGST reversed @9%/);
      expect(text).not.toContain("DUPLICATE");
      const again = await cashier
        .get(`/returns/${cnId}/pdf?format=a4`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => cb(null, Buffer.concat(chunks)));
        });
      const a4 = pdfText(new Uint8Array(again.body as Buffer));
      expect(a4).toContain("DUPLICATE");
      expect(a4).toContain(number);
      // The line is not over-returned: 1 of 2 soaps left, the tea untouched.
      const after = await cashier.get(`/bills/${billId}/return`);
      expect(after.text).toContain(`name="qty_${teaLine}"`);
      const over = await cashier
        .post(`/bills/${billId}/return`)
        .type("form")
        .send({
          _csrf: csrf,
          [`qty_${soapLine}`]: "2",
          reason: "damaged",
          action: "confirm",
        });
      expect(over.status).toBe(409);
      expect(over.text).toContain("only 1 pc of 2 pcs sold can still be returned");
      // The bill page offers the return and lists the credit note; the owner cannot void it.
      const billPage = await cashier.get(`/bills/${billId}`);
      expect(billPage.text).toContain(`/bills/${billId}/return`);
      expect(billPage.text).toContain(cn ?? "none");
      const owner = await loginAs(t.app, OWNER.username, OWNER.password);
      const ownerPage = await owner.get(`/bills/${billId}`);
      const voidRes = await owner
        .post(`/bills/${billId}/void`)
        .type("form")
        .send({ _csrf: csrfFrom(ownerPage.text), reason: "customer returned" });
      expect(voidRes.status).toBe(409);
      expect((await checkLedger(db)).problems).toEqual([]);
    });

    it("the owner sets a cashier's return limits in settings; over them the form asks for the owner", async () => {
      const owner = await loginAs(t.app, OWNER.username, OWNER.password);
      const settings = await owner.get("/settings");
      expect(settings.text).toMatch(/name="maxReturnAmount"[^>]*value="2000.00"/);
      const save = (limits: Record<string, string>) =>
        owner
          .post("/settings")
          .type("form")
          .send({
            _csrf: csrfFrom(settings.text),
            name: "Sharma Kirana Store",
            gstin: "27ABCDE1234F1Z5",
            receiptFormat: "80mm",
            gstRates: "0, 5, 18, 40",
            pricesIncludeTax: "1",
            roundOff: "1",
            ...limits,
          });
      expect((await save({ maxReturnAmount: "lots", maxReturnDays: "7" })).status).toBe(400);
      expect((await save({ maxReturnAmount: "100", maxReturnDays: "3" })).status).toBe(303);
      const row = await db
        .selectFrom("shop_settings")
        .select(["max_return_amount", "max_return_days"])
        .executeTakeFirstOrThrow();
      expect([Number(row.max_return_amount), Number(row.max_return_days)]).toEqual([100_00, 3]);
      const { billId } = await sell(cashier, ["TEA"]);
      const form = await cashier.get(`/bills/${billId}/return`);
      const [line] = lineIds(form.text);
      const send = (extra: Record<string, string>) =>
        cashier
          .post(`/bills/${billId}/return`)
          .type("form")
          .send({
            _csrf: csrfFrom(form.text),
            [`qty_${line}`]: "1",
            reason: "other",
            action: "confirm",
            ...extra,
          });
      const refused = await send({});
      expect(refused.status).toBe(403);
      expect(refused.text).toContain("needs an owner");
      expect(refused.text).toContain('name="approverPassword"');
      const wrong = await send({ approverUsername: OWNER.username, approverPassword: "wrong-one" });
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('name="approverPassword"');
      expect(
        await db.selectFrom("credit_notes").select("id").where("bill_id", "=", billId).execute(),
      ).toEqual([]);
      const approved = await send({
        approverUsername: OWNER.username,
        approverPassword: OWNER.password,
      });
      expect(approved.status).toBe(303);
      const note = await db
        .selectFrom("credit_notes")
        .selectAll()
        .where("bill_id", "=", billId)
        .executeTakeFirstOrThrow();
      expect(note.approved_by).not.toBeNull();
      await save({ maxReturnAmount: "", maxReturnDays: "" });
    });

    it("bad input gets a message and a 4xx, never a 500; nothing is written", async () => {
      const { billId } = await sell(cashier, ["TEA"]);
      const form = await cashier.get(`/bills/${billId}/return`);
      const [line] = lineIds(form.text);
      const csrf = csrfFrom(form.text);
      for (const qty of ["-1", "abc", "1.5", "1e9", "99999999999"]) {
        const res = await cashier
          .post(`/bills/${billId}/return`)
          .type("form")
          .send({ _csrf: csrf, [`qty_${line}`]: qty, reason: "other", action: "confirm" });
        expect([400, 409]).toContain(res.status);
      }
      const noReason = await cashier
        .post(`/bills/${billId}/return`)
        .type("form")
        .send({ _csrf: csrf, [`qty_${line}`]: "1", reason: "<script>", action: "confirm" });
      expect(noReason.status).toBe(400);
      const notes = await db
        .selectFrom("credit_notes")
        .select("id")
        .where("bill_id", "=", billId)
        .execute();
      expect(notes).toEqual([]);
    });
  });
}
