import type { PDFDocument } from "pdf-lib";
import type { BillDetail } from "../lib/bill-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatAmount } from "../lib/money.ts";
import { percentLabel } from "../lib/percent.ts";
import { billTitle, isTaxInvoice, perUnit, qtyText } from "./bill-format.ts";
import { drawClosing } from "./bill-invoice-closing.ts";
import type { EmbeddedFonts } from "./fonts.ts";
import { itemLabel } from "./item-label.ts";
import { Pen, textWidth, wrapText } from "./pdf-draw.ts";
import { customerName, type Words, wordsFor } from "./words.ts";

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
  { key: "no", title: "", width: 22, align: "right" },
  { key: "item", title: "col.item", width: 195, align: "left" },
  { key: "hsn", title: "col.hsn", width: 46, align: "left" },
  { key: "qty", title: "col.qty", width: 58, align: "right" },
  { key: "rate", title: "col.rate", width: 62, align: "right" },
  { key: "disc", title: "col.disc", width: 45, align: "right" },
  { key: "gst", title: "col.gst", width: 35, align: "right" },
  { key: "amount", title: "col.amount", width: 60, align: "right" },
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
  const w = wordsFor(detail.shop.receiptLanguage);
  let pen = newPage();
  let y = tableHeader(pen, w, pageHeader(pen, w, detail, options.duplicate, true), gst);
  const item = colX.get("item") as { width: number };

  detail.lines.forEach((line, i) => {
    const names = wrapText(fonts, "regular", itemLabel(line), BODY, item.width - 6);
    const h = names.length * LEAD + 5;
    if (y + h > BOTTOM) {
      pen = newPage();
      y = tableHeader(pen, w, pageHeader(pen, w, detail, options.duplicate, false), gst);
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

  const closingHeight = drawClosing(null, fonts, w, detail, y);
  if (y + closingHeight > BOTTOM) {
    pen = newPage();
    y = pageHeader(pen, w, detail, options.duplicate, false);
  }
  drawClosing(pen, fonts, w, detail, y);

  pens.forEach((p, i) => {
    const fy = A4.height - A4.margin + 4;
    p.line(A4.margin, A4.margin + CONTENT, fy - 14, { thickness: 0.4 });
    p.text(detail.shop.footer, A4.margin, fy, { size: 7.5, grey: 0.3 });
    p.text(w("invoice.page", { page: i + 1, pages: pens.length }), A4.margin, fy, {
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

/** The item table's column titles; with both languages each title takes two lines. */
function tableHeader(pen: Pen, w: Words, top: number, gst: boolean): number {
  const extra = (w.languages.length - 1) * 10;
  pen.box(A4.margin, top, CONTENT, 16 + extra, { fillGrey: 0.88 });
  for (const c of COLS) {
    if (c.key === "gst" && !gst) continue;
    const o = { size: 8, weight: "bold" as const };
    const x = colX.get(c.key) as { x: number; width: number };
    const titles = c.title ? w.lines(c.title) : ["#"];
    titles.forEach((title, k) => {
      const y = top + 11 + k * 10;
      if (c.align === "left") pen.text(title, x.x + 3, y, o);
      else pen.text(title, x.x, y, { ...o, align: "right", width: x.width - 3 });
    });
  }
  return top + 18 + extra;
}

/** The shop and bill header; the first page has it in full, later pages a short form. */
function pageHeader(
  pen: Pen,
  w: Words,
  detail: BillDetail,
  duplicate: boolean,
  first: boolean,
): number {
  const { shop, bill } = detail;
  const m = A4.margin;
  const title = billTitle(detail, w).toUpperCase();
  if (!first) {
    pen.text(shop.name, m, m + 10, { size: 11, weight: "bold" });
    pen.text(
      w.each((one) =>
        one("title.continued", {
          title: billTitle(detail, one).toUpperCase(),
          number: bill.number,
        }),
      ),
      m,
      m + 10,
      {
        size: 9,
        align: "right",
        width: CONTENT,
      },
    );
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
    pen.text(`${w("shop.phone")}: ${shop.phone}`, m, left, { size: 9 });
    left += 12;
  }
  if (shop.gstin) {
    pen.text(`${w("shop.gstin")}: ${shop.gstin}`, m, left, { size: 9, weight: "bold" });
    left += 12;
  }

  const rx = m + CONTENT - 180;
  const right = { align: "right" as const, width: 180 };
  // Both languages' title may not fit at 15 pt beside the shop's name: smaller, then.
  const titleSize = Math.min(15, (15 * 180) / textWidth(pen.fonts, "bold", title, 15));
  pen.text(title, rx, m + 14, { size: titleSize, weight: "bold", ...right });
  let ry = m + 28;
  const stampText = w.lines(duplicate ? "stamp.duplicate" : "stamp.original");
  const stampH = 13 + (stampText.length - 1) * 9;
  pen.box(rx + 60, ry - 9, 120, stampH);
  stampText.forEach((line, k) => {
    pen.text(line, rx + 60, ry + k * 9, { size: 7.5, weight: "bold", align: "center", width: 120 });
  });
  ry += stampH + 3;
  const meta: Array<[string, string]> = [
    [w("meta.billNo"), bill.number],
    [w("meta.date"), shopDateTime(bill.completedAt ?? bill.createdAt, shop.timeZone)],
    [w("meta.cashier"), detail.cashierName],
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
  const billedTo = `${w("meta.billedTo")}:`;
  pen.text(billedTo, m, y, { size: 9, weight: "bold" });
  const nameX = Math.max(50, textWidth(pen.fonts, "bold", billedTo, 9) + 4);
  pen.text(`${customerName(w, c)}${c.phone ? `, ${c.phone}` : ""}`, m + nameX, y, { size: 9 });
  if (bill.status === "voided") {
    y += 13;
    const when = shopDateTime(bill.voidedAt, shop.timeZone);
    const reason = bill.voidReason ?? "";
    const name = bill.voidedByName;
    const text = w.each((one) =>
      name ? one("void.by", { name, when, reason }) : one("void.plain", { when, reason }),
    );
    pen.text(text, m, y, { size: 9, weight: "bold" });
  }
  return y + 8;
}
