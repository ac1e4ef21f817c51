import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, makeApp, shopWithStaff, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { inHindi } from "../helpers/i18n-pages.ts";

// Which language a page is in (src/i18n/i18n.ts): the member's own, else the
// best of the browser's Accept-Language, else English.
const langOf = (html: string) => html.match(/<html lang="([^"]+)"/)?.[1];

for (const dialect of testDialects()) {
  describe(`${dialect}: the language a page is in`, () => {
    let t: TestApp;
    let owner: Agent;
    let cashier: Agent;
    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ owner, cashier } = await shopWithStaff(t));
      await inHindi(cashier);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it.each([
      [undefined, "en"],
      ["hi-IN,hi;q=0.9,en;q=0.8", "hi"],
      ["hi", "hi"],
      ["en-GB,en;q=0.9", "en"],
      ["en;q=0.2, hi;q=0.8", "hi"],
      ["fr-FR,fr;q=0.9", "en"],
      ["*", "en"],
      ["not a language header ;;; q=x", "en"],
    ])("before login, Accept-Language %s gives %s", async (header, expected) => {
      const req = request(t.app).get("/login");
      const res = await (header === undefined ? req : req.set("Accept-Language", header));
      expect(res.status).toBe(200);
      expect(langOf(res.text)).toBe(expected);
      expect(res.headers["content-language"]).toBe(expected);
    });

    it("a member's own language wins over the browser's", async () => {
      const hindi = await cashier.get("/till").set("Accept-Language", "en-GB,en;q=0.9");
      expect(langOf(hindi.text)).toBe("hi");
      expect(hindi.headers["content-language"]).toBe("hi");
      const english = await owner.get("/till").set("Accept-Language", "hi-IN,hi;q=0.9");
      expect(langOf(english.text)).toBe("en");
    });
  });
}
