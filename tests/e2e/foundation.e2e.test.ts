import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tmp");

describe.runIf(chromiumAvailable())("e2e: setup, staff and login in Chromium", () => {
  let server: LiveServer;
  let browser: Browser;
  const cspErrors: string[] = [];
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startLiveServer();
    browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
    browser.page.on("console", (msg) => {
      if (msg.type() === "error") cspErrors.push(msg.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it("sets up the shop and shows the owner's dashboard", async () => {
    const { page } = browser;
    await page.goto(server.url);
    await page.screenshot({ path: path.join(shots, "foundation-setup.png"), fullPage: true });
    await setupInBrowser(page, server.url);
    expect(await page.textContent("h1")).toContain("Asha Owner");
    expect(await page.textContent(".whoami")).toContain("Owner");
    await expect(page.getByRole("link", { name: "Staff" }).first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(shots, "foundation-dashboard.png"), fullPage: true });
  });

  it("the owner creates a cashier on /staff", async () => {
    const { page } = browser;
    await page.getByRole("navigation").getByRole("link", { name: "Staff" }).click();
    await page.waitForURL(`${server.url}staff`);
    await page.getByLabel("Name", { exact: true }).fill("Ravi Kumar");
    await page.getByLabel("Username").fill("ravi");
    await page.getByLabel("Role").selectOption("cashier");
    await page.getByLabel("Password", { exact: true }).fill("ravi-pass-123");
    await page.getByLabel("Confirm password").fill("ravi-pass-123");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/staff\?done=created$/);
    expect(await page.textContent("main")).toContain("Ravi Kumar");
    expect(await page.textContent(".alert-success")).toContain("Account created");
    await page.screenshot({ path: path.join(shots, "foundation-staff.png"), fullPage: true });
    await page
      .getByRole("row", { name: /Ravi Kumar/ })
      .getByRole("link", { name: "Manage" })
      .click();
    await page.waitForURL(/\/staff\/\d+$/);
    await page.screenshot({ path: path.join(shots, "foundation-staff-edit.png"), fullPage: true });
    await page.goto(`${server.url}settings`);
    await page.screenshot({ path: path.join(shots, "foundation-settings.png"), fullPage: true });
  });

  it("logs out; the cashier logs in and sees the cashier dashboard without Staff", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/login$/);
    await page.screenshot({ path: path.join(shots, "foundation-login.png"), fullPage: true });
    await page.getByLabel("Username").fill("ravi");
    await page.getByLabel("Password").fill("ravi-pass-123");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(server.url);
    expect(await page.textContent("h1")).toContain("Ravi Kumar");
    expect(await page.textContent(".whoami")).toContain("Cashier");
    expect(await page.getByRole("link", { name: "Staff" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Settings" }).count()).toBe(0);
    await page.screenshot({ path: path.join(shots, "foundation-cashier.png"), fullPage: true });
    const denied = await page.goto(`${server.url}staff`);
    expect(denied?.status()).toBe(403);
    expect(cspErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });
});
