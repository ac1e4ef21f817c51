import { z } from "zod";
import {
  addDays,
  dayStartUtc,
  daysBetween,
  FIRST_DAY,
  financialYearStart,
  isIsoDay,
  LAST_DAY,
  localDayOf,
} from "../../lib/days.ts";
import { zodMsg } from "../../lib/i18n.ts";
import { toUtcString } from "../../lib/utc-time.ts";
import { parseInput } from "../../lib/validation.ts";

export const RANGE_KEYS = ["all", "today", "7d", "30d", "90d", "fy", "custom"] as const;
export type RangeKey = (typeof RANGE_KEYS)[number];

export const RANGE_LABELS: Record<RangeKey, string> = {
  all: "All time",
  today: "Today",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  fy: "This financial year",
  custom: "Custom",
};

/** A resolved period: shop-local days [fromDay, toDay], and the UTC bounds [startUtc, endUtc). */
export interface DateRange {
  key: RangeKey;
  label: string;
  allTime: boolean;
  /** First shop-local day (null for all time). */
  fromDay: string | null;
  /** Last shop-local day, inclusive. */
  toDay: string;
  startUtc: string | null;
  /** Exclusive upper bound (start of the day after toDay). */
  endUtc: string;
  /** Recency is measured up to this instant: now, or the end of a past range. */
  asOfMs: number;
  timeZone: string;
}

const rangeSchema = z
  .object({
    range: z.enum(RANGE_KEYS, { message: zodMsg("analytics:errors.range") }).default("all"),
    from: z.string().trim().optional(),
    to: z.string().trim().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.range !== "custom") return;
    if (!v.from || !isIsoDay(v.from))
      ctx.addIssue({
        code: "custom",
        path: ["from"],
        message: zodMsg("analytics:errors.from", { first: FIRST_DAY, last: LAST_DAY }),
      });
    if (!v.to || !isIsoDay(v.to))
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: zodMsg("analytics:errors.to", { first: FIRST_DAY, last: LAST_DAY }),
      });
    if (v.from && v.to && isIsoDay(v.from) && isIsoDay(v.to)) {
      if (v.from > v.to)
        ctx.addIssue({
          code: "custom",
          path: ["to"],
          message: zodMsg("analytics:errors.order"),
        });
      else if (daysBetween(v.from, v.to) > 3660)
        ctx.addIssue({
          code: "custom",
          path: ["to"],
          message: zodMsg("analytics:errors.tenYears"),
        });
    }
  });

export type RangeInput = { range?: unknown; from?: unknown; to?: unknown };

/**
 * Turns the page's period choice into shop-local days and UTC bounds. Presets
 * end today (shop time); "7 days" is today and the six days before it.
 * Throws ValidationError for an unknown preset or a bad custom range.
 */
export function resolveRange(input: RangeInput, timeZone: string, now = Date.now()): DateRange {
  const v = parseInput(rangeSchema, {
    range: input.range === "" || input.range === undefined ? undefined : input.range,
    from: typeof input.from === "string" && input.from ? input.from : undefined,
    to: typeof input.to === "string" && input.to ? input.to : undefined,
  });
  const today = localDayOf(now, timeZone);
  let fromDay: string | null;
  let toDay = today;
  switch (v.range) {
    case "all":
      fromDay = null;
      break;
    case "today":
      fromDay = today;
      break;
    case "7d":
      fromDay = addDays(today, -6);
      break;
    case "30d":
      fromDay = addDays(today, -29);
      break;
    case "90d":
      fromDay = addDays(today, -89);
      break;
    case "fy":
      fromDay = financialYearStart(today);
      break;
    default:
      fromDay = v.from as string;
      toDay = v.to as string;
  }
  const endUtc = dayStartUtc(addDays(toDay, 1), timeZone);
  const endMs = Date.parse(`${endUtc.replace(" ", "T")}Z`);
  return {
    key: v.range,
    label: v.range === "custom" ? `${fromDay} to ${toDay}` : RANGE_LABELS[v.range],
    allTime: v.range === "all",
    fromDay,
    toDay,
    startUtc: fromDay ? dayStartUtc(fromDay, timeZone) : null,
    endUtc,
    asOfMs: Math.min(now, endMs),
    timeZone,
  };
}

/** The current instant as a stored UTC string (so tests can pin "now"). */
export function utcNow(now = Date.now()): string {
  return toUtcString(new Date(now));
}
