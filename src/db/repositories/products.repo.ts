import { sql } from "kysely";
import { isUniqueViolation } from "../errors.ts";
import type { Executor, NewProduct, Product, ProductUpdate, StockMovement } from "../types.ts";
import { runRaw } from "./raw-rows.ts";

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
  // Every scan: SQL text (raw-rows.ts), no builder.
  return (await runRaw<Product>(db, "SELECT * FROM `products` WHERE `code` = ?", [code])).rows[0];
}

export interface ProductFilter {
  /** Name substring or code prefix (code already normalised by the caller). */
  q?: string;
  code?: string;
  status: "active" | "inactive" | "all";
  lowStock: boolean;
  gstRate?: number;
  /** Match the code prefix only (an index range), not names. */
  codeOnly?: boolean;
}

/** Escapes LIKE wildcards with '!' (an escape character both dialects accept the same way). */
function likeContains(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * One page of products ordered by name. Search: exact/prefix code match through
 * the unique code index (a range, so it works whatever LIKE's case rules are),
 * or a name substring (LIKE '%x%': a scan of the name index in name order that
 * stops once the page is full; bounded by LIMIT). Fetches limit+1 rows so the
 * caller knows whether a next page exists without a COUNT over 100k rows.
 */
export async function listProducts(
  db: Executor,
  filter: ProductFilter,
  limit: number,
  offset: number,
): Promise<Product[]> {
  let q = db.selectFrom("products").selectAll();
  if (filter.status === "active") q = q.where("active", "=", 1);
  if (filter.status === "inactive") q = q.where("active", "=", 0);
  if (filter.lowStock) q = q.whereRef("stock", "<=", "low_stock_level");
  if (filter.gstRate !== undefined) q = q.where("gst_rate", "=", filter.gstRate);
  if (filter.q) {
    const text = filter.q;
    const code = filter.code ?? text;
    q = filter.codeOnly
      ? q.where("code", ">=", code).where("code", "<", `${code}\u{10FFFF}`)
      : q.where((eb) =>
          eb.or([
            eb.and([eb("code", ">=", code), eb("code", "<", `${code}\u{10FFFF}`)]),
            sql<boolean>`${eb.ref("name")} like ${likeContains(text)} escape '!'`,
          ]),
        );
  }
  return q.orderBy("name").orderBy("id").limit(limit).offset(offset).execute();
}

export async function updateProductRow(
  db: Executor,
  id: number,
  changes: ProductUpdate,
): Promise<void> {
  await db.updateTable("products").set(changes).where("id", "=", id).execute();
}

/**
 * Active products at or below their low-stock level, by name. A comparison of
 * two columns cannot use an index, so this walks the (active, name) index and
 * stops once `limit` are found (sorting by "emptiest" would read every row).
 */
export async function listLowStock(db: Executor, limit: number): Promise<Product[]> {
  return db
    .selectFrom("products")
    .selectAll()
    .where("active", "=", 1)
    .whereRef("stock", "<=", "low_stock_level")
    .orderBy("name")
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function findProductsByIds(db: Executor, ids: number[]): Promise<Product[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("products").selectAll().where("id", "in", ids).orderBy("name").execute();
}

/** Active products whose label was never printed. */
export async function listUnlabelled(db: Executor, limit: number): Promise<Product[]> {
  return db
    .selectFrom("products")
    .selectAll()
    .where("active", "=", 1)
    .where("label_printed_at", "is", null)
    .orderBy("name")
    .limit(limit)
    .execute();
}

export async function markLabelsPrinted(db: Executor, ids: number[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable("products").set({ label_printed_at: at }).where("id", "in", ids).execute();
}

/** Products with any of these (normalised) codes. */
export async function findProductsByCodes(db: Executor, codes: string[]): Promise<Product[]> {
  if (codes.length === 0) return [];
  return db.selectFrom("products").selectAll().where("code", "in", codes).execute();
}

/** Products in id order after `afterId` (keyset paging for export). */
export async function productsAfter(
  db: Executor,
  afterId: number,
  limit: number,
): Promise<Product[]> {
  return db
    .selectFrom("products")
    .selectAll()
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
}

export interface MovementWithUser extends StockMovement {
  username: string | null;
}

/** A product's movements, newest first, with who made them. */
export async function listProductMovements(
  db: Executor,
  productId: number,
  limit: number,
  offset: number,
): Promise<MovementWithUser[]> {
  return db
    .selectFrom("stock_movements")
    .leftJoin("users", "users.id", "stock_movements.user_id")
    .selectAll("stock_movements")
    .select("users.display_name as username")
    .where("stock_movements.product_id", "=", productId)
    .orderBy("stock_movements.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * Reserves `count` consecutive numbers from a named counter in the caller's
 * transaction and returns the first. The counter row is created on first use.
 */
export async function reserveCounter(db: Executor, name: string, count: number): Promise<number> {
  const existing = await db
    .selectFrom("counters")
    .select("value")
    .where("name", "=", name)
    .executeTakeFirst();
  if (!existing) {
    try {
      await db.insertInto("counters").values({ name, value: 0 }).execute();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  // The UPDATE takes the row lock on MySQL, so concurrent reservations queue here.
  await db
    .updateTable("counters")
    .set((eb) => ({ value: eb("value", "+", count) }))
    .where("name", "=", name)
    .execute();
  const row = await db
    .selectFrom("counters")
    .select("value")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return Number(row.value) - count + 1;
}
