import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, makeApp, shopWithStaff, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { seedProduct, tillPost, tillToken } from "../helpers/till.ts";

// A scan onto the bill exactly as the till shows it answers with the row it
// changed, not the whole lines region (routes/till/render.ts scanRegions,
// services/till/view.ts linesShown), so a scan costs the same on a 200-line bill
// as on a 20-line one; anything the till did not see redraws the region.

const PRODUCTS = 205;
const codeOf = (k: number) => `ROW-${String(k).padStart(3, "0")}`;
/** The value of the scan form's #till-shown in a page or an answer. */
const shownIn = (html: string) => html.match(/id="till-shown" name="shown" value="([^"]*)"/)?.[1];
const rowIds = (html: string) =>
  [...html.matchAll(/<tr id="till-line-(\d+)"/g)].map((m) => Number(m[1]));
/** Each row's HTML by line id, as a page or an answer renders it. */
function rowsIn(html: string): Map<number, string> {
  const rows = new Map<number, string>();
  for (const m of html.matchAll(/<tr id="till-line-(\d+)"[\s\S]*?<\/tr>/g))
    rows.set(Number(m[1]), m[0].replace(/\s+/g, " "));
  return rows;
}
const partials = (html: string) =>
  [...html.matchAll(/<hx-partial hx-target="([^"]+)" hx-swap="([^"]+)">/g)].map(
    (m) => `${m[1]} ${m[2]}`,
  );

for (const dialect of testDialects()) {
  describe(`${dialect}: a scan answers with its row`, () => {
    let t: TestApp;
    let cashier: Agent;
    let token: string;
    let shown: string;
    /** A scan sending `sent` as the till's value (the current one unless given; null: none). */
    const scan = async (code: string, sent: string | null = shown) => {
      const res = await tillPost(cashier, token, "/till/scan", {
        code,
        ...(sent === null ? {} : { shown: sent }),
      });
      expect(res.status).toBe(200);
      shown = shownIn(res.text) ?? shown;
      return res.text;
    };
    /** The till page as a reload shows it: its rows must equal what the answers built up. */
    const page = async () => (await cashier.get("/till")).text;

    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ cashier } = await shopWithStaff(t));
      for (let k = 0; k < PRODUCTS; k++)
        await seedProduct(t.database.db, {
          code: codeOf(k),
          name: `Item ${k}`,
          price: 1000 + k,
          stock: 50,
        });
      token = await tillToken(cashier);
      shown = shownIn(await page()) ?? "";
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("the first line draws the region; the next ones append one row and unmark the last", async () => {
      expect(shown).toBe("");
      const first = await scan(codeOf(0));
      expect(partials(first)).toContain("#till-lines innerHTML");
      const second = await scan(codeOf(1));
      expect(partials(second)).not.toContain("#till-lines innerHTML");
      const [firstId, secondId] = rowIds(second);
      expect(partials(second)).toEqual([
        "#till-messages innerHTML",
        `#till-line-${firstId} outerHTML`,
        "#till-lines tbody beforeend",
        "#till-shown outerHTML",
        "#till-totals innerHTML",
        "#till-payment innerHTML",
      ]);
      expect(rowIds(second)).toHaveLength(2);
      expect(second).toMatch(
        new RegExp(`<tr id="till-line-${secondId}" data-line="${secondId}" class="till-last">`),
      );
      expect(second).toMatch(
        new RegExp(`<tr id="till-line-${firstId}" data-line="${firstId}" class="">`),
      );
    });

    it("a repeat scan redraws only that line, wherever it is on the bill", async () => {
      const again = await scan(codeOf(0));
      const ids = rowIds(again);
      expect(ids).toHaveLength(1);
      expect(partials(again)).toContain(`#till-line-${ids[0]} outerHTML`);
      expect(again).toContain('value="2"');
    });

    it("on a 200-line bill a scan still sends one or two rows, and they are the rows a reload shows", async () => {
      for (let k = 2; k < 200; k++) {
        const answer = await scan(codeOf(k));
        expect(rowIds(answer).length).toBeLessThanOrEqual(2);
      }
      const bump = await scan(codeOf(57));
      const added = await scan(codeOf(200));
      const reload = rowsIn(await page());
      expect(reload.size).toBe(201);
      for (const answer of [bump, added])
        for (const [id, row] of rowsIn(answer)) expect(row).toBe(reload.get(id));
      expect(shownIn(await page())).toBe(shown);
    });

    it("a till that did not see the bill as it is gets the whole region", async () => {
      // No value (an old page), a wrong one, and one from before another tab's change.
      for (const sent of [null, "", "stale"]) {
        const answer = await scan(codeOf(201), sent);
        expect(partials(answer)).toContain("#till-lines innerHTML");
        expect(rowIds(answer)).toHaveLength(202);
      }
      const before = shown;
      const other = rowIds(await page())[0] as number;
      const elsewhere = await tillPost(cashier, token, `/till/lines/${other}/inc`);
      expect(elsewhere.status).toBe(200);
      const answer = await scan(codeOf(202), before);
      expect(partials(answer)).toContain("#till-lines innerHTML");
      // …and from then on rows again.
      expect(rowIds(await scan(codeOf(203)))).toHaveLength(2);
    });

    it("a refused scan leaves the till's value as it was, and the next scan sends its row", async () => {
      const before = shown;
      const res = await tillPost(cashier, token, "/till/scan", { code: "NO-SUCH-CODE", shown });
      expect(res.status).toBe(404);
      expect(shownIn(res.text)).toBe(before);
      expect(rowIds(await scan(codeOf(204)))).toHaveLength(2);
    });
  });
}
