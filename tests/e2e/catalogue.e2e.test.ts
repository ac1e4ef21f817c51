import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";
import { decodeQrCodes } from "../helpers/catalogue.ts";

describe.runIf(chromiumAvailable())("e2e: catalogue in Chromium", () => {
  let server: LiveServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startLiveServer();
    browser = await launchBrowser();
    await setupInBrowser(browser.page, server.url);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it("owner adds a product, finds it by typing, and prints its QR label", async () => {
    const { page } = browser;
    await page.goto(`${server.url}products/new`);
    await page.getByLabel("Code (barcode or QR)").fill("8901234567891");
    await page.getByLabel("Name").fill("Aashirvaad Atta 5 kg");
    await page.getByLabel("Price (₹)").fill("1,250.00");
    await page.getByRole("button", { name: "Add product" }).click();
    // The wrong check digit is shown beside the field; fix it and save.
    await page.locator(".field-error", { hasText: "wrong check digit" }).waitFor();
    await page.getByLabel("Code (barcode or QR)").fill("8901234567890");
    await page.getByLabel("Opening stock").fill("12");
    await page.getByRole("button", { name: "Add product" }).click();
    await page.waitForURL(/\/products\/\d+\?created=1/);
    expect(await page.textContent(".stock-figure")).toBe("12 pcs");

    await page.goto(`${server.url}products`);
    await page.getByLabel("Search name or code").pressSequentially("atta");
    await page.locator("#product-results").getByText("Aashirvaad Atta 5 kg").waitFor();
    // Earlier keystrokes' results (which also list it) must not replace the table after the tick.
    await page.waitForLoadState("networkidle");

    await page.locator('input[name="ids"]').first().check();
    await page.getByRole("button", { name: "Labels for ticked products" }).click();
    await page.waitForURL(/\/products\/labels\?ids=/);
    await page.locator(".count-input").first().fill("3");
    const pdf = await page.evaluate(async () => {
      const form = document.querySelector("form.labels-form") as HTMLFormElement;
      const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
      const res = await fetch(form.action, { method: "POST", body });
      const bytes = new Uint8Array(await res.arrayBuffer());
      let binary = "";
      for (const b of bytes) binary += String.fromCharCode(b);
      return { type: res.headers.get("content-type"), base64: btoa(binary) };
    });
    expect(pdf.type).toBe("application/pdf");
    expect(decodeQrCodes(Buffer.from(pdf.base64, "base64"), { cols: 3, rows: 8 })).toEqual([
      "8901234567890",
      "8901234567890",
      "8901234567890",
    ]);
  });

  it("owner imports a small CSV: progress, preview, then import", async () => {
    const { page } = browser;
    await page.goto(`${server.url}products/import`);
    const csv =
      "\uFEFFcode,name,category,price,gst_percent,hsn,unit,stock,low_stock_level,active\r\n" +
      '8901030865275,"Tata Salt, 1 kg",Staples,28.00,5,2501,pc,40,10,yes\r\n' +
      ',Toor dal (loose),Pulses,"1,250.00",0,0713,kg,25.5,5,yes\r\n' +
      "8901234567890,Aashirvaad Atta 5 kg,Staples,1300.00,0,,pc,12,3,yes\r\n";
    await page.setInputFiles("#f-file", {
      name: "catalogue.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await page.getByRole("button", { name: "Check file" }).click();
    await page.getByText("Preview — catalogue.csv").waitFor();
    expect(await page.textContent("#import-panel")).toContain("2 new products");
    await page.getByRole("button", { name: "Import 3 products" }).click();
    await page.getByText("Imported: 2 new, 1 updated, 0 unchanged.").waitFor();

    await page.goto(`${server.url}products?q=salt`);
    expect(await page.textContent("#product-results")).toContain("Tata Salt, 1 kg");
    await page.goto(`${server.url}products?q=atta`);
    expect(await page.textContent("#product-results")).toContain("₹1,300.00");
  });

  it("a bad file shows row-level problems and imports nothing", async () => {
    const { page } = browser;
    await page.goto(`${server.url}products/import`);
    await page.setInputFiles("#f-file", {
      name: "bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from('code,name,price\nBAD-1,,-5\nBAD-2,Lux "Gold" soap,10\nBAD-3,Fine,1\n'),
    });
    await page.getByRole("button", { name: "Check file" }).click();
    await page.getByText("Nothing was imported").waitFor();
    const table = await page.textContent(".import-errors");
    expect(table).toContain("Name is required");
    expect(table).toContain("Price cannot be negative");
    expect(table).toContain("A quote inside an unquoted cell — put the cell in double quotes");
    expect(await page.textContent("#import-panel")).toContain("3 problems found");
  });
});
