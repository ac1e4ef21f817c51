import type { Kysely } from "kysely";

// One open bill per cashier, enforced by the database: `open_for` holds the
// cashier's id while the bill is open and NULL otherwise (held, completed,
// voided). A unique index allows many NULLs on SQLite and MySQL alike, so two
// tabs racing to start a bill cannot make two.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("bills").addColumn("open_for", "integer").execute();
  await db.schema
    .createIndex("bills_open_for_uq")
    .on("bills")
    .column("open_for")
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("bills_open_for_uq").on("bills").execute();
  await db.schema.alterTable("bills").dropColumn("open_for").execute();
}
