import type { Executor } from "../types.ts";

/**
 * What the analytics tables should hold, recomputed from the documents (bills
 * and credit notes) for `npm run stats:rebuild` (services/analytics/rollups.ts).
 */

/**
 * Expected figures for [startUtc, endUtc), straight from the documents: the
 * bills completed in it, less the credit notes issued in it (a return counts
 * on the day of its credit note, like a sale on the day of its bill).
 */
export async function salesFromBills(db: Executor, startUtc: string, endUtc: string) {
  const s = await db
    .selectFrom("bills")
    .select((eb) => [
      eb.fn.countAll<number>().as("bill_count"),
      eb.fn.coalesce(eb.fn.sum<number>("total"), eb.lit(0)).as("total"),
      eb.fn.coalesce(eb.fn.sum<number>("tax_total"), eb.lit(0)).as("tax_total"),
      eb.fn.coalesce(eb.fn.sum<number>("paid_cash"), eb.lit(0)).as("paid_cash"),
      eb.fn.coalesce(eb.fn.sum<number>("paid_upi"), eb.lit(0)).as("paid_upi"),
      eb.fn.coalesce(eb.fn.sum<number>("paid_card"), eb.lit(0)).as("paid_card"),
    ])
    .where("status", "=", "completed")
    .where("completed_at", ">=", startUtc)
    .where("completed_at", "<", endUtc)
    .executeTakeFirstOrThrow();
  const r = await db
    .selectFrom("credit_notes")
    .select((eb) => [
      eb.fn.countAll<number>().as("n"),
      eb.fn.coalesce(eb.fn.sum<number>("total"), eb.lit(0)).as("total"),
      eb.fn.coalesce(eb.fn.sum<number>("tax_total"), eb.lit(0)).as("tax_total"),
      eb.fn.coalesce(eb.fn.sum<number>("refund_cash"), eb.lit(0)).as("cash"),
      eb.fn.coalesce(eb.fn.sum<number>("refund_upi"), eb.lit(0)).as("upi"),
      eb.fn.coalesce(eb.fn.sum<number>("refund_card"), eb.lit(0)).as("card"),
    ])
    .where("created_at", ">=", startUtc)
    .where("created_at", "<", endUtc)
    .executeTakeFirstOrThrow();
  const sold = await db
    .selectFrom("bill_lines as l")
    .innerJoin("bills as b", "b.id", "l.bill_id")
    .select((eb) => [
      "l.product_id",
      eb.fn.sum<number>("l.qty").as("qty"),
      eb.fn.sum<number>("l.line_total").as("revenue"),
    ])
    .where("b.status", "=", "completed")
    .where("b.completed_at", ">=", startUtc)
    .where("b.completed_at", "<", endUtc)
    .groupBy("l.product_id")
    .execute();
  const back = await db
    .selectFrom("credit_note_lines as l")
    .innerJoin("credit_notes as n", "n.id", "l.credit_note_id")
    .select((eb) => [
      "l.product_id",
      eb.fn.sum<number>("l.qty").as("qty"),
      eb.fn.sum<number>("l.line_total").as("revenue"),
    ])
    .where("n.created_at", ">=", startUtc)
    .where("n.created_at", "<", endUtc)
    .groupBy("l.product_id")
    .execute();
  const products = new Map<number, { qty: number; revenue: number }>();
  for (const [rows, sign] of [
    [sold, 1],
    [back, -1],
  ] as const) {
    for (const p of rows) {
      const id = Number(p.product_id);
      const t = products.get(id) ?? { qty: 0, revenue: 0 };
      t.qty += sign * Number(p.qty);
      t.revenue += sign * Number(p.revenue);
      products.set(id, t);
    }
  }
  return {
    sales: {
      bill_count: Number(s.bill_count),
      total: Number(s.total) - Number(r.total),
      tax_total: Number(s.tax_total) - Number(r.tax_total),
      paid_cash: Number(s.paid_cash) - Number(r.cash),
      paid_upi: Number(s.paid_upi) - Number(r.upi),
      paid_card: Number(s.paid_card) - Number(r.card),
      return_count: Number(r.n),
      return_total: Number(r.total),
    },
    // A product sold and returned the same day nets to nothing, as its rollup row does.
    products: [...products]
      .filter(([, p]) => p.qty !== 0 || p.revenue !== 0)
      .map(([productId, p]) => ({ productId, ...p })),
  };
}

/** Earliest and latest time of a completed bill or a credit note. */
export async function completedSpan(db: Executor) {
  const row = await db
    .selectFrom("bills")
    .select((eb) => [eb.fn.min("completed_at").as("first"), eb.fn.max("completed_at").as("last")])
    .where("status", "=", "completed")
    .executeTakeFirstOrThrow();
  const notes = await db
    .selectFrom("credit_notes")
    .select((eb) => [eb.fn.max("created_at").as("last")])
    .executeTakeFirstOrThrow();
  const last = [row.last, notes.last].filter(Boolean).sort().at(-1) as string | undefined;
  return { first: row.first as string | null, last: last ?? null };
}

/** Expected customer_stats rows: completed bills, less their credit notes' refunds (spend only). */
export async function customerStatsFromBills(db: Executor) {
  const rows = await db
    .selectFrom("bills")
    .select((eb) => [
      "customer_id",
      eb.fn.sum<number>("total").as("total_spent"),
      eb.fn.sum<number>("returned_total").as("returned"),
      eb.fn.countAll<number>().as("bill_count"),
      eb.fn.min("completed_at").as("first_purchase_at"),
      eb.fn.max("completed_at").as("last_purchase_at"),
    ])
    .where("status", "=", "completed")
    .where("customer_id", "is not", null)
    .groupBy("customer_id")
    .execute();
  return rows.map((r) => ({
    customer_id: Number(r.customer_id),
    total_spent: Number(r.total_spent) - Number(r.returned ?? 0),
    bill_count: Number(r.bill_count),
    first_purchase_at: r.first_purchase_at as string | null,
    last_purchase_at: r.last_purchase_at as string | null,
  }));
}
