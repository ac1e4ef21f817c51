import { ordinaryCodes } from "../lib/db-baseline.ts";
import { billIdIn, type Session, send, shownIn } from "../lib/http.ts";
import { type LoadResult, postSequential } from "../lib/load.ts";
import type { BenchContext, Scenario } from "./types.ts";

/**
 * The till at one connection, where a figure is one request's own time: a
 * scan against the bare route, a long bill against a short one, a long
 * completion against a short one. Each pair is measured back to back in
 * alternating rounds, so a noisy minute lands on both sides.
 */

/** `count` scans at one till onto its open bill of `lines` lines (each scan raises one of them). */
async function scansOnto(ctx: BenchContext, till: Session, lines: number, count: number) {
  const hot = ctx.dataset.marker.hotCodes;
  if (hot.length < lines)
    throw new Error(`only ${hot.length} best-sellers for a ${lines}-line bill`);
  const base = ctx.server.url;
  await send(base, till, "POST", "/till/clear", {});
  let shown = "";
  for (let k = 0; k < lines; k++)
    shown =
      shownIn(
        (await send(base, till, "POST", "/till/scan", { code: hot[k] as string, shown })).text,
      ) ?? shown;
  return postSequential({
    url: base,
    session: till,
    path: "/till/scan",
    count,
    form: (k, previous) => {
      shown = shownIn(previous) ?? shown;
      return { code: hot[(k * 7) % lines] as string, shown };
    },
  });
}

/** Rounds of a then b; the p50 of each over all its samples is the median of the round p50s. */
export async function alternate(
  rounds: number,
  a: () => Promise<LoadResult>,
  b: () => Promise<LoadResult>,
): Promise<{ a: LoadResult[]; b: LoadResult[] }> {
  const out = { a: [] as LoadResult[], b: [] as LoadResult[] };
  for (let r = 0; r < rounds; r++) {
    out.a.push(await a());
    out.b.push(await b());
  }
  return out;
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
export const p50Of = (rs: LoadResult[]) => median(rs.map((r) => r.p50));
export const p99Of = (rs: LoadResult[]) => median(rs.map((r) => r.p99));
export const failed = (rs: LoadResult[]) => rs.reduce((n, r) => n + r.non2xx, 0);

/** b against a (p50 over p50): met when no answer failed and the ratio is at most `limit`. */
export function pairResult(
  { a, b }: { a: LoadResult[]; b: LoadResult[] },
  limit: number,
  ratioOf: string,
  note: string,
) {
  const ratio = p50Of(b) / p50Of(a);
  const bad = failed(a) + failed(b);
  return {
    status: bad ? ("error" as const) : ("ok" as const),
    p50: p50Of(b),
    p99: p99Of(b),
    ratio,
    ratioOf,
    met: bad === 0 && ratio <= limit,
    note: `${note}${bad ? `; ${bad} non-2xx` : ""}`,
  };
}

export const scanOneTill: Scenario = {
  id: "scan-1",
  title: "scan onto a 20-line bill, 1 till (one request at a time)",
  target: "p50 ≤ 3 × the bare Express route's 1-connection p50",
  connections: 1,
  async run(ctx) {
    // One of the 20 concurrent tills (the bench has a fixed number of till users).
    const r = await scansOnto(ctx, ctx.tills[14] as Session, 20, 400);
    const bare = ctx.baselines.express1.p50;
    const ratio = r.p50 / bare;
    return {
      status: r.non2xx ? "error" : "ok",
      p50: r.p50,
      p99: r.p99,
      throughput: r.rps,
      ratio,
      ratioOf: "× bare Express 1-conn p50",
      met: r.non2xx === 0 && ratio <= 3,
      note: `${r.requests} scans; bare Express p50 ${bare.toFixed(2)} ms${r.non2xx ? `; ${r.non2xx} non-2xx` : ""}`,
    };
  },
};

export const scanLongBill: Scenario = {
  id: "scan-200-lines",
  title: "scan onto a 200-line bill against a 20-line bill, 1 till each, alternating",
  target: "p50 ≤ 1.5 × the 20-line bill's",
  connections: 1,
  async run(ctx) {
    const [short, long] = ctx.tills.slice(15, 17) as [Session, Session];
    const { a, b } = await alternate(
      3,
      () => scansOnto(ctx, short, 20, 150),
      () => scansOnto(ctx, long, 200, 150),
    );
    return pairResult(
      { a, b },
      1.5,
      "× 20-line bill p50",
      `3 rounds × 150 scans on each; 20-line bill p50 ${p50Of(a).toFixed(2)} ms (p99 ${p99Of(a).toFixed(2)} ms)`,
    );
  },
};

/** `count` completions at one till (exported for the history scenario) of bills of `lines` ordinary products (scanning untimed). */
export async function completions(
  url: string,
  till: Session,
  codes: string[],
  lines: number,
  count: number,
): Promise<LoadResult> {
  const samples: LoadResult[] = [];
  // A till that scanned before (the 20 concurrent tills are reused) starts from an empty bill.
  await send(url, till, "POST", "/till/clear", {});
  for (let k = 0; k < count; k++) {
    let last = "";
    for (let j = 0; j < lines; j++)
      last = (
        await send(url, till, "POST", "/till/scan", {
          code: codes[(k * lines + j) % codes.length] as string,
        })
      ).text;
    const billId = billIdIn(last) ?? "0";
    samples.push(
      await postSequential({
        url,
        session: till,
        path: "/till/complete",
        count: 1,
        form: () => ({ billId, mode: "cash", tendered: "" }),
      }),
    );
  }
  const ms = samples.map((s) => s.p50);
  const sorted = [...ms].sort((x, y) => x - y);
  return {
    p50: sorted[Math.floor(sorted.length / 2)] as number,
    p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] as number,
    rps: 1000 / (ms.reduce((x, y) => x + y, 0) / ms.length),
    requests: ms.length,
    non2xx: samples.reduce((n, s) => n + s.non2xx, 0),
    errors: 0,
  };
}

export const completeLongBill: Scenario = {
  id: "complete-100-lines",
  title: "complete a 100-line bill against a 10-line bill, 1 till each, alternating",
  target: "p50 ≤ 5 × the 10-line bill's",
  connections: 1,
  async run(ctx) {
    // Two of the 20 concurrent tills (the bench has a fixed number of till users).
    const [short, long] = ctx.tills.slice(18, 20) as [Session, Session];
    // Ordinary products (stock 200-300), each sold at most a few times here.
    const codes = await ordinaryCodes(ctx.dataset.target, 2000);
    const url = ctx.server.url;
    const shortCodes = codes.slice(0, 400);
    const longCodes = codes.slice(400);
    const { a, b } = await alternate(
      3,
      () => completions(url, short, shortCodes, 10, 8),
      () => completions(url, long, longCodes, 100, 8),
    );
    return pairResult(
      { a, b },
      5,
      "× 10-line bill p50",
      `3 rounds × 8 completions of each; 10-line bill p50 ${p50Of(a).toFixed(2)} ms`,
    );
  },
};
