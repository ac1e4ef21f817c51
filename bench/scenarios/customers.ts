import { send } from "../lib/http.ts";
import { runSequential } from "../lib/load.ts";
import { StatementTally } from "../lib/statements.ts";
import type { Scenario } from "./types.ts";
import { notBuilt } from "./types.ts";

/**
 * The till's customer search (GET /till/customers?q=…) as a cashier types a
 * phone: the whole number as people write it, or its last five digits.
 */
export const customerSearch: Scenario = {
  id: "customer-search",
  title: "customer phone search at the till, 1 connection",
  target: "p99 ≤ 10 ms",
  connections: 1,
  async run(ctx) {
    const phones = ctx.dataset.marker.samplePhones;
    const queries = phones.flatMap((p) => {
      const digits = p.slice(3); // +91 removed
      return [`${digits.slice(0, 5)} ${digits.slice(5)}`, digits.slice(-5)];
    });
    const probe = await send(
      ctx.server.url,
      ctx.owner,
      "GET",
      `/till/customers?q=${encodeURIComponent(queries[0] ?? "")}`,
    );
    if (probe.status === 404) return notBuilt("GET /till/customers is not there");
    if (!/9\d/.test(probe.text))
      return {
        status: "error",
        met: false,
        note: `search found nothing: ${probe.text.slice(0, 120)}`,
      };
    const [s] = await ctx.moreTills(1);
    const tally = new StatementTally();
    const r = await tally.during(
      ctx.server.url,
      (out) => out.requests,
      () =>
        runSequential({
          url: ctx.server.url,
          session: s as NonNullable<typeof s>,
          seconds: Math.min(ctx.opts.duration, 5),
          pathFor: (k) =>
            `/till/customers?q=${encodeURIComponent(queries[k % queries.length] as string)}`,
        }),
    );
    const base = await ctx.bare1();
    return {
      status: r.non2xx > 0 ? "error" : "ok",
      p50: r.p50,
      p99: r.p99,
      throughput: r.rps,
      ratio: r.p50 / base.p50,
      ratioOf: "× stack-route p50",
      met: r.non2xx === 0 && r.p99 <= 10,
      statements: tally.result() ?? undefined,
      note: `${queries.length} distinct queries (full number and last 5 digits)`,
    };
  },
};
