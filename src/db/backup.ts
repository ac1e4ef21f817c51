import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { ValidationError } from "../lib/errors.ts";
import type { AppDatabase } from "./database.ts";

/**
 * Backups of the embedded SQLite database through SQLite's online backup API
 * (consistent while bills are being completed; never a file copy). One
 * automatic backup a day, the last KEEP_DAILY kept. MySQL shops use mysqldump
 * (README).
 */
export const KEEP_DAILY = 14;
const AUTO_PREFIX = "auto-";

export interface BackupFile {
  name: string;
  bytes: number;
  createdAt: Date;
}

/** The extension of a backup file (and of a downloaded backup). */
export const BACKUP_EXT = ".sqlite";

/** True when this database can be backed up from the app (the embedded file database). */
export function hasInAppBackups(database: AppDatabase): boolean {
  return database.dialect === "sqlite" && database.sqlite !== undefined;
}

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, "backups");
}

function requireSqlite(database: AppDatabase): SQLite.Database {
  if (database.dialect !== "sqlite" || !database.sqlite) {
    throw new ValidationError(
      "Backups from the app are for the embedded SQLite database. For MySQL/MariaDB use mysqldump (see the README).",
    );
  }
  return database.sqlite;
}

/**
 * Writes an online backup to `file` (via a temporary name, so a half-written
 * file never appears). A backup holds every customer's phone number: only the
 * owner of the data directory may read it (0600, like the database itself).
 */
export async function backupTo(database: AppDatabase, file: string): Promise<void> {
  const handle = requireSqlite(database);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    await handle.backup(partial);
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

/** Checks that a file is an intact SQLite database of this app. */
export function verifyBackup(file: string): { ok: boolean; problem?: string } {
  if (!existsSync(file)) return { ok: false, problem: `No file at ${file}` };
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok")
      return { ok: false, problem: `Integrity check failed: ${String(integrity)}` };
    const table = db
      .prepare("select name from sqlite_master where type = 'table' and name = 'bills'")
      .get();
    if (!table)
      return { ok: false, problem: "This file is not a Smart Retail QR Billing database" };
    return { ok: true };
  } catch (err) {
    return { ok: false, problem: `Not a readable SQLite database: ${(err as Error).message}` };
  } finally {
    db?.close();
  }
}

export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(BACKUP_EXT))
    .map((name) => {
      const st = statSync(path.join(dir, name));
      return { name, bytes: st.size, createdAt: st.mtime };
    })
    .sort((a, b) => b.name.localeCompare(a.name));
}

/** Makes today's automatic backup if there is none yet and keeps the last KEEP_DAILY. */
/** The automatic backup of the (UTC) day `now` falls in. */
export function dailyBackupFile(dataDir: string, now = new Date()): string {
  return path.join(
    backupsDir(dataDir),
    `${AUTO_PREFIX}${now.toISOString().slice(0, 10)}${BACKUP_EXT}`,
  );
}

export async function ensureDailyBackup(
  database: AppDatabase,
  dataDir: string,
  now = new Date(),
): Promise<string | null> {
  if (database.dialect !== "sqlite") return null;
  const file = dailyBackupFile(dataDir, now);
  let made: string | null = null;
  if (!existsSync(file)) {
    await backupTo(database, file);
    made = file;
  }
  pruneDaily(dataDir);
  return made;
}

function pruneDaily(dataDir: string): void {
  const autos = listBackups(dataDir).filter((b) => b.name.startsWith(AUTO_PREFIX));
  for (const old of autos.slice(KEEP_DAILY))
    rmSync(path.join(backupsDir(dataDir), old.name), { force: true });
}

/** Runs ensureDailyBackup now and every hour while the app runs; returns a stop function. */
export function startBackupSchedule(
  database: AppDatabase,
  dataDir: string,
  onError: (err: unknown) => void,
): () => void {
  if (database.dialect !== "sqlite") return () => {};
  const run = () => void ensureDailyBackup(database, dataDir).catch(onError);
  run();
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Replaces the database file at `target` with the backup at `source` (the app
 * must be stopped). The current database is first saved beside it as
 * `pre-restore-<time>.sqlite`. Returns that safety copy's path.
 */
export async function restoreBackup(
  source: string,
  target: string,
  now = new Date(),
): Promise<string | null> {
  const check = verifyBackup(source);
  if (!check.ok) throw new ValidationError(check.problem ?? "Not a valid backup");
  let safety: string | null = null;
  if (existsSync(target)) {
    const current = new SQLite(target, { fileMustExist: true });
    try {
      // Fails while another process (the running app) holds a write transaction.
      current.pragma("wal_checkpoint(TRUNCATE)");
      const stamp = now.toISOString().replace(/[-:]/g, "").slice(0, 15);
      safety = path.join(path.dirname(target), `pre-restore-${stamp}.sqlite`);
      await current.backup(safety);
      chmodSync(safety, 0o600);
    } finally {
      current.close();
    }
  }
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  const src = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    await src.backup(target);
    chmodSync(target, 0o600);
  } finally {
    src.close();
  }
  return safety;
}
