import { ordinaryCodes } from "../lib/db-baseline.ts";
import { billIdIn, send } from "../lib/http.ts";
import { runSequential } from "../lib/load.ts";
import type { BenchContext, Scenario } from "./types.ts";
import { notBuilt } from "./types.ts";

/** The owner's analytics page for a period, one request at a time (server time). */
function analytics(id: string, range: "all" | "90d", limitMs: number): Scenario {
  return {
    id,
    title: `analytics page, ${range === "all" ? "all time" : "last 90 days"}, cached`,
    target: `≤ ${limitMs} ms server time (p50)`,
    connections: 1,
    async run(ctx: BenchContext) {
      const path = `/analytics?range=${range}`;
      const probe = await send(ctx.server.url, ctx.owner, "GET", path);
      if (probe.status === 404) return notBuilt("GET /analytics is not there");
      if (probe.status !== 200)
        return { status: "error", met: false, note: `GET ${path}: HTTP ${probe.status}` };
      const r = await runSequential({
        url: ctx.server.url,
        session: ctx.owner,
        pathFor: () => path,
        count: 20,
      });
      return {
        status: r.non2xx > 0 ? "error" : "ok",
        p50: r.p50,
        p99: r.p99,
        throughput: r.rps,
        ratio: r.p50 / ctx.baselines.db.p50,
        ratioOf: "× raw stmt p50",
        met: r.non2xx === 0 && r.p50 <= limitMs,
        note: `20 sequential GET ${path} as the owner after one warm-up: the page's cache answers (see the -cold rows)`,
      };
    },
  };
}

export const analyticsAll = analytics("analytics-all", "all", 150);
export const analytics90 = analytics("analytics-90d", "90d", 600);

/**
 * The same page's figures computed from scratch, in process: the cache is
 * dropped before every run, as it is after every sale, void or new customer.
 * This is what an owner waits for after the shop has been selling.
 */
function analyticsCold(id: string, range: "all" | "90d", limitMs: number): Scenario {
  return {
    id,
    title: `analytics figures, ${range === "all" ? "all time" : "last 90 days"}, no cache`,
    target: `≤ ${limitMs} ms server time (p50)`,
    async run(ctx: BenchContext) {
      const { openDatabase } = await import("../../src/db/database.ts");
      const { getAnalytics } = await import("../../src/services/analytics/analytics.ts");
      const { invalidateAnalyticsCache } = await import("../../src/services/analytics/scope.ts");
      const { parseListQuery } = await import("../../src/services/analytics/lists.ts");
      const { percentiles } = await import("../lib/load.ts");
      const database = openDatabase(ctx.dataset.target);
      try {
        const samples: number[] = [];
        for (let i = 0; i < 11; i++) {
          invalidateAnalyticsCache(database.db);
          const t = performance.now();
          await getAnalytics(database.db, { range }, parseListQuery({}));
          if (i > 0) samples.push(performance.now() - t); // the first run warms the JIT
        }
        const { p50, p99 } = percentiles(samples);
        return {
          status: "ok",
          p50,
          p99,
          met: p50 <= limitMs,
          note: `getAnalytics(range=${range}) in process, cache dropped before each of 10 runs`,
        };
      } finally {
        await database.close();
      }
    },
  };
}

export const analyticsAllCold = analyticsCold("analytics-all-cold", "all", 150);
export const analytics90Cold = analyticsCold("analytics-90d-cold", "90d", 600);

/**
 * The page as the owner opens it right after a sale, over HTTP from the real
 * server: a till sells one item (which changes the figures, so the server's
 * cache no longer answers), then the owner's GET is timed, rendering included.
 * This is the wait the target is about; the -cold rows above are the same
 * computation in the bench's own process.
 */
function analyticsAfterSale(id: string, range: "all" | "90d", limitMs: number): Scenario {
  return {
    id,
    title: `analytics page, ${range === "all" ? "all time" : "last 90 days"}, right after a sale`,
    target: `≤ ${limitMs} ms server time (p50)`,
    connections: 1,
    async run(ctx: BenchContext) {
      const { percentiles } = await import("../lib/load.ts");
      const base = ctx.server.url;
      const till = ctx.tills[0];
      if (!till) return { status: "error", met: false, note: "no till session" };
      const codes = await ordinaryCodes(ctx.dataset.target, 11);
      const path = `/analytics?range=${range}`;
      const samples: number[] = [];
      for (let i = 0; i < 11; i++) {
        const scan = await send(base, till, "POST", "/till/scan", {
          code: codes[i % codes.length] as string,
        });
        const billId = billIdIn(scan.text);
        const sale = await send(base, till, "POST", "/till/complete", {
          billId: billId ?? "",
          mode: "cash",
          tendered: "",
        });
        if (sale.status !== 200 || !/complete/i.test(sale.text))
          return { status: "error", met: false, note: `sale before run ${i}: HTTP ${sale.status}` };
        const page = await send(base, ctx.owner, "GET", path);
        if (page.status !== 200)
          return { status: "error", met: false, note: `GET ${path}: HTTP ${page.status}` };
        if (i > 0) samples.push(page.ms); // the first run warms the JIT
      }
      const { p50, p99 } = percentiles(samples);
      return {
        status: "ok",
        p50,
        p99,
        met: p50 <= limitMs,
        note: `10 × (one-item cash sale on till01, then GET ${path} as the owner, timed): figures computed afresh and rendered by the server`,
      };
    },
  };
}

export const analyticsAllAfterSale = analyticsAfterSale("analytics-all-after-sale", "all", 150);
export const analytics90AfterSale = analyticsAfterSale("analytics-90d-after-sale", "90d", 600);
