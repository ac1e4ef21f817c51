import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BENCH_DIR } from "./lib/dataset.ts";
import type { ScenarioResult } from "./scenarios/types.ts";

const ms = (v: number | undefined) =>
  v === undefined || Number.isNaN(v) ? "—" : v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`;

function throughput(r: ScenarioResult): string {
  if (r.throughput === undefined) return "—";
  const v =
    r.throughput >= 100
      ? Math.round(r.throughput).toLocaleString("en-IN")
      : r.throughput.toFixed(1);
  return `${v} ${r.unit ?? "req/s"}`;
}

function ratio(r: ScenarioResult): string {
  if (r.ratio === undefined) return "—";
  return `${r.ratio.toFixed(2)} (${r.ratioOf})`;
}

function verdict(r: ScenarioResult): string {
  if (r.status === "not built") return "not built";
  if (r.status === "error") return "error";
  return r.met === null ? "—" : r.met ? "met" : "**missed**";
}

/** The one markdown table of a run. */
export function markdownTable(results: ScenarioResult[]): string {
  const rows = [
    "| scenario | dialect | p50 | p99 | throughput | ratio to baseline | target | met/missed |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    rows.push(
      `| ${r.scenario} | ${r.dialect} | ${ms(r.p50)} | ${ms(r.p99)} | ${throughput(r)} | ${ratio(r)} | ${r.target} | ${verdict(r)} |`,
    );
  }
  return rows.join("\n");
}

export function notes(results: ScenarioResult[]): string {
  return results
    .filter((r) => r.note)
    .map((r) => `- ${r.scenario}: ${r.note}`)
    .join("\n");
}

/** Writes bench/results/YYYY-MM-DD-HHMM-<dialect>-<scale>.json; returns its path. */
export function writeResults(payload: {
  dialect: string;
  scale: string;
  [k: string]: unknown;
}): string {
  const dir = path.join(BENCH_DIR, "results");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 16).replace("T", "-").replace(":", "");
  const file = path.join(dir, `${stamp}-${payload.dialect}-${payload.scale}.json`);
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  return file;
}
