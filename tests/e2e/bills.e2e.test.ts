import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import QRCode from "qrcode";
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
import { pdfText, readQr, renderPage } from "../helpers/pdf.ts";

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tmp");
const squash = (s: string) => s.replace(/\s+/g, " ");

describe.runIf(chromiumAvailable())("e2e: bills on paper in Chromium", () => {
  let server: LiveServer;
  let browser: Browser;
  let number = "";
  const consoleErrors: string[] = [];
  // Chromium hands a PDF response to its viewer, so Response.body() is not the
  // file: every PDF request goes through this pass-through that keeps the bytes.
  const pdfs: Array<{ url: string; bytes: Uint8Array }> = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startLiveServer();
    browser = await launchBrowser({ viewport: { width: 1366, height: 900 } });
    browser.page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    await browser.context.route(/\/bills\/\d+\/pdf/, async (route) => {
      const response = await route.fetch();
      pdfs.push({ url: route.request().url(), bytes: new Uint8Array(await response.body()) });
      await route.fulfill({ response });
    });
    await setupInBrowser(browser.page, server.url);
    await addSampleProducts(server.database.db);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it("completes a bill at the till and fetches its PDF from the Print action", async () => {
    const { page } = browser;
    await page.goto(`${server.url}till`);
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    for (const code of ["8901058000017", "8901030865278", "LOOSE-RICE"]) {
      await page.keyboard.type(code, { delay: 3 });
      await page.keyboard.press("Enter");
    }
    // Loose rice by its own code: the till asks the weight; "1" is 1 kg.
    await page.waitForFunction(() => document.activeElement?.id === "weight-input");
    await page.keyboard.type("1");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelectorAll("#till-lines tbody tr").length === 3,
    );
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    await page.keyboard.press("F4");
    await page.waitForFunction(() => document.activeElement?.id === "tendered");
    await page.keyboard.type("1000");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#print-link");
    number = ((await page.textContent("#done-number")) ?? "").trim();
    expect(number).toMatch(/\/000001$/);

    const [response] = await Promise.all([
      page.context().waitForEvent("response", (r) => /\/bills\/\d+\/pdf/.test(r.url())),
      page.click("#print-link"),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    await expect.poll(() => pdfs.length).toBe(1);
    const bytes = pdfs[0]?.bytes as Uint8Array;
    const text = squash(pdfText(bytes));
    expect(text).toContain(`Bill No: ${number}`);
    expect(text).toContain("TOTAL ₹");
    expect(text).toContain("1.000 kg");
    expect(readQr(renderPage(bytes, 1, 200))).toBe(number);
    // The till's Print link opened the PDF in a tab of its own: close it.
    for (const p of page.context().pages()) if (p !== page) await p.close();
  });

  it("finds the bill by its number as a scanner types it and reprints it in one click (DUPLICATE)", async () => {
    const { page } = browser;
    await page.goto(`${server.url}bills`);
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    expect(await page.locator("table.bill-results tbody tr").count()).toBe(1);
    await page.screenshot({ path: path.join(shots, "bills-lookup.png") });
    await page.keyboard.type(number, { delay: 3 }); // what the receipt's QR holds
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/bills\/\d+$/);
    await page.waitForSelector("#bill-print");
    await page.screenshot({ path: path.join(shots, "bill-detail.png"), fullPage: true });

    const printed = page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          document.addEventListener("srqb:print", (e) => resolve((e as CustomEvent).detail.url), {
            once: true,
          }),
        ),
    );
    const pagesBefore = page.context().pages().length;
    const [response] = await Promise.all([
      page.waitForResponse((r) => /\/bills\/\d+\/pdf$/.test(r.url())),
      page.click("#bill-print"),
    ]);
    expect(response.status()).toBe(200);
    // One click: the PDF loads in a hidden frame and the print dialog is asked for; no new tab.
    expect(await printed).toMatch(/^\/bills\/\d+\/pdf$/);
    expect(page.context().pages()).toHaveLength(pagesBefore);
    expect(await page.locator("iframe.print-frame").count()).toBe(1);
    expect(response.headers()["x-bill-copy"]).toBe("2");
    expect(squash(pdfText(pdfs.at(-1)?.bytes as Uint8Array))).toContain("DUPLICATE");
  });

  it("prints automatically when an element with data-print-auto appears (the till's auto-print hook)", async () => {
    const { page } = browser;
    const [response] = await Promise.all([
      page.waitForResponse((r) => /\/pdf\?format=a4$/.test(r.url())),
      page.evaluate(() => {
        const a = document.createElement("a");
        a.dataset.printUrl = `${document.querySelector("#bill-print")?.getAttribute("data-print-url")}?format=a4`;
        a.dataset.printAuto = "";
        document.body.appendChild(a);
        document.dispatchEvent(new Event("htmx:after:swap"));
        document.dispatchEvent(new Event("htmx:after:swap")); // a second swap does not print twice
      }),
    ]);
    expect(response.status()).toBe(200);
    expect(squash(pdfText(pdfs.at(-1)?.bytes as Uint8Array))).toContain("Page 1 of 1");
    const copies = await server.database.db
      .selectFrom("bill_prints")
      .select(["format"])
      .orderBy("id")
      .execute();
    expect(copies.map((c) => c.format)).toEqual(["80mm", "80mm", "a4"]);
    expect(consoleErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  it("opens the bill when its receipt QR is held up to the camera at the lookup box", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "srqb-bill-cam-"));
    const video = path.join(dir, "receipt-qr.y4m");
    writeReceiptQrY4m(video, number);
    const cam = await launchBrowser({
      args: [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const { page } = cam;
      await page.goto(`${server.url}login`);
      await page.getByLabel("Username").fill("owner");
      await page.getByLabel("Password").fill("owner-pass-123");
      await page.getByRole("button", { name: /log in/i }).click();
      await page.waitForURL(server.url);
      await page.goto(`${server.url}bills`);
      await page.getByRole("button", { name: "Camera" }).click();
      // Decoding a looping fake-camera video is slow on a loaded machine.
      await page.waitForURL(/\/bills\/\d+$/, { timeout: 45_000 });
      expect(await page.textContent("h1")).toContain(number);
    } finally {
      await cam.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A Y4M video (C420jpeg) for Chromium's fake camera showing the bill-number QR
 * encoded exactly as the receipt prints it (one byte-mode segment).
 */
function writeReceiptQrY4m(file: string, text: string, width = 640, height = 480): void {
  const qr = QRCode.create([{ data: new TextEncoder().encode(text), mode: "byte" }], {
    errorCorrectionLevel: "M",
  });
  const n = qr.modules.size;
  const quiet = 4;
  const scale = Math.floor((Math.min(width, height) * 0.8) / (n + 2 * quiet));
  const side = (n + 2 * quiet) * scale;
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  const luma = Buffer.alloc(width * height, 200);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / scale) - quiet;
      const my = Math.floor(y / scale) - quiet;
      const dark = mx >= 0 && my >= 0 && mx < n && my < n && qr.modules.get(my, mx) === 1;
      luma[(top + y) * width + left + x] = dark ? 16 : 235;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F15:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: 10 }, () => frame)]));
}
