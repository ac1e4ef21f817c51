import type { ReceiptLanguage } from "./i18n.ts";
import type { UtcTime } from "./utc-time.ts";

/** Where a bill is in its life: open at a till, held, completed (numbered) or voided. */
export type BillStatus = "open" | "held" | "completed" | "voided";

/**
 * One numbered bill as a plain domain object: what the detail page and the
 * PDF show. Money in paise, times as stored (UTC); formatting is the caller's.
 */
export interface BillDetail {
  shop: {
    name: string;
    address: string;
    phone: string;
    gstin: string | null;
    upiId: string | null;
    timeZone: string;
    footer: string;
    receiptFormat: ReceiptFormat;
    /** The language of its printed documents (absent: English). */
    receiptLanguage?: ReceiptLanguage;
  };
  bill: {
    id: number;
    number: string;
    status: BillStatus;
    createdAt: UtcTime;
    completedAt: UtcTime | null;
    voidedAt: UtcTime | null;
    voidedByName: string | null;
    voidReason: string | null;
    subtotal: number;
    lineDiscountTotal: number;
    billDiscount: number;
    taxableTotal: number;
    taxTotal: number;
    cgstTotal: number;
    sgstTotal: number;
    roundOff: number;
    total: number;
    /** 'cash' | 'upi' | 'card' | 'account' | 'credit' | 'split', or null when unpaid. */
    paymentMode: string | null;
    paidCash: number;
    paidUpi: number;
    paidCard: number;
    /** Put on the customer's account (udhaar). */
    paidAccount: number;
    /** The customer's store credit spent. */
    paidStoreCredit: number;
    /** Paid by the credit note of an exchange (services/returns/exchange.ts); absent: none. */
    paidExchange?: number;
    tendered: number;
    changeDue: number;
    /** Copies printed so far (the next print is a duplicate when > 0). */
    printCount: number;
  };
  lines: BillDetailLine[];
  /** Per GST rate, ascending; CGST and SGST are equal halves (till/totals.ts `gstRow`). */
  taxSummary: TaxRateRow[];
  customer: {
    kind: "walk-in" | "customer" | "erased";
    id: number | null;
    name: string;
    /** Masked, e.g. "+91 XXXXXX3210"; empty for walk-in and erased. */
    phone: string;
  };
  cashierName: string;
}

export type ReceiptFormat = "80mm" | "58mm" | "a4";

export interface BillDetailLine {
  position: number;
  code: string;
  name: string;
  hsn: string;
  unit: "pc" | "kg" | "l";
  unitPrice: number;
  qty: number;
  /** price × qty */
  gross: number;
  /** The line's own discount. */
  discount: number;
  /** gross − discount: what the line column shows. */
  amount: number;
  taxRate: number;
  taxableValue: number;
  taxAmount: number;
  lineTotal: number;
}

export interface TaxRateRow {
  rate: number;
  taxable: number;
  cgst: number;
  sgst: number;
  tax: number;
}
