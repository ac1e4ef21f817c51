import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A port nobody listens on right now (and, with `pair`, the one after it too). */
export async function freePort(pair = false): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => {
        const a = s.address();
        s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
      });
    });
    if (port >= 65535) continue;
    if (!pair || (await isFree(port + 1))) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

export interface Launched {
  child: ChildProcess;
  output(): string;
  /** Resolves when the output contains `text` (rejects if the process exits first). */
  waitFor(text: string | RegExp): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Minimal environment for a launcher child: no DATABASE_URL, LAN, BROWSER from the test runner. */
export function launcherEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: mkdtempSync(path.join(tmpdir(), "srqb-home-")),
    LOG_LEVEL: "warn",
    ...extra,
  };
}

/** Runs `command args` in the project root and collects stdout+stderr. */
export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { detached?: boolean } = {},
): Launched {
  const child = spawn(command, args, {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached,
  });
  let out = "";
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString("utf8");
    for (const w of [...waiters]) w();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (text: string | RegExp) =>
    new Promise<void>((resolve, reject) => {
      const matches = () => (typeof text === "string" ? out.includes(text) : text.test(out));
      const check = () => {
        if (matches()) {
          waiters.splice(waiters.indexOf(check), 1);
          resolve();
        }
      };
      waiters.push(check);
      check();
      void exited.then(() => {
        if (!matches()) reject(new Error(`exited before "${text}" appeared:\n${out}`));
      });
    });
  return { child, output: () => out, waitFor, exited };
}

/** The launch script as the starters and `npm start` run it. */
export function runLauncher(env: NodeJS.ProcessEnv, args: string[] = []): Launched {
  return run(process.execPath, ["launcher/start.mjs", ...args], env);
}

/** GET a URL's JSON (http or https with a self-signed certificate). */
export async function getJson(url: string): Promise<Record<string, unknown>> {
  const { get } = url.startsWith("https:") ? await import("node:https") : await import("node:http");
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (res) => {
      let body = "";
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => {
        try {
          resolve(JSON.parse(body));
        } catch (err) {
          reject(err);
        }
      });
    }).on("error", reject);
  });
}
