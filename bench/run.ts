/**
 * npm run bench: generates (or reuses) the data set, starts the real server
 * as a child process, logs in as cashiers over HTTP and runs each scenario
 * beside its baseline measured in the same run. Prints one markdown table and
 * writes the same as JSON under bench/results/.
 */
import os from "node:os";
import path from "node:path";
import { APP_VERSION } from "../src/version.ts";
import { TILL_USERS } from "./generate.ts";
import { startBareExpress } from "./lib/bare-server.ts";
import { BENCH_DIR, ensureDataset } from "./lib/dataset.ts";
import { measureDbBaseline } from "./lib/db-baseline.ts";
import { login, loginMany, type Session } from "./lib/http.ts";
import { runLoad, runSequential } from "./lib/load.ts";
import { parseOptions } from "./lib/options.ts";
import { startServerProcess } from "./lib/server.ts";
import { StatementTally } from "./lib/statements.ts";
import { markdownTable, notes, versusBaseline, writeResults } from "./report.ts";
import {
  analytics90,
  analytics90AfterSale,
  analytics90Cold,
  analyticsAll,
  analyticsAllAfterSale,
  analyticsAllCold,
} from "./scenarios/analytics.ts";
import { coldStart } from "./scenarios/cold-start.ts";
import { csvImport } from "./scenarios/csv-import.ts";
import { customerSearch } from "./scenarios/customers.ts";
import { completeHistory } from "./scenarios/history.ts";
import { billPdf, billPdfHttp, billPdfMixed } from "./scenarios/pdf.ts";
import { completeBill, openTill, scan } from "./scenarios/till.ts";
import { completeLongBill, scanLongBill, scanOneTill } from "./scenarios/till-shape.ts";
import type { Baselines, BenchContext, Scenario, ScenarioResult } from "./scenarios/types.ts";

/** In run order: cold start first (nothing else running), the CPU-heavy child last. */
const SCENARIOS: Scenario[] = [
  coldStart,
  openTill,
  scan,
  scanOneTill,
  scanLongBill,
  completeBill,
  completeLongBill,
  completeHistory,
  customerSearch,
  analyticsAll,
  analytics90,
  analyticsAllCold,
  analytics90Cold,
  analyticsAllAfterSale,
  analytics90AfterSale,
  billPdf,
  billPdfMixed,
  billPdfHttp,
  csvImport,
];

const log = (line: string) => process.stderr.write(`${line}\n`);
const pad = (n: number) => String(n).padStart(2, "0");

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2), process.env);
  const selected = opts.scenarios
    ? SCENARIOS.filter((s) => opts.scenarios?.includes(s.id))
    : SCENARIOS;
  const unknown = (opts.scenarios ?? []).filter((id) => !SCENARIOS.some((s) => s.id === id));
  if (unknown.length)
    throw new Error(
      `unknown scenario(s) ${unknown.join(", ")}; known: ${SCENARIOS.map((s) => s.id).join(", ")}`,
    );
  const started = Date.now();

  log(`bench: ${opts.dialect}, scale ${opts.scale.name}, seed ${opts.seed}`);
  const tGen = Date.now();
  const dataset = await ensureDataset(opts);
  const generationMs = Date.now() - tGen;
  log(
    dataset.reused
      ? `data set reused (generated ${dataset.marker.generatedAt} in ${(dataset.marker.generationMs / 1000).toFixed(0)} s)`
      : `data set generated in ${(dataset.marker.generationMs / 1000).toFixed(1)} s`,
  );

  const results: ScenarioResult[] = [];
  let baselines: Baselines | undefined;
  /** An HTTP scenario against the stack route and the bare Express route of its concurrency. */
  const vsOf = (s: Scenario, r: Awaited<ReturnType<Scenario["run"]>>): ScenarioResult["vs"] => {
    if (!baselines || !s.connections || r.status !== "ok") return undefined;
    const [stack, bare] =
      s.connections === 20
        ? [baselines.http20, baselines.express20]
        : [baselines.http1, baselines.express1];
    return { stack: versusBaseline(r, stack), bare: versusBaseline(r, bare) };
  };
  const record = (s: Scenario, r: Awaited<ReturnType<Scenario["run"]>>) => {
    const full: ScenarioResult = {
      scenario: s.id,
      dialect: opts.dialect,
      target: s.target,
      ...r,
      vs: vsOf(s, r),
    };
    results.push(full);
    log(
      `  ${s.id}: ${full.status}${full.p50 !== undefined ? ` p50 ${full.p50.toFixed(2)} ms` : ""}${full.p99 !== undefined ? ` p99 ${full.p99.toFixed(2)} ms` : ""}${full.throughput !== undefined ? ` ${full.throughput.toFixed(1)} ${full.unit ?? "req/s"}` : ""}${full.met === false ? " MISSED" : ""}`,
    );
  };
  const runOne = async (s: Scenario, ctx: BenchContext) => {
    log(`scenario ${s.id}: ${s.title}`);
    try {
      record(s, await s.run(ctx));
    } catch (err) {
      record(s, { status: "error", met: false, note: (err as Error).message.split("\n")[0] });
    }
  };

  // Cold start runs before the long-lived server exists.
  const partial = { opts, dataset, log } as unknown as BenchContext;
  if (selected.includes(coldStart)) await runOne(coldStart, partial);

  const profileDir = path.join(BENCH_DIR, "results", "profiles");
  const server = await startServerProcess(
    dataset.target,
    // Counting statements costs one trap per statement; the bench reports them per request.
    { SRQB_COUNT_STATEMENTS: "1" },
    opts.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    dataset.pristine,
  );
  log(`server pid ${server.pid} at ${server.url} (up in ${Math.round(server.startMs)} ms)`);
  try {
    const tills = await loginMany(
      server.url,
      Array.from({ length: 20 }, (_, i) => `till${pad(i + 1)}`),
    );
    const owner = await login(server.url, "owner");
    let nextTill = 21;
    const moreTills = async (count: number): Promise<Session[]> => {
      if (nextTill + count - 1 > TILL_USERS) throw new Error("out of bench till users");
      const names = Array.from({ length: count }, (_, i) => `till${pad(nextTill + i)}`);
      nextTill += count;
      return loginMany(server.url, names);
    };

    log("baselines: stack route and bare Express (20 connections, then 1), raw prepared statement");
    await runLoad({
      url: server.url,
      path: "/__bench/constant",
      sessions: tills,
      connections: 20,
      duration: 2,
    }); // warm-up
    const http20 = await runLoad({
      url: server.url,
      path: "/__bench/constant",
      sessions: tills,
      connections: 20,
      duration: opts.duration,
    });
    const stackTally = new StatementTally();
    const http1 = await stackTally.during(
      server.url,
      (out) => out.requests,
      () =>
        runSequential({
          url: server.url,
          session: owner,
          pathFor: () => "/__bench/constant",
          seconds: Math.min(opts.duration, 5),
        }),
    );
    const stackStatements = stackTally.result();
    // The truly bare baseline: Express 5 and one route in a process of its own.
    const bareExpress = await startBareExpress();
    const anyone = { username: "", cookie: "", csrf: "" };
    let bare20: Awaited<ReturnType<typeof runLoad>>;
    let bareOne: Awaited<ReturnType<typeof runLoad>>;
    try {
      const bareLoad = (duration: number) =>
        runLoad({ url: bareExpress.url, path: "/", sessions: [anyone], connections: 20, duration });
      await bareLoad(2); // warm-up
      bare20 = await bareLoad(opts.duration);
      bareOne = await runSequential({
        url: bareExpress.url,
        session: anyone,
        pathFor: () => "/",
        seconds: Math.min(opts.duration, 5),
      });
    } finally {
      await bareExpress.stop();
    }
    if (bare20.non2xx > 0 || bareOne.non2xx > 0)
      throw new Error("the bare Express route answered non-2xx");
    const db = await measureDbBaseline(dataset.target, dataset.marker.hotCodes);
    log(
      `  stack route: ${Math.round(http20.rps)} req/s p99 ${http20.p99} ms (20 conn); p50 ${http1.p50.toFixed(2)} ms (1 conn)`,
    );
    log(
      `  bare Express: ${Math.round(bare20.rps)} req/s p99 ${bare20.p99} ms (20 conn); p50 ${bareOne.p50.toFixed(2)} ms (1 conn); raw stmt p50 ${(db.p50 * 1000).toFixed(1)} µs`,
    );
    if (http20.non2xx > 0)
      throw new Error(
        `the baseline route answered ${http20.non2xx} non-2xx: is BENCH_BASELINE honoured?`,
      );

    const bare1 = () =>
      runSequential({
        url: server.url,
        session: owner,
        pathFor: () => "/__bench/constant",
        seconds: 3,
      });
    const ctx: BenchContext = {
      bare1,
      opts,
      dataset,
      server,
      tills,
      owner,
      baselines: { http20, http1, express20: bare20, express1: bareOne, db },
      moreTills,
      log,
    };
    baselines = ctx.baselines;
    for (const s of selected) if (s !== coldStart) await runOne(s, ctx);

    const table = markdownTable(results);
    const command = `npm run bench -- --dialect ${opts.dialect} --scale ${opts.scale.name} --seed ${opts.seed}${opts.duration !== 10 ? ` --duration ${opts.duration}` : ""}${opts.scenarios ? ` --scenarios ${opts.scenarios.join(",")}` : ""}${opts.save ? " --save" : ""}`;
    const totalS = (Date.now() - started) / 1000;
    const header = `Smart Retail QR Billing ${APP_VERSION} — ${opts.dialect}, scale ${opts.scale.name} (${opts.scale.products.toLocaleString("en-IN")} products, ${opts.scale.customers.toLocaleString("en-IN")} customers, ${opts.scale.bills.toLocaleString("en-IN")} bills), ${os.cpus().length} cores, Node ${process.versions.node}, ${new Date().toISOString().slice(0, 16)}Z`;
    const n = notes(results);
    console.log(
      `\n${header}\n\n${table}\n\nBaselines (same run): stack route (a constant behind the whole middleware stack) ${Math.round(http20.rps)} req/s at 20 tills (p50 ${http20.p50} ms, p99 ${http20.p99} ms), ${http1.p50.toFixed(2)} ms p50 at 1 connection (p99 ${http1.p99.toFixed(2)} ms)${
        stackStatements
          ? `, ${stackStatements.perRequest} statements per request (${Object.entries(
              stackStatements.byVerb,
            )
              .map(([v, k]) => `${v} ${k}`)
              .join(", ")})`
          : ""
      }; bare Express 5 route in its own process ${Math.round(bare20.rps)} req/s at 20 connections (p50 ${bare20.p50} ms, p99 ${bare20.p99} ms), ${bareOne.p50.toFixed(2)} ms p50 at 1 connection (p99 ${bareOne.p99.toFixed(2)} ms); raw prepared statement p50 ${(db.p50 * 1000).toFixed(1)} µs (${Math.round(db.opsPerSec)} ops/s).\n${n ? `\nNotes:\n${n}\n` : ""}\nCommand: \`${command}\` — ${dataset.reused ? "data set reused" : `data set generated in ${(generationMs / 1000).toFixed(0)} s`}, whole run ${totalS.toFixed(0)} s.`,
    );
    const file = writeResults(
      {
        dialect: opts.dialect,
        scale: opts.scale.name,
        seed: opts.seed,
        command,
        appVersion: APP_VERSION,
        node: process.versions.node,
        cpus: os.cpus().length,
        startedAt: new Date(started).toISOString(),
        totalSeconds: totalS,
        dataset: {
          reused: dataset.reused,
          generationMs: dataset.marker.generationMs,
          anchorDay: dataset.marker.anchorDay,
          ...opts.scale,
        },
        baselines: { http20, http1, express20: bare20, express1: bareOne, db },
        results,
        table,
      },
      opts.save,
    );
    log(`results written to ${file}`);
  } finally {
    await server.stop();
    if (opts.profile)
      log(
        `server CPU profile in ${profileDir} (summarise: node --import tsx bench/profile-summary.ts <file>)`,
      );
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
