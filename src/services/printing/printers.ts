import { z } from "zod";
import { findBillById } from "../../db/repositories/bills.repo.ts";
import {
  cancelPrintJob,
  countFailedJobs,
  deletePrinter,
  findPrinter,
  findPrintJob,
  firstPrinter,
  headOfQueue,
  insertPrinter,
  insertPrintJob,
  listPrinters,
  requeuePrintJob,
  updatePrinter,
} from "../../db/repositories/printers.repo.ts";
import { getSettings, updateSettings } from "../../db/repositories/settings.repo.ts";
import type { Db, Printer, PrintJob } from "../../db/types.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { cleanText, parseInput } from "../../lib/validation.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import { printQueueFor } from "./print-queue.ts";

/**
 * Receipt printers (owner settings) and the jobs staff send them: a receipt
 * when a bill completes, a reprint, a test page, the cash drawer. Every job is
 * a row first and sent after (print-queue.ts), so printing never holds up or
 * undoes a bill.
 */

const flag = z
  .unknown()
  .optional()
  .transform((v) => (Array.isArray(v) ? v.at(-1) : v))
  .transform((v) => v === "1" || v === "on" || v === "true" || v === true);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .default("")
    .transform(cleanText)
    .pipe(z.string().max(max, `${label}: at most ${max} characters`));

const printerSchema = z
  .object({
    name: optionalText(60, "Name").pipe(z.string().min(1, "Give the printer a name")),
    kind: z.enum(["network", "os"], { message: "Choose network or this computer's printer" }),
    host: optionalText(255, "Address"),
    port: z
      .string()
      .default("")
      .transform((v) => v.trim() || "9100")
      .pipe(z.string().regex(/^\d{1,5}$/, "Port is a number, e.g. 9100"))
      .transform(Number)
      .pipe(z.number().int().min(1, "Port 1–65535").max(65535, "Port 1–65535")),
    queue: optionalText(255, "Printer name"),
    paper: z.enum(["80mm", "58mm"], { message: "Choose 80 mm or 58 mm paper" }),
    columns: z
      .string()
      .default("")
      .transform((v) => v.trim())
      .pipe(z.string().regex(/^\d{0,2}$/, "Characters per line: a number, e.g. 48"))
      .transform((v) => (v ? Number(v) : 0)),
    rupeeText: flag,
    autoPrint: flag,
    drawer: flag,
    statusCheck: flag,
  })
  .superRefine((p, ctx) => {
    if (p.kind === "network" && !/^[A-Za-z0-9.\-:[\]]{1,255}$/.test(p.host))
      ctx.addIssue({
        code: "custom",
        path: ["host"],
        message: "Enter the printer's IP address or host name",
      });
    if (p.kind === "os" && !p.queue)
      ctx.addIssue({
        code: "custom",
        path: ["queue"],
        message: "Enter the printer's name as the computer knows it",
      });
    if (p.kind === "os" && /["\n\r\\]/.test(p.queue))
      ctx.addIssue({
        code: "custom",
        path: ["queue"],
        message: "The name cannot hold quotes or backslashes",
      });
    if (p.columns && (p.columns < 24 || p.columns > 64))
      ctx.addIssue({
        code: "custom",
        path: ["columns"],
        message: "Characters per line: 24–64 (48 on 80 mm, 32 on 58 mm)",
      });
  });

export type PrinterInput = z.input<typeof printerSchema>;

function toRow(input: unknown) {
  const p = parseInput(printerSchema, input);
  return {
    name: p.name,
    kind: p.kind,
    host: p.kind === "network" ? p.host : null,
    port: p.kind === "network" ? p.port : null,
    queue: p.kind === "os" ? p.queue : null,
    paper: p.paper,
    columns: p.columns || (p.paper === "58mm" ? 32 : 48),
    rupee_text: p.rupeeText ? 1 : 0,
    auto_print: p.autoPrint ? 1 : 0,
    drawer: p.drawer ? 1 : 0,
    status_check: p.statusCheck ? 1 : 0,
  } as const;
}

/** Form values for a printer (or a new one's defaults). */
export function printerFormValues(p?: Printer): Record<string, unknown> {
  if (!p) {
    return {
      kind: "network",
      port: "9100",
      paper: "80mm",
      columns: "48",
      autoPrint: true,
      drawer: true,
      statusCheck: true,
    };
  }
  return {
    name: p.name,
    kind: p.kind,
    host: p.host ?? "",
    port: String(p.port ?? 9100),
    queue: p.queue ?? "",
    paper: p.paper,
    columns: String(p.columns),
    rupeeText: p.rupee_text === 1,
    autoPrint: p.auto_print === 1,
    drawer: p.drawer === 1,
    statusCheck: p.status_check === 1,
  };
}

export async function addPrinter(db: Db, actor: Actor, input: unknown): Promise<number> {
  const row = toRow(input);
  const at = nowUtc();
  const id = await insertPrinter(db, { ...row, created_at: at, updated_at: at });
  await recordAudit(db, actor, "printer.add", { entity: "printer", entityId: id, detail: row });
  return id;
}

export async function editPrinter(db: Db, actor: Actor, id: number, input: unknown): Promise<void> {
  const row = toRow(input);
  if (!(await updatePrinter(db, id, { ...row, updated_at: nowUtc() })))
    throw new NotFoundError("No such printer");
  await recordAudit(db, actor, "printer.edit", { entity: "printer", entityId: id, detail: row });
}

export async function removePrinter(db: Db, actor: Actor, id: number): Promise<void> {
  const printer = await getPrinter(db, id);
  await deletePrinter(db, id);
  await recordAudit(db, actor, "printer.remove", {
    entity: "printer",
    entityId: id,
    detail: { name: printer.name },
  });
}

export async function getPrinter(db: Db, id: number): Promise<Printer> {
  const p = await findPrinter(db, id);
  if (!p) throw new NotFoundError("No such printer");
  return p;
}

/** Printers with how many jobs are waiting on a failure. */
export async function printersOverview(db: Db) {
  const printers = await listPrinters(db);
  return Promise.all(
    printers.map(async (p) => ({ printer: p, failed: await countFailedJobs(db, p.id) })),
  );
}

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
  billId: number,
): Promise<number | null> {
  const printer = await firstPrinter(db);
  const bill = await findBillById(db, billId);
  if (!printer || !bill || bill.status !== "completed") return null;
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
  if (!printer) throw new ConflictError("No receipt printer is set up (Settings → Printers)");
  const bill = await findBillById(db, billId);
  if (!bill || (bill.status !== "completed" && bill.status !== "voided"))
    throw new NotFoundError("No such bill");
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
  error: string | null;
}

function statusOf(job: PrintJob): JobStatus {
  const state =
    job.status === "done"
      ? "printed"
      : job.status === "failed"
        ? "failed"
        : job.status === "cancel"
          ? "cancelled"
          : "pending";
  return { id: job.id, kind: job.kind, billId: job.bill_id, state, error: job.last_error };
}

/**
 * A queued job behind one that failed will not print until that one does:
 * the till hears "not printed" for it too, with the reason, not "printing…".
 */
async function blockedStatus(db: Db, job: PrintJob, s: JobStatus): Promise<JobStatus> {
  if (s.state !== "pending" || job.status !== "queued") return s;
  const head = await headOfQueue(db, job.printer_id);
  if (!head || head.id === job.id || head.status !== "failed") return s;
  const why = head.last_error ?? "the printer did not answer";
  return { ...s, state: "failed", error: `An earlier receipt has not printed yet: ${why}` };
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
    if (!job) throw new NotFoundError("No such print job");
    const s = await blockedStatus(db, job, statusOf(job));
    if (s.state !== "pending" || Date.now() >= until) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** "Retry": sends the printer's queue now instead of at the next scheduled try. */
export async function retryPrintJob(db: Db, id: number): Promise<JobStatus> {
  const job = await findPrintJob(db, id);
  if (!job) throw new NotFoundError("No such print job");
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
  if (!job) throw new NotFoundError("No such print job");
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
