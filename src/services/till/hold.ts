import {
  deleteBill,
  findBillById,
  findOpenBill,
  listLines,
  lockOpenBill,
  updateBill,
  updateBillIfStatus,
} from "../../db/repositories/bills.repo.ts";
import { retryOnLockConflict } from "../../db/retry.ts";
import type { Bill, Db, Executor } from "../../db/types.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { nowUtc } from "../../lib/utc-time.ts";

/**
 * Holding a bill aside, resuming it, and emptying the till. Each locks the
 * cashier's open bill first (bills.repo lockOpenBill, in the same transaction
 * as the write), so a completion that won the race is never held, deleted or
 * reopened.
 */

/** Puts the open bill aside (customer stepped away); the till starts empty. */
export async function holdBill(db: Db, cashierId: number): Promise<number> {
  return inOpenBillTransaction(db, cashierId, async (trx, open) => {
    const now = nowUtc();
    const bill = open && (await lockOpenBill(trx, open.id, cashierId, now));
    if (!bill) throw new ConflictError(msg("till:hold.noBill"));
    const lines = await listLines(trx, bill.id);
    if (lines.length === 0) throw new ConflictError(msg("till:hold.empty"));
    await updateBill(trx, bill.id, {
      status: "held",
      open_for: null,
      held_at: now,
      updated_at: now,
    });
    return bill.id;
  });
}

/**
 * Resumes a held bill as the cashier's open bill. The bill on the till is
 * held first (or dropped when empty), so nothing is lost.
 */
export async function resumeBill(db: Db, cashierId: number, billId: number): Promise<void> {
  await inOpenBillTransaction(db, cashierId, async (trx, open) => {
    // Lock first: on a server database the reads that follow then see every committed scan.
    const now = nowUtc();
    const current = open && (await lockOpenBill(trx, open.id, cashierId, now));
    const held = await findBillById(trx, billId);
    if (held?.status !== "held") throw new NotFoundError(msg("till:hold.gone"));
    if (current) {
      const lines = await listLines(trx, current.id);
      if (lines.length === 0) await deleteBill(trx, current.id);
      else
        await updateBill(trx, current.id, {
          status: "held",
          open_for: null,
          held_at: now,
          updated_at: now,
        });
    }
    const ok = await updateBillIfStatus(trx, billId, ["held"], {
      status: "open",
      open_for: cashierId,
      cashier_id: cashierId,
      held_at: null,
      updated_at: now,
    });
    if (!ok) throw new ConflictError(msg("till:hold.taken"));
  });
}

/** Empties the till: deletes the open bill (it has no number yet, so nothing is lost). */
export async function discardOpenBill(db: Db, cashierId: number): Promise<void> {
  await inOpenBillTransaction(db, cashierId, async (trx, open) => {
    const bill = open && (await lockOpenBill(trx, open.id, cashierId, nowUtc()));
    if (bill) await deleteBill(trx, bill.id);
  });
}

/**
 * Finds the cashier's open bill, then runs `work` in a transaction that must
 * lock it first (lockOpenBill); the whole is run again when the server database picks it as
 * a deadlock victim.
 */
function inOpenBillTransaction<T>(
  db: Db,
  cashierId: number,
  work: (trx: Executor, open: Bill | undefined) => Promise<T>,
): Promise<T> {
  return retryOnLockConflict(async () => {
    const open = await findOpenBill(db, cashierId);
    return db.transaction().execute((trx) => work(trx, open));
  });
}
