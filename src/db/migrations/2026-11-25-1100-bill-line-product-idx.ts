import type { Kysely } from "kysely";

// The scan path looks up "this product's line on this bill". Without
// statistics SQLite chose bill_lines_product_idx for that, which for a
// best-seller walks hundreds of thousands of old lines; with both columns in
// one index the lookup is a single seek on either dialect.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("bill_lines_bill_product_idx")
    .on("bill_lines")
    .columns(["bill_id", "product_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("bill_lines_bill_product_idx").on("bill_lines").execute();
}
