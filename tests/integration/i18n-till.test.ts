import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Agent,
  CASHIER,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
} from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { inHindi, textOutsideCatalogue } from "../helpers/i18n-pages.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

// The till in Hindi, state by state (docs/architecture.md §9): every page and
// htmx answer shows only catalogue text, and the messages read in Hindi.
const SUGAR = { code: "8901001", name: "चीनी", price: 4500, stock: 50 };
const DAL = { code: "8901002", name: "तूर दाल", price: 12000, stock: 20_000, unit: "kg" as const };
const GHEE = { code: "8901003", name: "देसी घी", price: 56000, stock: 1 };
const CUSTOMER = { name: "सीता देवी", phone: "9876543210" };
// The test's own data: the shop and staff made by the shared helper, products, the customer.
const DATA = [
  "Sharma Kirana Store",
  "12 MG Road, Pune",
  "27ABCDE1234F1Z5",
  OWNER.username,
  OWNER.displayName,
  CASHIER.username,
  CASHIER.displayName,
  SUGAR.name,
  DAL.name,
  GHEE.name,
  CUSTOMER.name,
];

const outside = (html: string) => textOutsideCatalogue(html, DATA);
/** The till's message line in an htmx answer. */
const message = (html: string) => html.match(/class="till-msg[^"]*"[^>]*>([^<]*)</)?.[1] ?? "";
const unmark = (text: string) => text.replace(/[\u2063\u2064]/g, "");

for (const dialect of testDialects()) {
  describe(`${dialect}: the till in Hindi`, () => {
    let t: TestApp;
    let owner: Agent;
    let cashier: Agent;
    beforeAll(async () => {
      t = await makeApp(dialect, { i18nMark: true });
      ({ owner, cashier } = await shopWithStaff(t));
      await inHindi(owner);
      await inHindi(cashier);
      const db = t.database.db;
      for (const p of [SUGAR, DAL, GHEE]) await seedProduct(db, p);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("works a sale in Hindi with nothing outside the catalogue", async () => {
      const empty = await owner.get("/till");
      expect(empty.status).toBe(200);
      expect(empty.text).toContain('<html lang="hi">');
      expect(unmark(empty.text)).toContain("स्कैन के लिए तैयार।");
      expect(outside(empty.text)).toEqual([]);
      const token = await tillToken(owner);
      const post = (url: string, body: Record<string, unknown> = {}) =>
        tillPost(owner, token, url, body);

      const added = await post("/till/scan", { code: SUGAR.code });
      expect(added.status).toBe(200);
      expect(unmark(message(added.text))).toBe("जोड़ा: चीनी × 1 नग");
      expect(outside(added.text)).toEqual([]);

      // Loose dal by its own code: the weight prompt, a wrong weight, then 1.5 kg.
      const ask = await post("/till/scan", { code: DAL.code });
      expect(unmark(ask.text)).toContain("तूर दाल का वज़न");
      expect(outside(ask.text)).toEqual([]);
      const wrong = await post("/till/scan", { code: DAL.code, weight: "बहुत" });
      expect(wrong.status).toBe(400);
      expect(unmark(message(wrong.text))).toContain("तूर दाल का वज़न लिखें: 250 या 250g");
      expect(outside(wrong.text)).toEqual([]);
      const weighed = await post("/till/scan", { code: DAL.code, weight: "1.5" });
      expect(unmark(message(weighed.text))).toBe("जोड़ा: तूर दाल × 1.5 किलो");
      expect(outside(weighed.text)).toEqual([]);

      // Not enough stock, in Hindi.
      await post("/till/scan", { code: GHEE.code });
      const short = await post("/till/scan", { code: GHEE.code });
      expect(short.status).toBe(409);
      expect(unmark(message(short.text))).toBe("देसी घी स्टॉक में सिर्फ़ 1 नग है");
      expect(outside(short.text)).toEqual([]);
      const unknown = await post("/till/scan", { code: "404404" });
      expect(unmark(message(unknown.text))).toBe("कोड “404404” का कोई सामान नहीं है");

      for (const path of ["/till/products?q=चीनी", "/till/products?q=ऊन"]) {
        const found = await owner.get(path);
        expect(found.status, path).toBe(200);
        expect(outside(found.text), path).toEqual([]);
      }
      expect(unmark((await owner.get("/till/products?q=ऊन")).text)).toContain("कोई सामान नहीं मिला");

      // A new customer by phone (F2), registered in place; then found by the same number.
      for (const q of ["98", CUSTOMER.phone]) {
        const look = await owner.get(`/till/customers?q=${q}`);
        expect(outside(look.text), q).toEqual([]);
      }
      expect(unmark((await owner.get("/till/customers?q=98")).text)).toContain("10 अंकों");
      const bill = billIdFrom(added.text);
      const attached = await post("/till/customer/register", { ...CUSTOMER, billId: bill });
      expect(unmark(message(attached.text))).toBe("सीता देवी जुड़ गए");
      expect(outside(attached.text)).toEqual([]);
      expect(outside((await owner.get("/till/customers?q=98765")).text)).toEqual([]);

      // Quantity and discounts, the change as it is typed, and a short payment refused.
      const qty = await post(`/till/lines/${lineOf(added.text)}/qty`, { qty: "1,5" });
      expect(unmark(message(qty.text))).toContain("कॉमा सिर्फ़ हज़ार अलग करता है");
      expect(outside(qty.text)).toEqual([]);
      await post(`/till/lines/${lineOf(added.text)}/inc`);
      await post("/till/discount", { kind: "amount", discount: "5", billId: bill });
      const change = await owner.get("/till/change?mode=cash&tendered=1");
      expect(unmark(change.text)).toContain("मिला नकद ₹1.00 देय");
      expect(outside(change.text)).toEqual([]);
      expect(outside((await owner.get("/till/change?mode=cash&tendered=2000")).text)).toEqual([]);
      const full = await owner.get("/till");
      expect(unmark(full.text)).toContain("CGST 9% + SGST 9%");
      expect(outside(full.text)).toEqual([]);
      const refused = await post("/till/complete", { billId: bill, mode: "cash", tendered: "1" });
      expect(refused.status).toBe(400);
      expect(unmark(message(refused.text))).toContain("देय");
      expect(outside(refused.text)).toEqual([]);

      const done = await post("/till/complete", { billId: bill, mode: "cash", tendered: "2000" });
      expect(done.status).toBe(200);
      expect(unmark(message(done.text))).toMatch(/^बिल \S+ पूरा हुआ$/);
      expect(unmark(done.text)).toContain("लौटाने हैं");
      expect(outside(done.text)).toEqual([]);
    });

    it("holds and resumes a bill, and asks the owner's approval, in Hindi", async () => {
      const token = await tillToken(cashier);
      const post = (url: string, body: Record<string, unknown> = {}) =>
        tillPost(cashier, token, url, body);
      const scanned = await post("/till/scan", { code: SUGAR.code });
      const over = await post(`/till/lines/${lineOf(scanned.text)}/discount`, {
        kind: "percent",
        discount: "50",
      });
      expect(over.status).toBe(403);
      expect(unmark(message(over.text))).toBe("लाइन के 10 % से ज़्यादा छूट के लिए मालिक की मंज़ूरी चाहिए");
      expect(unmark(over.text)).toContain("मालिक का यूज़रनेम");
      expect(outside(over.text)).toEqual([]);
      const held = await post("/till/hold");
      expect(unmark(message(held.text))).toBe("बिल रोक दिया। रोके गए बिल से फिर खोलें।");
      expect(unmark(held.text)).toContain("रोके गए बिल (1)");
      expect(outside(held.text)).toEqual([]);
      const page = await cashier.get("/till");
      expect(outside(page.text)).toEqual([]);
      const id = page.text.match(/\/till\/held\/(\d+)\/resume/)?.[1];
      const resumed = await post(`/till/held/${id}/resume`);
      expect(unmark(message(resumed.text))).toBe("रोका गया बिल फिर खुला");
      expect(outside(resumed.text)).toEqual([]);
      const cleared = await post("/till/clear");
      expect(outside(cleared.text)).toEqual([]);
    });
  });
}

/** The id of the first line in a till answer. */
function lineOf(html: string): number {
  const m = html.match(/data-line="(\d+)"/);
  if (!m?.[1]) throw new Error("no line in the answer");
  return Number(m[1]);
}
