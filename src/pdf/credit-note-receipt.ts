import type { PDFDocument } from "pdf-lib";
import type { CreditNoteDetail } from "../lib/credit-note-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatAmount, formatRupees } from "../lib/money.ts";
import { halfPercentLabel, percentLabel } from "../lib/percent.ts";
import { amountInWordsLines } from "./amount-in-words.ts";
import { perUnit, qtyText } from "./bill-format.ts";
import { Recorder, shopHeader, stamp } from "./bill-receipt.ts";
import { againstBill, creditNoteTitle, reasonText, refundParts } from "./credit-note-format.ts";
import type { EmbeddedFonts } from "./fonts.ts";
import { itemLabel } from "./item-label.ts";
import { MM, Pen } from "./pdf-draw.ts";
import { customerName, wordsFor } from "./words.ts";

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
  const w = wordsFor(shop.receiptLanguage);

  shopHeader(r, w, shop, body, small);
  const title = creditNoteTitle(detail, w).toUpperCase();
  r.para(title, { size: body + 1, weight: "bold", ...center });
  if (options.duplicate) stamp(r, w("stamp.duplicate"), body + 1);
  r.rule();
  const meta = { size: body };
  r.row(`${w("meta.cnNo")}: ${note.number}`, "", { ...meta, weight: "bold" });
  r.row(`${w("meta.date")}: ${shopDateTime(note.createdAt, shop.timeZone)}`, "", meta);
  r.para(againstBill(detail, w), { ...meta, weight: "bold" });
  r.row(`${w("meta.cashier")}: ${detail.cashierName}`, "", meta);
  const c = detail.customer;
  r.para(`${w("meta.customer")}: ${customerName(w, c)}${c.phone ? ` (${c.phone})` : ""}`, meta);
  r.para(`${w("meta.reason")}: ${reasonText(w, note)}${note.note ? ` – ${note.note}` : ""}`, meta);
  if (note.approvedByName) r.para(`${w("meta.approvedBy")}: ${note.approvedByName}`, meta);
  r.rule();

  const amountW = width * (narrow ? 0.3 : 0.25);
  const rateW = width * (narrow ? 0.32 : 0.25);
  const qtyW = width * (narrow ? 0.26 : 0.2);
  const amountX = margin + width - amountW;
  const rateX = amountX - rateW;
  const qtyX = rateX - qtyW;
  r.heads(
    [
      [margin, 0, "left", w.lines(narrow ? "col.item" : "col.itemReturned")],
      [qtyX, qtyW, "right", w.lines("col.qty")],
      [rateX, rateW, "right", w.lines("col.rate")],
      [amountX, amountW, "right", w.lines("col.amount")],
    ],
    { size: small, weight: "bold" },
  );
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
      r.row(`    ${w("line.discountAsSold")}`, `-${formatAmount(line.discount)}`, { size: small });
    if (!line.restock) r.row(`    ${w("line.damaged")}`, "", { size: small });
  });
  r.rule();

  const t = { size: body };
  r.row(w.lines("cn.valueReturned"), formatRupees(note.subtotal), t);
  if (note.discount) r.row(w.lines("cn.discountsAsSold"), `-${formatRupees(note.discount)}`, t);
  if (gst) r.row(w.lines("totals.taxableValue"), formatRupees(note.taxableTotal), t);
  for (const tax of detail.taxSummary) {
    if (!gst || !tax.tax) continue;
    const on = { rate: halfPercentLabel(tax.rate), taxable: formatAmount(tax.taxable) };
    r.row(w.lines("cn.cgstReversedOn", on), formatRupees(tax.cgst), t);
    r.row(w.lines("cn.sgstReversedOn", on), formatRupees(tax.sgst), t);
  }
  if (gst && note.taxTotal) r.row(w.lines("cn.gstReversed"), formatRupees(note.taxTotal), t);
  if (note.roundOff) {
    const sign = note.roundOff > 0 ? "+" : "-";
    r.row(w.lines("totals.roundOff"), `${sign}${formatRupees(Math.abs(note.roundOff))}`, t);
  }
  r.rule(false);
  const big = { size: body + 4, weight: "bold" as const };
  r.row(w.lines("cn.refundTotal"), formatRupees(note.total), big, body + 6);
  r.gap(2);
  for (const words of amountInWordsLines(note.total, w)) r.para(words, { size: small });
  r.rule(false);
  r.row(`${w("cn.refundedAs")}:`, "", { ...t, weight: "bold" });
  for (const [label, value] of refundParts(detail, w)) r.row(`  ${label}`, value, t);
  r.rule();
  r.gap(6);
  r.row(w("cn.signature"), "", { size: small });
  r.gap(5 * MM);

  const height = r.y;
  const page = doc.addPage([pageWidth, height]);
  const pen = new Pen(page, fonts, height);
  for (const op of r.ops) op(pen);
  pen.finish();
}
