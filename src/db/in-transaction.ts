import type { Db, Executor } from "./types.ts";

/** Runs `fn` in the caller's transaction when there is one, else in a transaction of its own. */
export function inTransaction<T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : (db as Db).transaction().execute(fn);
}
