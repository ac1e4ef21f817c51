import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import type { Dialect } from "../../src/db/database.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { createTestTarget } from "./db.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** True when Debian's Chromium is installed; under CI=true its absence throws instead. */
export function chromiumAvailable(): boolean {
  const ok = existsSync(CHROMIUM_PATH);
  if (!ok && process.env.CI === "true") {
    throw new Error(
      `CI=true but Chromium is missing at ${CHROMIUM_PATH}: apt-get install chromium`,
    );
  }
  return ok;
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Headless Debian Chromium with a throwaway profile (launchPersistentContext, not --user-data-dir). */
export async function launchBrowser(
  options: { args?: string[]; viewport?: { width: number; height: number } } = {},
): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), "srqb-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    viewport: options.viewport ?? { width: 1366, height: 768 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface LiveServer extends RunningServer {
  cleanup(): Promise<void>;
}

/** The real server (startServer) on a free port and a throwaway database. */
export async function startLiveServer(dialect: Dialect = "sqlite"): Promise<LiveServer> {
  const { target, dataDir, drop } = await createTestTarget(dialect);
  const running = await startServer({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: target.dialect === "sqlite" ? `sqlite:${target.file}` : target.url,
    LOG_LEVEL: "silent",
    BROWSER: "none",
  });
  return {
    ...running,
    cleanup: async () => {
      await running.stop();
      await drop();
    },
  };
}

/** Fills the setup form in the browser and lands on the dashboard. */
export async function setupInBrowser(
  page: Page,
  baseUrl: string,
  owner = { username: "owner", password: "owner-pass-123", displayName: "Asha Owner" },
): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel("Shop name").fill("Sharma Kirana Store");
  await page.getByLabel("Address").fill("12 MG Road, Pune");
  await page.getByLabel("Your name").fill(owner.displayName);
  await page.getByLabel("Username").fill(owner.username);
  await page.getByLabel("Password", { exact: true }).fill(owner.password);
  await page.getByLabel("Confirm password").fill(owner.password);
  await page.getByRole("button", { name: "Create shop" }).click();
  await page.waitForURL(`${baseUrl}`);
}
