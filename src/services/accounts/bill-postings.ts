import type { Transaction } from "kysely";
import { ledgerEntriesForBill } from "../../db/repositories/ledger.repo.ts";
import type { Database } from "../../db/types.ts";
import { ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import { postLedgerEntry } from "./ledger.ts";

/**
 * What a bill does to its customer's account, inside the bill's own
 * transaction (the completion's, the void's): the store credit it spent and
 * the part put on account become ledger entries, and a void reverses them.
 * Lock order stays bill → counter → products → customer row.
 */

export interface BillTenders {
  customerId: number | null;
  billId: number;
  number: string;
  /** Paise of store credit spent (credit_used, never past a zero balance). */
  storeCredit: number;
  /** Paise on account (credit_sale, never past the credit limit unless approved). */
  account: number;
  at: string;
}

/**
 * Posts a completing bill's store credit and on-account part. Store credit
 * goes first, so "₹100 store credit, rest on account" is measured against
 * the limit from the balance the credit left. An owner's approval over the
 * limit is audited with the figures.
 */
export async function postBillTenders(
  trx: Transaction<Database>,
  actor: Actor,
  t: BillTenders,
  approvedBy: number | null = null,
): Promise<void> {
  if (t.storeCredit === 0 && t.account === 0) return;
  if (t.customerId === null)
    throw new ValidationError(msg("accounts:errors.needsCustomer"), {
      mode: msg("accounts:errors.needsCustomerField"),
    });
  const common = { customerId: t.customerId, billId: t.billId, reference: t.number, at: t.at };
  if (t.storeCredit > 0)
    await postLedgerEntry(trx, {
      ...common,
      kind: "credit_used",
      amount: t.storeCredit,
      userId: actor.userId,
    });
  if (t.account > 0) {
    const posted = await postLedgerEntry(
      trx,
      { ...common, kind: "credit_sale", amount: t.account, userId: actor.userId },
      { approvedOverLimit: approvedBy !== null },
    );
    if (approvedBy !== null)
      await recordAudit(trx, actor, "account.over_limit", {
        entity: "customer",
        entityId: t.customerId,
        detail: {
          bill: t.number,
          onAccount: t.account,
          balanceAfter: posted.balanceAfter,
          approvedBy,
        },
      });
  }
}

/**
 * Reverses what a bill still holds on its customer's account (credit sales
 * and store credit used, less anything a return already reversed) with one
 * "reversal" entry, so the balance is as if the bill had never been made.
 * Returns the paise reversed (0 when the bill touched no account).
 */
export async function reverseBillEntries(
  trx: Transaction<Database>,
  actor: Actor,
  bill: { id: number; number: string | null },
  reason: string,
  at: string,
): Promise<number> {
  const entries = await ledgerEntriesForBill(trx, bill.id);
  const first = entries[0];
  if (!first) return 0;
  const net = entries.reduce((s, e) => s + Number(e.amount), 0);
  if (net === 0) return 0;
  await postLedgerEntry(trx, {
    customerId: Number(first.customer_id),
    kind: "reversal",
    amount: -net,
    billId: bill.id,
    reference: bill.number,
    note: `Void: ${reason}`.slice(0, 400),
    userId: actor.userId,
    at,
  });
  return -net;
}
