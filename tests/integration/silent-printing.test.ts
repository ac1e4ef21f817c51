import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appWindowArgs, type BrowserChoice, type OpenOptions } from "../../launcher/browser.ts";
import { launch } from "../../launcher/launch.ts";
import { createApp } from "../../src/app.ts";
import { openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createLogger } from "../../src/logger.ts";
import { parseLpstatDefault } from "../../src/services/printing/os-printers.ts";
import { setupShopVia, testConfig, tokenFor } from "../helpers/app.ts";

/**
 * No thermal printer: the shop turns on silent printing and the launcher's app
 * window is started with --kiosk-printing (PDFs print to the default printer
 * with no dialog). The setting is the owner's, on Settings → Printers.
 */
describe("silent printing (SQLite, in-process launcher)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "srqb-silent-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the owner turns it on and the app window is opened with --kiosk-printing", async () => {
    const target = { dialect: "sqlite" as const, file: path.join(dir, "shop.sqlite") };
    const database = openDatabase(target);
    try {
      await migrateToLatest(database.db);
      const app = createApp({
        database,
        config: testConfig({ database: target, dataDir: dir }),
        logger: createLogger("silent"),
      });
      const owner = await setupShopVia(app);
      const page = await owner.get("/settings/printers");
      expect(page.text).toContain("Default printer of this computer:");
      const res = await owner
        .post("/settings/printing")
        .type("form")
        .send({ _csrf: await tokenFor(owner, "/settings/printers"), silentPrinting: ["0", "1"] });
      expect(res.status).toBe(303);
      expect((await owner.get("/settings/printers")).text).toMatch(
        /name="silentPrinting" value="1" checked/,
      );
    } finally {
      await database.close();
    }

    const calls: Array<{ choice: BrowserChoice; options?: OpenOptions }> = [];
    const edge: BrowserChoice = { mode: "app", name: "Edge", executable: "msedge.exe" };
    const result = await launch({
      env: { DATA_DIR: dir, PORT: "0", DISPLAY: ":0", LOG_LEVEL: "silent" },
      argv: [],
      log: () => {},
      choose: () => edge,
      opener: async (_url, choice, options) => {
        calls.push({ choice, options });
      },
    });
    if (result.kind !== "started") throw new Error(`not started: ${JSON.stringify(result)}`);
    try {
      expect(calls).toEqual([{ choice: edge, options: { silentPrinting: true } }]);
      expect(appWindowArgs(result.url, { silentPrinting: true })).toEqual([
        `--app=${result.url}`,
        "--kiosk-printing",
      ]);
      expect(appWindowArgs(result.url)).toEqual([`--app=${result.url}`]);
    } finally {
      await result.running.stop();
    }
  });

  it("reads the default printer from lpstat -d, or says there is none", () => {
    expect(parseLpstatDefault("system default destination: Receipt_80\n")).toBe("Receipt_80");
    expect(parseLpstatDefault("no system default destination\n")).toBeNull();
    expect(parseLpstatDefault("")).toBeNull();
  });
});
