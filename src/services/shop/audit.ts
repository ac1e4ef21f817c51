import { insertAudit } from "../../db/repositories/audit.repo.ts";
import type { Executor } from "../../db/types.ts";
import { nowUtc } from "../../lib/utc-time.ts";

export interface Actor {
  userId: number | null;
  username: string | null;
  ip?: string | null;
}

/** Records a sensitive action (void, price change, stock adjust, staff change, login failure). */
export async function recordAudit(
  db: Executor,
  actor: Actor,
  action: string,
  target: { entity?: string; entityId?: string | number; detail?: unknown } = {},
): Promise<void> {
  await insertAudit(db, {
    user_id: actor.userId,
    username: actor.username,
    action,
    entity: target.entity ?? null,
    entity_id: target.entityId === undefined ? null : String(target.entityId),
    detail: target.detail === undefined ? null : JSON.stringify(target.detail),
    ip: actor.ip ?? null,
    created_at: nowUtc(),
  });
}
