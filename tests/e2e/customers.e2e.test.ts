import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nowUtc } from "../../src/lib/utc-time.ts";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";

const shot = (name: string) => ({ path: `tmp/customers-${name}.png`, fullPage: false });

describe.runIf(chromiumAvailable())("e2e: customers in Chromium", () => {
  let server: LiveServer;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    server = await startLiveServer();
    browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
    await setupInBrowser(browser.page, server.url);
    base = server.url.replace(/\/$/, "");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it("registers a customer from the form, with a clear message for a bad number", async () => {
    const { page } = browser;
    await page.goto(`${base}/customers/new`);
    await page.getByLabel("Mobile number").fill("020 2345 6789");
    await page.getByLabel("Name").fill("Ramesh Kumar");
    await page.getByRole("button", { name: "Register customer" }).click();
    await expect.poll(() => page.locator(".field-error").textContent()).toContain("landline");
    await page.screenshot(shot("register-error"));
    await page.getByLabel("Mobile number").fill("98765 43210");
    await page.getByLabel("Email (optional)").fill("ramesh@example.com");
    await page.getByRole("button", { name: "Register customer" }).click();
    await page.waitForURL(/\/customers\/\d+\?done=registered/);
    expect(await page.locator("h1").textContent()).toContain("Ramesh Kumar");
    expect(await page.locator(".customer-contact").textContent()).toContain("+91 98765 43210");
  });

  it("finds the customer as you type: last digits, other formats, name", async () => {
    const { page } = browser;
    await page.goto(`${base}/customers`);
    const box = page.getByLabel("Mobile number or name");
    for (const q of ["3210", "+91-98765-43210", "09876543210", "kum"]) {
      await box.fill(q);
      await expect
        .poll(() => page.locator("#customer-results").textContent(), { message: q })
        .toContain("Ramesh Kumar");
      await expect.poll(() => page.locator("#customer-results tbody tr").count()).toBe(1);
    }
    await box.fill("3210");
    await page.waitForURL(/q=3210/);
    await expect.poll(() => page.locator("#customer-results").textContent()).toContain("1 match");
    await page.screenshot(shot("search"));
    // the search survives a reload (the URL carries it)
    await page.reload();
    expect(await page.getByLabel("Mobile number or name").inputValue()).toBe("3210");
    expect(await page.locator("#customer-results").textContent()).toContain("Ramesh Kumar");
  });

  it("offers to register an unknown number with it pre-filled", async () => {
    const { page } = browser;
    await page.goto(`${base}/customers`);
    await page.getByLabel("Mobile number or name").fill("91234 56789");
    const register = page.getByRole("link", { name: "Register this number" });
    await register.waitFor();
    await page.screenshot(shot("not-found"));
    await register.click();
    expect(await page.getByLabel("Mobile number").inputValue()).toBe("+91 91234 56789");
    await page.getByLabel("Name").fill("Sunita Devi");
    await page.getByRole("button", { name: "Register customer" }).click();
    await page.waitForURL(/\/customers\/\d+/);
    expect(await page.locator("h1").textContent()).toContain("Sunita Devi");
  });

  it("refuses a duplicate with a link to the existing customer", async () => {
    const { page } = browser;
    await page.goto(`${base}/customers/new`);
    await page.getByLabel("Mobile number").fill("+91 9876543210");
    await page.getByLabel("Name").fill("Someone Else");
    await page.getByRole("button", { name: "Register customer" }).click();
    const link = page.getByRole("link", { name: "Open Ramesh Kumar" });
    await link.waitFor();
    await page.screenshot(shot("duplicate"));
    await link.click();
    await page.waitForURL(/\/customers\/\d+$/);
    expect(await page.locator("h1").textContent()).toContain("Ramesh Kumar");
  });

  it("shows the customer page with totals and bill history", async () => {
    const { page } = browser;
    const db = server.database.db;
    const c = await db
      .selectFrom("customers")
      .select("id")
      .where("phone", "=", "+919876543210")
      .executeTakeFirstOrThrow();
    const id = Number(c.id);
    for (let i = 1; i <= 23; i++) {
      const at = `2026-10-${String(i).padStart(2, "0")} 07:15:00`;
      await db
        .insertInto("bills")
        .values({
          number: `2026-27/${String(i).padStart(6, "0")}`,
          status: i === 20 ? "voided" : "completed",
          customer_id: id,
          cashier_id: 1,
          subtotal: 10_000 + i * 1_234,
          line_discount_total: 0,
          discount_kind: "amount",
          discount_value: 0,
          bill_discount: 0,
          taxable_total: 10_000 + i * 1_234,
          tax_total: 0,
          round_off: 0,
          total: 10_000 + i * 1_234,
          payment_mode: i % 2 ? "cash" : "upi",
          paid_cash: i % 2 ? 10_000 + i * 1_234 : 0,
          paid_upi: i % 2 ? 0 : 10_000 + i * 1_234,
          paid_card: 0,
          tendered: 0,
          change_due: 0,
          created_at: at,
          updated_at: nowUtc(),
          held_at: null,
          completed_at: at,
          voided_at: i === 20 ? at : null,
          voided_by: null,
          void_reason: i === 20 ? "test" : null,
          open_for: null,
        })
        .execute();
    }
    await db
      .insertInto("customer_stats")
      .values({
        customer_id: id,
        total_spent: 500_000,
        bill_count: 22,
        first_purchase_at: "2026-10-01 07:15:00",
        last_purchase_at: "2026-10-23 07:15:00",
      })
      .execute();
    await page.goto(`${base}/customers/${id}`);
    expect(await page.locator(".customer-totals").textContent()).toContain("₹5,000.00");
    expect(await page.locator("#customer-bills tbody tr").first().textContent()).toContain(
      "2026-27/000023",
    );
    await page.screenshot({ path: "tmp/customers-page.png", fullPage: true });
    await page.getByRole("link", { name: "Older →" }).click();
    await expect.poll(() => page.locator("#customer-bills").textContent()).toContain("page 2 of 2");
    expect(await page.locator("#customer-bills tbody tr").first().textContent()).toContain(
      "2026-27/000003",
    );
    // the owner's list, sorted by spend
    await page.goto(`${base}/customers?sort=spent`);
    expect(await page.locator(".customers-table tbody tr").first().textContent()).toContain(
      "Ramesh Kumar",
    );
    await page.screenshot(shot("list"));
  });
});
