import { z } from "zod";
import { findBillById } from "../../db/repositories/bills.repo.ts";
import {
  cancelPrintJob,
  findPrintJob,
  firstPrinter,
  headOfQueue,
  insertPrintJob,
  requeuePrintJob,
} from "../../db/repositories/printers.repo.ts";
import { getSettings, updateSettings } from "../../db/repositories/settings.repo.ts";
import type { Bill, Db, Printer, PrintJob } from "../../db/types.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { msg, type Text } from "../../lib/i18n.ts";
import { readStoredText } from "../../lib/stored-text.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { parseInput } from "../../lib/validation.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import { printQueueFor } from "./print-queue.ts";
import { flag, getPrinter } from "./printers.ts";

/**
 * The jobs staff send a receipt printer: a receipt when a bill completes, a
 * reprint, a test page, the cash drawer; their status, retry and the PDF instead.
 * Every job is a row first and sent after (print-queue.ts).
 */

async function enqueue(
  db: Db,
  printer: Printer,
  job: { kind: PrintJob["kind"]; billId?: number | null; pulse: boolean; userId: number | null },
): Promise<number> {
  const at = nowUtc();
  const id = await insertPrintJob(db, {
    printer_id: printer.id,
    kind: job.kind,
    bill_id: job.billId ?? null,
    pulse: job.pulse ? 1 : 0,
    status: "queued",
    last_error: null,
    user_id: job.userId,
    created_at: at,
    updated_at: at,
    printed_at: null,
  });
  void printQueueFor(db).kick(printer.id);
  return id;
}

/**
 * After a bill completed (its transaction committed): queue the receipt on the
 * shop's printer when it prints automatically, with a drawer kick when cash
 * changed hands (cash, or a split with a cash part). Returns the job, or null
 * when nothing was queued (no printer, or neither printing nor a drawer kick).
 */
export async function queueCompletedBill(
  db: Db,
  actor: Actor,
  printer: Printer,
  bill: Bill,
): Promise<number | null> {
  if (bill.status !== "completed") return null;
  const billId = bill.id;
  const pulse = printer.drawer === 1 && bill.paid_cash > 0;
  if (printer.auto_print === 1)
    return enqueue(db, printer, { kind: "receipt", billId, pulse, userId: actor.userId });
  if (pulse) return enqueue(db, printer, { kind: "drawer", pulse: true, userId: actor.userId });
  return null;
}

/** The name of the printer bills print to, or null when none is set up. */
export async function receiptPrinterName(db: Db): Promise<string | null> {
  return (await firstPrinter(db))?.name ?? null;
}

/** A receipt for a completed bill on the shop's printer (DUPLICATE once one has printed). */
export async function queueReceipt(db: Db, actor: Actor, billId: number): Promise<number> {
  const printer = await firstPrinter(db);
  if (!printer) throw new ConflictError(msg("printing:errors.noPrinter"));
  const bill = await findBillById(db, billId);
  if (!bill || (bill.status !== "completed" && bill.status !== "voided"))
    throw new NotFoundError(msg("printing:errors.noBill"));
  return enqueue(db, printer, { kind: "receipt", billId, pulse: false, userId: actor.userId });
}

export async function queueTestPrint(db: Db, actor: Actor, printerId: number): Promise<number> {
  const printer = await getPrinter(db, printerId);
  return enqueue(db, printer, { kind: "test", pulse: false, userId: actor.userId });
}

/** The owner's "open drawer": a drawer kick with nothing to sell, so it is audited. */
export async function openDrawer(db: Db, actor: Actor, printerId: number): Promise<number> {
  const printer = await getPrinter(db, printerId);
  const id = await enqueue(db, printer, { kind: "drawer", pulse: true, userId: actor.userId });
  await recordAudit(db, actor, "drawer.open", {
    entity: "printer",
    entityId: printerId,
    detail: { job: id },
  });
  return id;
}

export interface JobStatus {
  id: number;
  kind: PrintJob["kind"];
  billId: number | null;
  state: "pending" | "printed" | "failed" | "cancelled";
  /** Why it did not print (a catalogue Msg; plain text on rows from before the catalogue). */
  error: Text | null;
  /** Waiting behind a failed receipt: that one's error ("" when it gave none). */
  blockedBy?: Text;
}

const errorOf = (job: PrintJob): Text | null =>
  job.last_error === null ? null : readStoredText(job.last_error);

function statusOf(job: PrintJob): JobStatus {
  const state =
    job.status === "done"
      ? "printed"
      : job.status === "failed"
        ? "failed"
        : job.status === "cancel"
          ? "cancelled"
          : "pending";
  return { id: job.id, kind: job.kind, billId: job.bill_id, state, error: errorOf(job) };
}

/**
 * A queued job behind one that failed will not print until that one does:
 * the till hears "not printed" for it too, with the reason, not "printing…".
 */
async function blockedStatus(db: Db, job: PrintJob, s: JobStatus): Promise<JobStatus> {
  if (s.state !== "pending" || job.status !== "queued") return s;
  const head = await headOfQueue(db, job.printer_id);
  if (!head || head.id === job.id || head.status !== "failed") return s;
  // The view says "an earlier receipt has not printed yet: <why>" (printing:job.blocked).
  const why = errorOf(head);
  return { ...s, state: "failed", error: why, blockedBy: why ?? "" };
}

/**
 * A job's state, waiting up to `waitMs` for it to print or fail: the till asks
 * once and hears the outcome the moment it is known (the printer's timeouts
 * keep that under 3 s).
 */
export async function printJobStatus(db: Db, id: number, waitMs = 0): Promise<JobStatus> {
  const until = Date.now() + waitMs;
  for (;;) {
    const job = await findPrintJob(db, id);
    if (!job) throw new NotFoundError(msg("printing:errors.noJob"));
    const s = await blockedStatus(db, job, statusOf(job));
    if (s.state !== "pending" || Date.now() >= until) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** "Retry": sends the printer's queue now instead of at the next scheduled try. */
export async function retryPrintJob(db: Db, id: number): Promise<JobStatus> {
  const job = await findPrintJob(db, id);
  if (!job) throw new NotFoundError(msg("printing:errors.noJob"));
  // The head of the queue goes first (jobs print in order): it is the one to try again.
  const head = await headOfQueue(db, job.printer_id);
  if (head && head.id !== id) await requeuePrintJob(db, head.id, nowUtc());
  await requeuePrintJob(db, id, nowUtc());
  void printQueueFor(db).kick(job.printer_id);
  return statusOf(job);
}

/**
 * "Print PDF" instead: the job leaves the queue first, so the receipt does not
 * also come out of the thermal printer when it is back (no double print).
 * Returns the bill to print, or null when the job is not a bill's.
 */
export async function printPdfInstead(db: Db, id: number): Promise<number | null> {
  const job = await findPrintJob(db, id);
  if (!job) throw new NotFoundError(msg("printing:errors.noJob"));
  await cancelPrintJob(db, id, nowUtc());
  return job.bill_id;
}

export async function getSilentPrinting(db: Db): Promise<boolean> {
  return (await getSettings(db))?.silent_printing === 1;
}

export async function setSilentPrinting(db: Db, actor: Actor, input: unknown): Promise<boolean> {
  const { silentPrinting } = parseInput(z.object({ silentPrinting: flag }), input);
  await updateSettings(db, { silent_printing: silentPrinting ? 1 : 0, updated_at: nowUtc() });
  await recordAudit(db, actor, "settings.silent-printing", { detail: { on: silentPrinting } });
  return silentPrinting;
}
