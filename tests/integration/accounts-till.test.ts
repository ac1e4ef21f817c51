import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/types.ts";
import { accountAnalytics } from "../../src/services/accounts/account-analytics.ts";
import { resolveRange } from "../../src/services/analytics/range.ts";
import {
  type Agent,
  CASHIER,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
  tokenFor,
} from "../helpers/app.ts";
import { addCustomer } from "../helpers/bills.ts";
import { testDialects } from "../helpers/db.ts";
import { checkLedger } from "../helpers/ledger.ts";
import { pdfText } from "../helpers/pdf.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

/**
 * Udhaar through the real app: Pay later at the till (alone, in a split,
 * refused past the limit and approved by the owner), a payment received on
 * the customer page with its receipt, overpayment kept as store credit and
 * spent on the next bill, a void reversing its entries, the statement, and
 * the ledger invariants after it all.
 */

const squash = (s: string) => s.replace(/\s+/g, " ");

async function getPdf(agent: Agent, url: string) {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return squash(pdfText(new Uint8Array(res.body as Buffer)));
}

for (const dialect of testDialects()) {
  describe(`${dialect}: udhaar at the till and on the customer page`, () => {
    let t: TestApp;
    let db: Db;
    let owner: Agent;
    let cashier: Agent;
    let token: string;
    let customerId: number;

    const balance = async () =>
      Number(
        (
          await db
            .selectFrom("customers")
            .select("balance")
            .where("id", "=", customerId)
            .executeTakeFirstOrThrow()
        ).balance,
      );
    const billRow = (id: number) =>
      db.selectFrom("bills").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    /** Scans `qty` of the ₹100 item for the customer; returns the open bill id. */
    async function openBill(qty: number): Promise<number> {
      let res = await tillPost(cashier, token, "/till/scan", { code: "DAL-1" });
      for (let i = 1; i < qty; i++)
        res = await tillPost(cashier, token, "/till/scan", { code: "DAL-1" });
      const id = billIdFrom(res.text);
      await tillPost(cashier, token, "/till/customer", { customerId, billId: id });
      return id;
    }
    const form = async (agent: Agent, url: string, body: Record<string, unknown>, page: string) =>
      agent
        .post(url)
        .set("X-CSRF-Token", await tokenFor(agent, page))
        .type("form")
        .send(body);

    beforeAll(async () => {
      t = await makeApp(dialect);
      db = t.database.db;
      ({ owner, cashier } = await shopWithStaff(t));
      token = await tillToken(cashier);
      await seedProduct(db, {
        code: "DAL-1",
        name: "Toor Dal 1kg",
        price: 100_00,
        gst_rate: 0,
        stock: 1000,
      });
      customerId = await addCustomer(db, "Lakshmi Iyer", "+919812345678");
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("pay later is refused without a credit limit and with a walk-in, writing nothing", async () => {
      const billId = await openBill(1);
      const refused = await tillPost(cashier, token, "/till/complete", { billId, mode: "account" });
      expect(refused.status).toBe(409);
      expect(refused.text).toContain("no credit");
      expect(refused.text).toContain('name="approverUsername"');
      expect((await billRow(billId)).status).toBe("open");
      await tillPost(cashier, token, "/till/customer", { customerId: "", billId });
      const walkIn = await tillPost(cashier, token, "/till/complete", { billId, mode: "account" });
      expect(walkIn.status).toBe(400);
      expect(walkIn.text).toMatch(/registered customer/);
      expect(await balance()).toBe(0);
      await tillPost(cashier, token, "/till/clear");
    });

    it("the owner sets the limit; a credit sale and a split with credit post to the account", async () => {
      const page = `/customers/${customerId}/account`;
      const setLimit = await form(
        owner,
        `/customers/${customerId}/credit-limit`,
        { creditLimit: "500" },
        page,
      );
      expect(setLimit.status).toBe(303);
      const byCashier = await form(
        cashier,
        `/customers/${customerId}/credit-limit`,
        { creditLimit: "90000" },
        "/till",
      );
      expect(byCashier.status).toBe(403);

      const first = await openBill(1);
      const till = await cashier.get("/till");
      expect(till.text).toContain('value="account"');
      expect(till.text).toContain("limit ₹500.00");
      const done = await tillPost(cashier, token, "/till/complete", {
        billId: first,
        mode: "account",
      });
      expect(done.status).toBe(200);
      expect(done.text).toMatch(/Bill \S+ complete/);
      expect(await billRow(first)).toMatchObject({
        paid_account: 100_00,
        paid_cash: 0,
        payment_mode: "account",
      });
      expect(await balance()).toBe(100_00);

      // "₹50 cash, the rest on account."
      const second = await openBill(3);
      const split = await tillPost(cashier, token, "/till/complete", {
        billId: second,
        mode: "split",
        account: "250",
        tendered: "50",
      });
      expect(split.status).toBe(200);
      expect(await billRow(second)).toMatchObject({
        paid_cash: 50_00,
        paid_account: 250_00,
        payment_mode: "split",
      });
      expect(await balance()).toBe(350_00);
      const receipt = await getPdf(cashier, `/bills/${second}/pdf`);
      expect(receipt).toContain("Split (Cash + On account)");
      expect(receipt).toMatch(/On account ₹250\.00/);
    });

    it("past the limit the till shows balance and limit; the owner's password approves it", async () => {
      const billId = await openBill(2);
      const refused = await tillPost(cashier, token, "/till/complete", { billId, mode: "account" });
      expect(refused.status).toBe(409);
      expect(refused.text).toContain("₹350.00");
      expect(refused.text).toContain("₹500.00");
      expect(refused.text).toContain("Over the credit limit");
      expect(await balance()).toBe(350_00);
      const wrong = await tillPost(cashier, token, "/till/complete", {
        billId,
        mode: "account",
        approverUsername: CASHIER.username,
        approverPassword: CASHIER.password,
      });
      expect(wrong.status).toBe(403);
      expect(await balance()).toBe(350_00);
      const approved = await tillPost(cashier, token, "/till/complete", {
        billId,
        mode: "account",
        approverUsername: OWNER.username,
        approverPassword: OWNER.password,
      });
      expect(approved.status).toBe(200);
      expect(await balance()).toBe(550_00);
      const audit = await db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "account.over_limit")
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.detail ?? "{}")).toMatchObject({
        onAccount: 200_00,
        balanceAfter: 550_00,
      });
    });

    it("a payment gets a gapless receipt; more than the balance leaves store credit, spent on the next bill", async () => {
      const page = `/customers/${customerId}/payment`;
      const form0 = await cashier.get(page);
      expect(form0.text).toContain('value="550.00"');
      const unconfirmed = await form(cashier, page, { amount: "600", mode: "upi" }, page);
      expect(unconfirmed.status).toBe(400);
      const paid = await form(cashier, page, { amount: "600", mode: "cash" }, page);
      expect(paid.status).toBe(303);
      const done = await cashier.get(paid.headers.location as string);
      expect(done.text).toMatch(/RC\/\d\d-\d\d\/000001/);
      expect(done.text).toContain("store credit ₹50.00");
      expect(await balance()).toBe(-50_00);
      const receipt = await getPdf(cashier, `${paid.headers.location}/receipt.pdf`);
      expect(receipt).toContain("PAYMENT RECEIPT");
      expect(receipt).toMatch(/Previous balance ₹550\.00 owed/);
      expect(receipt).toMatch(/Payment received ₹600\.00/);
      expect(receipt).toMatch(/New balance ₹50\.00 store credit/);
      const a4 = await getPdf(cashier, `${paid.headers.location}/receipt.pdf?format=a4`);
      expect(a4).toContain("Received from: Lakshmi Iyer");

      const billId = await openBill(1);
      const till = await cashier.get("/till");
      expect(till.text).toMatch(/name="storeCredit"[^>]*value="50.00"/);
      expect(till.text).toContain("Store credit ₹50.00");
      const spent = await tillPost(cashier, token, "/till/complete", {
        billId,
        mode: "cash",
        storeCredit: "50.00",
        tendered: "",
      });
      expect(spent.status).toBe(200);
      expect(await billRow(billId)).toMatchObject({
        paid_store_credit: 50_00,
        paid_cash: 50_00,
        payment_mode: "split",
      });
      expect(await balance()).toBe(0);
      // Spending more store credit than there is is refused by the ledger, inside the completion.
      const again = await openBill(1);
      const over = await tillPost(cashier, token, "/till/complete", {
        billId: again,
        mode: "cash",
        storeCredit: "10",
      });
      expect(over.status).toBe(409);
      expect((await billRow(again)).status).toBe("open");
      await tillPost(cashier, token, "/till/clear");
      const second = await form(cashier, page, { amount: "1", mode: "card" }, page);
      expect((await cashier.get(second.headers.location as string)).text).toMatch(
        /RC\/\d\d-\d\d\/000002/,
      );
    });

    it("a void reverses the bill's entries; the statement shows opening and closing balances", async () => {
      const approvedBill = await db
        .selectFrom("bills")
        .select("id")
        .where("paid_account", "=", 200_00)
        .executeTakeFirstOrThrow();
      const before = await balance();
      const page = `/bills/${approvedBill.id}`;
      const voided = await form(
        owner,
        `/bills/${approvedBill.id}/void`,
        { reason: "wrong customer" },
        page,
      );
      expect(voided.status).toBe(303);
      expect(await balance()).toBe(before - 200_00);
      const reversal = await db
        .selectFrom("customer_ledger")
        .selectAll()
        .where("bill_id", "=", approvedBill.id)
        .where("kind", "=", "reversal")
        .executeTakeFirstOrThrow();
      expect(Number(reversal.amount)).toBe(-200_00);

      const customerPage = await owner.get(`/customers/${customerId}`);
      expect(customerPage.text).toContain("Receive payment");
      expect(customerPage.text).toContain("Reversal of bill");
      const statement = await getPdf(owner, `/customers/${customerId}/statement.pdf`);
      expect(statement).toContain("STATEMENT OF ACCOUNT");
      expect(statement).toMatch(/Opening balance on \S+ ₹0\.00 \(settled\)/);
      expect(statement).toMatch(/Closing balance on \S+ ₹201\.00 store credit/);
      expect(statement).toMatch(/Payment received RC\/\d\d-\d\d\/000001 \(Cash\)/);
      const later = await getPdf(
        owner,
        `/customers/${customerId}/statement.pdf?from=2999-01-01&to=2999-01-31`,
      );
      expect(later).toMatch(/Opening balance on 01-01-2999 ₹201\.00 store credit/);
      expect(later).toContain("No entries in this period.");
      const bad = await owner.get(`/customers/${customerId}/statement.pdf?from=yesterday`);
      expect(bad.status).toBe(400);
    });

    it("spend counts at sale time, whatever the tender", async () => {
      const stats = await db
        .selectFrom("customer_stats")
        .selectAll()
        .where("customer_id", "=", customerId)
        .executeTakeFirstOrThrow();
      const completed = await db
        .selectFrom("bills")
        .select(["total"])
        .where("customer_id", "=", customerId)
        .where("status", "=", "completed")
        .execute();
      expect(Number(stats.total_spent)).toBe(completed.reduce((s, b) => s + Number(b.total), 0));
      // ₹100 on account + ₹300 split + ₹100 with store credit (the ₹200 approved bill was voided).
      expect(Number(stats.total_spent)).toBe(500_00);
    });

    it("the analytics page's sold on account and store credit used are the completed bills' sums", async () => {
      const bills = await db
        .selectFrom("bills")
        .select(["status", "paid_account", "paid_store_credit"])
        .execute();
      const completed = bills.filter((b) => b.status === "completed");
      const sum = (k: "paid_account" | "paid_store_credit") =>
        completed.reduce((s, b) => s + Number(b[k]), 0);
      // A voided bill on account exists (its tender must not count), and both tenders were used.
      expect(bills.some((b) => b.status === "voided" && Number(b.paid_account) > 0)).toBe(true);
      expect(sum("paid_account")).toBeGreaterThan(0);
      expect(sum("paid_store_credit")).toBeGreaterThan(0);
      const page = squash((await owner.get("/analytics?range=all")).text);
      const rupees = (paise: number) =>
        `₹${(paise / 100).toLocaleString("en-IN", { minimumFractionDigits: 2 })}`;
      expect(page).toContain(`${rupees(sum("paid_account"))}`);
      const figures = await accountAnalytics(db, resolveRange({ range: "all" }, "Asia/Kolkata"));
      expect(figures.soldOnAccount).toBe(sum("paid_account"));
      expect(figures.storeCreditUsed).toBe(sum("paid_store_credit"));
    });

    it("erasing is refused until the account is settled; the owner's adjustment is audited", async () => {
      const page = `/customers/${customerId}/erase`;
      const refused = await form(owner, page, { confirm: "ERASE" }, page);
      expect(refused.status).toBe(409);
      expect(refused.text).toContain("₹201.00 store credit");
      const noReason = await form(
        owner,
        `/customers/${customerId}/adjust`,
        { amount: "201", direction: "owes_more" },
        `/customers/${customerId}/account`,
      );
      expect(noReason.status).toBe(400);
      const adjusted = await form(
        owner,
        `/customers/${customerId}/adjust`,
        { amount: "201", direction: "owes_more", reason: "Store credit paid out in cash" },
        `/customers/${customerId}/account`,
      );
      expect(adjusted.status).toBe(303);
      expect(await balance()).toBe(0);
      const erased = await form(owner, page, { confirm: "ERASE" }, page);
      expect(erased.status).toBe(303);
      const audits = await db.selectFrom("audit_log").select("action").execute();
      expect(audits.map((a) => a.action)).toEqual(
        expect.arrayContaining(["account.credit_limit", "account.adjust", "customer.erase"]),
      );
    });

    it("every ledger invariant holds afterwards", async () => {
      const { problems } = await checkLedger(db);
      expect(problems).toEqual([]);
    });
  });
}
