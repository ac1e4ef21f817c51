import type { Transaction } from "kysely";
import { applyStockChange } from "../../db/repositories/stock.repo.ts";
import type { BillLine, Database } from "../../db/types.ts";
import { ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { formatRupees } from "../../lib/money.ts";
import {
  defaultRefundSplit,
  emptySplit,
  type RefundSplit,
  splitTotal,
} from "../till/return-totals.ts";
import type { RefundChoice, ReturnLineRequest } from "./request.ts";
import { billTenders } from "./tenders.ts";

/** Steps of a return (returns.ts `issueCreditNote`), apart so each file reads in one go. */

/** One request per bill line (quantities of a line named twice add up), in line id order: the lock order. */
export function mergeLines(lines: ReturnLineRequest[]): ReturnLineRequest[] {
  const byLine = new Map<number, ReturnLineRequest>();
  for (const l of lines) {
    if (!Number.isSafeInteger(l.qty) || l.qty <= 0) continue;
    const had = byLine.get(l.lineId);
    byLine.set(
      l.lineId,
      had ? { ...had, qty: had.qty + l.qty, restock: had.restock && l.restock } : l,
    );
  }
  if (byLine.size === 0)
    throw new ValidationError(msg("returns:form.chooseItem"), {
      lines: msg("returns:form.nothing"),
    });
  return [...byLine.values()].sort((a, b) => a.lineId - b.lineId);
}

/** Where the refund goes: the bill's tenders in proportion, all store credit, or as the cashier typed it. */
export function splitRefund(
  amount: number,
  choice: RefundChoice,
  bill: Parameters<typeof billTenders>[0],
  refunded: RefundSplit,
): RefundSplit {
  if (choice.kind === "default") return defaultRefundSplit(amount, billTenders(bill, refunded));
  const split = emptySplit();
  if (choice.kind === "store_credit") {
    split.store_credit = amount;
    return split;
  }
  for (const m of ["cash", "upi", "card", "store_credit"] as const) split[m] = choice.split[m] ?? 0;
  if (splitTotal(split) !== amount)
    throw new ValidationError(
      msg("returns:form.splitMismatch", {
        parts: formatRupees(splitTotal(split)),
        refund: formatRupees(amount),
      }),
      { refund: msg("returns:form.doesNotAddUp") },
    );
  return split;
}

export async function moveStock(
  trx: Transaction<Database>,
  parts: Array<{ line: BillLine; restock: boolean; part: { qty: number } }>,
  number: string,
  userId: number | null,
  at: string,
  note: string | null,
): Promise<void> {
  // Product id order, as completions lock them.
  const sorted = [...parts].sort((a, b) => a.line.product_id - b.line.product_id);
  for (const { line, restock, part } of sorted) {
    const base = { productId: line.product_id, reference: number, userId, createdAt: at, note };
    await applyStockChange(trx, { ...base, change: part.qty, reason: "return" });
    if (!restock)
      await applyStockChange(trx, { ...base, change: -part.qty, reason: "write_off" }, true);
  }
}
