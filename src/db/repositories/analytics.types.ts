import type { Kysely } from "kysely";
import type { Database, Executor } from "../types.ts";

/** Rollup tables of the analytics migration (2026-11-25-1015); `day` is the shop-local date. */
export interface SalesDailyTable {
  day: string;
  bill_count: number;
  total: number;
  tax_total: number;
  paid_cash: number;
  paid_upi: number;
  paid_card: number;
  return_count: number;
  return_total: number;
}

export interface ProductDailyTable {
  day: string;
  product_id: number;
  qty: number;
  revenue: number;
}

export interface ProductTotalsTable {
  product_id: number;
  qty: number;
  revenue: number;
}

export interface AnalyticsDatabase extends Database {
  sales_daily: SalesDailyTable;
  product_daily: ProductDailyTable;
  product_totals: ProductTotalsTable;
}

/** The same handle, typed with the rollup tables (kept here so types.ts stays the shared core). */
export function withRollups(db: Executor): Kysely<AnalyticsDatabase> {
  return db as unknown as Kysely<AnalyticsDatabase>;
}
