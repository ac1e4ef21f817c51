import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The real app (src/server.ts run by tsx) as a child process: what a till runs. */
export interface AppProcess {
  child: ChildProcess;
  /** Base URL without the trailing slash, e.g. http://127.0.0.1:41234 */
  base: string;
  output(): string;
  /** kill -9: no shutdown handler runs, in-flight transactions die with the process. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the clean exit. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of running) if (c.exitCode === null) c.kill("SIGKILL");
});

/** Starts src/server.ts on a free port with the given DATABASE_URL and data directory. */
export async function startAppProcess(opts: {
  databaseUrl: string;
  dataDir: string;
  env?: Record<string, string>;
}): Promise<AppProcess> {
  // One process (node --import tsx, as `npm start` runs it), so SIGKILL hits the server
  // itself: the tsx CLI would leave its child running.
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      BROWSER: "none",
      LOG_LEVEL: process.env.RELIABILITY_LOG ? "error" : "silent",
      PORT: "0",
      DATA_DIR: opts.dataDir,
      DATABASE_URL: opts.databaseUrl,
      SESSION_SECRET: "reliability-secret-shared-by-all-tills",
      LOGIN_MAX_PER_ADDRESS: "100000",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let out = "";
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /running at (http:\/\/\S+?)\/?\s/.exec(out);
      if (m?.[1]) resolve(m[1]);
    };
    const onData = (d: Buffer) => {
      out += String(d);
      check();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", () => reject(new Error(`server exited before listening: ${out}`)));
    setTimeout(() => reject(new Error(`server did not start within 30 s: ${out}`)), 30_000);
  });
  return {
    child,
    base: url,
    output: () => out,
    kill9: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}
