import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, MysqlDialect, type SqliteDatabase, SqliteDialect, sql } from "kysely";
import type * as Mysql2 from "mysql2";
import type { DatabaseTarget } from "../config.ts";
import { CHECKPOINT_FALLBACK_PAGES, Checkpointer } from "./checkpointer.ts";
import { countingMysqlPool, countingSqlite, StatementCounter } from "./statement-counter.ts";
import type { Database } from "./types.ts";

export type Dialect = "sqlite" | "mysql";

export interface AppDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** True when the database answers a trivial query. */
  ping(): Promise<boolean>;
  /** Closes connections; on SQLite checkpoints the WAL into the main file first. */
  close(): Promise<void>;
  /** The raw better-sqlite3 handle (backups), SQLite only. */
  sqlite?: SQLite.Database;
  /** Statements run so far, only when opened with countStatements (the bench). */
  statements?: StatementCounter;
}

export interface OpenOptions {
  /** Count every statement the driver runs (SRQB_COUNT_STATEMENTS=1); off, nothing is wrapped. */
  countStatements?: boolean;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; on the scan path that was
 * the largest single cost in the profile. This hands it a view of the handle
 * whose prepare() reuses compiled statements by SQL text (least recently used
 * dropped past STATEMENT_CACHE_SIZE). Safe because Kysely runs one query at a
 * time on this connection and SQLite re-prepares a statement itself after a
 * schema change.
 */
function withStatementCache(handle: SQLite.Database, onWrite: () => void): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
    } else {
      stmt = handle.prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
    }
    cache.set(source, stmt);
    if (!stmt.reader) onWrite();
    return stmt;
  };
  // All Kysely's driver calls; a plain object, as a Proxy's traps cost on every statement.
  return { prepare, close: () => handle.close() };
}

/**
 * The shop's file holds customers' phone numbers and staff password hashes:
 * readable by its owner only. Creating it 0600 first makes SQLite give its
 * -wal and -shm files the same mode; an older 0644 file is tightened.
 */
function ownerOnly(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, "a", 0o600));
  try {
    chmodSync(file, 0o600);
  } catch {
    // A file this user does not own (or a file system without modes): leave it.
  }
}

function openSqlite(file: string, statements?: StatementCounter): AppDatabase {
  if (file !== ":memory:") ownerOnly(file);
  const handle = new SQLite(file);
  handle.pragma("journal_mode = WAL");
  handle.pragma("foreign_keys = ON");
  handle.pragma("busy_timeout = 5000");
  handle.pragma("synchronous = NORMAL");
  // Checkpoints run on a worker thread; SQLite's own stays as the safety net (db/checkpointer.ts).
  const checkpointer = file === ":memory:" ? null : new Checkpointer(file);
  if (checkpointer) handle.pragma(`wal_autocheckpoint = ${CHECKPOINT_FALLBACK_PAGES}`);
  const cached = withStatementCache(handle, () => checkpointer?.wrote());
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({
      database: statements ? countingSqlite(cached, statements) : cached,
    }),
  });
  return {
    db,
    dialect: "sqlite",
    sqlite: handle,
    statements,
    ping: () => ping(db),
    async close() {
      await checkpointer?.close();
      await db.destroy();
      if (handle.open) {
        handle.pragma("wal_checkpoint(TRUNCATE)");
        handle.close();
      }
    },
  };
}

// mysql2 is loaded only for a MySQL database: a single-till SQLite shop never pays for it.
const require = createRequire(import.meta.url);

function openMysql(url: string, statements?: StatementCounter): AppDatabase {
  const { createPool } = require("mysql2") as typeof Mysql2;
  const pool = createPool({
    uri: url,
    charset: "utf8mb4",
    // Money is BIGINT paise: keep it exact, and hand SUM()/DECIMAL back as numbers.
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: true,
    // Times are stored and read as UTC strings, never as JS Dates.
    timezone: "Z",
    dateStrings: true,
    connectionLimit: 10,
    connectTimeout: 5000,
  });
  if (statements) countingMysqlPool(pool, statements);
  pool.on("connection", (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
  return { db, dialect: "mysql", statements, ping: () => ping(db), close: () => db.destroy() };
}

async function ping(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Opens the configured database (no migrations; see migrate.ts). */
export function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): AppDatabase {
  const statements = options.countStatements ? new StatementCounter() : undefined;
  return target.dialect === "sqlite"
    ? openSqlite(target.file, statements)
    : openMysql(target.url, statements);
}

/** "the sqlite database at /path" / "the mysql database at host:port", for start-up errors. */
export function describeTarget(target: DatabaseTarget): string {
  const where = target.dialect === "mysql" ? new URL(target.url).host : target.file;
  return `the ${target.dialect} database at ${where}`;
}

/** What /healthz reports about the database: which kind, and whether it answers. */
export async function databaseHealth(
  database: AppDatabase,
): Promise<{ ok: boolean; report: { dialect: Dialect; database: "ok" | "unavailable" } }> {
  const ok = await database.ping();
  return { ok, report: { dialect: database.dialect, database: ok ? "ok" : "unavailable" } };
}
