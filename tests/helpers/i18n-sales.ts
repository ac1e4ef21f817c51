import { expect } from "vitest";
import type { Agent, TestApp } from "./app.ts";
import { csrfFrom } from "./app.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "./till.ts";

/**
 * The sales data the Hindi pages test looks at (tests/integration/i18n-pages.test.ts):
 * three bills sold by a Hindi-speaking cashier — one with a return (its credit
 * note), one the owner voids, one left as it is.
 */
export async function sellInHindi(
  t: TestApp,
  owner: Agent,
  cashier: Agent,
  products: { code: string; name: string }[],
  voidReason: string,
): Promise<{
  returnedBill: number;
  creditNote: number;
  creditNoteNumber: string;
  voidedBill: number;
  plainBill: number;
}> {
  const db = t.database.db;
  for (const p of products) await seedProduct(db, { ...p, price: 4_500, stock: 50 });
  const token = await tillToken(cashier);
  async function sell(): Promise<number> {
    let html = "";
    for (const p of products)
      html = (await tillPost(cashier, token, "/till/scan", { code: p.code })).text;
    const billId = billIdFrom(html);
    const done = await tillPost(cashier, token, "/till/complete", {
      billId: String(billId),
      mode: "cash",
    });
    expect(done.status).toBe(200);
    return billId;
  }
  const [returnedBill, voidedBill, plainBill] = [await sell(), await sell(), await sell()];

  const form = await cashier.get(`/bills/${returnedBill}/return`);
  const line = /name="qty_(\d+)"/.exec(form.text)?.[1];
  const body = { _csrf: csrfFrom(form.text), [`qty_${line}`]: "1", reason: "damaged" };
  const preview = await cashier
    .post(`/bills/${returnedBill}/return`)
    .type("form")
    .send({ ...body, action: "preview" });
  const expectedRefund = /name="expectedRefund" value="(\d+)"/.exec(preview.text)?.[1];
  const done = await cashier
    .post(`/bills/${returnedBill}/return`)
    .type("form")
    .send({ ...body, expectedRefund, action: "confirm" });
  expect(done.status).toBe(303);
  const creditNote = Number(/\/returns\/(\d+)/.exec(done.headers.location ?? "")?.[1]);

  const page = await owner.get(`/bills/${voidedBill}`);
  const voided = await owner
    .post(`/bills/${voidedBill}/void`)
    .type("form")
    .send({ _csrf: csrfFrom(page.text), reason: voidReason });
  expect(voided.status).toBe(303);
  const { number: creditNoteNumber } = await db
    .selectFrom("credit_notes")
    .select("number")
    .where("id", "=", creditNote)
    .executeTakeFirstOrThrow();
  return { returnedBill, creditNote, creditNoteNumber, voidedBill, plainBill };
}
