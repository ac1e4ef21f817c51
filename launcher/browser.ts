import { spawn } from "node:child_process";
import { appendFileSync, existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import open from "open";

/** How the app window is opened: an app-mode window of a Chromium browser, or the default browser. */
export type BrowserChoice =
  | { mode: "app"; name: "Chrome" | "Edge" | "Chromium"; executable: string }
  | { mode: "default" };

/** How the window prints: silently (no dialog, to the default printer) when the shop chose so. */
export interface OpenOptions {
  silentPrinting?: boolean;
}

/** Opens the app at `url` the chosen way; the real one in production, a recorder in tests. */
export type Opener = (url: string, choice: BrowserChoice, options?: OpenOptions) => Promise<void>;

/**
 * The app window's command line. Silent printing is Chromium's --kiosk-printing:
 * print() goes to the default printer without the dialog. Chrome applies it
 * only when it starts that browser process (not to a window joining a Chrome
 * that is already open), which the README says.
 */
export function appWindowArgs(url: string, options: OpenOptions = {}): string[] {
  return [`--app=${url}`, ...(options.silentPrinting ? ["--kiosk-printing"] : [])];
}

export interface Lookup {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** True when the file exists (injected so tests can fake the filesystem). */
  exists(file: string): boolean;
}

type Name = "Chrome" | "Edge" | "Chromium";

function candidates(l: Lookup): Array<[Name, string]> {
  const { env } = l;
  if (l.platform === "win32") {
    const j = path.win32.join;
    const roots = [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA].filter(
      (r): r is string => Boolean(r),
    );
    return [
      ...roots.map((r): [Name, string] => [
        "Chrome",
        j(r, "Google", "Chrome", "Application", "chrome.exe"),
      ]),
      ...roots.map((r): [Name, string] => [
        "Edge",
        j(r, "Microsoft", "Edge", "Application", "msedge.exe"),
      ]),
      ...roots.map((r): [Name, string] => [
        "Chromium",
        j(r, "Chromium", "Application", "chrome.exe"),
      ]),
      ...onPath(l, [
        ["Chrome", "chrome.exe"],
        ["Edge", "msedge.exe"],
      ]),
    ];
  }
  if (l.platform === "darwin") {
    const apps = ["/Applications", path.posix.join(l.home, "Applications")];
    const bundles: Array<[Name, string]> = [
      ["Chrome", "Google Chrome.app/Contents/MacOS/Google Chrome"],
      ["Edge", "Microsoft Edge.app/Contents/MacOS/Microsoft Edge"],
      ["Chromium", "Chromium.app/Contents/MacOS/Chromium"],
    ];
    return bundles.flatMap(([name, rel]) =>
      apps.map((dir): [Name, string] => [name, path.posix.join(dir, rel)]),
    );
  }
  return onPath(l, [
    ["Chrome", "google-chrome"],
    ["Chrome", "google-chrome-stable"],
    ["Edge", "microsoft-edge"],
    ["Edge", "microsoft-edge-stable"],
    ["Chromium", "chromium"],
    ["Chromium", "chromium-browser"],
  ]).concat([["Chromium", "/snap/bin/chromium"]]);
}

function onPath(l: Lookup, names: Array<[Name, string]>): Array<[Name, string]> {
  const p = l.platform === "win32" ? path.win32 : path.posix;
  const dirs = (l.env.PATH ?? l.env.Path ?? "").split(p.delimiter).filter(Boolean);
  return names.flatMap(([name, file]) => dirs.map((d): [Name, string] => [name, p.join(d, file)]));
}

/** Chrome, then Edge, then Chromium in app mode when one is installed; else the default browser. */
export function chooseBrowser(l: Lookup): BrowserChoice {
  for (const [name, executable] of candidates(l)) {
    if (l.exists(executable)) return { mode: "app", name, executable };
  }
  return { mode: "default" };
}

/** The lookup on this machine. */
export function realLookup(env: NodeJS.ProcessEnv): Lookup {
  return { platform: process.platform, env, home: homedir(), exists: existsSync };
}

/** Whether a window can be shown at all: Linux/BSD need an X11 or Wayland display. */
export function hasDisplay(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (platform === "win32" || platform === "darwin") return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The production opener: spawns the browser in app mode (detached), or asks `open` for the default browser. */
export const realOpener: Opener = async (url, choice, options = {}) => {
  if (choice.mode === "app") {
    const started = await new Promise<boolean>((resolve) => {
      const child = spawn(choice.executable, appWindowArgs(url, options), {
        detached: true,
        stdio: "ignore",
      });
      child.once("error", () => resolve(false));
      child.once("spawn", () => {
        child.unref();
        resolve(true);
      });
    });
    if (started) return;
  }
  // `open` rejects when xdg-open is missing; the caller prints the URL either way.
  await open(url);
};

/**
 * Test-only opener (LAUNCH_OPENER=record:<file>): appends one JSON line
 * `{ url, mode, browser }` (plus `silentPrinting: true` when on) to the file
 * instead of opening anything.
 */
export function recordingOpener(file: string): Opener {
  return async (url, choice, options = {}) => {
    const browser = choice.mode === "app" ? choice.name : null;
    const silent = options.silentPrinting ? { silentPrinting: true } : {};
    appendFileSync(file, `${JSON.stringify({ url, mode: choice.mode, browser, ...silent })}\n`);
  };
}
