import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { type AppDatabase, type Dialect, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createTestTarget } from "./db.ts";
import { watchBrowser, watchServer } from "./e2e-diagnostics.ts";
import { type AppProcess, startAppProcess } from "./server-process.ts";

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
  const unwatch = watchBrowser(context);
  return {
    context,
    page,
    close: async () => {
      unwatch();
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface LiveServer {
  /** Base URL with the trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** The test's own connection to the app's database (to seed rows and check them). */
  database: AppDatabase;
  dialect: Dialect;
  process: AppProcess;
  cleanup(): Promise<void>;
}

/**
 * The app as a shop runs it (launcher/start.mjs → the bundle, its own process)
 * on a free port and a throwaway database; the test opens its own connection to
 * that database. Dialect: the argument, else E2E_DIALECT (sqlite by default).
 */
export async function startLiveServer(
  dialect: Dialect = (process.env.E2E_DIALECT as Dialect | undefined) ?? "sqlite",
): Promise<LiveServer> {
  const { target, dataDir, drop } = await createTestTarget(dialect);
  const database = openDatabase(target);
  try {
    // Migrated before the app starts, so the test may seed rows at once.
    await migrateToLatest(database.db);
    const app = await startAppProcess({
      databaseUrl: target.dialect === "sqlite" ? `sqlite:${target.file}` : target.url,
      dataDir,
      env: { HOST: "127.0.0.1" },
    });
    const unwatch = watchServer(`app process on ${dialect} (${app.base})`, app.output);
    return {
      url: `${app.base}/`,
      database,
      dialect,
      process: app,
      cleanup: async () => {
        unwatch();
        await app.stop();
        await database.close();
        await drop();
      },
    };
  } catch (err) {
    await database.close();
    await drop();
    throw err;
  }
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
