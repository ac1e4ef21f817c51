import { PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";
import QRCode from "qrcode";
import { formatRupees } from "../lib/money.ts";
import { embedFonts, printable } from "./fonts.ts";

/**
 * QR label PDFs: an A4 sheet of 3 × 8 adhesive labels (70 × 37 mm, e.g. 24-up
 * sheets) or one 50 × 25 mm label per page for label printers. Each label has
 * the QR of the product code (drawn as rectangles straight from the module
 * matrix: no PNG round trip), the name, the price with ₹, and the code in text.
 */
export type LabelFormat = "a4" | "roll";

export interface LabelItem {
  code: string;
  name: string;
  price: number; // paise
  unit: "pc" | "kg" | "l";
}

const mm = (v: number) => (v * 72) / 25.4;

interface Layout {
  pageWidth: number;
  pageHeight: number;
  cols: number;
  rows: number;
  labelWidth: number;
  labelHeight: number;
  originX: number;
  /** Top edge of the first row, from the page bottom. */
  originTop: number;
  pad: number;
  nameSize: number;
  nameLines: number;
  priceSize: number;
  codeSize: number;
}

const LAYOUTS: Record<LabelFormat, Layout> = {
  a4: {
    pageWidth: mm(210),
    pageHeight: mm(297),
    cols: 3,
    rows: 8,
    labelWidth: mm(70),
    labelHeight: mm(37),
    originX: 0,
    originTop: mm(297 - 0.5),
    pad: mm(2.5),
    nameSize: 8.5,
    nameLines: 3,
    priceSize: 13,
    codeSize: 6.5,
  },
  roll: {
    pageWidth: mm(50),
    pageHeight: mm(25),
    cols: 1,
    rows: 1,
    labelWidth: mm(50),
    labelHeight: mm(25),
    originX: 0,
    originTop: mm(25),
    pad: mm(1.5),
    nameSize: 6.5,
    nameLines: 2,
    priceSize: 10,
    codeSize: 5.5,
  },
};

/** Most labels one PDF will hold (about 210 A4 sheets). */
export const MAX_LABELS = 5000;

/** Draws the QR of `text` as dark rectangles in a square box (quiet zone inside the box). */
export function drawQr(page: PDFPage, text: string, x: number, y: number, box: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const quiet = 2;
  const cell = box / (size + quiet * 2);
  const black = rgb(0, 0, 0);
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && qr.modules.get(row, col)) col++;
      page.drawRectangle({
        x: x + (quiet + start) * cell,
        y: y + box - (quiet + row + 1) * cell,
        width: (col - start) * cell,
        height: cell,
        color: black,
      });
    }
  }
}

/** Splits text into at most `lines` lines that fit `width`, ending with … when cut. */
function wrap(text: string, font: PDFFont, size: number, width: number, lines: number): string[] {
  const words = printable(text).split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let current = "";
  const fits = (t: string) => font.widthOfTextAtSize(t, size) <= width;
  for (const word of words) {
    const next = current ? `${current} ${word}` : word;
    if (fits(next)) {
      current = next;
      continue;
    }
    if (current) out.push(current);
    current = word;
    while (!fits(current) && current.length > 1) {
      // A single word wider than the line: break it.
      let cut = current.length - 1;
      while (cut > 1 && !fits(current.slice(0, cut))) cut--;
      out.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  if (current) out.push(current);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  let last = `${kept[lines - 1]}…`;
  while (!fits(last) && last.length > 1) last = `${last.slice(0, -2)}…`;
  kept[lines - 1] = last;
  return kept;
}

function drawLabel(
  page: PDFPage,
  fonts: { regular: PDFFont; bold: PDFFont },
  item: LabelItem,
  L: Layout,
  left: number,
  top: number,
): void {
  const qrBox = L.labelHeight - L.pad * 2;
  drawQr(page, item.code, left + L.pad, top - L.pad - qrBox, qrBox);
  const textX = left + L.pad + qrBox + mm(1.5);
  const textWidth = left + L.labelWidth - L.pad - textX;
  const dark = rgb(0, 0, 0);
  let y = top - L.pad - L.nameSize;
  for (const line of wrap(item.name, fonts.bold, L.nameSize, textWidth, L.nameLines)) {
    page.drawText(line, { x: textX, y, size: L.nameSize, font: fonts.bold, color: dark });
    y -= L.nameSize * 1.2;
  }
  const per = item.unit === "pc" ? "" : item.unit === "kg" ? "/kg" : "/L";
  let priceSize = L.priceSize;
  const price = formatRupees(item.price);
  while (priceSize > 6 && fonts.bold.widthOfTextAtSize(price + per, priceSize) > textWidth)
    priceSize -= 0.5;
  const priceY = top - L.labelHeight + L.pad + L.codeSize * 1.6;
  page.drawText(price, { x: textX, y: priceY, size: priceSize, font: fonts.bold, color: dark });
  if (per) {
    const w = fonts.bold.widthOfTextAtSize(price, priceSize);
    page.drawText(per, { x: textX + w + 1, y: priceY, size: priceSize * 0.6, font: fonts.regular });
  }
  const code = printable(item.code);
  let codeSize = L.codeSize;
  while (codeSize > 4 && fonts.regular.widthOfTextAtSize(code, codeSize) > textWidth)
    codeSize -= 0.5;
  page.drawText(code, {
    x: textX,
    y: top - L.labelHeight + L.pad,
    size: codeSize,
    font: fonts.regular,
    color: dark,
  });
}

/** Renders the labels (each item once; repeat an item for more copies) as a PDF. */
export async function renderLabelsPdf(
  items: LabelItem[],
  format: LabelFormat,
): Promise<Uint8Array> {
  if (items.length > MAX_LABELS) throw new RangeError(`at most ${MAX_LABELS} labels per PDF`);
  const L = LAYOUTS[format];
  const doc = await PDFDocument.create();
  doc.setTitle("QR labels");
  doc.setCreator("Smart Retail QR Billing");
  const fonts = await embedFonts(doc);
  const perPage = L.cols * L.rows;
  let page: PDFPage | undefined;
  items.forEach((item, i) => {
    const slot = i % perPage;
    if (slot === 0) page = doc.addPage([L.pageWidth, L.pageHeight]);
    const col = slot % L.cols;
    const row = Math.floor(slot / L.cols);
    if (page)
      drawLabel(
        page,
        fonts,
        item,
        L,
        L.originX + col * L.labelWidth,
        L.originTop - row * L.labelHeight,
      );
  });
  if (items.length === 0) doc.addPage([L.pageWidth, L.pageHeight]);
  return doc.save();
}
