import type { Generated } from "kysely";
import type { UtcTime } from "../lib/utc-time.ts";

/** What moved a customer's balance (services/accounts/ledger.ts): amount > 0 the customer owes more. */
export type LedgerKind =
  | "credit_sale" // part of a bill put on account (+)
  | "payment" // money received against the balance (−)
  | "store_credit" // a refund kept as credit, e.g. from a return (−)
  | "credit_used" // store credit spent as a tender on a bill (+)
  | "reversal" // a voided bill or returned goods undo an earlier entry (±)
  | "adjustment" // the owner corrects the balance, with a reason (±)
  | "write_off"; // the owner forgives what is owed, with a reason (−)

export interface CustomerLedgerTable {
  id: Generated<number>;
  customer_id: number;
  kind: LedgerKind;
  amount: number; // paise, signed
  balance_after: number;
  bill_id: number | null;
  payment_mode: "cash" | "upi" | "card" | null;
  reference: string | null;
  note: string | null;
  user_id: number | null;
  created_at: UtcTime;
}
