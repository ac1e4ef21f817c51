import { mulDivRound } from "./money.ts";

/**
 * The bill's arithmetic, in integer paise, pure (no database). "Where is the
 * bill total computed?" — here, and only here.
 *
 * The ONE rounding rule: every division (qty × price / unit size, a percent,
 * tax out of an inclusive price, tax on top, the round-off) goes through
 * money.ts `mulDivRound`, i.e. exact rational value rounded to the nearest
 * paisa, halves away from zero. Everything else is integer addition and
 * subtraction, and every figure is derived so the pieces add up exactly:
 *
 *   subtotal − line discounts − bill discount = Σ line net (after discounts)
 *   Σ taxable + Σ tax = Σ line totals             (inclusive prices)
 *   Σ line totals + round-off = total
 *   CGST + SGST = tax, per line, per rate and for the bill
 *
 * Bill discount allocation: the bill discount is spread over the lines in
 * proportion to each line's amount after its own discount, by the largest
 * remainder method (floor shares, then the leftover paise one each to the
 * lines with the largest remainders, earlier line first on ties), so the
 * shares sum to the bill discount exactly and GST is charged on what the
 * customer actually pays for each item.
 *
 * CGST/SGST split: each line's tax is halved; when it is an odd number of
 * paise, CGST gets the lower half and SGST the extra paisa.
 *
 * Round-off (when the shop has it on): the grand total is rounded to the
 * nearest rupee (50 paise goes up), shown as its own line, −50…+49 paise.
 */

export type Unit = "pc" | "kg" | "l";
export type DiscountKind = "amount" | "percent";

export interface TotalsLineInput {
  unitPrice: number; // paise per piece / kg / litre
  qty: number; // pieces, grams or millilitres
  unit: Unit;
  taxRate: number; // basis points, 1800 = 18 %
  discountKind: DiscountKind;
  discountValue: number; // paise, or basis points when percent
}

export interface TotalsInput {
  lines: TotalsLineInput[];
  billDiscountKind: DiscountKind;
  billDiscountValue: number; // paise, or basis points when percent
  pricesIncludeTax: boolean;
  roundOff: boolean;
}

export interface LineTotals {
  gross: number; // price × qty
  lineDiscount: number;
  billDiscountShare: number;
  net: number; // gross − both discounts, the amount GST is computed from
  taxable: number;
  tax: number;
  cgst: number;
  sgst: number;
  total: number; // what the customer pays for this line (incl. tax)
}

export interface RateSummary {
  rate: number;
  taxable: number;
  cgst: number;
  sgst: number;
  tax: number;
}

export interface BillTotals {
  lines: LineTotals[];
  subtotal: number;
  lineDiscountTotal: number;
  billDiscount: number;
  taxableTotal: number;
  taxTotal: number;
  cgstTotal: number;
  sgstTotal: number;
  byRate: RateSummary[];
  beforeRounding: number;
  roundOff: number;
  total: number;
  itemCount: number;
}

/** Base units per priced unit: prices are per piece, per kg (1000 g) or per litre (1000 ml). */
export function unitSize(unit: Unit): number {
  return unit === "pc" ? 1 : 1000;
}

/** price × qty / unit size, rounded by the one rule. */
export function lineGross(unitPrice: number, qty: number, unit: Unit): number {
  return mulDivRound(unitPrice, qty, unitSize(unit));
}

/** A ₹ or % discount on `base`, never more than base nor negative. */
export function discountAmount(base: number, kind: DiscountKind, value: number): number {
  if (base <= 0 || value <= 0) return 0;
  const raw = kind === "percent" ? mulDivRound(base, Math.min(value, 10_000), 10_000) : value;
  return Math.min(raw, base);
}

/** Splits `amount` over `weights` in proportion, largest remainder; shares sum to amount. */
export function allocate(amount: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (amount === 0 || sum <= 0) return weights.map(() => 0);
  // BigInt: amount × weight can pass 2^53 on large bills.
  const big = BigInt(amount);
  const total = BigInt(sum);
  const shares = weights.map((w) => Number((big * BigInt(w)) / total));
  const remainders = weights.map((w, i) => ({ i, r: (big * BigInt(w)) % total }));
  let left = amount - shares.reduce((a, b) => a + b, 0);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left--;
  }
  return shares;
}

/** Tax on a line's net amount: out of it (inclusive) or on top (exclusive). */
export function splitTax(
  net: number,
  rate: number,
  pricesIncludeTax: boolean,
): { taxable: number; tax: number; total: number } {
  if (pricesIncludeTax) {
    const taxable = mulDivRound(net, 10_000, 10_000 + rate);
    return { taxable, tax: net - taxable, total: net };
  }
  const tax = mulDivRound(net, rate, 10_000);
  return { taxable: net, tax, total: net + tax };
}

/** Nearest rupee, 50 paise up: the adjustment to add (−50…+49). */
export function roundOffAmount(paise: number): number {
  return mulDivRound(paise, 1, 100) * 100 - paise;
}

/** Computes every figure of a bill from its lines and settings. */
export function computeTotals(input: TotalsInput): BillTotals {
  const gross = input.lines.map((l) => lineGross(l.unitPrice, l.qty, l.unit));
  const lineDiscounts = input.lines.map((l, i) =>
    discountAmount(gross[i] ?? 0, l.discountKind, l.discountValue),
  );
  const afterLine = gross.map((g, i) => g - (lineDiscounts[i] ?? 0));
  const afterLineSum = afterLine.reduce((a, b) => a + b, 0);
  const billDiscount = discountAmount(
    afterLineSum,
    input.billDiscountKind,
    input.billDiscountValue,
  );
  const shares = allocate(billDiscount, afterLine);

  const byRate = new Map<number, RateSummary>();
  const lines: LineTotals[] = input.lines.map((l, i) => {
    const net = (afterLine[i] ?? 0) - (shares[i] ?? 0);
    const { taxable, tax, total } = splitTax(net, l.taxRate, input.pricesIncludeTax);
    const cgst = Math.floor(tax / 2);
    const sgst = tax - cgst;
    const r = byRate.get(l.taxRate) ?? { rate: l.taxRate, taxable: 0, cgst: 0, sgst: 0, tax: 0 };
    r.taxable += taxable;
    r.cgst += cgst;
    r.sgst += sgst;
    r.tax += tax;
    byRate.set(l.taxRate, r);
    return {
      gross: gross[i] ?? 0,
      lineDiscount: lineDiscounts[i] ?? 0,
      billDiscountShare: shares[i] ?? 0,
      net,
      taxable,
      tax,
      cgst,
      sgst,
      total,
    };
  });

  const sum = (pick: (l: LineTotals) => number) => lines.reduce((a, l) => a + pick(l), 0);
  const beforeRounding = sum((l) => l.total);
  const roundOff = input.roundOff ? roundOffAmount(beforeRounding) : 0;
  return {
    lines,
    subtotal: sum((l) => l.gross),
    lineDiscountTotal: sum((l) => l.lineDiscount),
    billDiscount,
    taxableTotal: sum((l) => l.taxable),
    taxTotal: sum((l) => l.tax),
    cgstTotal: sum((l) => l.cgst),
    sgstTotal: sum((l) => l.sgst),
    byRate: [...byRate.values()].sort((a, b) => a.rate - b.rate),
    beforeRounding,
    roundOff,
    total: beforeRounding + roundOff,
    itemCount: input.lines.length,
  };
}
