import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findProductByCode } from "../../src/db/repositories/products.repo.ts";
import { sumMovements } from "../../src/db/repositories/stock.repo.ts";
import { insertUser } from "../../src/db/repositories/users.repo.ts";
import type { Db } from "../../src/db/types.ts";
import { ConflictError } from "../../src/lib/errors.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { voidBill } from "../../src/services/bills/void.ts";
import { registerCustomer } from "../../src/services/customers/customers.ts";
import { addItemsToOpenBill, scanIntoBill } from "../../src/services/till/bill.ts";
import { completeBill } from "../../src/services/till/checkout.ts";
import { setBillCustomer, setLineQty } from "../../src/services/till/lines.ts";
import { makeApp, setupShopVia, type TestApp } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

async function addCashier(db: Db, name: string): Promise<number> {
  const now = nowUtc();
  return insertUser(db, {
    username: name,
    display_name: name,
    password_hash: "x",
    role: "cashier",
    active: 1,
    created_at: now,
    updated_at: now,
  });
}

const actorOf = (id: number) => ({ userId: id, username: `c${id}` });

for (const dialect of testDialects()) {
  describe(`${dialect}: checkout transaction`, () => {
    let t: TestApp;
    let db: Db;

    beforeAll(async () => {
      t = await makeApp(dialect);
      await setupShopVia(t.app);
      db = t.database.db;
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("refuses a completion when stock ran out meanwhile, naming the product, writing nothing", async () => {
      const owner = await setupShopVia(t.app).catch(() => null);
      expect(owner).toBeNull(); // already set up
      const pid = await seedProduct(db, {
        code: "MILK-1",
        name: "Amul Milk 500ml",
        price: 2900,
        gst_rate: 0,
        stock: 2,
      });
      const cashier = await addCashier(db, "late");
      await scanIntoBill(db, cashier, "MILK-1");
      await scanIntoBill(db, cashier, "MILK-1");
      const bill = await db
        .selectFrom("bills")
        .selectAll()
        .where("open_for", "=", cashier)
        .executeTakeFirstOrThrow();
      // Another till sells one meanwhile.
      await db.updateTable("products").set({ stock: 1 }).where("id", "=", pid).execute();
      await db
        .insertInto("stock_movements")
        .values({
          product_id: pid,
          change: -1,
          reason: "adjust",
          reference: null,
          note: null,
          user_id: null,
          created_at: nowUtc(),
        })
        .execute();
      await expect(completeBill(db, actorOf(cashier), bill.id, { mode: "cash" })).rejects.toThrow(
        /Not enough stock of Amul Milk 500ml: 1 pc left/,
      );
      const after = await db
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", bill.id)
        .executeTakeFirstOrThrow();
      expect([after.status, after.number]).toEqual(["open", null]);
      // The number taken inside the failed transaction was rolled back with it.
      const bill_counters = await db
        .selectFrom("counters")
        .selectAll()
        .where("name", "like", "bill:%")
        .execute();
      expect(bill_counters.map((c) => Number(c.value))).toEqual([0]);
      expect(
        (await db.selectFrom("stock_movements").selectAll().where("reason", "=", "sale").execute())
          .length,
      ).toBe(0);
      // Fix the quantity, then it completes.
      const line = await db
        .selectFrom("bill_lines")
        .selectAll()
        .where("bill_id", "=", bill.id)
        .executeTakeFirstOrThrow();
      await setLineQty(db, cashier, line.id, "1");
      const done = await completeBill(db, actorOf(cashier), bill.id, { mode: "cash" });
      expect(done.number).toMatch(/\/000001$/);
    });

    it("charges the bill's lines as committed: an edit after the last scan here is never missed", async () => {
      await seedProduct(db, {
        code: "REV-1",
        name: "Rev tea",
        price: 1000,
        gst_rate: 0,
        stock: 50,
      });
      await seedProduct(db, {
        code: "REV-2",
        name: "Rev salt",
        price: 300,
        gst_rate: 0,
        stock: 50,
      });
      const cashier = await addCashier(db, "revisions");
      // This process remembers the lines each scan committed (services/till/open-lines.ts) ...
      await scanIntoBill(db, cashier, "REV-1");
      const scanned = await scanIntoBill(db, cashier, "REV-2");
      // ... and an edit (here, or on another till process) claims the bill without remembering.
      await setLineQty(db, cashier, scanned.lineId, "4");
      const done = await completeBill(db, actorOf(cashier), scanned.billId, { mode: "cash" });
      expect(done.total).toBe(1000 + 4 * 300);
      const lines = await db
        .selectFrom("bill_lines")
        .select(["qty", "line_total"])
        .where("bill_id", "=", scanned.billId)
        .orderBy("position")
        .execute();
      expect(lines.map((l) => [Number(l.qty), Number(l.line_total)])).toEqual([
        [1, 1000],
        [4, 1200],
      ]);
      // Straight after scans the remembered lines are the bill's: the same figures.
      const again = await scanIntoBill(db, cashier, "REV-1");
      await scanIntoBill(db, cashier, "REV-1");
      const second = await completeBill(db, actorOf(cashier), again.billId, { mode: "cash" });
      expect(second.total).toBe(2000);
    });

    it("items put on a scanned bill in one go (the demo generator) are charged too", async () => {
      await seedProduct(db, {
        code: "REV-3",
        name: "Rev sugar",
        price: 4500,
        gst_rate: 0,
        stock: 50,
      });
      const cashier = await addCashier(db, "batched");
      const scanned = await scanIntoBill(db, cashier, "REV-3");
      const sugar = await findProductByCode(db, "REV-3");
      if (!sugar) throw new Error("REV-3 not seeded");
      await addItemsToOpenBill(db, cashier, [{ product: sugar, qty: 2 }]);
      const done = await completeBill(db, actorOf(cashier), scanned.billId, { mode: "cash" });
      expect(done.total).toBe(3 * 4500);
    });

    it("8 concurrent completions wanting more than the stock: no oversell, gapless numbers, stats add up", async () => {
      const pid = await seedProduct(db, {
        code: "RACE-1",
        name: "Last Few Widgets",
        price: 10_000,
        gst_rate: 1800,
        stock: 10,
      });
      const customer = await registerCustomer(
        db,
        { userId: null, username: "t" },
        { name: "Race Customer", phone: "9812345678" },
      );
      const bills: Array<{ cashier: number; billId: number }> = [];
      for (let i = 0; i < 8; i++) {
        const cashier = await addCashier(db, `racer${i}`);
        const r = await scanIntoBill(db, cashier, "RACE-1");
        const line = await db
          .selectFrom("bill_lines")
          .select("id")
          .where("bill_id", "=", r.billId)
          .executeTakeFirstOrThrow();
        await setLineQty(db, cashier, line.id, "3"); // 8 × 3 = 24 wanted, 10 in stock
        if (i % 2 === 0) await setBillCustomer(db, cashier, customer.id);
        bills.push({ cashier, billId: r.billId });
      }
      const results = await Promise.allSettled(
        bills.map((b) =>
          completeBill(db, actorOf(b.cashier), b.billId, { mode: "cash", tendered: "1000" }),
        ),
      );
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r) => r.status === "rejected");
      expect(ok.length).toBe(3); // 3 × 3 = 9 ≤ 10; a 4th would need 12
      for (const r of refused)
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);

      const product = await db
        .selectFrom("products")
        .select("stock")
        .where("id", "=", pid)
        .executeTakeFirstOrThrow();
      expect(product.stock).toBe(1);
      expect(await sumMovements(db, pid)).toBe(product.stock);

      const numbers = (
        await db.selectFrom("bills").select("number").where("status", "=", "completed").execute()
      )
        .map((b) => Number(String(b.number).split("/").pop()))
        .sort((a, b) => a - b);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1)); // unique and gapless from 1

      const stats = await db
        .selectFrom("customer_stats")
        .selectAll()
        .where("customer_id", "=", customer.id)
        .executeTakeFirst();
      const sums = await db
        .selectFrom("bills")
        .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("total").as("total")])
        .where("customer_id", "=", customer.id)
        .where("status", "=", "completed")
        .executeTakeFirstOrThrow();
      expect(Number(stats?.bill_count ?? 0)).toBe(Number(sums.n));
      expect(Number(stats?.total_spent ?? 0)).toBe(Number(sums.total ?? 0));
    });

    it("completing the same bill concurrently twice makes one bill", async () => {
      await seedProduct(db, { code: "DUP-1", name: "Double Click Tea", price: 5000, stock: 10 });
      const cashier = await addCashier(db, "dbl");
      const r = await scanIntoBill(db, cashier, "DUP-1");
      const before = await db.selectFrom("stock_movements").select("id").execute();
      const [a, b] = await Promise.all([
        completeBill(db, actorOf(cashier), r.billId, { mode: "card" }),
        completeBill(db, actorOf(cashier), r.billId, { mode: "card" }),
      ]);
      expect(a.number).toBe(b.number);
      expect([a.repeated, b.repeated].sort()).toEqual([false, true]);
      const after = await db.selectFrom("stock_movements").select("id").execute();
      expect(after.length - before.length).toBe(1);
    });

    it("starts a new series on 1 April in the shop's time zone, and void keeps the number", async () => {
      await seedProduct(db, { code: "FY-1", name: "Year End Sweets", price: 1000, stock: 10 });
      const cashier = await addCashier(db, "fy");
      const march = await scanIntoBill(db, cashier, "FY-1");
      // 31 March 2027 23:59 IST = 18:29 UTC
      const m = await completeBill(
        db,
        actorOf(cashier),
        march.billId,
        {},
        { at: new Date("2027-03-31T18:29:00Z") },
      );
      expect(m.number).toMatch(/^2026-27\//);
      const april = await scanIntoBill(db, cashier, "FY-1");
      // 1 April 2027 00:01 IST = 31 March 18:31 UTC
      const a = await completeBill(
        db,
        actorOf(cashier),
        april.billId,
        {},
        { at: new Date("2027-03-31T18:31:00Z") },
      );
      expect(a.number).toBe("2027-28/000001");
      const owner = await db
        .selectFrom("users")
        .select(["id", "username"])
        .where("role", "=", "owner")
        .executeTakeFirstOrThrow();
      const voided = await voidBill(
        db,
        { userId: owner.id, username: owner.username, role: "owner" },
        a.billId,
        "test void",
      );
      expect([voided.status, voided.number]).toEqual(["voided", "2027-28/000001"]);
      await expect(
        voidBill(db, { userId: cashier, username: "fy", role: "cashier" }, m.billId, "nope nope"),
      ).rejects.toThrow(/Only the owner/);
    });

    it("through HTTP: split payment needs the UPI confirmation; round-off is its own figure", async () => {
      const t2 = t;
      await seedProduct(db, { code: "HTTP-1", name: "Http Item", price: 9999, stock: 5 });
      const { loginAs } = await import("../helpers/app.ts");
      const agent = await loginAs(t2.app, "owner", "owner-pass-123");
      const token = await tillToken(agent);
      await tillPost(agent, token, "/till/scan", { code: "HTTP-1" });
      const billId = billIdFrom((await agent.get("/till")).text);
      const first = await tillPost(agent, token, "/till/complete", {
        billId,
        mode: "split",
        upi: "50",
        tendered: "100",
      });
      expect(first.status).toBe(400); // UPI part not confirmed
      const ok = await tillPost(agent, token, "/till/complete", {
        billId,
        mode: "split",
        upi: "50",
        tendered: "100",
        upiConfirmed: "1",
      });
      expect(ok.status).toBe(200);
      const bill = await db
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", billId)
        .executeTakeFirstOrThrow();
      expect([bill.payment_mode, bill.paid_upi, bill.paid_cash, bill.change_due]).toEqual([
        "split",
        5000,
        5000,
        5000,
      ]);
      expect(bill.total).toBe(10000); // 99.99 rounded off to 100
      expect(bill.round_off).toBe(1);
    });
  });
}

for (const dialect of testDialects()) {
  describe(`${dialect}: demo bills through the checkout`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await makeApp(dialect);
      await setupShopVia(t.app);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("makes weeks of bills whose stock, numbers and customer_stats all add up", async () => {
      const { addDemoBills } = await import("../../src/services/demo/bills.ts");
      const db = t.database.db;
      const ids: number[] = [];
      for (let i = 0; i < 12; i++)
        ids.push(
          await seedProduct(db, {
            code: `DEMO-${i}`,
            name: `Demo product ${i}`,
            price: 1_000 + i * 733,
            gst_rate: [0, 500, 1200, 1800][i % 4],
            unit: i === 3 ? "kg" : "pc",
            stock: i === 3 ? 5_000 : 4 + i, // low, so deliveries (restock) happen too
          }),
        );
      for (let i = 0; i < 6; i++)
        await registerCustomer(
          db,
          { userId: null, username: "t" },
          { name: `Demo Customer ${i}`, phone: `98100000${10 + i}` },
        );
      const owner = await db
        .selectFrom("users")
        .select(["id", "username"])
        .where("role", "=", "owner")
        .executeTakeFirstOrThrow();
      const made = await addDemoBills(db, owner, {
        days: 21,
        perDay: 4,
        now: new Date("2026-11-25T12:00:00Z"),
      });
      expect(made).toBeGreaterThan(40);

      for (const id of ids) {
        const p = await db
          .selectFrom("products")
          .select("stock")
          .where("id", "=", id)
          .executeTakeFirstOrThrow();
        expect(p.stock).toBeGreaterThanOrEqual(0);
        expect(await sumMovements(db, id)).toBe(p.stock);
      }
      const numbered = await db
        .selectFrom("bills")
        .select(["number", "status"])
        .where("number", "is not", null)
        .execute();
      const seqs = numbered
        .map((b) => Number(String(b.number).split("/").pop()))
        .sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const statuses = new Set(numbered.map((b) => b.status));
      expect([...statuses].every((s) => s === "completed" || s === "voided")).toBe(true);

      const stats = await db
        .selectFrom("customer_stats")
        .selectAll()
        .orderBy("customer_id")
        .execute();
      const sums = await db
        .selectFrom("bills")
        .select((eb) => [
          "customer_id",
          eb.fn.countAll<number>().as("n"),
          eb.fn.sum<number>("total").as("total"),
        ])
        .where("status", "=", "completed")
        .where("customer_id", "is not", null)
        .groupBy("customer_id")
        .orderBy("customer_id")
        .execute();
      expect(
        stats
          .filter((s) => Number(s.bill_count) > 0)
          .map((s) => [s.customer_id, Number(s.bill_count), Number(s.total_spent)]),
      ).toEqual(sums.map((s) => [s.customer_id, Number(s.n), Number(s.total)]));
      expect(
        await db.selectFrom("bills").select("id").where("status", "=", "open").execute(),
      ).toHaveLength(0);
    });
  });
}
