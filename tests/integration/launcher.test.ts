import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { BrowserChoice } from "../../launcher/browser.ts";
import { launch } from "../../launcher/launch.ts";
import { ensureBundle, sourceFingerprint } from "../../launcher/start.mjs";
import { testDialects } from "../helpers/db.ts";
import {
  freePort,
  getJson,
  type Launched,
  launcherEnv,
  run,
  runLauncher,
} from "../helpers/launcher.ts";

// Child-process tests of launcher/launch.ts on SQLite (the launcher is dialect-blind);
// run once, in the sqlite pass of the integration suite.
const started: Launched[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const l of started.splice(0)) if (l.child.exitCode === null) l.child.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), "srqb-launch-"));
  dirs.push(d);
  return d;
}

function track(l: Launched): Launched {
  started.push(l);
  return l;
}

function recorded(file: string): Array<{ url: string; mode: string }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

/** Command lines of the processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid)
        found.push(readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " "));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function expectCleanDatabase(dir: string): void {
  const file = path.join(dir, "shop.sqlite");
  const wal = `${file}-wal`;
  // Checkpointed on close: no WAL left behind (absent or empty).
  expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
  const db = new SQLite(file);
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const migrated = db.prepare("select count(*) as n from kysely_migration").get() as {
      n: number;
    };
    expect(migrated.n).toBeGreaterThan(0);
  } finally {
    db.close();
  }
}

describe.runIf(testDialects().includes("sqlite"))("launcher (child processes)", () => {
  it("first start serves /healthz; a second start opens a window on it, exits 0, starts no server", async () => {
    const dir = dataDir();
    const port = await freePort(true);
    const rec = path.join(dir, "opened.jsonl");
    const env = launcherEnv({
      DATA_DIR: dir,
      PORT: String(port),
      DISPLAY: ":99",
      LAUNCH_OPENER: `record:${rec}`,
    });
    const first = track(runLauncher(env));
    await first.waitFor("Opening http://127.0.0.1");
    const health = await getJson(`http://127.0.0.1:${port}/healthz`);
    expect(health).toMatchObject({ app: "smart-retail-qr-billing", database: "ok" });
    expect(health.pid).toBe(first.child.pid);

    const second = track(runLauncher(env));
    expect((await second.exited).code).toBe(0);
    expect(second.output()).toContain("already running");
    const opened = recorded(rec);
    expect(opened).toHaveLength(2);
    expect(opened[1]?.url).toBe(`http://127.0.0.1:${port}/`);
    expect(["app", "default"]).toContain(opened[1]?.mode);
    // Still the first process answering, and nothing started on the next port.
    expect((await getJson(`http://127.0.0.1:${port}/healthz`)).pid).toBe(first.child.pid);
    await expect(getJson(`http://127.0.0.1:${port + 1}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
    expect(first.child.exitCode).toBeNull();

    first.child.kill("SIGINT");
    expect((await first.exited).code).toBe(0);
    expectCleanDatabase(dir);
  });

  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
    "%s stops the server with exit 0 and a clean database",
    async (signal) => {
      const dir = dataDir();
      const port = await freePort();
      const l = track(
        runLauncher(launcherEnv({ DATA_DIR: dir, PORT: String(port) }), ["--no-open"]),
      );
      await l.waitFor("Press Ctrl+C to stop");
      expect((await getJson(`http://127.0.0.1:${port}/healthz`)).database).toBe("ok");
      l.child.kill(signal);
      const exit = await l.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expectCleanDatabase(dir);
    },
  );

  it("does not mistake another program on the port for the app: takes the next port", async () => {
    const port = await freePort(true);
    const foreign: Server = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ app: "something-else", status: "ok" }));
    });
    await new Promise<void>((r) => foreign.listen(port, "127.0.0.1", () => r()));
    try {
      const dir = dataDir();
      const rec = path.join(dir, "opened.jsonl");
      const l = track(
        runLauncher(
          launcherEnv({
            DATA_DIR: dir,
            PORT: String(port),
            DISPLAY: ":99",
            LAUNCH_OPENER: `record:${rec}`,
          }),
        ),
      );
      await l.waitFor("Opening");
      expect(l.output()).toContain(`Port ${port} is used by another program`);
      expect(l.output()).toContain(`Using port ${port + 1} instead of ${port}`);
      expect(await getJson(`http://127.0.0.1:${port + 1}/healthz`)).toMatchObject({
        app: "smart-retail-qr-billing",
      });
      expect(await getJson(`http://127.0.0.1:${port}/healthz`)).toMatchObject({
        app: "something-else",
      });
      expect(recorded(rec)[0]?.url).toBe(`http://127.0.0.1:${port + 1}/`);
      l.child.kill("SIGTERM");
      expect((await l.exited).code).toBe(0);
    } finally {
      await new Promise((r) => foreign.close(r));
    }
  });

  it("under the LAN setting: the https addresses are printed, and a second start still finds it", async () => {
    const dir = dataDir();
    const port = await freePort(true);
    const rec = path.join(dir, "opened.jsonl");
    const env = launcherEnv({
      DATA_DIR: dir,
      PORT: String(port),
      LAN: "1",
      DISPLAY: ":99",
      LAUNCH_OPENER: `record:${rec}`,
    });
    const first = track(runLauncher(env));
    await first.waitFor("Press Ctrl+C to stop");
    // From the bundle: selfsigned and the LAN server are loaded lazily inside it.
    expect(first.output()).not.toContain("Starting from source");
    expect(first.output()).toContain("Phones trust the app once");
    expect(first.output()).toContain(path.join(dir, "certs", "lan-ca.crt"));
    expect((await getJson(`https://127.0.0.1:${port}/healthz`)).pid).toBe(first.child.pid);
    const second = track(runLauncher(env));
    expect((await second.exited).code).toBe(0);
    // The till's own window uses plain http on loopback: no certificate warning there.
    expect(recorded(rec).map((r) => r.url)).toEqual([
      `http://127.0.0.1:${port}/`,
      `http://127.0.0.1:${port}/`,
    ]);
    first.child.kill("SIGTERM");
    expect((await first.exited).code).toBe(0);
    expectCleanDatabase(dir);
  });

  it("with no display it prints the URL, opens nothing and keeps serving", async () => {
    const dir = dataDir();
    const port = await freePort();
    const rec = path.join(dir, "opened.jsonl");
    const l = track(
      runLauncher(
        launcherEnv({ DATA_DIR: dir, PORT: String(port), LAUNCH_OPENER: `record:${rec}` }),
      ),
    );
    await l.waitFor(`Open http://127.0.0.1:${port}/ in a browser`);
    expect(existsSync(rec)).toBe(false);
    expect((await getJson(`http://127.0.0.1:${port}/healthz`)).app).toBe("smart-retail-qr-billing");
    l.child.kill("SIGINT");
    expect((await l.exited).code).toBe(0);
  });

  it("hands the URL and the chosen mode to the injected opener (in-process)", async () => {
    const calls: Array<[string, BrowserChoice]> = [];
    const edge: BrowserChoice = { mode: "app", name: "Edge", executable: "C:\\Edge\\msedge.exe" };
    const result = await launch({
      env: { DATA_DIR: dataDir(), PORT: "0", DISPLAY: ":0", LOG_LEVEL: "silent" },
      argv: [],
      log: () => {},
      choose: () => edge,
      opener: async (url, choice) => {
        calls.push([url, choice]);
      },
    });
    if (result.kind !== "started") throw new Error(`not started: ${JSON.stringify(result)}`);
    try {
      expect(calls).toEqual([[result.url, edge]]);
      expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await result.running.stop();
    }
  });

  it("an invalid setting stops with one readable line and exit 1", async () => {
    const l = track(runLauncher(launcherEnv({ DATA_DIR: dataDir(), PORT: "not-a-port" })));
    expect((await l.exited).code).toBe(1);
    expect(l.output()).toContain("Invalid setting PORT");
    expect(l.output()).not.toContain("    at ");
  });

  it("the Linux starter (start-linux.sh) starts the app, and a second run finds it", async () => {
    const dir = dataDir();
    const port = await freePort();
    const rec = path.join(dir, "opened.jsonl");
    const env = launcherEnv({
      DATA_DIR: dir,
      PORT: String(port),
      DISPLAY: ":99",
      LAUNCH_OPENER: `record:${rec}`,
    });
    // Its own process group, so the signal reaches node under sh as Ctrl+C in a terminal would.
    const sh = track(run("sh", ["launcher/start-linux.sh"], env, { detached: true }));
    await sh.waitFor("Press Ctrl+C to stop");
    expect((await getJson(`http://127.0.0.1:${port}/healthz`)).app).toBe("smart-retail-qr-billing");
    expect(sh.output()).not.toContain("installing");

    const again = track(run("sh", ["launcher/start-linux.sh"], env));
    expect((await again.exited).code).toBe(0);
    expect(again.output()).toContain("already running");
    expect(recorded(rec).map((r) => r.url)).toEqual([
      `http://127.0.0.1:${port}/`,
      `http://127.0.0.1:${port}/`,
    ]);

    process.kill(-(sh.child.pid as number), "SIGINT");
    expect((await sh.exited).code).toBe(0);
    expectCleanDatabase(dir);
  });

  it("npm start runs a bundle that is rebuilt only when a source file changes", async () => {
    const entry = await ensureBundle();
    const stamp = path.join(path.dirname(entry), "stamp");
    expect(readFileSync(stamp, "utf8")).toBe(sourceFingerprint());
    const built = statSync(entry).mtimeMs;
    // Unchanged sources: the same file is used again.
    expect(await ensureBundle()).toBe(entry);
    expect(statSync(entry).mtimeMs).toBe(built);
    // Any change under src/ or launcher/, or to the packages, changes the fingerprint
    // (checked on a copy: touching the real sources would rebuild under other tests).
    const copy = dataDir();
    for (const part of ["src", "launcher", "package.json", "package-lock.json"])
      cpSync(part, path.join(copy, part), { recursive: true, preserveTimestamps: true });
    const before = sourceFingerprint();
    const fingerprintOfCopy = sourceFingerprint(copy);
    expect(sourceFingerprint(copy)).toBe(fingerprintOfCopy);
    const touched = path.join(copy, "src/version.ts");
    utimesSync(touched, new Date(), new Date(Date.now() + 60_000));
    expect(sourceFingerprint(copy)).not.toBe(fingerprintOfCopy);
    const edited = sourceFingerprint(copy);
    writeFileSync(path.join(copy, "launcher/new-file.ts"), "export {};\n");
    expect(sourceFingerprint(copy)).not.toBe(edited);
    const added = sourceFingerprint(copy);
    writeFileSync(path.join(copy, "package-lock.json"), "{}\n");
    expect(sourceFingerprint(copy)).not.toBe(added);
    // A stale stamp (as after an update) makes the next start rebuild.
    writeFileSync(stamp, "stale");
    await ensureBundle();
    expect(readFileSync(stamp, "utf8")).toBe(before);
    expect(statSync(entry).mtimeMs).toBeGreaterThan(built);
    // The bundle is the whole launcher: it loads without tsx and exposes main().
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import(${JSON.stringify(entry)}).then((m) => console.log(typeof m.main))`,
      ],
      { env: { PATH: process.env.PATH ?? "" } },
    );
    expect(out.toString().trim()).toBe("function");
  });

  it("a start that builds the bundle leaves no esbuild process behind", async () => {
    const entry = await ensureBundle();
    const stamp = path.join(path.dirname(entry), "stamp");
    // A stale stamp, as after an update: this start builds the bundle itself.
    writeFileSync(stamp, "stale");
    const dir = dataDir();
    const port = await freePort();
    const l = track(runLauncher(launcherEnv({ DATA_DIR: dir, PORT: String(port) }), ["--no-open"]));
    await l.waitFor("Press Ctrl+C to stop");
    expect(l.output()).not.toContain("Starting from source");
    expect(readFileSync(stamp, "utf8")).toBe(sourceFingerprint());
    const children = childrenOf(l.child.pid as number);
    expect(children.filter((c) => /esbuild/.test(c))).toEqual([]);
    l.child.kill("SIGINT");
    expect((await l.exited).code).toBe(0);
  });

  it("starts from the sources when the bundle cannot be loaded", async () => {
    const dir = dataDir();
    const port = await freePort();
    const l = track(
      run(
        process.execPath,
        ["--import", "./tests/helpers/block-bundle.mjs", "launcher/start.mjs", "--no-open"],
        launcherEnv({ DATA_DIR: dir, PORT: String(port) }),
      ),
    );
    await l.waitFor(`Open http://127.0.0.1:${port}/ in a browser`);
    expect(l.output()).toContain("Starting from source");
    expect((await getJson(`http://127.0.0.1:${port}/healthz`)).app).toBe("smart-retail-qr-billing");
    l.child.kill("SIGINT");
    expect((await l.exited).code).toBe(0);
  });

  it("the Linux starter explains what to install when Node is missing", async () => {
    // A PATH with the shell tools the starter uses, but no node.
    const bin = dataDir();
    symlinkSync(
      execFileSync("sh", ["-c", "command -v dirname"]).toString().trim(),
      path.join(bin, "dirname"),
    );
    const l = track(run("/bin/sh", ["launcher/start-linux.sh"], { PATH: bin, HOME: dataDir() }));
    expect((await l.exited).code).toBe(1);
    expect(l.output()).toContain("Node.js is not installed");
    expect(l.output()).toContain("https://nodejs.org/");
  });
});
