import { isUniqueViolation } from "../errors.ts";
import type { Executor, UtcTime } from "../types.ts";

export interface ThrottleKey {
  username: string;
  client: string;
}

export async function findThrottle(db: Executor, key: ThrottleKey) {
  return db
    .selectFrom("login_throttle")
    .select(["failures", "locked_until"])
    .where("username", "=", key.username)
    .where("client", "=", key.client)
    .executeTakeFirst();
}

/**
 * Counts one more failure for the key, atomically (a count older than
 * `resetBefore` starts again at 1). Returns the new count.
 */
export async function addFailure(
  db: Executor,
  key: ThrottleKey,
  now: UtcTime,
  resetBefore: UtcTime,
): Promise<number> {
  const bump = () =>
    db
      .updateTable("login_throttle")
      .set((eb) => ({
        failures: eb
          .case()
          .when("last_failed_at", "<", resetBefore)
          .then(1)
          .else(eb("failures", "+", 1))
          .end(),
        last_failed_at: now,
      }))
      .where("username", "=", key.username)
      .where("client", "=", key.client)
      .executeTakeFirst();
  if (Number((await bump()).numUpdatedRows) === 0) {
    try {
      await db
        .insertInto("login_throttle")
        .values({ ...key, failures: 1, last_failed_at: now, locked_until: null })
        .execute();
    } catch (err) {
      // Another request from the same client inserted first: count on its row.
      if (!isUniqueViolation(err)) throw err;
      await bump();
    }
  }
  const row = await findThrottle(db, key);
  return Number(row?.failures ?? 1);
}

export async function setLockedUntil(
  db: Executor,
  key: ThrottleKey,
  until: UtcTime,
): Promise<void> {
  await db
    .updateTable("login_throttle")
    .set({ locked_until: until })
    .where("username", "=", key.username)
    .where("client", "=", key.client)
    .execute();
}

export async function clearThrottle(db: Executor, key: ThrottleKey): Promise<void> {
  await db
    .deleteFrom("login_throttle")
    .where("username", "=", key.username)
    .where("client", "=", key.client)
    .execute();
}

/** Every client's count for a username (the owner's console reset). */
export async function clearThrottleOfUser(db: Executor, username: string): Promise<void> {
  await db.deleteFrom("login_throttle").where("username", "=", username).execute();
}

/** Rows with no failure since `before` (a guesser that went away). */
export async function deleteStaleThrottles(db: Executor, before: UtcTime): Promise<void> {
  await db.deleteFrom("login_throttle").where("last_failed_at", "<", before).execute();
}
