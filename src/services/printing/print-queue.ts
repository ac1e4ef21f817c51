import { deleteBillPrint, insertBillPrint } from "../../db/repositories/bill-read.repo.ts";
import {
  claimPrintJob,
  findPrinter,
  finishPrintJob,
  headOfQueue,
  listPrinters,
  printersWithPendingJobs,
  releaseStaleJobs,
} from "../../db/repositories/printers.repo.ts";
import type { Db, Printer, PrintJob } from "../../db/types.ts";
import { isDomainError } from "../../lib/errors.ts";
import type { Text } from "../../lib/i18n.ts";
import { nowUtc, toUtcString } from "../../lib/utc-time.ts";
import { getBillDetail } from "../bills/detail.ts";
import { recordAudit } from "../shop/audit.ts";
import { renderEscposReceipt } from "./escpos-receipt.ts";
import { renderDrawerPulse, renderTestPage } from "./escpos-test-page.ts";
import { warmUpRaster } from "./raster-text.ts";
import { PrinterError, type PrinterTarget, type SendTimings, sendToPrinter } from "./transport.ts";

/**
 * The print queue: jobs are rows (print_jobs), so a restart loses nothing.
 * Each printer's jobs go out one at a time in id order; a job that fails stays
 * at the head and is retried (after 2, 5, 10, 30, then every 60 s, or at once
 * on "Retry"), and the jobs behind it wait. A job is claimed by a conditional
 * update before sending, so two processes sharing one server database never send it twice. A
 * receipt is rendered when it is sent: its copy number (DUPLICATE) is counted
 * from the prints that reached a printer, and a failed send takes its copy back.
 */

const RETRY_MS = [2_000, 5_000, 10_000, 30_000, 60_000];
/** A job 'sending' for longer than this belonged to a process that died. */
const STALE_MS = 60_000;

export function targetOf(printer: Printer): PrinterTarget {
  if (printer.kind === "network") {
    return {
      kind: "network",
      host: printer.host ?? "",
      port: printer.port ?? 9100,
      statusCheck: printer.status_check === 1,
    };
  }
  return { kind: "os", queue: printer.queue ?? "" };
}

export function layoutOf(printer: Printer) {
  return { paper: printer.paper, columns: printer.columns, rupeeText: printer.rupee_text === 1 };
}

async function bytesFor(db: Db, job: PrintJob, printer: Printer) {
  const pulse = job.pulse === 1;
  if (job.kind === "drawer") return { bytes: renderDrawerPulse(), print: null };
  if (job.kind === "test") {
    return {
      bytes: await renderTestPage({ ...layoutOf(printer), name: printer.name }, { pulse }),
      print: null,
    };
  }
  const detail = await getBillDetail(db, job.bill_id ?? 0);
  const print = await insertBillPrint(db, {
    bill_id: detail.bill.id,
    user_id: job.user_id,
    format: printer.paper,
    printed_at: nowUtc(),
  });
  try {
    const duplicate = print.copy > 1;
    const bytes = await renderEscposReceipt(detail, layoutOf(printer), { duplicate, pulse });
    return { bytes, print: { ...print, number: detail.bill.number } };
  } catch (err) {
    await deleteBillPrint(db, print.id);
    throw err;
  }
}

/** Why a send failed, kept on the job: a catalogue message where there is one. */
function failureOf(err: unknown): Text {
  if (err instanceof PrinterError || isDomainError(err)) return err.text;
  return err instanceof Error ? err.message : String(err);
}

export class PrintQueue {
  private readonly draining = new Map<number, Promise<void>>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly options: {
      timings?: Partial<SendTimings>;
      onError?: (err: unknown) => void;
    } = {},
  ) {}

  /** Sends what is queued for the printer now (a no-op while it is already sending). */
  kick(printerId: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    clearTimeout(this.timers.get(printerId));
    this.timers.delete(printerId);
    const running = this.draining.get(printerId);
    if (running) return running;
    const run = this.drain(printerId)
      .catch((err) => this.options.onError?.(err))
      .finally(() => this.draining.delete(printerId));
    this.draining.set(printerId, run);
    return run;
  }

  /** After a start: jobs a dead process left 'sending' are retried, every queue is resumed. */
  async resume(): Promise<void> {
    await releaseStaleJobs(this.db, toUtcString(new Date(Date.now() - STALE_MS)));
    for (const id of await printersWithPendingJobs(this.db)) void this.kick(id);
    // The first ₹ image line would otherwise pay for loading HarfBuzz and the fonts.
    if ((await listPrinters(this.db)).some((p) => p.rupee_text === 0)) {
      warmUpRaster().catch((err) => this.options.onError?.(err));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private async drain(printerId: number): Promise<void> {
    // A job another process left 'sending' when it died would block this queue for good.
    await releaseStaleJobs(this.db, toUtcString(new Date(Date.now() - STALE_MS)));
    for (;;) {
      if (this.stopped) return;
      const job = await headOfQueue(this.db, printerId);
      // Empty, or another process is sending the head: it owns the queue for now.
      if (!job || job.status === "sending") return;
      const printer = await findPrinter(this.db, printerId);
      if (!printer) return;
      if (!(await claimPrintJob(this.db, job.id, job.status, nowUtc()))) return;
      const ok = await this.send(job, printer);
      if (!ok) {
        const wait = RETRY_MS[Math.min(job.attempts, RETRY_MS.length - 1)] ?? 60_000;
        const timer = setTimeout(() => void this.kick(printerId), wait);
        timer.unref();
        this.timers.set(printerId, timer);
        return;
      }
    }
  }

  private async send(job: PrintJob, printer: Printer): Promise<boolean> {
    let print: Awaited<ReturnType<typeof bytesFor>>["print"] = null;
    try {
      const made = await bytesFor(this.db, job, printer);
      print = made.print;
      await sendToPrinter(targetOf(printer), made.bytes, this.options.timings);
    } catch (err) {
      if (print) await deleteBillPrint(this.db, print.id).catch(() => {});
      await finishPrintJob(this.db, job.id, {
        status: "failed",
        error: failureOf(err),
        at: nowUtc(),
      });
      return false;
    }
    await finishPrintJob(this.db, job.id, { status: "done", error: null, at: nowUtc() });
    if (print && print.copy > 1) {
      await recordAudit(this.db, { userId: job.user_id, username: null }, "bill.reprint", {
        entity: "bill",
        entityId: job.bill_id ?? 0,
        detail: { number: print.number, copy: print.copy, format: `escpos-${printer.paper}` },
      });
    }
    return true;
  }
}

const queues = new WeakMap<Db, PrintQueue>();

/** The process's queue for this database (one per database handle). */
export function printQueueFor(db: Db): PrintQueue {
  let q = queues.get(db);
  if (!q) {
    q = new PrintQueue(db);
    queues.set(db, q);
  }
  return q;
}
