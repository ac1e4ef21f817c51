import type { Generated } from "kysely";
import type { UtcTime } from "../lib/utc-time.ts";

/** The returns tables (src/services/returns), beside the rest in types.ts. */

/** Why goods came back (the return form's short list; the note says more). */
export const RETURN_REASONS = {
  damaged: "Damaged or defective",
  wrong_item: "Wrong item or size",
  expired: "Expired",
  changed_mind: "Customer changed mind",
  exchange: "Exchange",
  other: "Other",
} as const;
export type ReturnReason = keyof typeof RETURN_REASONS;

/** One credit note: the document of one return (or the return half of an exchange). */
export interface CreditNoteTable {
  id: Generated<number>;
  /** Gapless per financial year: `CN/2026-27/00012` (services/returns/credit-note-number.ts). */
  number: string;
  bill_id: number;
  customer_id: number | null;
  cashier_id: number;
  /** The owner who approved a return over the cashier's limit, if any. */
  approved_by: number | null;
  reason: ReturnReason;
  note: string | null;
  /** Σ gross (value at the sold prices) and Σ discounts (line and bill share) of the returned goods. */
  subtotal: number;
  discount: number;
  taxable_total: number;
  tax_total: number;
  round_off: number;
  /** What the customer gets back: Σ line totals + round-off = Σ refund_* columns. */
  total: number;
  refund_cash: number;
  refund_upi: number;
  refund_card: number;
  refund_store_credit: number;
  /** The part applied to the new bill of an exchange (that bill's paid_exchange). */
  refund_exchange: number;
  /** Taken back off the customer's account: the bill's on-account part (a "reversal" entry). */
  refund_account: Generated<number>;
  exchange_bill_id: number | null;
  created_at: UtcTime;
}

export interface CreditNoteLineTable {
  id: Generated<number>;
  credit_note_id: number;
  bill_line_id: number;
  product_id: number;
  position: number;
  code: string;
  name: string;
  hsn: string;
  unit: "pc" | "kg" | "l";
  unit_price: number;
  qty: number;
  tax_rate: number;
  gross: number;
  discount: number;
  taxable_value: number;
  tax_amount: number;
  line_total: number;
  /** 1: back on the shelf (movement "return"); 0: damaged, written off (return + write_off). */
  restock: 0 | 1;
}

/** One printed copy of a credit note; the first is the original, later ones say DUPLICATE. */
export interface CreditNotePrintTable {
  id: Generated<number>;
  credit_note_id: number;
  user_id: number | null;
  format: string;
  printed_at: UtcTime;
}
