import type { PDFFont, PDFPage, PDFRef } from "pdf-lib";
import QRCode from "qrcode";
import type { EmbeddedFonts } from "./fonts.ts";
import { printable } from "./fonts.ts";
import type { Weight } from "./scripts.ts";
import { actualText, glyphOps, layoutLine, lineWidth, n, type Piece } from "./text-layout.ts";

/**
 * Drawing helpers shared by the receipt and the A4 invoice. Coordinates are
 * measured from the TOP of the page (how a layout thinks); `Pen` converts to
 * pdf-lib's bottom-left origin.
 */

export const MM = 72 / 25.4;
export type { Weight };
export type Align = "left" | "right" | "center";

/** Width of already-printable text at `size` (Indian-script runs as HarfBuzz shapes them). */
export function textWidth(
  fonts: EmbeddedFonts,
  weight: Weight,
  text: string,
  size: number,
): number {
  return lineWidth(fonts, weight, text, size);
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * Splits text into lines no wider than `maxWidth`: at spaces, and inside a
 * word too long for a line (never cut off; cut between graphemes, so a
 * conjunct or an emoji is never split). Returns at least one line.
 */
export function wrapText(
  fonts: EmbeddedFonts,
  weight: Weight,
  raw: string,
  size: number,
  maxWidth: number,
): string[] {
  const text = printable(raw).replace(/\s+/g, " ").trim();
  const fits = (t: string) => textWidth(fonts, weight, t, size) <= maxWidth;
  if (fits(text)) return [text];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = "";
    let rest = [...graphemes.segment(word)].map((g) => g.segment);
    while (rest.length > 1 && !fits(rest.join(""))) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut).join(""))) cut--;
      lines.push(rest.slice(0, cut).join(""));
      rest = rest.slice(cut);
    }
    line = rest.join("");
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A label in one or both languages for `room` points: "Total / कुल" on one
 * line where that fits, else a line each; a line still too long wraps.
 */
export function fitLabel(
  fonts: EmbeddedFonts,
  weight: Weight,
  labels: string[],
  size: number,
  room: number,
): string[] {
  const fits = (t: string) => textWidth(fonts, weight, t, size) <= room;
  const joined = labels.join(" / ");
  return (fits(joined) ? [joined] : labels).flatMap((t) =>
    t && !fits(t) ? wrapText(fonts, weight, t, size, room) : [t],
  );
}

export interface TextOptions {
  size: number;
  weight?: Weight;
  align?: Align;
  /** For right/center: the box width starting at x. */
  width?: number;
  grey?: number;
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
  /** Font resource names of this page's Indian-script fonts, by font ref. */
  private readonly scriptKeys = new Map<string, string>();

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
    const { pieces, width } = layoutLine(this.fonts, weight, text);
    let left = x;
    if (o.align && o.align !== "left") {
      const w = width * o.size;
      left = o.align === "right" ? x + (o.width ?? 0) - w : x + ((o.width ?? 0) - w) / 2;
    }
    const grey = o.grey === undefined ? 0 : o.grey;
    const shown = this.show(pieces, weight, o.size, left, this.height - baseline);
    this.ops.push(`BT ${n(grey)} g ${shown} ET`);
  }

  /**
   * Text-showing operators for laid-out pieces from (x, y): DejaVu pieces as
   * character codes, shaped pieces as glyph ids in their script's font inside
   * an /ActualText span holding the text as typed.
   */
  private show(pieces: Piece[], weight: Weight, size: number, x: number, y: number): string {
    const out: string[] = [];
    let px = x;
    for (const piece of pieces) {
      const at = `${n(size)} Tf 1 0 0 1 ${n(px)} ${n(y)} Tm`;
      if (!piece.shaped || !piece.script) {
        const hex = this.fonts[weight].encodeText(piece.text).toString();
        out.push(`${this.fontKey[weight]} ${at} ${hex} Tj`);
      } else {
        const ref = this.fonts.scripts.use(piece.script, weight, piece.shaped, piece.text);
        const key = ref.toString();
        let name = this.scriptKeys.get(key);
        if (!name) {
          name = this.page.node.newFontDictionary("F", ref).toString();
          this.scriptKeys.set(key, name);
        }
        out.push(actualText(piece.text, `${name} ${at} ${glyphOps(piece.shaped, size)}`));
      }
      px += piece.width * size;
    }
    return out.join(" ");
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

  /**
   * Big diagonal "VOID" (or `label`) across a region of the page, translucent,
   * on top of everything: its own content stream after the page's. Call after finish().
   */
  voidMark(cx: number, cy: number, size: number, label = "VOID"): void {
    const text = printable(label);
    const { pieces, width } = layoutLine(this.fonts, "bold", text);
    const w = width * size;
    const angle = Math.PI / 6;
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    const x = cx - (cos * w) / 2;
    const y = this.height - cy - (sin * w) / 2;
    const context = this.page.doc.context;
    const gs = this.page.node
      .newExtGState("GS", context.obj({ Type: "ExtGState", ca: 0.35, CA: 0.35 }))
      .toString();
    const matrix = [cos, sin, -sin, cos, x, y].map((v) => v.toFixed(4)).join(" ");
    const shown = this.show(pieces, "bold", size, 0, 0);
    const ops = `q ${gs} gs 0.75 0.1 0.1 rg ${matrix} cm BT ${shown} ET Q`;
    this.page.node.addContentStream(context.register(context.stream(ops)));
    this.fonts.scripts.flush();
  }

  /**
   * Writes the page's content stream (uncompressed: it is small and deflate
   * costs more than it saves) and the document's Indian-script fonts as far
   * as drawn (every page's finish() brings them up to date).
   */
  finish(): void {
    const context = this.page.doc.context;
    context.assign(this.ref, context.stream(this.ops.join("\n")));
    this.fonts.scripts.flush();
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
