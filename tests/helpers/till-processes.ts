import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";
import type { DatabaseTarget } from "../../src/config.ts";
import type { Dialect } from "../../src/db/database.ts";
import { createTestTarget } from "./db.ts";
import { HttpTill } from "./http-till.ts";
import { CASHIER_PASSWORD } from "./reliability.ts";
import { type AppProcess, startAppProcess } from "./server-process.ts";

/** The DATABASE_URL an app process is started with for a test target. */
export function databaseUrlOf(target: DatabaseTarget): string {
  return target.dialect === "mysql" ? String(target.url) : `sqlite:${target.file}`;
}

/** MySQL races on two app processes over one database; SQLite on one process (one file). */
export function raceProcessCount(dialect: Dialect): number {
  return dialect === "mysql" ? 2 : 1;
}

export type TestTarget = Awaited<ReturnType<typeof createTestTarget>>;

/**
 * The app processes a reliability test races on, as a shop runs them
 * (launcher/start.mjs → the bundle), each with its own data folder on one
 * database. Call in a describe block: after it, every process is stopped and
 * the database dropped. RELIABILITY_LOG=1 prints each process's log.
 */
export function useTillProcesses() {
  const apps: AppProcess[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    if (process.env.RELIABILITY_LOG) for (const a of apps) console.info(a.output());
    for (const a of apps) await a.stop().catch(() => {});
    await drop?.();
  });
  return {
    apps,
    /** A throwaway database of the dialect, dropped after the block. */
    async database(dialect: Dialect): Promise<TestTarget> {
      const made = await createTestTarget(dialect);
      drop = made.drop;
      return made;
    },
    /** Starts `names.length` processes on the database, data folders `till-<name>`. */
    async start(made: TestTarget, names: string[]): Promise<AppProcess[]> {
      const started = names.map((name) => {
        const dataDir = path.join(made.dataDir, `till-${name}`);
        mkdirSync(dataDir);
        return startAppProcess({ databaseUrl: databaseUrlOf(made.target), dataDir });
      });
      const processes = await Promise.all(started);
      apps.push(...processes);
      return processes;
    },
    /** One logged-in till per cashier, spread over the processes in turn. */
    async logIn(processes: AppProcess[], cashiers: string[]): Promise<HttpTill[]> {
      const tills = cashiers.map(
        (u, i) => new HttpTill(processes[i % processes.length]?.base ?? "", u, CASHIER_PASSWORD),
      );
      await Promise.all(tills.map((t) => t.login()));
      return tills;
    },
  };
}

/** `count` process names: "0", "1", … */
export const processNames = (count: number) => Array.from({ length: count }, (_, p) => String(p));
