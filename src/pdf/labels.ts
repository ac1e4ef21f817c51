import { PDFDocument, type PDFPage, rgb } from "pdf-lib";
import QRCode from "qrcode";
import type { ReceiptLanguage } from "../lib/i18n.ts";
import { formatRupees } from "../lib/money.ts";
import { type EmbeddedFonts, embedFonts, printable } from "./fonts.ts";
import { Pen, textWidth } from "./pdf-draw.ts";
import { wordsFor } from "./words.ts";

/**
 * QR label PDFs: an A4 sheet of 3 × 8 adhesive labels (70 × 37 mm, e.g. 24-up
 * sheets) or one 50 × 25 mm label per page for label printers. Each label has
 * the QR of the product code (drawn as rectangles straight from the module
 * matrix: no PNG round trip), the name, the price with ₹, and the code in text.
 * Text goes through the Pen (pdf-draw.ts), so names in Indian scripts are shaped.
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

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Splits text into at most `lines` lines that fit `width`, ending with … when cut. */
function wrap(text: string, fits: (t: string) => boolean, lines: number): string[] {
  const words = printable(text).split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let current = "";
  for (const word of words) {
    const next = current ? `${current} ${word}` : word;
    if (fits(next)) {
      current = next;
      continue;
    }
    if (current) out.push(current);
    // A single word wider than the line: break it between graphemes.
    let rest = [...graphemes.segment(word)].map((g) => g.segment);
    while (rest.length > 1 && !fits(rest.join(""))) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut).join(""))) cut--;
      out.push(rest.slice(0, cut).join(""));
      rest = rest.slice(cut);
    }
    current = rest.join("");
  }
  if (current) out.push(current);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  let last = [...graphemes.segment(kept[lines - 1] ?? "")].map((g) => g.segment);
  while (!fits(`${last.join("")}…`) && last.length > 1) last = last.slice(0, -1);
  kept[lines - 1] = `${last.join("")}…`;
  return kept;
}

function drawLabel(
  pen: Pen,
  fonts: EmbeddedFonts,
  item: LabelItem,
  L: Layout,
  left: number,
  top: number,
): void {
  const page = pen.page;
  const fromTop = (y: number) => L.pageHeight - y;
  const qrBox = L.labelHeight - L.pad * 2;
  drawQr(page, item.code, left + L.pad, top - L.pad - qrBox, qrBox);
  const textX = left + L.pad + qrBox + mm(1.5);
  const room = left + L.labelWidth - L.pad - textX;
  let y = top - L.pad - L.nameSize;
  const fitsName = (t: string) => textWidth(fonts, "bold", t, L.nameSize) <= room;
  for (const line of wrap(item.name, fitsName, L.nameLines)) {
    pen.text(line, textX, fromTop(y), { size: L.nameSize, weight: "bold" });
    y -= L.nameSize * 1.2;
  }
  const per = item.unit === "pc" ? "" : item.unit === "kg" ? "/kg" : "/L";
  let priceSize = L.priceSize;
  const price = formatRupees(item.price);
  while (priceSize > 6 && textWidth(fonts, "bold", price + per, priceSize) > room) priceSize -= 0.5;
  const priceY = top - L.labelHeight + L.pad + L.codeSize * 1.6;
  pen.text(price, textX, fromTop(priceY), { size: priceSize, weight: "bold" });
  if (per) {
    const w = textWidth(fonts, "bold", price, priceSize);
    pen.text(per, textX + w + 1, fromTop(priceY), { size: priceSize * 0.6 });
  }
  const code = printable(item.code);
  let codeSize = L.codeSize;
  while (codeSize > 4 && textWidth(fonts, "regular", code, codeSize) > room) codeSize -= 0.5;
  pen.text(code, textX, fromTop(top - L.labelHeight + L.pad), { size: codeSize });
}

/** Renders the labels (each item once; repeat an item for more copies) as a PDF. */
export async function renderLabelsPdf(
  items: LabelItem[],
  format: LabelFormat,
  lang: ReceiptLanguage = "en",
): Promise<Uint8Array> {
  if (items.length > MAX_LABELS) throw new RangeError(`at most ${MAX_LABELS} labels per PDF`);
  const L = LAYOUTS[format];
  const doc = await PDFDocument.create();
  // A label prints only data (name, price, unit, code); its words are the document's title.
  doc.setTitle(wordsFor(lang)("labels.title"));
  doc.setCreator("Smart Retail QR Billing");
  const fonts = await embedFonts(doc);
  const perPage = L.cols * L.rows;
  let pen: Pen | undefined;
  items.forEach((item, i) => {
    const slot = i % perPage;
    if (slot === 0) {
      pen?.finish();
      pen = new Pen(doc.addPage([L.pageWidth, L.pageHeight]), fonts, L.pageHeight);
    }
    const col = slot % L.cols;
    const row = Math.floor(slot / L.cols);
    if (pen)
      drawLabel(
        pen,
        fonts,
        item,
        L,
        L.originX + col * L.labelWidth,
        L.originTop - row * L.labelHeight,
      );
  });
  pen?.finish();
  if (items.length === 0) doc.addPage([L.pageWidth, L.pageHeight]);
  return doc.save();
}
