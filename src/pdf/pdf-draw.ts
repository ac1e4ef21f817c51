import { degrees, type PDFFont, type PDFPage, type PDFRef, rgb } from "pdf-lib";
import QRCode from "qrcode";
import type { EmbeddedFonts } from "./fonts.ts";
import { printable } from "./fonts.ts";

/**
 * Drawing helpers shared by the receipt and the A4 invoice. Coordinates are
 * measured from the TOP of the page (how a layout thinks); `Pen` converts to
 * pdf-lib's bottom-left origin.
 */

export const MM = 72 / 25.4;
export type Weight = "regular" | "bold";
export type Align = "left" | "right" | "center";

// Widths per character at size 1, per weight. Every document embeds the same
// cut-down font, so the widths are the same in every document: measure once.
const widthCache: Record<Weight, Map<string, number>> = { regular: new Map(), bold: new Map() };

/** Width of already-printable text at `size`. */
export function textWidth(
  fonts: EmbeddedFonts,
  weight: Weight,
  text: string,
  size: number,
): number {
  const cache = widthCache[weight];
  let w = 0;
  for (const ch of text) {
    let cw = cache.get(ch);
    if (cw === undefined) {
      cw = fonts[weight].widthOfTextAtSize(ch, 1);
      cache.set(ch, cw);
    }
    w += cw;
  }
  return w * size;
}

/**
 * Splits text into lines no wider than `maxWidth`: at spaces, and inside a
 * word too long for a line (never cut off). Returns at least one line.
 */
export function wrapText(
  fonts: EmbeddedFonts,
  weight: Weight,
  raw: string,
  size: number,
  maxWidth: number,
): string[] {
  const text = printable(raw).replace(/\s+/g, " ").trim();
  if (textWidth(fonts, weight, text, size) <= maxWidth) return [text];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(fonts, weight, candidate, size) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = "";
    let rest = word;
    while (textWidth(fonts, weight, rest, size) > maxWidth) {
      let cut = rest.length - 1;
      while (cut > 1 && textWidth(fonts, weight, rest.slice(0, cut), size) > maxWidth) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

export interface TextOptions {
  size: number;
  weight?: Weight;
  align?: Align;
  /** For right/center: the box width starting at x. */
  width?: number;
  grey?: number;
}

/** PDF number text: integers as is, else two decimals (a hundredth of a point is plenty). */
function n(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/**
 * Draws on one page with top-based coordinates. Operators are written as text
 * into one content stream of our own (no per-operator objects, assertions or
 * number formatting in pdf-lib, no deflate): a receipt's ~150 strings cost
 * well under a millisecond. Call finish() once drawing is done.
 */
export class Pen {
  private readonly ops: string[] = [];
  private readonly ref: PDFRef;
  private readonly fontKey: Record<Weight, string>;

  constructor(
    readonly page: PDFPage,
    readonly fonts: EmbeddedFonts,
    readonly height: number,
  ) {
    // Our stream goes first in /Contents, so anything pdf-lib draws later
    // (the VOID mark) lands on top.
    this.ref = page.doc.context.nextRef();
    page.node.addContentStream(this.ref);
    this.fontKey = {
      regular: page.node.newFontDictionary("F", fonts.regular.ref).toString(),
      bold: page.node.newFontDictionary("F", fonts.bold.ref).toString(),
    };
  }

  font(weight: Weight = "regular"): PDFFont {
    return this.fonts[weight];
  }

  /** Text with its baseline at `baseline` (from the top). Text is made printable here. */
  text(raw: string, x: number, baseline: number, o: TextOptions): void {
    const text = printable(raw);
    if (!text) return;
    const weight = o.weight ?? "regular";
    let left = x;
    if (o.align && o.align !== "left") {
      const w = textWidth(this.fonts, weight, text, o.size);
      left = o.align === "right" ? x + (o.width ?? 0) - w : x + ((o.width ?? 0) - w) / 2;
    }
    const hex = this.fonts[weight].encodeText(text).toString();
    const grey = o.grey === undefined ? 0 : o.grey;
    this.ops.push(
      `BT ${n(grey)} g ${this.fontKey[weight]} ${n(o.size)} Tf 1 0 0 1 ${n(left)} ${n(this.height - baseline)} Tm ${hex} Tj ET`,
    );
  }

  line(x1: number, x2: number, y: number, o: { dashed?: boolean; thickness?: number } = {}): void {
    const dash = o.dashed ? "[2 1.5] 0 d " : "";
    const py = n(this.height - y);
    this.ops.push(`q 0 G ${n(o.thickness ?? 0.6)} w ${dash}${n(x1)} ${py} m ${n(x2)} ${py} l S Q`);
  }

  box(x: number, top: number, w: number, h: number, o: { fillGrey?: number } = {}): void {
    const rect = `${n(x)} ${n(this.height - top - h)} ${n(w)} ${n(h)} re`;
    if (o.fillGrey === undefined) this.ops.push(`q 0 G 0.8 w ${rect} S Q`);
    else this.ops.push(`q ${n(o.fillGrey)} g ${rect} f Q`);
  }

  /** A QR code of `text`, `size` points square including a 2-module quiet zone. */
  qr(text: string, x: number, top: number, size: number): void {
    const { modules, name } = qrXObject(this.page, text);
    const quiet = 2;
    const cell = size / (modules + quiet * 2);
    const left = x + quiet * cell;
    const bottom = this.height - top - size + quiet * cell;
    this.ops.push(`q ${n(cell)} 0 0 ${n(cell)} ${n(left)} ${n(bottom)} cm ${name} Do Q`);
  }

  /** Big diagonal "VOID" across a region of the page (translucent: drawn by pdf-lib). */
  voidMark(cx: number, cy: number, size: number): void {
    const font = this.fonts.bold;
    const w = font.widthOfTextAtSize("VOID", size);
    const angle = Math.PI / 6;
    this.page.drawText("VOID", {
      x: cx - (Math.cos(angle) * w) / 2,
      y: this.height - cy - (Math.sin(angle) * w) / 2,
      size,
      font,
      rotate: degrees(30),
      color: rgb(0.75, 0.1, 0.1),
      opacity: 0.35,
    });
  }

  /** Writes the page's content stream (uncompressed: it is small and deflate costs more than it saves). */
  finish(): void {
    const context = this.page.doc.context;
    context.assign(this.ref, context.stream(this.ops.join("\n")));
  }
}

/**
 * The QR's dark modules as a tiny content stream in module units (one
 * rectangle per horizontal run), for a Form XObject scaled into place: all
 * integers, written once, so a QR costs a few operators in the page instead
 * of hundreds of formatted numbers. No image: crisp at any printer resolution.
 */
const utf8 = new TextEncoder();

function qrContent(text: string): { size: number; content: string } {
  // One byte-mode segment: skips qrcode's segment optimiser, which costs more
  // than the whole receipt for no gain on ~15-100 character payloads.
  const qr = QRCode.create([{ data: utf8.encode(text), mode: "byte" }], {
    errorCorrectionLevel: "M",
  });
  const { size, data } = qr.modules;
  const parts: string[] = ["0 g"];
  for (let r = 0; r < size; r++) {
    let c = 0;
    while (c < size) {
      if (data[r * size + c] !== 1) {
        c++;
        continue;
      }
      const start = c;
      while (c < size && data[r * size + c] === 1) c++;
      parts.push(`${start} ${size - r - 1} ${c - start} 1 re`);
    }
  }
  parts.push("f");
  return { size, content: parts.join("\n") };
}

/** Registers the QR of `text` as a Form XObject on the page; returns its resource name. */
function qrXObject(page: PDFPage, text: string): { modules: number; name: string } {
  const { size: modules, content } = qrContent(text);
  const context = page.doc.context;
  const stream = context.stream(content, {
    Type: "XObject",
    Subtype: "Form",
    BBox: [0, 0, modules, modules],
  });
  const name = page.node.newXObject("QR", context.register(stream)).toString();
  return { modules, name };
}
