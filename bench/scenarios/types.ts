import type { Dataset } from "../lib/dataset.ts";
import type { Session } from "../lib/http.ts";
import type { LoadResult } from "../lib/load.ts";
import type { BenchOptions } from "../lib/options.ts";
import type { ServerProcess } from "../lib/server.ts";
import type { StatementsPerRequest } from "../lib/statements.ts";

export interface Baselines {
  /** GET /__bench/constant on the real server's middleware stack, 20 tills. */
  http20: LoadResult;
  /** The same route, one connection: for single-request latency scenarios. */
  http1: LoadResult;
  /** A bare Express 5 route in its own process (bench/lib/bare-express.mjs), 20 connections. */
  express20: LoadResult;
  /** The bare Express route, one connection. */
  express1: LoadResult;
  /** A raw prepared point lookup on the same database, in the harness process. */
  db: { p50: number; p99: number; opsPerSec: number };
}

export interface BenchContext {
  opts: BenchOptions;
  dataset: Dataset;
  server: ServerProcess;
  /** till01…till20: the 20 concurrent tills. */
  tills: Session[];
  owner: Session;
  baselines: Baselines;
  /** The stack route at one connection, measured now (for a same-minute latency ratio). */
  bare1(): Promise<LoadResult>;
  /** Extra logged-in till sessions (till21…), created on demand. */
  moreTills(count: number): Promise<Session[]>;
  log(line: string): void;
}

export type Status = "ok" | "not built" | "error";

export interface ScenarioResult {
  scenario: string;
  dialect: string;
  status: Status;
  p50?: number;
  p99?: number;
  throughput?: number;
  unit?: string;
  /** Figure ÷ baseline, and what it is a ratio of. */
  ratio?: number;
  ratioOf?: string;
  target: string;
  met: boolean | null;
  note?: string;
  /** Statements the server ran per request (SRQB_COUNT_STATEMENTS), where measured. */
  statements?: StatementsPerRequest;
  /** HTTP scenarios: this figure against the two baselines of the same concurrency. */
  vs?: { stack: Versus; bare: Versus };
  extra?: Record<string, unknown>;
}

/** Scenario ÷ baseline: throughput ratio, and how many times the baseline's p50 and p99. */
export interface Versus {
  rps?: number;
  p50?: number;
  p99?: number;
}

export interface Scenario {
  id: string;
  title: string;
  target: string;
  /** An HTTP scenario's concurrency: compared with the baselines measured at the same. */
  connections?: 1 | 20;
  run(ctx: BenchContext): Promise<Omit<ScenarioResult, "scenario" | "dialect" | "target" | "vs">>;
}

export const notBuilt = (what: string) => ({ status: "not built" as const, met: null, note: what });
