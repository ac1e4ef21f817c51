import type { Executor, NewProduct, Product } from "../types.ts";

/** Inserts a product and returns its id (insertId: MySQL has no RETURNING). */
export async function insertProduct(db: Executor, row: NewProduct): Promise<number> {
  const result = await db.insertInto("products").values(row).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function findProductById(db: Executor, id: number): Promise<Product | undefined> {
  return db.selectFrom("products").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Exact lookup by the normalised code (unique index): the scan path. */
export async function findProductByCode(db: Executor, code: string): Promise<Product | undefined> {
  return db.selectFrom("products").selectAll().where("code", "=", code).executeTakeFirst();
}
