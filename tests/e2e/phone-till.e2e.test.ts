import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaff } from "../../src/services/shop/staff.ts";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";
import { seedProduct } from "../helpers/till.ts";

/** Issue #19 points 4, 5 and 8 in Chromium: a phone at the counter, loose goods, an owner's approval. */
const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tmp");
const OWNER = { username: "owner", password: "owner-pass-123", displayName: "Asha Owner" };
const CASHIER = { username: "ravi", password: "ravi-pass-1234", displayName: "Ravi Cashier" };

describe.runIf(chromiumAvailable())("e2e: a phone at the counter (390 × 844)", () => {
  let server: LiveServer;
  let browser: Browser;

  /** True when the element's box lies wholly inside the viewport (no scrolling needed). */
  const inViewport = (selector: string) =>
    browser.page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return `${sel}: missing`;
      const r = el.getBoundingClientRect();
      // Not hidden under something else either (the bottom bar, the camera panel).
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      const ok =
        (top === el || el.contains(top)) &&
        r.width > 0 &&
        r.height > 0 &&
        r.top >= 0 &&
        r.left >= 0 &&
        r.bottom <= window.innerHeight &&
        r.right <= window.innerWidth;
      return ok
        ? true
        : `${sel}: ${JSON.stringify(r)} in ${window.innerWidth}×${window.innerHeight}`;
    }, selector);

  beforeAll(async () => {
    server = await startLiveServer();
    const db = server.database.db;
    for (let i = 0; i < 6; i++)
      await seedProduct(db, {
        code: `PH-${i}`,
        name: `Parle-G Gold biscuits family pack ${i + 1}`,
        price: 3000 + i * 100,
        gst_rate: 1800,
        stock: 50,
      });
    await seedProduct(db, {
      code: "LOOSE-ATTA",
      name: "Chakki atta (loose)",
      price: 4800,
      gst_rate: 0,
      unit: "kg",
      stock: 40_000,
    });
    browser = await launchBrowser({ viewport: { width: 390, height: 844 } });
    await setupInBrowser(browser.page, server.url, OWNER);
    await createStaff(
      db,
      { userId: null, username: "test" },
      { ...CASHIER, confirmPassword: CASHIER.password, role: "cashier" },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it("the menu does not scroll sideways: a Menu button opens every item", async () => {
    const { page } = browser;
    await page.goto(`${server.url}till`);
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(sideways).toBeLessThanOrEqual(0);
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu.isVisible()).resolves.toBe(true);
    await expect(menu.getAttribute("aria-expanded")).resolves.toBe("false");
    await menu.click();
    await expect(menu.getAttribute("aria-expanded")).resolves.toBe("true");
    for (const name of ["Analytics", "Staff", "Settings"]) {
      const link = page.getByRole("link", { name, exact: true });
      await expect(link.isVisible()).resolves.toBe(true);
      const box = await link.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844).toBe(true);
    }
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.waitForURL(`${server.url}settings`);
  });

  it("on a desktop screen the Menu button is hidden and every menu item shows", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    try {
      await page.goto(`${server.url}till`);
      await expect(page.getByRole("button", { name: "Menu" }).isVisible()).resolves.toBe(false);
      for (const name of ["Till", "Analytics", "Staff", "Settings"])
        await expect(
          page.getByRole("link", { name, exact: true }).first().isVisible(),
        ).resolves.toBe(true);
    } finally {
      await page.setViewportSize({ width: 390, height: 844 });
    }
  });

  it("loose goods ask their weight in place: 250 means 250 g, Enter adds the line", async () => {
    const { page } = browser;
    await page.goto(`${server.url}till`);
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    await page.keyboard.type("LOOSE-ATTA", { delay: 3 });
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "weight-input");
    expect(await page.textContent(".till-weight")).toContain("250 or 250g = 250 g");
    expect(await page.locator("#till-lines tbody tr").count()).toBe(0);
    await page.keyboard.type("250");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelectorAll("#till-lines tbody tr").length === 1,
    );
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    expect(await page.textContent("#till-messages")).toContain("Chakki atta (loose) × 0.25 kg");
    expect(await page.inputValue("#till-lines tr.till-last .till-qty input")).toBe("0.25");
    // Esc cancels a weight prompt: nothing added.
    await page.keyboard.type("LOOSE-ATTA", { delay: 3 });
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "weight-input");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector(".till-weight"));
    expect(await page.inputValue("#till-lines tr.till-last .till-qty input")).toBe("0.25");
  });

  it("scan box, the last line added, the total and Complete are all on screen without scrolling", async () => {
    const { page } = browser;
    await page.goto(`${server.url}till`);
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    for (let i = 0; i < 6; i++) {
      await page.keyboard.type(`PH-${i}`, { delay: 3 });
      await page.keyboard.press("Enter");
    }
    await page.waitForFunction(
      () => document.querySelectorAll("#till-lines tbody tr").length === 7,
    );
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    for (const sel of ["#scan", "#till-lines tr.till-last", "#till-total", "#complete-btn"])
      await expect(inViewport(sel)).resolves.toBe(true);
    expect(await page.textContent("#till-lines tr.till-last")).toContain("family pack 6");
    // The camera panel open: it must not cover the line just added.
    await page.evaluate(() => {
      const cam = document.getElementById("till-camera");
      if (cam) cam.dataset.state = "on";
      const video = document.getElementById("camera-video");
      if (video) video.hidden = false;
    });
    const overlaps = await page.evaluate(() => {
      const a = document.querySelector(".till-camera-panel")?.getBoundingClientRect();
      return ["#till-messages", "#till-lines", "#till-lines tr.till-last"].map((sel) => {
        const b = document.querySelector(sel)?.getBoundingClientRect();
        if (!a || !b || a.height === 0) return `${sel}: missing`;
        const hit = a.bottom > b.top && b.bottom > a.top && a.right > b.left && b.right > a.left;
        return hit ? `${sel}: covered` : "clear";
      });
    });
    expect(overlaps).toEqual(["clear", "clear", "clear"]);
    // The total and Complete share the bottom bar without covering each other.
    const [total, complete] = await page.evaluate(() =>
      ["#till-total", "#complete-btn"].map((s) =>
        document.querySelector(s)?.getBoundingClientRect(),
      ),
    );
    expect(total && complete && total.right <= complete.left).toBe(true);
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "till-phone-390.png") });
    for (const sel of ["#scan", "#till-lines tr.till-last", "#till-total", "#complete-btn"])
      await expect(inViewport(sel)).resolves.toBe(true);
    await page.click("#complete-btn");
    await page.waitForSelector("#done-number");
  });

  it("a cashier's 100 % discount asks for the owner's password in place, then applies", async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/login/);
    await page.getByLabel("Username").fill(CASHIER.username);
    await page.getByLabel("Password").fill(CASHIER.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.goto(`${server.url}till`);
    await page.waitForFunction(() => document.activeElement?.id === "scan");
    await page.keyboard.type("PH-0", { delay: 3 });
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelectorAll("#till-lines tbody tr").length === 1,
    );
    const url = page.url();
    await page.fill("#till-lines tr.till-last .till-disc input", "100");
    // Choosing % sends the discount (till.js submits on the kind's change), as a cashier does it.
    // No Enter after it: the answer re-renders the line, and an Enter racing it would send the
    // re-rendered, empty box and clear the prompt (the test failed 2 runs in 3 that way).
    await page.selectOption("#till-lines tr.till-last .till-disc select", "percent");
    await page.waitForSelector("#approver-username");
    await page.waitForFunction(() => document.activeElement?.id === "approver-username", null, {
      polling: 100,
    });
    expect(await page.textContent("#till-messages")).toContain("needs an owner's approval");
    expect(await page.textContent("#till-lines tr.till-last .till-amount")).toContain("30.00");
    await page.keyboard.type(OWNER.username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(OWNER.password);
    await page.keyboard.press("Enter");
    await page.waitForFunction(() =>
      document.querySelector("#till-messages")?.textContent?.includes("Discount approved"),
    );
    expect(await page.textContent("#till-lines tr.till-last .till-amount")).toContain("0.00");
    expect(await page.textContent("#till-lines tr.till-last .till-amount")).not.toContain("30.00");
    expect(page.url()).toBe(url);
  });
});
