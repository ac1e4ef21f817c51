import { ensureDataset } from "../lib/dataset.ts";
import { ordinaryCodes } from "../lib/db-baseline.ts";
import { loginMany, type Session } from "../lib/http.ts";
import { startServerProcess } from "../lib/server.ts";
import { alternate, completions, p50Of, pairResult } from "./till-shape.ts";
import type { Scenario } from "./types.ts";

/**
 * Completion against the size of the shop's history: the same 10-line
 * completion at one till on this data set and on one with a fifth of its bills
 * (same products and customers; generated once and reused), each on its own
 * server process, in alternating rounds.
 */
export const completeHistory: Scenario = {
  id: "complete-history",
  title:
    "complete a 10-line bill with all the bills of history against a fifth of them, 1 till each",
  target: "p50 ≤ 1.2 × with a fifth of the history",
  connections: 1,
  async run(ctx) {
    const scale = {
      ...ctx.opts.scale,
      name: `${ctx.opts.scale.name}-fifth`,
      bills: ctx.opts.scale.bills / 5,
    };
    ctx.log(
      `  data set with ${scale.bills.toLocaleString("en-IN")} bills (generated once, then reused)`,
    );
    const fifth = await ensureDataset({ ...ctx.opts, scale, regenerate: false });
    // Read before logging in: each takes seconds, longer than an idle connection is kept open.
    const hereCodes = await ordinaryCodes(ctx.dataset.target, 2000);
    const thereCodes = await ordinaryCodes(fifth.target, 2000);
    const other = await startServerProcess(fifth.target, {}, [], fifth.pristine, "server-fifth");
    try {
      const here = ctx.tills[17] as Session;
      const [there] = (await loginMany(other.url, [here.username])) as [Session];
      const { a, b } = await alternate(
        3,
        () => completions(other.url, there, thereCodes.slice(1000), 10, 10),
        () => completions(ctx.server.url, here, hereCodes.slice(1000), 10, 10),
      );
      return pairResult(
        { a, b },
        1.2,
        `× p50 with ${scale.bills.toLocaleString("en-IN")} bills`,
        `3 rounds × 10 completions on each; ${scale.bills.toLocaleString("en-IN")} bills of history: p50 ${p50Of(a).toFixed(2)} ms`,
      );
    } finally {
      await other.stop();
    }
  },
};
