/** End-of-day summary for one shop-local date: bills, payment modes, cashiers, voids, GST per rate. */
import { z } from "zod";
import { entriesByUser } from "../../db/repositories/accounts.repo.ts";
import {
  billsCompletedBetween,
  gstByRate,
  totalsByCashier,
  voidsBetween,
} from "../../db/repositories/analytics-eod.repo.ts";
import type { Executor } from "../../db/types.ts";
import { shopDateTime, shopTime } from "../../lib/datetime.ts";
import { addDays, dayStartUtc, FIRST_DAY, isIsoDay, LAST_DAY, localDayOf } from "../../lib/days.ts";
import { parseInput } from "../../lib/validation.ts";
import { shopTimeZone } from "./rollups.ts";

export const EOD_BILL_LIMIT = 2000;

const eodSchema = z.object({
  date: z
    .string()
    .trim()
    .optional()
    .refine(
      (v) => v === undefined || v === "" || isIsoDay(v),
      `Enter a date like 2026-11-25 (${FIRST_DAY} to ${LAST_DAY})`,
    ),
});

export interface EndOfDay {
  date: string;
  timeZone: string;
  isToday: boolean;
  bills: Array<{
    id: number;
    number: string | null;
    time: string;
    cashier: string;
    customer: string;
    mode: string;
    total: number;
    status: string;
  }>;
  billsTruncated: boolean;
  totals: {
    bills: number;
    total: number;
    tax: number;
    cash: number;
    upi: number;
    card: number;
    account: number;
    storeCredit: number;
  };
  cashiers: Awaited<ReturnType<typeof totalsByCashier>>;
  /** Money received against customers' accounts this day, per cashier and mode (not sales). */
  received: Received[];
  receivedTotals: Omit<Received, "cashier">;
  gst: Awaited<ReturnType<typeof gstByRate>>;
  gstTotals: { taxable: number; tax: number; gross: number };
  voids: Array<{
    number: string | null;
    total: number;
    soldAt: string;
    voidedAt: string;
    by: string;
    reason: string;
  }>;
  voidTotal: number;
  prevDate: string;
  nextDate: string | null;
}

export interface Received {
  cashier: string;
  payments: number;
  cash: number;
  upi: number;
  card: number;
  total: number;
}

/** Payments received per cashier from the ledger's "payment" entries of the day. */
async function receivedByCashier(db: Executor, start: string, end: string) {
  const rows = await entriesByUser(db, ["payment"], start, end);
  const per = new Map<string, Received>();
  const all: Omit<Received, "cashier"> = { payments: 0, cash: 0, upi: 0, card: 0, total: 0 };
  for (const r of rows) {
    const key = String(r.userId);
    const p = per.get(key) ?? {
      cashier: r.userName || `User #${r.userId}`,
      payments: 0,
      cash: 0,
      upi: 0,
      card: 0,
      total: 0,
    };
    const paid = -r.amount;
    for (const target of [p, all]) {
      target.payments += r.entries;
      target.total += paid;
      if (r.mode === "cash" || r.mode === "upi" || r.mode === "card") target[r.mode] += paid;
    }
    per.set(key, p);
  }
  return { received: [...per.values()], receivedTotals: all };
}

/** The end-of-day summary for `input.date` (default: today in the shop's time zone). */
export async function endOfDay(
  db: Executor,
  input: { date?: unknown },
  now = Date.now(),
): Promise<EndOfDay> {
  const { date } = parseInput(eodSchema, {
    date: typeof input.date === "string" ? input.date : undefined,
  });
  const timeZone = await shopTimeZone(db);
  const today = localDayOf(now, timeZone);
  const day = date || today;
  const start = dayStartUtc(day, timeZone);
  const end = dayStartUtc(addDays(day, 1), timeZone);
  const [rows, cashiers, gst, voids, payments] = await Promise.all([
    billsCompletedBetween(db, start, end, EOD_BILL_LIMIT + 1),
    totalsByCashier(db, start, end),
    gstByRate(db, start, end),
    voidsBetween(db, start, end),
    receivedByCashier(db, start, end),
  ]);
  const totals = {
    bills: 0,
    total: 0,
    tax: 0,
    cash: 0,
    upi: 0,
    card: 0,
    account: 0,
    storeCredit: 0,
  };
  for (const c of cashiers) {
    totals.bills += c.bills;
    totals.total += c.total;
    totals.cash += c.cash;
    totals.upi += c.upi;
    totals.card += c.card;
    totals.account += c.account;
    totals.storeCredit += c.storeCredit;
  }
  const gstTotals = { taxable: 0, tax: 0, gross: 0 };
  for (const g of gst) {
    gstTotals.taxable += g.taxable;
    gstTotals.tax += g.tax;
    gstTotals.gross += g.gross;
  }
  totals.tax = gstTotals.tax;
  return {
    date: day,
    timeZone,
    isToday: day === today,
    bills: rows.slice(0, EOD_BILL_LIMIT).map((b) => ({
      id: Number(b.id),
      number: b.number,
      time: shopTime(b.completed_at, timeZone),
      cashier: b.cashier ?? "",
      customer: b.customer_erased_at ? "(erased)" : (b.customer ?? "Walk-in"),
      mode: b.payment_mode ?? "",
      total: Number(b.total),
      status: b.status,
    })),
    billsTruncated: rows.length > EOD_BILL_LIMIT,
    totals,
    cashiers,
    ...payments,
    gst,
    gstTotals,
    voids: voids.map((v) => ({
      number: v.number,
      total: Number(v.total),
      soldAt: shopDateTime(v.completed_at, timeZone),
      voidedAt: shopDateTime(v.voided_at, timeZone),
      by: v.voided_by_name ?? "",
      reason: v.void_reason ?? "",
    })),
    voidTotal: voids.reduce((s, v) => s + Number(v.total), 0),
    prevDate: addDays(day, -1),
    nextDate: day < today ? addDays(day, 1) : null,
  };
}
