// Restores the embedded SQLite database from a backup: `npm run restore -- <backup-file>`.
// Stop the app first; the current database is kept beside it as pre-restore-<time>.sqlite.
import path from "node:path";
import { loadConfig } from "../src/config.ts";
import { restoreBackup } from "../src/db/backup.ts";
import { APP_ID } from "../src/version.ts";

async function appIsRunning(host: string, port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://${host}:${port}/healthz`, {
      signal: AbortSignal.timeout(1500),
    });
    const body = (await res.json()) as { app?: string };
    return body.app === APP_ID;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const source = process.argv[2];
  if (!source) {
    console.error("Usage: npm run restore -- <backup-file.sqlite>");
    return 2;
  }
  const config = loadConfig();
  if (config.database.dialect !== "sqlite") {
    console.error(
      "This shop uses MySQL/MariaDB: restore with `mysql < dump.sql` (see the README).",
    );
    return 2;
  }
  if (await appIsRunning(config.host, config.port)) {
    console.error("The app is running. Close it first, then run the restore again.");
    return 1;
  }
  const safety = await restoreBackup(path.resolve(source), config.database.file);
  console.log(`Restored ${path.resolve(source)} into ${config.database.file}.`);
  if (safety) console.log(`The previous database was saved as ${safety}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`Restore failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
