import { spawn } from "node:child_process";
import path from "node:path";
import { BENCH_DIR } from "./dataset.ts";

export interface BareServer {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts bench/lib/bare-express.mjs (plain node, one Express route) on a free loopback port. */
export async function startBareExpress(): Promise<BareServer> {
  const child = spawn(process.execPath, [path.join(BENCH_DIR, "lib", "bare-express.mjs")], {
    cwd: path.resolve(BENCH_DIR, ".."),
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/bare express at (http:\/\/[^\s/]+)/);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.once("exit", (code) => reject(new Error(`bare express exited (${code}):\n${output}`)));
    setTimeout(() => reject(new Error(`bare express did not start in 10 s:\n${output}`)), 10_000);
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { pid: child.pid as number, url, stop };
}
