/**
 * True when the database gave up on a lock so that another transaction could
 * finish: a MySQL/MariaDB deadlock victim or lock-wait timeout, or SQLite busy.
 * The transaction was rolled back as a whole; running it again is safe.
 */
export function isLockConflict(err: unknown): boolean {
  const e = err as { code?: string; errno?: number } | null;
  if (!e) return false;
  return (
    e.code === "ER_LOCK_DEADLOCK" ||
    e.errno === 1213 ||
    e.code === "ER_LOCK_WAIT_TIMEOUT" ||
    e.errno === 1205 ||
    e.code === "SQLITE_BUSY" ||
    // Another process committed after this transaction's first read: its snapshot is stale.
    e.code === "SQLITE_BUSY_SNAPSHOT"
  );
}

/**
 * Runs a whole transaction again when it lost a lock conflict. InnoDB picks a
 * deadlock victim among concurrent tills and rolls it back entirely (its
 * manual tells applications to retry); `run` must start the transaction
 * itself and read everything it needs inside it.
 */
export async function retryOnLockConflict<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (!isLockConflict(err) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, attempt * 10 + Math.random() * 40));
    }
  }
}
