import type { Kysely } from "kysely";

// Frozen in time (Kysely<any>, query builder only). Each staff member's
// interface language ('en' | 'hi'), and the shop's receipt language
// ('en' | 'hi' | 'both': both lines on the receipt).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("language", "varchar(2)", (c) => c.notNull().defaultTo("en"))
    .execute();
  await db.schema
    .alterTable("shop_settings")
    .addColumn("receipt_language", "varchar(4)", (c) => c.notNull().defaultTo("en"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("shop_settings").dropColumn("receipt_language").execute();
  await db.schema.alterTable("users").dropColumn("language").execute();
}
