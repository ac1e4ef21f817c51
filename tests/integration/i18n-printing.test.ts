import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseStaleJobs } from "../../src/db/repositories/printers.repo.ts";
import type { Db } from "../../src/db/types.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { defaultOsPrinter } from "../../src/services/printing/os-printers.ts";
import { printQueueFor } from "../../src/services/printing/print-queue.ts";
import {
  type Agent,
  CASHIER,
  makeApp,
  OWNER,
  shopWithStaff,
  type TestApp,
  tokenFor,
} from "../helpers/app.ts";
import { testDialects } from "../helpers/db.ts";
import { FakePrinter } from "../helpers/fake-escpos-printer.ts";
import { inHindi, textOutsideCatalogue } from "../helpers/i18n-pages.ts";
import { billIdFrom, seedProduct, tillPost, tillToken } from "../helpers/till.ts";

// Why a receipt did not print, in the reader's language (docs/architecture.md §9):
// the transport's reasons are catalogue messages kept on the job as {"key","params"}.
const SOAP = { code: "8901001", name: "लक्स साबुन", price: 4500, stock: 50 };
const PRINTER = "काउंटर प्रिंटर";

const unmark = (text: string) => text.replace(/[\u2063\u2064]/g, "");
/** The status region's words, marks removed and spaces squashed. */
const words = (html: string) =>
  unmark(html)
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ");
const jobOf = (html: string) => Number(/data-print-job="(\d+)"/.exec(html)?.[1] ?? 0);

for (const dialect of testDialects()) {
  describe(`${dialect}: print failures in Hindi`, () => {
    let t: TestApp;
    let db: Db;
    let owner: Agent;
    let cashier: Agent;
    let data: string[];
    const printer = new FakePrinter();

    beforeAll(async () => {
      t = await makeApp(dialect, { i18nMark: true });
      db = t.database.db;
      ({ owner, cashier } = await shopWithStaff(t));
      await printer.start();
      const token = await tokenFor(owner, "/settings/printers");
      const added = await owner
        .post("/settings/printers")
        .type("form")
        .send({
          _csrf: token,
          name: PRINTER,
          kind: "network",
          host: "127.0.0.1",
          port: String(printer.port),
          paper: "80mm",
          autoPrint: "1",
          statusCheck: "1",
        });
      expect(added.status).toBe(303);
      await seedProduct(db, SOAP);
      await inHindi(owner);
      await inHindi(cashier);
      const osDefault = await defaultOsPrinter();
      // The shop and staff from the shared helper, the product, the printer and where it is.
      data = [
        "Sharma Kirana Store",
        "12 MG Road, Pune",
        "27ABCDE1234F1Z5",
        OWNER.username,
        OWNER.displayName,
        CASHIER.username,
        CASHIER.displayName,
        SOAP.name,
        PRINTER,
        `127.0.0.1:${printer.port}`,
        ...(osDefault ? [osDefault] : []),
      ];
      await printer.stop();
    });
    afterAll(async () => {
      await printer.stop();
      await t.cleanup();
    });

    const outside = (html: string) => textOutsideCatalogue(html, data);

    async function sale(): Promise<number> {
      const token = await tillToken(cashier);
      await tillPost(cashier, token, "/till/scan", { code: SOAP.code });
      const billId = billIdFrom((await cashier.get("/till")).text);
      const done = await tillPost(cashier, token, "/till/complete", {
        billId,
        mode: "upi",
        upiConfirmed: "1",
      });
      expect(done.status).toBe(200);
      return jobOf(done.text);
    }

    const status = async (id: number) => {
      const res = await cashier.get(`/print-jobs/${id}/status`);
      expect(res.status).toBe(200);
      return res.text;
    };

    it("a printer that is off: the cashier reads why in Hindi, and the job keeps the message, not its words", async () => {
      const where = `127.0.0.1:${printer.port}`;
      const first = await sale();
      const off = await status(first);
      expect(off).toContain('data-print-state="failed"');
      expect(words(off)).toContain(
        `रसीद नहीं छपी — ${where} वाले प्रिंटर ने कनेक्शन नहीं लिया (क्या वह चालू है?).`,
      );
      expect(off).not.toContain("refused");
      expect(outside(off)).toEqual([]);

      // The next receipt waits behind it and says so, with the first one's reason.
      const behind = await status(await sale());
      expect(words(behind)).toContain(
        `पहले वाली रसीद अभी नहीं छपी: ${where} वाले प्रिंटर ने कनेक्शन नहीं लिया`,
      );
      expect(outside(behind)).toEqual([]);

      const row = await db
        .selectFrom("print_jobs")
        .select("last_error")
        .where("id", "=", first)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(row.last_error ?? "")).toEqual({
        key: "printing:failure.refused",
        params: { where },
      });
    });

    it("the owner's test page on the printers page says why in Hindi", async () => {
      const p = await db.selectFrom("printers").select("id").executeTakeFirstOrThrow();
      const token = await tokenFor(owner, "/settings/printers");
      const sent = await owner
        .post(`/settings/printers/${p.id}/test`)
        .type("form")
        .send({ _csrf: token });
      expect(sent.status).toBe(303);
      // The queue may be trying the first receipt again just now: its status waits for the outcome.
      const job = Number(/job=(\d+)/.exec(sent.headers.location ?? "")?.[1]);
      expect(words(await status(job))).toContain("टेस्ट पेज नहीं छपा");
      const page = await owner.get(sent.headers.location ?? "");
      expect(page.status).toBe(200);
      // Behind the failed receipts, with their reason.
      expect(words(page.text)).toContain("टेस्ट पेज नहीं छपा — पहले वाली रसीद अभी नहीं छपी:");
      expect(words(page.text)).toContain("वाले प्रिंटर ने कनेक्शन नहीं लिया");
      expect(outside(page.text)).toEqual([]);
    });

    it("an interrupted send reads in Hindi; a row from before the catalogue shows its text as it is", async () => {
      // No more sends: the rows below stay as this test writes them.
      printQueueFor(db).stop();
      await new Promise((r) => setTimeout(r, 300)); // a send already under way finishes
      const [a, b] = await db
        .selectFrom("print_jobs")
        .select("id")
        .orderBy("id")
        .limit(2)
        .execute();
      await db
        .updateTable("print_jobs")
        .set({ status: "sending", updated_at: "2020-01-01 00:00:00" })
        .where("id", "=", a?.id ?? 0)
        .execute();
      await releaseStaleJobs(db, nowUtc());
      const interrupted = await status(a?.id ?? 0);
      expect(words(interrupted)).toContain("रसीद नहीं छपी — भेजते समय काम बीच में रुक गया.");
      expect(outside(interrupted)).toEqual([]);

      const old = "The printer at 10.0.0.9:9100 refused the connection (is it on?)";
      await db
        .updateTable("print_jobs")
        .set({ last_error: old })
        .where("id", "=", a?.id ?? 0)
        .execute();
      expect(words(await status(a?.id ?? 0))).toContain(`रसीद नहीं छपी — ${old}.`);
      expect(words(await status(b?.id ?? 0))).toContain(`पहले वाली रसीद अभी नहीं छपी: ${old}`);
    });
  });
}
