import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSampleProducts } from "../helpers/bills.ts";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";
import { decodeEscpos, FakePrinter } from "../helpers/fake-escpos-printer.ts";

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tmp");

describe.runIf(chromiumAvailable())("e2e: the till prints to a thermal printer", () => {
  let server: LiveServer;
  let browser: Browser;
  const printer = new FakePrinter();

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startLiveServer();
    browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    await setupInBrowser(browser.page, server.url);
    await addSampleProducts(server.database.db);
    await printer.start();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
    await printer.stop();
  });

  it("the owner adds the printer; a cash bill prints with no click; an off printer shows the message and Retry prints", async () => {
    const { page } = browser;
    await page.goto(`${server.url}settings/printers`);
    await page.getByLabel("Name", { exact: true }).fill("Counter");
    await page.getByLabel("Printer address").fill("127.0.0.1");
    await page.getByLabel("Port", { exact: true }).fill(String(printer.port));
    await page.getByRole("button", { name: "Add printer" }).click();
    await page.waitForSelector("#printer-list");
    await page.screenshot({ path: path.join(shots, "printers-settings.png"), fullPage: true });

    const sell = async () => {
      await page.goto(`${server.url}till`);
      await page.waitForFunction(() => document.activeElement?.id === "scan");
      await page.keyboard.type("8901058000017", { delay: 3 });
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        () => document.querySelectorAll("#till-lines tbody tr").length === 1,
      );
      await page.waitForFunction(() => document.activeElement?.id === "scan");
      await page.keyboard.press("F4");
      await page.waitForFunction(() => document.activeElement?.id === "tendered");
      await page.keyboard.type("100");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#done-number");
      return ((await page.textContent("#done-number")) ?? "").trim();
    };

    const first = await sell();
    await page.waitForSelector(".print-status.print-printed", { timeout: 3000 });
    const [bytes] = await printer.waitForJobs(1);
    const r = decodeEscpos(bytes ?? new Uint8Array());
    expect(r.qr[0]).toBe(first);
    expect(r.pulses).toBe(1);

    await printer.stop();
    const started = Date.now();
    await sell();
    await page.waitForSelector(".print-status.print-failed", { timeout: 3000 });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(await page.textContent(".print-status")).toContain("Receipt not printed");
    await page.screenshot({ path: path.join(shots, "till-receipt-not-printed.png") });
    await printer.start();
    await page.getByRole("button", { name: "Retry" }).click();
    await page.waitForSelector(".print-status.print-printed", { timeout: 3000 });
    await printer.waitForJobs(2);
    await new Promise((res) => setTimeout(res, 300));
    expect(printer.jobs).toHaveLength(2);
  });
});
