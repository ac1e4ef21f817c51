import { mulDivRound } from "../../lib/money.ts";
import type { Unit } from "../../lib/quantity.ts";
import { allocate, lineGross, roundOffAmount } from "./totals.ts";

/**
 * The arithmetic of a return, in integer paise, pure: the refund follows the
 * bill AS SOLD — each line's stored taxable value and tax (so its own
 * discount, its share of the bill discount and its GST rate are already in
 * them) and the bill's round-off — never today's prices or settings.
 *
 * The rule is CUMULATIVE. For a line sold in quantity Q with stored taxable
 * value X and tax A, the part that belongs to the first c units returned is
 *
 *   taxable(c) = round(X × c / Q),  tax(c) = round(A × c / Q),  total = taxable + tax
 *
 * (money.ts `mulDivRound`, halves away from zero), and a return of q units
 * after r already returned gets part(r + q) − part(r). Every part is a
 * non-decreasing function of c that reaches the stored figure at c = Q, so
 * however a line is returned (one by one, all at once, 250 g at a time) no
 * return is negative in any field, the returns never pass what was sold, and
 * returning everything gives back exactly the stored figures. The same holds
 * for the bill: with L the line totals returned so far (all credit notes),
 * the refund so far is L rounded to the rupee when the bill was rounded
 * (totals.ts `roundOffAmount`), and exactly the bill total once everything
 * is back; each credit note refunds the step, its round-off being the step
 * minus its line totals.
 *
 * Gross and discount (line discount + bill discount share) are shown on the
 * credit note the same way: discount(c) = round((gross − net) × c / Q) and
 * gross(c) = net(c) + discount(c), net being the total (inclusive prices) or
 * the taxable value (tax on top).
 */

/** A sold bill line as stored, with what earlier credit notes already took back. */
export interface SoldLine {
  unitPrice: number;
  qty: number;
  unit: Unit;
  taxable: number;
  tax: number;
  returnedQty: number;
}

export interface ReturnPart {
  qty: number;
  gross: number;
  discount: number;
  taxable: number;
  tax: number;
  total: number;
}

function cumulative(line: SoldLine, c: number, pricesIncludeTax: boolean) {
  const taxable = mulDivRound(line.taxable, c, line.qty);
  const tax = mulDivRound(line.tax, c, line.qty);
  const soldNet = pricesIncludeTax ? line.taxable + line.tax : line.taxable;
  const off = Math.max(0, lineGross(line.unitPrice, line.qty, line.unit) - soldNet);
  const discount = mulDivRound(off, c, line.qty);
  const net = pricesIncludeTax ? taxable + tax : taxable;
  return { taxable, tax, discount, gross: net + discount };
}

/** The part of `line` that returning `qty` more units takes back (qty ≤ sold − returned). */
export function returnPart(line: SoldLine, qty: number, pricesIncludeTax: boolean): ReturnPart {
  if (!Number.isSafeInteger(qty) || qty <= 0 || line.returnedQty + qty > line.qty)
    throw new RangeError("A return takes 1 to the quantity not yet returned");
  const before = cumulative(line, line.returnedQty, pricesIncludeTax);
  const after = cumulative(line, line.returnedQty + qty, pricesIncludeTax);
  const taxable = after.taxable - before.taxable;
  const tax = after.tax - before.tax;
  return {
    qty,
    gross: after.gross - before.gross,
    discount: after.discount - before.discount,
    taxable,
    tax,
    total: taxable + tax,
  };
}

/** What the bill was, for the refund's round-off. */
export interface SoldBill {
  /** Σ stored line totals. */
  lineTotal: number;
  roundOff: number;
  total: number;
  /** Line totals refunded by earlier credit notes (Σ their line totals). */
  returnedLineTotal: number;
}

/** The refund of everything returned so far when `lines` paise of line totals are back. */
function refundSoFar(bill: SoldBill, lines: number, shopRoundsOff: boolean): number {
  if (lines >= bill.lineTotal) return bill.total;
  // Rounded like the bill was: it had a round-off, or the shop rounds and its total is whole rupees.
  const rounded = bill.roundOff !== 0 || (shopRoundsOff && bill.total % 100 === 0);
  const value = rounded ? lines + roundOffAmount(lines) : lines;
  return Math.max(0, Math.min(bill.total, value));
}

/** This credit note's refund and round-off for `lineTotal` paise of returned line totals. */
export function refundOf(
  bill: SoldBill,
  lineTotal: number,
  shopRoundsOff: boolean,
): { refund: number; roundOff: number } {
  const before = refundSoFar(bill, bill.returnedLineTotal, shopRoundsOff);
  const after = refundSoFar(bill, bill.returnedLineTotal + lineTotal, shopRoundsOff);
  const refund = Math.max(0, after - before);
  return { refund, roundOff: refund - lineTotal };
}

/**
 * Where a refund goes. "cash", "upi", "card": paid out in that mode;
 * "store_credit": onto the customer's account (accounts/ledger.ts);
 * "exchange": towards the new bill of an exchange.
 */
export type RefundMode = "cash" | "upi" | "card" | "store_credit" | "exchange" | "account";
export const REFUND_MODES: RefundMode[] = [
  "cash",
  "upi",
  "card",
  "store_credit",
  "exchange",
  "account",
];
export type RefundSplit = Record<RefundMode, number>;

export function emptySplit(): RefundSplit {
  return { cash: 0, upi: 0, card: 0, store_credit: 0, exchange: 0, account: 0 };
}

/**
 * One way the bill was paid, and where a refund of it goes by default. The
 * list is the bill's tenders (bills.paid_*): a new tender is one entry.
 */
export interface Tender {
  refundTo: RefundMode;
  paid: number;
  /** Already refunded to `refundTo` by earlier credit notes of this bill. */
  refunded: number;
}

/**
 * The default split of a refund over the bill's tenders, in proportion to
 * what each still holds (paid − refunded), largest remainder (totals.ts
 * `allocate`), so the last return of a bill gives each tender back exactly
 * its remainder. Falls back to the paid amounts when earlier refunds were
 * edited away from the proportions.
 */
export function defaultRefundSplit(amount: number, tenders: Tender[]): RefundSplit {
  const split = emptySplit();
  if (amount <= 0) return split;
  const left = tenders.map((t) => Math.max(0, t.paid - t.refunded));
  const weights = left.reduce((a, b) => a + b, 0) >= amount ? left : tenders.map((t) => t.paid);
  const shares = weights.some((w) => w > 0) ? allocate(amount, weights) : [];
  if (shares.length === 0) split.cash = amount;
  tenders.forEach((t, i) => {
    split[t.refundTo] += shares[i] ?? 0;
  });
  return split;
}

/** Σ of a split. */
export function splitTotal(split: RefundSplit): number {
  return REFUND_MODES.reduce((s, m) => s + split[m], 0);
}
