import path from "node:path";
import type { Express } from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bumpCacheGeneration } from "../../src/db/repositories/counters.repo.ts";
import { updateSettings } from "../../src/db/repositories/settings.repo.ts";
import { type Agent, csrfFrom, loginAs, makeApp, postForm, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { seedAcctana } from "../helpers/i18n-acctana.ts";
import { textOutsideCatalogue } from "../helpers/i18n-pages.ts";
import { sellInHindi } from "../helpers/i18n-sales.ts";
import { tillPost, tillToken } from "../helpers/till.ts";

// Every listed page, in Hindi, shows only catalogue text (docs/architecture.md §9).
// A feature that converts its pages adds them here: a path (or a function of
// the ids below) and who looks at it.
type Role = "anonymous" | "owner" | "cashier";
interface Ids {
  cashierId: number;
  productId: number;
  customerId: number;
  erasedId: number;
  /** Sales: a bill with a return, its credit note, a voided bill, a plain bill. */
  returnedBill: number;
  creditNote: number;
  voidedBill: number;
  plainBill: number;
  /** A customer with udhaar: a credit sale and a payment received (entryId). */
  accountCustomerId: number;
  entryId: number;
}
// `cut`: a part of the page another feature still has to convert (its own PAGES entry then drops it).
const PAGES: {
  path: string | ((ids: Ids) => string);
  role: Role;
  status?: number;
  cut?: RegExp;
}[] = [
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
  // Products and customers (catcust).
  { path: "/products", role: "owner" },
  { path: "/products?q=चीनी&low=1", role: "owner" },
  { path: "/products?q=no-such-thing", role: "owner" },
  { path: "/products/new", role: "owner" },
  // The shop's one date format (lib/datetime.ts) says AM/PM in both languages.
  { path: (ids) => `/products/${ids.productId}`, role: "owner", cut: / [AP]M\b/g },
  { path: (ids) => `/products/${ids.productId}/edit`, role: "owner" },
  { path: "/products/low-stock", role: "owner" },
  { path: "/products/labels?set=new", role: "owner" },
  { path: "/products/labels?set=low", role: "owner" },
  { path: "/products/import", role: "owner" },
  { path: "/products/999999", role: "owner", status: 404 },
  { path: "/customers", role: "owner" },
  { path: "/customers", role: "cashier" },
  { path: "/customers?q=सुनीता", role: "cashier" },
  { path: "/customers?q=98765", role: "cashier" },
  { path: "/customers?q=91234 56789", role: "cashier" },
  { path: "/customers?q=12", role: "cashier" },
  { path: "/customers/new", role: "cashier" },
  { path: (ids) => `/customers/${ids.customerId}?done=registered`, role: "owner" },
  { path: (ids) => `/customers/${ids.customerId}/edit`, role: "cashier" },
  { path: (ids) => `/customers/${ids.customerId}/edit`, role: "owner" },
  { path: (ids) => `/customers/${ids.customerId}/erase`, role: "owner" },
  { path: (ids) => `/customers/${ids.erasedId}?done=erased`, role: "owner" },
  // Sales: the dashboard, bills, returns.
  { path: "/", role: "owner" },
  { path: "/", role: "cashier" },
  { path: "/bills", role: "cashier" },
  { path: "/bills?q=0001", role: "cashier" },
  { path: "/bills?q=98765%2043210&from=2020-01-01&to=2020-01-31", role: "cashier" },
  { path: "/bills?q=%3F%3F&from=2020-02-01&to=2020-01-01", role: "cashier", status: 400 },
  { path: (ids) => `/bills/${ids.plainBill}`, role: "owner" },
  { path: (ids) => `/bills/${ids.plainBill}`, role: "cashier" },
  { path: (ids) => `/bills/${ids.returnedBill}`, role: "owner" },
  { path: (ids) => `/bills/${ids.voidedBill}?voided=1`, role: "owner" },
  { path: (ids) => `/bills/${ids.returnedBill}/return`, role: "cashier" },
  { path: (ids) => `/bills/${ids.voidedBill}/return`, role: "cashier" },
  { path: (ids) => `/returns/${ids.creditNote}`, role: "cashier" },
  { path: "/analytics", role: "owner" },
  { path: "/analytics?range=30d", role: "owner" },
  { path: "/analytics?range=custom&from=2026-12-01", role: "owner", status: 400 },
  { path: "/analytics/customers?range=90d&list=tier:most", role: "owner" },
  {
    path: "/analytics/customers?range=90d&list=segment:champions&sort=last&dir=asc",
    role: "owner",
  },
  { path: "/analytics/customers?list=none", role: "owner" },
  { path: "/analytics/customers?list=lapsed:10", role: "owner" },
  { path: "/analytics/end-of-day", role: "owner" },
  { path: "/analytics/end-of-day?date=2026-02-30", role: "owner", status: 400 },
  { path: "/accounts", role: "owner" },
  { path: (ids) => `/customers/${ids.accountCustomerId}/account`, role: "owner" },
  // The bill history's pager (an htmx fragment) of a customer with bills.
  { path: (ids) => `/customers/${ids.accountCustomerId}/bills?page=1`, role: "cashier" },
  { path: (ids) => `/customers/${ids.accountCustomerId}/account?done=limit`, role: "owner" },
  { path: (ids) => `/customers/${ids.accountCustomerId}/payment?from=till`, role: "cashier" },
  {
    path: (ids) => `/customers/${ids.accountCustomerId}/payments/${ids.entryId}?from=till`,
    role: "cashier",
  },
  // The till in every state (lines, prompts, payment, held bills): tests/integration/i18n-till.test.ts.
  { path: "/till", role: "cashier" },
  { path: "/till", role: "owner" },
];
const NO_IDS: Ids = {
  cashierId: 0,
  productId: 0,
  customerId: 0,
  erasedId: 0,
  returnedBill: 0,
  creditNote: 0,
  voidedBill: 0,
  plainBill: 0,
  accountCustomerId: 0,
  entryId: 0,
};

// The test's own data: Devanagari and digits where the app allows it.
const SHOP = "शर्मा किराना भंडार";
const OWNER = { username: "malik", password: "malik-pass-123", displayName: "आशा शर्मा" };
const CASHIER = { username: "rahul", password: "rahul-pass-123", displayName: "राहुल कुमार" };
const PRINTER = "काउंटर प्रिंटर";
const PRODUCT = { code: "8901030865275", name: "चीनी (शक्कर) 1 kg", category: "किराना" };
const CUSTOMER = { name: "सुनीता देवी", phone: "98765 43210" };
const GONE = { name: "रमेश यादव", phone: "99887 76655" };
const SUGAR = { code: "8901030", name: "चीनी (शक्कर) 1 kg" };
const SOAP = { code: "8901031", name: "नीम साबुन 100 g" };
const VOID_REASON = "ग्राहक ने सामान लौटाया";
const DATA = [
  SHOP,
  PRINTER,
  PRODUCT.name,
  PRODUCT.category,
  CUSTOMER.name,
  GONE.name,
  SOAP.name,
  VOID_REASON,
  // A phone is shown masked (lib/phone.ts maskPhone): data, as typed in the search.
  "+91 XXXXXX3210",
  OWNER.username,
  OWNER.displayName,
  CASHIER.username,
  CASHIER.displayName,
];

const HINDI = "hi-IN,hi;q=0.9";

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
    let salesData: string[] = [];
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
      const product = await postForm(
        owner,
        "/products",
        { ...PRODUCT, price: "45.00", gst_rate: "0", unit: "pc", stock: "3", low_stock_level: "5" },
        "/products/new",
      );
      expect(product.status).toBe(303);
      const customer = await postForm(owner, "/customers", CUSTOMER, "/customers/new");
      const gone = await postForm(owner, "/customers", GONE, "/customers/new");
      const idOf = (res: { headers: Record<string, string> }) =>
        Number(/\/(\d+)\?/.exec(res.headers.location ?? "")?.[1]);
      const erased = await postForm(
        owner,
        `/customers/${idOf(gone)}/erase`,
        { confirm: "ERASE" },
        `/customers/${idOf(gone)}/erase`,
      );
      expect(erased.status).toBe(303);
      const sales = await sellInHindi(t, owner, cashier, [SUGAR, SOAP], VOID_REASON);
      const cashierId = (await userRow(t, CASHIER.username)).id;
      const ownerId = (await userRow(t, OWNER.username)).id;
      const seeded = await seedAcctana(
        t.database.db,
        { id: cashierId, username: CASHIER.username },
        { id: ownerId, username: OWNER.username },
      );
      data.push(...seeded.data);
      ids = {
        cashierId,
        accountCustomerId: seeded.customerId,
        entryId: seeded.entryId,
        productId: idOf(product),
        customerId: idOf(customer),
        erasedId: idOf(gone),
        ...sales,
      };
      // A credit note's number carries "CN" (a GST document number): data.
      salesData = [sales.creditNoteNumber];
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("set up in Hindi gives a Hindi owner account, Hindi receipts and a Hindi footer", async () => {
      expect((await userRow(t, OWNER.username)).language).toBe("hi");
      const settings = await t.database.db
        .selectFrom("shop_settings")
        .select(["receipt_language", "footer"])
        .executeTakeFirstOrThrow();
      expect(settings).toEqual({ receipt_language: "hi", footer: "धन्यवाद! फिर पधारें।" });
      const res = await owner.get("/staff");
      expect(res.text).toContain('<html lang="hi">');
    });

    for (const page of PAGES) {
      const label = typeof page.path === "string" ? page.path : page.path(NO_IDS);
      it(`${page.role} ${label}: nothing outside the catalogue`, async () => {
        const path = typeof page.path === "string" ? page.path : page.path(ids);
        const agent =
          page.role === "owner" ? owner : page.role === "cashier" ? cashier : request.agent(t.app);
        const res = await agent.get(path).set("Accept-Language", HINDI);
        expect(res.status).toBe(page.status ?? 200);
        const html = res.text.startsWith("<!doctype") ? res.text : `<html lang="hi">${res.text}`;
        expect(html).toContain('<html lang="hi">');
        const shown = page.cut ? html.replace(page.cut, " ") : html;
        expect(textOutsideCatalogue(shown, [...data, ...salesData])).toEqual([]);
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

    it("works a return and a void in Hindi", async () => {
      const outside = (html: string) => textOutsideCatalogue(html, [...data, ...salesData]);
      const returnOf = async (body: Record<string, unknown>) => {
        const form = await cashier.get(`/bills/${ids.plainBill}/return`);
        const line = /name="qty_(\d+)"/.exec(form.text)?.[1];
        return cashier
          .post(`/bills/${ids.plainBill}/return`)
          .type("form")
          .send({
            _csrf: csrfFrom(form.text),
            [`qty_${line}`]: body.qty,
            reason: "expired",
            ...body,
          });
      };
      const half = await returnOf({ qty: "1.5", action: "preview" });
      expect(half.status).toBe(400);
      expect(half.text).toContain("पूरे नग लिखें, जैसे 1");
      expect(outside(half.text)).toEqual([]);
      const preview = await returnOf({ qty: "1", action: "preview" });
      expect(preview.status).toBe(200);
      expect(preview.text).toContain("वापसी ₹45");
      expect(preview.text).toContain("पैसे लौटाएँ और क्रेडिट नोट बनाएँ");
      expect(outside(preview.text)).toEqual([]);
      // With a bill open at the till the form offers the exchange; a wrong owner's password asks again.
      const token = await tillToken(cashier);
      await tillPost(cashier, token, "/till/scan", { code: SOAP.code });
      await tillPost(cashier, token, "/till/scan", { code: SOAP.code });
      const exchange = await returnOf({ qty: "1", action: "preview" });
      expect(exchange.text).toContain("और देगा:");
      expect(outside(exchange.text)).toEqual([]);
      const approval = await returnOf({
        qty: "1",
        action: "confirm",
        approverUsername: OWNER.username,
        approverPassword: "not-the-password",
      });
      expect(approval.status).toBe(400);
      expect(approval.text).toContain("मालिक की मंज़ूरी");
      expect(outside(approval.text)).toEqual([]);
      const split = await returnOf({
        qty: "1",
        action: "confirm",
        refundTo: "split",
        refundCash: "1",
      });
      expect(split.status).toBe(400);
      expect(split.text).toContain("वापसी के हिस्सों का जोड़ ₹1.00 है");
      expect(outside(split.text)).toEqual([]);

      const note = await cashier.get(`/returns/${ids.creditNote}`);
      expect(note.text).toContain("ख़राब या टूटा हुआ");
      // Marks sit around the part names inside the sentence.
      expect(note.text.replace(/[\u2063\u2064]/g, "")).toMatch(/वापसी ₹[\d.,]+: नकद ₹/);
      const bill = await owner.get(`/bills/${ids.plainBill}`);
      const noReason = await owner
        .post(`/bills/${ids.plainBill}/void`)
        .type("form")
        .send({ _csrf: csrfFrom(bill.text), reason: "" });
      expect(noReason.status).toBe(400);
      expect(noReason.text).toContain("रद्द करने का कारण लिखें");
      expect(outside(noReason.text)).toEqual([]);
      const lookup = await cashier.get("/bills?q=%3F%3F");
      expect(lookup.status).toBe(400);
      expect(lookup.text).toContain("बिल नंबर या ग्राहक का फ़ोन नंबर लिखें");
    });

    it("analytics and udhaar: errors, partials, reminders and CSVs in Hindi", async () => {
      const id = ids.accountCustomerId;
      // A payment without an amount: the form says so in Hindi, nothing else outside the catalogue.
      const pay = await postForm(
        cashier,
        `/customers/${id}/payment`,
        { amount: "", mode: "upi" },
        `/customers/${id}/payment`,
      );
      expect(pay.status).toBe(400);
      expect(pay.text).toContain("मिली रक़म लिखें, जैसे 500 या 499.50");
      expect(textOutsideCatalogue(pay.text, data)).toEqual([]);
      const noUpi = await postForm(
        cashier,
        `/customers/${id}/payment`,
        { amount: "50", mode: "upi" },
        `/customers/${id}/payment`,
      );
      expect(noUpi.status).toBe(400);
      expect(noUpi.text).toContain("पक्का करें कि UPI भुगतान मिल गया");
      // The owner's credit limit and write-off refusals.
      const limit = await postForm(
        owner,
        `/customers/${id}/credit-limit`,
        { creditLimit: "बहुत" },
        `/customers/${id}/account`,
      );
      expect(limit.status).toBe(400);
      expect(limit.text).toContain("उधार सीमा: 2000 जैसी रक़म लिखें");
      expect(textOutsideCatalogue(limit.text, [...data, "बहुत"])).toEqual([]);
      const reason = await postForm(
        owner,
        `/customers/${id}/write-off`,
        { amount: "", reason: "" },
        `/customers/${id}/account`,
      );
      expect(reason.text).toContain("कारण लिखें (यह ऑडिट लॉग में जाता है)");
      // A bad period on the analytics page, named in Hindi beside the field.
      const period = await owner.get("/analytics?range=custom&from=2026-12-01");
      expect(period.text).toContain("आख़िरी तारीख़ 2026-11-25 जैसी लिखें");
      expect(period.text).toContain("चैंपियन");
      // htmx partials: the customer table and the payment QR.
      const table = await owner
        .get("/analytics/customers?list=all&sort=bills")
        .set("HX-Request", "true");
      expect(table.text).toContain("ख़रीदने वाले सभी ग्राहक");
      expect(textOutsideCatalogue(table.text, data)).toEqual([]);
      const qr = await cashier.get(`/customers/${id}/payment/qr?amount=150`);
      expect(qr.text).toContain("UPI से ₹150 चुकाने के लिए स्कैन करें");
      expect(textOutsideCatalogue(qr.text, data)).toEqual([]);
      // The account section of the customer's page.
      const profile = await owner.get(`/customers/${id}`);
      const section = profile.text.match(
        /<section[^>]*id="customer-account"[\s\S]*?<\/section>/,
      )?.[0];
      expect(section).toContain("उधार सीमा");
      expect(section).toContain("भुगतान मिला");
      expect(textOutsideCatalogue(section ?? "", data)).toEqual([]);
      // The who-owes-what CSV's column names in the owner's language.
      const csv = await owner.get("/accounts/export.csv");
      expect(csv.text.split("\n")[0]).toContain("ग्राहक ID,नाम,फ़ोन,बाक़ी (INR)");
      // The default reminder in the receipt language: Hindi, then both.
      const receiptLanguage = async (language: "en" | "hi" | "both") => {
        await updateSettings(t.database.db, { receipt_language: language });
        await bumpCacheGeneration(t.database.db);
      };
      const reminderOf = async () => {
        const page = await owner.get("/accounts");
        const link = page.text.match(/href="https:\/\/wa\.me\/\d+\?text=([^"]+)"/)?.[1] ?? "";
        return decodeURIComponent(link.replace(/&amp;/g, "&"));
      };
      // This shop was set up in Hindi: its receipts, and so its reminders, start in Hindi.
      const hindi = await reminderOf();
      expect(hindi).toMatch(/^नमस्ते गोपाल राव, शर्मा किराना भंडार की ओर से एक विनम्र याद/);
      expect(hindi).not.toContain("Namaste");
      await receiptLanguage("en");
      expect(await reminderOf()).toMatch(/^Namaste गोपाल राव, a gentle reminder/);
      await receiptLanguage("both");
      const both = await reminderOf();
      expect(both).toMatch(/^Namaste गोपाल राव[\s\S]+\n\nनमस्ते गोपाल राव/);
      await receiptLanguage("en");
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
      const saved = () =>
        t.database.db
          .selectFrom("shop_settings")
          .select(["receipt_language", "name"])
          .executeTakeFirstOrThrow();
      const initial = await saved();
      expect(initial.name).toBe(SHOP);
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
      // Nothing saved: not the language, not the other fields of the refused form.
      expect(await saved()).toEqual(initial);
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
