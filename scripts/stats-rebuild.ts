/**
 * npm run stats:rebuild [-- --check]
 *
 * Recomputes customer_stats and the analytics rollups (sales_daily,
 * product_daily, product_totals) from the completed bills, prints every
 * difference, and fixes them. With --check it only reports, exiting 1 when
 * anything differs. Uses the same DATABASE_URL / DATA_DIR as the app.
 */
import { ConfigError, loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { rebuildAnalytics } from "../src/services/analytics/rollups.ts";

async function main(): Promise<number> {
  const check = process.argv.includes("--check");
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent" });
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    const started = Date.now();
    const report = await rebuildAnalytics(database.db, {
      fix: !check,
      maxListed: 100,
      onProgress: (m) => process.stderr.write(`  … ${m}\n`),
    });
    for (const line of report.lines) console.log(`difference: ${line}`);
    if (report.differences > report.lines.length)
      console.log(`… and ${report.differences - report.lines.length} more`);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${report.customersChecked} customers and ${report.daysChecked} days checked in ${secs} s: ` +
        (report.differences === 0
          ? "no differences."
          : `${report.differences} difference(s)${check ? " (not fixed: --check)" : ", fixed"}.`),
    );
    if (!check && report.differences > 0) {
      const again = await rebuildAnalytics(database.db, { fix: false });
      console.log(
        again.differences === 0
          ? "Re-check: no differences."
          : `Re-check: still ${again.differences} difference(s)!`,
      );
      return again.differences === 0 ? 0 : 1;
    }
    return check && report.differences > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(2);
  },
);
