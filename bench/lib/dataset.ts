import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import { createConnection } from "mysql2/promise";
import type { DatabaseTarget } from "../../src/config.ts";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { migrations } from "../../src/db/migrations/index.ts";
import { hashPassword } from "../../src/services/shop/auth.ts";
import { BENCH_PASSWORD, GENERATOR_VERSION, type GenerateResult, generate } from "../generate.ts";
import type { BenchDialect, Scale } from "./options.ts";
import { mysqlWriter, sqliteWriter } from "./writer.ts";

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DATA_DIR = path.join(BENCH_DIR, "data");

const APPEND_ORDER_INDEXES = new Set([
  "bill_lines_bill_idx",
  "bills_completed_idx",
  "bills_status_completed_cover_idx",
  "bills_status_cashier_idx",
  "bills_open_for_uq",
  "bills_voided_idx",
]);

/**
 * Indexes whose keys arrive in random order but stay for the load anyway:
 * the ones every completion writes into. CREATE INDEX packs its leaves full,
 * and a full leaf splits on its first insert, so with these rebuilt after the
 * load every completion in the bench wrote 15–22 pages more than a shop's
 * (its indexes grew by inserts, leaves about two-thirds full): in-process,
 * 2.98–3.07 ms per 10-line completion against 2.69 ms with them kept. Kept,
 * they grow as a shop's did, and the load is no slower (111 s against 120 s).
 */
const GROWN_INDEXES = new Set([
  "stock_movements_product_idx",
  "product_totals_revenue_idx",
  "product_totals_qty_idx",
  "customer_stats_spent_idx",
  "customer_stats_last_idx",
]);

export interface Marker extends GenerateResult {
  dialect: BenchDialect;
  scale: string;
  seed: number;
  schemaVersion: string;
  generatorVersion: number;
  anchorDay: string;
  generatedAt: string;
  generationMs: number;
}

export interface Dataset {
  target: DatabaseTarget;
  /** SQLite: the generated file the run copy was made from (never opened by the server). */
  pristine?: string;
  marker: Marker;
  reused: boolean;
}

/** The schema a data set was made for: the names of the migrations it ran. */
export function schemaVersion(): string {
  return Object.keys(migrations).sort().join("|");
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function readMarker(file: string): Marker | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Marker;
  } catch {
    return null;
  }
}

/** A data set stays reusable for a week: the 90-day analytics window must still see its bills. */
function fresh(marker: Marker | null, scale: Scale, seed: number): marker is Marker {
  if (!marker) return false;
  const ageDays = (Date.parse(today()) - Date.parse(marker.anchorDay)) / 86_400_000;
  return (
    marker.scale === scale.name &&
    marker.seed === seed &&
    marker.schemaVersion === schemaVersion() &&
    marker.generatorVersion === GENERATOR_VERSION &&
    ageDays >= 0 &&
    ageDays <= 7
  );
}

function progressPrinter(): (stage: string, done: number, total: number) => void {
  const t0 = Date.now();
  return (stage, done, total) => {
    const s = ((Date.now() - t0) / 1000).toFixed(1);
    process.stderr.write(
      `  generate: ${stage} ${done.toLocaleString("en-IN")}/${total.toLocaleString("en-IN")} (${s} s)\n`,
    );
  };
}

/** Generates into an empty SQLite file at `file` (migrated first, bulk-loaded after). */
export async function generateSqlite(
  file: string,
  scale: Scale,
  seed: number,
  anchorDay: string,
  quiet = false,
) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const app = openDatabase({ dialect: "sqlite", file });
  await migrateToLatest(app.db);
  await app.close();
  // Bulk-load settings for the bench file only: no journal, no fsync, a big cache.
  const handle = new SQLite(file);
  handle.pragma("journal_mode = OFF");
  handle.pragma("synchronous = OFF");
  handle.pragma("foreign_keys = OFF");
  handle.pragma("cache_size = -1000000");
  handle.pragma("temp_store = MEMORY");
  handle.pragma("locking_mode = EXCLUSIVE");
  handle.pragma("threads = 2"); // the sorter behind CREATE INDEX may use a second core
  // Secondary indexes whose keys arrive in random order are dropped for the
  // load and re-created afterwards from their own CREATE INDEX text, so the
  // schema ends exactly as the migrations made it. Indexes the rows arrive in
  // order for (bill id, completion time, day) stay: appending to them is cheap;
  // so do the ones a completion writes into (GROWN_INDEXES).
  const indexes = (
    handle
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
      .all() as Array<{ name: string; sql: string }>
  ).filter((ix) => !APPEND_ORDER_INDEXES.has(ix.name) && !GROWN_INDEXES.has(ix.name));
  for (const ix of indexes) handle.exec(`DROP INDEX "${ix.name}"`);
  try {
    const result = await generate({
      writer: sqliteWriter(handle),
      scale,
      seed,
      anchorDay,
      passwordHash: await hashPassword(BENCH_PASSWORD),
      progress: quiet ? undefined : progressPrinter(),
    });
    const t0 = Date.now();
    for (const ix of indexes) handle.exec(ix.sql);
    if (!quiet)
      process.stderr.write(
        `  generate: indexes rebuilt (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`,
      );
    return result;
  } finally {
    // Back to the mode the app runs in.
    handle.pragma("journal_mode = WAL");
    handle.close();
  }
}

/** Generates into an empty, migrated MySQL database at `url`. */
export async function generateMysql(
  url: string,
  scale: Scale,
  seed: number,
  anchorDay: string,
  quiet = false,
) {
  const app = openDatabase({ dialect: "mysql", url, database: new URL(url).pathname.slice(1) });
  await migrateToLatest(app.db);
  await app.close();
  const conn = await createConnection({ uri: url, charset: "utf8mb4", timezone: "Z" });
  try {
    await conn.query("SET FOREIGN_KEY_CHECKS = 0");
    await conn.query("SET UNIQUE_CHECKS = 0");
    await conn.query("SET time_zone = '+00:00'");
    return await generate({
      writer: mysqlWriter(conn),
      scale,
      seed,
      anchorDay,
      passwordHash: await hashPassword(BENCH_PASSWORD),
      progress: quiet ? undefined : progressPrinter(),
    });
  } finally {
    await conn.end();
  }
}

export function mysqlBenchUrl(
  baseUrl: string,
  scale: Scale,
  seed: number,
): { url: string; name: string } {
  const name = `srqb_bench_${scale.name}_${seed}`;
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

async function mysqlHasData(baseUrl: string, name: string, bills: number): Promise<boolean> {
  const conn = await createConnection({ uri: baseUrl });
  try {
    const [rows] = await conn.query(
      "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'bills'",
      [name],
    );
    if (Number((rows as Array<{ n: number }>)[0]?.n) === 0) return false;
    const [max] = await conn.query(
      `SELECT MAX(id) AS m FROM \`${name}\`.bills WHERE number IS NOT NULL`,
    );
    return Number((max as Array<{ m: number }>)[0]?.m) >= bills;
  } finally {
    await conn.end();
  }
}

/**
 * The data set for (dialect, scale, seed): reused when its marker matches,
 * generated otherwise. SQLite runs on a copy of the pristine file, so every
 * run starts from the same data.
 */
export async function ensureDataset(opts: {
  dialect: BenchDialect;
  scale: Scale;
  seed: number;
  regenerate: boolean;
  mysqlUrl?: string;
}): Promise<Dataset> {
  mkdirSync(DATA_DIR, { recursive: true });
  const { dialect, scale, seed } = opts;
  const stem = `${dialect}-${scale.name}-${seed}`;
  const markerFile = path.join(DATA_DIR, `${stem}.json`);
  let marker = readMarker(markerFile);
  let reused = !opts.regenerate && fresh(marker, scale, seed);

  if (dialect === "sqlite") {
    const pristine = path.join(DATA_DIR, `${stem}.sqlite`);
    if (reused && !existsSync(pristine)) reused = false;
    if (!reused) {
      rmSync(markerFile, { force: true });
      const t0 = Date.now();
      const anchorDay = today();
      const result = await generateSqlite(pristine, scale, seed, anchorDay);
      marker = makeMarker(result, dialect, scale, seed, anchorDay, Date.now() - t0);
      writeFileSync(markerFile, JSON.stringify(marker, null, 2));
    }
    const run = path.join(DATA_DIR, `run-${stem}.sqlite`);
    for (const suffix of ["", "-wal", "-shm"]) rmSync(run + suffix, { force: true });
    copyFileSync(pristine, run);
    // Flushed before the server starts: otherwise the kernel writes the 1.7 GB copy back
    // during the measurements, and every WAL checkpoint's fsync waits for it (commits
    // measured ~0.9 ms instead of ~30 µs; the copy is the bench's set-up, not the shop's work).
    const fd = openSync(run, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return { target: { dialect: "sqlite", file: run }, pristine, marker: marker as Marker, reused };
  }

  const base = opts.mysqlUrl as string;
  const { url, name } = mysqlBenchUrl(base, scale, seed);
  if (reused && !(await mysqlHasData(base, name, (marker as Marker).maxIds.bills))) reused = false;
  if (!reused) {
    rmSync(markerFile, { force: true });
    const admin = await createConnection({ uri: base });
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await admin.end();
    const t0 = Date.now();
    const anchorDay = today();
    const result = await generateMysql(url, scale, seed, anchorDay);
    marker = makeMarker(result, dialect, scale, seed, anchorDay, Date.now() - t0);
    writeFileSync(markerFile, JSON.stringify(marker, null, 2));
  }
  return { target: { dialect: "mysql", url, database: name }, marker: marker as Marker, reused };
}

function makeMarker(
  result: GenerateResult,
  dialect: BenchDialect,
  scale: Scale,
  seed: number,
  anchorDay: string,
  generationMs: number,
): Marker {
  return {
    ...result,
    dialect,
    scale: scale.name,
    seed,
    schemaVersion: schemaVersion(),
    generatorVersion: GENERATOR_VERSION,
    anchorDay,
    generatedAt: new Date().toISOString(),
    generationMs,
  };
}
