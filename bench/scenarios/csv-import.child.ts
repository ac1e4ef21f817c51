/**
 * Child process of the csv-import scenario: reads a catalogue CSV (written by
 * the parent in the catalogue's own format), then checks and imports it into
 * a fresh, migrated database as the import page does (parse → compare →
 * import). Prints one JSON line: time and peak RSS (VmHWM).
 * Usage: node --import tsx csv-import.child.ts <databaseUrl> <file.csv> <rows>
 */
import { readFileSync } from "node:fs";
import { parseDatabaseUrl } from "../../src/config.ts";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { insertUser } from "../../src/db/repositories/users.repo.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { parseCatalogue } from "../../src/services/catalogue/csv.ts";
import { classifyRows, importRows } from "../../src/services/catalogue/import.ts";

const [url = "", csvFile = "", rowsArg = "100000"] = process.argv.slice(2);
const rows = Number(rowsArg);

function hwmMiB(): number {
  const m = readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

const database = openDatabase(parseDatabaseUrl(url, "/tmp"));
await migrateToLatest(database.db);
const now = nowUtc();
const ownerId = await insertUser(database.db, {
  username: "owner",
  display_name: "Owner",
  password_hash: "x",
  role: "owner",
  active: 1,
  created_at: now,
  updated_at: now,
});
// The upload as the server holds it: the file's bytes in memory.
const bytes = new Uint8Array(readFileSync(csvFile));
const rssBefore = hwmMiB();

const t0 = performance.now();
const parsed = await parseCatalogue(bytes, [0, 500, 1800, 4000]);
if (parsed.fileError || parsed.errorCount > 0) {
  console.log(JSON.stringify({ error: parsed.fileError ?? parsed.errors.slice(0, 3) }));
  process.exit(1);
}
const tParsed = performance.now();
const preview = await classifyRows(database.db, parsed.rows);
const tChecked = performance.now();
const result = await importRows(
  database.db,
  { userId: ownerId, username: "owner", ip: null },
  parsed.rows,
);
const t1 = performance.now();
await database.close();
console.log(
  JSON.stringify({
    rows,
    csvBytes: bytes.length,
    parseMs: tParsed - t0,
    checkMs: tChecked - tParsed,
    importMs: t1 - tChecked,
    totalMs: t1 - t0,
    inserted: result.inserted,
    preview: preview.inserted,
    peakRssMiB: hwmMiB(),
    rssBeforeImportMiB: rssBefore,
  }),
);
