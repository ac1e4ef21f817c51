import { type Kysely, MysqlAdapter, sql } from "kysely";

// Frozen in time (Kysely<any>, query builder only). The analytics page sums
// what was sold on account and paid by store credit over a period
// (accounts.repo accountTendersBetween); over all time that read every
// completed bill (330 ms at 1M bills). On SQLite a partial index holds only
// the bills with such a tender, which the query names by the same literal
// condition; MySQL has no partial indexes, so there the index covers the
// query (status, completed_at and the two tenders).
export async function up(db: Kysely<any>): Promise<void> {
  const index = db.schema
    .createIndex("bills_account_tenders_idx")
    .on("bills")
    .columns(["status", "completed_at", "paid_account", "paid_store_credit"]);
  if (db.getExecutor().adapter instanceof MysqlAdapter) await index.execute();
  else await index.where(sql.raw<boolean>("paid_account > 0 or paid_store_credit > 0")).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const drop = db.schema.dropIndex("bills_account_tenders_idx");
  await (db.getExecutor().adapter instanceof MysqlAdapter ? drop.on("bills") : drop).execute();
}
