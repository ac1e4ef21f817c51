import { type FinancialYear, MAX_BILL_NUMBER_LENGTH } from "../till/bill-number.ts";

/**
 * Credit note numbers: a gapless series of their own per financial year and
 * bill prefix, taken from a counters row in the return's transaction (as bill
 * numbers are, counters.repo `takeNextValue`), at most 16 characters like
 * every GST document number: `CN/2026-27/00012`, with the shop's bill prefix
 * `T2CN/26-27/00012`. Past 99,999 credit notes in a year the unprefixed form
 * shortens the year (`CN/26-27/100000`) rather than pass 16 characters.
 */

/** The counters row of a credit note series. */
export function creditNoteCounterName(prefix: string, fy: FinancialYear): string {
  return `cn:${prefix}:${fy.label}`;
}

/** Sequence `seq` of the series, or null when it cannot fit in 16 characters. */
export function formatCreditNoteNumber(
  prefix: string,
  fy: FinancialYear,
  seq: number,
): string | null {
  const heads = prefix ? [`${prefix}CN/${fy.short}/`] : [`CN/${fy.label}/`, `CN/${fy.short}/`];
  for (const head of heads) {
    const width = Math.max(1, Math.min(6, MAX_BILL_NUMBER_LENGTH - head.length));
    const number = `${head}${String(seq).padStart(width, "0")}`;
    if (number.length <= MAX_BILL_NUMBER_LENGTH) return number;
  }
  return null;
}
