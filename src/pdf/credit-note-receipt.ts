import type { PDFDocument } from "pdf-lib";
import type { CreditNoteDetail } from "../lib/credit-note-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatAmount, formatRupees } from "../lib/money.ts";
import { halfPercentLabel, percentLabel } from "../lib/percent.ts";
import { amountInWords } from "./amount-in-words.ts";
import { perUnit, qtyText } from "./bill-format.ts";
import { Recorder, stamp } from "./bill-receipt.ts";
import { againstBill, creditNoteTitle, refundParts } from "./credit-note-format.ts";
import type { EmbeddedFonts } from "./fonts.ts";
import { itemLabel } from "./item-label.ts";
import { MM, Pen } from "./pdf-draw.ts";

/**
 * The credit note on a thermal roll (80 or 58 mm), drawn with the receipt's
 * own recorder and pen (bill-receipt.ts, pdf-draw.ts), so it prints like the
 * bill it refers to: shop header, CREDIT NOTE, its number, the original bill's
 * number and date, the goods back at their sold values, the GST reversed per
 * rate, the refund and where it went.
 */
export function drawCreditNoteReceipt(
  doc: PDFDocument,
  fonts: EmbeddedFonts,
  detail: CreditNoteDetail,
  options: { paper: "80mm" | "58mm"; duplicate: boolean },
): void {
  const narrow = options.paper === "58mm";
  const pageWidth = (narrow ? 58 : 80) * MM;
  const margin = (narrow ? 5 : 4) * MM;
  const width = pageWidth - margin * 2;
  const body = narrow ? 7 : 8;
  const small = body - 1;
  const r = new Recorder(fonts, margin, width, 3 * MM);
  const { shop, note } = detail;
  const center = { align: "center" as const, width };
  const gst = Boolean(shop.gstin);

  r.para(shop.name, { size: body + 4, weight: "bold", ...center });
  if (shop.address) r.para(shop.address, { size: small, ...center });
  if (shop.phone) r.para(`Ph: ${shop.phone}`, { size: small, ...center });
  if (shop.gstin) r.para(`GSTIN: ${shop.gstin}`, { size: small, ...center });
  r.gap(2);
  r.para(creditNoteTitle(detail).toUpperCase(), { size: body + 1, weight: "bold", ...center });
  if (options.duplicate) stamp(r, "DUPLICATE", body + 1);
  r.rule();
  const meta = { size: body };
  r.row(`CN No: ${note.number}`, "", { ...meta, weight: "bold" });
  r.row(`Date: ${shopDateTime(note.createdAt, shop.timeZone)}`, "", meta);
  r.para(againstBill(detail), { ...meta, weight: "bold" });
  r.row(`Cashier: ${detail.cashierName}`, "", meta);
  const c = detail.customer;
  r.para(`Customer: ${c.name}${c.phone ? ` (${c.phone})` : ""}`, meta);
  r.para(`Reason: ${note.reason}${note.note ? ` – ${note.note}` : ""}`, meta);
  if (note.approvedByName) r.para(`Approved by: ${note.approvedByName}`, meta);
  r.rule();

  const amountW = width * (narrow ? 0.3 : 0.25);
  const rateW = width * (narrow ? 0.32 : 0.25);
  const qtyW = width * (narrow ? 0.26 : 0.2);
  const amountX = margin + width - amountW;
  const rateX = amountX - rateW;
  const qtyX = rateX - qtyW;
  const head = { size: small, weight: "bold" as const };
  r.y += small * 1.35;
  const hy = r.y;
  r.text("Item returned", margin, hy, head);
  r.text("Qty", qtyX, hy, { ...head, align: "right", width: qtyW });
  r.text("Rate", rateX, hy, { ...head, align: "right", width: rateW });
  r.text("Amount", amountX, hy, { ...head, align: "right", width: amountW });
  r.rule();
  detail.lines.forEach((line, i) => {
    const tax = [line.hsn, gst ? percentLabel(line.taxRate) : ""].filter(Boolean).join(" · ");
    r.para(`${i + 1}. ${itemLabel(line)}${narrow && tax ? ` (${tax})` : ""}`, { size: body });
    r.y += body * 1.3;
    const y = r.y;
    if (!narrow) r.text(tax, margin + 8, y, { size: small - 0.5 });
    r.text(qtyText(line.qty, line.unit), qtyX, y, { size: body, align: "right", width: qtyW });
    r.text(`${formatAmount(line.unitPrice)}${perUnit(line.unit)}`, rateX, y, {
      size: body,
      align: "right",
      width: rateW,
    });
    r.text(formatAmount(line.gross), amountX, y, { size: body, align: "right", width: amountW });
    if (line.discount)
      r.row("    Discount as sold", `-${formatAmount(line.discount)}`, { size: small });
    if (!line.restock) r.row("    Damaged: written off", "", { size: small });
  });
  r.rule();

  const t = { size: body };
  r.row("Value returned", formatRupees(note.subtotal), t);
  if (note.discount) r.row("Discounts as sold", `-${formatRupees(note.discount)}`, t);
  if (gst) r.row("Taxable value", formatRupees(note.taxableTotal), t);
  for (const tax of detail.taxSummary) {
    if (!gst || !tax.tax) continue;
    const half = halfPercentLabel(tax.rate);
    r.row(`CGST reversed @${half} on ${formatAmount(tax.taxable)}`, formatRupees(tax.cgst), t);
    r.row(`SGST reversed @${half} on ${formatAmount(tax.taxable)}`, formatRupees(tax.sgst), t);
  }
  if (gst && note.taxTotal) r.row("GST reversed", formatRupees(note.taxTotal), t);
  if (note.roundOff) {
    const sign = note.roundOff > 0 ? "+" : "-";
    r.row("Round off", `${sign}${formatRupees(Math.abs(note.roundOff))}`, t);
  }
  r.rule(false);
  r.row("REFUND", formatRupees(note.total), { size: body + 4, weight: "bold" }, body + 6);
  r.gap(2);
  r.para(amountInWords(note.total), { size: small });
  r.rule(false);
  r.row("Refunded as:", "", { ...t, weight: "bold" });
  for (const [label, value] of refundParts(detail)) r.row(`  ${label}`, value, t);
  r.rule();
  r.gap(6);
  r.row("Customer's signature", "", { size: small });
  r.gap(5 * MM);

  const height = r.y;
  const page = doc.addPage([pageWidth, height]);
  const pen = new Pen(page, fonts, height);
  for (const op of r.ops) op(pen);
  pen.finish();
}
