import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";

describe.runIf(chromiumAvailable())("e2e: setup and login in Chromium", () => {
  let server: LiveServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startLiveServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it("sets up the shop and shows the owner's dashboard", async () => {
    const { page } = browser;
    await setupInBrowser(page, server.url);
    expect(await page.textContent("h1")).toContain("Asha Owner");
    expect(await page.textContent(".whoami")).toContain("Owner");
  });
});
