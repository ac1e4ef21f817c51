import SQLite from "better-sqlite3";
import { createPool } from "mysql2/promise";
import type { DatabaseTarget } from "../../src/config.ts";
import { percentiles } from "./load.ts";

const N = 20_000;

/**
 * The database baseline: a raw prepared point lookup of a product by code on
 * the same data set, in the harness process — what the engine alone costs.
 */
export async function measureDbBaseline(
  target: DatabaseTarget,
  codes: string[],
): Promise<{ p50: number; p99: number; opsPerSec: number }> {
  const samples: number[] = new Array(N);
  const sqlText = "SELECT id, code, name, price, stock FROM products WHERE code = ?";
  let wall: number;
  if (target.dialect === "sqlite") {
    const handle = new SQLite(target.file, { readonly: true });
    const stmt = handle.prepare(sqlText);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const s = performance.now();
      stmt.get(codes[i % codes.length]);
      samples[i] = performance.now() - s;
    }
    wall = performance.now() - t0;
    handle.close();
  } else {
    const pool = createPool({ uri: target.url, connectionLimit: 1 });
    const t0 = performance.now();
    for (let i = 0; i < N / 4; i++) {
      const s = performance.now();
      await pool.execute(sqlText, [codes[i % codes.length] as string]);
      samples[i] = performance.now() - s;
    }
    wall = performance.now() - t0;
    samples.length = N / 4;
    await pool.end();
  }
  const { p50, p99 } = percentiles(samples);
  return { p50, p99, opsPerSec: (samples.length / wall) * 1000 };
}

/**
 * Codes of ordinary (not best-selling) piece products with stock to spare:
 * the complete-bill scenario fills its bills with these, so preparing the
 * bills is not dominated by the scan path's cost for best-sellers.
 */
export async function ordinaryCodes(target: DatabaseTarget, count: number): Promise<string[]> {
  const sqlText =
    "SELECT code FROM products WHERE active = 1 AND stock >= 200 AND stock <= 300 AND unit = 'pc' ORDER BY id LIMIT ?";
  if (target.dialect === "sqlite") {
    const handle = new SQLite(target.file, { readonly: true });
    const rows = handle.prepare(sqlText).all(count) as Array<{ code: string }>;
    handle.close();
    return rows.map((r) => r.code);
  }
  const pool = createPool({ uri: target.url, connectionLimit: 1 });
  const [rows] = await pool.query(sqlText, [count]);
  await pool.end();
  return (rows as Array<{ code: string }>).map((r) => r.code);
}
