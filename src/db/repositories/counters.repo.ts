import { isUniqueViolation } from "../errors.ts";
import type { Executor } from "../types.ts";

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
