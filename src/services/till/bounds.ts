import {
  findBillById,
  type LineWithStock,
  listLinesWithStock,
} from "../../db/repositories/bills.repo.ts";
import type { Bill, Executor } from "../../db/types.ts";
import { ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { formatRupees, MAX_BILL_PAISE } from "../../lib/money.ts";
import { maxLineQty, type Unit } from "../../lib/quantity.ts";
import { getShop, type Shop } from "../shop/settings.ts";
import { qtyParams } from "./qty-text.ts";
import { type BillTotals, totalsFor } from "./totals.ts";

/**
 * The limits that keep every stored amount exact (far below 2^53 paise) and
 * every bill printable: a line's quantity (quantity.ts MAX_LINE_QTY), a
 * product's price (money.ts MAX_PRICE_PAISE, checked where products are
 * saved) and the bill's subtotal and total (MAX_BILL_PAISE).
 */

/** Refuses a line quantity past the limit, with the limit in the line's unit. */
export function assertLineQty(qty: number, unit: Unit, field = "qty"): void {
  if (qty > maxLineQty(unit))
    throw new ValidationError(msg("till:limits.lineQty", qtyParams(maxLineQty(unit), unit)), {
      [field]: msg("till:limits.lineQtyField"),
    });
}

/**
 * Refuses the change just written when it takes the bill past MAX_BILL_PAISE.
 * Call it inside the transaction that wrote the lines, after the write: the
 * refusal rolls the write back, and a concurrent change of the same bill
 * waits on the bill row the caller locked. The shop the request already read
 * may be passed in. Returns the bill and lines it read (after the write, under
 * the lock), so the caller can show them without reading them again.
 */
export async function assertBillWithinLimit(
  trx: Executor,
  billId: number,
  knownShop?: Shop,
): Promise<{ bill: Bill; lines: LineWithStock[] } | null> {
  const bill = await findBillById(trx, billId);
  const lines = await listLinesWithStock(trx, billId);
  const shop = knownShop ?? (await getShop(trx));
  if (!bill || !shop) return null;
  return assertWithinLimit({ bill, lines }, shop);
}

/**
 * The same check on the bill and lines as the caller's transaction has just
 * left them, when it knows them without reading (a scan: the rows it read
 * under the bill's lock, plus the one line it wrote).
 */
export function assertWithinLimit(
  after: { bill: Bill; lines: LineWithStock[] },
  shop: Shop,
): { bill: Bill; lines: LineWithStock[]; totals: BillTotals } {
  const t = totalsFor(after.bill, after.lines, shop);
  if (t.subtotal > MAX_BILL_PAISE || t.total > MAX_BILL_PAISE)
    throw new ValidationError(
      msg("till:limits.billTotal", { amount: formatRupees(MAX_BILL_PAISE) }),
      { qty: msg("till:limits.billTotalField") },
    );
  return { ...after, totals: t };
}
