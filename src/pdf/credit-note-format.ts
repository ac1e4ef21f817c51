import type { CreditNoteDetail } from "../lib/credit-note-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatRupees } from "../lib/money.ts";
import { ENGLISH, type Words } from "./words.ts";

/** Text shared by the credit note's page and PDFs (formatting only, no arithmetic). */

/** "Credit Note" for a GST-registered shop (it reverses GST), else "Return Note". */
export function creditNoteTitle(detail: CreditNoteDetail, w: Words = ENGLISH): string {
  return w(detail.shop.gstin ? "title.creditNote" : "title.returnNote");
}

/** "Against bill 2026-27/000123 of 04/12/2026, 10:31 am". */
export function againstBill(detail: CreditNoteDetail, w: Words = ENGLISH): string {
  return w.each((one) => againstBillIn(detail, one));
}

function againstBillIn(detail: CreditNoteDetail, w: Words): string {
  const number = detail.bill.number;
  if (!detail.bill.completedAt) return w("cn.againstBill", { number });
  const when = shopDateTime(detail.bill.completedAt, detail.shop.timeZone);
  return w("cn.againstBillOf", { number, when });
}

/** Where the refund went, one [label, amount] per part used. */
export function refundParts(detail: CreditNoteDetail, w: Words = ENGLISH): Array<[string, string]> {
  const r = detail.note.refund;
  const parts: Array<[string, number]> = [
    [w("mode.cash"), r.cash],
    [w("mode.upi"), r.upi],
    [w("mode.card"), r.card],
    [w("mode.credit"), r.storeCredit],
    [w("cn.offAccount"), r.account],
    [`${w("cn.exchange")} ${detail.note.exchangeBill?.number ?? ""}`, r.exchange],
  ];
  return parts.filter(([, v]) => v > 0).map(([k, v]) => [k, formatRupees(v)]);
}

/** File name for the PDF: "credit-note-CN-2026-27-00012.pdf". */
export function creditNoteFileName(detail: CreditNoteDetail, format: string): string {
  const safe = detail.note.number.replace(/[^A-Za-z0-9-]+/g, "-");
  return `credit-note-${safe}${format === "a4" ? "-a4" : ""}.pdf`;
}

/**
 * Why the goods came back, in the receipt language: `pdf:reason.<code>`, one
 * for every code of db/return-types.ts RETURN_REASONS (tests/unit/pdf-language.test.ts).
 */
export function reasonText(w: Words, note: CreditNoteDetail["note"]): string {
  return w(`reason.${note.reasonCode}`);
}
