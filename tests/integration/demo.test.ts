import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasValidCheckDigit } from "../../src/lib/barcodes.ts";
import { normalizePhone, reversedDigits } from "../../src/lib/phone.ts";
import { registerCustomer } from "../../src/services/customers/customers.ts";
import { demoExtras, loadDemoData } from "../../src/services/demo/demo.ts";
import { makeApp, OWNER, setupShopVia, type TestApp, tokenFor } from "../helpers/app.ts";
import { freshDatabase, testDialects } from "../helpers/db.ts";
import { seedProduct } from "../helpers/till.ts";

for (const dialect of testDialects()) {
  describe(`${dialect}: demo data`, () => {
    let t: TestApp;
    const extraCalls: string[] = [];
    const extra = async (_db: unknown, owner: { username: string }) => {
      extraCalls.push(owner.username);
    };
    // Other features register their own demo extras (e.g. months of bills); this
    // suite tests the catalogue and customers alone, and that the hook runs.
    let registered: typeof demoExtras = [];
    beforeAll(async () => {
      registered = demoExtras.splice(0);
      demoExtras.push(extra);
      t = await makeApp(dialect);
    });
    afterAll(async () => {
      demoExtras.splice(0, demoExtras.length, ...registered);
      await t.cleanup();
    });

    it("setup with the 'Load demo data' box fills the shop through the real form", async () => {
      const agent = request.agent(t.app);
      const page = await agent.get("/setup");
      expect(page.text).toContain('name="demo"');
      const token = await tokenFor(agent, "/setup");
      const res = await agent.post("/setup").type("form").send({
        _csrf: token,
        shopName: "Demo Kirana",
        displayName: OWNER.displayName,
        username: OWNER.username,
        password: OWNER.password,
        confirmPassword: OWNER.password,
        demo: "1",
      });
      expect(res.status).toBe(302);
      expect((await agent.get("/")).status).toBe(200);
      expect(extraCalls).toEqual([OWNER.username]);
    });

    it("has ~200 products with valid codes, GST slabs, HSN codes and paise prices", async () => {
      const products = await t.database.db.selectFrom("products").selectAll().execute();
      expect(products.length).toBeGreaterThanOrEqual(190);
      expect(products.length).toBeLessThanOrEqual(220);
      expect(new Set(products.map((p) => p.code)).size).toBe(products.length);
      const categories = new Set(products.map((p) => p.category));
      expect(categories.size).toBeGreaterThanOrEqual(7);
      for (const p of products) {
        expect([0, 500, 1800, 4000]).toContain(p.gst_rate);
        expect(p.hsn).toMatch(/^\d{4,8}$/);
        expect(Number.isInteger(p.price) && p.price > 0).toBe(true);
        if (/^\d+$/.test(p.code)) {
          expect(p.code).toMatch(/^890\d{10}$/);
          expect(hasValidCheckDigit(p.code), p.code).toBe(true);
        } else {
          expect(p.code).toMatch(/^[A-Z0-9]+$/);
        }
        if (p.unit === "kg") expect(/^\d+$/.test(p.code)).toBe(false);
      }
      const ean = products.filter((p) => /^\d{13}$/.test(p.code)).length;
      expect(ean).toBeGreaterThan(150);
      const loose = products.filter((p) => p.unit === "kg");
      expect(loose.length).toBeGreaterThanOrEqual(10);
      expect(products.filter((p) => p.gst_rate === 4000).length).toBeGreaterThan(0);
      expect(products.filter((p) => p.gst_rate === 0).length).toBeGreaterThan(0);
    });

    it("stock equals the sum of its 'initial' movements; a few products are low", async () => {
      const products = await t.database.db
        .selectFrom("products")
        .select(["id", "stock", "low_stock_level"])
        .execute();
      const sums = await t.database.db
        .selectFrom("stock_movements")
        .select((eb) => ["product_id", eb.fn.sum<number>("change").as("total")])
        .groupBy("product_id")
        .execute();
      const byId = new Map(sums.map((s) => [s.product_id, Number(s.total)]));
      for (const p of products) expect(byId.get(p.id) ?? 0).toBe(p.stock);
      const reasons = await t.database.db
        .selectFrom("stock_movements")
        .select("reason")
        .distinct()
        .execute();
      expect(reasons.map((r) => r.reason)).toEqual(["initial"]);
      const low = products.filter((p) => p.stock < p.low_stock_level);
      expect(low.length).toBeGreaterThanOrEqual(5);
      expect(low.length).toBeLessThan(products.length / 4);
    });

    it("has ~150 customers with valid Indian mobile numbers stored normalised", async () => {
      const customers = await t.database.db.selectFrom("customers").selectAll().execute();
      expect(customers).toHaveLength(150);
      for (const c of customers) {
        expect(c.phone).toMatch(/^\+91[6-9]\d{9}$/);
        expect(normalizePhone(c.phone as string)).toBe(c.phone);
        expect(c.phone_rev).toBe(reversedDigits(c.phone as string));
        expect(c.name).toMatch(/^\S+ \S+$/);
      }
      expect(new Set(customers.map((c) => c.phone)).size).toBe(150);
      const audit = await t.database.db
        .selectFrom("audit_log")
        .select("action")
        .where("action", "=", "demo.load")
        .execute();
      expect(audit).toHaveLength(1);
    });

    it("is deterministic and refuses a shop that already has products", async () => {
      const other = await freshDatabase(dialect);
      try {
        const owner = { id: 1, username: "owner" };
        await other.database.db
          .insertInto("users")
          .values({
            username: "owner",
            display_name: "O",
            password_hash: "x",
            role: "owner",
            active: 1,
            created_at: "2026-11-25 10:00:00",
            updated_at: "2026-11-25 10:00:00",
          })
          .execute();
        const counts = await loadDemoData(other.database.db, owner);
        expect(counts.customers).toBe(150);
        const codes = async (db: typeof other.database.db) =>
          await db
            .selectFrom("products")
            .select(["code", "name", "stock"])
            .orderBy("code")
            .execute();
        expect(await codes(other.database.db)).toEqual(await codes(t.database.db));
        const phones = async (db: typeof other.database.db) =>
          await db.selectFrom("customers").select(["phone", "name"]).orderBy("phone").execute();
        expect(await phones(other.database.db)).toEqual(await phones(t.database.db));
        await expect(loadDemoData(other.database.db, owner)).rejects.toThrow(/empty shop/);
        const n = await other.database.db
          .selectFrom("products")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        expect(Number(n.n)).toBe(counts.products);
      } finally {
        await other.cleanup();
      }
    });
  });

  describe(`${dialect}: demo customers and their history`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await makeApp(dialect);
      await setupShopVia(t.app);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("registers every demo customer on or before their first bill, not on the day of loading", async () => {
      const { addDemoBills } = await import("../../src/services/demo/bills.ts");
      const db = t.database.db;
      for (let i = 0; i < 6; i++)
        await seedProduct(db, {
          code: `DC-${i}`,
          name: `Demo ${i}`,
          price: 2_000 + i * 500,
          stock: 10_000,
        });
      for (let i = 0; i < 5; i++)
        await registerCustomer(
          db,
          { userId: null, username: "t" },
          { name: `Demo Customer ${i}`, phone: `98100000${20 + i}` },
        );
      const owner = await db
        .selectFrom("users")
        .select(["id", "username"])
        .where("role", "=", "owner")
        .executeTakeFirstOrThrow();
      const now = new Date("2026-11-25T12:00:00Z");
      expect(await addDemoBills(db, owner, { days: 30, perDay: 4, now })).toBeGreaterThan(40);
      const customers = await db.selectFrom("customers").select(["id", "created_at"]).execute();
      const firsts = await db
        .selectFrom("bills")
        .select((eb) => ["customer_id", eb.fn.min<string>("completed_at").as("first")])
        .where("customer_id", "is not", null)
        .where("completed_at", "is not", null)
        .groupBy("customer_id")
        .execute();
      expect(firsts.length).toBe(customers.length);
      const first = new Map(firsts.map((f) => [Number(f.customer_id), String(f.first)]));
      for (const c of customers) {
        const bill = first.get(Number(c.id)) as string;
        expect(
          c.created_at <= bill,
          `customer ${c.id}: registered ${c.created_at}, first bill ${bill}`,
        ).toBe(true);
        // Registered at the till for that first bill: the same day, not weeks earlier or later.
        expect(
          Date.parse(`${bill.replace(" ", "T")}Z`) -
            Date.parse(`${c.created_at.replace(" ", "T")}Z`),
        ).toBeLessThan(86_400_000);
      }
    });
  });
}
