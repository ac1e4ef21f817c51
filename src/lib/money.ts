/**
 * Money is integer paise everywhere. This module is the one place that turns
 * rupee text into paise and paise into text, and holds the one rounding rule.
 */

/** Rounds a rational amount of paise to a whole paisa: half away from zero. */
export function roundHalfAwayFromZero(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

/**
 * Integer division of (a * b) / c rounded half away from zero, exact for
 * integers whose product stays below 2^53 (the amounts a shop sees).
 */
export function mulDivRound(a: number, b: number, c: number): number {
  if (c === 0) throw new RangeError("division by zero");
  const num = a * b;
  if (!Number.isSafeInteger(num)) {
    const big = (BigInt(a) * BigInt(b) * 2n + BigInt(c) * (num < 0 ? -1n : 1n)) / (2n * BigInt(c));
    return Number(big);
  }
  const sign = num < 0 !== c < 0 ? -1 : 1;
  const n = Math.abs(num);
  const d = Math.abs(c);
  return sign * Math.floor((2 * n + d) / (2 * d));
}

const rupeeFormat = new Intl.NumberFormat("en-IN", {
  style: "currency",
  currency: "INR",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

const plainFormat = new Intl.NumberFormat("en-IN", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** Rupees of `paise`, with -0 (a negated zero sum) as 0: Intl would print it "-₹0.00". */
const rupeesOf = (paise: number) => (paise === 0 ? 0 : paise / 100);

/** ₹1,23,456.00 (Indian digit grouping). */
export function formatRupees(paise: number): string {
  return rupeeFormat.format(rupeesOf(paise));
}

/** 1,23,456.00 without the currency sign. */
export function formatAmount(paise: number): string {
  return plainFormat.format(rupeesOf(paise));
}

/** 1234.50 — plain decimal for CSV and form fields (no grouping). */
export function paiseToDecimal(paise: number): string {
  const sign = paise < 0 ? "-" : "";
  const abs = Math.abs(paise);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Largest amount accepted from a person: ₹10 crore. */
export const MAX_PAISE = 100_000_000_00;

/** Largest price of a product: ₹10,00,000 per piece, kg or litre. */
export const MAX_PRICE_PAISE = 10_00_000_00;

/**
 * Largest bill (subtotal and total): ₹10 crore. With MAX_PRICE_PAISE and the
 * line quantity limit every figure stays an exact integer far below 2^53, a
 * day's sales too, and prints in words.
 */
export const MAX_BILL_PAISE = MAX_PAISE;

/**
 * Parses rupees as people type them ("1,250.00", "₹ 99.5", "12") into paise.
 * Returns null for anything that is not a plain non-negative amount with at most
 * two decimals, or that exceeds MAX_PAISE.
 */
export function parseRupees(input: string): number | null {
  const text = input
    .trim()
    .replace(/^₹\s*/, "")
    .replace(/^Rs\.?\s*/i, "");
  if (!/^(\d{1,3}(,\d{2,3})*|\d+)(\.\d{0,2})?$/.test(text)) return null;
  const [whole = "0", frac = ""] = text.replace(/,/g, "").split(".");
  const paise = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  if (!Number.isSafeInteger(paise) || paise > MAX_PAISE) return null;
  return paise;
}
