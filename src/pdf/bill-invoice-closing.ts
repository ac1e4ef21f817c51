import type { BillDetail } from "../lib/bill-detail.ts";
import { formatAmount, formatRupees } from "../lib/money.ts";
import { halfPercentLabel, percentLabel } from "../lib/percent.ts";
import { amountInWords } from "./amount-in-words.ts";
import { isTaxInvoice, paymentModeText, paymentParts, upiAmount, upiLink } from "./bill-format.ts";
import type { EmbeddedFonts } from "./fonts.ts";
import type { Pen, TextOptions } from "./pdf-draw.ts";
import { wrapText } from "./pdf-draw.ts";

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
  detail: BillDetail,
  top: number,
): number {
  const { bill, shop } = detail;
  const text = (t: string, x: number, y: number, o: TextOptions) => pen?.text(t, x, y, o);
  const s = 8.5;

  // Right: the totals.
  const tx = M + CONTENT - TOTALS_W;
  let ry = top + 6;
  const row = (label: string, value: string, bold = false, size = s) => {
    ry += size + 4;
    const o = { size, weight: bold ? ("bold" as const) : ("regular" as const) };
    text(label, tx + 4, ry, o);
    text(value, tx, ry, { ...o, align: "right", width: TOTALS_W - 4 });
  };
  row("Subtotal", formatRupees(bill.subtotal));
  if (bill.lineDiscountTotal) row("Item discounts", `-${formatRupees(bill.lineDiscountTotal)}`);
  if (bill.billDiscount) row("Bill discount", `-${formatRupees(bill.billDiscount)}`);
  // A bill of supply (no GSTIN) carries no tax lines.
  const gst = isTaxInvoice(detail);
  if (gst) row("Taxable value", formatRupees(bill.taxableTotal));
  for (const t of detail.taxSummary) {
    if (!gst || !t.tax) continue;
    row(`CGST @${halfPercentLabel(t.rate)}`, formatRupees(t.cgst));
    row(`SGST @${halfPercentLabel(t.rate)}`, formatRupees(t.sgst));
  }
  if (bill.roundOff) {
    row("Round off", `${bill.roundOff > 0 ? "+" : "-"}${formatRupees(Math.abs(bill.roundOff))}`);
  }
  ry += 5;
  pen?.box(tx, ry, TOTALS_W, 20, { fillGrey: 0.9 });
  ry -= 1;
  row("Grand total", formatRupees(bill.total), true, 11);
  ry += 6;

  // Left: GST summary table, then payment.
  let ly = top + 6;
  if (gst && detail.taxSummary.some((t) => t.tax)) {
    const cols = [
      ["GST rate", 48],
      ["Taxable", 72],
      ["CGST", 56],
      ["SGST", 56],
      ["Total tax", LEFT_W - 232],
    ] as const;
    ly += 4;
    pen?.box(M, ly - 2, LEFT_W, 14, { fillGrey: 0.9 });
    let x = M;
    ly += 8;
    for (const [title, w] of cols) {
      text(title, x, ly, { size: 8, weight: "bold", align: "right", width: w - 4 });
      x += w;
    }
    for (const t of detail.taxSummary) {
      ly += 12;
      x = M;
      const values = [percentLabel(t.rate), t.taxable, t.cgst, t.sgst, t.tax];
      values.forEach((v, i) => {
        const w = cols[i]?.[1] ?? 0;
        const label = typeof v === "string" ? v : formatAmount(v);
        text(label, x, ly, { size: 8, align: "right", width: w - 4 });
        x += w;
      });
    }
    ly += 6;
    pen?.line(M, M + LEFT_W, ly, { thickness: 0.3 });
  }
  ly += 14;
  text(`Payment: ${paymentModeText(bill)}`, M, ly, { size: s, weight: "bold" });
  const paid: string[] = [];
  if (bill.paymentMode === "split")
    for (const [name, paise] of paymentParts(bill)) paid.push(`${name} ${formatRupees(paise)}`);
  if (bill.paidExchange) paid.push(`Credit note ${formatRupees(bill.paidExchange)}`);
  if (bill.tendered) {
    paid.push(`Tendered ${formatRupees(bill.tendered)}`, `Change ${formatRupees(bill.changeDue)}`);
  }
  if (paid.length) {
    ly += 12;
    text(paid.join("   "), M, ly, { size: s });
  }

  // Full width: amount in words.
  let y = Math.max(ly, ry) + 16;
  text("Amount in words:", M, y, { size: s, weight: "bold" });
  for (const l of wrapText(fonts, "regular", amountInWords(bill.total), s, CONTENT - 90)) {
    text(l, M + 88, y, { size: s });
    y += 12;
  }

  // QR codes and signature.
  y += 6;
  const qrTop = y;
  pen?.qr(bill.number, M, qrTop, QR);
  text(`Bill ${bill.number}`, M, qrTop + QR + 9, { size: 7, align: "center", width: QR });
  const upi = upiLink(detail);
  if (upi) {
    pen?.qr(upi, M + QR + 20, qrTop, QR);
    text(`Scan to pay ${formatRupees(upiAmount(detail))}`, M + QR + 10, qrTop + QR + 9, {
      size: 7,
      align: "center",
      width: QR + 20,
    });
  }
  const sx = M + CONTENT - TOTALS_W;
  text(`For ${shop.name}`, sx, qrTop + 14, {
    size: 9,
    weight: "bold",
    align: "right",
    width: TOTALS_W,
  });
  pen?.line(sx + 40, sx + TOTALS_W, qrTop + QR - 6, { thickness: 0.4 });
  text("Authorised signatory", sx, qrTop + QR + 4, { size: 8, align: "right", width: TOTALS_W });
  y = qrTop + QR + 22;
  text("This is a computer-generated invoice.", M, y, { size: 7, grey: 0.35 });
  return y + 4 - top;
}
