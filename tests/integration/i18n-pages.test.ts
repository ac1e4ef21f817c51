import path from "node:path";
import type { Express } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, csrfFrom, loginAs, makeApp, type TestApp, tokenFor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { textOutsideCatalogue } from "../helpers/i18n-pages.ts";

// Every listed page, in Hindi, shows only catalogue text (docs/architecture.md §9).
// A feature that converts its pages adds them here: a path (or a function of
// the ids below) and who looks at it.
type Role = "anonymous" | "owner" | "cashier";
interface Ids {
  cashierId: number;
}
const PAGES: { path: string | ((ids: Ids) => string); role: Role; status?: number }[] = [
  { path: "/login", role: "anonymous" },
  { path: "/staff", role: "owner" },
  { path: (ids) => `/staff/${ids.cashierId}`, role: "owner" },
  { path: "/staff?done=created", role: "owner" },
  { path: "/settings", role: "owner" },
  { path: "/settings?saved=1", role: "owner" },
  { path: "/settings/printers", role: "owner" },
  { path: "/settings/printers?saved=1&edit=1", role: "owner" },
  { path: "/backups", role: "owner" },
  { path: "/no-such-page", role: "owner", status: 404 },
  { path: "/settings", role: "cashier", status: 403 },
  // The till in every state (lines, prompts, payment, held bills): tests/integration/i18n-till.test.ts.
  { path: "/till", role: "cashier" },
  { path: "/till", role: "owner" },
];

// The test's own data: Devanagari and digits where the app allows it.
const SHOP = "शर्मा किराना भंडार";
const OWNER = { username: "malik", password: "malik-pass-123", displayName: "आशा शर्मा" };
const CASHIER = { username: "rahul", password: "rahul-pass-123", displayName: "राहुल कुमार" };
const PRINTER = "काउंटर प्रिंटर";
const DATA = [
  SHOP,
  PRINTER,
  OWNER.username,
  OWNER.displayName,
  CASHIER.username,
  CASHIER.displayName,
];

const HINDI = "hi-IN,hi;q=0.9";

async function postForm(agent: Agent, url: string, body: Record<string, unknown>, page: string) {
  const token = await tokenFor(agent, page);
  return agent
    .post(url)
    .type("form")
    .send({ _csrf: token, ...body });
}

async function setUp(app: Express): Promise<Agent> {
  const agent = request.agent(app);
  const page = await agent.get("/setup").set("Accept-Language", HINDI);
  const res = await agent
    .post("/setup")
    .type("form")
    .set("Accept-Language", HINDI)
    .send({
      _csrf: csrfFrom(page.text),
      shopName: SHOP,
      address: "",
      phone: "020 2345 6789",
      gstin: "",
      displayName: OWNER.displayName,
      username: OWNER.username,
      password: OWNER.password,
      confirmPassword: OWNER.password,
    });
  if (res.status !== 302) throw new Error(`setup failed: ${res.status}`);
  return agent;
}

async function userRow(t: TestApp, username: string) {
  return t.database.db
    .selectFrom("users")
    .select(["id", "language"])
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
}

for (const dialect of testDialects()) {
  describe(`${dialect}: pages in Hindi`, () => {
    let t: TestApp;
    let owner: Agent;
    let cashier: Agent;
    let ids: Ids;
    let data: string[];
    beforeAll(async () => {
      t = await makeApp(dialect, { i18nMark: true });
      // The backups page names the folder: test data too.
      data = [...DATA, path.join(t.dataDir, "backups")];
      // The setup page in Hindi, before the shop exists.
      const setup = await request(t.app).get("/setup").set("Accept-Language", HINDI);
      expect(setup.status).toBe(200);
      expect(textOutsideCatalogue(setup.text, DATA)).toEqual([]);
      owner = await setUp(t.app);
      const created = await postForm(
        owner,
        "/staff",
        { ...CASHIER, confirmPassword: CASHIER.password, role: "cashier", language: "hi" },
        "/staff",
      );
      expect(created.status).toBe(303);
      const printer = await postForm(
        owner,
        "/settings/printers",
        { name: PRINTER, kind: "network", host: "192.168.1.87", port: "9100", paper: "80mm" },
        "/settings/printers",
      );
      expect(printer.status).toBe(303);
      cashier = await loginAs(t.app, CASHIER.username, CASHIER.password);
      ids = { cashierId: (await userRow(t, CASHIER.username)).id };
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("set up in Hindi gives a Hindi owner account", async () => {
      expect((await userRow(t, OWNER.username)).language).toBe("hi");
      const res = await owner.get("/staff");
      expect(res.text).toContain('<html lang="hi">');
    });

    for (const page of PAGES) {
      const label = typeof page.path === "string" ? page.path : page.path({ cashierId: 0 });
      it(`${page.role} ${label}: nothing outside the catalogue`, async () => {
        const path = typeof page.path === "string" ? page.path : page.path(ids);
        const agent =
          page.role === "owner" ? owner : page.role === "cashier" ? cashier : request.agent(t.app);
        const res = await agent.get(path).set("Accept-Language", HINDI);
        expect(res.status).toBe(page.status ?? 200);
        expect(res.text).toContain('<html lang="hi">');
        expect(textOutsideCatalogue(res.text, data)).toEqual([]);
      });
    }

    it("shows form errors from the catalogue, in Hindi", async () => {
      const res = await postForm(owner, "/staff", { displayName: "", username: "x" }, "/staff");
      expect(res.status).toBe(400);
      expect(res.text).toContain("नाम ज़रूरी है");
      expect(textOutsideCatalogue(res.text, DATA)).toEqual([]);
      const visitor = request.agent(t.app);
      const login = await visitor.get("/login").set("Accept-Language", HINDI);
      const wrong = await visitor
        .post("/login")
        .set("Accept-Language", HINDI)
        .type("form")
        .send({ _csrf: csrfFrom(login.text), username: "malik", password: "not-it-at-all" });
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain("यूज़रनेम या पासवर्ड गलत है");
      expect(textOutsideCatalogue(wrong.text, DATA)).toEqual([]);
    });

    it("catches a word that is not from the catalogue", () => {
      const html = `<p>\u2063ठीक\u2064 Rahul <b>${SHOP}</b></p><button title="Close">x</button>`;
      expect(textOutsideCatalogue(html, DATA)).toEqual(["Rahul", "x", "Close"]);
    });
  });

  describe(`${dialect}: choosing a language`, () => {
    let t: TestApp;
    let owner: Agent;
    beforeAll(async () => {
      t = await makeApp(dialect);
      owner = await setUp(t.app);
      await postForm(owner, "/language", { language: "en", next: "/staff" }, "/staff");
      await postForm(
        owner,
        "/staff",
        { ...CASHIER, confirmPassword: CASHIER.password, role: "cashier" },
        "/staff",
      );
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("shows the login page in the browser's language", async () => {
      const hi = await request(t.app).get("/login").set("Accept-Language", HINDI);
      expect(hi.text).toContain('<html lang="hi">');
      expect(hi.text).toContain("लॉग इन करें");
      expect(hi.headers["content-language"]).toBe("hi");
      for (const other of ["en-IN,en;q=0.9", "fr-FR", ""]) {
        const en = await request(t.app).get("/login").set("Accept-Language", other);
        expect(en.text, other).toContain('<html lang="en">');
        expect(en.text, other).toContain(">Log in</button>");
      }
    });

    it("keeps a member's own switch across logins, and returns to the same page", async () => {
      const agent = await loginAs(t.app, CASHIER.username, CASHIER.password);
      expect((await agent.get("/till")).text).toContain('<html lang="en">');
      const page = await agent.get("/bills?q=1");
      expect(page.text).toContain('name="next" value="/bills?q=1"');
      const switched = await postForm(
        agent,
        "/language",
        { language: "hi", next: "/bills?q=1" },
        "/bills",
      );
      expect(switched.status).toBe(303);
      expect(switched.headers.location).toBe("/bills?q=1");
      expect((await agent.get("/bills")).text).toContain('<html lang="hi">');
      expect((await userRow(t, CASHIER.username)).language).toBe("hi");
      // A new login, from a browser that asks for English, is still in Hindi.
      const again = request.agent(t.app);
      const login = await again.get("/login").set("Accept-Language", "en");
      await again
        .post("/login")
        .type("form")
        .send({ _csrf: csrfFrom(login.text), ...CASHIER });
      const after = await again.get("/bills").set("Accept-Language", "en");
      expect(after.text).toContain('<html lang="hi">');
      expect(after.text).toContain("लॉग आउट");
      const bad = await postForm(again, "/language", { language: "fr" }, "/bills");
      expect(bad.status).toBe(400);
      expect((await userRow(t, CASHIER.username)).language).toBe("hi");
      // An address elsewhere is not followed.
      const away = await postForm(
        again,
        "/language",
        { language: "hi", next: "//evil.example" },
        "/bills",
      );
      expect(away.headers.location).toBe("/");
    });

    it("lets the owner set a cashier's language on the staff page", async () => {
      const id = (await userRow(t, CASHIER.username)).id;
      const page = await owner.get(`/staff/${id}`);
      expect(page.text).toContain(`action="/staff/${id}/language"`);
      const res = await postForm(
        owner,
        `/staff/${id}/language`,
        { language: "en" },
        `/staff/${id}`,
      );
      expect(res.status).toBe(303);
      expect((await userRow(t, CASHIER.username)).language).toBe("en");
      const audit = await t.database.db
        .selectFrom("audit_log")
        .select("action")
        .where("action", "=", "staff.language")
        .execute();
      expect(audit).toHaveLength(1);
      const agent = await loginAs(t.app, CASHIER.username, CASHIER.password);
      expect((await agent.get("/till").set("Accept-Language", HINDI)).text).toContain(
        '<html lang="en">',
      );
      const bad = await postForm(
        owner,
        `/staff/${id}/language`,
        { language: "xx" },
        `/staff/${id}`,
      );
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("Choose English or Hindi");
      const cashier = await loginAs(t.app, CASHIER.username, CASHIER.password);
      expect(
        (await postForm(cashier, `/staff/${id}/language`, { language: "hi" }, "/till")).status,
      ).toBe(403);
      expect((await userRow(t, CASHIER.username)).language).toBe("en");
    });

    it("validates the receipt language setting", async () => {
      const form = await owner.get("/settings");
      expect(form.text).toContain('name="receiptLanguage"');
      const settings = {
        name: "Sharma Kirana",
        receiptFormat: "80mm",
        gstRates: "0, 5, 18",
        timeZone: "Asia/Kolkata",
      };
      const bad = await postForm(
        owner,
        "/settings",
        { ...settings, receiptLanguage: "fr" },
        "/settings",
      );
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("Choose English, Hindi or both for the receipt");
      const before = await t.database.db
        .selectFrom("shop_settings")
        .select(["receipt_language", "name"])
        .executeTakeFirstOrThrow();
      expect(before).toEqual({ receipt_language: "en", name: SHOP });
      const ok = await postForm(
        owner,
        "/settings",
        { ...settings, receiptLanguage: "both" },
        "/settings",
      );
      expect(ok.status).toBe(303);
      const after = await t.database.db
        .selectFrom("shop_settings")
        .select("receipt_language")
        .executeTakeFirstOrThrow();
      expect(after.receipt_language).toBe("both");
      expect((await owner.get("/settings")).text).toMatch(/value="both" selected/);
    });

    it("serves the Devanagari font from this origin, allowed by the CSP", async () => {
      const css = await request(t.app).get("/static/css/base.css");
      const url = css.text.match(/url\("(\/vendor\/fonts\/devanagari\/[^"]+\.woff2)"\)/)?.[1];
      expect(url).toBeTruthy();
      const font = await request(t.app).get(url ?? "");
      expect(font.status).toBe(200);
      expect(font.body.length).toBeGreaterThan(10_000);
      const csp = (await request(t.app).get("/login")).headers["content-security-policy"] ?? "";
      expect(csp).toMatch(/font-src 'self'/);
    });
  });
}
