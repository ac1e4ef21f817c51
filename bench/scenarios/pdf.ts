import { existsSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../../src/db/database.ts";
import { BENCH_DIR } from "../lib/dataset.ts";
import { send } from "../lib/http.ts";
import { percentiles, runSequential } from "../lib/load.ts";
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
      !existsSync(path.join(root, "src/services/bills/detail.ts"))
    )
      return notBuilt("src/pdf/bill-pdf.ts renderBillPdf is not there");
    const { renderBillPdf } = await import("../../src/pdf/bill-pdf.ts");
    const { getBillDetail } = await import("../../src/services/bills/detail.ts");
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

/**
 * GET /bills/:id/pdf from the running server, i.e. the bundle a shop runs
 * (launcher/start.mjs → dist/launch.js): the first print of the process
 * (loading the PDF code, cutting the fonts) and then reprints one at a time.
 */
export const billPdfHttp: Scenario = {
  id: "bill-pdf-http",
  title: "bill PDF over HTTP from the shipped bundle, 1 connection",
  target: "every answer a PDF; reprints p50 ≤ 50 ms",
  async run(ctx) {
    const database = openDatabase(ctx.dataset.target);
    let billId: number;
    let lines: number;
    try {
      // The longest bill up to 20 lines (the small data sets have no 20-line bill).
      const row = await sql<{ bill_id: number; n: number }>`
        select bill_id, count(*) as n from bill_lines where bill_id <= 50000
        group by bill_id having count(*) <= 20 order by count(*) desc, bill_id limit 1`.execute(
        database.db,
      );
      billId = Number(row.rows[0]?.bill_id);
      lines = Number(row.rows[0]?.n);
    } finally {
      await database.close();
    }
    if (!billId) return { status: "error", met: false, note: "no bill in the data set" };
    const path = `/bills/${billId}/pdf?format=80mm`;
    const first = await send(ctx.server.url, ctx.owner, "GET", path);
    if (first.status !== 200)
      return {
        status: "error",
        met: false,
        note: `first print answered ${first.status}: ${first.text.slice(0, 200)}`,
      };
    const r = await runSequential({
      url: ctx.server.url,
      session: ctx.owner,
      pathFor: () => path,
      seconds: Math.min(ctx.opts.duration, 5),
    });
    return {
      status: r.non2xx > 0 ? "error" : "ok",
      p50: r.p50,
      p99: r.p99,
      throughput: r.rps,
      unit: "PDFs/s",
      met: r.non2xx === 0 && r.p50 <= 50,
      note: `first print ${Math.round(first.ms)} ms; ${r.non2xx ? `${r.non2xx} non-2xx answers` : `bill ${billId}, ${lines} lines`}`,
    };
  },
};
