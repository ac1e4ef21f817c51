// npm run screenshots: regenerates docs/screenshots/ (the README's pictures) from a live
// server with demo data, in Debian's Chromium at 1366×768 and 390×844, plus page 1 of a
// bill PDF rendered with pdftoppm. Also reports pages that scroll sideways or, for the
// till, down (the till must fit a laptop screen with a 15-line bill).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { launchBrowser, startLiveServer } from "../tests/helpers/browser.ts";
import { demoIds, fillOpenBill, scannableCode, setupDemoShop } from "../tests/helpers/demo-shop.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "docs", "screenshots");
const SIZES = [
  { suffix: "1366", width: 1366, height: 768 },
  { suffix: "390", width: 390, height: 844 },
];

async function shoot(page: Page, name: string, url: string, problems: string[]): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    if (page.url() !== url) await page.goto(url);
    await page.waitForLoadState("networkidle");
    const file = path.join(outDir, `${name}-${size.suffix}.png`);
    await page.screenshot({ path: file });
    const { sideways, down } = await page.evaluate(() => ({
      sideways: document.documentElement.scrollWidth - window.innerWidth,
      down: document.documentElement.scrollHeight - window.innerHeight,
    }));
    if (sideways > 0) problems.push(`${name} at ${size.suffix}: scrolls sideways by ${sideways}px`);
    if (name === "till" && size.suffix === "1366" && down > 0)
      problems.push(`till at 1366×768 scrolls down by ${down}px`);
    console.log(`  ${path.relative(root, file)}`);
  }
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const server = await startLiveServer();
  const browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
  const problems: string[] = [];
  try {
    const { page } = browser;
    const url = (p: string) => `${server.url}${p}`;
    console.log("Setting up the demo shop (takes ~20 s)…");
    await page.goto(server.url);
    await page.waitForURL(/\/setup$/);
    await shoot(page, "setup", page.url(), problems);
    await setupDemoShop(page, server.url);
    const db = server.database.db;
    const ids = await demoIds(db);

    await shoot(page, "dashboard", url(""), problems);
    // The till with a 15-line bill whose last line came from a real scan.
    await fillOpenBill(db, ids.ownerId, 14);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(url("till"));
    await page.locator("#scan").fill(await scannableCode(db));
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelectorAll(".till-table tbody tr").length >= 15,
    );
    await shoot(page, "till", page.url(), problems);
    for (const [name, p] of [
      ["products", "products"],
      ["customers", "customers"],
      ["customer", `customers/${ids.customerId}`],
      ["bills", "bills"],
      ["bill", `bills/${ids.billId}`],
      ["analytics", "analytics"],
      ["staff", "staff"],
      ["settings", "settings"],
    ] as const) {
      await shoot(page, name, url(p), problems);
    }

    // Page 1 of the bill's receipt PDF, as the printer gets it.
    const pdf = await page.request.get(url(`bills/${ids.billId}/pdf`));
    if (!pdf.ok()) throw new Error(`bill PDF: HTTP ${pdf.status()}`);
    const work = mkdtempSync(path.join(tmpdir(), "srqb-shots-"));
    try {
      writeFileSync(path.join(work, "bill.pdf"), await pdf.body());
      execFileSync("pdftoppm", [
        "-png",
        "-r",
        "110",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        path.join(work, "bill.pdf"),
        path.join(outDir, "bill-receipt"),
      ]);
      console.log("  docs/screenshots/bill-receipt.png");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }

    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/login$/);
    await shoot(page, "login", page.url(), problems);
  } finally {
    await browser.close();
    await server.cleanup();
  }
  if (problems.length) {
    console.error(`Layout problems:\n  ${problems.join("\n  ")}`);
    process.exitCode = 1;
  }
}

await main();
