import type { Transaction } from "kysely";
import {
  currentBalance,
  insertLedgerEntry,
  moveBalance,
} from "../../db/repositories/ledger.repo.ts";
import type { Database, LedgerKind } from "../../db/types.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { formatRupees } from "../../lib/money.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { ceilingFor, entryProblem, storeCreditAvailable } from "./rules.ts";

/**
 * The one way a customer's balance changes: every credit sale, payment, store
 * credit, use of store credit, reversal, adjustment and write-off is posted
 * here, inside the caller's transaction (the bill's, the return's, the
 * payment's), so the entry, the balance and whatever caused them commit or
 * roll back together.
 *
 * Concurrency is decided by the database: the balance moves in one
 * conditional UPDATE on the customer row (ledger.repo moveBalance) whose WHERE
 * holds the limit, checked through the affected-row count. Two tills charging
 * the same customer queue on that row (one writer, or the row lock), so the limit can never be passed. The entry then records the balance
 * the update produced, read under the same lock.
 */

export interface LedgerPosting {
  customerId: number;
  kind: LedgerKind;
  /** Paise added to what the customer owes (see rules.ts ENTRY_SIGN). */
  amount: number;
  billId?: number | null;
  paymentMode?: "cash" | "upi" | "card" | null;
  reference?: string | null;
  note?: string | null;
  userId: number | null;
  at?: string;
}

/** A credit sale refused by the limit; carries the figures the till shows (and an owner may approve). */
export class CreditLimitError extends ConflictError {
  constructor(
    readonly balance: number,
    readonly creditLimit: number,
    readonly amount: number,
  ) {
    super(
      creditLimit === 0
        ? msg("accounts:errors.noCredit", { balance: formatRupees(balance) })
        : msg("accounts:errors.overLimit", {
            amount: formatRupees(amount),
            balance: formatRupees(balance),
            limit: formatRupees(creditLimit),
          }),
      { onAccount: msg("accounts:errors.overLimitField") },
    );
  }
}

/** Spending more store credit than the customer has. */
export class StoreCreditError extends ConflictError {
  constructor(
    readonly available: number,
    readonly amount: number,
  ) {
    super(
      msg("accounts:errors.storeCredit", {
        amount: formatRupees(amount),
        available: formatRupees(available),
      }),
      { storeCredit: msg("accounts:errors.storeCreditField") },
    );
  }
}

export async function postLedgerEntry(
  trx: Transaction<Database>,
  posting: LedgerPosting,
  options: { approvedOverLimit?: boolean } = {},
): Promise<{ entryId: number; balanceAfter: number }> {
  const problem = entryProblem(posting.kind, posting.amount);
  if (problem) throw new ValidationError(problem, { amount: problem });
  const ceiling = ceilingFor(posting.kind, options.approvedOverLimit === true);
  const moved = await moveBalance(trx, posting.customerId, posting.amount, ceiling);
  const now = await currentBalance(trx, posting.customerId);
  if (!now || now.erased) throw new NotFoundError(msg("accounts:errors.customerGone"));
  if (!moved) {
    if (ceiling === "credit-limit")
      throw new CreditLimitError(now.balance, now.creditLimit, posting.amount);
    throw new StoreCreditError(storeCreditAvailable(now.balance), posting.amount);
  }
  const entryId = await insertLedgerEntry(trx, {
    customer_id: posting.customerId,
    kind: posting.kind,
    amount: posting.amount,
    balance_after: now.balance,
    bill_id: posting.billId ?? null,
    payment_mode: posting.paymentMode ?? null,
    reference: posting.reference ?? null,
    note: posting.note ?? null,
    user_id: posting.userId,
    created_at: posting.at ?? nowUtc(),
  });
  return { entryId, balanceAfter: now.balance };
}
