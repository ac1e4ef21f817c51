import type { LedgerKind } from "../../db/types.ts";

/**
 * The rules of a customer's account (udhaar and store credit), pure so they
 * are unit-tested. Amounts are paise; an entry's amount is what it adds to
 * what the customer owes (> 0 owes more, < 0 owes less / has store credit).
 */

/** The sign each kind of entry must have: +1, −1, or 0 when either is allowed. */
export const ENTRY_SIGN: Record<LedgerKind, 1 | -1 | 0> = {
  credit_sale: 1,
  payment: -1,
  store_credit: -1,
  credit_used: 1,
  reversal: 0,
  adjustment: 0,
  write_off: -1,
};

/** Which ceiling the balance may not pass when an entry of this kind is posted. */
export function ceilingFor(
  kind: LedgerKind,
  approvedOverLimit: boolean,
): "credit-limit" | "zero" | "none" {
  if (kind === "credit_sale") return approvedOverLimit ? "none" : "credit-limit";
  if (kind === "credit_used") return "zero";
  return "none";
}

/** Why an amount cannot be posted as this kind, or null when it can. */
export function entryProblem(kind: LedgerKind, amount: number): string | null {
  if (!Number.isSafeInteger(amount) || amount === 0)
    return "The amount must be a non-zero number of paise";
  const sign = ENTRY_SIGN[kind];
  if (sign !== 0 && Math.sign(amount) !== sign)
    return sign > 0
      ? `A ${kind} entry adds to the balance`
      : `A ${kind} entry takes from the balance`;
  return null;
}

/** Whether a balance can take `amount` more under a limit (payments and credits always can). */
export function withinCreditLimit(balance: number, creditLimit: number, amount: number): boolean {
  return amount <= 0 || balance + amount <= creditLimit;
}

/** Store credit available to spend as a tender: what the shop owes the customer, else 0. */
export function storeCreditAvailable(balance: number): number {
  return balance < 0 ? -balance : 0;
}

/** One entry that bears on how old a debt is: a debit (> 0) or a bill's reversal (< 0). */
export interface DebtEntry {
  kind: LedgerKind;
  amount: number;
  billId: number | null;
  /** Whole days since the entry (shop-local dates). */
  days: number;
}

export const AGE_BUCKETS = ["0–30", "31–60", "61–90", "90+"] as const;

/** The ageing bucket (0–3) of a debt `days` old: 0–30, 31–60, 61–90, over 90. */
export function ageBucket(days: number): 0 | 1 | 2 | 3 {
  if (days <= 30) return 0;
  if (days <= 60) return 1;
  if (days <= 90) return 2;
  return 3;
}

export interface AgedBalance {
  /** Days since the oldest entry still (partly) unpaid; null when nothing is owed. */
  oldestDays: number | null;
  /** The balance split by the age of the debts it is made of (paise per AGE_BUCKETS). */
  buckets: [number, number, number, number];
}

/**
 * How old what a customer owes is, first in, first out: payments and other
 * credits settle the OLDEST debts first, so what is still owed is the newest
 * debits that add up to the balance. A bill's reversal (a void, a returned
 * on-account part) cancels that bill's own debit instead, so undoing today's
 * bill never makes an old debt look paid. `entries` oldest first.
 */
export function ageBalance(entries: DebtEntry[], balance: number): AgedBalance {
  const buckets: AgedBalance["buckets"] = [0, 0, 0, 0];
  if (balance <= 0) return { oldestDays: null, buckets };
  const debits = entries
    .filter((e) => e.amount > 0)
    .map((e) => ({ billId: e.billId, days: e.days, left: e.amount }));
  for (const r of entries) {
    if (r.amount >= 0 || r.billId === null) continue;
    let cancel = -r.amount;
    for (let i = debits.length - 1; i >= 0 && cancel > 0; i--) {
      const d = debits[i];
      if (!d || d.billId !== r.billId) continue;
      const take = Math.min(d.left, cancel);
      d.left -= take;
      cancel -= take;
    }
  }
  let owed = balance;
  let oldestDays: number | null = null;
  for (let i = debits.length - 1; i >= 0 && owed > 0; i--) {
    const d = debits[i];
    if (!d || d.left <= 0) continue;
    const part = Math.min(d.left, owed);
    buckets[ageBucket(d.days)] += part;
    owed -= part;
    oldestDays = d.days;
  }
  // A balance no debit explains (entries before records began) counts as the oldest.
  if (owed > 0) buckets[3] += owed;
  return { oldestDays, buckets };
}
