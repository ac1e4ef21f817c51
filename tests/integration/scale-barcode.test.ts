import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listLines } from "../../src/db/repositories/bills.repo.ts";
import { insertProduct } from "../../src/db/repositories/products.repo.ts";
import { updateSettings } from "../../src/db/repositories/settings.repo.ts";
import { withCheckDigit } from "../../src/lib/barcodes.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { scanIntoBill } from "../../src/services/till/bill.ts";
import { makeApp, setupShopVia, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";

for (const dialect of testDialects()) {
  describe(`${dialect}: weighing-scale labels at the till`, () => {
    let t: TestApp;
    let ownerId: number;
    beforeAll(async () => {
      t = await makeApp(dialect);
      await setupShopVia(t.app);
      const owner = await t.database.db.selectFrom("users").select("id").executeTakeFirstOrThrow();
      ownerId = owner.id;
      const now = nowUtc();
      const base = {
        category: "Loose",
        gst_rate: 0,
        hsn: "",
        low_stock_level: 0,
        active: 1 as const,
      };
      await insertProduct(t.database.db, {
        ...base,
        code: "00042",
        name: "Basmati rice (loose)",
        price: 12000, // ₹120.00 per kg
        unit: "kg",
        stock: 50_000,
        created_at: now,
        updated_at: now,
      });
      await insertProduct(t.database.db, {
        ...base,
        code: "77",
        name: "Soap bar",
        price: 4000,
        unit: "pc",
        stock: 10,
        created_at: now,
        updated_at: now,
      });
      // A shop's own catalogue code that happens to look like a scale label wins.
      await insertProduct(t.database.db, {
        ...base,
        code: withCheckDigit("200004299999"),
        name: "Gift hamper",
        price: 99900,
        unit: "pc",
        stock: 5,
        created_at: now,
        updated_at: now,
      });
    });
    afterAll(async () => t?.cleanup());

    const lines = async () => {
      const bill = await t.database.db
        .selectFrom("bills")
        .select("id")
        .where("open_for", "=", ownerId)
        .executeTakeFirstOrThrow();
      return listLines(t.database.db, bill.id);
    };

    it("weight layout (the default): the label's grams become the line quantity", async () => {
      const result = await scanIntoBill(t.database.db, ownerId, withCheckDigit("200004201250"));
      expect(result.product.name).toBe("Basmati rice (loose)");
      const rice = (await lines()).find((l) => l.name === "Basmati rice (loose)");
      expect(rice?.qty).toBe(1250);
    });

    it("an exact catalogue code wins over reading it as a scale label", async () => {
      const result = await scanIntoBill(t.database.db, ownerId, withCheckDigit("200004299999"));
      expect(result.product.name).toBe("Gift hamper");
    });

    it("price layout: the label price becomes grams at the price per kg", async () => {
      await updateSettings(t.database.db, { scale_barcode_layout: "price" });
      // ₹30.00 at ₹120.00/kg = 250 g, added to the 1250 g already on the bill.
      await scanIntoBill(t.database.db, ownerId, withCheckDigit("210004203000"));
      const rice = (await lines()).find((l) => l.name === "Basmati rice (loose)");
      expect(rice?.qty).toBe(1500);
    });

    it("clear refusals: unknown item, a piece product, a bad check digit, layout off", async () => {
      await updateSettings(t.database.db, { scale_barcode_layout: "weight" });
      await expect(
        scanIntoBill(t.database.db, ownerId, withCheckDigit("200009900500")),
      ).rejects.toThrow("item 00099");
      await expect(
        scanIntoBill(t.database.db, ownerId, withCheckDigit("200007700500")),
      ).rejects.toThrow("sold by the piece");
      const good = withCheckDigit("200004200500");
      const bad = `${good.slice(0, 12)}${(Number(good.at(-1)) + 1) % 10}`;
      await expect(scanIntoBill(t.database.db, ownerId, bad)).rejects.toThrow(
        "No product has the code",
      );
      await updateSettings(t.database.db, { scale_barcode_layout: "off" });
      await expect(scanIntoBill(t.database.db, ownerId, good)).rejects.toThrow(
        "No product has the code",
      );
      const rice = (await lines()).find((l) => l.name === "Basmati rice (loose)");
      expect(rice?.qty).toBe(1500);
    });
  });
}
