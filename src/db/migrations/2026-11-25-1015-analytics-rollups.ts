import type { Kysely } from "kysely";

// Frozen in time: typed Kysely<any>, imports no app code, query builder only.
// Analytics rollups, maintained in the same transaction as the bill
// (applyBillToRollups in src/services/analytics/rollups.ts) and
// rebuildable from bills (`npm run stats:rebuild`). `day` is the shop-local
// date 'YYYY-MM-DD' of completed_at.

const money = "bigint";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sales_daily")
    .addColumn("day", "varchar(10)", (c) => c.primaryKey())
    .addColumn("bill_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("total", money, (c) => c.notNull().defaultTo(0))
    .addColumn("tax_total", money, (c) => c.notNull().defaultTo(0))
    .addColumn("paid_cash", money, (c) => c.notNull().defaultTo(0))
    .addColumn("paid_upi", money, (c) => c.notNull().defaultTo(0))
    .addColumn("paid_card", money, (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("product_daily")
    .addColumn("day", "varchar(10)", (c) => c.notNull())
    .addColumn("product_id", "integer", (c) => c.notNull())
    .addColumn("qty", money, (c) => c.notNull().defaultTo(0))
    .addColumn("revenue", money, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("product_daily_pk", ["day", "product_id"])
    .execute();

  await db.schema
    .createTable("product_totals")
    .addColumn("product_id", "integer", (c) => c.primaryKey())
    .addColumn("qty", money, (c) => c.notNull().defaultTo(0))
    .addColumn("revenue", money, (c) => c.notNull().defaultTo(0))
    .execute();
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

  // Range analytics aggregate completed bills per customer: a covering index
  // answers it without touching the bill rows.
  await db.schema
    .createIndex("bills_status_completed_cover_idx")
    .on("bills")
    .columns(["status", "completed_at", "customer_id", "total"])
    .execute();
  await db.schema.createIndex("bills_voided_idx").on("bills").column("voided_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("bills_voided_idx").on("bills").execute();
  await db.schema.dropIndex("bills_status_completed_cover_idx").on("bills").execute();
  for (const table of ["product_totals", "product_daily", "sales_daily"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
