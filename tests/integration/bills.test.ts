import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedSalesDays } from "../../src/db/repositories/analytics-rollups.repo.ts";
import { updateSettings } from "../../src/db/repositories/settings.repo.ts";
import { findUserByUsername } from "../../src/db/repositories/users.repo.ts";
import {
  type Agent,
  CASHIER,
  csrfFrom,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
} from "../helpers/app.ts";
import { addCustomer, addSampleProducts, makeBill, setShopUpi } from "../helpers/bills.ts";
import { testDialects } from "../helpers/db.ts";
import { pdfText, readQr, renderPage } from "../helpers/pdf.ts";

const squash = (s: string) => s.replace(/\s+/g, " ");

/** GETs a PDF as bytes. */
async function getPdf(agent: Agent, url: string) {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
  return { res, bytes: new Uint8Array(res.body as Buffer) };
}

for (const dialect of testDialects()) {
  describe(`${dialect}: bills on paper, lookup and reprint`, () => {
    let t: TestApp;
    let owner: Agent;
    let cashier: Agent;
    const bills: Record<string, { id: number; number: string; total: number }> = {};

    beforeAll(async () => {
      t = await makeApp(dialect);
      ({ owner, cashier } = await shopWithStaff(t));
      const db = t.database.db;
      await addSampleProducts(db);
      await setShopUpi(db, "sharmakirana@okicici");
      const user = await findUserByUsername(db, CASHIER.username);
      if (!user) throw new Error("no cashier");
      const who = { id: user.id, username: user.username };
      const meera = await addCustomer(db, "Meera Kulkarni", "+919876543210");
      const sunita = await addCustomer(db, "सुनीता शर्मा 🙏", "+919812345678");
      bills.cash = await makeBill(db, {
        cashier: who,
        customerId: meera,
        lines: [
          { code: "8901058000017", qty: "2" },
          { code: "LOOSE-RICE", qty: "0.750" },
          { code: "8901030865278" },
        ],
        payment: { mode: "cash", tendered: "1000" },
        at: new Date("2026-11-20T06:30:00Z"),
      });
      bills.upi = await makeBill(db, {
        cashier: who,
        lines: [{ code: "8901725133979" }, { code: "8904004400021", qty: "3" }],
        payment: { mode: "upi", upiConfirmed: "1" },
        at: new Date("2026-10-01T18:40:00Z"), // 2 Oct 00:10 in India
      });
      bills.hindi = await makeBill(db, {
        cashier: who,
        customerId: sunita,
        lines: [{ code: "8901491101837" }],
        payment: { mode: "card" },
        at: new Date("2026-11-21T10:00:00Z"),
      });
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it("sends anonymous visitors to the login page", async () => {
      for (const url of ["/bills", `/bills/${bills.cash?.id}`, `/bills/${bills.cash?.id}/pdf`]) {
        const res = await request(t.app).get(url);
        expect(res.status).toBe(302);
        expect(res.headers.location).toContain("/login");
      }
    });

    it("lets a cashier find a bill by its exact number (a scanned receipt QR) and open it", async () => {
      const res = await cashier.get("/bills").query({ q: bills.cash?.number });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/bills/${bills.cash?.id}`);
      const page = await cashier.get(res.headers.location as string);
      expect(page.status).toBe(200);
      expect(page.text).toContain(bills.cash?.number);
      expect(page.text).toContain("Meera Kulkarni");
      expect(page.text).toContain("+91 XXXXXX3210");
      expect(page.text).toContain("0.750 kg");
      expect(page.text).toContain(`data-print-url="/bills/${bills.cash?.id}/pdf"`);
      // Cashiers print and reprint but never see the void form.
      expect(page.text).not.toContain(`action="/bills/${bills.cash?.id}/void"`);
    });

    it("finds bills by the end of the number, by phone, by last digits, by date range", async () => {
      const seq = (bills.upi?.number ?? "").split("/").pop() as string;
      const bySeq = await cashier.get("/bills").query({ q: seq });
      expect(bySeq.status).toBe(200);
      expect(bySeq.text).toContain(bills.upi?.number);
      expect(bySeq.text).not.toContain(`/bills/${bills.cash?.id}"`);

      for (const q of ["98765 43210", "+91-98765-43210", "09876543210"]) {
        const byPhone = await cashier.get("/bills").query({ q });
        expect(byPhone.status).toBe(200);
        expect(byPhone.text).toContain(`/bills/${bills.cash?.id}"`);
        expect(byPhone.text).not.toContain(`/bills/${bills.upi?.id}"`);
        expect(byPhone.text).not.toContain(`/bills/${bills.hindi?.id}"`);
      }
      const byLast = await cashier.get("/bills").query({ q: "2345678" });
      expect(byLast.text).toContain(`/bills/${bills.hindi?.id}"`);
      expect(byLast.text).not.toContain(`/bills/${bills.cash?.id}"`);

      // 1 Oct 18:40 UTC is 2 Oct in the shop's time zone (Asia/Kolkata).
      const oct2 = await cashier.get("/bills").query({ from: "2026-10-02", to: "2026-10-02" });
      expect(oct2.text).toContain(`/bills/${bills.upi?.id}"`);
      expect(oct2.text).not.toContain(`/bills/${bills.cash?.id}"`);
      const oct1 = await cashier.get("/bills").query({ from: "2026-10-01", to: "2026-10-01" });
      expect(oct1.text).not.toContain(`/bills/${bills.upi?.id}"`);
      expect(oct1.text).toContain("No bills found");
      const nov = await cashier.get("/bills").query({ from: "2026-11-01", to: "2026-11-30" });
      expect(nov.text).toContain(`/bills/${bills.cash?.id}"`);
      expect(nov.text).toContain(`/bills/${bills.hindi?.id}"`);
      expect(nov.text).not.toContain(`/bills/${bills.upi?.id}"`);
    });

    it("answers bad lookups with a message and a 400, never a 500", async () => {
      const cases = [
        { q: "abc%" },
        { q: "x".repeat(65) },
        { from: "2026-13-45" },
        { from: "2026-11-02", to: "2026-11-01" },
        { page: "-1" },
      ];
      for (const query of cases) {
        const res = await cashier.get("/bills").query(query);
        expect(res.status, JSON.stringify(query)).toBe(400);
        expect(res.text).toContain('class="alert alert-error"');
      }
      expect((await cashier.get("/bills/999999")).status).toBe(404);
      expect((await cashier.get("/bills/abc/pdf")).status).toBe(404);
      expect(
        (await cashier.get(`/bills/${bills.cash?.id}/pdf`).query({ format: "a5" })).status,
      ).toBe(400);
    });

    it("prints the receipt with every field; the first copy is the original, reprints say DUPLICATE", async () => {
      const first = await getPdf(cashier, `/bills/${bills.cash?.id}/pdf`);
      expect(first.res.status).toBe(200);
      expect(first.res.headers["content-type"]).toBe("application/pdf");
      expect(first.res.headers["x-bill-copy"]).toBe("1");
      const text = squash(pdfText(first.bytes));
      for (const expected of [
        "Sharma Kirana Store",
        "12 MG Road, Pune",
        "Ph: 020 2345 6789",
        "GSTIN: 27ABCDE1234F1Z5",
        "TAX INVOICE",
        `Bill No: ${bills.cash?.number}`,
        "Date: 20-11-2026 12:00 PM",
        `Cashier: ${CASHIER.displayName}`,
        "Customer: Meera Kulkarni (+91 XXXXXX3210)",
        "Amul Taaza Toned Milk 500 ml",
        "0.750 kg",
        "Taxable value ₹",
        "CGST @2.5%",
        "SGST @9%",
        "TOTAL ₹",
        "Rupees",
        "Only",
        "Paid by: Cash",
        "Tendered ₹1,000.00",
        "Change ₹",
        "Thank you! Visit again.",
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).not.toContain("DUPLICATE");
      expect(readQr(renderPage(first.bytes, 1, 200))).toBe(bills.cash?.number);

      const again = await getPdf(cashier, `/bills/${bills.cash?.id}/pdf`);
      expect(again.res.headers["x-bill-copy"]).toBe("2");
      expect(squash(pdfText(again.bytes))).toContain("DUPLICATE");
      const audit = await t.database.db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "bill.reprint")
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.username).toBe(CASHIER.username);
      const page = await cashier.get(`/bills/${bills.cash?.id}`);
      expect(page.text).toContain("Printed 2 times");
    });

    it("prints an A4 tax invoice on request, and the UPI QR for a UPI bill", async () => {
      const a4 = await getPdf(owner, `/bills/${bills.upi?.id}/pdf?format=a4`);
      expect(a4.res.status).toBe(200);
      const text = squash(pdfText(a4.bytes));
      expect(text).toContain("TAX INVOICE");
      expect(text).toContain("Billed to: Walk-in");
      expect(text).toContain("Payment: UPI");
      expect(text).toContain("Scan to pay ₹");
      expect(text).toContain("Page 1 of 1");
      const receipt = await getPdf(owner, `/bills/${bills.upi?.id}/pdf?format=80mm`);
      const png = renderPage(receipt.bytes, 1, 200);
      expect(readQr(png, [0, 0.5])).toBe(bills.upi?.number);
      expect(readQr(png, [0.5, 1])).toMatch(
        new RegExp(
          `^upi://pay\\?pa=sharmakirana@okicici&pn=Sharma%20Kirana%20Store&am=${((bills.upi?.total ?? 0) / 100).toFixed(2)}&cu=INR&tn=`,
        ),
      );
    });

    it("shows CGST and SGST as equal halves per rate on the page, receipt, invoice and in the rollups", async () => {
      const db = t.database.db;
      const user = await findUserByUsername(db, CASHIER.username);
      if (!user) throw new Error("no cashier");
      // Atta ₹285 + 750 g rice ₹48, both 5 %: per-line halves were 6.78 + 1.14 = 7.92
      // CGST against 6.79 + 1.15 = 7.94 SGST. One half on ₹333: 333 × 2.5/105 = 7.928… → 7.93.
      const gst = await makeBill(db, {
        cashier: { id: user.id, username: user.username },
        lines: [{ code: "8901725133979" }, { code: "LOOSE-RICE", qty: "0.750" }],
        payment: { mode: "card" },
        at: new Date("2026-11-22T05:00:00Z"),
      });
      const page = squash((await cashier.get(`/bills/${gst.id}`)).text.replace(/<[^>]+>/g, " "));
      expect(page).toContain("Taxable value ₹317.14");
      expect(page).toContain("CGST @2.5% ₹7.93");
      expect(page).toContain("SGST @2.5% ₹7.93");
      const receipt = squash(pdfText((await getPdf(cashier, `/bills/${gst.id}/pdf`)).bytes));
      expect(receipt).toContain("CGST @2.5% on 317.14 ₹7.93");
      expect(receipt).toContain("SGST @2.5% on 317.14 ₹7.93");
      const a4 = squash(pdfText((await getPdf(cashier, `/bills/${gst.id}/pdf?format=a4`)).bytes));
      expect(a4).toContain("CGST @2.5% ₹7.93");
      expect(a4).toContain("SGST @2.5% ₹7.93");
      expect(a4).toMatch(/5% 317\.14 7\.93 7\.93 15\.86/);
      const stored = await db
        .selectFrom("bills")
        .select(["taxable_total", "tax_total"])
        .where("id", "=", gst.id)
        .executeTakeFirstOrThrow();
      expect([Number(stored.taxable_total), Number(stored.tax_total)]).toEqual([31_714, 1_586]);
      const day = (await storedSalesDays(db)).find((d) => d.day === "2026-11-22");
      expect(Number(day?.tax_total)).toBe(1_586);
    });

    it("prints a Bill of Supply with no tax lines and no GST charged when the shop has no GSTIN", async () => {
      const db = t.database.db;
      const user = await findUserByUsername(db, CASHIER.username);
      if (!user) throw new Error("no cashier");
      // Prices exclusive of tax: a registered shop would add 5 % on top; an unregistered one may not.
      await updateSettings(db, { gstin: null, prices_include_tax: 0 });
      try {
        const supply = await makeBill(db, {
          cashier: { id: user.id, username: user.username },
          lines: [{ code: "8901725133979" }, { code: "8901030865278", qty: "2" }],
          payment: { mode: "card" },
          at: new Date("2026-11-23T05:00:00Z"),
        });
        expect(supply.total).toBe(28_500 + 2 * 14_000);
        const html = (await cashier.get(`/bills/${supply.id}`)).text;
        const page = squash(html.replace(/<[^>]+>/g, " "));
        expect(page).toContain("Bill of Supply");
        expect(page).toContain("Subtotal ₹565.00");
        expect(page).toContain("Total ₹565.00");
        for (const taxWord of ["CGST", "SGST", "Taxable value", "GST"]) {
          expect(page).not.toContain(taxWord);
        }
        for (const format of ["80mm", "a4"]) {
          const text = squash(
            pdfText((await getPdf(cashier, `/bills/${supply.id}/pdf?format=${format}`)).bytes),
          );
          expect(text).toContain("BILL OF SUPPLY");
          expect(text).toContain("₹565.00");
          for (const taxWord of ["CGST", "SGST", "Taxable", "GST", "18%", "5%", "TAX INVOICE"]) {
            expect(text, `${format}: ${taxWord}`).not.toContain(taxWord);
          }
        }
      } finally {
        await updateSettings(db, { gstin: "27ABCDE1234F1Z5", prices_include_tax: 1 });
      }
    });

    it("prints a customer's Devanagari name as typed and the emoji in the fallback form", async () => {
      const { res, bytes } = await getPdf(cashier, `/bills/${bills.hindi?.id}/pdf`);
      expect(res.status).toBe(200);
      const text = squash(pdfText(bytes));
      expect(text).toContain("Customer: सुनीता शर्मा □ (+91 XXXXXX5678)");
      expect(text).toContain("Paid by: Card");
    });

    it("lets only the owner void (with a confirmation), and the voided bill prints VOID", async () => {
      const id = bills.hindi?.id;
      const ownerPage = await owner.get(`/bills/${id}`);
      expect(ownerPage.text).toContain(`action="/bills/${id}/void"`);
      expect(ownerPage.text).toContain('data-confirm="Void bill');
      expect(ownerPage.text).toContain('name="reason"');

      const cashierPage = await cashier.get(`/bills/${id}`);
      const denied = await cashier
        .post(`/bills/${id}/void`)
        .type("form")
        .send({ _csrf: csrfFrom(cashierPage.text), reason: "test" });
      expect(denied.status).toBe(403);

      const done = await owner
        .post(`/bills/${id}/void`)
        .type("form")
        .send({ _csrf: csrfFrom(ownerPage.text), reason: "Customer returned the salt" });
      expect(done.status).toBe(303);
      const after = await owner.get(done.headers.location as string);
      expect(after.text).toContain("VOID");
      expect(after.text).not.toContain(`action="/bills/${id}/void"`);
      const { bytes } = await getPdf(cashier, `/bills/${id}/pdf`);
      const text = squash(pdfText(bytes));
      expect(text).toContain("VOID");
      expect(text).toContain("Void reason: Customer returned the salt");
      const list = await cashier.get("/bills").query({ q: "5678" });
      expect(list.text).toContain("VOID");
    });

    it("never shows an open bill as a bill on paper", async () => {
      const db = t.database.db;
      const user = await findUserByUsername(db, OWNER.username);
      const { openBillFor } = await import("../../src/services/till/bill.ts");
      const open = await openBillFor(db, user?.id as number);
      expect((await owner.get(`/bills/${open.id}`)).status).toBe(404);
      expect((await owner.get(`/bills/${open.id}/pdf`)).status).toBe(404);
    });
  });
}
