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
