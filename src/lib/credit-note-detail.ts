import type { BillDetail, TaxRateRow } from "./bill-detail.ts";
import type { UtcTime } from "./utc-time.ts";

/**
 * One credit note as a plain domain object: what its page and its PDFs show.
 * Money in paise, times as stored (UTC); formatting is the caller's.
 */
export interface CreditNoteDetail {
  shop: BillDetail["shop"];
  note: {
    id: number;
    number: string;
    createdAt: UtcTime;
    /** The reason as people read it ("Wrong item or size"), and the cashier's words. */
    reason: string;
    /** The reason's code (damaged, wrong_item…): the page shows it from the catalogue. */
    reasonCode: string;
    note: string | null;
    subtotal: number;
    discount: number;
    taxableTotal: number;
    taxTotal: number;
    cgstTotal: number;
    sgstTotal: number;
    roundOff: number;
    total: number;
    refund: {
      cash: number;
      upi: number;
      card: number;
      storeCredit: number;
      exchange: number;
      /** Taken back off the customer's account (the bill's udhaar part). */
      account: number;
    };
    /** The new bill of an exchange, if any. */
    exchangeBill: { id: number; number: string } | null;
    approvedByName: string | null;
    printCount: number;
  };
  /** The original bill the goods were sold on. */
  bill: { id: number; number: string; completedAt: UtcTime | null };
  lines: CreditNoteDetailLine[];
  /** GST reversed per rate, ascending (till/totals.ts `taxSummaryOf`). */
  taxSummary: TaxRateRow[];
  customer: BillDetail["customer"];
  cashierName: string;
}

export interface CreditNoteDetailLine {
  position: number;
  code: string;
  name: string;
  hsn: string;
  unit: "pc" | "kg" | "l";
  unitPrice: number;
  qty: number;
  gross: number;
  /** Line discount and bill discount share of the returned part, as sold. */
  discount: number;
  taxRate: number;
  taxableValue: number;
  taxAmount: number;
  lineTotal: number;
  /** False: damaged, written off. */
  restock: boolean;
}
