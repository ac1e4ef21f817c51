import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "csv-stringify/sync";
import { createConnection } from "mysql2/promise";
import { paiseToDecimal } from "../../src/lib/money.ts";
import { CSV_COLUMNS } from "../../src/services/catalogue/csv-format.ts";
import { productAttrs } from "../lib/catalog.ts";
import { BENCH_DIR } from "../lib/dataset.ts";
import type { Scenario } from "./types.ts";
import { notBuilt } from "./types.ts";

const ROWS = 100_000;

/** The catalogue CSV a shop would upload: 100,000 products in the export's columns. */
function writeCsv(file: string, seed: number): void {
  const records: string[][] = [[...CSV_COLUMNS]];
  for (let id = 1; id <= ROWS; id++) {
    const a = productAttrs(seed + 1, id);
    const stock = a.unit === "pc" ? String(id % 200) : "12.5";
    records.push([
      a.code,
      a.name,
      a.category,
      paiseToDecimal(a.price),
      String(a.gstRate / 100),
      a.hsn,
      a.unit,
      stock,
      "5",
      "yes",
    ]);
  }
  writeFileSync(file, stringify(records));
}

function runChild(url: string, csvFile: string): Promise<Record<string, unknown>> {
  const script = fileURLToPath(new URL("./csv-import.child.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, url, csvFile, String(ROWS)], {
      cwd: path.resolve(BENCH_DIR, ".."),
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    child.once("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        reject(new Error(`import child exited ${code}: ${(err || out).slice(-400)}`));
      }
    });
  });
}

/** Check + import of a 100,000-row catalogue CSV in a child process: time and peak RSS. */
export const csvImport: Scenario = {
  id: "csv-import",
  title: "CSV import of 100,000 products (child process)",
  target: "≤ 10 s; peak RSS ≤ 300 MB",
  async run(ctx) {
    const root = path.resolve(BENCH_DIR, "..");
    if (!existsSync(path.join(root, "src/services/catalogue/import.ts")))
      return notBuilt("src/services/catalogue/import.ts is not there");
    let url: string;
    let cleanup: () => Promise<void>;
    const dir = mkdtempSync(path.join(tmpdir(), "srqb-bench-import-"));
    const csvFile = path.join(dir, "catalogue.csv");
    writeCsv(csvFile, ctx.opts.seed);
    if (ctx.opts.dialect === "sqlite") {
      url = `sqlite:${path.join(dir, "import.sqlite")}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const base = new URL(ctx.opts.mysqlUrl as string);
      const name = `srqb_bench_import_${process.pid}`;
      const admin = await createConnection({ uri: base.toString() });
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.query(
        `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
      );
      await admin.end();
      const u = new URL(base.toString());
      u.pathname = `/${name}`;
      url = u.toString();
      cleanup = async () => {
        const c = await createConnection({ uri: base.toString() });
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
        rmSync(dir, { recursive: true, force: true });
      };
    }
    try {
      const r = await runChild(url, csvFile);
      if (r.error)
        return {
          status: "error",
          met: false,
          note: `import refused the file: ${JSON.stringify(r.error)}`,
        };
      const totalMs = Number(r.totalMs);
      const peak = Number(r.peakRssMiB);
      return {
        status: r.inserted === ROWS ? "ok" : "error",
        p50: totalMs,
        throughput: (ROWS / totalMs) * 1000,
        unit: "rows/s",
        met: r.inserted === ROWS && totalMs <= 10_000 && peak <= 300,
        note: `check (parse and compare, one pass) ${Math.round(Number(r.checkMs))} ms + import (the upload read again as rows are staged) ${Math.round(Number(r.importMs))} ms into an empty catalogue; peak RSS ${peak.toFixed(0)} MiB (${Number(r.rssBeforeImportMiB).toFixed(0)} MiB before, with the ${(Number(r.csvBytes) / 1048576).toFixed(1)} MiB file read)`,
        extra: r,
      };
    } finally {
      await cleanup();
    }
  },
};
