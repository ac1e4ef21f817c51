import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withCheckDigit } from "../../src/lib/barcodes.ts";
import { parseWeight } from "../../src/services/till/scan-weight.ts";
import { type Agent, makeApp, setupShopVia, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { seedProduct, tillPost, tillToken } from "../helpers/till.ts";

/** Issue #19 point 5: a loose product scanned by its own code asks for its weight. */
describe("the weight rule", () => {
  it("grams with g or as a whole number ≥ 10; kg with kg, as a decimal, or a whole number < 10", () => {
    expect(parseWeight("250", "kg")).toBe(250);
    expect(parseWeight("250g", "kg")).toBe(250);
    expect(parseWeight("250 g", "kg")).toBe(250);
    expect(parseWeight("1.5", "kg")).toBe(1500);
    expect(parseWeight("0.75kg", "kg")).toBe(750);
    expect(parseWeight("2", "kg")).toBe(2000);
    expect(parseWeight("2 kg", "kg")).toBe(2000);
    expect(parseWeight("500ml", "l")).toBe(500);
    expect(parseWeight("1.5 l", "l")).toBe(1500);
    expect(parseWeight("500", "l")).toBe(500);
    for (const bad of ["", "0", "abc", "1.2345", "-5", "250 ml", "2,5"])
      expect(parseWeight(bad, "kg")).toBeNull();
    expect(parseWeight("250 g", "l")).toBeNull();
  });
});

for (const dialect of testDialects()) {
  describe(`${dialect}: loose goods at the till`, () => {
    let t: TestApp;
    let owner: Agent;
    let token: string;
    let riceId = 0;

    const riceLine = () =>
      t.database.db
        .selectFrom("bill_lines")
        .select(["qty"])
        .where("product_id", "=", riceId)
        .executeTakeFirst();

    beforeAll(async () => {
      t = await makeApp(dialect);
      owner = await setupShopVia(t.app);
      riceId = await seedProduct(t.database.db, {
        code: "00042",
        name: "Basmati rice (loose)",
        price: 12_000,
        gst_rate: 0,
        unit: "kg",
        stock: 50_000,
      });
      token = await tillToken(owner);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("scanning a loose product's own code asks for the weight and adds nothing yet", async () => {
      const res = await tillPost(owner, token, "/till/scan", { code: "00042" });
      expect(res.status).toBe(200);
      expect(res.text).toContain('id="weight-input"');
      expect(res.text).toContain("Basmati rice (loose)");
      expect(res.text).toContain("250 or 250g = 250 g");
      expect(JSON.parse(res.headers["hx-trigger"] ?? "{}").tillFocus).toBe("weight-input");
      expect(await riceLine()).toBeUndefined();
    });

    it("a bad weight asks again with a message; a good one adds that weight", async () => {
      let res = await tillPost(owner, token, "/till/scan", { code: "00042", weight: "abc" });
      expect(res.status).toBe(400);
      expect(res.text).toContain('id="weight-input"');
      expect(res.text).toContain("Type the weight");
      expect(await riceLine()).toBeUndefined();
      res = await tillPost(owner, token, "/till/scan", { code: "00042", weight: "250" });
      expect(res.status).toBe(200);
      expect(res.text).toContain("Basmati rice (loose) × 0.25 kg");
      expect((await riceLine())?.qty).toBe(250);
      res = await tillPost(owner, token, "/till/scan", { code: "00042", weight: "1.5" });
      expect((await riceLine())?.qty).toBe(1750);
    });

    it("a weighing-scale label carries the weight: no question", async () => {
      const res = await tillPost(owner, token, "/till/scan", {
        code: withCheckDigit("200004201250"),
      });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('id="weight-input"');
      expect((await riceLine())?.qty).toBe(1750 + 1250);
    });
  });
}
