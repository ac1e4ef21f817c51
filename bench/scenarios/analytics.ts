import { send } from "../lib/http.ts";
import { runSequential } from "../lib/load.ts";
import type { BenchContext, Scenario } from "./types.ts";
import { notBuilt } from "./types.ts";

/** The owner's analytics page for a period, one request at a time (server time). */
function analytics(id: string, range: "all" | "90d", limitMs: number): Scenario {
  return {
    id,
    title: `analytics page, ${range === "all" ? "all time" : "last 90 days"}`,
    target: `≤ ${limitMs} ms server time (p50)`,
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
        note: `20 sequential GET ${path} as the owner (after one warm-up)`,
      };
    },
  };
}

export const analyticsAll = analytics("analytics-all", "all", 150);
export const analytics90 = analytics("analytics-90d", "90d", 600);
