import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeFindings, seriousViolations } from "../helpers/axe.ts";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  startLiveServer,
} from "../helpers/browser.ts";
import {
  DEMO_OWNER,
  demoIds,
  fillOpenBill,
  scannableCode,
  setupDemoShop,
} from "../helpers/demo-shop.ts";

// axe-core on every main page of a shop with demo data; serious or critical violations fail.
describe.runIf(chromiumAvailable())("e2e: accessibility (axe-core) on the main pages", () => {
  let server: LiveServer;
  let browser: Browser;
  let ids: { ownerId: number; customerId: number; billId: number };

  beforeAll(async () => {
    server = await startLiveServer();
    browser = await launchBrowser({ viewport: { width: 1366, height: 768 } });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  async function check(path: string) {
    const { page } = browser;
    if (path !== "") {
      const res = await page.goto(`${server.url}${path}`);
      expect(res?.status(), `GET /${path}`).toBe(200);
    }
    await page.waitForLoadState("load");
    const findings = await seriousViolations(page);
    expect(findings, `/${path}\n${describeFindings(findings)}`).toEqual([]);
  }

  it("setup page", async () => {
    await browser.page.goto(server.url);
    await browser.page.waitForURL(/\/setup$/);
    await check("");
    // A form with an inline error (the same field partial every form uses).
    await browser.page.getByRole("button", { name: "Create shop" }).click();
    await browser.page.waitForSelector(".field-error, .alert-error");
    await check("");
    // Focus starts on the first field to fix, and its message is read with it.
    const focused = await browser.page.evaluate(() => {
      const el = document.activeElement;
      const ids = el?.getAttribute("aria-describedby")?.split(" ") ?? [];
      return {
        invalid: el?.getAttribute("aria-invalid"),
        described: ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" "),
      };
    });
    expect(focused.invalid).toBe("true");
    expect(focused.described).not.toBe("");
  });

  it("dashboard (after setup with demo data)", { timeout: 600_000 }, async () => {
    await setupDemoShop(browser.page, server.url);
    ids = await demoIds(server.database.db);
    await check("");
  });

  it("till with a bill on it", async () => {
    await fillOpenBill(server.database.db, ids.ownerId, 14);
    const { page } = browser;
    await page.goto(`${server.url}till`);
    await page.locator("#scan").fill(await scannableCode(server.database.db));
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelectorAll(".till-table tbody tr").length >= 15,
    );
    await check("till");
    expect(await page.locator(".till-table tbody tr").count()).toBeGreaterThanOrEqual(15);
    // A 15-line bill fits a 1366×768 laptop: no page scroll; total, Complete and shortcuts in view.
    const fit = await page.evaluate(() => ({
      overflow: document.documentElement.scrollHeight - window.innerHeight,
      bottoms: [".till-total", ".till-complete", ".till-keys", "#scan"].map(
        (sel) => document.querySelector(sel)?.getBoundingClientRect().bottom ?? Infinity,
      ),
    }));
    expect(fit.overflow).toBeLessThanOrEqual(0);
    for (const bottom of fit.bottoms) expect(bottom).toBeLessThanOrEqual(768);
  });

  for (const path of [
    "products",
    "products/new",
    "products/import",
    "products/labels",
    "customers",
    "customers/new",
    "bills",
    "analytics",
    "analytics/end-of-day",
    "analytics/customers",
    "accounts",
    "staff",
    "settings",
    "backups",
  ]) {
    it(`/${path}`, () => check(path));
  }

  it("a product page", async () => {
    const p = await server.database.db
      .selectFrom("products")
      .select("id")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await check(`products/${p.id}`);
  });

  it("a customer page", () => check(`customers/${ids.customerId}`));
  it("a customer's edit and erase pages", async () => {
    await check(`customers/${ids.customerId}/edit`);
    await check(`customers/${ids.customerId}/erase`);
  });
  it("a customer's udhaar pages: receive payment, the owner's account page", async () => {
    await check(`customers/${ids.customerId}/payment`);
    await check(`customers/${ids.customerId}/account`);
  });
  it("a bill's detail page", () => check(`bills/${ids.billId}`));

  it("a long bill keeps the newest line in view", async () => {
    const { page } = browser;
    await page.goto(`${server.url}till`);
    const codes = await server.database.db
      .selectFrom("products")
      .select("code")
      .where("active", "=", 1)
      .where("unit", "=", "pc")
      .where("stock", ">=", 5)
      .orderBy("id", "desc")
      .offset(1)
      .limit(8)
      .execute();
    const before = await page.locator(".till-table tbody tr").count();
    for (const { code } of codes) {
      await page.locator("#scan").fill(code);
      await page.keyboard.press("Enter");
    }
    await page.waitForFunction(
      (n) => document.querySelectorAll(".till-table tbody tr").length >= n,
      before + codes.length,
    );
    await page.waitForFunction(() => {
      const box = document.getElementById("till-lines")?.getBoundingClientRect();
      const last = document.querySelector(".till-last")?.getBoundingClientRect();
      return !!box && !!last && last.bottom <= box.bottom + 1 && last.top >= box.top;
    });
    const pageScroll = await page.evaluate(
      () => document.documentElement.scrollHeight - window.innerHeight,
    );
    expect(pageScroll).toBeLessThanOrEqual(0);
  });

  it("a slow htmx request shows the loading bar until it ends", async () => {
    const { page } = browser;
    await page.goto(`${server.url}till`);
    // Hold the scan request until the bar has been seen (no timing in the assertion).
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/till/scan", async (route) => {
      await held;
      await route.continue();
    });
    const bar = () => page.evaluate(() => getComputedStyle(document.body, "::before").transform);
    expect(await bar()).toBe("matrix(0, 0, 0, 1, 0, 0)");
    await page.locator("#scan").fill(await scannableCode(server.database.db));
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => {
      const t = getComputedStyle(document.body, "::before").transform;
      return t !== "none" && !t.startsWith("matrix(0,");
    });
    release();
    await page.waitForFunction(
      () => getComputedStyle(document.body, "::before").transform === "matrix(0, 0, 0, 1, 0, 0)",
    );
    await page.unroute("**/till/scan");
  });

  it("a request that cannot reach the server shows an error toast", async () => {
    const { page } = browser;
    await page.goto(`${server.url}till`);
    await page.route("**/till/scan", (route) => route.abort("connectionrefused"));
    await page.locator("#scan").fill("8900000000000");
    await page.keyboard.press("Enter");
    const toast = page.locator("#toasts .toast-error");
    await toast.waitFor();
    expect(await toast.getAttribute("role")).toBe("alert");
    expect(await toast.textContent()).toContain("Could not reach the app");
    await page.unroute("**/till/scan");
  });

  it("voiding asks in the app's dialog; Cancel keeps the bill", async () => {
    const { page } = browser;
    await page.goto(`${server.url}bills/${ids.billId}`);
    await page.getByLabel("Reason").fill("Customer returned the items");
    await page.getByRole("button", { name: "Void bill" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.isVisible()).resolves.toBe(true);
    expect(await dialog.textContent()).toContain("This cannot be undone");
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.waitForSelector("dialog", { state: "detached" });
    const bill = await server.database.db
      .selectFrom("bills")
      .select("status")
      .where("id", "=", ids.billId)
      .executeTakeFirstOrThrow();
    expect(bill.status).toBe("completed");
  });

  it("login page (after logging out)", async () => {
    const { page } = browser;
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/login$/);
    await check("");
    await page.getByLabel("Username").fill(DEMO_OWNER.username);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForSelector(".alert-error, .field-error");
    await check("");
  });
});
