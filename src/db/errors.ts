import { type Msg, msg } from "../lib/i18n.ts";
import { isLockConflict } from "./retry.ts";

/** True when err is a unique-key violation on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  if (!e) return false;
  return (
    e.code === "SQLITE_CONSTRAINT_UNIQUE" ||
    e.code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    e.code === "ER_DUP_ENTRY" ||
    e.errno === 1062
  );
}

/** True when err means the database cannot be reached (server down, connection lost). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; fatal?: boolean } | null;
  if (!e) return false;
  return (
    e.code === "ECONNREFUSED" ||
    e.code === "PROTOCOL_CONNECTION_LOST" ||
    e.code === "ETIMEDOUT" ||
    e.code === "ECONNRESET" ||
    e.code === "EPIPE" ||
    e.code === "ER_CON_COUNT_ERROR" ||
    e.code === "ENOTFOUND" ||
    e.fatal === true
  );
}

/** How a request that failed on the database is answered: a 503 with a plain message. */
export interface StorageProblem {
  status: 503;
  title: Msg;
  message: Msg;
}

/**
 * Maps a driver error to what the shop is told: the database cannot be reached,
 * or it stayed busy with other tills after the retries (transient; the
 * transaction was rolled back whole, nothing was written). Null for anything else.
 */
export function storageProblem(err: unknown): StorageProblem | null {
  if (isConnectionError(err)) {
    return {
      status: 503,
      title: msg("errors:storage.unavailableTitle"),
      message: msg("errors:storage.unavailable"),
    };
  }
  if (isLockConflict(err)) {
    return {
      status: 503,
      title: msg("errors:storage.busyTitle"),
      message: msg("errors:storage.busy"),
    };
  }
  return null;
}
