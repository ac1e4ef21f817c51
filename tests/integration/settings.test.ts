import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, makeApp, shopWithStaff, type TestApp, tokenFor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

const valid = {
  name: "Sharma Kirana & Sons",
  address: "12 MG Road, Pune",
  phone: "020 2345 6789",
  gstin: "27abcde1234f1z5",
  upiId: "sharmakirana@okhdfc",
  receiptFormat: "58mm",
  pricesIncludeTax: "1",
  timeZone: "Asia/Dubai",
  billPrefix: "t2",
  footer: "Dhanyavaad!",
  gstRates: "0, 5, 12, 18, 28, 40, 0.25",
  autoPrint: "1",
  scaleBarcodeLayout: "price",
};

for (const dialect of testDialects()) {
  describe(`${dialect}: shop settings`, () => {
    let t: TestApp;
    let owner: Agent;
    let cashier: Agent;
    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ owner, cashier } = await shopWithStaff(t));
    });
    afterAll(async () => {
      await t.cleanup();
    });

    async function save(body: Record<string, unknown>) {
      const token = await tokenFor(owner, "/settings");
      return owner
        .post("/settings")
        .type("form")
        .send({ _csrf: token, ...body });
    }

    it("shows the current settings with GST rates as percentages", async () => {
      const res = await owner.get("/settings");
      expect(res.status).toBe(200);
      expect(res.text).toContain('value="0, 5, 18, 40"');
      expect(res.text).toContain("Sharma Kirana Store");
    });

    it("is owner only", async () => {
      expect((await cashier.get("/settings")).status).toBe(403);
      const token = await tokenFor(cashier, "/");
      const res = await cashier
        .post("/settings")
        .type("form")
        .send({ _csrf: token, ...valid });
      expect(res.status).toBe(403);
      expect((await request(t.app).get("/settings")).status).toBe(302);
    });

    it("saves every field, normalised, and audits what changed", async () => {
      const res = await save(valid);
      expect(res.status).toBe(303);
      const row = await t.database.db
        .selectFrom("shop_settings")
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        name: "Sharma Kirana & Sons",
        gstin: "27ABCDE1234F1Z5",
        upi_id: "sharmakirana@okhdfc",
        receipt_format: "58mm",
        time_zone: "Asia/Dubai",
        bill_prefix: "T2",
        footer: "Dhanyavaad!",
        gst_rates: "0,25,500,1200,1800,2800,4000",
        scale_barcode_layout: "price",
      });
      expect(Number(row.prices_include_tax)).toBe(1);
      expect(Number(row.round_off)).toBe(0); // unchecked box
      expect(Number(row.auto_print)).toBe(1);
      const page = await owner.get("/settings?saved=1");
      expect(page.text).toContain("Settings saved");
      expect(page.text).toContain('value="0, 0.25, 5, 12, 18, 28, 40"');
      const audit = await t.database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "settings.update")
        .executeTakeFirstOrThrow();
      const detail = JSON.parse(audit.detail ?? "{}");
      expect(detail.name).toEqual({ from: "Sharma Kirana Store", to: "Sharma Kirana & Sons" });
      expect(detail.round_off).toEqual({ from: 1, to: 0 });
      expect(audit.username).toBe("owner");
    });

    it("rejects bad values beside their fields and saves nothing", async () => {
      const before = await t.database.db
        .selectFrom("shop_settings")
        .selectAll()
        .executeTakeFirstOrThrow();
      const cases: Array<[Record<string, string>, string]> = [
        [{ gstin: "27ABCDE1234" }, "GSTIN must be 15 characters"],
        [{ upiId: "not-a-upi" }, "UPI ID looks like name@bank"],
        [{ timeZone: "Mars/Olympus" }, "Not a known time zone"],
        [{ billPrefix: "TILL-02" }, "Up to 6 letters or digits"],
        [{ billPrefix: "ABCDEFG" }, "Up to 6 letters or digits"],
        [{ gstRates: "5, abc" }, "is not a percentage"],
        [{ gstRates: "150" }, "is not a percentage"],
        [{ gstRates: "" }, "Give between 1 and 12 rates"],
        [{ receiptFormat: "letter" }, "Choose 80 mm, 58 mm or A4"],
        [{ scaleBarcodeLayout: "pounds" }, "Choose how scale labels are read"],
        [{ name: "   " }, "Shop name is required"],
      ];
      for (const [bad, message] of cases) {
        const res = await save({ ...valid, ...bad });
        expect(res.status, JSON.stringify(bad)).toBe(400);
        expect(res.text).toContain(message);
      }
      const after = await t.database.db
        .selectFrom("shop_settings")
        .selectAll()
        .executeTakeFirstOrThrow();
      expect(after).toEqual(before);
    });

    it("escapes a shop name with markup everywhere it is shown", async () => {
      expect((await save({ ...valid, name: "<script>alert('x')</script>" })).status).toBe(303);
      const page = await owner.get("/settings");
      expect(page.text).not.toContain("<script>alert('x')</script>");
      expect(page.text).toContain("&lt;script&gt;");
    });
  });
}
