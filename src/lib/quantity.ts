/**
 * Stock quantities are integers in the product's base unit: pieces, grams (for
 * 'kg' products) or millilitres (for 'l' products). People type and read them
 * in the selling unit: "12.5" kg is 12500 g. This module converts both ways.
 */
export type Unit = "pc" | "kg" | "l";

export const UNITS: ReadonlyArray<{ value: Unit; label: string; base: string }> = [
  { value: "pc", label: "per piece", base: "pieces" },
  { value: "kg", label: "per kg", base: "kg" },
  { value: "l", label: "per litre", base: "litres" },
];

/** Base units in one selling unit. */
export function unitSize(unit: Unit): number {
  return unit === "pc" ? 1 : 1000;
}

/** Largest quantity accepted from a person, in selling units (stock). */
const MAX_QTY = 10_000_000;

/**
 * Largest quantity of one bill line, in selling units: 99,999 pieces, kg or
 * litres — far past any shop's sale, and it keeps price × qty exact.
 */
export const MAX_LINE_QTY = 99_999;

/** MAX_LINE_QTY in base units (pieces, grams, millilitres). */
export function maxLineQty(unit: Unit): number {
  return MAX_LINE_QTY * unitSize(unit);
}

/** "12", "1,200" (thousands) or "1,00,000" (Indian grouping): the whole part of a quantity. */
const WHOLE = /^-?(\d+|\d{1,3}(,\d{3})+|\d{1,2}(,\d{2})+,\d{3})(\.|$)/;

/**
 * True when a comma in the text is not a thousands separator ("1,0", "2,5"):
 * someone used it as a decimal point, and reading it as grouping would turn
 * 1,0 into 10.
 */
export function hasDecimalComma(input: string): boolean {
  const text = input.trim();
  return text.includes(",") && !WHOLE.test(text);
}

/**
 * Parses a quantity as typed ("12", "12.5", "1,200") in the selling unit into
 * base units. Pieces take whole numbers, kg/l up to three decimals; a comma
 * only groups thousands. Negative values are allowed only with
 * `allowNegative`. Returns null when invalid.
 */
export function parseQty(input: string, unit: Unit, allowNegative = false): number | null {
  if (hasDecimalComma(input)) return null;
  const text = input.trim().replace(/,/g, "");
  const decimals = unit === "pc" ? 0 : 3;
  const re = decimals === 0 ? /^-?\d+$/ : /^-?\d+(\.\d{0,3})?$/;
  if (!re.test(text)) return null;
  const negative = text.startsWith("-");
  if (negative && !allowNegative) return null;
  const [whole = "0", frac = ""] = text.replace("-", "").split(".");
  if (Number(whole) > MAX_QTY) return null;
  const base = Number(whole) * unitSize(unit) + Number(frac.padEnd(decimals, "0") || "0");
  return negative ? -base : base;
}

/** Base units as a plain decimal in the selling unit: 12500 g → "12.5" (CSV, form fields). */
export function qtyToDecimal(base: number, unit: Unit): string {
  if (unit === "pc") return String(base);
  const sign = base < 0 ? "-" : "";
  const abs = Math.abs(base);
  const frac = String(abs % 1000)
    .padStart(3, "0")
    .replace(/0+$/, "");
  return `${sign}${Math.floor(abs / 1000)}${frac ? `.${frac}` : ""}`;
}

/** For people: "12 pcs", "12.5 kg", "750 ml" style text. */
export function formatQty(base: number, unit: Unit): string {
  if (unit === "pc") return `${base} pc${Math.abs(base) === 1 ? "" : "s"}`;
  return `${qtyToDecimal(base, unit)} ${unit === "kg" ? "kg" : "L"}`;
}
