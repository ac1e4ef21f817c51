import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { openDatabase } from "../../src/db/database.ts";
import { updateSettings } from "../../src/db/repositories/settings.repo.ts";
import { createLogger } from "../../src/logger.ts";
import {
  type Agent,
  CASHIER,
  loginAs,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
} from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

for (const dialect of testDialects()) {
  describe(`${dialect}: the till over HTTP`, () => {
    let t: TestApp;
    let cashier: Agent;
    let owner: Agent;
    let token: string;
    let ownerToken: string;
    const ids = { salt: 0, soap: 0, rice: 0, old: 0, none: 0 };

    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ owner, cashier } = await shopWithStaff(t));
      const db = t.database.db;
      ids.salt = await seedProduct(db, {
        code: "8901234567890",
        name: "Tata Salt 1kg",
        price: 2800,
        gst_rate: 0,
        stock: 50,
      });
      ids.soap = await seedProduct(db, {
        code: "SOAP-1",
        name: "Lux Soap",
        price: 4500,
        gst_rate: 1800,
        stock: 3,
      });
      ids.rice = await seedProduct(db, {
        code: "RICE",
        name: "Sona Masoori (loose)",
        price: 6000,
        gst_rate: 500,
        unit: "kg",
        stock: 20_000,
      });
      ids.old = await seedProduct(db, {
        code: "OLD-1",
        name: "Old Stock Item",
        price: 1000,
        stock: 5,
        active: 0,
      });
      ids.none = await seedProduct(db, {
        code: "EMPTY-1",
        name: "Sold Out Biscuits",
        price: 1000,
        stock: 0,
      });
      token = await tillToken(cashier);
      ownerToken = await tillToken(owner);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("requires login: anonymous /till goes to the login page", async () => {
      const res = await request(t.app).get("/till");
      expect(res.status).toBe(302);
      expect(res.headers.location).toContain("/login");
    });

    it("scans by exact normalised code, bumps the same code, and beeps via HX-Trigger", async () => {
      let res = await tillPost(cashier, token, "/till/scan", { code: "  8901234567890 " });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.headers["hx-trigger"] ?? "{}").tillSound).toBe("ok");
      expect(res.text).toContain("Tata Salt 1kg");
      expect(res.text).toContain('<hx-partial hx-target="#till-lines"');
      res = await tillPost(cashier, token, "/till/scan", { code: "soap-1" });
      expect(res.text).toContain("Lux Soap");
      res = await tillPost(cashier, token, "/till/scan", { code: "8901234567890" });
      const lines = await t.database.db
        .selectFrom("bill_lines")
        .selectAll()
        .orderBy("position")
        .execute();
      expect(lines.map((l) => [l.name, l.qty, l.unit_price, l.tax_rate, l.hsn])).toEqual([
        ["Tata Salt 1kg", 2, 2800, 0, "1234"],
        ["Lux Soap", 1, 4500, 1800, "1234"],
      ]);
      // Totals: 2 × 28 + 45 = ₹101.00
      expect(res.text).toContain("₹101.00");
    });

    it("never matches by prefix or by id; unknown, inactive and out-of-stock give messages and the error sound", async () => {
      for (const [code, text] of [
        ["890123456789", "No product has the code"],
        [String(ids.salt), "No product has the code"],
        ["OLD-1", "not for sale"],
        ["EMPTY-1", "out of stock"],
      ] as const) {
        const res = await tillPost(cashier, token, "/till/scan", { code });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.text).toContain(text);
        expect(JSON.parse(res.headers["hx-trigger"] ?? "{}").tillSound).toBe("error");
      }
      const lines = await t.database.db.selectFrom("bill_lines").selectAll().execute();
      expect(lines).toHaveLength(2);
    });

    it("refuses to scan past the stock on hand", async () => {
      await tillPost(cashier, token, "/till/scan", { code: "SOAP-1" });
      await tillPost(cashier, token, "/till/scan", { code: "SOAP-1" });
      const res = await tillPost(cashier, token, "/till/scan", { code: "SOAP-1" });
      expect(res.status).toBe(409);
      expect(res.text).toContain("Only 3 pcs of Lux Soap in stock");
    });

    it("sets, steps and removes quantities; loose goods take kg", async () => {
      const db = t.database.db;
      const soap = await db
        .selectFrom("bill_lines")
        .selectAll()
        .where("product_id", "=", ids.soap)
        .executeTakeFirstOrThrow();
      let res = await tillPost(cashier, token, `/till/lines/${soap.id}/qty`, { qty: "1" });
      expect(res.status).toBe(200);
      res = await tillPost(cashier, token, `/till/lines/${soap.id}/qty`, { qty: "abc" });
      expect(res.status).toBe(400);
      res = await tillPost(cashier, token, `/till/lines/${soap.id}/inc`);
      expect(
        (
          await db
            .selectFrom("bill_lines")
            .select("qty")
            .where("id", "=", soap.id)
            .executeTakeFirstOrThrow()
        ).qty,
      ).toBe(2);
      // Loose goods by their own code: the till asks the weight; "1" is 1 kg.
      await tillPost(cashier, token, "/till/scan", { code: "RICE", weight: "1" });
      const rice = await db
        .selectFrom("bill_lines")
        .selectAll()
        .where("product_id", "=", ids.rice)
        .executeTakeFirstOrThrow();
      expect(rice.qty).toBe(1000);
      res = await tillPost(cashier, token, `/till/lines/${rice.id}/qty`, { qty: "0.75" });
      expect(
        (
          await db
            .selectFrom("bill_lines")
            .select("qty")
            .where("id", "=", rice.id)
            .executeTakeFirstOrThrow()
        ).qty,
      ).toBe(750);
      res = await tillPost(cashier, token, `/till/lines/${rice.id}/remove`);
      expect(
        await db.selectFrom("bill_lines").selectAll().where("id", "=", rice.id).executeTakeFirst(),
      ).toBeUndefined();
    });

    it("keeps the open bill in the database: a restarted app (new connection, new login) shows it", async () => {
      const database = openDatabase(t.target);
      try {
        const app2 = createApp({ database, config: t.config, logger: createLogger("silent") });
        const again = await loginAs(app2, CASHIER.username, CASHIER.password);
        const res = await again.get("/till");
        expect(res.status).toBe(200);
        expect(res.text).toContain("Tata Salt 1kg");
        expect(res.text).toContain("Lux Soap");
        // A second tab (same session) shows the same bill id.
        const tab2 = await cashier.get("/till");
        expect(billIdFrom(tab2.text)).toBe(billIdFrom(res.text));
      } finally {
        await database.close();
      }
    });

    it("applies line and bill discounts and attaches a customer registered inline", async () => {
      const db = t.database.db;
      const salt = await db
        .selectFrom("bill_lines")
        .selectAll()
        .where("product_id", "=", ids.salt)
        .executeTakeFirstOrThrow();
      // ₹6 of ₹56 is over a cashier's default 10 %: the owner approves it at the till.
      let res = await tillPost(cashier, token, `/till/lines/${salt.id}/discount`, {
        discount: "6",
        kind: "amount",
        approverUsername: OWNER.username,
        approverPassword: OWNER.password,
      });
      expect(res.status).toBe(200);
      res = await tillPost(cashier, token, "/till/discount", { discount: "10", kind: "percent" });
      expect(res.text).toContain("Bill discount");
      const search = await cashier.get("/till/customers?q=98765%2043210").set("HX-Request", "true");
      expect(search.text).toContain("register");
      res = await tillPost(cashier, token, "/till/customer/register", {
        name: "Meena Iyer",
        phone: "+919876543210",
      });
      expect(res.status).toBe(200);
      expect(res.text).toContain("Meena Iyer");
      const again = await cashier.get("/till/customers?q=09876543210").set("HX-Request", "true");
      expect(again.text).toContain("Meena Iyer");
    });

    it("the phone lookup says why a number cannot be a mobile, as the register page does", async () => {
      const hint = async (q: string) =>
        (await cashier.get(`/till/customers?q=${encodeURIComponent(q)}`).set("HX-Request", "true"))
          .text;
      expect(await hint("70000")).toContain("Keep typing the 10-digit number");
      const cases: Array<[string, string]> = [
        ["98765abcde", "A phone number can only have digits"],
        ["2023456789", "Not an Indian mobile number"],
        ["020 2345 6789", "Not an Indian mobile number"],
        ["12345", "mobile numbers start with 6, 7, 8 or 9"],
        ["Zzyzx Nobody", "No customer by that name"],
      ];
      for (const [q, message] of cases) {
        const text = await hint(q);
        expect(text, q).toContain(message);
        expect(text, q).not.toContain("Keep typing");
      }
    });

    it("two tills registering one new number: the second is told and sees both names", async () => {
      const db = t.database.db;
      const billOf = (staff: string) =>
        db
          .selectFrom("bills")
          .innerJoin("users", "users.id", "bills.cashier_id")
          .select(["bills.id", "bills.customer_id"])
          .where("bills.status", "=", "open")
          .where("users.username", "=", staff)
          .executeTakeFirst();
      const cashierBefore = await billOf("cashier");
      const ownerHadBill = (await billOf("owner")) !== undefined;
      const phone = "+919812345678";
      for (const agent of [cashier, owner]) {
        const search = await agent.get("/till/customers?q=9812345678").set("HX-Request", "true");
        expect(search.text).toContain("Register &amp; attach");
      }
      const first = await tillPost(cashier, token, "/till/customer/register", {
        name: "Kavita Rao",
        phone,
      });
      expect(first.text).toContain("Kavita Rao attached");
      const second = await tillPost(owner, ownerToken, "/till/customer/register", {
        name: "Kavitha R",
        phone,
      });
      expect(second.status).toBe(200);
      expect(second.text).toContain("already registered as Kavita Rao");
      expect(second.text).toContain("Kavitha R");
      const rows = await t.database.db
        .selectFrom("customers")
        .select(["id", "name"])
        .where("phone", "=", phone)
        .execute();
      expect(rows.map((r) => r.name)).toEqual(["Kavita Rao"]);
      // At the same moment: one registers, the other is told who it attached.
      const both = await Promise.all([
        tillPost(cashier, token, "/till/customer/register", {
          name: "Till A",
          phone: "9812300001",
        }),
        tillPost(owner, ownerToken, "/till/customer/register", {
          name: "Till B",
          phone: "9812300001",
        }),
      ]);
      const told = both.filter((r) => r.text.includes("is already registered as"));
      expect(told).toHaveLength(1);
      expect(told[0]?.text).toMatch(/already registered as Till (A|B): Till \1 attached/);
      expect(told[0]?.text).toMatch(/The name typed here, “Till (A|B)”, was not saved/);
      // Leave the tills as the other tests expect them.
      await tillPost(cashier, token, "/till/customer", {
        customerId: String(cashierBefore?.customer_id ?? ""),
      });
      if (!ownerHadBill) await tillPost(owner, ownerToken, "/till/clear", {});
    });

    it("refuses tendered < due, then completes once: number, stock, movements, customer_stats", async () => {
      const db = t.database.db;
      const page = await cashier.get("/till");
      const billId = billIdFrom(page.text);
      let res = await tillPost(cashier, token, "/till/complete", {
        billId,
        mode: "cash",
        tendered: "1",
      });
      expect(res.status).toBe(400);
      expect(res.text).toContain("less than");
      expect(
        (
          await db
            .selectFrom("bills")
            .select("status")
            .where("id", "=", billId)
            .executeTakeFirstOrThrow()
        ).status,
      ).toBe("open");

      res = await tillPost(cashier, token, "/till/complete", {
        billId,
        mode: "cash",
        tendered: "500",
      });
      expect(res.status).toBe(200);
      expect(res.text).toContain(`/bills/${billId}/pdf`);
      const bill = await db
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", billId)
        .executeTakeFirstOrThrow();
      expect(bill.status).toBe("completed");
      expect(bill.number).toMatch(/^\d{4}-\d{2}\/000001$/);
      // salt 2×28=56 −6 = 50; soap 2×45 = 90; 140 − 10% = 126.00
      expect(bill.total).toBe(12600);
      expect(bill.change_due).toBe(50000 - 12600);
      expect(bill.open_for).toBeNull();
      const soap = await db
        .selectFrom("products")
        .select("stock")
        .where("id", "=", ids.soap)
        .executeTakeFirstOrThrow();
      expect(soap.stock).toBe(1);
      const moves = await db
        .selectFrom("stock_movements")
        .selectAll()
        .where("reason", "=", "sale")
        .execute();
      expect(moves.every((m) => m.reference === bill.number)).toBe(true);
      const stats = await db.selectFrom("customer_stats").selectAll().executeTakeFirstOrThrow();
      expect([stats.total_spent, stats.bill_count]).toEqual([12600, 1]);

      // Double click / retry: the first result, nothing more written.
      res = await tillPost(cashier, token, "/till/complete", {
        billId,
        mode: "cash",
        tendered: "500",
      });
      expect(res.status).toBe(200);
      expect(res.text).toContain(bill.number as string);
      expect(
        (await db.selectFrom("stock_movements").selectAll().where("reason", "=", "sale").execute())
          .length,
      ).toBe(moves.length);
      expect(
        (await db.selectFrom("customer_stats").selectAll().executeTakeFirstOrThrow()).bill_count,
      ).toBe(1);
      // The till is empty again.
      const after = await cashier.get("/till");
      expect(after.text).toContain("Ready to scan");
    });

    it("shows a UPI QR for the exact amount only when the shop has a UPI ID", async () => {
      await tillPost(cashier, token, "/till/scan", { code: "8901234567890" });
      let res = await cashier.get("/till/upi.svg");
      expect(res.status).toBe(404);
      await updateSettings(t.database.db, { upi_id: "sharma@okaxis" });
      const page = await cashier.get("/till");
      expect(page.text).toContain('data-src="/till/upi.svg?total=2800"');
      res = await cashier.get("/till/upi.svg");
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toContain("image/svg+xml");
      expect(String(res.body ?? res.text)).toContain("<svg");
      await updateSettings(t.database.db, { upi_id: null });
      await tillPost(cashier, token, "/till/clear");
    });

    it("holds a bill, starts another, resumes the held one", async () => {
      await tillPost(cashier, token, "/till/scan", { code: "8901234567890" });
      let res = await tillPost(cashier, token, "/till/hold");
      expect(res.status).toBe(200);
      expect(res.text).toContain("Held bills (1)");
      expect(res.text).toContain("Ready to scan");
      await tillPost(cashier, token, "/till/scan", { code: "SOAP-1" });
      const heldId = Number(res.text.match(/\/till\/held\/(\d+)\/resume/)?.[1]);
      res = await tillPost(cashier, token, `/till/held/${heldId}/resume`);
      expect(res.status).toBe(200);
      expect(res.text).toContain("Tata Salt 1kg");
      // The bill that was on the till (soap) is now held.
      expect(res.text).toContain("Held bills (1)");
      const open = await t.database.db
        .selectFrom("bills")
        .select(["id", "status"])
        .where("status", "in", ["open", "held"])
        .execute();
      expect(open.filter((b) => b.status === "open")).toHaveLength(1);
    });

    it("voids: a cashier gets 403; the owner restocks, reverses stats, keeps the number, audits", async () => {
      const db = t.database.db;
      const bill = await db
        .selectFrom("bills")
        .selectAll()
        .where("status", "=", "completed")
        .executeTakeFirstOrThrow();
      let res = await tillPost(cashier, token, `/bills/${bill.id}/void`, {
        reason: "customer returned",
      });
      expect(res.status).toBe(403);
      res = await tillPost(owner, ownerToken, `/bills/${bill.id}/void`, { reason: "" });
      expect(res.status).toBe(400);
      const stockBefore = (
        await db
          .selectFrom("products")
          .select("stock")
          .where("id", "=", ids.soap)
          .executeTakeFirstOrThrow()
      ).stock;
      res = await tillPost(owner, ownerToken, `/bills/${bill.id}/void`, {
        reason: "Wrong items billed",
      });
      expect(res.status).toBe(200);
      expect(res.headers["hx-redirect"]).toBe(`/bills/${bill.id}`);
      const after = await db
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", bill.id)
        .executeTakeFirstOrThrow();
      expect([after.status, after.number, after.void_reason]).toEqual([
        "voided",
        bill.number,
        "Wrong items billed",
      ]);
      expect(
        (
          await db
            .selectFrom("products")
            .select("stock")
            .where("id", "=", ids.soap)
            .executeTakeFirstOrThrow()
        ).stock,
      ).toBe(stockBefore + 2);
      const stats = await db.selectFrom("customer_stats").selectAll().executeTakeFirstOrThrow();
      expect([stats.total_spent, stats.bill_count, stats.last_purchase_at]).toEqual([0, 0, null]);
      const audit = await db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "bill.void")
        .execute();
      expect(audit).toHaveLength(1);
      res = await tillPost(owner, ownerToken, `/bills/${bill.id}/void`, { reason: "again please" });
      expect(res.status).toBe(409);
    });
  });
}
