import type { PDFDocument } from "pdf-lib";
import type { CreditNoteDetail } from "../lib/credit-note-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatAmount, formatRupees } from "../lib/money.ts";
import { halfPercentLabel, percentLabel } from "../lib/percent.ts";
import { amountInWords } from "./amount-in-words.ts";
import { perUnit, qtyText } from "./bill-format.ts";
import { A4, BOTTOM } from "./bill-invoice.ts";
import { againstBill, creditNoteTitle, refundParts } from "./credit-note-format.ts";
import type { EmbeddedFonts } from "./fonts.ts";
import { itemLabel } from "./item-label.ts";
import { Pen, type TextOptions, wrapText } from "./pdf-draw.ts";

/**
 * The A4 credit note, drawn with the invoice's page and pen (bill-invoice.ts,
 * pdf-draw.ts): header with ORIGINAL / DUPLICATE, the original bill's number
 * and date, the returned lines at their sold values (line total = taxable +
 * GST), the GST reversed per rate, the refund and where it went. Paginated.
 */

const M = A4.margin;
const W = A4.width - M * 2;
const COLS: Array<[string, number, "left" | "right"]> = [
  ["#", 20, "right"],
  ["Item", 180, "left"],
  ["HSN", 44, "left"],
  ["Qty", 54, "right"],
  ["Rate", 58, "right"],
  ["Disc.", 52, "right"],
  ["GST", 34, "right"],
  ["Taxable", 40, "right"],
  ["Amount", 41, "right"],
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
  const newPage = () => {
    const p = new Pen(doc.addPage([A4.width, A4.height]), fonts, A4.height);
    pens.push(p);
    return p;
  };
  let pen = newPage();
  let y = header(pen, detail, options.duplicate);
  y = tableHead(pen, y);
  detail.lines.forEach((line, i) => {
    const names = wrapText(fonts, "regular", itemLabel(line), S, 174);
    if (!line.restock) names.push("Damaged: written off");
    if (y + names.length * 11 + 5 > BOTTOM) {
      pen = newPage();
      y = tableHead(pen, M + 10);
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

  const need = 150 + detail.taxSummary.length * 24;
  if (y + need > BOTTOM) {
    pen = newPage();
    y = M + 10;
  }
  closing(pen, detail, y + 8, gst);
  pens.forEach((p, i) => {
    const fy = A4.height - M + 4;
    p.line(M, M + W, fy - 14, { thickness: 0.4 });
    p.text(`${creditNoteTitle(detail)} ${detail.note.number}`, M, fy, { size: 7.5, grey: 0.3 });
    p.text(`Page ${i + 1} of ${pens.length}`, M, fy, { size: 7.5, align: "right", width: W });
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

function tableHead(pen: Pen, top: number): number {
  pen.box(M, top, W, 16, { fillGrey: 0.88 });
  cellRow(
    pen,
    COLS.map(([t]) => t),
    top + 11,
    { weight: "bold", size: 8 },
  );
  return top + 18;
}

function header(pen: Pen, detail: CreditNoteDetail, duplicate: boolean): number {
  const { shop, note } = detail;
  let left = M + 14;
  pen.text(shop.name, M, left, { size: 16, weight: "bold" });
  left += 19;
  for (const l of wrapText(pen.fonts, "regular", shop.address, 9, 330)) {
    pen.text(l, M, left, { size: 9 });
    left += 12;
  }
  if (shop.phone) {
    pen.text(`Phone: ${shop.phone}`, M, left, { size: 9 });
    left += 12;
  }
  if (shop.gstin) {
    pen.text(`GSTIN: ${shop.gstin}`, M, left, { size: 9, weight: "bold" });
    left += 12;
  }
  const rx = M + W - 200;
  const right = { align: "right" as const, width: 200 };
  pen.text(creditNoteTitle(detail).toUpperCase(), rx, M + 14, {
    size: 15,
    weight: "bold",
    ...right,
  });
  pen.box(rx + 80, M + 19, 120, 13);
  pen.text(duplicate ? "DUPLICATE" : "ORIGINAL FOR RECIPIENT", rx + 80, M + 28, {
    size: 7.5,
    weight: "bold",
    align: "center",
    width: 120,
  });
  let ry = M + 44;
  const meta: Array<[string, string]> = [
    ["CN No", note.number],
    ["Date", shopDateTime(note.createdAt, shop.timeZone)],
    ["Original bill", detail.bill.number],
    [
      "Bill date",
      detail.bill.completedAt ? shopDateTime(detail.bill.completedAt, shop.timeZone) : "",
    ],
    ["Cashier", detail.cashierName],
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
  pen.text(`Customer: ${c.name}${c.phone ? `, ${c.phone}` : ""}`, M, y, { size: 9 });
  y += 12;
  pen.text(
    `${againstBill(detail)}. Reason: ${note.reason}${note.note ? ` – ${note.note}` : ""}`,
    M,
    y,
    {
      size: 9,
    },
  );
  if (note.approvedByName) {
    y += 12;
    pen.text(`Approved by ${note.approvedByName}`, M, y, { size: 9 });
  }
  return y + 10;
}

function closing(pen: Pen, detail: CreditNoteDetail, top: number, gst: boolean): void {
  const { note } = detail;
  const tw = 220;
  const tx = M + W - tw;
  let ry = top;
  const row = (label: string, value: string, bold = false) => {
    ry += 13;
    const o = { size: bold ? 11 : S, weight: bold ? ("bold" as const) : ("regular" as const) };
    pen.text(label, tx + 4, ry, o);
    pen.text(value, tx, ry, { ...o, align: "right", width: tw - 4 });
  };
  row("Value returned", formatRupees(note.subtotal));
  if (note.discount) row("Discounts as sold", `-${formatRupees(note.discount)}`);
  if (gst) row("Taxable value", formatRupees(note.taxableTotal));
  for (const t of detail.taxSummary) {
    if (!gst || !t.tax) continue;
    row(`CGST reversed @${halfPercentLabel(t.rate)}`, formatRupees(t.cgst));
    row(`SGST reversed @${halfPercentLabel(t.rate)}`, formatRupees(t.sgst));
  }
  if (note.roundOff)
    row("Round off", `${note.roundOff > 0 ? "+" : "-"}${formatRupees(Math.abs(note.roundOff))}`);
  ry += 4;
  pen.box(tx, ry, tw, 20, { fillGrey: 0.9 });
  row("Refund", formatRupees(note.total), true);

  let ly = top + 13;
  if (gst && detail.taxSummary.some((t) => t.tax)) {
    pen.text("GST reversed per rate", M, ly, { size: S, weight: "bold" });
    ly += 13;
    const cols = ["Rate", "Taxable", "CGST", "SGST", "GST"];
    cols.forEach((h, i) => {
      pen.text(h, M + i * 56, ly, { size: 8, weight: "bold", align: "right", width: 52 });
    });
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
  pen.text("Refunded as:", M, ly, { size: S, weight: "bold" });
  for (const [label, value] of refundParts(detail)) {
    ly += 12;
    pen.text(`${label}: ${value}`, M + 10, ly, { size: S });
  }
  let y = Math.max(ly, ry) + 20;
  pen.text("Amount in words:", M, y, { size: S, weight: "bold" });
  for (const l of wrapText(pen.fonts, "regular", amountInWords(note.total), S, W - 90)) {
    pen.text(l, M + 88, y, { size: S });
    y += 12;
  }
  y += 30;
  pen.line(M, M + 160, y, { thickness: 0.4 });
  pen.text("Customer's signature", M, y + 10, { size: 8 });
  pen.line(M + W - 160, M + W, y, { thickness: 0.4 });
  pen.text(`For ${detail.shop.name}`, M + W - 160, y + 10, { size: 8, align: "right", width: 160 });
}
