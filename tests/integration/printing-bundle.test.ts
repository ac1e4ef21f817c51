import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { insertPrinter } from "../../src/db/repositories/printers.repo.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { createTestTarget, testDialects } from "../helpers/db.ts";
import { decodeEscpos, FakePrinter } from "../helpers/fake-escpos-printer.ts";
import { completedNumber, HttpTill, openBillId } from "../helpers/http-till.ts";
import { CASHIER_PASSWORD, prepareShop } from "../helpers/reliability.ts";
import { type AppProcess, startAppProcess } from "../helpers/server-process.ts";
import { databaseUrlOf } from "../helpers/till-processes.ts";

/**
 * The print path through the shipped bundle (dist/launch.js): the encoder,
 * HarfBuzz's WebAssembly and the fonts for the ₹ image line all load at run
 * time, so only a process started like a shop's catches a bundling mistake.
 * Also: a receipt queued while the printer was off survives a restart.
 */

const jobOf = (html: string) => /data-print-job="(\d+)" data-print-state="(\w+)"/.exec(html);

for (const dialect of testDialects()) {
  describe(`${dialect}: receipts print from the bundle npm start runs`, () => {
    let app: AppProcess | undefined;
    let drop: (() => Promise<void>) | undefined;
    const printer = new FakePrinter();
    afterAll(async () => {
      await app?.stop().catch(() => {});
      await printer.stop();
      await drop?.();
    });

    it("a cash bill prints (₹ as an image) and kicks the drawer; a receipt queued while the printer was off prints after a restart", async () => {
      const made = await createTestTarget(dialect);
      drop = made.drop;
      const shop = await prepareShop(made.target, made.dataDir, { cashiers: 1, stock: 50 });
      await printer.start();
      const database = openDatabase(made.target);
      try {
        const at = nowUtc();
        await insertPrinter(database.db, {
          name: "Counter",
          kind: "network",
          host: "127.0.0.1",
          port: printer.port,
          queue: null,
          paper: "80mm",
          columns: 48,
          rupee_text: 0,
          auto_print: 1,
          drawer: 1,
          status_check: 1,
          created_at: at,
          updated_at: at,
        });
      } finally {
        await database.close();
      }
      const dataDir = path.join(made.dataDir, "till");
      mkdirSync(dataDir);
      const start = () =>
        startAppProcess({
          databaseUrl: databaseUrlOf(made.target),
          dataDir,
          env: { LOG_LEVEL: "error" },
        });
      app = await start();
      const till = new HttpTill(app.base, shop.cashiers[0] as string, CASHIER_PASSWORD);
      await till.login();

      const sell = async () => {
        const billId = openBillId((await till.scan(shop.codes[1] as string)).text);
        if (billId === null) throw new Error("no open bill");
        const done = await till.complete(billId, { mode: "cash", tendered: "" });
        const job = jobOf(done.text);
        if (!job)
          throw new Error(`no print job on the completion screen: ${done.text}\n${app?.output()}`);
        return { number: completedNumber(done.text), job: Number(job[1]) };
      };

      const first = await sell();
      const s1 = await till.get(`/print-jobs/${first.job}/status`);
      expect(s1.text, app.output()).toContain('data-print-state="printed"');
      const [bytes] = await printer.waitForJobs(1);
      const r = decodeEscpos(bytes ?? new Uint8Array());
      expect(r.qr[0]).toBe(first.number);
      expect(r.pulses).toBe(1);
      expect(r.cuts).toBe(1);
      expect(r.images.length).toBeGreaterThanOrEqual(1); // the ₹ amounts
      expect(r.lines.some((l) => l.startsWith("Bill No: "))).toBe(true);

      await printer.stop();
      const second = await sell();
      const s2 = await till.get(`/print-jobs/${second.job}/status`);
      expect(s2.text).toContain("Receipt not printed");
      await app.kill9();
      await printer.start();
      app = await start();
      await printer.waitForJobs(2, 10_000);
      const again = decodeEscpos(printer.jobs[1] ?? new Uint8Array());
      expect(again.qr[0]).toBe(second.number);
      expect(again.pulses).toBe(1);
      await new Promise((res) => setTimeout(res, 500));
      expect(printer.jobs).toHaveLength(2);
    });
  });
}
