import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, linkSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { DatabaseTarget } from "../../src/config.ts";
import { backupsDir, dailyBackupFile } from "../../src/db/backup.ts";
import { BENCH_DIR, DATA_DIR } from "./dataset.ts";

const ROOT = path.resolve(BENCH_DIR, "..");

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Milliseconds from spawn to /healthz answering 200. */
  startMs: number;
  stop(): Promise<void>;
}

/** The entry a shop runs (`npm start`, the starters): the bundled launcher. */
function entry(): string[] {
  return [path.join(ROOT, "launcher/start.mjs"), "--no-open"];
}

export function databaseUrl(target: DatabaseTarget): string {
  return target.dialect === "sqlite" ? `sqlite:${target.file}` : target.url;
}

/**
 * Starts the real server as a child process (as the launcher runs it) on a
 * free loopback port and waits until /healthz answers.
 */
export async function startServerProcess(
  target: DatabaseTarget,
  extraEnv: Record<string, string> = {},
  extraNodeArgs: string[] = [],
  /** The SQLite data set the run copy was made from (the day's backup). */
  pristine?: string,
  /** The server's data directory under bench/data/ (a second server needs its own). */
  dataDirName = "server",
): Promise<ServerProcess> {
  const dataDir = path.join(DATA_DIR, dataDirName);
  mkdirSync(dataDir, { recursive: true });
  // The day's first start of a shop backs its SQLite file up; for 1.7 GB that
  // would run inside the measurements. The day's backup is the pristine data
  // set the run copy was made from: linked in, the app finds it done.
  if (target.dialect === "sqlite" && pristine) {
    const daily = dailyBackupFile(dataDir);
    mkdirSync(backupsDir(dataDir), { recursive: true, mode: 0o700 });
    if (!existsSync(daily)) linkSync(pristine, daily);
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl(target),
    PORT: "0",
    HOST: "127.0.0.1",
    BROWSER: "none",
    LOG_LEVEL: "warn",
    SESSION_SECRET: "bench-session-secret-0123456789",
    LOGIN_MAX_PER_ADDRESS: "100000",
    BENCH_BASELINE: "1",
    ...extraEnv,
  };
  const t0 = performance.now();
  const child = spawn(process.execPath, [...extraNodeArgs, ...entry()], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/running at (https?:\/\/[^\s/]+)\//);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code}):\n${output}`)));
    setTimeout(() => reject(new Error(`server did not start in 60 s:\n${output}`)), 60_000);
  });
  // Poll /healthz: the moment a till could be used.
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const startMs = performance.now() - t0;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, pid: child.pid as number, url, startMs, stop };
}

/** Resident memory of a process in MiB (VmRSS, or VmHWM for the peak). */
export function rssMiB(pid: number, field: "VmRSS" | "VmHWM" = "VmRSS"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = status.match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}
