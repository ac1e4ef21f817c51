import type { PDFDocument } from "pdf-lib";
import type { CreditNoteDetail } from "../lib/credit-note-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatAmount, formatRupees } from "../lib/money.ts";
import { halfPercentLabel, percentLabel } from "../lib/percent.ts";
import { amountInWordsLines } from "./amount-in-words.ts";
import { perUnit, qtyText } from "./bill-format.ts";
import { A4, BOTTOM } from "./bill-invoice.ts";
import { againstBill, creditNoteTitle, reasonText, refundParts } from "./credit-note-format.ts";
import type { EmbeddedFonts } from "./fonts.ts";
import { itemLabel } from "./item-label.ts";
import { fitLabel, Pen, type TextOptions, textWidth, wrapText } from "./pdf-draw.ts";
import { customerName, type Words, wordsFor } from "./words.ts";

/**
 * The A4 credit note, drawn with the invoice's page and pen (bill-invoice.ts,
 * pdf-draw.ts): header with ORIGINAL / DUPLICATE, the original bill's number
 * and date, the returned lines at their sold values (line total = taxable +
 * GST), the GST reversed per rate, the refund and where it went. Paginated.
 */

const M = A4.margin;
const W = A4.width - M * 2;
const COLS: Array<[string, number, "left" | "right"]> = [
  ["", 20, "right"],
  ["col.item", 180, "left"],
  ["col.hsn", 44, "left"],
  ["col.qty", 54, "right"],
  ["col.rate", 58, "right"],
  ["col.disc", 52, "right"],
  ["col.gst", 34, "right"],
  ["col.taxable", 40, "right"],
  ["col.amount", 41, "right"],
];
const S = 8.5;

export function drawCreditNoteA4(
  doc: PDFDocument,
  fonts: EmbeddedFonts,
  detail: CreditNoteDetail,
  options: { duplicate: boolean },
): void {
  const pens: Pen[] = [];
  const gst = Boolean(detail.shop.gstin);
  const w = wordsFor(detail.shop.receiptLanguage);
  const newPage = () => {
    const p = new Pen(doc.addPage([A4.width, A4.height]), fonts, A4.height);
    pens.push(p);
    return p;
  };
  let pen = newPage();
  let y = header(pen, w, detail, options.duplicate);
  y = tableHead(pen, w, y);
  detail.lines.forEach((line, i) => {
    const names = wrapText(fonts, "regular", itemLabel(line), S, 174);
    if (!line.restock) names.push(...w.lines("line.damaged"));
    if (y + names.length * 11 + 5 > BOTTOM) {
      pen = newPage();
      y = tableHead(pen, w, M + 10);
    }
    const base = y + 10;
    const cells = [
      String(i + 1),
      "",
      line.hsn,
      qtyText(line.qty, line.unit),
      `${formatAmount(line.unitPrice)}${perUnit(line.unit)}`,
      line.discount ? formatAmount(line.discount) : "",
      gst ? percentLabel(line.taxRate) : "",
      formatAmount(line.taxableValue),
      formatAmount(line.lineTotal),
    ];
    cellRow(pen, cells, base);
    names.forEach((nm, k) => {
      pen.text(nm, M + 23, base + k * 11, { size: S });
    });
    y += names.length * 11 + 5;
    pen.line(M, M + W, y - 1.5, { thickness: 0.25 });
  });

  const need = (150 + detail.taxSummary.length * 24) * (w.languages.length === 2 ? 1.4 : 1);
  if (y + need > BOTTOM) {
    pen = newPage();
    y = M + 10;
  }
  closing(pen, w, detail, y + 8, gst);
  pens.forEach((p, i) => {
    const fy = A4.height - M + 4;
    p.line(M, M + W, fy - 14, { thickness: 0.4 });
    const title = `${creditNoteTitle(detail, w)} ${detail.note.number}`;
    p.text(title, M, fy, { size: 7.5, grey: 0.3 });
    const page = w("invoice.page", { page: i + 1, pages: pens.length });
    p.text(page, M, fy, { size: 7.5, align: "right", width: W });
    p.finish();
  });
}

function cellRow(pen: Pen, cells: string[], baseline: number, o: Partial<TextOptions> = {}) {
  let x = M;
  COLS.forEach(([, w, align], i) => {
    const t = cells[i] ?? "";
    if (align === "left") pen.text(t, x + 3, baseline, { size: S, ...o });
    else pen.text(t, x, baseline, { size: S, align: "right", width: w - 3, ...o });
    x += w;
  });
}

/** The column titles; with both languages each takes two lines. */
function tableHead(pen: Pen, w: Words, top: number): number {
  const extra = (w.languages.length - 1) * 10;
  pen.box(M, top, W, 16 + extra, { fillGrey: 0.88 });
  w.languages.forEach((_, k) => {
    const titles = COLS.map(([t]) => (t ? (w.lines(t)[k] ?? "") : k ? "" : "#"));
    cellRow(pen, titles, top + 11 + k * 10, { weight: "bold", size: 8 });
  });
  return top + 18 + extra;
}

function header(pen: Pen, w: Words, detail: CreditNoteDetail, duplicate: boolean): number {
  const { shop, note } = detail;
  let left = M + 14;
  pen.text(shop.name, M, left, { size: 16, weight: "bold" });
  left += 19;
  for (const l of wrapText(pen.fonts, "regular", shop.address, 9, 330)) {
    pen.text(l, M, left, { size: 9 });
    left += 12;
  }
  if (shop.phone) {
    pen.text(`${w("shop.phone")}: ${shop.phone}`, M, left, { size: 9 });
    left += 12;
  }
  if (shop.gstin) {
    pen.text(`${w("shop.gstin")}: ${shop.gstin}`, M, left, { size: 9, weight: "bold" });
    left += 12;
  }
  const rx = M + W - 200;
  const right = { align: "right" as const, width: 200 };
  const title = creditNoteTitle(detail, w).toUpperCase();
  const titleSize = Math.min(15, (15 * 200) / textWidth(pen.fonts, "bold", title, 15));
  pen.text(title, rx, M + 14, { size: titleSize, weight: "bold", ...right });
  const stampText = w.lines(duplicate ? "stamp.duplicate" : "stamp.original");
  const extra = (stampText.length - 1) * 9;
  pen.box(rx + 80, M + 19, 120, 13 + extra);
  stampText.forEach((line, k) => {
    const o = { size: 7.5, weight: "bold" as const, align: "center" as const, width: 120 };
    pen.text(line, rx + 80, M + 28 + k * 9, o);
  });
  let ry = M + 44 + extra;
  const meta: Array<[string, string]> = [
    [w("meta.cnNo"), note.number],
    [w("meta.date"), shopDateTime(note.createdAt, shop.timeZone)],
    [w("meta.originalBill"), detail.bill.number],
    [
      w("meta.billDate"),
      detail.bill.completedAt ? shopDateTime(detail.bill.completedAt, shop.timeZone) : "",
    ],
    [w("meta.cashier"), detail.cashierName],
  ];
  for (const [k, v] of meta) {
    pen.text(`${k}: `, rx, ry, { size: 9, weight: "bold" });
    pen.text(v, rx, ry, { size: 9, ...right });
    ry += 12;
  }
  let y = Math.max(left, ry) + 2;
  pen.line(M, M + W, y);
  y += 13;
  const c = detail.customer;
  const customer = `${w("meta.customer")}: ${customerName(w, c)}${c.phone ? `, ${c.phone}` : ""}`;
  pen.text(customer, M, y, { size: 9 });
  const reason = `${w("meta.reason")}: ${reasonText(w, note)}${note.note ? ` – ${note.note}` : ""}`;
  for (const l of wrapText(pen.fonts, "regular", `${againstBill(detail, w)}. ${reason}`, 9, W)) {
    y += 12;
    pen.text(l, M, y, { size: 9 });
  }
  if (note.approvedByName) {
    y += 12;
    pen.text(
      w.each((one) => `${one("meta.approvedBy")} ${note.approvedByName}`),
      M,
      y,
      { size: 9 },
    );
  }
  return y + 10;
}

function closing(pen: Pen, w: Words, detail: CreditNoteDetail, top: number, gst: boolean): void {
  const { note } = detail;
  const tw = 220;
  const tx = M + W - tw;
  let ry = top;
  const row = (label: string[], value: string, bold = false) => {
    ry += 13;
    const o = { size: bold ? 11 : S, weight: bold ? ("bold" as const) : ("regular" as const) };
    const room = tw - 14 - textWidth(pen.fonts, o.weight, value, o.size);
    fitLabel(pen.fonts, o.weight, label, o.size, room).forEach((line, k) => {
      if (k) ry += o.size + 3;
      pen.text(line, tx + 4, ry, o);
      if (!k) pen.text(value, tx, ry, { ...o, align: "right", width: tw - 4 });
    });
  };
  row(w.lines("cn.valueReturned"), formatRupees(note.subtotal));
  if (note.discount) row(w.lines("cn.discountsAsSold"), `-${formatRupees(note.discount)}`);
  if (gst) row(w.lines("totals.taxableValue"), formatRupees(note.taxableTotal));
  for (const t of detail.taxSummary) {
    if (!gst || !t.tax) continue;
    row(w.lines("cn.cgstReversedAt", { rate: halfPercentLabel(t.rate) }), formatRupees(t.cgst));
    row(w.lines("cn.sgstReversedAt", { rate: halfPercentLabel(t.rate) }), formatRupees(t.sgst));
  }
  if (note.roundOff) {
    const sign = note.roundOff > 0 ? "+" : "-";
    row(w.lines("totals.roundOff"), `${sign}${formatRupees(Math.abs(note.roundOff))}`);
  }
  ry += 4;
  pen.box(tx, ry, tw, 20, { fillGrey: 0.9 });
  row(w.lines("cn.refund"), formatRupees(note.total), true);

  let ly = top + 13;
  if (gst && detail.taxSummary.some((t) => t.tax)) {
    pen.text(w("cn.gstPerRate"), M, ly, { size: S, weight: "bold" });
    ly += 13;
    const cols = ["col.rate", "col.taxable", "col.cgst", "col.sgst", "col.gst"];
    cols.forEach((h, i) => {
      w.lines(h).forEach((line, k) => {
        const o = { size: 8, weight: "bold" as const, align: "right" as const, width: 52 };
        pen.text(line, M + i * 56, ly + k * 10, o);
      });
    });
    ly += (w.languages.length - 1) * 10;
    for (const t of detail.taxSummary) {
      ly += 12;
      [
        percentLabel(t.rate),
        formatAmount(t.taxable),
        formatAmount(t.cgst),
        formatAmount(t.sgst),
        formatAmount(t.tax),
      ].forEach((v, i) => {
        pen.text(v, M + i * 56, ly, { size: 8, align: "right", width: 52 });
      });
    }
    ly += 8;
  }
  ly += 12;
  pen.text(`${w("cn.refundedAs")}:`, M, ly, { size: S, weight: "bold" });
  for (const [label, value] of refundParts(detail, w)) {
    ly += 12;
    pen.text(`${label}: ${value}`, M + 10, ly, { size: S });
  }
  let y = Math.max(ly, ry) + 20;
  const inWords = `${w("totals.amountInWords")}:`;
  pen.text(inWords, M, y, { size: S, weight: "bold" });
  const wordsX = Math.max(88, textWidth(pen.fonts, "bold", inWords, S) + 3);
  for (const words of amountInWordsLines(note.total, w)) {
    for (const l of wrapText(pen.fonts, "regular", words, S, W - wordsX - 2)) {
      pen.text(l, M + wordsX, y, { size: S });
      y += 12;
    }
  }
  y += 30;
  pen.line(M, M + 160, y, { thickness: 0.4 });
  pen.text(w("cn.signature"), M, y + 10, { size: 8 });
  pen.line(M + W - 160, M + W, y, { thickness: 0.4 });
  const forShop = `${w("shop.for")} ${detail.shop.name}`;
  pen.text(forShop, M + W - 160, y + 10, { size: 8, align: "right", width: 160 });
}
