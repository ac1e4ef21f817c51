import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff } from "../../src/services/shop/staff.ts";
import { CASHIER } from "../helpers/app.ts";
import { addSampleProducts } from "../helpers/bills.ts";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";
import { pdfText, readQr, renderPage } from "../helpers/pdf.ts";

/**
 * A return in Chromium against the shipped bundle: a cashier sells three
 * items, the customer comes back with one; the cashier scans the QR on the
 * receipt at the till (what a USB scanner types), which opens the bill's
 * return, returns one item, refunds cash and prints the credit note, whose
 * text carries the CN number, the original bill number and the GST reversed.
 */

const squash = (s: string) => s.replace(/\s+/g, " ");
const COOKIES = "8901063010826"; // Britannia Good Day 200 g, ₹40.00 at 18 %
const ATTA = "8901725133979"; // Aashirvaad Atta 5 kg, ₹285.00 at 5 %

describe.runIf(chromiumAvailable())("e2e: a cashier returns one item by the receipt's QR", () => {
  let server: LiveServer;
  let browser: Browser;
  const pdfs: Array<{ url: string; bytes: Uint8Array }> = [];

  beforeAll(async () => {
    server = await startLiveServer();
    browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    await browser.context.route(/\/(bills|returns)\/\d+\/pdf/, async (route) => {
      const response = await route.fetch();
      pdfs.push({ url: route.request().url(), bytes: new Uint8Array(await response.body()) });
      await route.fulfill({ response });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it("sells, scans the receipt's QR at the till, returns one item for cash and prints the credit note", async () => {
    const { page } = browser;
    await setupInBrowser(page, server.url);
    await addSampleProducts(server.database.db);
    // A GST-registered shop: its credit notes reverse GST.
    await server.database.db
      .updateTable("shop_settings")
      .set({ gstin: "27ABCDE1234F1Z5" })
      .execute();
    await createStaff(
      server.database.db,
      { userId: null, username: "test" },
      { ...CASHIER, confirmPassword: CASHIER.password, role: "cashier" },
    );
    await browser.context.clearCookies();
    await page.goto(`${server.url}login`);
    await page.getByLabel("Username").fill(CASHIER.username);
    await page.getByLabel("Password").fill(CASHIER.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}`);

    // The sale: two packets of cookies and a bag of atta, cash.
    await page.goto(`${server.url}till`);
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    for (const code of [COOKIES, COOKIES, ATTA]) {
      await page.keyboard.type(code, { delay: 3 });
      // Each scan's answer lands before the next key: a late one would take the focus back.
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/till/scan")),
        page.keyboard.press("Enter"),
      ]);
      await page.waitForFunction(() => document.activeElement?.id === "scan");
    }
    await page.waitForFunction(
      () => document.querySelectorAll("#till-lines tbody tr").length === 2,
    );
    await page.keyboard.press("F4");
    await page.waitForFunction(() => document.activeElement?.id === "tendered");
    await page.keyboard.type("500");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#print-link");
    const number = ((await page.textContent("#done-number")) ?? "").trim();
    const bill = await server.database.db
      .selectFrom("bills")
      .select(["id", "total"])
      .where("number", "=", number)
      .executeTakeFirstOrThrow();

    // The receipt the customer keeps: its QR holds the bill number.
    const receipt = await page.request.get(`${server.url}bills/${bill.id}/pdf?format=80mm`);
    const scanned = readQr(renderPage(new Uint8Array(await receipt.body())));
    expect(scanned).toBe(number);

    // Back at the till, the scanner types the QR: the return of that bill opens.
    await page.goto(`${server.url}till`);
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    await page.keyboard.type(scanned as string, { delay: 3 });
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/bills/${bill.id}/return$`));
    expect(await page.textContent("h1")).toContain(number);

    const cookiesLine = await server.database.db
      .selectFrom("bill_lines")
      .select("id")
      .where("bill_id", "=", bill.id)
      .where("code", "=", COOKIES)
      .executeTakeFirstOrThrow();
    await page.fill(`#qty_${cookiesLine.id}`, "1");
    await page.selectOption("#return-reason", "damaged");
    await page.click("#return-preview");
    await page.waitForSelector("#return-confirm");
    expect(squash((await page.textContent(".return-quote")) ?? "")).toContain("Refund ₹40.00");
    await page.click("#return-confirm");
    await page.waitForURL(/\/returns\/\d+$/);
    const main = squash((await page.textContent("main")) ?? "");
    expect(main).toContain("Refund ₹40.00: Cash ₹40.00");

    await Promise.all([
      page.context().waitForEvent("response", (r) => /\/returns\/\d+\/pdf/.test(r.url())),
      page.click("#cn-print"),
    ]);
    await expect.poll(() => pdfs.filter((p) => p.url.includes("/returns/")).length).toBe(1);
    const text = pdfText(pdfs.find((p) => p.url.includes("/returns/"))?.bytes as Uint8Array);
    console.info(`[e2e] credit note as printed (pdftotext -layout):\n${text}`);
    const note = await server.database.db
      .selectFrom("credit_notes")
      .selectAll()
      .where("bill_id", "=", bill.id)
      .executeTakeFirstOrThrow();
    const flat = squash(text);
    expect(flat).toContain("CREDIT NOTE");
    expect(flat).toContain(`CN No: ${note.number}`);
    expect(flat).toContain(`Against bill ${number}`);
    expect(flat).toMatch(/CGST reversed @9% on 33\.90 ₹3\.05/);
    expect(flat).toMatch(/SGST reversed @9% on 33\.90 ₹3\.05/);
    expect(flat).toContain("REFUND ₹40.00");
    expect(Number(note.refund_cash)).toBe(4000);
    const stock = await server.database.db
      .selectFrom("stock_movements")
      .select(["change", "reason"])
      .where("reference", "=", note.number)
      .execute();
    expect(stock.map((m) => [m.reason, Number(m.change)])).toEqual([["return", 1]]);
  });
});
