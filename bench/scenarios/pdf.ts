import { existsSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../../src/db/database.ts";
import type { BillDetail } from "../../src/lib/bill-detail.ts";
import { BENCH_DIR } from "../lib/dataset.ts";
import { send } from "../lib/http.ts";
import { percentiles, runSequential } from "../lib/load.ts";
import type { BenchContext, Scenario } from "./types.ts";
import { notBuilt } from "./types.ts";

const RUNS = 200;

/** A stored 20-line bill's detail, or null (with why) when the data set or the code lacks it. */
async function twentyLineBill(ctx: BenchContext) {
  const root = path.resolve(BENCH_DIR, "..");
  if (
    !existsSync(path.join(root, "src/pdf/bill-pdf.ts")) ||
    !existsSync(path.join(root, "src/services/bills/detail.ts"))
  )
    return { missing: notBuilt("src/pdf/bill-pdf.ts renderBillPdf is not there") };
  const { getBillDetail } = await import("../../src/services/bills/detail.ts");
  // The printed labels come from the catalogue, loaded once per process as the app does.
  if (existsSync(path.join(root, "src/i18n/i18n.ts"))) {
    const { initI18n } = await import("../../src/i18n/i18n.ts");
    initI18n(path.join(root, "locales"));
  }
  const database = openDatabase(ctx.dataset.target);
  try {
    const row = await sql<{ bill_id: number }>`
      select bill_id from bill_lines where bill_id <= 50000
      group by bill_id having count(*) = 20 limit 1`.execute(database.db);
    const billId = Number(row.rows[0]?.bill_id);
    if (!billId)
      return {
        missing: { status: "error", met: false, note: "no 20-line bill in the data set" } as const,
      };
    return { billId, detail: await getBillDetail(database.db, billId) };
  } finally {
    await database.close();
  }
}

/** RUNS renders of one bill after 5 warm-ups (fonts are cut once per process). */
async function timeRenders(detail: BillDetail) {
  const { renderBillPdf } = await import("../../src/pdf/bill-pdf.ts");
  for (let i = 0; i < 5; i++) await renderBillPdf(detail);
  const samples: number[] = [];
  let bytes = 0;
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    bytes = (await renderBillPdf(detail)).length;
    samples.push(performance.now() - s);
  }
  const wall = performance.now() - t0;
  return {
    ...percentiles(samples),
    throughput: (RUNS / wall) * 1000,
    kib: Math.round(bytes / 1024),
  };
}

/** renderBillPdf of a stored 20-line bill, in process (no HTTP): the receipt's own cost. */
export const billPdf: Scenario = {
  id: "bill-pdf",
  title: "bill PDF, 20 lines, in process",
  target: "median ≤ 10 ms",
  async run(ctx) {
    const bill = await twentyLineBill(ctx);
    if (bill.missing) return bill.missing;
    const r = await timeRenders(bill.detail);
    return {
      status: "ok",
      p50: r.p50,
      p99: r.p99,
      throughput: r.throughput,
      unit: "PDFs/s",
      met: r.p50 <= 10,
      note: `80 mm receipt of bill ${bill.billId}, ${r.kib} KiB, ${RUNS} renders after 5 warm-ups`,
    };
  },
};

/** Item names in each Indian script the PDFs shape, with Latin ones between (issue 22). */
const MIXED_NAMES = [
  "चीनी (शक्कर) 1 kg",
  "साखर",
  "আটা",
  "ખાંડ",
  "ਖੰਡ",
  "சர்க்கரை",
  "చక్కెర",
  "ಅಕ್ಕಿ",
  "പഞ്ചസാര",
  "हल्दी पाउडर 200 g",
];

/**
 * The same 20-line bill with every other item name, the shop and the
 * customer in an Indian script (nine scripts, Latin between): shaping,
 * ActualText and one embedded font per script. The first render of the
 * process (HarfBuzz loaded, nine fonts cut) is in the note.
 */
export const billPdfMixed: Scenario = {
  id: "bill-pdf-mixed",
  title: "bill PDF, 20 lines in nine scripts, in process",
  target: "median ≤ 10 ms",
  async run(ctx) {
    const bill = await twentyLineBill(ctx);
    if (bill.missing) return bill.missing;
    const detail: BillDetail = {
      ...bill.detail,
      shop: { ...bill.detail.shop, name: "शर्मा किराना स्टोर" },
      customer: { ...bill.detail.customer, name: "सुनीता शर्मा" },
      lines: bill.detail.lines.map((line, i) =>
        i % 2 ? line : { ...line, name: MIXED_NAMES[(i / 2) % MIXED_NAMES.length] as string },
      ),
    };
    const { renderBillPdf } = await import("../../src/pdf/bill-pdf.ts");
    const t = performance.now();
    await renderBillPdf(detail);
    const first = performance.now() - t;
    const r = await timeRenders(detail);
    return {
      status: "ok",
      p50: r.p50,
      p99: r.p99,
      throughput: r.throughput,
      unit: "PDFs/s",
      met: r.p50 <= 10,
      note: `80 mm receipt of bill ${bill.billId} renamed, ${r.kib} KiB; first render ${Math.round(first)} ms`,
    };
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
