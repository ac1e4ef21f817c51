/** End-of-day summary for one shop-local date: bills, payment modes, cashiers, voids, GST per rate. */
import { z } from "zod";
import {
  billsCompletedBetween,
  creditNotesBetween,
  gstByRate,
  gstReversedByRate,
  totalsByCashier,
  voidsBetween,
} from "../../db/repositories/analytics-eod.repo.ts";
import type { Executor } from "../../db/types.ts";
import { shopDateTime, shopTime } from "../../lib/datetime.ts";
import { addDays, dayStartUtc, FIRST_DAY, isIsoDay, LAST_DAY, localDayOf } from "../../lib/days.ts";
import { msg, type Text, zodMsg } from "../../lib/i18n.ts";
import { parseInput } from "../../lib/validation.ts";
import { type Received, receivedByCashier } from "../accounts/account-analytics.ts";
import { shopTimeZone } from "./rollups.ts";

export const EOD_BILL_LIMIT = 2000;

const eodSchema = z.object({
  date: z
    .string()
    .trim()
    .optional()
    .refine(
      (v) => v === undefined || v === "" || isIsoDay(v),
      zodMsg("analytics:errors.date", { first: FIRST_DAY, last: LAST_DAY }),
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
    customer: Text;
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
  /** Credit notes issued this day (whenever sold), refunds per mode and per cashier, GST reversed. */
  returns: Array<Awaited<ReturnType<typeof creditNotesBetween>>[number] & { time: string }>;
  refunds: RefundTotals;
  refundsByCashier: Array<RefundTotals & { cashier: string }>;
  gstReversed: Awaited<ReturnType<typeof gstReversedByRate>>;
  /** Sales less refunds; cash, UPI and card taken less paid back (the drawer's cash). */
  net: { total: number; cash: number; upi: number; card: number; tax: number };
  prevDate: string;
  nextDate: string | null;
}

export interface RefundTotals {
  count: number;
  total: number;
  cash: number;
  upi: number;
  card: number;
  storeCredit: number;
  exchange: number;
  /** Taken back off customers' accounts (bills sold on udhaar). */
  account: number;
}

function refundTotals(rows: EndOfDay["returns"]): RefundTotals {
  const t = {
    count: 0,
    total: 0,
    cash: 0,
    upi: 0,
    card: 0,
    storeCredit: 0,
    exchange: 0,
    account: 0,
  };
  for (const r of rows) {
    t.count++;
    t.total += r.total;
    t.cash += r.cash;
    t.upi += r.upi;
    t.card += r.card;
    t.storeCredit += r.storeCredit;
    t.exchange += r.exchange;
    t.account += r.account;
  }
  return t;
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
  const [rows, cashiers, gst, voids, notes, gstReversed, payments] = await Promise.all([
    billsCompletedBetween(db, start, end, EOD_BILL_LIMIT + 1),
    totalsByCashier(db, start, end),
    gstByRate(db, start, end),
    voidsBetween(db, start, end),
    creditNotesBetween(db, start, end),
    gstReversedByRate(db, start, end),
    receivedByCashier(db, start, end),
  ]);
  const returns = notes.map((r) => ({ ...r, time: shopTime(r.createdAt, timeZone) }));
  const refunds = refundTotals(returns);
  const byCashier = new Map<number, EndOfDay["returns"]>();
  for (const r of returns) byCashier.set(r.cashierId, [...(byCashier.get(r.cashierId) ?? []), r]);
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
      customer: b.customer_erased_at
        ? msg("analytics:eod.erased")
        : (b.customer ?? msg("analytics:eod.walkIn")),
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
    returns,
    refunds,
    refundsByCashier: [...byCashier.values()].map((rs) => ({
      cashier: rs[0]?.cashier ?? "",
      ...refundTotals(rs),
    })),
    gstReversed,
    net: {
      total: totals.total - refunds.total,
      cash: totals.cash - refunds.cash,
      upi: totals.upi - refunds.upi,
      card: totals.card - refunds.card,
      tax: totals.tax - returns.reduce((s, r) => s + r.tax, 0),
    },
    prevDate: addDays(day, -1),
    nextDate: day < today ? addDays(day, 1) : null,
  };
}
