import type { Kysely } from "kysely";

// Frozen in time (Kysely<any>, query builder only). Staging rows of a CSV
// import: written in short transactions while other requests keep running,
// then applied to products in ONE short set-based transaction. Plus the
// index the product list pages through.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("product_import_rows")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("job_id", "varchar(36)", (c) => c.notNull())
    .addColumn("kind", "varchar(8)", (c) => c.notNull()) // 'new' | 'update'
    .addColumn("row_no", "integer", (c) => c.notNull())
    .addColumn("code", "varchar(64)", (c) => c.notNull())
    .addColumn("name", "varchar(200)")
    .addColumn("category", "varchar(64)")
    .addColumn("price", "bigint")
    .addColumn("gst_rate", "integer")
    .addColumn("hsn", "varchar(8)")
    .addColumn("unit", "varchar(4)")
    .addColumn("stock", "bigint")
    .addColumn("low_stock_level", "bigint")
    .addColumn("active", "smallint")
    .addColumn("created_at", "datetime", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("product_import_rows_job_idx")
    .on("product_import_rows")
    .columns(["job_id", "kind", "code"])
    .execute();
  await db.schema
    .createIndex("product_import_rows_code_idx")
    .on("product_import_rows")
    .columns(["code", "job_id"])
    .execute();

  // The product list: active products in name order, read a page at a time.
  await db.schema
    .createIndex("products_active_name_idx")
    .on("products")
    .columns(["active", "name", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("products_active_name_idx").on("products").execute();
  await db.schema.dropTable("product_import_rows").ifExists().execute();
}
