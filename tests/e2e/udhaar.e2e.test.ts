import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff } from "../../src/services/shop/staff.ts";
import { CASHIER, OWNER } from "../helpers/app.ts";
import { addCustomer, addSampleProducts } from "../helpers/bills.ts";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";
import { pdfText } from "../helpers/pdf.ts";

/**
 * Udhaar in Chromium against the shipped bundle: the owner gives a regular a
 * credit limit on the customer's page, a cashier sells to them on account at
 * the till, the owner receives part of it on the customer page and prints the
 * payment receipt and the statement; pdftotext reads the opening and closing
 * balances. E2E_DIALECT=mysql runs it on MySQL.
 */

const squash = (s: string) => s.replace(/\s+/g, " ");
const CUSTOMER = { phone: "98450 22222", e164: "+919845022222", name: "Meena Pillai" };

describe.runIf(chromiumAvailable())("e2e: udhaar, from the till to the statement", () => {
  let server: LiveServer;
  let browser: Browser;
  let customerId = 0;
  const pdfs: Array<{ url: string; bytes: Uint8Array }> = [];

  beforeAll(async () => {
    server = await startLiveServer();
    browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    await browser.context.route(/(statement|receipt)\.pdf/, async (route) => {
      const response = await route.fetch();
      pdfs.push({ url: route.request().url(), bytes: new Uint8Array(await response.body()) });
      await route.fulfill({ response });
    });
  });
  afterAll(async () => {
    await browser?.context.unrouteAll({ behavior: "ignoreErrors" });
    await browser?.close();
    await server?.cleanup();
  });

  async function logIn(who: { username: string; password: string }): Promise<void> {
    const { page } = browser;
    await browser.context.clearCookies();
    await page.goto(`${server.url}login`);
    await page.getByLabel("Username").fill(who.username);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}`);
  }

  const balance = async () =>
    Number(
      (
        await server.database.db
          .selectFrom("customers")
          .select("balance")
          .where("id", "=", customerId)
          .executeTakeFirstOrThrow()
      ).balance,
    );

  it("the owner sets a credit limit on the customer's page", async () => {
    const { page } = browser;
    await setupInBrowser(page, server.url);
    await addSampleProducts(server.database.db);
    await createStaff(
      server.database.db,
      { userId: null, username: "test" },
      { ...CASHIER, confirmPassword: CASHIER.password, role: "cashier" },
    );
    customerId = await addCustomer(server.database.db, CUSTOMER.name, CUSTOMER.e164);
    await page.goto(`${server.url}customers/${customerId}`);
    await page.getByRole("link", { name: "Credit limit, adjust, write off" }).click();
    await page.getByLabel("Most this customer may owe (₹)").fill("2000");
    await page.getByRole("button", { name: "Save limit" }).click();
    await page.waitForURL(/done=limit/);
    expect(squash((await page.textContent("#account-now")) ?? "")).toContain(
      "credit limit ₹2,000.00",
    );
  });

  it("a cashier sells on account at the till", async () => {
    const { page } = browser;
    await logIn(CASHIER);
    await page.goto(`${server.url}till`);
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    await page.keyboard.type("8901058000017", { delay: 3 });
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelectorAll("#till-lines tbody tr").length === 1,
    );
    // The scan's answer gives the focus back to the scan box: only then F2 (MariaDB answers later).
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    await page.keyboard.press("F2");
    await page.waitForFunction(() => document.activeElement?.id === "customer-q");
    await page.keyboard.type(CUSTOMER.phone);
    await page.locator("#customer-results").getByText(CUSTOMER.name).click();
    await page.waitForSelector("#till-customer-name");
    await page.getByLabel("Pay later").check();
    expect(await page.isVisible("#till-account-info")).toBe(true);
    expect(squash((await page.textContent("#till-account-info")) ?? "")).toContain(
      "limit ₹2,000.00",
    );
    await page.keyboard.press("F9");
    await page.waitForSelector("#done-account");
    const onAccount = ((await page.textContent("#done-account")) ?? "").trim();
    expect(onAccount).toMatch(/^₹[\d,.]+$/);
    expect(await balance()).toBeGreaterThan(0);
  });

  it("the owner receives a payment and prints the receipt and the statement", async () => {
    const { page } = browser;
    const owed = await balance();
    await logIn(OWNER);
    await page.goto(`${server.url}customers/${customerId}`);
    await page.getByRole("link", { name: "Receive payment" }).click();
    const amount = page.getByLabel("Amount received (₹)");
    expect(await amount.inputValue()).toBe((owed / 100).toFixed(2));
    await amount.fill("10");
    await page.getByRole("button", { name: "Record payment" }).click();
    await page.waitForSelector("#receipt-number");
    const number = ((await page.textContent("#receipt-number")) ?? "").trim();
    expect(number).toMatch(/^RC\/\d\d-\d\d\/000001$/);
    await page.click("#receipt-print");
    await expect
      .poll(() => pdfs.filter((p) => p.url.includes("receipt.pdf")).length, { timeout: 20_000 })
      .toBe(1);
    const receipt = squash(
      pdfText(pdfs.find((p) => p.url.includes("receipt.pdf"))?.bytes as Uint8Array),
    );
    expect(receipt).toContain(`Receipt No: ${number}`);
    expect(receipt).toContain("Payment received ₹10.00");

    await page.goto(`${server.url}customers/${customerId}`);
    const [popup] = await Promise.all([
      browser.context.waitForEvent("page"),
      page.getByRole("button", { name: "Statement PDF" }).click(),
    ]);
    await popup.waitForLoadState();
    await expect
      .poll(() => pdfs.filter((p) => p.url.includes("statement.pdf")).length, { timeout: 20_000 })
      .toBe(1);
    const statement = pdfText(
      pdfs.find((p) => p.url.includes("statement.pdf"))?.bytes as Uint8Array,
    );
    console.info(`[udhaar statement, pdftotext -layout]\n${statement}`);
    const flat = squash(statement);
    expect(flat).toContain(`Customer: ${CUSTOMER.name}`);
    expect(flat).toMatch(/Opening balance on \S+ ₹0\.00 \(settled\)/);
    const left = `₹${((owed - 10_00) / 100).toLocaleString("en-IN", { minimumFractionDigits: 2 })}`;
    expect(flat).toContain(`Closing balance on`);
    expect(flat).toContain(`${left} owed`);
    expect(flat).toMatch(/Payment received RC\/\d\d-\d\d\/000001 \(Cash\)/);
    await popup.close();
  });
});
