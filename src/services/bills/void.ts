import { findBillById, listLines, voidIfNoReturns } from "../../db/repositories/bills.repo.ts";
import { subtractFromCustomerStats } from "../../db/repositories/customer-stats.repo.ts";
import { applyStockChange } from "../../db/repositories/stock.repo.ts";
import type { Bill, Db } from "../../db/types.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { nowUtc, toUtcString } from "../../lib/utc-time.ts";
import { cleanText } from "../../lib/validation.ts";
import { reverseBillEntries } from "../accounts/bill-postings.ts";
import { applyBillToRollups } from "../analytics/rollups.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";

/**
 * Voids a completed bill (owner only, with a reason): restocks every line
 * (movement reason "void"), takes the bill out of customer_stats, reverses
 * its on-account and store-credit entries on the customer's ledger, keeps its
 * number, marks it voided and writes the audit log — in one transaction.
 * A bill with returns cannot be voided (its credit notes stand; return the
 * rest instead): the void's conditional update requires no return, and a
 * return claims the same row, so the two never both happen.
 */
export async function voidBill(
  db: Db,
  actor: Actor & { role: string },
  billId: number,
  rawReason: unknown,
  options: { at?: Date } = {},
): Promise<Bill> {
  if (actor.role !== "owner") throw new ForbiddenError(msg("bills:void.ownerOnly"));
  const reason = cleanText(String(rawReason ?? "")).slice(0, 400);
  if (reason.length < 3)
    throw new ValidationError(msg("bills:void.giveReason"), {
      reason: msg("bills:void.reasonRequired"),
    });
  const stamp = options.at ? toUtcString(options.at) : nowUtc();
  return db.transaction().execute(async (trx) => {
    const bill = await findBillById(trx, billId);
    if (!bill) throw new NotFoundError(msg("bills:void.notFound"));
    const ok = await voidIfNoReturns(trx, billId, {
      status: "voided",
      voided_at: stamp,
      voided_by: actor.userId,
      void_reason: reason,
      updated_at: stamp,
    });
    if (!ok) {
      const now = await findBillById(trx, billId);
      throw new ConflictError(
        now?.status === "voided"
          ? msg("bills:void.alreadyVoid")
          : now?.status === "completed"
            ? msg("bills:void.hasReturns")
            : msg("bills:void.notCompleted"),
      );
    }
    const lines = await listLines(trx, billId);
    for (const l of [...lines].sort((a, b) => a.product_id - b.product_id)) {
      await applyStockChange(trx, {
        productId: l.product_id,
        change: l.qty,
        reason: "void",
        reference: bill.number,
        userId: actor.userId,
        note: reason,
        createdAt: stamp,
      });
    }
    if (bill.customer_id !== null)
      await subtractFromCustomerStats(trx, bill.customer_id, bill.total);
    // What the bill put on (or took from) the customer's account comes back off it.
    const reversed = await reverseBillEntries(trx, actor, bill, reason, stamp);
    await applyBillToRollups(trx, billId, -1);
    await recordAudit(trx, actor, "bill.void", {
      entity: "bill",
      entityId: billId,
      detail: { number: bill.number, total: bill.total, reason, accountReversed: reversed },
    });
    const after = await findBillById(trx, billId);
    if (!after) throw new Error("bill vanished");
    return after;
  });
}
