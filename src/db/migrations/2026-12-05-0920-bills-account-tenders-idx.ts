import { type Kysely, MysqlAdapter, sql } from "kysely";

// Frozen in time (Kysely<any>, query builder only). The analytics page sums
// what was sold on account and paid by store credit over a period
// (accounts.repo accountTendersBetween); over all time that read every
// completed bill (at 1M bills: 330 ms on SQLite, 1.2 s on MariaDB). The query
// also asks for (paid_account > 0 or paid_store_credit > 0), which changes no
// sum: on SQLite a partial index under that same literal condition holds only
// the bills with such a tender; MySQL has no partial indexes, so there each
// tender has its own index and the two ranges are merged (index_merge union).
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof MysqlAdapter) {
    await db.schema
      .createIndex("bills_paid_account_idx")
      .on("bills")
      .column("paid_account")
      .execute();
    await db.schema
      .createIndex("bills_paid_store_credit_idx")
      .on("bills")
      .column("paid_store_credit")
      .execute();
    return;
  }
  await db.schema
    .createIndex("bills_account_tenders_idx")
    .on("bills")
    .columns(["status", "completed_at", "paid_account", "paid_store_credit"])
    .where(sql.raw<boolean>("paid_account > 0 or paid_store_credit > 0"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof MysqlAdapter) {
    await db.schema.dropIndex("bills_paid_account_idx").on("bills").execute();
    await db.schema.dropIndex("bills_paid_store_credit_idx").on("bills").execute();
    return;
  }
  await db.schema.dropIndex("bills_account_tenders_idx").execute();
}
