import type { Insertable } from "kysely";
import type { CreditNoteLineTable, CreditNoteTable } from "../return-types.ts";
import type { BillLine, CreditNote, CreditNoteLine, Executor } from "../types.ts";

/**
 * Credit notes (services/returns). The two statements that decide concurrent
 * returns are here: `claimBillForReturn` (the bill row, first, so returns of
 * one bill queue and a void cannot slip in between) and `takeReturnQty` (the
 * conditional update that never lets a line's returned quantity pass what was
 * sold, checked through the affected-row count, on MySQL as on SQLite).
 */

/** Counts a return on a completed bill; false when the bill is not completed (voided, open…). */
export async function claimBillForReturn(db: Executor, billId: number): Promise<boolean> {
  const result = await db
    .updateTable("bills")
    .set((eb) => ({ return_count: eb("return_count", "+", 1) }))
    .where("id", "=", billId)
    .where("status", "=", "completed")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Adds a credit note's refund to its bill's returned total (the bill row is claimed). */
export async function addReturnedTotal(db: Executor, billId: number, amount: number) {
  await db
    .updateTable("bills")
    .set((eb) => ({ returned_total: eb("returned_total", "+", amount) }))
    .where("id", "=", billId)
    .execute();
}

/** Returns `qty` more of a bill line while returned + qty ≤ sold; false (nothing written) otherwise. */
export async function takeReturnQty(
  db: Executor,
  billId: number,
  lineId: number,
  qty: number,
): Promise<boolean> {
  const result = await db
    .updateTable("bill_lines")
    .set((eb) => ({ returned_qty: eb("returned_qty", "+", qty) }))
    .where("id", "=", lineId)
    .where("bill_id", "=", billId)
    .where((eb) => eb(eb("returned_qty", "+", qty), "<=", eb.ref("qty")))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function findBillLine(db: Executor, billId: number, lineId: number) {
  return (await db
    .selectFrom("bill_lines")
    .selectAll()
    .where("id", "=", lineId)
    .where("bill_id", "=", billId)
    .executeTakeFirst()) as BillLine | undefined;
}

/** What this bill's credit notes took so far: line totals and each refund mode. */
export async function returnedSoFar(db: Executor, billId: number) {
  const row = await db
    .selectFrom("credit_notes")
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("total"), eb.lit(0)).as("total"),
      eb.fn.coalesce(eb.fn.sum<number>("round_off"), eb.lit(0)).as("round_off"),
      eb.fn.coalesce(eb.fn.sum<number>("refund_cash"), eb.lit(0)).as("cash"),
      eb.fn.coalesce(eb.fn.sum<number>("refund_upi"), eb.lit(0)).as("upi"),
      eb.fn.coalesce(eb.fn.sum<number>("refund_card"), eb.lit(0)).as("card"),
      eb.fn.coalesce(eb.fn.sum<number>("refund_store_credit"), eb.lit(0)).as("store_credit"),
      eb.fn.coalesce(eb.fn.sum<number>("refund_exchange"), eb.lit(0)).as("exchange"),
      eb.fn.coalesce(eb.fn.sum<number>("refund_account"), eb.lit(0)).as("account"),
    ])
    .where("bill_id", "=", billId)
    .executeTakeFirstOrThrow();
  const n = (v: unknown) => Number(v ?? 0);
  return {
    lineTotal: n(row.total) - n(row.round_off),
    refunded: {
      cash: n(row.cash),
      upi: n(row.upi),
      card: n(row.card),
      store_credit: n(row.store_credit),
      exchange: n(row.exchange),
      account: n(row.account),
    },
  };
}

export async function insertCreditNote(
  db: Executor,
  row: Insertable<CreditNoteTable>,
): Promise<number> {
  const result = await db.insertInto("credit_notes").values(row).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function insertCreditNoteLines(
  db: Executor,
  rows: Insertable<CreditNoteLineTable>[],
): Promise<void> {
  if (rows.length) await db.insertInto("credit_note_lines").values(rows).execute();
}

/** A credit note with the names and the original bill its document shows. */
export async function findCreditNoteWithPeople(db: Executor, id: number) {
  return db
    .selectFrom("credit_notes as n")
    .innerJoin("bills as b", "b.id", "n.bill_id")
    .innerJoin("users as u", "u.id", "n.cashier_id")
    .leftJoin("users as a", "a.id", "n.approved_by")
    .leftJoin("customers as c", "c.id", "n.customer_id")
    .leftJoin("bills as x", "x.id", "n.exchange_bill_id")
    .selectAll("n")
    .select([
      "b.number as bill_number",
      "b.completed_at as bill_completed_at",
      "u.display_name as cashier_name",
      "a.display_name as approved_by_name",
      "c.name as customer_name",
      "c.phone as customer_phone",
      "c.erased_at as customer_erased_at",
      "x.number as exchange_bill_number",
    ])
    .where("n.id", "=", id)
    .executeTakeFirst();
}

export type CreditNoteWithPeople = NonNullable<
  Awaited<ReturnType<typeof findCreditNoteWithPeople>>
>;

export async function listCreditNoteLines(db: Executor, id: number): Promise<CreditNoteLine[]> {
  return db
    .selectFrom("credit_note_lines")
    .selectAll()
    .where("credit_note_id", "=", id)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** A bill's credit notes, oldest first. */
export async function creditNotesOfBill(db: Executor, billId: number): Promise<CreditNote[]> {
  return db
    .selectFrom("credit_notes")
    .selectAll()
    .where("bill_id", "=", billId)
    .orderBy("id")
    .execute();
}

/** Logs a printed copy; returns its row id and copy number (1 = the original). */
export async function insertCreditNotePrint(
  db: Executor,
  row: { credit_note_id: number; user_id: number | null; format: string; printed_at: string },
): Promise<{ id: number; copy: number }> {
  const result = await db.insertInto("credit_note_prints").values(row).executeTakeFirstOrThrow();
  const id = Number(result.insertId);
  const before = await db
    .selectFrom("credit_note_prints")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("credit_note_id", "=", row.credit_note_id)
    .where("id", "<=", id)
    .executeTakeFirstOrThrow();
  return { id, copy: Number(before.n) };
}

export async function deleteCreditNotePrint(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("credit_note_prints").where("id", "=", id).execute();
}

export async function countCreditNotePrints(db: Executor, id: number): Promise<number> {
  const row = await db
    .selectFrom("credit_note_prints")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("credit_note_id", "=", id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
