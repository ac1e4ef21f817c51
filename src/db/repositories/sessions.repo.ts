import type { Executor } from "../types.ts";

export async function readSession(
  db: Executor,
  sid: string,
  now: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("sessions")
    .select("sess")
    .where("sid", "=", sid)
    .where("expires", ">", now)
    .executeTakeFirst();
  return row?.sess;
}

export async function writeSession(
  db: Executor,
  row: { sid: string; sess: string; expires: number; user_id: number | null },
): Promise<void> {
  const updated = await db
    .updateTable("sessions")
    .set({ sess: row.sess, expires: row.expires, user_id: row.user_id })
    .where("sid", "=", row.sid)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return;
  try {
    await db.insertInto("sessions").values(row).execute();
  } catch {
    // Another request inserted the same sid between our update and insert.
    await db
      .updateTable("sessions")
      .set({ sess: row.sess, expires: row.expires, user_id: row.user_id })
      .where("sid", "=", row.sid)
      .execute();
  }
}

/** Moves the expiry forward; skips the write when it moved by less than a minute. */
export async function touchSession(db: Executor, sid: string, expires: number): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ expires })
    .where("sid", "=", sid)
    .where("expires", "<", expires - 60_000)
    .execute();
}

export async function deleteSession(db: Executor, sid: string): Promise<void> {
  await db.deleteFrom("sessions").where("sid", "=", sid).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

export async function deleteExpiredSessions(db: Executor, now: number): Promise<void> {
  await db.deleteFrom("sessions").where("expires", "<=", now).execute();
}
