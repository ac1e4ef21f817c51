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
