import {
  findBillIdByNumber,
  findBillWithPeople,
  listLinesOfBill,
} from "../../db/repositories/bill-read.repo.ts";
import { findOpenBill, listLines } from "../../db/repositories/bills.repo.ts";
import { returnedSoFar } from "../../db/repositories/returns.repo.ts";
import type { BillLine, Executor } from "../../db/types.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { type Msg, msg } from "../../lib/i18n.ts";
import type { Shop } from "../shop/settings.ts";
import {
  defaultRefundSplit,
  type RefundSplit,
  refundOf,
  returnPart,
} from "../till/return-totals.ts";
import { totalsFor } from "../till/totals.ts";
import { returnLimitProblem } from "./limits.ts";
import type { ReturnLineRequest } from "./request.ts";
import { billTenders } from "./tenders.ts";

/**
 * What a return would refund, for the return form before the cashier
 * confirms: the same rules (till/return-totals.ts) on the bill as it is now.
 * The confirmation recomputes everything inside its transaction and refuses
 * when another till changed the figure meanwhile (`expectedRefund`).
 */
export interface ReturnQuote {
  refund: number;
  roundOff: number;
  tax: number;
  lines: Array<{ line: BillLine; qty: number; restock: boolean; total: number; tax: number }>;
  defaultSplit: RefundSplit;
  /** Why a cashier needs an owner for this return, or null. */
  limitProblem: Msg | null;
}

/** The bill (numbered, with people) and its lines with what is left to return. */
export async function returnableBill(db: Executor, billId: number) {
  const bill = await findBillWithPeople(db, billId);
  if (!bill?.number || (bill.status !== "completed" && bill.status !== "voided"))
    throw new NotFoundError(msg("bills:notFound.bill"));
  const lines = (await listLinesOfBill(db, billId)) as BillLine[];
  return {
    bill,
    lines: lines.map((l) => ({ ...l, left: Number(l.qty) - Number(l.returned_qty) })),
  };
}

export async function quoteReturn(
  db: Executor,
  shop: Shop,
  billId: number,
  wanted: ReturnLineRequest[],
  now = new Date(),
): Promise<ReturnQuote> {
  const { bill, lines } = await returnableBill(db, billId);
  const previous = await returnedSoFar(db, billId);
  const byId = new Map(lines.map((l) => [l.id, l]));
  const picked = wanted.flatMap((w) => {
    const line = byId.get(w.lineId);
    if (!line || w.qty <= 0 || w.qty > line.left) return [];
    const part = returnPart(
      {
        unitPrice: Number(line.unit_price),
        qty: Number(line.qty),
        unit: line.unit,
        taxable: Number(line.taxable_value),
        tax: Number(line.tax_amount),
        returnedQty: Number(line.returned_qty),
      },
      w.qty,
      shop.pricesIncludeTax,
    );
    return [{ line, qty: w.qty, restock: w.restock, total: part.total, tax: part.tax }];
  });
  const lineTotal = picked.reduce((s, p) => s + p.total, 0);
  const { refund, roundOff } = refundOf(
    {
      lineTotal: lines.reduce((s, l) => s + Number(l.line_total), 0),
      roundOff: Number(bill.round_off),
      total: Number(bill.total),
      returnedLineTotal: previous.lineTotal,
    },
    lineTotal,
    shop.roundOff,
  );
  return {
    refund,
    roundOff,
    tax: picked.reduce((s, p) => s + p.tax, 0),
    lines: picked,
    defaultSplit: defaultRefundSplit(refund, billTenders(bill, previous.refunded)),
    limitProblem: bill.completed_at
      ? returnLimitProblem(shop, refund, bill.completed_at, now)
      : null,
  };
}

/** The bill at the cashier's till (an exchange completes it): its total and line count, or null. */
export async function tillBillSummary(
  db: Executor,
  cashierId: number,
  shop: Shop,
): Promise<{ id: number; total: number; lines: number } | null> {
  const bill = await findOpenBill(db, cashierId);
  if (!bill) return null;
  const lines = await listLines(db, bill.id);
  if (lines.length === 0) return null;
  return { id: bill.id, total: totalsFor(bill, lines, shop).total, lines: lines.length };
}

/** The bill a scanned code names (the receipt's QR holds its number), or null. */
export async function billIdForReturn(db: Executor, code: string): Promise<number | null> {
  const text = code.trim().toUpperCase();
  if (!text || text.length > 16) return null;
  return (await findBillIdByNumber(db, text)) ?? null;
}
