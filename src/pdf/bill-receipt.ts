import type { PDFDocument } from "pdf-lib";
import type { BillDetail } from "../lib/bill-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatAmount, formatRupees } from "../lib/money.ts";
import { halfPercentLabel, percentLabel } from "../lib/percent.ts";
import { amountInWordsLines } from "./amount-in-words.ts";
import {
  billTitle,
  isTaxInvoice,
  paymentModeText,
  paymentParts,
  perUnit,
  qtyText,
  upiAmount,
  upiLink,
} from "./bill-format.ts";
import type { EmbeddedFonts } from "./fonts.ts";
import { itemLabel } from "./item-label.ts";
import { fitLabel, MM, Pen, type TextOptions, textWidth, wrapText } from "./pdf-draw.ts";
import { customerName, type Words, wordsFor } from "./words.ts";

/**
 * The thermal receipt: page width 80 mm (or 58 mm), height fitting the
 * content. Thermal heads print about 72 mm of an 80 mm roll (48 of 58), so
 * the margins are 4 mm / 5 mm; everything is black except the VOID mark.
 * The layout is recorded first (to learn the height), then drawn.
 */

type Op = (pen: Pen) => void;

export class Recorder {
  ops: Op[] = [];
  y: number;
  constructor(
    readonly fonts: EmbeddedFonts,
    readonly left: number,
    readonly width: number,
    top: number,
  ) {
    this.y = top;
  }
  text(t: string, x: number, baseline: number, o: TextOptions) {
    this.ops.push((p) => p.text(t, x, baseline, o));
  }
  /**
   * A row: advance by `lead`, draw left text and optional right-aligned text.
   * A label in both languages (["Total", "कुल"]) reads "Total / कुल" where
   * that fits beside the right text, else one line each; a line still too
   * long wraps. The right text stays on the first line.
   */
  row(left: string | string[], right: string, o: TextOptions, lead = o.size * 1.35) {
    const weight = o.weight ?? "regular";
    const room = this.width - (right ? textWidth(this.fonts, weight, right, o.size) + 6 : 0);
    const labels = typeof left === "string" ? [left] : left;
    const lines = fitLabel(this.fonts, weight, labels, o.size, room);
    this.y += lead;
    const y = this.y;
    if (lines[0]) this.text(lines[0], this.left, y, o);
    if (right) this.text(right, this.left, y, { ...o, align: "right", width: this.width });
    for (const line of lines.slice(1)) {
      this.y += o.size * 1.3;
      this.text(line, this.left, this.y, o);
    }
  }
  /** Column titles, one row per language: [[x, width, align, lines], …]. */
  heads(cols: Array<[number, number, "left" | "right", string[]]>, o: TextOptions) {
    const rows = Math.max(...cols.map(([, , , l]) => l.length));
    for (let k = 0; k < rows; k++) {
      this.y += o.size * 1.35;
      const y = this.y;
      for (const [x, width, align, lines] of cols) {
        const t = lines[k];
        if (t) this.text(t, x, y, align === "left" ? o : { ...o, align, width });
      }
    }
  }
  /** Wrapped text, each line a row; centred or left. */
  para(t: string, o: TextOptions, maxWidth = this.width) {
    for (const line of wrapText(this.fonts, o.weight ?? "regular", t, o.size, maxWidth)) {
      this.y += o.size * 1.3;
      const y = this.y;
      this.text(line, this.left, y, { ...o, width: this.width });
    }
  }
  rule(dashed = true) {
    this.y += 4;
    const y = this.y;
    this.ops.push((p) => p.line(this.left, this.left + this.width, y, { dashed }));
    this.y += 1;
  }
  gap(h: number) {
    this.y += h;
  }
}

export interface ReceiptOptions {
  paper: "80mm" | "58mm";
  duplicate: boolean;
}

/** Adds the receipt page to `doc`. */
export function drawReceipt(
  doc: PDFDocument,
  fonts: EmbeddedFonts,
  detail: BillDetail,
  options: ReceiptOptions,
): void {
  const narrow = options.paper === "58mm";
  const pageWidth = (narrow ? 58 : 80) * MM;
  const margin = (narrow ? 5 : 4) * MM;
  const width = pageWidth - margin * 2;
  const body = narrow ? 7 : 8;
  const small = body - 1;
  const r = new Recorder(fonts, margin, width, 3 * MM);
  const { shop, bill } = detail;
  const center = { align: "center" as const, width };
  const gst = isTaxInvoice(detail);
  const w = wordsFor(shop.receiptLanguage);

  shopHeader(r, w, shop, body, small);
  r.para(billTitle(detail, w).toUpperCase(), { size: body + 1, weight: "bold", ...center });
  if (options.duplicate) stamp(r, w("stamp.duplicate"), body + 1);
  if (bill.status === "voided") stamp(r, w("stamp.void"), body + 1);
  r.rule();

  const meta = { size: body };
  r.row(`${w("meta.billNo")}: ${bill.number}`, "", { ...meta, weight: "bold" });
  const when = shopDateTime(bill.completedAt ?? bill.createdAt, shop.timeZone);
  r.row(`${w("meta.date")}: ${when}`, "", meta);
  r.row(`${w("meta.cashier")}: ${detail.cashierName}`, "", meta);
  const c = detail.customer;
  r.para(`${w("meta.customer")}: ${customerName(w, c)}${c.phone ? ` (${c.phone})` : ""}`, meta);
  if (bill.status === "voided" && bill.voidReason)
    r.para(`${w("meta.voidReason")}: ${bill.voidReason}`, meta);
  r.rule();

  // Columns: qty, rate and amount right-aligned in fixed boxes at the right.
  const amountW = width * (narrow ? 0.3 : 0.25);
  const rateW = width * (narrow ? 0.32 : 0.25);
  const qtyW = width * (narrow ? 0.26 : 0.2);
  const amountX = margin + width - amountW;
  const rateX = amountX - rateW;
  const qtyX = rateX - qtyW;
  const head = { size: small, weight: "bold" as const };
  const item = narrow ? "col.item" : gst ? "col.itemHsnGst" : "col.itemHsn";
  r.heads(
    [
      [margin, 0, "left", w.lines(item)],
      [qtyX, qtyW, "right", w.lines("col.qty")],
      [rateX, rateW, "right", w.lines("col.rate")],
      [amountX, amountW, "right", w.lines("col.amount")],
    ],
    head,
  );
  r.rule();

  detail.lines.forEach((line, i) => {
    const tax = [line.hsn, gst ? percentLabel(line.taxRate) : ""].filter(Boolean).join(" · ");
    // 58 mm has no room for a tax column: HSN and rate follow the name.
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
      r.row(`    ${w("line.discount")}`, `-${formatAmount(line.discount)}`, { size: small });
  });
  r.rule();

  const t = { size: body };
  // Lines, not units: "3 × soap" is one line of three pieces, and 0.750 kg is no count at all.
  const lines = detail.lines.length;
  r.row(w.lines("totals.subtotalLines", { count: lines }), formatRupees(bill.subtotal), t);
  if (bill.lineDiscountTotal)
    r.row(w.lines("totals.itemDiscounts"), `-${formatRupees(bill.lineDiscountTotal)}`, t);
  if (bill.billDiscount)
    r.row(w.lines("totals.billDiscount"), `-${formatRupees(bill.billDiscount)}`, t);
  if (gst) r.row(w.lines("totals.taxableValue"), formatRupees(bill.taxableTotal), t);
  for (const tax of detail.taxSummary) {
    if (!gst || !tax.tax) continue;
    const on = { rate: halfPercentLabel(tax.rate), taxable: formatAmount(tax.taxable) };
    r.row(w.lines("totals.cgstOn", on), formatRupees(tax.cgst), t);
    r.row(w.lines("totals.sgstOn", on), formatRupees(tax.sgst), t);
  }
  if (bill.roundOff) {
    const sign = bill.roundOff > 0 ? "+" : "-";
    r.row(w.lines("totals.roundOff"), `${sign}${formatRupees(Math.abs(bill.roundOff))}`, t);
  }
  r.rule(false);
  r.row(
    w.lines("totals.total"),
    formatRupees(bill.total),
    { size: body + 4, weight: "bold" },
    body + 6,
  );
  r.gap(2);
  for (const words of amountInWordsLines(bill.total, w)) r.para(words, { size: small });
  r.rule(false);

  r.row(
    w.eachLines((one) => one("pay.paidBy", { mode: paymentModeText(bill, one) })),
    "",
    t,
  );
  if (bill.paymentMode === "split")
    for (const [name, paise] of paymentParts(bill, w)) r.row(`  ${name}`, formatRupees(paise), t);
  if (bill.paidExchange)
    r.row(`  ${w("pay.creditNoteExchange")}`, formatRupees(bill.paidExchange), t);
  if (bill.tendered) {
    r.row(w.lines("pay.tendered"), formatRupees(bill.tendered), t);
    r.row(w.lines("pay.change"), formatRupees(bill.changeDue), t);
  }
  r.rule();
  drawQrs(r, detail, w, narrow, small);
  if (shop.footer) {
    r.gap(2);
    r.para(shop.footer, { size: body, weight: "bold", ...center });
  }
  r.gap(5 * MM);

  const height = r.y;
  const page = doc.addPage([pageWidth, height]);
  const pen = new Pen(page, fonts, height);
  for (const op of r.ops) op(pen);
  pen.finish();
  if (bill.status === "voided") {
    // One mark per ~90 mm of paper so a long voided receipt is marked throughout.
    const marks = Math.max(1, Math.round(height / (90 * MM)));
    for (let i = 0; i < marks; i++) {
      pen.voidMark(pageWidth / 2, (height * (i + 0.5)) / marks, narrow ? 44 : 60);
    }
  }
}

/** The shop's name, address, phone and GSTIN, centred: the top of every roll document. */
export function shopHeader(
  r: Recorder,
  w: Words,
  shop: { name: string; address: string; phone: string; gstin: string | null },
  body: number,
  small: number,
) {
  const center = { align: "center" as const, width: r.width };
  r.para(shop.name, { size: body + 4, weight: "bold", ...center });
  if (shop.address) r.para(shop.address, { size: small, ...center });
  if (shop.phone) r.para(`${w("shop.ph")}: ${shop.phone}`, { size: small, ...center });
  if (shop.gstin) r.para(`${w("shop.gstin")}: ${shop.gstin}`, { size: small, ...center });
  r.gap(2);
}

export function stamp(r: Recorder, label: string, size: number) {
  r.gap(3);
  const w = r.width * 0.6;
  const x = r.left + (r.width - w) / 2;
  const top = r.y;
  r.ops.push((p) => p.box(x, top, w, size * 1.8));
  r.y += size * 1.35;
  r.text(label, x, r.y, { size, weight: "bold", align: "center", width: w });
  r.y = top + size * 1.8;
}

/** The bill-number QR (for lookup and returns) and, when due, the UPI QR; side by side on 80 mm. */
function drawQrs(r: Recorder, detail: BillDetail, w: Words, narrow: boolean, small: number) {
  const upi = upiLink(detail);
  const size = (narrow ? 24 : 26) * MM;
  const caption = (label: string, value: string, width: number) =>
    wrapText(r.fonts, "regular", `${label} ${value}`, small, width);
  const codes = [{ text: detail.bill.number, label: w("qr.bill"), value: detail.bill.number }];
  const amount = formatRupees(upiAmount(detail));
  if (upi) codes.push({ text: upi, label: w("qr.scanToPay"), value: amount });
  const perRow = narrow ? 1 : codes.length;
  for (let i = 0; i < codes.length; i += perRow) {
    const row = codes.slice(i, i + perRow);
    const slot = r.width / row.length;
    const top = r.y + 2;
    row.forEach((code, j) => {
      const x = r.left + slot * j + (slot - size) / 2;
      r.ops.push((p) => p.qr(code.text, x, top, size));
      caption(code.label, code.value, slot).forEach((line, k) => {
        r.text(line, r.left + slot * j, top + size + small * (1 + k * 1.25), {
          size: small,
          align: "center",
          width: slot,
        });
      });
    });
    const extra = Math.max(...row.map((c) => caption(c.label, c.value, slot).length)) - 1;
    r.y = top + size + small * (1.6 + extra * 1.25);
  }
}
