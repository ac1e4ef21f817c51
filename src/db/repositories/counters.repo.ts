import { isSqlite } from "../dialect.ts";
import { isUniqueViolation } from "../errors.ts";
import type { Executor } from "../types.ts";
import { runRaw } from "./raw-rows.ts";

/**
 * Creates the counter row if missing (value 0). Run OUTSIDE the transaction
 * that takes numbers, so that transaction only ever updates an existing row.
 */
export async function ensureCounter(db: Executor, name: string): Promise<void> {
  const row = await db
    .selectFrom("counters")
    .select("name")
    .where("name", "=", name)
    .executeTakeFirst();
  if (row) return;
  try {
    await db.insertInto("counters").values({ name, value: 0 }).execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err; // another till created it first
  }
}

/**
 * Takes the next value of a counter inside the caller's transaction.
 * The UPDATE comes first: on MySQL/InnoDB it locks the row until commit, so
 * concurrent completions queue here and each reads its own increment; on
 * SQLite transactions are serialised anyway. A rollback undoes the increment,
 * so a number is only consumed by a committed bill (gapless). Portable SQL:
 * no FOR UPDATE needed. Returns null when the row does not exist.
 */
export async function takeNextValue(db: Executor, name: string): Promise<number | null> {
  // SQLite hands the new value back from the UPDATE itself (MySQL has no UPDATE … RETURNING).
  if (isSqlite(db)) {
    const row = await db
      .updateTable("counters")
      .set((eb) => ({ value: eb("value", "+", 1) }))
      .where("name", "=", name)
      .returning("value")
      .executeTakeFirst();
    return row ? Number(row.value) : null;
  }
  const updated = await db
    .updateTable("counters")
    .set((eb) => ({ value: eb("value", "+", 1) }))
    .where("name", "=", name)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return null;
  const row = await db
    .selectFrom("counters")
    .select("value")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/**
 * The counters row whose value is the cache generation: moved on by every
 * write that makes a per-process cache wrong (db/cache-generation.ts).
 */
export const CACHE_GENERATION = "cache:generation";

/** The cache generation as committed now (one primary-key read); 0 before the first write. */
export async function readCacheGeneration(db: Executor): Promise<number> {
  // Every request: SQL text (raw-rows.ts), no builder.
  const { rows } = await runRaw<{ value: number }>(db, GENERATION_TEXT, [CACHE_GENERATION]);
  return rows[0] ? Number(rows[0].value) : 0;
}

const GENERATION_TEXT = "SELECT `value` FROM `counters` WHERE `name` = ?";

/**
 * Moves the cache generation on inside the caller's transaction, so every
 * process sharing the database drops its caches on its next request — and
 * not before the write that called for it is committed. Callers bump after
 * their own write (one lock order: data row, then this row).
 */
export async function bumpCacheGeneration(trx: Executor): Promise<void> {
  const bump = () =>
    trx
      .updateTable("counters")
      .set((eb) => ({ value: eb("value", "+", 1) }))
      .where("name", "=", CACHE_GENERATION)
      .executeTakeFirst();
  if (Number((await bump()).numUpdatedRows) === 1) return;
  try {
    await trx.insertInto("counters").values({ name: CACHE_GENERATION, value: 1 }).execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err; // another process created it first
    await bump();
  }
}
