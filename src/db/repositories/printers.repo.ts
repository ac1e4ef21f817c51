import type { Insertable, Updateable } from "kysely";
import { msg, type Text } from "../../lib/i18n.ts";
import { storeText } from "../../lib/stored-text.ts";
import type {
  Executor,
  Printer,
  PrinterTable,
  PrintJob,
  PrintJobTable,
  UtcTime,
} from "../types.ts";

/** Receipt printers and their print queue (print_jobs). */

/** print_jobs.last_error is varchar(300): a Msg's JSON is fitted to it (lib/stored-text.ts). */
const LAST_ERROR_CHARS = 300;

export async function listPrinters(db: Executor): Promise<Printer[]> {
  return db.selectFrom("printers").selectAll().orderBy("id").execute();
}

export async function findPrinter(db: Executor, id: number): Promise<Printer | undefined> {
  return db.selectFrom("printers").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The printer bills print to: the first one set up. */
export async function firstPrinter(db: Executor): Promise<Printer | undefined> {
  return db.selectFrom("printers").selectAll().orderBy("id").limit(1).executeTakeFirst();
}

export async function insertPrinter(db: Executor, row: Insertable<PrinterTable>): Promise<number> {
  const result = await db.insertInto("printers").values(row).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function updatePrinter(
  db: Executor,
  id: number,
  row: Updateable<PrinterTable>,
): Promise<boolean> {
  const result = await db.updateTable("printers").set(row).where("id", "=", id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Removes a printer and its queue (sent jobs included: the audit log keeps what matters). */
export async function deletePrinter(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("print_jobs").where("printer_id", "=", id).execute();
  await db.deleteFrom("printers").where("id", "=", id).execute();
}

export async function insertPrintJob(
  db: Executor,
  row: Insertable<PrintJobTable>,
): Promise<number> {
  const result = await db.insertInto("print_jobs").values(row).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function findPrintJob(db: Executor, id: number): Promise<PrintJob | undefined> {
  return db.selectFrom("print_jobs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The oldest job of a printer that has not printed: the head of its queue. */
export async function headOfQueue(db: Executor, printerId: number): Promise<PrintJob | undefined> {
  return db
    .selectFrom("print_jobs")
    .selectAll()
    .where("printer_id", "=", printerId)
    .where("status", "not in", ["done", "cancel"])
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

/** Printers with jobs still to print (after a restart, or queued by another process). */
export async function printersWithPendingJobs(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom("print_jobs")
    .select("printer_id")
    .distinct()
    .where("status", "not in", ["done", "cancel"])
    .execute();
  return rows.map((r) => r.printer_id);
}

/**
 * Claims a job for sending: a conditional update from the status it was seen
 * in, so two processes (tills on one MySQL) never both send it.
 */
export async function claimPrintJob(
  db: Executor,
  id: number,
  from: PrintJob["status"],
  at: UtcTime,
): Promise<boolean> {
  const result = await db
    .updateTable("print_jobs")
    .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1), updated_at: at }))
    .where("id", "=", id)
    .where("status", "=", from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function finishPrintJob(
  db: Executor,
  id: number,
  outcome: { status: "done" | "failed"; error: Text | null; at: UtcTime },
): Promise<void> {
  await db
    .updateTable("print_jobs")
    .set({
      status: outcome.status,
      last_error: outcome.error ? storeText(outcome.error, LAST_ERROR_CHARS) : null,
      updated_at: outcome.at,
      printed_at: outcome.status === "done" ? outcome.at : null,
    })
    .where("id", "=", id)
    .where("status", "=", "sending")
    .execute();
}

/** Jobs left 'sending' by a process that died mid-send go back to 'failed' (to be retried). */
export async function releaseStaleJobs(db: Executor, before: UtcTime): Promise<void> {
  await db
    .updateTable("print_jobs")
    .set({
      status: "failed",
      last_error: storeText(msg("printing:failure.interrupted"), LAST_ERROR_CHARS),
    })
    .where("status", "=", "sending")
    .where("updated_at", "<", before)
    .execute();
}

/** Failed jobs per printer, for the settings page. */
export async function countFailedJobs(db: Executor, printerId: number): Promise<number> {
  const row = await db
    .selectFrom("print_jobs")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("printer_id", "=", printerId)
    .where("status", "=", "failed")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Takes a job that has not printed out of the queue (the PDF was printed instead). */
export async function cancelPrintJob(db: Executor, id: number, at: UtcTime): Promise<boolean> {
  const result = await db
    .updateTable("print_jobs")
    .set({ status: "cancel", updated_at: at })
    .where("id", "=", id)
    .where("status", "in", ["queued", "failed"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A failed job back to 'queued' (the cashier asked to retry): it reads as pending until it is sent. */
export async function requeuePrintJob(db: Executor, id: number, at: UtcTime): Promise<void> {
  await db
    .updateTable("print_jobs")
    .set({ status: "queued", updated_at: at })
    .where("id", "=", id)
    .where("status", "=", "failed")
    .execute();
}
