import type { Kysely } from "kysely";

// A CSV import sets an existing product's stock only when the owner asked for
// it on the preview; the staged row then carries the stock the preview showed,
// and the import refuses if a sale or delivery moved it in between.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("product_import_rows").addColumn("stock_seen", "bigint").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("product_import_rows").dropColumn("stock_seen").execute();
}
