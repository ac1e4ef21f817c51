import type { PDFDocument } from "pdf-lib";
import type { BillDetail } from "../lib/bill-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatAmount } from "../lib/money.ts";
import { percentLabel } from "../lib/percent.ts";
import { billTitle, isTaxInvoice, perUnit, qtyText } from "./bill-format.ts";
import { drawClosing } from "./bill-invoice-closing.ts";
import type { EmbeddedFonts } from "./fonts.ts";
import { itemLabel } from "./item-label.ts";
import { Pen, wrapText } from "./pdf-draw.ts";

/**
 * The A4 tax invoice: paginated, the item table's header repeated on every
 * page, the closing block (tax summary, totals, amount in words, payment,
 * QR codes) kept whole on the last page, "Page i of n" on every page.
 */

export const A4 = { width: 595.28, height: 841.89, margin: 36 };
const CONTENT = A4.width - A4.margin * 2;
/** Room kept at the bottom of every page for the page footer. */
const FOOTER_SPACE = 30;
export const BOTTOM = A4.height - A4.margin - FOOTER_SPACE;

const COLS = [
  { key: "no", title: "#", width: 22, align: "right" },
  { key: "item", title: "Item", width: 195, align: "left" },
  { key: "hsn", title: "HSN", width: 46, align: "left" },
  { key: "qty", title: "Qty", width: 58, align: "right" },
  { key: "rate", title: "Rate", width: 62, align: "right" },
  { key: "disc", title: "Disc.", width: 45, align: "right" },
  { key: "gst", title: "GST", width: 35, align: "right" },
  { key: "amount", title: "Amount", width: 60, align: "right" },
] as const;
type ColKey = (typeof COLS)[number]["key"];
const colX = new Map<ColKey, { x: number; width: number; align: "left" | "right" }>();
{
  let x = A4.margin;
  for (const c of COLS) {
    colX.set(c.key, { x, width: c.width, align: c.align });
    x += c.width;
  }
}

const BODY = 8.5;
const LEAD = 11;

export function drawInvoice(
  doc: PDFDocument,
  fonts: EmbeddedFonts,
  detail: BillDetail,
  options: { duplicate: boolean },
): void {
  const pens: Pen[] = [];
  // A bill of supply carries no GST: the column stays empty and untitled.
  const gst = isTaxInvoice(detail);
  let pen = newPage();
  let y = tableHeader(pen, pageHeader(pen, detail, options.duplicate, true), gst);
  const item = colX.get("item") as { width: number };

  detail.lines.forEach((line, i) => {
    const names = wrapText(fonts, "regular", itemLabel(line), BODY, item.width - 6);
    const h = names.length * LEAD + 5;
    if (y + h > BOTTOM) {
      pen = newPage();
      y = tableHeader(pen, pageHeader(pen, detail, options.duplicate, false), gst);
    }
    const base = y + LEAD - 1;
    cell(pen, "no", String(i + 1), base);
    names.forEach((n, k) => {
      cell(pen, "item", n, base + k * LEAD);
    });
    cell(pen, "hsn", line.hsn, base);
    cell(pen, "qty", qtyText(line.qty, line.unit), base);
    cell(pen, "rate", `${formatAmount(line.unitPrice)}${perUnit(line.unit)}`, base);
    cell(pen, "disc", line.discount ? formatAmount(line.discount) : "", base);
    if (gst) cell(pen, "gst", percentLabel(line.taxRate), base);
    cell(pen, "amount", formatAmount(line.amount), base);
    y += h;
    pen.line(A4.margin, A4.margin + CONTENT, y - 1.5, { thickness: 0.25 });
  });

  const closingHeight = drawClosing(null, fonts, detail, y);
  if (y + closingHeight > BOTTOM) {
    pen = newPage();
    y = pageHeader(pen, detail, options.duplicate, false);
  }
  drawClosing(pen, fonts, detail, y);

  pens.forEach((p, i) => {
    const fy = A4.height - A4.margin + 4;
    p.line(A4.margin, A4.margin + CONTENT, fy - 14, { thickness: 0.4 });
    p.text(detail.shop.footer, A4.margin, fy, { size: 7.5, grey: 0.3 });
    p.text(`Page ${i + 1} of ${pens.length}`, A4.margin, fy, {
      size: 7.5,
      align: "right",
      width: CONTENT,
    });
    p.finish();
    if (detail.bill.status === "voided") p.voidMark(A4.width / 2, A4.height / 2, 150);
  });

  function newPage(): Pen {
    const page = doc.addPage([A4.width, A4.height]);
    const p = new Pen(page, fonts, A4.height);
    pens.push(p);
    return p;
  }
}

function cell(pen: Pen, key: ColKey, text: string, baseline: number) {
  const c = colX.get(key) as { x: number; width: number; align: "left" | "right" };
  if (c.align === "left") pen.text(text, c.x + 3, baseline, { size: BODY });
  else pen.text(text, c.x, baseline, { size: BODY, align: "right", width: c.width - 3 });
}

function tableHeader(pen: Pen, top: number, gst: boolean): number {
  pen.box(A4.margin, top, CONTENT, 16, { fillGrey: 0.88 });
  for (const c of COLS) {
    if (c.key === "gst" && !gst) continue;
    const o = { size: 8, weight: "bold" as const };
    const x = colX.get(c.key) as { x: number; width: number };
    if (c.align === "left") pen.text(c.title, x.x + 3, top + 11, o);
    else pen.text(c.title, x.x, top + 11, { ...o, align: "right", width: x.width - 3 });
  }
  return top + 18;
}

/** The shop and bill header; the first page has it in full, later pages a short form. */
function pageHeader(pen: Pen, detail: BillDetail, duplicate: boolean, first: boolean): number {
  const { shop, bill } = detail;
  const m = A4.margin;
  const title = billTitle(detail).toUpperCase();
  if (!first) {
    pen.text(shop.name, m, m + 10, { size: 11, weight: "bold" });
    pen.text(`${title} ${bill.number} (continued)`, m, m + 10, {
      size: 9,
      align: "right",
      width: CONTENT,
    });
    pen.line(m, m + CONTENT, m + 17);
    return m + 24;
  }
  let left = m + 14;
  for (const l of wrapText(pen.fonts, "bold", shop.name, 16, 330)) {
    pen.text(l, m, left, { size: 16, weight: "bold" });
    left += 19;
  }
  for (const l of wrapText(pen.fonts, "regular", shop.address, 9, 330)) {
    pen.text(l, m, left, { size: 9 });
    left += 12;
  }
  if (shop.phone) {
    pen.text(`Phone: ${shop.phone}`, m, left, { size: 9 });
    left += 12;
  }
  if (shop.gstin) {
    pen.text(`GSTIN: ${shop.gstin}`, m, left, { size: 9, weight: "bold" });
    left += 12;
  }

  const rx = m + CONTENT - 180;
  const right = { align: "right" as const, width: 180 };
  pen.text(title, rx, m + 14, { size: 15, weight: "bold", ...right });
  let ry = m + 28;
  const stampText = duplicate ? "DUPLICATE" : "ORIGINAL FOR RECIPIENT";
  pen.box(rx + 60, ry - 9, 120, 13);
  pen.text(stampText, rx + 60, ry, { size: 7.5, weight: "bold", align: "center", width: 120 });
  ry += 16;
  const meta: Array<[string, string]> = [
    ["Bill No", bill.number],
    ["Date", shopDateTime(bill.completedAt ?? bill.createdAt, shop.timeZone)],
    ["Cashier", detail.cashierName],
  ];
  for (const [k, v] of meta) {
    pen.text(`${k}: `, rx, ry, { size: 9, weight: "bold" });
    pen.text(v, rx, ry, { size: 9, ...right });
    ry += 12;
  }
  let y = Math.max(left, ry) + 2;
  pen.line(m, m + CONTENT, y);
  y += 13;
  const c = detail.customer;
  pen.text("Billed to:", m, y, { size: 9, weight: "bold" });
  pen.text(`${c.name}${c.phone ? `, ${c.phone}` : ""}`, m + 50, y, { size: 9 });
  if (bill.status === "voided") {
    y += 13;
    const by = bill.voidedByName ? ` by ${bill.voidedByName}` : "";
    const when = shopDateTime(bill.voidedAt, shop.timeZone);
    pen.text(`VOID${by} ${when}: ${bill.voidReason ?? ""}`, m, y, { size: 9, weight: "bold" });
  }
  return y + 8;
}
