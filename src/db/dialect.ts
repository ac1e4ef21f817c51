import { SqliteAdapter } from "kysely";
import type { Executor } from "./types.ts";

/** True when the handle (or transaction) runs on SQLite, false on MySQL/MariaDB. */
export function isSqlite(db: Executor): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}
