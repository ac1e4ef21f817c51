import { PDFDocument } from "pdf-lib";
import type { PaymentReceiptDoc } from "../lib/account-docs.ts";
import type { ReceiptFormat } from "../lib/bill-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatRupees } from "../lib/money.ts";
import { Flow } from "./account-flow.ts";
import { amountInWords } from "./amount-in-words.ts";
import { embedFonts, printable } from "./fonts.ts";
import { MM } from "./pdf-draw.ts";

/** "₹250.00 owed", "₹50.00 store credit", "₹0.00 (settled)". */
export function balanceText(balance: number): string {
  if (balance > 0) return `${formatRupees(balance)} owed`;
  if (balance < 0) return `${formatRupees(-balance)} store credit`;
  return `${formatRupees(0)} (settled)`;
}

/**
 * The receipt for a payment received against a customer's account: an 80 mm
 * (or 58 mm) thermal slip or an A4 page, with the previous balance, the
 * payment and the new balance. Pure: drawn from a PaymentReceiptDoc.
 */
export async function renderPaymentReceiptPdf(
  r: PaymentReceiptDoc,
  format: ReceiptFormat = r.shop.receiptFormat,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(printable(`Payment receipt ${r.number}`));
  doc.setAuthor(printable(r.shop.name));
  doc.setCreator("Smart Retail QR Billing");
  const fonts = await embedFonts(doc);
  const a4 = format === "a4";
  const narrow = format === "58mm";
  const pageWidth = a4 ? 595.28 : (narrow ? 58 : 80) * MM;
  const margin = a4 ? 56 : (narrow ? 5 : 4) * MM;
  const body = a4 ? 11 : narrow ? 7 : 8;
  const f = new Flow(fonts, margin, a4 ? 300 : pageWidth - margin * 2, a4 ? 48 : 3 * MM);
  const center = { align: "center" as const, width: f.width };
  f.shopHeader(r.shop, body);
  f.gap(3);
  f.para("PAYMENT RECEIPT", { size: body + 2, weight: "bold", ...center });
  f.rule();
  const t = { size: body };
  f.row(`Receipt No: ${r.number}`, "", { ...t, weight: "bold" });
  f.row(`Date: ${shopDateTime(r.at, r.shop.timeZone)}`, "", t);
  f.para(`Received from: ${r.customer.name}${r.customer.phone ? ` (${r.customer.phone})` : ""}`, t);
  if (r.receivedBy) f.row(`Received by: ${r.receivedBy}`, "", t);
  f.row(`Paid by: ${r.mode}`, "", t);
  if (r.note) f.para(`Note: ${r.note}`, t);
  f.rule();
  f.row("Previous balance", balanceText(r.previousBalance), t);
  f.row("Payment received", formatRupees(r.amount), { size: body + 2, weight: "bold" }, body + 6);
  f.rule(false);
  f.row("New balance", balanceText(r.balance), { ...t, weight: "bold" });
  f.gap(2);
  f.para(amountInWords(r.amount), { size: body - 1 });
  f.rule();
  f.para("Thank you!", { ...t, weight: "bold", ...center });
  f.gap(5 * MM);
  const pens = f.draw(doc, pageWidth, a4 ? 841.89 : null, 0);
  for (const p of pens) p.finish();
  return doc.save({ useObjectStreams: false });
}
