import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatRupees } from "../../src/lib/money.ts";
import { type Staff, seedHistory } from "../helpers/analytics-data.ts";
import { expected, type Facts, loadFacts, presetPeriod } from "../helpers/analytics-expected.ts";
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
  let facts: Facts;
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
    facts = await loadFacts(db);
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  const at = (p: string) => new URL(p, server.url).toString();
  /** Customer ids of the table rows on the page, in order (from their /customers/<id> links). */
  const tableIds = async () =>
    (await browser.page
      .locator("#customer-table tbody th a")
      .evaluateAll((as) =>
        as.map((a) => Number(a.getAttribute("href")?.split("/").pop())),
      )) as number[];
  const card = async (kind: "most" | "least") => ({
    name: (await browser.page.locator(`.an-card-${kind} .an-card-name`).textContent())?.trim(),
    spent: (
      await browser.page.locator(`.an-card-${kind} .an-card-figures dd`).first().textContent()
    )?.trim(),
  });
  const salesShown = async () =>
    (await browser.page.locator(".an-summary .an-stat strong").first().textContent())?.trim();

  it("shows the cards and charts, changes period, pages the table and prints end of day", async () => {
    const { page } = browser;
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(at("/analytics?range=30d"));
    await expect(page.locator("h1").first().textContent()).resolves.toContain("Analytics");
    // The cards and the sales figure are the ones worked out from the bill rows.
    const e30 = expected(facts, presetPeriod("30d", Date.now()));
    expect(await card("most")).toEqual({
      name: e30.most?.name,
      spent: formatRupees(e30.most?.spent ?? 0),
    });
    expect(await card("least")).toEqual({
      name: e30.least?.name,
      spent: formatRupees(e30.least?.spent ?? 0),
    });
    expect(await salesShown()).toBe(formatRupees(e30.sales));
    expect(await page.locator(".an-charts svg[role=img]").count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator(".an-bar").count()).toBe(30);
    await page.screenshot({ path: path.join(SHOTS, "analytics.png"), fullPage: false });
    const findings = await seriousViolations(page);
    expect(findings, describeFindings(findings)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "analytics-full.png"), fullPage: true });

    // The period form changes every figure: pick "Last 7 days".
    await page.locator("#an-range").selectOption("7d");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/range=7d/);
    expect(await page.locator(".an-bar").count()).toBe(7);
    const e7 = expected(facts, presetPeriod("7d", Date.now()));
    expect(e7.sales).not.toBe(e30.sales);
    expect(await salesShown()).toBe(formatRupees(e7.sales));
    expect(await card("most")).toEqual({
      name: e7.most?.name,
      spent: formatRupees(e7.most?.spent ?? 0),
    });

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
    const all = expected(facts, presetPeriod("all", Date.now()));
    // Default order: by value, highest first (ties: more bills, then the older customer).
    expect(await tableIds()).toEqual(all.buyersByValue.slice(0, 25).map((b) => b.id));
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
    // By bills, most first, ties by value: page 2 holds the 26th to 50th of that order.
    const byBills = [...all.buyersByValue].sort((a, b) => b.bills - a.bills);
    expect(await tableIds()).toEqual(byBills.slice(25, 50).map((b) => b.id));

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
