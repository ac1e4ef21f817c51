import type { Kysely } from "kysely";

// Frozen in time: typed Kysely<any>, imports no app code, query builder only.
// One row per printed copy of a bill: the first is the original, later ones
// are reprints marked "DUPLICATE"; also answers "who reprinted this and when".

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("bill_prints")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("bill_id", "integer", (c) => c.notNull().references("bills.id"))
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("format", "varchar(8)", (c) => c.notNull())
    .addColumn("printed_at", "datetime", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("bill_prints_bill_idx")
    .on("bill_prints")
    .columns(["bill_id", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("bill_prints").ifExists().execute();
}
