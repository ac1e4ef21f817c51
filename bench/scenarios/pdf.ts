import { existsSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../../src/db/database.ts";
import { BENCH_DIR } from "../lib/dataset.ts";
import { percentiles } from "../lib/load.ts";
import type { Scenario } from "./types.ts";
import { notBuilt } from "./types.ts";

const RUNS = 200;

/** renderBillPdf of a stored 20-line bill, in process (no HTTP): the receipt's own cost. */
export const billPdf: Scenario = {
  id: "bill-pdf",
  title: "bill PDF, 20 lines, in process",
  target: "median ≤ 10 ms",
  async run(ctx) {
    const root = path.resolve(BENCH_DIR, "..");
    if (
      !existsSync(path.join(root, "src/pdf/bill-pdf.ts")) ||
      !existsSync(path.join(root, "src/services/bill-view.service.ts"))
    )
      return notBuilt("src/pdf/bill-pdf.ts renderBillPdf is not there");
    const { renderBillPdf } = await import("../../src/pdf/bill-pdf.ts");
    const { getBillDetail } = await import("../../src/services/bill-view.service.ts");
    const database = openDatabase(ctx.dataset.target);
    try {
      const row = await sql<{ bill_id: number }>`
        select bill_id from bill_lines where bill_id <= 50000
        group by bill_id having count(*) = 20 limit 1`.execute(database.db);
      const billId = Number(row.rows[0]?.bill_id);
      if (!billId) return { status: "error", met: false, note: "no 20-line bill in the data set" };
      const detail = await getBillDetail(database.db, billId);
      for (let i = 0; i < 5; i++) await renderBillPdf(detail); // fonts are cut once per process
      const samples: number[] = [];
      let bytes = 0;
      const t0 = performance.now();
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        bytes = (await renderBillPdf(detail)).length;
        samples.push(performance.now() - s);
      }
      const wall = performance.now() - t0;
      const { p50, p99 } = percentiles(samples);
      return {
        status: "ok",
        p50,
        p99,
        throughput: (RUNS / wall) * 1000,
        unit: "PDFs/s",
        met: p50 <= 10,
        note: `80 mm receipt of bill ${billId}, ${Math.round(bytes / 1024)} KiB, ${RUNS} renders after 5 warm-ups`,
      };
    } finally {
      await database.close();
    }
  },
};
