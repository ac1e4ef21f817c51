import type { Bill, BillLine } from "../../db/types.ts";
import { mulDivRound } from "../../lib/money.ts";
import { type Unit, unitSize } from "../../lib/quantity.ts";
import type { Shop } from "../shop/settings.ts";

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
 *   CGST = SGST = half the tax, per rate and for the bill
 *
 * Bill discount allocation: the bill discount is spread over the lines in
 * proportion to each line's amount after its own discount, by the largest
 * remainder method (floor shares, then the leftover paise one each to the
 * lines with the largest remainders, earlier line first on ties), so the
 * shares sum to the bill discount exactly and GST is charged on what the
 * customer actually pays for each item.
 *
 * CGST/SGST: on a GST invoice they are equal halves of the same rate on the
 * same taxable value, so the half is computed ONCE per rate, from the sum of
 * that rate's line amounts, and used twice: half = round(amount × rate/2 out
 * of the inclusive price, or on top of it), tax = 2 × half. With inclusive
 * prices the customer's amount is fixed, so the paisa the rounding leaves goes
 * to the taxable value (taxable = amount − 2 × half). The rate's tax is then
 * spread over its lines by largest remainder in proportion to their amounts,
 * so each line still has taxable + tax = total (never a negative taxable).
 * `gstRow` applies the same rule to the per-rate sums of stored lines.
 *
 * Round-off (when the shop has it on): the grand total is rounded to the
 * nearest rupee (50 paise goes up), shown as its own line, −50…+49 paise.
 */

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
  tax: number; // this line's share of its rate's tax (CGST/SGST exist per rate only)
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
  /** Bill lines (a product once per line, whatever its quantity): not units. */
  lineCount: number;
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

/**
 * The tax of one GST rate on `amount` (the sum of that rate's line amounts):
 * one half computed once, used twice, the leftover paisa in the taxable value.
 */
export function rateTax(amount: number, rate: number, pricesIncludeTax: boolean): RateSummary {
  const half = pricesIncludeTax
    ? mulDivRound(amount, rate, 2 * (10_000 + rate))
    : mulDivRound(amount, rate, 20_000);
  const tax = 2 * half;
  const taxable = pricesIncludeTax ? amount - tax : amount;
  return { rate, taxable, cgst: half, sgst: half, tax };
}

/**
 * The per-rate row of a stored bill from its lines' summed taxable value and
 * tax. Bills computed by `computeTotals` carry an even tax per rate; one saved
 * before that rule may not, and then its odd paisa moves to the taxable value,
 * as the rule would have put it, so CGST and SGST stay equal.
 */
export function gstRow(rate: number, taxable: number, tax: number): RateSummary {
  const half = Math.floor(tax / 2);
  return { rate, taxable: taxable + (tax - 2 * half), cgst: half, sgst: half, tax: 2 * half };
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
  const nets = afterLine.map((a, i) => a - (shares[i] ?? 0));

  // One half per rate, then the rate's tax spread over its lines.
  const byRate = new Map<number, RateSummary>();
  const lineTax = nets.map(() => 0);
  for (const rate of new Set(input.lines.map((l) => l.taxRate))) {
    const members = input.lines.flatMap((l, i) => (l.taxRate === rate ? [i] : []));
    const amount = members.reduce((a, i) => a + (nets[i] ?? 0), 0);
    const r = rateTax(amount, rate, input.pricesIncludeTax);
    byRate.set(rate, r);
    const split = allocate(
      r.tax,
      members.map((i) => nets[i] ?? 0),
    );
    members.forEach((i, k) => {
      lineTax[i] = split[k] ?? 0;
    });
  }

  const lines: LineTotals[] = input.lines.map((_, i) => {
    const net = nets[i] ?? 0;
    const tax = lineTax[i] ?? 0;
    const taxable = input.pricesIncludeTax ? net - tax : net;
    return {
      gross: gross[i] ?? 0,
      lineDiscount: lineDiscounts[i] ?? 0,
      billDiscountShare: shares[i] ?? 0,
      net,
      taxable,
      tax,
      total: taxable + tax,
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
    cgstTotal: [...byRate.values()].reduce((a, r) => a + r.cgst, 0),
    sgstTotal: [...byRate.values()].reduce((a, r) => a + r.sgst, 0),
    byRate: [...byRate.values()].sort((a, b) => a.rate - b.rate),
    beforeRounding,
    roundOff,
    total: beforeRounding + roundOff,
    lineCount: input.lines.length,
  };
}

/** The totals of a stored bill and its lines under the shop's tax settings (no GSTIN: no GST). */
export function totalsFor(bill: Bill, lines: BillLine[], shop: Shop): BillTotals {
  return computeTotals({
    lines: lines.map((l) => ({
      unitPrice: l.unit_price,
      qty: l.qty,
      unit: l.unit,
      taxRate: shop.gstin ? l.tax_rate : 0,
      discountKind: l.discount_kind,
      discountValue: l.discount_value,
    })),
    billDiscountKind: bill.discount_kind,
    billDiscountValue: bill.discount_value,
    pricesIncludeTax: shop.pricesIncludeTax,
    roundOff: shop.roundOff,
  });
}

/** Per rate, ascending: stored lines' summed taxable value and tax, halved by `gstRow`. */
export function taxSummaryOf(
  lines: ReadonlyArray<{ taxRate: number; taxable: number; tax: number }>,
): RateSummary[] {
  const byRate = new Map<number, { taxable: number; tax: number }>();
  for (const l of lines) {
    const r = byRate.get(l.taxRate) ?? { taxable: 0, tax: 0 };
    r.taxable += l.taxable;
    r.tax += l.tax;
    byRate.set(l.taxRate, r);
  }
  return [...byRate].sort((a, b) => a[0] - b[0]).map(([rate, r]) => gstRow(rate, r.taxable, r.tax));
}
