import {
  accountTendersBetween,
  entriesByUser,
  outstandingTotals,
} from "../../db/repositories/accounts.repo.ts";
import type { Executor } from "../../db/types.ts";

/**
 * Udhaar on the analytics page: what is owed now (and the store credit the
 * shop holds), and for the chosen period what was sold on account and what
 * was collected, per mode. Spend in the customer figures still counts at sale
 * time, whatever the tender; this is the cash-flow side of it.
 */
export interface AccountAnalytics {
  owed: number;
  customersOwing: number;
  storeCredit: number;
  soldOnAccount: number;
  storeCreditUsed: number;
  collected: { total: number; payments: number; cash: number; upi: number; card: number };
}

export async function accountAnalytics(
  db: Executor,
  range: { startUtc: string | null; endUtc: string },
): Promise<AccountAnalytics> {
  const [now, tenders, payments] = await Promise.all([
    outstandingTotals(db),
    accountTendersBetween(db, range.startUtc, range.endUtc),
    entriesByUser(db, ["payment"], range.startUtc, range.endUtc),
  ]);
  const collected = { total: 0, payments: 0, cash: 0, upi: 0, card: 0 };
  for (const p of payments) {
    collected.total -= p.amount;
    collected.payments += p.entries;
    if (p.mode === "cash" || p.mode === "upi" || p.mode === "card") collected[p.mode] -= p.amount;
  }
  return {
    ...now,
    soldOnAccount: tenders.account,
    storeCreditUsed: tenders.storeCredit,
    collected,
  };
}

export interface Received {
  cashier: string;
  payments: number;
  cash: number;
  upi: number;
  card: number;
  total: number;
}

/** Payments received per cashier (end of day) from the ledger's "payment" entries of the day. */
export async function receivedByCashier(db: Executor, start: string, end: string) {
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
