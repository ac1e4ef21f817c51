import { type Kysely, MysqlAdapter, sql } from "kysely";

// Frozen in time (Kysely<any>, query builder only). product_totals_revenue_idx
// and product_totals_qty_idx serve one question, the all-time top 10 products
// (analytics-sales.repo topProducts), yet held an entry for every product ever
// sold: a 10-line completion moved 20 entries in each, in random places (on the
// bench's 516,000 rows: ~320 µs of the upsert and ~170 µs of the commit, against
// 24 and 33 µs without them). On SQLite they become partial indexes over the
// products that can be near the top: revenue from ₹10,000 (1,000,000 paise),
// quantity from 1,000 (pieces, grams or millilitres); the query names the same
// literal floors and falls back to the whole table when fewer than ten products
// pass one. MySQL has no partial indexes: there they stay whole.
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof MysqlAdapter) return;
  await db.schema.dropIndex("product_totals_revenue_idx").execute();
  await db.schema.dropIndex("product_totals_qty_idx").execute();
  await db.schema
    .createIndex("product_totals_revenue_idx")
    .on("product_totals")
    .columns(["revenue", "product_id"])
    .where(sql.raw<boolean>("revenue >= 1000000"))
    .execute();
  await db.schema
    .createIndex("product_totals_qty_idx")
    .on("product_totals")
    .columns(["qty", "product_id"])
    .where(sql.raw<boolean>("qty >= 1000"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof MysqlAdapter) return;
  await db.schema.dropIndex("product_totals_revenue_idx").execute();
  await db.schema.dropIndex("product_totals_qty_idx").execute();
  await db.schema
    .createIndex("product_totals_revenue_idx")
    .on("product_totals")
    .columns(["revenue", "product_id"])
    .execute();
  await db.schema
    .createIndex("product_totals_qty_idx")
    .on("product_totals")
    .columns(["qty", "product_id"])
    .execute();
}
