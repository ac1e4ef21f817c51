import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Staff, seedHistory } from "../helpers/analytics-data.ts";
import { describeFindings, seriousViolations } from "../helpers/axe.ts";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";

const SHOTS = process.env.SCREENSHOT_DIR ?? path.join(tmpdir(), "srqb-screenshots");

describe.runIf(chromiumAvailable())("e2e: owner analytics in Chromium", () => {
  let server: LiveServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startLiveServer();
    browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    await setupInBrowser(browser.page, server.url);
    const db = server.database.db;
    const users = await db.selectFrom("users").select(["id", "username", "role"]).execute();
    await seedHistory(db, users as Staff[], {
      seed: 42,
      customers: 120,
      bills: 600,
      products: 30,
      days: 120,
      now: new Date(),
      voidShare: 0.03,
      eraseShare: 0.03,
    });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  const at = (p: string) => new URL(p, server.url).toString();

  it("shows the cards and charts, changes period, pages the table and prints end of day", async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(at("/analytics?range=30d"));
    await expect(page.locator("h1").first().textContent()).resolves.toContain("Analytics");
    await expect(page.locator(".an-card-most .an-card-name").textContent()).resolves.toMatch(/\S/);
    await expect(page.locator(".an-card-least .an-card-name").textContent()).resolves.toMatch(/\S/);
    expect(await page.locator(".an-charts svg[role=img]").count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator(".an-bar").count()).toBe(30);
    await page.screenshot({ path: path.join(SHOTS, "analytics.png"), fullPage: false });
    const findings = await seriousViolations(page);
    expect(findings, describeFindings(findings)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "analytics-full.png"), fullPage: true });

    // The period form changes every figure: pick "Last 7 days".
    const salesBefore = await page.locator(".an-summary .an-stat strong").first().textContent();
    await page.locator("#an-range").selectOption("7d");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/range=7d/);
    expect(await page.locator(".an-bar").count()).toBe(7);
    expect(await page.locator(".an-summary .an-stat strong").first().textContent()).not.toBe(
      salesBefore,
    );

    // Typing a custom date switches the period to "Custom".
    await page
      .locator("#an-from")
      .fill(new Date(Date.now() - 9 * 86_400_000).toISOString().slice(0, 10));
    await page
      .locator("#an-to")
      .fill(new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10));
    expect(await page.locator("#an-range").inputValue()).toBe("custom");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/range=custom/);
    expect(await page.locator(".an-bar").count()).toBe(8);

    // Sorting and paging the customer table swap only the table (htmx).
    await page.goto(at("/analytics?range=all"));
    const firstBefore = await page.locator("#customer-table tbody th").first().textContent();
    await page.locator("#customer-table thead a", { hasText: "Bills" }).click();
    await page.waitForFunction(() =>
      document
        .querySelector("#customer-table th[aria-sort=descending] a")
        ?.textContent?.includes("Bills"),
    );
    await page.locator("#customer-table .pager a", { hasText: "Next" }).click();
    await page.waitForFunction(() =>
      document.querySelector("#customer-table .pager span")?.textContent?.includes("Page 2"),
    );
    expect(await page.locator("#customer-table tbody tr").count()).toBe(25);
    expect(firstBefore).toBeTruthy();

    await page.goto(at("/analytics/end-of-day"));
    await expect(page.locator("h1").textContent()).resolves.toContain("End of day");
    const eodFindings = await seriousViolations(page);
    expect(eodFindings, describeFindings(eodFindings)).toEqual([]);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".topbar").isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, "analytics-eod-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
    expect(errors).toEqual([]);
  });
});
