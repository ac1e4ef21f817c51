import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/types.ts";
import { type Agent, makeApp, shopWithStaff, type TestApp, tokenFor } from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { decodeEscpos, FakePrinter } from "../helpers/fake-escpos-printer.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

/** The job id the till's completion screen shows, and its state. */
function jobFrom(html: string): { id: number; state: string } | null {
  const m = /data-print-job="(\d+)" data-print-state="(\w+)"/.exec(html);
  return m ? { id: Number(m[1]), state: m[2] ?? "" } : null;
}

for (const dialect of testDialects()) {
  describe(`${dialect}: thermal receipts and the cash drawer`, () => {
    let t: TestApp;
    let db: Db;
    let owner: Agent;
    let cashier: Agent;
    const printer = new FakePrinter();

    beforeAll(async () => {
      t = await makeApp(dialect);
      db = t.database.db;
      ({ owner, cashier } = await shopWithStaff(t));
      await printer.start();
      await seedProduct(db, {
        code: "SOAP-1",
        name: "Lux Soap 100g",
        price: 4500,
        stock: 100,
        hsn: "3401",
      });
      await seedProduct(db, {
        code: "DAL-1",
        name: "तूर दाल 1kg",
        price: 16000,
        gst_rate: 500,
        stock: 100,
      });
    });
    afterAll(async () => {
      await printer.stop();
      await t.cleanup();
    });

    async function sell(codes: string[], payment: Record<string, string>) {
      const token = await tillToken(cashier);
      for (const code of codes) await tillPost(cashier, token, "/till/scan", { code });
      const billId = billIdFrom((await cashier.get("/till")).text);
      const res = await tillPost(cashier, token, "/till/complete", { billId, ...payment });
      expect(res.status).toBe(200);
      const bill = await db
        .selectFrom("bills")
        .selectAll()
        .where("id", "=", billId)
        .executeTakeFirstOrThrow();
      expect(bill.status).toBe("completed");
      return { billId, number: bill.number ?? "", html: res.text };
    }

    async function status(jobId: number) {
      const started = Date.now();
      const res = await cashier.get(`/print-jobs/${jobId}/status`);
      expect(res.status).toBe(200);
      return { ...jobFrom(res.text), text: res.text, ms: Date.now() - started };
    }

    const prints = async (billId: number) =>
      Number(
        (
          await db
            .selectFrom("bill_prints")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("bill_id", "=", billId)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it("only the owner sets printers up; bad input is a 400 with the message beside the field", async () => {
      expect((await cashier.get("/settings/printers")).status).toBe(403);
      const token = await tokenFor(owner, "/settings/printers");
      const bad = await owner.post("/settings/printers").type("form").send({
        _csrf: token,
        name: "Counter",
        kind: "network",
        host: "",
        port: "99999",
        paper: "80mm",
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain("Enter the printer&#39;s IP address or host name");
      expect(bad.text).toContain("Port 1–65535");
      expect(await db.selectFrom("printers").selectAll().execute()).toHaveLength(0);
      const ok = await owner
        .post("/settings/printers")
        .type("form")
        .send({
          _csrf: token,
          name: "Counter",
          kind: "network",
          host: "127.0.0.1",
          port: String(printer.port),
          paper: "80mm",
          columns: "",
          autoPrint: ["0", "1"],
          drawer: ["0", "1"],
          rupeeText: ["0", "1"],
          statusCheck: ["0", "1"],
        });
      expect(ok.status).toBe(303);
      const page = await owner.get("/settings/printers");
      expect(page.text).toContain(`127.0.0.1:${printer.port}`);
      expect(page.text).toContain("48 characters");
      expect(page.text).toMatch(/Default printer of this computer: <strong>[^<]+<\/strong>/);
      const p = await db.selectFrom("printers").selectAll().executeTakeFirstOrThrow();
      const edit = await owner.get(`/settings/printers?edit=${p.id}`);
      expect(edit.text).toContain(`action="/settings/printers/${p.id}"`);
      const narrow = await owner
        .post(`/settings/printers/${p.id}`)
        .type("form")
        .send({
          _csrf: token,
          name: "Counter",
          kind: "network",
          host: "127.0.0.1",
          port: String(printer.port),
          paper: "58mm",
          columns: "",
          autoPrint: "1",
          drawer: "1",
          rupeeText: "1",
          statusCheck: "1",
        });
      expect(narrow.status).toBe(303);
      expect(
        await db.selectFrom("printers").select(["paper", "columns"]).executeTakeFirstOrThrow(),
      ).toEqual({ paper: "58mm", columns: 32 });
      await owner
        .post(`/settings/printers/${p.id}`)
        .type("form")
        .send({
          _csrf: token,
          name: "Counter",
          kind: "network",
          host: "127.0.0.1",
          port: String(printer.port),
          paper: "80mm",
          columns: "48",
          autoPrint: "1",
          drawer: "1",
          rupeeText: "1",
          statusCheck: "1",
        });
    });

    it("a cash bill prints its receipt and opens the drawer with no click", async () => {
      const before = printer.jobs.length;
      const sale = await sell(["SOAP-1", "SOAP-1", "DAL-1"], { mode: "cash", tendered: "500" });
      const job = jobFrom(sale.html);
      expect(job).not.toBeNull();
      expect(sale.html).not.toContain("data-print-auto"); // the browser does not print a PDF too
      const s = await status(job?.id ?? 0);
      expect(s.state).toBe("printed");
      const [bytes] = (await printer.waitForJobs(before + 1)).slice(before);
      const r = decodeEscpos(bytes ?? new Uint8Array());
      expect(r.qr[0]).toBe(sale.number);
      expect(r.pulses).toBe(1);
      expect(r.cuts).toBe(1);
      expect(r.order).toEqual(["pulse", "cut"]);
      expect(r.lines).toContain("Sharma Kirana Store");
      expect(r.lines).toContain("TAX INVOICE");
      expect(r.lines).toContain(`Bill No: ${sale.number}`);
      expect(r.lines).toContain("1. Lux Soap 100g");
      expect(r.lines.some((l) => /^3401 18%\s+2\s+45\.00\s+90\.00$/.test(l))).toBe(true);
      // 2 × 45 + 160 = 250.00; tendered 500 → change 250.00.
      expect(r.lines.some((l) => /^TOTAL\s+Rs\.250\.00$/.test(l))).toBe(true);
      expect(r.lines.some((l) => /^Tendered\s+Rs\.500\.00$/.test(l))).toBe(true);
      expect(r.lines.some((l) => /^Change\s+Rs\.250\.00$/.test(l))).toBe(true);
      expect(r.lines).toContain("Paid by: Cash");
      expect(r.lines).not.toContain("*** DUPLICATE ***");
      // The Hindi name has no code page: it is an image line, not "?" text.
      expect(r.images.length).toBeGreaterThanOrEqual(1);
      expect(r.lines.join("\n")).not.toContain("?");
      expect(await prints(sale.billId)).toBe(1);
    });

    it("a UPI bill prints without opening the drawer; split with cash opens it", async () => {
      const before = printer.jobs.length;
      const upi = await sell(["SOAP-1"], { mode: "upi", upiConfirmed: "1" });
      expect((await status(jobFrom(upi.html)?.id ?? 0)).state).toBe("printed");
      const split = await sell(["SOAP-1", "SOAP-1"], {
        mode: "split",
        upi: "40",
        tendered: "50",
        upiConfirmed: "1",
      });
      expect((await status(jobFrom(split.html)?.id ?? 0)).state).toBe("printed");
      const [a, b] = (await printer.waitForJobs(before + 2)).slice(before);
      expect(decodeEscpos(a ?? new Uint8Array()).pulses).toBe(0);
      expect(decodeEscpos(a ?? new Uint8Array()).qr[0]).toBe(upi.number);
      expect(decodeEscpos(b ?? new Uint8Array()).pulses).toBe(1);
    });

    it("a printer that is off: the till says so within 3 s, the bill stays completed, retry prints once", async () => {
      await printer.stop();
      const before = printer.jobs.length;
      const sale = await sell(["SOAP-1"], { mode: "cash" });
      const s = await status(jobFrom(sale.html)?.id ?? 0);
      expect(s.state).toBe("failed");
      expect(s.ms).toBeLessThan(3000);
      expect(s.text).toContain("Receipt not printed");
      expect(s.text).toContain("refused the connection");
      expect(s.text).toContain("Retry");
      expect(s.text).toContain(`/print-jobs/${s.id}/pdf`);
      expect(await prints(sale.billId)).toBe(0); // nothing reached a printer
      await printer.start();
      const token = await tillToken(cashier);
      const retried = await tillPost(cashier, token, `/print-jobs/${s.id}/retry`);
      expect(jobFrom(retried.text)?.state).toBe("printed");
      await printer.waitForJobs(before + 1);
      await new Promise((r) => setTimeout(r, 300));
      expect(printer.jobs.length).toBe(before + 1);
      expect(decodeEscpos(printer.jobs.at(-1) ?? new Uint8Array()).qr[0]).toBe(sale.number);
      expect(await prints(sale.billId)).toBe(1);
    });

    it("a printer that stalls or has no paper: not printed, then one print once it is back", async () => {
      for (const mode of ["stall", "nopaper"] as const) {
        printer.mode = mode;
        const before = printer.jobs.length;
        const sale = await sell(["SOAP-1"], { mode: "upi", upiConfirmed: "1" });
        const s = await status(jobFrom(sale.html)?.id ?? 0);
        expect(s.state).toBe("failed");
        expect(s.ms).toBeLessThan(3000);
        expect(s.text).toContain(mode === "stall" ? "did not answer its status" : "out of paper");
        printer.mode = "ok";
        const token = await tillToken(cashier);
        const retried = await tillPost(cashier, token, `/print-jobs/${s.id}/retry`);
        expect(jobFrom(retried.text)?.state).toBe("printed");
        await new Promise((r) => setTimeout(r, 300));
        expect(printer.jobs.length).toBe(before + 1);
        expect(await prints(sale.billId)).toBe(1);
      }
    });

    it("jobs queued while the printer was off go out in order when it is back", async () => {
      await printer.stop();
      const before = printer.jobs.length;
      const a = await sell(["SOAP-1"], { mode: "upi", upiConfirmed: "1" });
      const b = await sell(["SOAP-1"], { mode: "upi", upiConfirmed: "1" });
      expect((await status(jobFrom(a.html)?.id ?? 0)).state).toBe("failed");
      const behind = await status(jobFrom(b.html)?.id ?? 0); // waits behind a: said at once
      expect(behind.state).toBe("failed");
      expect(behind.text).toContain("An earlier receipt has not printed yet: The printer at");
      await printer.start();
      const token = await tillToken(cashier);
      const retried = await tillPost(cashier, token, `/print-jobs/${jobFrom(b.html)?.id}/retry`);
      expect(jobFrom(retried.text)?.state).toBe("printed");
      const jobs = (await printer.waitForJobs(before + 2)).slice(before);
      expect(jobs.map((j) => decodeEscpos(j).qr[0])).toEqual([a.number, b.number]);
    });

    it("Print PDF instead takes the receipt off the queue (no double print)", async () => {
      await printer.stop();
      const before = printer.jobs.length;
      const sale = await sell(["SOAP-1"], { mode: "upi", upiConfirmed: "1" });
      const id = jobFrom(sale.html)?.id ?? 0;
      expect((await status(id)).state).toBe("failed");
      const pdf = await cashier.get(`/print-jobs/${id}/pdf`);
      expect(pdf.status).toBe(303);
      expect(pdf.headers.location).toBe(`/bills/${sale.billId}/pdf`);
      await printer.start();
      const token = await tillToken(cashier);
      const retried = await tillPost(cashier, token, `/print-jobs/${id}/retry`);
      expect(jobFrom(retried.text)?.state).toBe("cancelled");
      await new Promise((r) => setTimeout(r, 300));
      expect(printer.jobs.length).toBe(before);
    });

    it("a reprint on the thermal printer says DUPLICATE; the owner's open drawer is audited", async () => {
      const first = printer.jobs.length;
      const sale = await sell(["SOAP-1"], { mode: "cash" });
      expect((await status(jobFrom(sale.html)?.id ?? 0)).state).toBe("printed");
      await printer.waitForJobs(first + 1);
      const before = first + 1;
      const token = await tillToken(cashier);
      const billPage = await cashier.get(`/bills/${sale.billId}`);
      expect(billPage.text).toContain(`hx-post="/bills/${sale.billId}/receipt"`);
      expect(billPage.text).toContain("Print on Counter");
      const again = await tillPost(cashier, token, `/bills/${sale.billId}/receipt`);
      expect(again.status).toBe(200);
      expect((await status(jobFrom(again.text)?.id ?? 0)).state).toBe("printed");
      const r = decodeEscpos((await printer.waitForJobs(before + 1)).at(-1) ?? new Uint8Array());
      expect(r.lines).toContain("*** DUPLICATE ***");
      expect(r.pulses).toBe(0);
      expect(await prints(sale.billId)).toBe(2);

      const p = await db.selectFrom("printers").select("id").executeTakeFirstOrThrow();
      const cashierTry = await tillPost(cashier, token, `/settings/printers/${p.id}/drawer`);
      expect(cashierTry.status).toBe(403);
      const ownerToken = await tokenFor(owner, "/settings/printers");
      const opened = await owner
        .post(`/settings/printers/${p.id}/drawer`)
        .type("form")
        .send({ _csrf: ownerToken });
      expect(opened.status).toBe(303);
      const kick = decodeEscpos((await printer.waitForJobs(before + 2)).at(-1) ?? new Uint8Array());
      expect(kick).toMatchObject({ pulses: 1, cuts: 0, lines: [] });
      const audit = await db
        .selectFrom("audit_log")
        .selectAll()
        .where("action", "=", "drawer.open")
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.username).toBe("owner");
      const page = await owner.get(opened.headers.location ?? "");
      expect(page.text).toContain("Drawer opened.");
    });

    it("the test print shows the paper width and the ₹ line as an image", async () => {
      const p = await db.selectFrom("printers").select("id").executeTakeFirstOrThrow();
      await db.updateTable("printers").set({ rupee_text: 0 }).where("id", "=", p.id).execute();
      const before = printer.jobs.length;
      const token = await tokenFor(owner, "/settings/printers");
      const res = await owner
        .post(`/settings/printers/${p.id}/test`)
        .type("form")
        .send({ _csrf: token });
      expect(res.status).toBe(303);
      const r = decodeEscpos((await printer.waitForJobs(before + 1)).at(-1) ?? new Uint8Array());
      expect(r.lines).toContain("TEST PRINT");
      expect(r.lines).toContain("80mm paper, 48 characters per line:");
      expect(r.images).toEqual([{ width: 576, height: expect.any(Number) }]);
      expect((await owner.get(res.headers.location ?? "")).text).toContain("Test page printed.");
    });
  });
}
