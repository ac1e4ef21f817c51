import { fromUtcString, type UtcTime } from "./utc-time.ts";
import { zoneFormat } from "./zone-format.ts";

/**
 * The one way a time is shown to people — screens, receipts, invoices and
 * CSV exports alike: "29-11-2026 07:47 PM", the stored UTC instant in the
 * shop's time zone (settings, default Asia/Kolkata).
 */

const format = (timeZone: string) => zoneFormat("display", timeZone);

function parts(utc: UtcTime, timeZone: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of format(timeZone).formatToParts(fromUtcString(utc))) out[p.type] = p.value;
  return out;
}

/** A stored UTC time in the shop's zone: "29-11-2026 07:47 PM"; "" for none. */
export function shopDateTime(utc: UtcTime | null, timeZone: string): string {
  if (!utc) return "";
  const p = parts(utc, timeZone);
  return `${p.day}-${p.month}-${p.year} ${clock(p)}`;
}

/** The time of day alone, as shopDateTime writes it: "07:47 PM"; "" for none. */
export function shopTime(utc: UtcTime | null, timeZone: string): string {
  return utc ? clock(parts(utc, timeZone)) : "";
}

/** A shop-local calendar day 'YYYY-MM-DD' (ranges, end of day) in the same order: "29-11-2026". */
export function shopDay(day: string | null): string {
  return day ? `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}` : "";
}

function clock(p: Record<string, string>): string {
  return `${p.hour}:${p.minute} ${(p.dayPeriod ?? "").toUpperCase()}`.trim();
}
