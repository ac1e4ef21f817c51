import { ordinaryCodes } from "../lib/db-baseline.ts";
import { billIdIn, type Session, send, shownIn } from "../lib/http.ts";
import { percentiles, runLoad, runSequential } from "../lib/load.ts";
import { describeStatements, StatementTally } from "../lib/statements.ts";
import type { BenchContext, Scenario } from "./types.ts";
import { notBuilt } from "./types.ts";

/** The till routes exist when GET /till answers 200 for a logged-in cashier. */
async function tillBuilt(ctx: BenchContext): Promise<boolean> {
  const res = await send(ctx.server.url, ctx.tills[0] as Session, "GET", "/till");
  return res.status === 200;
}

/** Twenty distinct popular codes per till, so each open bill stays at 20 lines. */
function codeFor(ctx: BenchContext, till: number, k: number): string {
  const hot = ctx.dataset.marker.hotCodes;
  return hot[(till * 20 + (k % 20)) % hot.length] as string;
}

export const openTill: Scenario = {
  id: "open-till",
  title: "open the till page (empty bill), 1 connection",
  target: "≤ 50 ms server time (p99)",
  connections: 1,
  async run(ctx) {
    if (!(await tillBuilt(ctx))) return notBuilt("GET /till is not there");
    const [s] = await ctx.moreTills(1);
    const session = s as Session;
    await send(ctx.server.url, session, "POST", "/till/clear", {});
    const tally = new StatementTally();
    const r = await tally.during(
      ctx.server.url,
      (out) => out.requests,
      () =>
        runSequential({
          url: ctx.server.url,
          session,
          pathFor: () => "/till",
          seconds: Math.min(ctx.opts.duration, 5),
        }),
    );
    const statements = tally.result() ?? undefined;
    const base = await ctx.bare1();
    return {
      status: r.non2xx > 0 ? "error" : "ok",
      p50: r.p50,
      p99: r.p99,
      throughput: r.rps,
      ratio: r.p50 / base.p50,
      ratioOf: "× stack-route p50",
      met: r.non2xx === 0 && r.p99 <= 50,
      statements,
      note: r.non2xx ? `${r.non2xx} non-2xx answers` : undefined,
    };
  },
};

export const scan: Scenario = {
  id: "scan",
  title: "scan onto an open bill, 20 concurrent tills",
  target: "≥ 0.30 of the bare Express route's req/s (stretch 0.50); p99 ≤ 20 ms",
  connections: 20,
  async run(ctx) {
    if (!(await tillBuilt(ctx))) return notBuilt("POST /till/scan is not there");
    // Each till sends back what its last answer showed (#till-shown), as the till page does.
    const shown: string[] = ctx.tills.map(() => "");
    let fullRedraws = 0;
    let firstRefusal = "";
    const read = (i: number, html: string) => {
      if (!firstRefusal && !html.includes('class="till-msg till-msg-success'))
        firstRefusal = html
          .replace(/<[^>]+>/g, " ")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 160);
      shown[i] = shownIn(html) ?? shown[i] ?? "";
      if (html.includes('hx-target="#till-lines" hx-swap="innerHTML"')) fullRedraws++;
    };
    // Fresh 20-line bills on every till before the clock starts.
    await Promise.all(
      ctx.tills.map(async (s, i) => {
        await send(ctx.server.url, s, "POST", "/till/clear", {});
        for (let k = 0; k < 20; k++)
          read(
            i,
            (
              await send(ctx.server.url, s, "POST", "/till/scan", {
                code: codeFor(ctx, i, k),
                shown: shown[i] ?? "",
              })
            ).text,
          );
      }),
    );
    fullRedraws = 0;
    // The stack route right before and right after the scans: on a shared,
    // noisy machine the ratio is only fair against a baseline of the same minute.
    const bare = () =>
      runLoad({
        url: ctx.server.url,
        path: "/__bench/constant",
        sessions: ctx.tills,
        connections: ctx.tills.length,
        duration: ctx.opts.duration,
      });
    const before = await bare();
    const r = await runLoad({
      url: ctx.server.url,
      path: "/till/scan",
      method: "POST",
      sessions: ctx.tills,
      connections: ctx.tills.length,
      duration: ctx.opts.duration,
      body: (i, k) => ({ code: codeFor(ctx, i, k), shown: shown[i] ?? "" }),
      onBody: read,
    });
    const after = await bare();
    // Statements per scan, exactly: one till alone scans 20 more items onto its 20-line bill.
    const tally = new StatementTally();
    const till0 = ctx.tills[0] as Session;
    await tally.during(ctx.server.url, 20, async () => {
      for (let k = 0; k < 20; k++)
        read(
          0,
          (
            await send(ctx.server.url, till0, "POST", "/till/scan", {
              code: codeFor(ctx, 0, k),
              shown: shown[0] ?? "",
            })
          ).text,
        );
    });
    const statements = tally.result() ?? undefined;
    const baseRps = (before.rps + after.rps) / 2;
    // The target (issue 18) is against the truly bare route of this run; the stack route is beside it.
    const ofBare = r.rps / ctx.baselines.express20.rps;
    const failed = r.non2xx / Math.max(1, r.requests);
    return {
      status: failed > 0.01 ? "error" : "ok",
      p50: r.p50,
      p99: r.p99,
      throughput: r.rps,
      ratio: ofBare,
      ratioOf: "of bare Express req/s",
      met: failed <= 0.01 && r.p99 <= 20 && ofBare >= 0.3,
      statements,
      note: `${r.requests} scans onto 20-line bills of best-sellers (${fullRedraws} answered with the whole lines region); ${(r.rps / baseRps).toFixed(2)} of the stack route just before/after: ${Math.round(before.rps)}/${Math.round(after.rps)} req/s, p99 ${before.p99}/${after.p99} ms${r.non2xx ? `; ${r.non2xx} non-2xx (${JSON.stringify(r.statuses)}${firstRefusal ? `, first: ${firstRefusal}` : ""})` : ""}${statements ? `; ${describeStatements(statements)}` : ""}`,
      extra: { bareBefore: before, bareAfter: after },
    };
  },
};

const COMPLETE_TILLS = 40;
const ROUNDS = 4;
const LINES = 10;
/** Preparation (scanning) stops adding rounds after this long. */
const PREP_BUDGET_MS = 90_000;

async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i] as T, i);
      }
    }),
  );
}

export const completeBill: Scenario = {
  id: "complete-bill",
  title: "complete a 10-line bill (the whole checkout transaction), 20 concurrent tills",
  target: "≥ 1,000 bills/s on SQLite (minimum 500); ≥ 300 on MariaDB",
  connections: 20,
  async run(ctx) {
    if (!(await tillBuilt(ctx))) return notBuilt("POST /till/complete is not there");
    const sessions = await ctx.moreTills(COMPLETE_TILLS);
    const base = ctx.server.url;
    const codes = await ordinaryCodes(ctx.dataset.target, COMPLETE_TILLS * LINES);
    if (codes.length < LINES)
      return { status: "error" as const, met: false, note: "no stocked products to sell" };
    const started = performance.now();
    let rounds = 0;
    const latencies: number[] = [];
    let timedMs = 0;
    let failures = 0;
    let firstError = "";
    const tally = new StatementTally();
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0 && performance.now() - started - timedMs > PREP_BUDGET_MS) break;
      rounds++;
      // Untimed: every till scans a 10-line bill.
      const billIds: number[] = [];
      await pool(sessions, 20, async (s, i) => {
        let last = "";
        for (let k = 0; k < LINES; k++) {
          const r = await send(base, s, "POST", "/till/scan", {
            code: codes[(i * LINES + k) % codes.length] as string,
          });
          last = r.text;
        }
        billIds[i] = Number(billIdIn(last) ?? 0);
      });
      // Timed: all tills press "complete" (cash, exact amount).
      // Only the completions reach the server in this window: its statements are theirs.
      timedMs += await tally.during(base, sessions.length, async () => {
        const t0 = performance.now();
        await pool(sessions, 20, async (s, i) => {
          const r = await send(base, s, "POST", "/till/complete", {
            billId: String(billIds[i]),
            mode: "cash",
            tendered: "",
          });
          latencies.push(r.ms);
          if (r.status !== 200 || !/complete/i.test(r.text)) {
            failures++;
            firstError ||= `HTTP ${r.status}: ${r.text
              .replace(/<[^>]+>/g, " ")
              .replace(/\s+/g, " ")
              .slice(0, 160)}`;
          }
        });
        return performance.now() - t0;
      });
    }
    const statements = tally.result() ?? undefined;
    const { p50, p99 } = percentiles(latencies);
    const billsPerSec = ((latencies.length - failures) / timedMs) * 1000;
    const isSqlite = ctx.opts.dialect === "sqlite";
    return {
      status: failures > 0 ? "error" : "ok",
      p50,
      p99,
      throughput: billsPerSec,
      unit: "bills/s",
      ratio: p50 / ctx.baselines.db.p50,
      ratioOf: "× raw stmt p50",
      met: failures === 0 && billsPerSec >= (isSqlite ? 500 : 300),
      statements,
      note: `${latencies.length} completions (${rounds} rounds × ${COMPLETE_TILLS} tills, 20 at a time; bills of ordinary products, scanning untimed)${failures ? `; ${failures} failed, first: ${firstError}` : ""}${statements ? `; ${describeStatements(statements)}` : ""}`,
    };
  },
};
