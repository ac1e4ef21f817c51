import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Agent,
  CASHIER,
  csrfFrom,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
} from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

/** Issue #19 point 4: a cashier's discounts are limited, approved by an owner, audited. */
for (const dialect of testDialects()) {
  describe(`${dialect}: discount limits at the till`, () => {
    let t: TestApp;
    let cashier: Agent;
    let owner: Agent;
    let token: string;
    let ownerToken: string;
    let itemId = 0;

    const lineOf = async (billId: number) =>
      t.database.db
        .selectFrom("bill_lines")
        .selectAll()
        .where("bill_id", "=", billId)
        .orderBy("id")
        .executeTakeFirstOrThrow();
    const billOf = async (billId: number) =>
      t.database.db
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", billId)
        .executeTakeFirstOrThrow();
    const audits = async (action: string) =>
      t.database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", action)
        .orderBy("id")
        .execute();
    const userId = async (username: string) =>
      Number(
        (
          await t.database.db
            .selectFrom("users")
            .select("id")
            .where("username", "=", username)
            .executeTakeFirstOrThrow()
        ).id,
      );

    /** A fresh open bill for `agent` with one ₹30 item; returns the bill and line ids. */
    async function billWithItem(
      agent: Agent,
      tok: string,
    ): Promise<{ bill: number; line: number }> {
      await tillPost(agent, tok, "/till/clear");
      const res = await tillPost(agent, tok, "/till/scan", { code: "ITEM-30" });
      expect(res.status).toBe(200);
      const bill = billIdFrom(res.text);
      return { bill, line: Number((await lineOf(bill)).id) };
    }

    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ owner, cashier } = await shopWithStaff(t));
      itemId = await seedProduct(t.database.db, {
        code: "ITEM-30",
        name: "Dabur Honey 50g",
        price: 3000,
        gst_rate: 0,
        stock: 100,
      });
      token = await tillToken(cashier);
      ownerToken = await tillToken(owner);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("refuses a discount larger than what it applies to, for anyone", async () => {
      const { bill, line } = await billWithItem(owner, ownerToken);
      let res = await tillPost(owner, ownerToken, `/till/lines/${line}/discount`, {
        discount: "500",
        kind: "amount",
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain("more than the line");
      expect((await lineOf(bill)).discount_value).toBe(0);
      res = await tillPost(owner, ownerToken, "/till/discount", {
        billId: bill,
        discount: "150",
        kind: "amount",
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain("more than the bill");
      expect((await billOf(bill)).discount_value).toBe(0);
    });

    it("a cashier's discount within the limit (default 10 %) goes through and is audited", async () => {
      const { bill, line } = await billWithItem(cashier, token);
      const res = await tillPost(cashier, token, `/till/lines/${line}/discount`, {
        discount: "3",
        kind: "amount",
      });
      expect(res.status).toBe(200);
      expect((await lineOf(bill)).discount_value).toBe(300);
      const entry = (await audits("discount.line")).at(-1);
      expect(entry?.user_id).toBe(await userId(CASHIER.username));
      expect(JSON.parse(entry?.detail ?? "{}")).toMatchObject({
        billId: bill,
        lineId: line,
        kind: "amount",
        amount: 300,
        base: 3000,
        cashierId: await userId(CASHIER.username),
        approvedBy: null,
      });
    });

    it("a 100 % line discount by a cashier asks for an owner's approval and changes nothing", async () => {
      const { bill, line } = await billWithItem(cashier, token);
      const res = await tillPost(cashier, token, `/till/lines/${line}/discount`, {
        discount: "100",
        kind: "percent",
      });
      expect(res.status).toBe(403);
      expect(res.text).toMatch(/over 10 % of the line needs an owner(&#39;|')s approval/);
      expect(res.text).toContain('name="approverUsername"');
      expect(res.text).toContain('name="approverPassword"');
      expect((await lineOf(bill)).discount_value).toBe(0);
    });

    it("wrong owner password or a cashier's own password does not approve; the owner's does", async () => {
      const { bill, line } = await billWithItem(cashier, token);
      const url = `/till/lines/${line}/discount`;
      let res = await tillPost(cashier, token, url, {
        discount: "50",
        kind: "percent",
        approverUsername: OWNER.username,
        approverPassword: "wrong-password",
      });
      expect(res.status).toBe(400);
      expect((await lineOf(bill)).discount_value).toBe(0);
      res = await tillPost(cashier, token, url, {
        discount: "50",
        kind: "percent",
        approverUsername: CASHIER.username,
        approverPassword: CASHIER.password,
      });
      expect(res.status).toBe(403);
      expect(res.text).toContain("Only an owner");
      expect((await lineOf(bill)).discount_value).toBe(0);
      res = await tillPost(cashier, token, url, {
        discount: "50",
        kind: "percent",
        approverUsername: OWNER.username,
        approverPassword: OWNER.password,
      });
      expect(res.status).toBe(200);
      expect((await lineOf(bill)).discount_value).toBe(5000);
      const entry = (await audits("discount.line")).at(-1);
      expect(JSON.parse(entry?.detail ?? "{}")).toMatchObject({
        lineId: line,
        amount: 1500,
        cashierId: await userId(CASHIER.username),
        approvedBy: await userId(OWNER.username),
      });
      expect((await billOf(bill)).discount_approved_by).toBe(await userId(OWNER.username));
    });

    it("limits the bill discount too; an owner is not limited", async () => {
      const { bill } = await billWithItem(cashier, token);
      let res = await tillPost(cashier, token, "/till/discount", {
        billId: bill,
        discount: "20",
        kind: "percent",
      });
      expect(res.status).toBe(403);
      expect((await billOf(bill)).discount_value).toBe(0);
      const mine = await billWithItem(owner, ownerToken);
      res = await tillPost(owner, ownerToken, "/till/discount", {
        billId: mine.bill,
        discount: "100",
        kind: "percent",
      });
      expect(res.status).toBe(200);
      expect((await billOf(mine.bill)).discount_value).toBe(10_000);
      const entry = (await audits("discount.bill")).at(-1);
      expect(JSON.parse(entry?.detail ?? "{}")).toMatchObject({
        billId: mine.bill,
        amount: 3000,
        approvedBy: null,
      });
      await tillPost(owner, ownerToken, "/till/clear");
    });

    it("a ₹ discount cannot creep over the limit by lowering the quantity afterwards", async () => {
      const { bill, line } = await billWithItem(cashier, token);
      await tillPost(cashier, token, `/till/lines/${line}/qty`, { qty: "2" });
      let res = await tillPost(cashier, token, `/till/lines/${line}/discount`, {
        discount: "5",
        kind: "amount",
      });
      expect(res.status).toBe(200); // ₹5 of ₹60
      res = await tillPost(cashier, token, `/till/lines/${line}/qty`, { qty: "1" });
      expect(res.status).toBe(403); // ₹5 of ₹30 is over 10 %
      expect(res.text).toContain("change the discount first");
      expect((await lineOf(bill)).qty).toBe(2);
      await tillPost(cashier, token, `/till/lines/${line}/discount`, {
        discount: "",
        kind: "amount",
      });
      res = await tillPost(cashier, token, "/till/discount", {
        billId: bill,
        discount: "5",
        kind: "amount",
      });
      expect(res.status).toBe(200);
      res = await tillPost(cashier, token, `/till/lines/${line}/dec`);
      expect(res.status).toBe(403);
      expect((await lineOf(bill)).qty).toBe(2);
    });

    it("the owner sets the limits in settings; the end-of-day report lists discounts per cashier", async () => {
      const page = await owner.get("/settings");
      expect(page.text).toMatch(/name="maxLineDiscount"[^>]*value="10"/);
      expect(page.text).toMatch(/name="maxBillDiscount"[^>]*value="10"/);
      const form = (limits: Record<string, string>) =>
        owner
          .post("/settings")
          .type("form")
          .send({
            _csrf: csrfFrom(page.text),
            name: "Sharma Kirana Store",
            receiptFormat: "80mm",
            gstRates: "0, 5, 18, 40",
            ...limits,
          });
      let saved = await form({ maxLineDiscount: "150", maxBillDiscount: "5" });
      expect(saved.status).toBe(400);
      expect(saved.text).toContain("Largest line discount: a percentage between 0 and 100");
      saved = await form({ maxLineDiscount: "60", maxBillDiscount: "12.5" });
      expect(saved.status).toBe(303);
      const limits = await t.database.db
        .selectFrom("shop_settings")
        .select(["max_line_discount", "max_bill_discount"])
        .executeTakeFirstOrThrow();
      expect(limits).toEqual({ max_line_discount: 6000, max_bill_discount: 1250 });
      const { bill, line } = await billWithItem(cashier, token);
      let res = await tillPost(cashier, token, `/till/lines/${line}/discount`, {
        discount: "15", // 50 %: within the owner's new 60 %
        kind: "amount",
      });
      expect(res.status).toBe(200);
      res = await tillPost(cashier, token, "/till/complete", {
        billId: bill,
        mode: "cash",
        tendered: "20",
      });
      expect(res.status).toBe(200);
      expect((await billOf(bill)).status).toBe("completed");
      const eod = await owner.get("/analytics/end-of-day");
      expect(eod.status).toBe(200);
      const section = eod.text.slice(eod.text.indexOf('id="eod-discount-h"'));
      expect(section).toContain(CASHIER.displayName);
      expect(section).toContain("₹15.00");
      expect(itemId).toBeGreaterThan(0);
    });
  });
}
