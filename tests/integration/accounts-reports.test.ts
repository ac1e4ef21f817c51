import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setCreditLimit } from "../../src/db/repositories/ledger.repo.ts";
import { updateSettings } from "../../src/db/repositories/settings.repo.ts";
import { insertUser } from "../../src/db/repositories/users.repo.ts";
import type { Db } from "../../src/db/types.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { receivePayment } from "../../src/services/accounts/payments.ts";
import { voidBill } from "../../src/services/bills/void.ts";
import { returnItems } from "../../src/services/returns/returns.ts";
import { getShop, type Shop } from "../../src/services/shop/settings.ts";
import { type Agent, makeApp, setupShopVia, type TestApp } from "../helpers/app.ts";
import { addCustomer, addSampleProducts, makeBill } from "../helpers/bills.ts";
import { testDialects } from "../helpers/db.ts";
import { checkLedger } from "../helpers/ledger.ts";
import { pdfText } from "../helpers/pdf.ts";

/**
 * The reports of udhaar: who owes what with FIFO ageing, its CSV, the
 * reminder links in the shop's words, end of day (credit sales and payments
 * received per cashier, apart from cash) and the analytics figures.
 */

const DAY = 86_400_000;

for (const dialect of testDialects()) {
  describe(`${dialect}: udhaar reports`, () => {
    let t: TestApp;
    let db: Db;
    let owner: Agent;
    const cashier = { id: 0, username: "ravi" };
    const ids = { old: 0, fresh: 0, paid: 0 };

    beforeAll(async () => {
      t = await makeApp(dialect);
      db = t.database.db;
      owner = await setupShopVia(t.app);
      const now = nowUtc();
      cashier.id = await insertUser(db, {
        username: cashier.username,
        display_name: "Ravi Cashier",
        password_hash: "x",
        role: "cashier",
        active: 1,
        created_at: now,
        updated_at: now,
      });
      await addSampleProducts(db);
      await updateSettings(db, {
        upi_id: "sharma@okaxis",
        reminder_message: "Namaste {name}, {shop} here: {balance} is due. Pay: {upi}",
      });
      ids.old = await addCustomer(db, "Gopal Rao", "+919800000101");
      ids.fresh = await addCustomer(db, "Farah Khan", "+919800000102");
      ids.paid = await addCustomer(db, "Nisha Jain", "+919800000103");
      for (const id of Object.values(ids)) await setCreditLimit(db, id, 5000_00);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    const sale = (customerId: number, daysAgo: number) =>
      makeBill(db, {
        cashier,
        lines: [{ code: "8901058000017" }],
        customerId,
        payment: { mode: "account" },
        at: new Date(Date.now() - daysAgo * DAY),
      });

    it("ages each balance first in, first out; a voided bill cancels its own debt", async () => {
      // Gopal: a bill 100 days ago, one 45 days ago, one today; he pays the oldest off exactly.
      const a = await sale(ids.old, 100);
      await sale(ids.old, 45);
      const today = await sale(ids.old, 0);
      await receivePayment(db, { userId: cashier.id, username: cashier.username }, ids.old, {
        amount: String(a.total / 100),
        mode: "cash",
      });
      // Farah: an old bill, and today's bill voided (it must not make the old one look paid).
      await sale(ids.fresh, 70);
      const voided = await sale(ids.fresh, 0);
      await voidBill(
        db,
        { userId: null, username: "owner", role: "owner" },
        voided.id,
        "wrong customer",
      );
      // Nisha owes nothing after paying.
      const n = await sale(ids.paid, 10);
      await receivePayment(db, { userId: cashier.id, username: cashier.username }, ids.paid, {
        amount: String(n.total / 100),
        mode: "upi",
        upiConfirmed: "1",
      });

      const page = await owner.get("/accounts?sort=age&dir=desc");
      expect(page.status).toBe(200);
      const rows = [...page.text.matchAll(/data-customer="(\d+)"/g)].map((m) => Number(m[1]));
      expect(rows).toEqual([ids.fresh, ids.old]); // 70 days, then 45 days; Nisha owes nothing
      const gopal =
        page.text.slice(page.text.indexOf(`data-customer="${ids.old}"`)).split("</tr>")[0] ?? "";
      expect(gopal).toMatch(/<td class="num">45<\/td>/);
      const csv = await owner.get("/accounts/export.csv?sort=name&dir=asc");
      expect(csv.status).toBe(200);
      const lines = csv.text
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\n");
      expect(lines[0]).toContain("Days since oldest unpaid,0–30 days (INR),31–60 days (INR)");
      const each = today.total / 100;
      expect(lines[1]).toMatch(
        new RegExp(`^${ids.fresh},Farah Khan,.*,70,0\\.00,0\\.00,${each.toFixed(2)},0\\.00`),
      );
      expect(lines[2]).toMatch(
        new RegExp(
          `^${ids.old},Gopal Rao,.*,45,${each.toFixed(2)},${each.toFixed(2)},0\\.00,0\\.00`,
        ),
      );
      expect(lines).toHaveLength(3);
      const byName = await owner.get("/accounts?sort=name&dir=asc");
      expect([...byName.text.matchAll(/data-customer="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([
        ids.fresh,
        ids.old,
      ]);
    });

    it("reminders open WhatsApp and SMS with the shop's words, the balance and a UPI link", async () => {
      const page = await owner.get(`/customers/${ids.old}`);
      const wa =
        /id="remind-whatsapp" href="([^"]+)"/.exec(page.text)?.[1]?.replace(/&amp;/g, "&") ?? "";
      expect(wa).toMatch(/^https:\/\/wa\.me\/919800000101\?text=/);
      const text = decodeURIComponent(wa.split("text=")[1] ?? "");
      expect(text).toMatch(
        /^Namaste Gopal Rao, Sharma Kirana Store here: ₹[\d,.]+ is due\. Pay: upi:\/\/pay\?pa=sharma@okaxis&/,
      );
      expect(text).toMatch(/&am=\d+\.\d\d&cu=INR/);
      const sms = /id="remind-sms" href="([^"]+)"/.exec(page.text)?.[1] ?? "";
      expect(sms).toMatch(/^sms:\+919800000101\?body=Namaste/);
      const settled = await owner.get(`/customers/${ids.paid}`);
      expect(settled.text).not.toContain("remind-whatsapp");
    });

    it("a return gives the on-account part back off the account and store credit spent back as store credit", async () => {
      const shop = (await getShop(db)) as Shop;
      await db.updateTable("shop_settings").set({ max_return_amount: 100_000_00 }).execute();
      const who = await addCustomer(db, "Return Customer", "+919800000104");
      await setCreditLimit(db, who, 5000_00);
      await receivePayment(db, { userId: cashier.id, username: cashier.username }, who, {
        amount: "50",
        mode: "cash",
      }); // ₹50 store credit
      const bill = await makeBill(db, {
        cashier,
        lines: [{ code: "8901058000017" }, { code: "8901058000017" }],
        customerId: who,
        payment: { mode: "split", storeCredit: "20", account: "30" },
      });
      const row = await db
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", bill.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ paid_store_credit: 20_00, paid_account: 30_00 });
      const balanceOf = async () =>
        Number(
          (
            await db
              .selectFrom("customers")
              .select("balance")
              .where("id", "=", who)
              .executeTakeFirstOrThrow()
          ).balance,
        );
      const before = await balanceOf();
      const line = await db
        .selectFrom("bill_lines")
        .select("id")
        .where("bill_id", "=", bill.id)
        .executeTakeFirstOrThrow();
      const qty = Number(
        (
          await db
            .selectFrom("bill_lines")
            .select("qty")
            .where("id", "=", line.id)
            .executeTakeFirstOrThrow()
        ).qty,
      );
      // Everything back: each tender gets exactly its part.
      const issued = await returnItems(
        db,
        { userId: cashier.id, username: cashier.username },
        {
          billId: bill.id,
          lines: [{ lineId: line.id, qty, restock: true }],
          reason: "changed_mind",
          note: null,
          refund: { kind: "default" },
          approverId: null,
        },
        { shop },
      );
      expect(issued.split).toMatchObject({
        account: 30_00,
        store_credit: 20_00,
        cash: bill.total - 50_00,
      });
      // ₹30 off the account (reversal) and ₹20 store credit back: the bill is undone on the account.
      expect(await balanceOf()).toBe(before - 50_00);
      const entries = await db
        .selectFrom("customer_ledger")
        .select(["kind", "amount", "reference"])
        .where("customer_id", "=", who)
        .orderBy("id")
        .execute();
      expect(entries.map((e) => [e.kind, Number(e.amount)])).toEqual([
        ["payment", -50_00],
        ["credit_used", 20_00],
        ["credit_sale", 30_00],
        ["store_credit", -20_00],
        ["reversal", -30_00],
      ]);
      const page = await owner.get(`/customers/${who}`);
      expect(page.text).toContain(`Store credit ${issued.number}`);
      expect(page.text).toContain(`Return ${issued.number}`);
      const statement = await owner
        .get(`/customers/${who}/statement.pdf`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on("data", (c: Buffer) => chunks.push(c));
          r.on("end", () => cb(null, Buffer.concat(chunks)));
        });
      const text = pdfText(new Uint8Array(statement.body as Buffer)).replace(/\s+/g, " ");
      expect(text).toContain(`Store credit ${issued.number}`);
      expect(text).toMatch(/Closing balance on \S+ ₹50\.00 store credit/);
    });

    it("a Hindi name prints shaped on the statement and the payment receipt (the bills' Pen)", async () => {
      const who = await addCustomer(db, "सीता देवी", "+919800000105");
      await setCreditLimit(db, who, 5000_00);
      await sale(who, 3);
      const paid = await receivePayment(
        db,
        { userId: cashier.id, username: cashier.username },
        who,
        {
          amount: "10",
          mode: "cash",
        },
      );
      const pdf = async (url: string) => {
        const res = await owner
          .get(url)
          .buffer(true)
          .parse((r, cb) => {
            const chunks: Buffer[] = [];
            r.on("data", (c: Buffer) => chunks.push(c));
            r.on("end", () => cb(null, Buffer.concat(chunks)));
          });
        expect(res.status).toBe(200);
        return pdfText(new Uint8Array(res.body as Buffer));
      };
      expect(await pdf(`/customers/${who}/statement.pdf`)).toContain("सीता देवी");
      const receipt = await pdf(`/customers/${who}/payments/${paid.entryId}/receipt.pdf`);
      expect(receipt).toContain("सीता देवी");
      expect(receipt).not.toContain("□");
    });

    it("end of day and analytics show credit sales and collections apart from cash", async () => {
      const eod = await owner.get("/analytics/end-of-day");
      expect(eod.status).toBe(200);
      expect(eod.text).toMatch(/id="eod-received">₹[\d,.]+</);
      expect(eod.text).toContain("Payments received on accounts");
      const payments = await db
        .selectFrom("customer_ledger")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("kind", "=", "payment")
        .where("user_id", "=", cashier.id)
        .executeTakeFirstOrThrow();
      expect(eod.text).toContain(`Ravi Cashier</th><td class="num">${Number(payments.n)}</td>`);
      const analytics = await owner.get("/analytics");
      expect(analytics.status).toBe(200);
      const owed = await db
        .selectFrom("customers")
        .select((eb) => eb.fn.sum<number>("balance").as("b"))
        .where("balance", ">", 0)
        .executeTakeFirstOrThrow();
      const text = analytics.text.replace(/&nbsp;|\s+/g, " ");
      const shown = /id="an-owed">₹([\d,.]+)</.exec(text)?.[1];
      expect(Number(shown?.replace(/,/g, "")) * 100).toBe(Number(owed.b));
      expect(text).toMatch(/Collections/);
      // addSampleProducts sets stock without an opening movement: the stock checks do not apply here.
      const { problems } = await checkLedger(db);
      expect(problems.filter((p) => !p.startsWith("product "))).toEqual([]);
    });
  });
}
