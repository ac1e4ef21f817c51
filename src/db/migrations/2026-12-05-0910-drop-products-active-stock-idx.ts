import { type Kysely, MysqlAdapter } from "kysely";

// Frozen in time (Kysely<any>, query builder only). products_active_stock_idx
// (active, stock) served no query: the low-stock list compares two columns
// and walks (active, name) in name order. Every sale, return and stock change
// moved an entry in it (on the bench's 1M-product data set a 10-line
// completion wrote 51 of its 168 pages there).
export async function up(db: Kysely<any>): Promise<void> {
  // MySQL names the table (DROP INDEX … ON products); SQLite's index names are per database.
  const drop = db.schema.dropIndex("products_active_stock_idx");
  await (db.getExecutor().adapter instanceof MysqlAdapter ? drop.on("products") : drop).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("products_active_stock_idx")
    .on("products")
    .columns(["active", "stock"])
    .execute();
}
