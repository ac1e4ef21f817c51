import { localDayOf } from "../../lib/days.ts";

/**
 * Bill numbers: one gapless series per financial year (April–March, in the
 * shop's time zone) and per prefix, e.g. `2026-27/000123`, or with the shop's
 * bill prefix `T2/26-27/000123`. GST invoices allow at most 16 characters.
 */

export const MAX_BILL_NUMBER_LENGTH = 16;

export interface FinancialYear {
  /** Calendar year the financial year starts in (April). */
  startYear: number;
  /** `2026-27` */
  label: string;
  /** `26-27` */
  short: string;
}

/** The financial year a moment falls in, judged by the date in `timeZone`. */
export function financialYearOf(date: Date, timeZone = "Asia/Kolkata"): FinancialYear {
  const day = localDayOf(date.getTime(), timeZone); // 'YYYY-MM-DD' in the shop's zone
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const startYear = month >= 4 ? year : year - 1;
  const next = String((startYear + 1) % 100).padStart(2, "0");
  return {
    startYear,
    label: `${startYear}-${next}`,
    short: `${String(startYear % 100).padStart(2, "0")}-${next}`,
  };
}

/** The counters row name of a series. */
export function counterName(prefix: string, fy: FinancialYear): string {
  return `bill:${prefix}:${fy.label}`;
}

/**
 * Formats sequence `seq` of a series. Without a prefix: `2026-27/000123`
 * (14 chars). With one: `<prefix>/26-27/<seq>`, the sequence zero-padded to
 * whatever room the 16 characters leave (at most 6 digits). Returns null when
 * the number cannot fit in 16 characters.
 */
export function formatBillNumber(prefix: string, fy: FinancialYear, seq: number): string | null {
  const head = prefix ? `${prefix}/${fy.short}/` : `${fy.label}/`;
  const width = Math.max(1, Math.min(6, MAX_BILL_NUMBER_LENGTH - head.length));
  const number = `${head}${String(seq).padStart(width, "0")}`;
  return number.length <= MAX_BILL_NUMBER_LENGTH ? number : null;
}
