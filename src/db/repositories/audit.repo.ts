import type { Insertable } from "kysely";
import type { AuditEntry, AuditLogTable, Executor } from "../types.ts";

export async function insertAudit(db: Executor, entry: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto("audit_log").values(entry).execute();
}

export async function countAuditSince(
  db: Executor,
  filter: { action: string; username?: string; ip?: string; since: string },
): Promise<number> {
  let q = db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("action", "=", filter.action)
    .where("created_at", ">=", filter.since);
  if (filter.username !== undefined) q = q.where("username", "=", filter.username);
  if (filter.ip !== undefined) q = q.where("ip", "=", filter.ip);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function latestAudit(
  db: Executor,
  filter: { action: string; username: string },
): Promise<AuditEntry | undefined> {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", filter.action)
    .where("username", "=", filter.username)
    .orderBy("id", "desc")
    .executeTakeFirst();
}

export async function listAudit(db: Executor, limit: number, offset = 0): Promise<AuditEntry[]> {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .orderBy("id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}
