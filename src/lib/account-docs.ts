import type { ReceiptFormat } from "./bill-detail.ts";
import type { ReceiptLanguage } from "./i18n.ts";
import type { UtcTime } from "./utc-time.ts";

/**
 * A customer's account documents as plain data (what src/pdf draws, like
 * BillDetail for bills): a payment receipt and a statement. Paise; times as
 * stored (UTC) with the shop's zone beside them.
 */

export interface AccountShop {
  name: string;
  address: string;
  phone: string;
  gstin: string | null;
  timeZone: string;
  receiptFormat: ReceiptFormat;
  /** The language of its printed documents (absent: English). */
  receiptLanguage?: ReceiptLanguage;
}

export interface PaymentReceiptDoc {
  shop: AccountShop;
  number: string;
  at: UtcTime;
  customer: { name: string; phone: string };
  /** "Cash", "UPI", "Card". */
  mode: string;
  /** The mode's code ('cash' | 'upi' | 'card'), for the receipt's language; absent: `mode` as is. */
  paymentMode?: string | null;
  receivedBy: string;
  note: string | null;
  previousBalance: number;
  amount: number;
  /** > 0 still owed, < 0 store credit. */
  balance: number;
}

/** A ledger entry as the statement words it in the receipt language (pdf `entry.*`). */
export interface StatementEntry {
  kind: string;
  reference: string | null;
  note: string | null;
  paymentMode: string | null;
  billNumber: string | null;
}

export interface StatementLine {
  at: UtcTime;
  description: string;
  /** What `description` says, as data (absent: `description` as is). */
  entry?: StatementEntry;
  /** Paise added to what the customer owes (bills on account), else 0. */
  debit: number;
  /** Paise taken off (payments, store credit, write-offs), else 0. */
  credit: number;
  balance: number;
}

export interface StatementDoc {
  shop: AccountShop;
  customer: { name: string; phone: string };
  /** Shop-local 'YYYY-MM-DD', inclusive. */
  from: string;
  to: string;
  opening: number;
  lines: StatementLine[];
  /** True when the range had more entries than a statement prints. */
  truncated: boolean;
  totalDebit: number;
  totalCredit: number;
  closing: number;
  creditLimit: number;
  generatedAt: UtcTime;
}

/** "owes ₹…"-style wording of a balance, for documents and pages: the sign made words. */
export function balanceWords(balance: number): "owed" | "store credit" | "settled" {
  return balance > 0 ? "owed" : balance < 0 ? "store credit" : "settled";
}
