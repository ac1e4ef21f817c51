/**
 * The one launch script behind every starter (launcher/*.cmd|.command|.sh) and `npm start`:
 * find a running instance or start the server, wait for /healthz, open the app window,
 * and shut down cleanly on Ctrl+C, SIGTERM or a closed terminal (SIGHUP).
 *
 * Flags: --no-open (never open a window; BROWSER=none does the same).
 * LAUNCH_OPENER=record:<file> is for tests only: the window is not opened, the
 * chosen URL and mode are appended to <file> as JSON lines.
 */
import { fileURLToPath } from "node:url";
import { type Config, loadConfig } from "../src/config.ts";
import { describeStartupError, type RunningServer, startServer } from "../src/server.ts";
import { getSilentPrinting } from "../src/services/printing/print-jobs.ts";
import {
  type BrowserChoice,
  chooseBrowser,
  hasDisplay,
  type Opener,
  type OpenOptions,
  realLookup,
  realOpener,
  recordingOpener,
} from "./browser.ts";
import { probePort, waitUntilHealthy } from "./probe.ts";

/** How many ports after the configured one are tried when another program holds it. */
const PORT_TRIES = 10;
const APP_NAME = "Smart Retail QR Billing";

export interface LaunchOptions {
  env: NodeJS.ProcessEnv;
  argv: string[];
  log?: (line: string) => void;
  opener?: Opener;
  choose?: () => BrowserChoice;
}

export type LaunchResult =
  | { kind: "attached"; url: string }
  | { kind: "started"; url: string; running: RunningServer }
  | { kind: "failed"; message: string };

function openerFrom(env: NodeJS.ProcessEnv): Opener {
  const spec = env.LAUNCH_OPENER ?? "";
  if (spec.startsWith("record:")) return recordingOpener(spec.slice("record:".length));
  return realOpener;
}

async function openWindow(
  url: string,
  config: Config,
  o: Required<LaunchOptions>,
  options: OpenOptions = {},
): Promise<void> {
  const noOpen = o.argv.includes("--no-open") || !config.openBrowser;
  if (noOpen || !hasDisplay(process.platform, o.env)) {
    o.log(`Open ${url} in a browser on this computer.`);
    return;
  }
  const choice = o.choose();
  o.log(
    choice.mode === "app"
      ? `Opening ${url} in a ${choice.name} app window…`
      : `Opening ${url} in your default browser…`,
  );
  try {
    if (options.silentPrinting)
      o.log("Silent printing is on: bills print without the print dialog.");
    await o.opener(url, choice, options);
  } catch (err) {
    o.log(`Could not open a browser (${(err as Error).message}). Open ${url} yourself.`);
  }
}

function probeHost(config: Config): string {
  return config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
}

/**
 * Finds our running instance on the configured port (or the next ones, when another
 * program holds it) and opens a window on it, or starts the server on the first free port.
 */
export async function launch(options: LaunchOptions): Promise<LaunchResult> {
  const o: Required<LaunchOptions> = {
    log: (line) => console.log(line),
    opener: openerFrom(options.env),
    choose: () => chooseBrowser(realLookup(options.env)),
    ...options,
  };
  // The shop's terminal shows warnings, not one JSON line per request.
  const env = { LOG_LEVEL: "warn", ...o.env };
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    return { kind: "failed", message: describeStartupError(err) };
  }
  const host = probeHost(config);
  // Under the LAN setting this computer still speaks plain http to 127.0.0.1; only a
  // HOST bound to one LAN address needs https from here.
  const https = config.lan && !/^(127\.|::1$|localhost$)/.test(host);
  const first = config.port;
  const last = first === 0 ? 0 : Math.min(first + PORT_TRIES - 1, 65535);
  for (let port = first; port <= last; port++) {
    const found = port === 0 ? { state: "free" as const } : await probePort(host, port, https);
    if (found.state === "ours") {
      o.log(`${APP_NAME} is already running at ${found.url} (process ${found.pid ?? "?"}).`);
      await openWindow(found.url, config, o);
      return { kind: "attached", url: found.url };
    }
    if (found.state === "foreign") {
      o.log(`Port ${port} is used by another program (not ${APP_NAME}).`);
      continue;
    }
    let running: RunningServer;
    try {
      running = await startServer({ ...env, PORT: String(port) });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") {
        return { kind: "failed", message: describeStartupError(err) };
      }
      // Someone took the port between the probe and listen: maybe a second launcher of ours.
      const again = await probePort(host, port, https);
      if (again.state === "ours") {
        await openWindow(again.url, config, o);
        return { kind: "attached", url: again.url };
      }
      o.log(`Port ${port} is used by another program (not ${APP_NAME}).`);
      continue;
    }
    const listening = running.server.address();
    const actual = typeof listening === "object" && listening ? listening.port : port;
    if (actual !== first && first !== 0) o.log(`Using port ${actual} instead of ${first}.`);
    await waitUntilHealthy(host, actual, https);
    o.log(`${APP_NAME} is running at ${running.url}`);
    if (running.lan) {
      o.log(`On the shop's network (phones, other tills): ${running.lan.urls.join("  ")}`);
      const download = running.lan.urls.map((u) => `${u.replace(/^https:/, "http:")}lan/ca.crt`);
      o.log(
        `Phones trust the app once: open ${download[0] ?? "http://<this computer>/lan/ca.crt"} ` +
          `and install the certificate (README: "Use a phone as a scanner").`,
      );
      o.log(
        `Certificate: ${running.lan.certificate.caFile} ` +
          `(SHA-256 ${running.lan.certificate.caFingerprint})`,
      );
    }
    o.log("Keep this window open while the shop is open. Press Ctrl+C to stop.");
    // The shop's "silent printing" setting (Settings → Printers): PDFs print with no dialog.
    const silentPrinting = await getSilentPrinting(running.database.db).catch(() => false);
    await openWindow(running.url, config, o, { silentPrinting });
    return { kind: "started", url: running.url, running };
  }
  return {
    kind: "failed",
    message:
      `Ports ${first}–${last} are all used by other programs. Close one of them, ` +
      `or choose another port, e.g. PORT=4000 npm start (Windows: set PORT=4000).`,
  };
}

/**
 * Stops on Ctrl+C, SIGTERM and a closed terminal (SIGHUP): requests finish, the database
 * closes. Registered before start-up, so a signal that arrives while starting is not lost.
 */
function handleSignals(log: (line: string) => void): (running: RunningServer) => void {
  let running: RunningServer | undefined;
  let pending: NodeJS.Signals | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (!running) {
      pending ??= signal;
      return;
    }
    if (stopping) return;
    stopping = true;
    // After SIGHUP the terminal is gone: writing to it must not crash the shutdown.
    if (signal !== "SIGHUP") log(`${signal}: finishing requests and closing the database…`);
    running.stop().then(
      () => {
        if (signal !== "SIGHUP") log("Stopped cleanly.");
        process.exit(0);
      },
      (err) => {
        console.error(describeStartupError(err));
        process.exit(1);
      },
    );
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);
  return (r) => {
    running = r;
    if (pending) stop(pending);
  };
}

/** The launcher as a program: launcher/start.mjs calls it (from the bundle or from source). */
export async function main(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
  const log = (line: string) => console.log(line);
  const serving = handleSignals(log);
  const result = await launch({ env: process.env, argv: process.argv.slice(2), log });
  if (result.kind === "failed") {
    console.error(result.message);
    process.exit(1);
  }
  if (result.kind === "attached") process.exit(0);
  if (result.kind === "started") serving(result.running);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void main();
}
