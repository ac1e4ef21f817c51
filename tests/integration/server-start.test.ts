import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { createTestTarget, testDialects } from "../helpers/db.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A port that was free a moment ago (the server is given a real number, not 0, so it prints it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function start(env: Record<string, string>) {
  // What a shop runs: the launcher, which loads the bundle (built by the globalSetup).
  const child = spawn(process.execPath, ["launcher/start.mjs", "--no-open"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      BROWSER: "none",
      LOG_LEVEL: "silent",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const printed = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = re.exec(out);
        if (m) resolve(m[0]);
      };
      child.stdout?.on("data", check);
      child.stderr?.on("data", check);
      child.once("exit", () => reject(new Error(`exited before printing ${re}: ${out}`)));
      check();
    });
  return { child, exited, printed, output: () => out };
}

describe.runIf(testDialects().includes("sqlite"))("server start-up failures", () => {
  it.each([
    [
      "an unreachable MySQL",
      "mysql://nobody@127.0.0.1:1/x",
      /Cannot reach the mysql database at 127\.0\.0\.1:1/,
    ],
    ["a malformed URL", "postgres://u@h/db", /DATABASE_URL must start with sqlite: or mysql:\/\//],
  ])("%s prints one readable line and exits non-zero", async (_what, url, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), "srqb-start-"));
    try {
      const run = start({ DATA_DIR: dir, DATABASE_URL: url, PORT: String(await freePort()) });
      const code = await run.exited;
      expect(code).not.toBe(0);
      const lines = run.output().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(run.output()).not.toMatch(/\n\s+at |Error:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const dialect of testDialects()) {
  describe(`${dialect}: server start on a fresh data directory`, () => {
    it("creates the database, prints the URL, answers /healthz and stops cleanly", async () => {
      const { target, dataDir, drop } = await createTestTarget(dialect);
      try {
        const port = await freePort();
        const env: Record<string, string> = { DATA_DIR: dataDir, PORT: String(port) };
        if (target.dialect === "mysql") env.DATABASE_URL = target.url;
        const run = start(env);
        const url = await run.printed(/http:\/\/127\.0\.0\.1:\d+\//);
        expect(url).toBe(`http://127.0.0.1:${port}/`);
        if (dialect === "sqlite") expect(existsSync(path.join(dataDir, "shop.sqlite"))).toBe(true);
        expect(existsSync(path.join(dataDir, "session-secret"))).toBe(true);
        const res = await fetch(`${url}healthz`);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({
          app: "smart-retail-qr-billing",
          dialect,
          database: "ok",
        });
        const setup = await fetch(url, { redirect: "manual" });
        expect(setup.status).toBe(302);
        expect(setup.headers.get("location")).toBe("/setup");
        run.child.kill("SIGTERM");
        expect(await run.exited).toBe(0);
      } finally {
        await drop();
      }
    });
  });
}
