import { rssMiB, startServerProcess } from "../lib/server.ts";
import type { Scenario } from "./types.ts";

const RUNS = 3;

/** Spawn → /healthz answering, as the launcher starts it; idle RSS a few seconds later. */
export const coldStart: Scenario = {
  id: "cold-start",
  title: "cold start to /healthz; idle RSS",
  target: "≤ 1.5 s; idle RSS ≤ 120 MB",
  async run(ctx) {
    const times: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const server = await startServerProcess(ctx.dataset.target, {}, [], ctx.dataset.pristine);
      try {
        times.push(server.startMs);
        await fetch(`${server.url}/login`).then((r) => r.text());
        await new Promise((r) => setTimeout(r, 3000));
        rss.push(rssMiB(server.pid));
      } finally {
        await server.stop();
      }
    }
    times.sort((a, b) => a - b);
    rss.sort((a, b) => a - b);
    const median = times[Math.floor(RUNS / 2)] as number;
    const idle = rss[Math.floor(RUNS / 2)] as number;
    return {
      status: "ok",
      p50: median,
      p99: times[RUNS - 1],
      met: median <= 1500 && idle <= 120,
      note: `start ${times.map((t) => Math.round(t)).join("/")} ms over ${RUNS} starts; idle RSS ${idle.toFixed(0)} MiB (after one page, 3 s idle)`,
      extra: { startMs: times, idleRssMiB: rss },
    };
  },
};
