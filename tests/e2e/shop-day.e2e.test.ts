import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatAmount } from "../../src/lib/money.ts";
import { createStaff } from "../../src/services/shop/staff.ts";
import { CASHIER, OWNER } from "../helpers/app.ts";
import { addSampleProducts } from "../helpers/bills.ts";
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
 * A whole shop day in Chromium against the app as a shop runs it
 * (launcher/start.mjs → dist/launch.js, its own process): setup, a cashier,
 * two bills at the till for a new customer, print, reprint, void, labels,
 * analytics, CSV export and the backup download — each checked for what it
 * says, not only for its status. E2E_DIALECT=mysql runs it on MySQL.
 */

const squash = (s: string) => s.replace(/\s+/g, " ");
const SHOP = "Sharma Kirana Store";
const CUSTOMER = { phone: "98450 12345", name: "Lakshmi Narayan" };

describe.runIf(chromiumAvailable())("e2e: a shop day through the shipped bundle", () => {
  let server: LiveServer;
  let browser: Browser;
  const pdfs: Array<{ url: string; bytes: Uint8Array }> = [];
  const bills: Array<{ id: number; number: string; total: number }> = [];

  beforeAll(async () => {
    server = await startLiveServer();
    browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    // Chromium hands a PDF to its viewer: keep the bytes of every PDF answer.
    await browser.context.route(/\/bills\/\d+\/pdf/, async (route) => {
      const response = await route.fetch();
      pdfs.push({ url: route.request().url(), bytes: new Uint8Array(await response.body()) });
      await route.fulfill({ response });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  const csrf = async () =>
    (await browser.page.locator('meta[name="csrf-token"]').getAttribute("content")) ?? "";

  async function logIn(who: { username: string; password: string }): Promise<void> {
    const { page } = browser;
    await browser.context.clearCookies();
    await page.goto(`${server.url}login`);
    await page.getByLabel("Username").fill(who.username);
    await page.getByLabel("Password").fill(who.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}`);
  }

  async function sell(codes: string[], customer: "new" | "known"): Promise<void> {
    const { page } = browser;
    await page.goto(`${server.url}till`);
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    for (const code of codes) {
      await page.keyboard.type(code, { delay: 3 });
      await page.keyboard.press("Enter");
      if (code.startsWith("LOOSE-")) {
        // Loose goods by their own code: the till asks the weight; "1" is 1 kg.
        await page.waitForFunction(() => document.activeElement?.id === "weight-input");
        await page.keyboard.type("1");
        await page.keyboard.press("Enter");
        await page.waitForFunction(() => document.activeElement?.id === "scan");
      }
    }
    await page.waitForFunction(
      (n) => document.querySelectorAll("#till-lines tbody tr").length === n,
      codes.length,
    );
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    await page.keyboard.press("F2");
    await page.keyboard.type(CUSTOMER.phone);
    if (customer === "new") {
      await page.waitForSelector("#new-customer-name");
      await page.keyboard.press("Enter");
      await page.keyboard.type(CUSTOMER.name);
      await page.keyboard.press("Enter");
    } else {
      await page.locator("#customer-results").getByText(CUSTOMER.name).click();
    }
    await page.waitForSelector("#till-customer-name");
    expect(await page.textContent("#till-customer-name")).toBe(CUSTOMER.name);
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    await page.keyboard.press("F4");
    await page.waitForFunction(() => document.activeElement?.id === "tendered");
    await page.keyboard.type("1000");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#print-link");
    const number = ((await page.textContent("#done-number")) ?? "").trim();
    const row = await server.database.db
      .selectFrom("bills")
      .select(["id", "total", "status"])
      .where("number", "=", number)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("completed");
    bills.push({ id: row.id, number, total: row.total });
  }

  it("sets up the shop; the owner's cashier sells two bills to a new customer", async () => {
    await setupInBrowser(browser.page, server.url);
    await addSampleProducts(server.database.db);
    await createStaff(
      server.database.db,
      { userId: null, username: "test" },
      { ...CASHIER, confirmPassword: CASHIER.password, role: "cashier" },
    );
    await logIn(CASHIER);
    await sell(["8901058000017", "LOOSE-RICE"], "new");
    await sell(["8901725133979"], "known");
    expect(bills.map((b) => b.number)).toEqual([
      expect.stringMatching(/\/000001$/),
      expect.stringMatching(/\/000002$/),
    ]);
  });

  it("prints the receipt (shop, number, ₹ total) and a reprint says DUPLICATE", async () => {
    const { page } = browser;
    const bill = bills[1] as (typeof bills)[number];
    const [response] = await Promise.all([
      page.context().waitForEvent("response", (r) => /\/bills\/\d+\/pdf/.test(r.url())),
      page.click("#print-link"),
    ]);
    expect(response.status()).toBe(200);
    await expect.poll(() => pdfs.length).toBe(1);
    const first = squash(pdfText(pdfs[0]?.bytes as Uint8Array));
    expect(first).toContain(SHOP);
    expect(first).toContain(`Bill No: ${bill.number}`);
    expect(first).toContain(`TOTAL ₹${formatAmount(bill.total)}`);
    expect(first).not.toContain("DUPLICATE");

    const again = await page.request.get(`${server.url}bills/${bill.id}/pdf`);
    expect(again.status()).toBe(200);
    expect(again.headers()["x-bill-copy"]).toBe("2");
    const reprint = squash(pdfText(new Uint8Array(await again.body())));
    expect(reprint).toContain("DUPLICATE");
    expect(reprint).toContain(`Bill No: ${bill.number}`);
  });

  it("the owner voids the first bill; its reprint says VOID and the bill row records why", async () => {
    const { page } = browser;
    const bill = bills[0] as (typeof bills)[number];
    await logIn(OWNER);
    await page.goto(`${server.url}bills/${bill.id}`);
    await page.getByLabel("Reason").fill("customer returned the items");
    await page.getByRole("button", { name: "Void bill" }).click();
    // The app's own confirmation dialog: its OK button repeats the action.
    await page.locator("dialog.confirm-dialog").getByRole("button", { name: "Void bill" }).click();
    await page.waitForURL(/voided=1/);
    expect(await page.textContent("main")).toContain("Bill voided");
    const res = await page.request.get(`${server.url}bills/${bill.id}/pdf?format=a4`);
    expect(res.status()).toBe(200);
    const text = squash(pdfText(new Uint8Array(await res.body())));
    expect(text).toContain("VOID");
    expect(text).toContain(bill.number);
    const row = await server.database.db
      .selectFrom("bills")
      .select(["status", "void_reason"])
      .where("id", "=", bill.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "voided", void_reason: "customer returned the items" });
  });

  it("prints a QR label sheet for a product", async () => {
    const { page } = browser;
    await page.goto(`${server.url}products`);
    const atta = await server.database.db
      .selectFrom("products")
      .select("id")
      .where("code", "=", "8901725133979")
      .executeTakeFirstOrThrow();
    const res = await page.request.post(`${server.url}products/labels.pdf`, {
      headers: { "X-CSRF-Token": await csrf() },
      form: { format: "a4", [`count_${atta.id}`]: "3" },
    });
    expect(res.status(), await res.text()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^application\/pdf/);
    const text = pdfText(new Uint8Array(await res.body()));
    expect(text.match(/Aashirvaad/g)?.length).toBe(3);
  });

  it("analytics and its CSV count the kept bill only", async () => {
    const { page } = browser;
    const kept = bills[1] as (typeof bills)[number];
    await page.goto(`${server.url}analytics?range=all`);
    const main = squash((await page.textContent("main")) ?? "");
    expect(main).toContain(CUSTOMER.name);
    expect(main).toContain(`₹${formatAmount(kept.total)}`);
    const csv = await page.request.get(`${server.url}analytics/export.csv?range=all&list=all`);
    expect(csv.status(), await csv.text()).toBe(200);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    const row = lines.find((l) => l.includes(CUSTOMER.name)) ?? "";
    expect(lines).toHaveLength(2);
    expect(row).toContain(formatAmount(kept.total).replaceAll(",", ""));
  });

  it("downloads a backup that holds the day's bills (SQLite) or explains mysqldump (MySQL)", async () => {
    const { page } = browser;
    if (server.dialect === "mysql") {
      await page.goto(`${server.url}backups`);
      expect(await page.textContent("main")).toContain("mysqldump");
      return;
    }
    const res = await page.request.get(`${server.url}backups/download`);
    expect(res.status()).toBe(200);
    const bytes = Buffer.from(await res.body());
    expect(bytes.subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "srqb-backup-")), "backup.sqlite");
    writeFileSync(file, bytes);
    const copy = new SQLite(file, { readonly: true });
    try {
      const rows = copy.prepare("select number, status from bills order by id").all();
      expect(rows).toEqual([
        { number: bills[0]?.number, status: "voided" },
        { number: bills[1]?.number, status: "completed" },
      ]);
    } finally {
      copy.close();
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
