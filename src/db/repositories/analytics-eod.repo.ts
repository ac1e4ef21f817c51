import type { Executor } from "../types.ts";

/** Bills completed in [startUtc, endUtc) (status completed or since voided), oldest first. */
export async function billsCompletedBetween(
  db: Executor,
  startUtc: string,
  endUtc: string,
  limit: number,
) {
  return db
    .selectFrom("bills as b")
    .leftJoin("users as u", "u.id", "b.cashier_id")
    .leftJoin("customers as c", "c.id", "b.customer_id")
    .select([
      "b.id",
      "b.number",
      "b.status",
      "b.completed_at",
      "b.total",
      "b.tax_total",
      "b.payment_mode",
      "b.paid_cash",
      "b.paid_upi",
      "b.paid_card",
      "b.cashier_id",
      "u.display_name as cashier",
      "c.name as customer",
      "c.erased_at as customer_erased_at",
    ])
    .where("b.completed_at", ">=", startUtc)
    .where("b.completed_at", "<", endUtc)
    .where("b.status", "in", ["completed", "voided"])
    .orderBy("b.completed_at")
    .orderBy("b.id")
    .limit(limit)
    .execute();
}

/** Totals per cashier of the completed bills in the window. */
export async function totalsByCashier(db: Executor, startUtc: string, endUtc: string) {
  const rows = await db
    .selectFrom("bills as b")
    .leftJoin("users as u", "u.id", "b.cashier_id")
    .select((eb) => [
      "b.cashier_id",
      eb.fn.max("u.display_name").as("cashier"),
      eb.fn.countAll<number>().as("bills"),
      eb.fn.sum<number>("b.total").as("total"),
      eb.fn.sum<number>("b.paid_cash").as("cash"),
      eb.fn.sum<number>("b.paid_upi").as("upi"),
      eb.fn.sum<number>("b.paid_card").as("card"),
      eb.fn.sum<number>("b.paid_account").as("account"),
      eb.fn.sum<number>("b.paid_store_credit").as("store_credit"),
      eb.fn.sum<number>("b.line_discount_total").as("line_discounts"),
      eb.fn.sum<number>("b.bill_discount").as("bill_discounts"),
      eb.fn.count<number>("b.discount_approved_by").as("approved"),
    ])
    .where("b.status", "=", "completed")
    .where("b.completed_at", ">=", startUtc)
    .where("b.completed_at", "<", endUtc)
    .groupBy("b.cashier_id")
    .orderBy("b.cashier_id")
    .execute();
  return rows.map((r) => ({
    cashierId: Number(r.cashier_id),
    cashier: (r.cashier as string | null) ?? `User #${r.cashier_id}`,
    bills: Number(r.bills),
    total: Number(r.total),
    cash: Number(r.cash),
    upi: Number(r.upi),
    card: Number(r.card),
    /** Sold on account (udhaar): no money in the drawer. */
    account: Number(r.account),
    storeCredit: Number(r.store_credit),
    lineDiscounts: Number(r.line_discounts),
    billDiscounts: Number(r.bill_discounts),
    /** Bills on which an owner approved a discount over the cashier's limit. */
    approved: Number(r.approved),
  }));
}

/** GST per rate from the lines of the completed bills in the window. */
export async function gstByRate(db: Executor, startUtc: string, endUtc: string) {
  const rows = await db
    .selectFrom("bill_lines as l")
    .innerJoin("bills as b", "b.id", "l.bill_id")
    .select((eb) => [
      "l.tax_rate",
      eb.fn.sum<number>("l.taxable_value").as("taxable"),
      eb.fn.sum<number>("l.tax_amount").as("tax"),
      eb.fn.sum<number>("l.line_total").as("gross"),
    ])
    .where("b.status", "=", "completed")
    .where("b.completed_at", ">=", startUtc)
    .where("b.completed_at", "<", endUtc)
    .groupBy("l.tax_rate")
    .orderBy("l.tax_rate")
    .execute();
  return rows.map((r) => ({
    rate: Number(r.tax_rate),
    taxable: Number(r.taxable),
    tax: Number(r.tax),
    gross: Number(r.gross),
  }));
}

/** Bills voided in [startUtc, endUtc), whenever they were sold. */
export async function voidsBetween(db: Executor, startUtc: string, endUtc: string) {
  return db
    .selectFrom("bills as b")
    .leftJoin("users as u", "u.id", "b.voided_by")
    .select([
      "b.id",
      "b.number",
      "b.total",
      "b.completed_at",
      "b.voided_at",
      "b.void_reason",
      "u.display_name as voided_by_name",
    ])
    .where("b.voided_at", ">=", startUtc)
    .where("b.voided_at", "<", endUtc)
    .where("b.status", "=", "voided")
    .orderBy("b.voided_at")
    .execute();
}

/** Credit notes issued in [startUtc, endUtc), whenever their bills were sold, oldest first. */
export async function creditNotesBetween(db: Executor, startUtc: string, endUtc: string) {
  const rows = await db
    .selectFrom("credit_notes as n")
    .innerJoin("bills as b", "b.id", "n.bill_id")
    .leftJoin("users as u", "u.id", "n.cashier_id")
    .select([
      "n.id",
      "n.number",
      "n.created_at",
      "n.cashier_id",
      "u.display_name as cashier",
      "b.number as bill_number",
      "n.total",
      "n.tax_total",
      "n.refund_cash",
      "n.refund_upi",
      "n.refund_card",
      "n.refund_store_credit",
      "n.refund_exchange",
      "n.refund_account",
      "n.approved_by",
    ])
    .where("n.created_at", ">=", startUtc)
    .where("n.created_at", "<", endUtc)
    .orderBy("n.created_at")
    .orderBy("n.id")
    .execute();
  const n = (v: unknown) => Number(v ?? 0);
  return rows.map((r) => ({
    id: n(r.id),
    number: r.number,
    createdAt: r.created_at,
    cashierId: n(r.cashier_id),
    cashier: r.cashier ?? `User #${r.cashier_id}`,
    billNumber: r.bill_number,
    total: n(r.total),
    tax: n(r.tax_total),
    cash: n(r.refund_cash),
    upi: n(r.refund_upi),
    card: n(r.refund_card),
    storeCredit: n(r.refund_store_credit),
    exchange: n(r.refund_exchange),
    account: n(r.refund_account),
    approved: r.approved_by !== null,
  }));
}

/** GST reversed per rate by the credit notes issued in the window. */
export async function gstReversedByRate(db: Executor, startUtc: string, endUtc: string) {
  const rows = await db
    .selectFrom("credit_note_lines as l")
    .innerJoin("credit_notes as n", "n.id", "l.credit_note_id")
    .select((eb) => [
      "l.tax_rate",
      eb.fn.sum<number>("l.taxable_value").as("taxable"),
      eb.fn.sum<number>("l.tax_amount").as("tax"),
      eb.fn.sum<number>("l.line_total").as("gross"),
    ])
    .where("n.created_at", ">=", startUtc)
    .where("n.created_at", "<", endUtc)
    .groupBy("l.tax_rate")
    .orderBy("l.tax_rate")
    .execute();
  return rows.map((r) => ({
    rate: Number(r.tax_rate),
    taxable: Number(r.taxable),
    tax: Number(r.tax),
    gross: Number(r.gross),
  }));
}
