/**
 * Measures a 100,000-row catalogue import end to end (parse + validate,
 * compare, one-transaction write) on a throwaway database, and how long the
 * event loop was blocked meanwhile. Not a test: run under /usr/bin/time -v
 *   node --import tsx scripts/catalogue-import-measure.ts [rows] [sqlite|mysql]
 * (mysql uses MYSQL_URL and creates/drops its own database).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createConnection } from "mysql2/promise";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { withCheckDigit } from "../src/lib/barcodes.ts";
import { parseCatalogue } from "../src/services/catalogue/csv.ts";
import { classifyRows, importRows } from "../src/services/catalogue/import.ts";
import {
  lowStockProducts,
  type ProductQuery,
  searchProducts,
} from "../src/services/catalogue/products.ts";

const rows = Number(process.argv[2] ?? 100_000);
const dialect = (process.argv[3] ?? "sqlite") as "sqlite" | "mysql";

function makeCsv(n: number): string {
  const lines = [
    "\uFEFFcode,name,category,price,gst_percent,hsn,unit,stock,low_stock_level,active",
  ];
  for (let i = 0; i < n; i++) {
    const code = i % 3 === 0 ? `SKU-${i}` : withCheckDigit(`890${String(i).padStart(9, "0")}`);
    const price = `"${(1000 + (i % 900)).toLocaleString("en-IN")}.50"`;
    lines.push(
      `${code},"Product ${i}, pack of ${i % 12}",Cat ${i % 40},${price},${[0, 5, 18, 40][i % 4]},1006,${i % 10 === 0 ? "kg" : "pc"},${i % 50},5,yes`,
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

const dir = mkdtempSync(path.join(tmpdir(), "srqb-measure-"));
let url = "";
let dbName = "";
if (dialect === "mysql") {
  const base = new URL(process.env.MYSQL_URL ?? "");
  dbName = `srqb_m_${randomBytes(4).toString("hex")}`;
  const admin = await createConnection({ uri: base.toString() });
  await admin.query(
    `CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  await admin.end();
  base.pathname = `/${dbName}`;
  url = base.toString();
}
const database = openDatabase(
  dialect === "sqlite"
    ? { dialect, file: path.join(dir, "shop.sqlite") }
    : { dialect, url, database: dbName },
);
await migrateToLatest(database.db);

const csv = Buffer.from(makeCsv(rows), "utf8");
const lag = monitorEventLoopDelay({ resolution: 10 });
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

/** Another "request" meanwhile: a small indexed read every 100 ms; reports its worst wait. */
function probeQueries(): () => number {
  let worst = 0;
  let startedAt: number | null = null;
  const timer = setInterval(async () => {
    if (startedAt !== null) return;
    startedAt = performance.now();
    await database.db.selectFrom("products").select("id").where("code", "=", "NOPE").execute();
    worst = Math.max(worst, performance.now() - startedAt);
    startedAt = null;
  }, 100);
  return () => {
    clearInterval(timer);
    // A read still waiting when the phase ends counts with its wait so far.
    return Math.max(worst, startedAt === null ? 0 : performance.now() - startedAt);
  };
}

async function phase<T>(name: string, fn: () => Promise<T>): Promise<T> {
  lag.reset();
  lag.enable();
  const stopProbe = probeQueries();
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  lag.disable();
  const probe = stopProbe();
  console.log(
    `${name.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(6)} s | event-loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms | other query worst wait ${probe.toFixed(0)} ms | rss ${mb(process.memoryUsage().rss)}`,
  );
  return out;
}

console.log(`${rows.toLocaleString("en-IN")} rows, ${mb(csv.length)} CSV, ${dialect}`);
const parsed = await phase("parse + validate", () => parseCatalogue(csv, [0, 500, 1800, 4000]));
if (parsed.errorCount || parsed.fileError)
  throw new Error(
    `unexpected errors: ${parsed.fileError ?? JSON.stringify(parsed.errors.slice(0, 3))}`,
  );
await phase("preview (compare)", () => classifyRows(database.db, parsed.rows));
const result = await phase("import (stage + apply)", () =>
  importRows(database.db, { userId: null, username: "measure" }, parsed.rows),
);
console.log(JSON.stringify(result));
const again = await phase("re-import unchanged", () => classifyRows(database.db, parsed.rows));
console.log(
  `re-import: ${again.unchanged} unchanged, ${again.updated} updated, ${again.inserted} new`,
);

// The product list at this size: median of 5 runs per query (server side, no HTTP).
const searches: Array<[string, Partial<ProductQuery>]> = [
  ["first page", {}],
  ["page 1000", { page: 1000 }],
  ["name substring", { q: "pack of 7" }],
  ["rare name (no match)", { q: "zzzz" }],
  ["code prefix", { q: "8900000012" }],
  ["low stock", { lowStock: true }],
  ["GST 18%", { gst: "18" }],
  ["inactive", { status: "inactive" }],
];
for (const [label, q] of searches) {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await searchProducts(database.db, {
      q: "",
      status: "active",
      lowStock: false,
      gst: "",
      page: 1,
      ...q,
    });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`list: ${label.padEnd(22)} median ${times[2]?.toFixed(1)} ms`);
}
{
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await lowStockProducts(database.db);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`dashboard low-stock list     median ${times[2]?.toFixed(1)} ms`);
}
clearInterval(sampler);
console.log(`peak rss (sampled) ${mb(peakRss)}`);
await database.close();
rmSync(dir, { recursive: true, force: true });
if (dialect === "mysql") {
  const admin = await createConnection({ uri: process.env.MYSQL_URL ?? "" });
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.end();
}
