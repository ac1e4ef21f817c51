import { firstPrinter } from "../../db/repositories/printers.repo.ts";
import type { Db } from "../../db/types.ts";
import type { Logger } from "../../logger.ts";
import type { Actor } from "../shop/audit.ts";
import type { CompletedBill } from "../till/checkout.ts";
import { type JobStatus, printJobStatus, queueCompletedBill } from "./print-jobs.ts";

/**
 * What the till shows about printing once a bill completed: the queued job
 * (receipt and/or drawer kick) and whether a receipt printer is set up (then
 * the browser does not also print the PDF). A repeated completion queues
 * nothing; a failure here is logged and never turns a completed bill into an error.
 */
export async function afterCompletion(
  db: Db,
  actor: Actor,
  done: CompletedBill,
  logger: Logger,
): Promise<{ printJob: JobStatus | null; printer: boolean }> {
  try {
    // The one read a completion adds: is a receipt printer set up? The bill row is the one written.
    const printer = await firstPrinter(db);
    if (done.repeated || !printer) return { printJob: null, printer: Boolean(printer) };
    const id = await queueCompletedBill(db, actor, printer, done.bill);
    return { printJob: id ? await printJobStatus(db, id) : null, printer: true };
  } catch (err) {
    logger.error({ err, billId: done.billId }, "queueing the receipt failed");
    return { printJob: null, printer: false };
  }
}
