import { isSqlite } from "../dialect.ts";
import type { Executor, StockMovement, StockMovementTable } from "../types.ts";
import { caseOf, placeholderList, placeholderRows, runRaw } from "./raw-rows.ts";

export interface StockChange {
  productId: number;
  /** Signed change in base units (negative for a sale). */
  change: number;
  reason: StockMovementTable["reason"];
  reference?: string | null;
  note?: string | null;
  userId?: number | null;
  createdAt: string;
}

/**
 * Applies a stock change and records its movement row, in the caller's
 * transaction. With `allowNegative` false the update is conditional
 * (`stock + change >= 0`), which is what stops concurrent sales overselling on
 * MySQL without FOR UPDATE; returns false (and writes nothing) when refused.
 */
export async function applyStockChange(
  db: Executor,
  change: StockChange,
  allowNegative = false,
): Promise<boolean> {
  let q = db
    .updateTable("products")
    .set((eb) => ({ stock: eb("stock", "+", change.change) }))
    .where("id", "=", change.productId);
  if (!allowNegative && change.change < 0) q = q.where("stock", ">=", -change.change);
  const result = await q.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await db
    .insertInto("stock_movements")
    .values({
      product_id: change.productId,
      change: change.change,
      reason: change.reason,
      reference: change.reference ?? null,
      note: change.note ?? null,
      user_id: change.userId ?? null,
      created_at: change.createdAt,
    })
    .execute();
  return true;
}

/**
 * A bill's sale, set-based (docs/architecture.md §6.5): for each chunk of
 * products ONE conditional UPDATE takes every product's quantity off —
 * `stock = stock - CASE id … END WHERE id IN (…) AND stock >= CASE id … END`,
 * the rule of applyStockChange (a sale never takes stock below zero), checked
 * row by row inside the statement. The affected-row count must equal the
 * number of distinct products in the chunk; a product without the stock is
 * not updated, so a short count means a refusal. On the server database the
 * UPDATE locks the rows in primary-key order (the IN list is a range scan of
 * the primary key): the lock order of the completion. Then the movement rows
 * in one insert. `sales` holds each product once (qty > 0). Returns false
 * when refused, having written updates the caller must roll back.
 */
export async function applySaleStock(
  db: Executor,
  sales: Array<{ productId: number; qty: number }>,
  movement: Omit<StockChange, "productId" | "change">,
): Promise<boolean> {
  const sorted = [...sales].sort((a, b) => a.productId - b.productId);
  for (let i = 0; i < sorted.length; i += PRODUCTS_PER_UPDATE) {
    const chunk = sorted.slice(i, i + PRODUCTS_PER_UPDATE);
    const pairs = chunk.flatMap((s) => [s.productId, s.qty]);
    const qtyOf = caseOf("id", chunk.length);
    const result = await runRaw(
      db,
      `UPDATE \`products\` SET \`stock\` = \`stock\` - ${qtyOf} WHERE \`id\` IN (${placeholderList(chunk.length)}) AND \`stock\` >= ${qtyOf}`,
      [...pairs, ...chunk.map((s) => s.productId), ...pairs],
    );
    if (Number(result.numAffectedRows) !== chunk.length) return false;
  }
  const changes = sorted.map((s) => ({ ...movement, productId: s.productId, change: -s.qty }));
  // In chunks, well below SQLite's bound-parameter limit (7 per row).
  for (let i = 0; i < changes.length; i += MOVEMENTS_PER_INSERT) {
    await insertMovements(db, changes.slice(i, i + MOVEMENTS_PER_INSERT));
  }
  return true;
}

/** Products per conditional UPDATE: 5 parameters each. */
const PRODUCTS_PER_UPDATE = 300;

const MOVEMENTS_PER_INSERT = 500;

async function insertMovements(db: Executor, changes: StockChange[]): Promise<void> {
  await runRaw(
    db,
    `INSERT INTO \`stock_movements\` (\`product_id\`, \`change\`, \`reason\`, \`reference\`, \`note\`, \`user_id\`, \`created_at\`) VALUES ${placeholderRows(changes.length, 7)}`,
    changes.flatMap((c) => [
      c.productId,
      c.change,
      c.reason,
      c.reference ?? null,
      c.note ?? null,
      c.userId ?? null,
      c.createdAt,
    ]),
  );
}

/**
 * A product's stock as it is now, inside the caller's transaction: for the
 * message of a refused change. On MySQL a plain SELECT reads the
 * transaction's snapshot (possibly older than the conditional update that
 * just refused); FOR UPDATE reads the latest committed row — which that
 * update has locked already. SQLite transactions are serialised.
 */
export async function currentStock(
  db: Executor,
  productId: number,
): Promise<{ stock: number; unit: "pc" | "kg" | "l" } | undefined> {
  let q = db.selectFrom("products").select(["stock", "unit"]).where("id", "=", productId);
  if (!isSqlite(db)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? { stock: Number(row.stock), unit: row.unit } : undefined;
}

export async function listMovements(
  db: Executor,
  productId: number,
  limit = 50,
  offset = 0,
): Promise<StockMovement[]> {
  return db
    .selectFrom("stock_movements")
    .selectAll()
    .where("product_id", "=", productId)
    .orderBy("id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Sum of a product's movements: must always equal its stock figure. */
export async function sumMovements(db: Executor, productId: number): Promise<number> {
  const row = await db
    .selectFrom("stock_movements")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("change"), eb.val(0)).as("total"))
    .where("product_id", "=", productId)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}
