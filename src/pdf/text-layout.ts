import type { EmbeddedFonts } from "./fonts.ts";
import { LATIN_CHARSET, type Script, splitRuns, type Weight } from "./scripts.ts";
import { type Shaped, shapeRun } from "./shaping.ts";

/**
 * A line of printable text (fonts.ts printable()) laid out for drawing: runs
 * of one font each (scripts.ts), the Indian ones shaped by HarfBuzz, with
 * their widths. Widths are in em (multiply by the font size for points).
 */

export interface Piece {
  /** null: DejaVu. */
  script: Script | null;
  text: string;
  width: number;
  shaped?: Shaped;
}

// Widths per character at size 1, per weight. Every document embeds the same
// cut-down DejaVu, so the widths are the same in every document: measure once.
const widthCache: Record<Weight, Map<string, number>> = { regular: new Map(), bold: new Map() };

function latinWidth(fonts: EmbeddedFonts, weight: Weight, text: string): number {
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
  return w;
}

function latinOnly(text: string): boolean {
  for (const ch of text) if (!LATIN_CHARSET.has(ch)) return false;
  return true;
}

/** The pieces of a printable line and its width in em. */
export function layoutLine(
  fonts: EmbeddedFonts,
  weight: Weight,
  text: string,
): { pieces: Piece[]; width: number } {
  if (latinOnly(text)) {
    const width = latinWidth(fonts, weight, text);
    return { pieces: [{ script: null, text, width }], width };
  }
  let width = 0;
  const pieces = splitRuns(text).map((run): Piece => {
    if (!run.script) {
      const w = latinWidth(fonts, weight, run.text);
      width += w;
      return { script: null, text: run.text, width: w };
    }
    const shaped = shapeRun(run.script, weight, run.text);
    width += shaped.width;
    return { script: run.script, text: run.text, width: shaped.width, shaped };
  });
  return { pieces, width };
}

/** Width of printable text at `size`, in points. */
export function lineWidth(fonts: EmbeddedFonts, weight: Weight, text: string, size: number) {
  return layoutLine(fonts, weight, text).width * size;
}

/** PDF number text: integers as is, else two decimals (a hundredth of a point is plenty). */
export function n(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

const hex4 = (g: number) => g.toString(16).padStart(4, "0");

/**
 * The glyphs of a shaped run as text-showing operators at the current text
 * position: one TJ array whose numbers move each glyph from where the PDF
 * would put it (after the previous glyph's /W width) to where HarfBuzz puts
 * it; vertical offsets (marks above and below) by text rise (Ts).
 */
export function glyphOps(shaped: Shaped, size: number): string {
  const out: string[] = [];
  let items: string[] = [];
  let hex = "";
  let rise = 0;
  let pen = 0; // HarfBuzz pen position, em
  let at = 0; // where the PDF's text position is, em
  const flush = () => {
    if (hex) items.push(`<${hex}>`);
    hex = "";
    if (items.length) out.push(`[${items.join(" ")}] TJ`);
    items = [];
  };
  shaped.glyphs.forEach((g, i) => {
    const x = pen + (shaped.dx[i] ?? 0);
    const y = shaped.dy[i] ?? 0;
    if (y !== rise) {
      flush();
      out.push(`${n(y * size)} Ts`);
      rise = y;
    }
    const shift = Math.round((x - at) * 100_000) / 100;
    if (shift !== 0) {
      if (hex) items.push(`<${hex}>`);
      hex = "";
      items.push(n(-shift));
    }
    hex += hex4(g);
    at = x + (shaped.widths[i] ?? 0);
    pen += shaped.advances[i] ?? 0;
  });
  flush();
  if (rise !== 0) out.push("0 Ts");
  return out.join(" ");
}

/** A marked-content span whose /ActualText is `text` (what copy and pdftotext give back). */
export function actualText(text: string, ops: string): string {
  let hex = "FEFF";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, "0");
  return `/Span <</ActualText <${hex}>>> BDC ${ops} EMC`;
}
