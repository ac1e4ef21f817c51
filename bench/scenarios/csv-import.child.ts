/**
 * Child process of the csv-import scenario: reads a catalogue CSV (written by
 * the parent in the catalogue's own format), then checks and imports it into
 * a fresh, migrated database through the import page's own jobs
 * (startImportCheck: parse + compare, then startImport: the rows are read
 * again from the upload as they are staged). Prints one JSON line: time and
 * peak RSS (VmHWM).
 * Usage: node --import tsx csv-import.child.ts <databaseUrl> <file.csv> <rows>
 */
import { readFileSync } from "node:fs";
import { parseDatabaseUrl } from "../../src/config.ts";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { insertUser } from "../../src/db/repositories/users.repo.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import {
  startImport,
  startImportCheck,
  waitForJob,
} from "../../src/services/catalogue/import-jobs.ts";

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

const actor = { userId: ownerId, username: "owner", ip: null };
const fail = (err: unknown) => {
  console.error(err);
  process.exit(1);
};
const t0 = performance.now();
const checked = await waitForJob(
  startImportCheck(database.db, actor, "catalogue.csv", bytes, [0, 500, 1800, 4000], fail),
);
if (checked.state !== "preview") {
  console.log(JSON.stringify({ error: checked.fileError ?? checked.errors.slice(0, 3) }));
  process.exit(1);
}
const tChecked = performance.now();
const imported = await waitForJob(startImport(database.db, actor, checked.id, fail));
const t1 = performance.now();
const result = imported.result ?? { inserted: 0 };
await database.close();
console.log(
  JSON.stringify({
    rows,
    csvBytes: bytes.length,
    checkMs: tChecked - t0,
    importMs: t1 - tChecked,
    totalMs: t1 - t0,
    inserted: result.inserted,
    failure: imported.failure,
    preview: checked.preview?.inserted ?? 0,
    peakRssMiB: hwmMiB(),
    rssBeforeImportMiB: rssBefore,
  }),
);
