import type { Kysely } from "kysely";

// Frozen in time (Kysely<any>, query builder only). Remembers when a product's
// QR label was last printed, so the owner can print "all new" labels.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("products").addColumn("label_printed_at", "datetime").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("products").dropColumn("label_printed_at").execute();
}
