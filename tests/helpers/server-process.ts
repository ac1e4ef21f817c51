import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The real app as a child process, started the way a shop starts it: `node
 * launcher/start.mjs` (what `npm start` and the starters run), which loads the
 * esbuild bundle dist/launch.js. The bundle is built once per test run by the
 * vitest globalSetup (tests/helpers/bundle-setup.ts), so the processes here only
 * load it. A start that fell back to the sources is an error: tests run what ships.
 */
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

/** What launcher/start.mjs prints when it could not use the bundle. */
export const FROM_SOURCE = "Starting from source";

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of running) if (c.exitCode === null) c.kill("SIGKILL");
});

/** Starts the shipped app on a free port with the given DATABASE_URL and data directory. */
export async function startAppProcess(opts: {
  databaseUrl: string;
  dataDir: string;
  env?: Record<string, string>;
}): Promise<AppProcess> {
  // One process (start.mjs imports the bundle in-process), so SIGKILL hits the server itself.
  const child = spawn(process.execPath, ["launcher/start.mjs", "--no-open"], {
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
      if (out.includes(FROM_SOURCE)) reject(new Error(`the bundle did not load: ${out}`));
      const m = /running at (https?:\/\/\S+?)\/?\s/.exec(out);
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
