import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createStaff } from "../../src/services/shop/staff.ts";
import { seriousViolations } from "../helpers/axe.ts";
import {
  type Browser,
  chromiumAvailable,
  type LiveServer,
  launchBrowser,
  setupInBrowser,
  startLiveServer,
} from "../helpers/browser.ts";
import { seedProduct } from "../helpers/till.ts";

// A cashier whose language is Hindi works a whole sale at the till (scan,
// quantity, customer by F2, cash, done) at a laptop's and a phone's size: the
// page is lang="hi", shows the same controls as the English till, nothing
// clips, axe stays clean. Screenshots of both languages go to /tmp/till-shots/.
const shots = "/tmp/till-shots";
const SIZES = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
];
const SUGAR = { code: "8901001000017", name: "चीनी (शक्कर) 1 kg", price: 4800, stock: 100 };
const STAFF = {
  en: { username: "meena", password: "meena-pass-123", displayName: "Meena" },
  hi: { username: "ravi", password: "ravi-pass-123", displayName: "रवि कुमार" },
} as const;
type Lang = keyof typeof STAFF;

/** Visible controls and headings, named by what they are, not by their words. */
function visibleControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen: string[] = [];
    const sel =
      "button, input, select, a, label, th, legend, summary, kbd, dt, h1, h2, [role=status]";
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
      if (el.closest(".lang-switch, .till-msg")) continue; // the switch names the other language
      const name = el.id || el.getAttribute("name") || el.getAttribute("for") || "";
      const type = el.getAttribute("type") ?? "";
      seen.push(`${el.tagName.toLowerCase()}${type ? `[${type}]` : ""}#${name}.${el.className}`);
    }
    return seen.sort();
  });
}

/** Text boxes whose words are cut off or spill: wider content than the box shows. */
function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const sel =
      "button, .btn, label, th, td, legend, summary, dt, dd, .till-keys span, .till-msg, .till-bigrow, .till-total";
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      if (el.clientWidth === 0 || el.offsetParent === null) continue; // inline or hidden
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2) {
        const style = getComputedStyle(el);
        // Only a box that hides or scrolls its overflow cuts the words off; one that grows does not.
        const cuts = style.overflowX !== "visible" || style.overflowY !== "visible";
        const spills = el.scrollWidth > el.clientWidth + 1;
        if (cuts || spills)
          out.push(
            `${el.tagName.toLowerCase()}#${el.id}.${el.className}: ${el.textContent?.trim()}`,
          );
      }
    }
    return out;
  });
}

describe.runIf(chromiumAvailable())("e2e: the till in Hindi, 1366 × 768 and 390 × 844", () => {
  let server: LiveServer;
  // A fresh browser per sale: a late answer of the last page (the receipt's PDF, the new
  // bill) cannot bring the last cashier's session cookie back into the next login.
  let browser: Browser;
  const consoleErrors: string[] = [];
  // What the English till shows at each step and size, to compare the Hindi one with.
  const english = new Map<string, string[]>();

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startLiveServer();
    const db = server.database.db;
    await seedProduct(db, SUGAR);
    const first = await launchBrowser({ viewport: SIZES[0] });
    try {
      await setupInBrowser(first.page, server.url);
    } finally {
      await first.close();
    }
    for (const lang of ["en", "hi"] as const)
      await createStaff(
        db,
        { userId: null, username: "test" },
        {
          ...STAFF[lang],
          confirmPassword: STAFF[lang].password,
          role: "cashier",
          language: lang,
        },
      );
  });
  afterEach(async () => {
    await browser?.close();
  });
  afterAll(async () => {
    await server?.cleanup();
  });

  async function login(lang: Lang, size: { width: number; height: number }): Promise<void> {
    browser = await launchBrowser({ viewport: size });
    browser.page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    const { page } = browser;
    await page.goto(`${server.url}login`);
    await page.fill("input[name=username]", STAFF[lang].username);
    await page.fill("input[name=password]", STAFF[lang].password);
    await page.click("button[type=submit]");
    await page.waitForURL(`${server.url}`);
  }

  /** The checks at one step of the sale: language, controls as in English, no clipping, axe. */
  async function check(lang: Lang, size: { width: number; height: number }, step: string) {
    const { page } = browser;
    const at = `${size.width}x${size.height}-${step}`;
    expect(await page.getAttribute("html", "lang")).toBe(lang);
    const controls = await visibleControls(page);
    if (lang === "en") english.set(at, controls);
    else expect(controls, at).toEqual(english.get(at));
    expect(await clipped(page), `${lang} ${at}`).toEqual([]);
    expect(await seriousViolations(page), `${lang} ${at}`).toEqual([]);
    await page.screenshot({ path: path.join(shots, `till-${lang}-${at}.png`), fullPage: true });
  }

  let sale = 0;
  for (const size of SIZES)
    for (const lang of ["en", "hi"] as const)
      it(`${lang} at ${size.width} × ${size.height}: scan, quantity, customer (F2), cash, done`, async () => {
        sale += 1;
        await login(lang, size);
        const { page } = browser;
        await page.goto(`${server.url}till`);
        await page.waitForFunction(() => document.activeElement?.id === "scan");
        await check(lang, size, "empty");

        await page.keyboard.type(SUGAR.code, { delay: 3 });
        await page.keyboard.press("Enter");
        await page.waitForSelector("#till-lines tbody tr");
        expect(await page.textContent("#till-messages")).toContain(
          lang === "hi" ? "जोड़ा: चीनी (शक्कर) 1 kg × 1 नग" : "Added चीनी (शक्कर) 1 kg × 1 pc",
        );
        await page.keyboard.press("+");
        await page.waitForFunction(
          () => (document.querySelector(".till-qty input") as HTMLInputElement)?.value === "2",
        );

        await page.keyboard.press("F2");
        await page.keyboard.type(`98450 1234${sale}`);
        await page.waitForSelector("#new-customer-name");
        await page.keyboard.press("Enter");
        await page.keyboard.type(lang === "hi" ? "लक्ष्मी नारायण" : "Lakshmi Narayan");
        await page.keyboard.press("Enter");
        await page.waitForSelector("#till-customer-name");
        await page.waitForFunction(() => document.activeElement?.id === "scan");

        await page.keyboard.press("F4");
        await page.keyboard.type("500");
        await page.waitForFunction(() => document.querySelector("#till-change strong"));
        expect(await page.textContent("#till-change")).toContain(
          lang === "hi" ? "वापसी" : "Change",
        );
        await check(lang, size, "payment");

        await page.keyboard.press("Enter");
        await page.waitForSelector("#done-number");
        expect(await page.textContent(".till-done")).toContain(
          lang === "hi" ? "पूरा हुआ" : "complete",
        );
        expect(await page.textContent("#done-change")).toBe("₹404.00");
        await page.waitForFunction(() => document.activeElement?.id === "scan");
        await check(lang, size, "done");

        await page.keyboard.press("Escape");
        await page.waitForSelector(".till-empty");
        expect(consoleErrors).toEqual([]);
      });
});
