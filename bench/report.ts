import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BENCH_DIR } from "./lib/dataset.ts";
import type { ScenarioResult, Versus } from "./scenarios/types.ts";

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

const times = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? "—" : `${v < 10 ? v.toFixed(1) : Math.round(v)}×`;

/** "0.29 · 12× · 2.8×": req/s ratio, then p50 and p99 as multiples of the baseline's. */
function versus(v: Versus | undefined): string {
  if (!v) return "—";
  const rps = v.rps === undefined || !Number.isFinite(v.rps) ? "—" : v.rps.toFixed(2);
  return `${rps} · ${times(v.p50)} · ${times(v.p99)}`;
}

/** A scenario's figures against one baseline of the same concurrency. */
export function versusBaseline(
  r: Pick<ScenarioResult, "throughput" | "p50" | "p99">,
  base: { rps: number; p50: number; p99: number },
): Versus {
  const div = (a: number | undefined, b: number) =>
    a === undefined || !(b > 0) ? undefined : a / b;
  return { rps: div(r.throughput, base.rps), p50: div(r.p50, base.p50), p99: div(r.p99, base.p99) };
}

function verdict(r: ScenarioResult): string {
  if (r.status === "not built") return "not built";
  if (r.status === "error") return "error";
  return r.met === null ? "—" : r.met ? "met" : "**missed**";
}

/** The one markdown table of a run. */
export function markdownTable(results: ScenarioResult[]): string {
  const rows = [
    "| scenario | dialect | p50 | p99 | throughput | ratio to baseline | vs stack route (req/s · p50 · p99) | vs bare Express (req/s · p50 · p99) | statements/req | target | met/missed |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    const stmts = r.statements ? String(r.statements.perRequest) : "—";
    rows.push(
      `| ${r.scenario} | ${r.dialect} | ${ms(r.p50)} | ${ms(r.p99)} | ${throughput(r)} | ${ratio(r)} | ${versus(r.vs?.stack)} | ${versus(r.vs?.bare)} | ${stmts} | ${r.target} | ${verdict(r)} |`,
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

/**
 * Writes YYYY-MM-DD-HHMM-<dialect>-<scale>.json under bench/results/runs/
 * (ignored by git), or under bench/results/ (to commit) with --save; returns its path.
 */
export function writeResults(
  payload: { dialect: string; scale: string; [k: string]: unknown },
  save: boolean,
): string {
  const dir = save ? path.join(BENCH_DIR, "results") : path.join(BENCH_DIR, "results", "runs");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 16).replace("T", "-").replace(":", "");
  const file = path.join(dir, `${stamp}-${payload.dialect}-${payload.scale}.json`);
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  return file;
}
