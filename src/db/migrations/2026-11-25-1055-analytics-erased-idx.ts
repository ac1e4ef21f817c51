import type { Kysely } from "kysely";

// Frozen in time: typed Kysely<any>, query builder only.
// Analytics' cache fingerprint counts erased customers: an index keeps that an
// index-only lookup instead of a scan of every customer.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("customers_erased_idx").on("customers").column("erased_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("customers_erased_idx").on("customers").execute();
}
