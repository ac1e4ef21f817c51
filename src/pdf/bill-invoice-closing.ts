import type { BillDetail } from "../lib/bill-detail.ts";
import { formatAmount, formatRupees } from "../lib/money.ts";
import { halfPercentLabel, percentLabel } from "../lib/percent.ts";
import { amountInWordsLines } from "./amount-in-words.ts";
import { isTaxInvoice, paymentModeText, paymentParts, upiAmount, upiLink } from "./bill-format.ts";
import type { EmbeddedFonts } from "./fonts.ts";
import type { Pen, TextOptions } from "./pdf-draw.ts";
import { fitLabel, textWidth, wrapText } from "./pdf-draw.ts";
import type { Words } from "./words.ts";

/**
 * The A4 invoice's closing block: GST summary and payment on the left, totals
 * on the right, amount in words, QR codes, signature. With `pen` null it only
 * measures (returns the height), so the invoice can keep it whole on one page.
 */

const M = 36;
const CONTENT = 595.28 - M * 2;
const TOTALS_W = 210;
const LEFT_W = CONTENT - TOTALS_W - 20;
const QR = 74;

export function drawClosing(
  pen: Pen | null,
  fonts: EmbeddedFonts,
  w: Words,
  detail: BillDetail,
  top: number,
): number {
  const { bill, shop } = detail;
  const text = (t: string, x: number, y: number, o: TextOptions) => pen?.text(t, x, y, o);
  const s = 8.5;

  // Right: the totals.
  const tx = M + CONTENT - TOTALS_W;
  let ry = top + 6;
  const row = (label: string[], value: string, bold = false, size = s) => {
    ry += size + 4;
    const o = { size, weight: bold ? ("bold" as const) : ("regular" as const) };
    const room = TOTALS_W - 14 - textWidth(fonts, o.weight, value, size);
    fitLabel(fonts, o.weight, label, size, room).forEach((line, k) => {
      if (k) ry += size + 3;
      text(line, tx + 4, ry, o);
      if (!k) text(value, tx, ry, { ...o, align: "right", width: TOTALS_W - 4 });
    });
  };
  row(w.lines("totals.subtotal"), formatRupees(bill.subtotal));
  if (bill.lineDiscountTotal)
    row(w.lines("totals.itemDiscounts"), `-${formatRupees(bill.lineDiscountTotal)}`);
  if (bill.billDiscount) row(w.lines("totals.billDiscount"), `-${formatRupees(bill.billDiscount)}`);
  // A bill of supply (no GSTIN) carries no tax lines.
  const gst = isTaxInvoice(detail);
  if (gst) row(w.lines("totals.taxableValue"), formatRupees(bill.taxableTotal));
  for (const t of detail.taxSummary) {
    if (!gst || !t.tax) continue;
    row(w.lines("totals.cgstAt", { rate: halfPercentLabel(t.rate) }), formatRupees(t.cgst));
    row(w.lines("totals.sgstAt", { rate: halfPercentLabel(t.rate) }), formatRupees(t.sgst));
  }
  if (bill.roundOff) {
    const sign = bill.roundOff > 0 ? "+" : "-";
    row(w.lines("totals.roundOff"), `${sign}${formatRupees(Math.abs(bill.roundOff))}`);
  }
  ry += 5;
  pen?.box(tx, ry, TOTALS_W, 20, { fillGrey: 0.9 });
  ry -= 1;
  row(w.lines("totals.grandTotal"), formatRupees(bill.total), true, 11);
  ry += 6;

  // Left: GST summary table, then payment.
  let ly = top + 6;
  if (gst && detail.taxSummary.some((t) => t.tax)) {
    const cols = [
      ["col.gstRate", 48],
      ["col.taxable", 72],
      ["col.cgst", 56],
      ["col.sgst", 56],
      ["col.totalTax", LEFT_W - 232],
    ] as const;
    const extra = (w.languages.length - 1) * 10;
    ly += 4;
    pen?.box(M, ly - 2, LEFT_W, 14 + extra, { fillGrey: 0.9 });
    let x = M;
    ly += 8;
    for (const [title, cw] of cols) {
      w.lines(title).forEach((line, k) => {
        const o = { size: 8, weight: "bold" as const, align: "right" as const, width: cw - 4 };
        text(line, x, ly + k * 10, o);
      });
      x += cw;
    }
    ly += extra;
    for (const t of detail.taxSummary) {
      ly += 12;
      x = M;
      const values = [percentLabel(t.rate), t.taxable, t.cgst, t.sgst, t.tax];
      values.forEach((v, i) => {
        const cw = cols[i]?.[1] ?? 0;
        const label = typeof v === "string" ? v : formatAmount(v);
        text(label, x, ly, { size: 8, align: "right", width: cw - 4 });
        x += cw;
      });
    }
    ly += 6;
    pen?.line(M, M + LEFT_W, ly, { thickness: 0.3 });
  }
  ly += 14;
  const payment = w.each((one) => one("pay.payment", { mode: paymentModeText(bill, one) }));
  for (const l of wrapText(fonts, "bold", payment, s, LEFT_W)) {
    text(l, M, ly, { size: s, weight: "bold" });
    ly += 12;
  }
  ly -= 12;
  const paid: string[] = [];
  if (bill.paymentMode === "split")
    for (const [name, paise] of paymentParts(bill, w)) paid.push(`${name} ${formatRupees(paise)}`);
  if (bill.paidExchange) paid.push(`${w("pay.creditNote")} ${formatRupees(bill.paidExchange)}`);
  if (bill.tendered) {
    paid.push(`${w("pay.tendered")} ${formatRupees(bill.tendered)}`);
    paid.push(`${w("pay.change")} ${formatRupees(bill.changeDue)}`);
  }
  if (paid.length) {
    const line = paid.join("   ");
    const fits = textWidth(fonts, "regular", line, s) <= LEFT_W;
    for (const l of fits ? [line] : wrapText(fonts, "regular", line, s, LEFT_W)) {
      ly += 12;
      text(l, M, ly, { size: s });
    }
  }

  // Full width: amount in words.
  let y = Math.max(ly, ry) + 16;
  const inWords = `${w("totals.amountInWords")}:`;
  text(inWords, M, y, { size: s, weight: "bold" });
  const wordsX = Math.max(88, textWidth(fonts, "bold", inWords, s) + 3);
  for (const words of amountInWordsLines(bill.total, w)) {
    for (const l of wrapText(fonts, "regular", words, s, CONTENT - wordsX - 2)) {
      text(l, M + wordsX, y, { size: s });
      y += 12;
    }
  }

  // QR codes and signature.
  y += 6;
  const qrTop = y;
  pen?.qr(bill.number, M, qrTop, QR);
  const captions = (label: string, value: string, x: number, width: number) =>
    wrapText(fonts, "regular", `${label} ${value}`, 7, width).forEach((line, k) => {
      text(line, x, qrTop + QR + 9 + k * 9, { size: 7, align: "center", width });
    });
  captions(w("qr.bill"), bill.number, M, QR);
  const upi = upiLink(detail);
  if (upi) {
    pen?.qr(upi, M + QR + 20, qrTop, QR);
    captions(w("qr.scanToPay"), formatRupees(upiAmount(detail)), M + QR + 10, QR + 20);
  }
  const sx = M + CONTENT - TOTALS_W;
  text(`${w("shop.for")} ${shop.name}`, sx, qrTop + 14, {
    size: 9,
    weight: "bold",
    align: "right",
    width: TOTALS_W,
  });
  pen?.line(sx + 40, sx + TOTALS_W, qrTop + QR - 6, { thickness: 0.4 });
  text(w("shop.signatory"), sx, qrTop + QR + 4, { size: 8, align: "right", width: TOTALS_W });
  y = qrTop + QR + 22 + (w.languages.length - 1) * 9;
  text(w("invoice.computerGenerated"), M, y, { size: 7, grey: 0.35 });
  return y + 4 - top;
}
