import { isUniqueViolation } from "../errors.ts";
import { inTransaction } from "../in-transaction.ts";
import type { Executor } from "../types.ts";
import { bumpCacheGeneration } from "./counters.repo.ts";

// A session that exists is cached by every process that served it
// (db/session-store.ts): changing or deleting one moves the cache generation
// in the same transaction, so no process keeps using the old row.

export async function readSession(
  db: Executor,
  sid: string,
  now: number,
): Promise<{ sess: string; expires: number } | undefined> {
  const row = await db
    .selectFrom("sessions")
    .select(["sess", "expires"])
    .where("sid", "=", sid)
    .where("expires", ">", now)
    .executeTakeFirst();
  return row ? { sess: row.sess, expires: Number(row.expires) } : undefined;
}

export async function writeSession(
  db: Executor,
  row: { sid: string; sess: string; expires: number; user_id: number | null },
): Promise<void> {
  // A changed session: the update and the generation move in one transaction.
  // A new one (a login) is a plain insert: no process can have cached it, and
  // an UPDATE that finds no row would hold a gap lock (MySQL) until its
  // transaction's insert, where two logins at once deadlock.
  const update = () =>
    inTransaction(db, async (trx) => {
      const updated = await trx
        .updateTable("sessions")
        .set({ sess: row.sess, expires: row.expires, user_id: row.user_id })
        .where("sid", "=", row.sid)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) await bumpCacheGeneration(trx);
      return Number(updated.numUpdatedRows) > 0;
    });
  const existing = await db
    .selectFrom("sessions")
    .select("sid")
    .where("sid", "=", row.sid)
    .executeTakeFirst();
  if (existing && (await update())) return;
  try {
    await db.insertInto("sessions").values(row).execute();
  } catch (err) {
    // Another request inserted the same sid between our read and insert.
    if (!isUniqueViolation(err)) throw err;
    await update();
  }
}

/**
 * Moves the expiry forward unless it already is within a minute of `expires`;
 * true when the row was written. No cache is wrong after it: a later expiry
 * only makes a cached row valid for longer than the cache believes.
 */
export async function touchSession(db: Executor, sid: string, expires: number): Promise<boolean> {
  const result = await db
    .updateTable("sessions")
    .set({ expires })
    .where("sid", "=", sid)
    .where("expires", "<", expires - 60_000)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteSession(db: Executor, sid: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const result = await trx.deleteFrom("sessions").where("sid", "=", sid).executeTakeFirst();
    if (Number(result.numDeletedRows) > 0) await bumpCacheGeneration(trx);
  });
}

/** Ends every session of a member at once, on every process (deactivation, password reset). */
export async function deleteSessionsOfUser(db: Executor, userId: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const result = await trx
      .deleteFrom("sessions")
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) > 0) await bumpCacheGeneration(trx);
  });
}

/** Expired rows: every cache already treats them as gone, so no generation move. */
export async function deleteExpiredSessions(db: Executor, now: number): Promise<void> {
  await db.deleteFrom("sessions").where("expires", "<=", now).execute();
}
