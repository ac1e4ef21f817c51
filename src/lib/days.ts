/**
 * Shop-time-zone calendar arithmetic for analytics. Bills store UTC strings
 * 'YYYY-MM-DD HH:MM:SS'; "today", day buckets and range boundaries are days in
 * the shop's time zone (settings timeZone, default Asia/Kolkata).
 */
import { toUtcString } from "./utc-time.ts";
import { zoneFormat } from "./zone-format.ts";

const formatter = (timeZone: string) => zoneFormat("parts", timeZone);

/** True when the IANA zone name is known to this runtime. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Per zone, the last second asked for and its fields (a busy till asks for one second often). */
const lastSecond = new Map<string, { second: number; clock: Readonly<WallClock> }>();

/** Wall-clock fields of an instant in a zone (the same for every ms of one second). */
function wallClock(ms: number, timeZone: string): Readonly<WallClock> {
  const second = Math.floor(ms / 1000);
  const last = lastSecond.get(timeZone);
  if (last && last.second === second) return last.clock;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const clock = Object.freeze(parts as unknown as WallClock);
  if (lastSecond.size > 8) lastSecond.clear();
  lastSecond.set(timeZone, { second, clock });
  return clock;
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The shop-local date 'YYYY-MM-DD' of an instant. */
export function localDayOf(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The shop-local date of a stored UTC string. */
export function localDayOfUtc(utc: string, timeZone: string): string {
  return localDayOf(Date.parse(`${utc.replace(" ", "T")}Z`), timeZone);
}

/** The UTC instant (ms) at which the shop-local day begins (first instant of that date). */
export function dayStartMs(day: string, timeZone: string): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  // Two passes settle DST changes; a zone whose midnight is skipped starts at the first valid instant.
  let ms = guess - offsetAt(guess, timeZone);
  ms = guess - offsetAt(ms, timeZone);
  return ms;
}

/** The UTC string at which the shop-local day begins. */
export function dayStartUtc(day: string, timeZone: string): string {
  return toUtcString(new Date(dayStartMs(day, timeZone)));
}

/** Calendar arithmetic on 'YYYY-MM-DD' (zone-free). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` ('YYYY-MM-DD'). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The dates a shop's bills can fall on; outside it the calendar arithmetic below breaks. */
export const FIRST_DAY = "2000-01-01";
export const LAST_DAY = "2999-12-31";

/**
 * True for a real calendar date written 'YYYY-MM-DD' between FIRST_DAY and
 * LAST_DAY. (9999-12-31 is a real date, but the day after it has a six-digit
 * year, and Date.UTC reads years 0–99 as 1900–1999.)
 */
export function isIsoDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  if (value < FIRST_DAY || value > LAST_DAY) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** 1 April of the Indian financial year containing `day`. */
export function financialYearStart(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return `${m >= 4 ? y : y - 1}-04-01`;
}
