import type { CreditNoteDetail } from "../lib/credit-note-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatRupees } from "../lib/money.ts";

/** Text shared by the credit note's page and PDFs (formatting only, no arithmetic). */

/** "Credit Note" for a GST-registered shop (it reverses GST), else "Return Note". */
export function creditNoteTitle(detail: CreditNoteDetail): string {
  return detail.shop.gstin ? "Credit Note" : "Return Note";
}

/** "Against bill 2026-27/000123 of 04/12/2026, 10:31 am". */
export function againstBill(detail: CreditNoteDetail): string {
  const when = detail.bill.completedAt
    ? shopDateTime(detail.bill.completedAt, detail.shop.timeZone)
    : "";
  return `Against bill ${detail.bill.number}${when ? ` of ${when}` : ""}`;
}

/** Where the refund went, one [label, amount] per part used. */
export function refundParts(detail: CreditNoteDetail): Array<[string, string]> {
  const r = detail.note.refund;
  const parts: Array<[string, number]> = [
    ["Cash", r.cash],
    ["UPI", r.upi],
    ["Card", r.card],
    ["Store credit", r.storeCredit],
    ["Off the account (udhaar)", r.account],
    [`Exchange: bill ${detail.note.exchangeBill?.number ?? ""}`, r.exchange],
  ];
  return parts.filter(([, v]) => v > 0).map(([k, v]) => [k, formatRupees(v)]);
}

/** File name for the PDF: "credit-note-CN-2026-27-00012.pdf". */
export function creditNoteFileName(detail: CreditNoteDetail, format: string): string {
  const safe = detail.note.number.replace(/[^A-Za-z0-9-]+/g, "-");
  return `credit-note-${safe}${format === "a4" ? "-a4" : ""}.pdf`;
}
