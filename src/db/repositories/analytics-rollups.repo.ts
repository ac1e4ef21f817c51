import type { Executor } from "../types.ts";
import { withRollups } from "./analytics.types.ts";

export interface SalesDelta {
  bill_count: number;
  total: number;
  tax_total: number;
  paid_cash: number;
  paid_upi: number;
  paid_card: number;
  /** Credit notes issued that day and their refunds (already netted out of the figures above). */
  return_count: number;
  return_total: number;
}

/** The sales_daily figures, in column order (the rebuild compares them). */
export const SALES_KEYS: Array<keyof SalesDelta> = [
  "bill_count",
  "total",
  "tax_total",
  "paid_cash",
  "paid_upi",
  "paid_card",
  "return_count",
  "return_total",
];

export interface ProductDelta {
  qty: number;
  revenue: number;
}

// What a completion or a void adds to the rollups: analytics-rollup-writes.repo.ts.

/** The bill fields and lines the rollups need. */
export async function billForRollup(db: Executor, billId: number) {
  const bill = await db
    .selectFrom("bills")
    .select([
      "id",
      "status",
      "completed_at",
      "total",
      "tax_total",
      "paid_cash",
      "paid_upi",
      "paid_card",
    ])
    .where("id", "=", billId)
    .executeTakeFirst();
  if (!bill) return undefined;
  const lines = await db
    .selectFrom("bill_lines")
    .select(["product_id", "qty", "line_total"])
    .where("bill_id", "=", billId)
    .execute();
  return { bill, lines };
}

export async function storedSalesDays(db: Executor) {
  return withRollups(db).selectFrom("sales_daily").selectAll().orderBy("day").execute();
}

export async function storedProductDay(db: Executor, day: string) {
  return withRollups(db)
    .selectFrom("product_daily")
    .select(["product_id", "qty", "revenue"])
    .where("day", "=", day)
    .execute();
}

/** Days holding a non-zero product row (a day whose only bill was voided keeps zeroed rows). */
export async function storedProductDays(db: Executor): Promise<string[]> {
  const rows = await withRollups(db)
    .selectFrom("product_daily")
    .select("day")
    .where((eb) => eb.or([eb("qty", "!=", 0), eb("revenue", "!=", 0)]))
    .distinct()
    .execute();
  return rows.map((r) => r.day);
}

export async function storedProductTotals(db: Executor) {
  return withRollups(db).selectFrom("product_totals").selectAll().execute();
}

/** Replaces one day's rollup rows. */
export async function replaceDay(
  db: Executor,
  day: string,
  sales: SalesDelta,
  products: Array<{ productId: number; qty: number; revenue: number }>,
): Promise<void> {
  const r = withRollups(db);
  await r.deleteFrom("sales_daily").where("day", "=", day).execute();
  await r.deleteFrom("product_daily").where("day", "=", day).execute();
  if (sales.bill_count !== 0 || sales.return_count !== 0)
    await r
      .insertInto("sales_daily")
      .values({ day, ...sales })
      .execute();
  for (let i = 0; i < products.length; i += 500) {
    const chunk = products.slice(i, i + 500);
    await r
      .insertInto("product_daily")
      .values(chunk.map((p) => ({ day, product_id: p.productId, qty: p.qty, revenue: p.revenue })))
      .execute();
  }
}

export async function replaceProductTotals(
  db: Executor,
  rows: Array<{ productId: number; qty: number; revenue: number }>,
): Promise<void> {
  const r = withRollups(db);
  await r.deleteFrom("product_totals").execute();
  for (let i = 0; i < rows.length; i += 500) {
    await r
      .insertInto("product_totals")
      .values(
        rows
          .slice(i, i + 500)
          .map((p) => ({ product_id: p.productId, qty: p.qty, revenue: p.revenue })),
      )
      .execute();
  }
}

export async function storedCustomerStats(db: Executor) {
  return db.selectFrom("customer_stats").selectAll().execute();
}

export async function writeCustomerStats(
  db: Executor,
  row: {
    customer_id: number;
    total_spent: number;
    bill_count: number;
    first_purchase_at: string | null;
    last_purchase_at: string | null;
  },
  exists: boolean,
): Promise<void> {
  if (exists) {
    const { customer_id, ...rest } = row;
    await db
      .updateTable("customer_stats")
      .set(rest)
      .where("customer_id", "=", customer_id)
      .execute();
  } else {
    await db.insertInto("customer_stats").values(row).execute();
  }
}
