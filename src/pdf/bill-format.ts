import type { BillDetail } from "../lib/bill-detail.ts";
import { upiUri } from "../lib/upi.ts";
import { ENGLISH, type Words } from "./words.ts";

/** Text shared by the printed bill and the bill detail page (formatting only, no arithmetic). */

/** Quantity as printed: pieces whole ("2"), loose goods in kg/l with grams ("0.750 kg"). */
export function qtyText(qty: number, unit: "pc" | "kg" | "l"): string {
  if (unit === "pc") return String(qty);
  const sign = qty < 0 ? "-" : "";
  const abs = Math.abs(qty);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, "0")} ${unit}`;
}

/** Rate per selling unit suffix for loose goods: "/kg", "/l", or nothing for pieces. */
export function perUnit(unit: "pc" | "kg" | "l"): string {
  return unit === "pc" ? "" : `/${unit}`;
}

/** A GST-registered shop (it has a GSTIN) issues tax invoices; only they carry tax lines. */
export function isTaxInvoice(detail: BillDetail): boolean {
  return Boolean(detail.shop.gstin);
}

/** "Tax Invoice" for a GST-registered shop, else "Bill of Supply" (no GST columns or lines). */
export function billTitle(detail: BillDetail, w: Words = ENGLISH): string {
  return w(isTaxInvoice(detail) ? "title.taxInvoice" : "title.billOfSupply");
}

const MODES = new Set(["cash", "upi", "card", "account", "credit", "split", "exchange"]);

/** A payment mode's name: "Cash", "UPI", "Card", "On account", "Split", or "Unpaid" for none. */
export function paymentModeName(mode: string | null, w: Words = ENGLISH): string {
  if (!mode) return w("mode.unpaid");
  return MODES.has(mode) ? w(`mode.${mode}`) : mode;
}

/** The parts of a split payment with their amounts, store credit first: [["Store credit", 10000], ["Cash", 5000]]. */
export function paymentParts(
  bill: BillDetail["bill"],
  w: Words = ENGLISH,
): Array<[string, number]> {
  const parts: Array<[string, number]> = [
    [w("mode.credit"), bill.paidStoreCredit],
    [w("mode.cash"), bill.paidCash],
    [w("mode.upi"), bill.paidUpi],
    [w("mode.card"), bill.paidCard],
    [w("mode.account"), bill.paidAccount],
  ];
  return parts.filter(([, v]) => v > 0);
}

/** "Cash", "On account", "Split (Cash + On account)", "Cash + credit note" (an exchange), or "Unpaid". */
export function paymentModeText(bill: BillDetail["bill"], words: Words = ENGLISH): string {
  return words.each((w) => modeText(bill, w));
}

function modeText(bill: BillDetail["bill"], w: Words): string {
  if (!bill.paymentMode) return w("mode.unpaid");
  if ((bill.paidExchange ?? 0) > 0 && bill.paymentMode !== "exchange")
    return w("mode.withCreditNote", { mode: modeText({ ...bill, paidExchange: 0 }, w) });
  if (bill.paymentMode !== "split") return paymentModeName(bill.paymentMode, w);
  return w("mode.splitOf", {
    parts: paymentParts(bill, w)
      .map(([n]) => n)
      .join(" + "),
  });
}

/**
 * The UPI payment link for the bill when it should carry one: the shop has a
 * UPI ID, the bill is not void, and it was paid by UPI (amount = the UPI part)
 * or is unpaid (amount = the total). Otherwise null.
 */
export function upiLink(detail: BillDetail): string | null {
  const { shop, bill } = detail;
  if (!shop.upiId || bill.status === "voided") return null;
  let amount: number;
  if (!bill.paymentMode) amount = bill.total;
  else if (bill.paidUpi > 0) amount = bill.paidUpi;
  else return null;
  return upiUri(shop.upiId, shop.name, amount, bill.number);
}

/** The amount a UPI link asks for, for the caption under the QR. */
export function upiAmount(detail: BillDetail): number {
  return detail.bill.paymentMode ? detail.bill.paidUpi : detail.bill.total;
}

/** File name for the PDF: "bill-2026-27-000123.pdf". */
export function billFileName(detail: BillDetail, format: string): string {
  const safe = detail.bill.number.replace(/[^A-Za-z0-9-]+/g, "-");
  return `bill-${safe}${format === "a4" ? "-invoice" : ""}.pdf`;
}
