import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { printable } from "../../pdf/fonts.ts";
import { splitRuns } from "../../pdf/scripts.ts";
import { loadShaper as loadHarfBuzz, scriptFont, shapeRun } from "../../pdf/shaping.ts";

/**
 * Text the printer's code pages cannot print (the ₹ sign, names in Indian
 * scripts) drawn as a 1-bit image line. The text is split and shaped as the
 * PDF does it (src/pdf/scripts.ts, shaping.ts: HarfBuzz, conjuncts and matras
 * right) and the glyph outlines are filled here with a plain non-zero
 * scanline fill. DejaVu Sans covers Latin and ₹; each Indian script its Noto
 * Sans font. What no font draws prints as the PDF's fallback ("□").
 */

export interface Bitmap {
  width: number;
  height: number;
  /** RGBA, black ink on white, the shape the encoder's image() takes. */
  data: Uint8ClampedArray;
}

export interface RasterRow {
  left: string;
  right?: string;
  align?: "left" | "center";
  /** Pixel size of the em square; 22 sits beside the printer's 24-dot font. */
  size?: number;
  bold?: boolean;
  /** Column cells besides left/right: starting (align left) or ending (right) at `x` dots. */
  cells?: Array<{ text: string; x: number; align: "left" | "right" }>;
}

type Hb = typeof import("harfbuzzjs");
interface Shaper {
  hb: Hb;
  latin: { regular: import("harfbuzzjs").Font; bold: import("harfbuzzjs").Font; upem: number };
}

const require = createRequire(import.meta.url);
let shaper: Promise<Shaper> | undefined;

function loadShaper(): Promise<Shaper> {
  shaper ??= (async () => {
    // Loaded on first use: the WebAssembly is found beside the package (kept outside the bundle).
    const hb = await import("harfbuzzjs");
    await loadHarfBuzz();
    const open = (file: string) => {
      const bytes = readFileSync(require.resolve(file));
      const face = new hb.Face(new hb.Blob(bytes));
      return { font: new hb.Font(face), upem: face.upem };
    };
    const dejavu = (f: string) => open(`dejavu-fonts-ttf/ttf/${f}`);
    const [lr, lb] = [dejavu("DejaVuSans.ttf"), dejavu("DejaVuSans-Bold.ttf")];
    return { hb, latin: { regular: lr.font, bold: lb.font, upem: lr.upem } };
  })();
  return shaper;
}

/** Loads HarfBuzz and the Latin fonts ahead of the first receipt (the Indian ones load on first use). */
export async function warmUpRaster(): Promise<void> {
  await loadShaper();
}

interface Placed {
  path: Array<{ type: string; values: number[] }>;
  x: number;
  /** Up from the baseline, px (marks placed above or below). */
  y: number;
  scale: number;
}

/** Shapes `text` at `size` px: the glyph outlines placed from x = 0, and the advance. */
function layout(s: Shaper, text: string, size: number, bold: boolean) {
  const glyphs: Placed[] = [];
  const weight = bold ? "bold" : "regular";
  let x = 0;
  for (const run of splitRuns(printable(text))) {
    if (run.script) {
      const font = scriptFont(run.script, weight).font;
      const shaped = shapeRun(run.script, weight, run.text);
      const scale = size / scriptFont(run.script, weight).upem;
      shaped.glyphs.forEach((g, i) => {
        glyphs.push({
          path: font.glyphToJson(g),
          x: x + (shaped.dx[i] ?? 0) * size,
          y: (shaped.dy[i] ?? 0) * size,
          scale,
        });
        x += (shaped.advances[i] ?? 0) * size;
      });
      continue;
    }
    const font = bold ? s.latin.bold : s.latin.regular;
    const scale = size / s.latin.upem;
    const buf = new s.hb.Buffer();
    buf.addText(run.text);
    buf.guessSegmentProperties();
    s.hb.shape(font, buf);
    const infos = buf.getGlyphInfos();
    const pos = buf.getGlyphPositions();
    infos.forEach((g, i) => {
      const p = pos[i];
      if (!p) return;
      glyphs.push({
        path: font.glyphToJson(g.codepoint),
        x: x + p.xOffset * scale,
        y: p.yOffset * scale,
        scale,
      });
      x += p.xAdvance * scale;
    });
  }
  return { glyphs, width: x };
}

type Edge = [number, number, number, number]; // x0, y0, x1, y1 in pixels

/** A point of a quadratic or cubic Bézier (de Casteljau) along one axis. */
function bezier(points: number[], t: number): number {
  let p = points;
  while (p.length > 1) p = p.slice(1).map((v, i) => (p[i] ?? v) * (1 - t) + v * t);
  return p[0] ?? 0;
}

/** Glyph outline → line segments (curves flattened), y down from the top of the image. */
function edges(g: Placed, originX: number, baseline: number): Edge[] {
  const out: Edge[] = [];
  const px = (v: number) => originX + g.x + v * g.scale;
  const py = (v: number) => baseline - g.y - v * g.scale;
  let sx = 0;
  let sy = 0;
  let cx = 0;
  let cy = 0;
  const lineTo = (x: number, y: number) => {
    out.push([cx, cy, x, y]);
    cx = x;
    cy = y;
  };
  for (const c of g.path) {
    const v = c.values;
    if (c.type === "M") {
      cx = sx = px(v[0] ?? 0);
      cy = sy = py(v[1] ?? 0);
    } else if (c.type === "L") lineTo(px(v[0] ?? 0), py(v[1] ?? 0));
    else if (c.type === "Q" || c.type === "C") {
      // Control points as [x, y] pixels; the curve is cut into 8 straight pieces.
      const xs = [cx, ...v.filter((_, i) => i % 2 === 0).map(px)];
      const ys = [cy, ...v.filter((_, i) => i % 2 === 1).map(py)];
      for (let k = 1; k <= 8; k++) lineTo(bezier(xs, k / 8), bezier(ys, k / 8));
    } else if (c.type === "Z") lineTo(sx, sy);
  }
  return out;
}

/** Non-zero winding fill, sampled at pixel centres, into a 1-bit ink mask. */
function fill(mask: Uint8Array, width: number, height: number, all: Edge[]) {
  for (let y = 0; y < height; y++) {
    const sy = y + 0.5;
    const hits: Array<[number, number]> = [];
    for (const [x0, y0, x1, y1] of all) {
      if (y0 === y1) continue;
      const up = y1 < y0;
      const [ya, yb] = up ? [y1, y0] : [y0, y1];
      if (sy < ya || sy >= yb) continue;
      hits.push([x0 + ((sy - y0) * (x1 - x0)) / (y1 - y0), up ? 1 : -1]);
    }
    hits.sort((a, b) => a[0] - b[0]);
    let winding = 0;
    let spanStart = 0;
    for (const [x, dir] of hits) {
      if (winding === 0) spanStart = x;
      winding += dir;
      if (winding !== 0) continue;
      const from = Math.max(0, Math.ceil(spanStart - 0.5));
      const to = Math.min(width - 1, Math.floor(x - 0.5));
      for (let px = from; px <= to; px++) mask[y * width + px] = 1;
    }
  }
}

/**
 * Draws rows of text as one bitmap `width` dots wide (576 on 80 mm paper,
 * 384 on 58 mm); left text at the left edge, right text at the right. Its
 * height is a multiple of 8, as raster images on ESC/POS want.
 */
export async function rasterRows(rows: RasterRow[], width: number): Promise<Bitmap> {
  const s = await loadShaper();
  // Each row laid out at baseline 0 first: 1.35 em tall, baseline at 1.05 em, or more where
  // its glyphs reach further (a Kannada subscript, a Bengali i-sign).
  const laid = rows.map((r) => {
    const size = r.size ?? 22;
    const all: Edge[] = [];
    const left = layout(s, r.left, size, r.bold ?? false);
    const lx = r.align === "center" ? Math.max(0, (width - left.width) / 2) : 0;
    for (const g of left.glyphs) all.push(...edges(g, lx, 0));
    if (r.right) {
      const right = layout(s, r.right, size, r.bold ?? false);
      for (const g of right.glyphs) all.push(...edges(g, width - right.width, 0));
    }
    for (const cell of r.cells ?? []) {
      const placed = layout(s, cell.text, size, r.bold ?? false);
      const x = cell.align === "left" ? cell.x : Math.max(0, cell.x - placed.width);
      for (const g of placed.glyphs) all.push(...edges(g, x, 0));
    }
    let [up, down] = [0, 0];
    for (const [, y0, , y1] of all) [up, down] = [Math.max(up, -y0, -y1), Math.max(down, y0, y1)];
    const baseline = Math.max(Math.round(size * 1.05), Math.ceil(up));
    return { all, baseline, height: Math.max(Math.ceil(size * 1.35), baseline + Math.ceil(down)) };
  });
  const height = Math.ceil(laid.reduce((a, r) => a + r.height, 0) / 8) * 8;
  const mask = new Uint8Array(width * height);
  let top = 0;
  for (const r of laid) {
    // Fill only this row's band: the edges of one row never reach another's.
    const band = new Uint8Array(width * r.height);
    fill(
      band,
      width,
      r.height,
      r.all.map(([a, b, c, d]) => [a, b + r.baseline, c, d + r.baseline]),
    );
    mask.set(band, top * width);
    top += r.height;
  }
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    data[p * 4] = data[p * 4 + 1] = data[p * 4 + 2] = 0;
  }
  return { width, height, data };
}
