import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBillById } from "../../src/db/repositories/bills.repo.ts";
import { insertUser } from "../../src/db/repositories/users.repo.ts";
import type { Db } from "../../src/db/types.ts";
import { ConflictError, ValidationError } from "../../src/lib/errors.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { getAnalytics } from "../../src/services/analytics/analytics.ts";
import { endOfDay } from "../../src/services/analytics/eod.ts";
import { parseListQuery } from "../../src/services/analytics/lists.ts";
import { rebuildAnalytics } from "../../src/services/analytics/rollups.ts";
import { printBill } from "../../src/services/bills/print.ts";
import { voidBill } from "../../src/services/bills/void.ts";
import { exchangeAtTill } from "../../src/services/returns/exchange.ts";
import { ReturnApprovalNeeded } from "../../src/services/returns/limits.ts";
import type { ReturnRequest } from "../../src/services/returns/request.ts";
import { returnItems } from "../../src/services/returns/returns.ts";
import { getShop, type Shop } from "../../src/services/shop/settings.ts";
import { scanIntoBill } from "../../src/services/till/bill.ts";
import { makeApp, setupShopVia, type TestApp } from "../helpers/app.ts";
import { addCustomer, makeBill } from "../helpers/bills.ts";
import { testDialects } from "../helpers/db.ts";
import { checkLedger } from "../helpers/ledger.ts";
import { pdfText } from "../helpers/pdf.ts";
import { seedProduct } from "../helpers/till.ts";

async function staff(db: Db, username: string, role: "owner" | "cashier" = "cashier") {
  const now = nowUtc();
  const id = await insertUser(db, {
    username,
    display_name: username,
    password_hash: "x",
    role,
    active: 1,
    created_at: now,
    updated_at: now,
  });
  return { id, username };
}

const linesOf = (db: Db, billId: number) =>
  db.selectFrom("bill_lines").selectAll().where("bill_id", "=", billId).orderBy("id").execute();
const stockOf = async (db: Db, code: string) =>
  Number(
    (
      await db
        .selectFrom("products")
        .select("stock")
        .where("code", "=", code)
        .executeTakeFirstOrThrow()
    ).stock,
  );

for (const dialect of testDialects()) {
  describe(`${dialect}: returns and exchanges`, () => {
    let t: TestApp;
    let db: Db;
    let shop: Shop;
    let cashier: { id: number; username: string };
    let owner: { id: number; username: string };
    const ret = (r: Partial<ReturnRequest> & { billId: number }, who = cashier) =>
      returnItems(
        db,
        { userId: who.id, username: who.username },
        {
          lines: [],
          reason: "changed_mind",
          note: null,
          refund: { kind: "default" },
          approverId: null,
          ...r,
        },
        { shop },
      );

    beforeAll(async () => {
      t = await makeApp(dialect);
      await setupShopVia(t.app);
      db = t.database.db;
      await db.updateTable("shop_settings").set({ max_return_amount: 10_000_00 }).execute();
      shop = (await getShop(db)) as Shop;
      cashier = await staff(db, "ravi");
      owner = await staff(db, "boss", "owner");
      await seedProduct(db, {
        code: "SOAP",
        name: "Lux Soap",
        price: 4_500,
        gst_rate: 1800,
        stock: 100,
      });
      await seedProduct(db, {
        code: "RICE",
        name: "Rice",
        price: 6_400,
        gst_rate: 500,
        unit: "kg",
        stock: 50_000,
      });
      await seedProduct(db, {
        code: "TEA",
        name: "Tea 250 g",
        price: 14_999,
        gst_rate: 500,
        stock: 100,
      });
      await seedProduct(db, {
        code: "SHIRT-M",
        name: "Shirt M",
        price: 49_900,
        gst_rate: 1200,
        stock: 10,
      });
      await seedProduct(db, {
        code: "SHIRT-L",
        name: "Shirt L",
        price: 54_900,
        gst_rate: 1200,
        stock: 10,
      });
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("returns one item of five, then the rest: refunds follow the bill as sold and add up to its total", async () => {
      const bill = await makeBill(db, {
        cashier,
        lines: [{ code: "SOAP", qty: "5" }, { code: "RICE", qty: "0.750" }, { code: "TEA" }],
      });
      const [soap, rice, tea] = await linesOf(db, bill.id);
      if (!soap || !rice || !tea) throw new Error("lines");
      const before = await stockOf(db, "SOAP");
      const first = await ret({
        billId: bill.id,
        lines: [{ lineId: soap.id, qty: 1, restock: true }],
      });
      expect(first.number).toMatch(/^CN\/\d{4}-\d{2}\/00001$/);
      expect(first.number.length).toBeLessThanOrEqual(16);
      expect(first.split.cash).toBe(first.refund);
      expect(await stockOf(db, "SOAP")).toBe(before + 1);
      // 250 g of the rice, damaged: written off, not back on the shelf.
      const riceStock = await stockOf(db, "RICE");
      const second = await ret({
        billId: bill.id,
        lines: [{ lineId: rice.id, qty: 250, restock: false }],
        reason: "damaged",
      });
      expect(await stockOf(db, "RICE")).toBe(riceStock);
      const third = await ret({
        billId: bill.id,
        lines: [
          { lineId: soap.id, qty: 4, restock: true },
          { lineId: rice.id, qty: 500, restock: true },
          { lineId: tea.id, qty: 1, restock: true },
        ],
      });
      expect(first.refund + second.refund + third.refund).toBe(bill.total);
      await expect(
        ret({ billId: bill.id, lines: [{ lineId: tea.id, qty: 1, restock: true }] }),
      ).rejects.toThrow(/already been returned/);
      // A bill with returns cannot be voided.
      await expect(
        voidBill(
          db,
          { userId: owner.id, username: owner.username, role: "owner" },
          bill.id,
          "customer returned",
        ),
      ).rejects.toThrow(/cannot be voided/);
      const after = await findBillById(db, bill.id);
      expect(Number(after?.returned_total)).toBe(bill.total);
      expect(Number(after?.return_count)).toBe(3);
    });

    it("a voided bill cannot be returned; more than was sold is refused and writes nothing", async () => {
      const bill = await makeBill(db, { cashier, lines: [{ code: "SOAP", qty: "2" }] });
      const [line] = await linesOf(db, bill.id);
      if (!line) throw new Error("line");
      await expect(
        ret({ billId: bill.id, lines: [{ lineId: line.id, qty: 3, restock: true }] }),
      ).rejects.toThrow(ConflictError);
      expect(Number((await linesOf(db, bill.id))[0]?.returned_qty)).toBe(0);
      await voidBill(
        db,
        { userId: owner.id, username: owner.username, role: "owner" },
        bill.id,
        "mistake",
      );
      await expect(
        ret({ billId: bill.id, lines: [{ lineId: line.id, qty: 1, restock: true }] }),
      ).rejects.toThrow(/is void/);
    });

    it("store credit goes on the customer's account with the credit note number; a walk-in cannot have it", async () => {
      const customerId = await addCustomer(db, "Meena", "+919812345678");
      const bill = await makeBill(db, { cashier, customerId, lines: [{ code: "TEA", qty: "2" }] });
      const [line] = await linesOf(db, bill.id);
      if (!line) throw new Error("line");
      const cn = await ret({
        billId: bill.id,
        lines: [{ lineId: line.id, qty: 1, restock: true }],
        refund: { kind: "store_credit" },
      });
      expect(cn.split.store_credit).toBe(cn.refund);
      const c = await db
        .selectFrom("customers")
        .select("balance")
        .where("id", "=", customerId)
        .executeTakeFirstOrThrow();
      expect(Number(c.balance)).toBe(-cn.refund);
      const entry = await db
        .selectFrom("customer_ledger")
        .selectAll()
        .where("customer_id", "=", customerId)
        .executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ kind: "store_credit", reference: cn.number });
      expect(Number(entry.bill_id)).toBe(bill.id);
      expect(Number(entry.amount)).toBe(-cn.refund);
      const stats = await db
        .selectFrom("customer_stats")
        .selectAll()
        .where("customer_id", "=", customerId)
        .executeTakeFirstOrThrow();
      expect(Number(stats.total_spent)).toBe(bill.total - cn.refund);
      expect(Number(stats.bill_count)).toBe(1);

      const walkIn = await makeBill(db, { cashier, lines: [{ code: "TEA" }] });
      const [wl] = await linesOf(db, walkIn.id);
      await expect(
        ret({
          billId: walkIn.id,
          lines: [{ lineId: wl?.id ?? 0, qty: 1, restock: true }],
          refund: { kind: "store_credit" },
        }),
      ).rejects.toThrow(ValidationError);
    });

    it("a split bill refunds UPI and cash in proportion by default, or as typed when it adds up", async () => {
      const bill = await makeBill(db, {
        cashier,
        lines: [{ code: "SHIRT-M", qty: "2" }],
        payment: { mode: "split", upi: "499", upiConfirmed: "1", tendered: "" },
      });
      const [line] = await linesOf(db, bill.id);
      if (!line) throw new Error("line");
      const cn = await ret({
        billId: bill.id,
        lines: [{ lineId: line.id, qty: 1, restock: true }],
      });
      expect(cn.split.upi + cn.split.cash).toBe(cn.refund);
      expect(Math.abs(cn.split.upi - cn.split.cash)).toBeLessThanOrEqual(100);
      await expect(
        ret({
          billId: bill.id,
          lines: [{ lineId: line.id, qty: 1, restock: true }],
          refund: { kind: "split", split: { cash: 100 } },
        }),
      ).rejects.toThrow(/add up/);
    });

    it("a cashier's return over the owner's limits needs an approval", async () => {
      await db.updateTable("shop_settings").set({ max_return_amount: 100_00 }).execute();
      const limited = (await getShop(db)) as Shop;
      const bill = await makeBill(db, { cashier, lines: [{ code: "SHIRT-M" }] });
      const [line] = await linesOf(db, bill.id);
      const req = {
        billId: bill.id,
        lines: [{ lineId: line?.id ?? 0, qty: 1, restock: true }],
        reason: "wrong_item" as const,
        note: null,
        refund: { kind: "default" as const },
        approverId: null,
      };
      const actor = { userId: cashier.id, username: cashier.username };
      await expect(returnItems(db, actor, req, { shop: limited })).rejects.toThrow(
        ReturnApprovalNeeded,
      );
      const cn = await returnItems(db, actor, { ...req, approverId: owner.id }, { shop: limited });
      expect(cn.refund).toBe(bill.total);
      await db.updateTable("shop_settings").set({ max_return_amount: 10_000_00 }).execute();
    });

    it("exchange: one credit note and one bill in one transaction; the difference is paid or refunded", async () => {
      const actor = { userId: cashier.id, username: cashier.username };
      const sold = await makeBill(db, { cashier, lines: [{ code: "SHIRT-M", qty: "2" }] });
      const [line] = await linesOf(db, sold.id);
      const req: ReturnRequest = {
        billId: sold.id,
        lines: [{ lineId: line?.id ?? 0, qty: 1, restock: true }],
        reason: "exchange",
        note: "size",
        refund: { kind: "default" },
        approverId: null,
      };
      // Dearer: the customer pays the difference in cash.
      await scanIntoBill(db, cashier.id, "SHIRT-L");
      const up = await exchangeAtTill(db, actor, req, { mode: "cash", tendered: "" }, { shop });
      expect(up.creditNote.split.exchange).toBe(up.creditNote.refund);
      expect(up.bill.bill.paid_exchange).toBe(up.creditNote.refund);
      expect(up.bill.bill.paid_cash).toBe(up.bill.total - up.creditNote.refund);
      // The new bill says how it was paid: cash plus the credit note.
      const printed = await printBill(db, up.bill.billId, actor, {});
      const receipt = pdfText(printed.bytes).replace(/\s+/g, " ");
      expect(receipt).toContain("Paid by: Cash + credit note");
      expect(receipt).toMatch(/Credit note \(exchange\) ₹[\d,.]+/);
      // Cheaper: the new bill is paid by the credit note, the rest comes back in cash.
      await scanIntoBill(db, cashier.id, "SOAP");
      const down = await exchangeAtTill(db, actor, req, { mode: "cash", tendered: "" }, { shop });
      expect(down.bill.bill.payment_mode).toBe("exchange");
      expect(down.creditNote.split.exchange).toBe(down.bill.total);
      expect(down.creditNote.split.cash).toBe(down.creditNote.refund - down.bill.total);
      // Nothing left to return: the exchange fails whole, the bill at the till stays open.
      await scanIntoBill(db, cashier.id, "SOAP");
      await expect(
        exchangeAtTill(db, actor, req, { mode: "cash", tendered: "" }, { shop }),
      ).rejects.toThrow(/already been returned/);
      const open = await db
        .selectFrom("bills")
        .selectAll()
        .where("open_for", "=", cashier.id)
        .executeTakeFirst();
      expect(open?.status).toBe("open");
    });

    it("twenty returns of one unit race for a line of ten: exactly ten come back, numbers gapless", async () => {
      const bill = await makeBill(db, { cashier, lines: [{ code: "SOAP", qty: "10" }] });
      const [line] = await linesOf(db, bill.id);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          ret({ billId: bill.id, lines: [{ lineId: line?.id ?? 0, qty: 1, restock: true }] }),
        ),
      );
      const ok = results.filter((r) => r.status === "fulfilled");
      expect(ok.length).toBe(10);
      for (const r of results)
        if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
      expect(Number((await linesOf(db, bill.id))[0]?.returned_qty)).toBe(10);
      const total = ok.reduce((s, r) => s + (r.status === "fulfilled" ? r.value.refund : 0), 0);
      expect(total).toBe(bill.total);
    });

    it("analytics and end of day net out returns: spend, top products, refunds per mode and cashier", async () => {
      const customerId = await addCustomer(db, "Sunil", "+919811112222");
      const bill = await makeBill(db, {
        cashier,
        customerId,
        lines: [{ code: "SHIRT-L", qty: "2" }],
      });
      const [line] = await linesOf(db, bill.id);
      const before = await getAnalytics(db, { range: "today" }, parseListQuery({}));
      const eodBefore = await endOfDay(db, {});
      const cn = await ret({
        billId: bill.id,
        lines: [{ lineId: line?.id ?? 0, qty: 1, restock: true }],
      });
      for (const range of ["today", "all"]) {
        const a = await getAnalytics(db, { range }, parseListQuery({ list: "all" }));
        const row = a.table.rows.find((r) => r.id === customerId);
        expect(row?.spent, range).toBe(bill.total - cn.refund);
      }
      const after = await getAnalytics(db, { range: "today" }, parseListQuery({}));
      expect(after.totals.sales).toBe(before.totals.sales - cn.refund);
      expect(after.payment.cash).toBe(before.payment.cash - cn.split.cash);
      const shirt = (a: typeof after) => a.topByRevenue.find((p) => p.name === "Shirt L");
      expect(shirt(after)?.qty).toBe((shirt(before)?.qty ?? 0) - 1);
      const eod = await endOfDay(db, {});
      expect(eod.refunds.count).toBe(eodBefore.refunds.count + 1);
      expect(eod.refunds.cash).toBe(eodBefore.refunds.cash + cn.split.cash);
      expect(eod.net.cash).toBe(eod.totals.cash - eod.refunds.cash);
      expect(eod.returns.at(-1)?.number).toBe(cn.number);
      expect(
        eod.refundsByCashier.find((c) => c.cashier === cashier.username)?.total,
      ).toBeGreaterThanOrEqual(cn.refund);
      expect(eod.gstReversed.find((g) => g.rate === 1200)?.tax).toBeGreaterThan(0);
    });

    it("afterwards the ledger balances and the analytics tables match the documents", async () => {
      const { problems } = await checkLedger(db);
      expect(problems).toEqual([]);
      const report = await rebuildAnalytics(db, { fix: false });
      expect(report.lines).toEqual([]);
    });
  });
}
