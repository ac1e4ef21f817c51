import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";
import { seedProduct } from "../helpers/till.ts";
import { writeQrY4m } from "../helpers/y4m.ts";

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tmp");
const CODE = "CAM-TEA-250";
const NAME = "Tata Tea Gold 250g";

async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([sel, t]) => document.querySelector(sel as string)?.textContent?.includes(t as string),
    [selector, text],
  );
}

describe.runIf(chromiumAvailable())("e2e: camera scanning at the till", () => {
  let server: LiveServer;
  let browser: Browser | undefined;
  let videoDir: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    videoDir = mkdtempSync(path.join(tmpdir(), "srqb-camera-"));
    server = await startLiveServer();
    await seedProduct(server.database.db, { code: CODE, name: NAME, price: 15_500, stock: 20 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
    rmSync(videoDir, { recursive: true, force: true });
  });

  it("a QR code held in front of the (fake) camera adds its product once", async () => {
    const video = path.join(videoDir, "qr.y4m");
    writeQrY4m(video, CODE);
    browser = await launchBrowser({
      args: [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    const { page } = browser;
    await setupInBrowser(page, server.url);
    await page.goto(`${server.url}till`);
    await page.getByRole("button", { name: "Camera" }).click();
    await page.locator("#till-lines tbody tr", { hasText: NAME }).waitFor();
    await waitForText(page, "#camera-status", "Camera on");
    expect(await page.locator("#till-camera").getAttribute("data-last-code")).toBe(CODE);
    await page.screenshot({ path: path.join(shots, "camera-scan.png") });

    // The code stays in view (the video loops): it is not added again.
    await page.waitForTimeout(2500);
    expect(await page.locator("#till-lines tbody tr").count()).toBe(1);
    expect(await page.getByLabel(`Quantity of ${NAME}`).inputValue()).toBe("1");

    // The camera stops, and the scan box has focus for the USB scanner.
    await page.getByRole("button", { name: "Stop camera" }).click();
    await page.locator("#camera-video").waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("scan");
    await browser.close();
    browser = undefined;
  });

  it("a refused camera shows a clear message, and the keyboard path still works", async () => {
    // No --use-fake-ui-for-media-stream: headless Chromium denies the permission prompt.
    browser = await launchBrowser({ args: ["--use-fake-device-for-media-stream"] });
    const { page } = browser;
    await page.goto(`${server.url}login`);
    await page.getByLabel("Username").fill("owner");
    await page.getByLabel("Password").fill("owner-pass-123");
    await page.getByRole("button", { name: /log in/i }).click();
    // Logged in before the till is opened (else /till answers with the login page).
    await page.waitForURL(server.url);
    await page.goto(`${server.url}till`);
    await page.getByRole("button", { name: "Camera" }).click();
    await waitForText(page, "#camera-status", "permission was refused");
    await page.screenshot({ path: path.join(shots, "camera-refused.png") });
    await page.locator("#scan").focus();
    await page.keyboard.type(CODE, { delay: 3 });
    await page.keyboard.press("Enter");
    // The first test's line is still on this cashier's open bill: the typed scan bumps it to 2.
    await page.waitForFunction(
      (name) =>
        (document.querySelector(`[aria-label="Quantity of ${name}"]`) as HTMLInputElement | null)
          ?.value === "2",
      NAME,
    );
    await page.getByRole("button", { name: "Close the camera panel" }).click();
    await page.locator("#camera-status").waitFor({ state: "hidden" });
  });
});
