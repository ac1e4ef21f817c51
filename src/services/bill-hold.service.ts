import {
  deleteBill,
  findBillById,
  findOpenBill,
  listLines,
  updateBill,
  updateBillIfStatus,
} from "../db/repositories/bills.repo.ts";
import { nowUtc } from "../db/time.ts";
import type { Db } from "../db/types.ts";
import { ConflictError, NotFoundError } from "./errors.ts";

/** Holding a bill aside, resuming it, and emptying the till. */

/** Puts the open bill aside (customer stepped away); the till starts empty. */
export async function holdBill(db: Db, cashierId: number): Promise<number> {
  const bill = await findOpenBill(db, cashierId);
  if (!bill) throw new ConflictError("There is no bill to hold");
  const lines = await listLines(db, bill.id);
  if (lines.length === 0) throw new ConflictError("The bill is empty: nothing to hold");
  const now = nowUtc();
  await updateBillIfStatus(db, bill.id, ["open"], {
    status: "held",
    open_for: null,
    held_at: now,
    updated_at: now,
  });
  return bill.id;
}

/**
 * Resumes a held bill as the cashier's open bill. The bill on the till is
 * held first (or dropped when empty), so nothing is lost.
 */
export async function resumeBill(db: Db, cashierId: number, billId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const held = await findBillById(trx, billId);
    if (held?.status !== "held") throw new NotFoundError("That held bill is gone");
    const current = await findOpenBill(trx, cashierId);
    const now = nowUtc();
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
    if (!ok) throw new ConflictError("Someone else resumed that bill");
  });
}

/** Empties the till: deletes the open bill (it has no number yet, so nothing is lost). */
export async function discardOpenBill(db: Db, cashierId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const bill = await findOpenBill(trx, cashierId);
    if (bill) await deleteBill(trx, bill.id);
  });
}
