import type { Buffer as HbBuffer, Font as HbFont } from "harfbuzzjs";
import { prepareSubsetter } from "./hb-subset.ts";
import { type Script, scriptFontBytes, type Weight } from "./scripts.ts";

/**
 * Shaping of Indian-script runs with HarfBuzz (harfbuzzjs): conjuncts,
 * half forms, reph, matras reordered and marks placed, as browsers shape them
 * (Chromium uses HarfBuzz too). Not pdf-lib's fontkit: its Indic shaper
 * throws "regeneratorRuntime is not defined" on every Indic string (its
 * state machine needs a runtime the bundle lacks), so drawing a Devanagari
 * name through pdf-lib breaks the bill.
 *
 * loadShaper() loads the WebAssembly once per process (~20 ms); after that
 * everything here is synchronous. Results are cached: shop names repeat.
 */

type Hb = typeof import("harfbuzzjs");

let hb: Hb | undefined;
let loading: Promise<Hb> | undefined;

/**
 * Loads HarfBuzz (the WebAssembly is found beside the package, kept outside
 * the bundle) and compiles the subsetter the PDF fonts are cut with.
 */
export async function loadShaper(): Promise<void> {
  loading ??= Promise.all([import("harfbuzzjs"), prepareSubsetter()]).then(([m]) => {
    hb = m;
    return m;
  });
  loading.catch(() => {
    loading = undefined;
  });
  await loading;
}

function harfbuzz(): Hb {
  if (!hb) throw new Error("loadShaper() must finish before text is shaped");
  return hb;
}

export interface ScriptFont {
  font: HbFont;
  upem: number;
  /** The original font's bytes (glyph ids in shaped runs are this font's). */
  bytes: Uint8Array;
  /** Glyph id → the character the font's cmap maps to it (the first one). */
  nominal: ReadonlyMap<number, number>;
  ascender: number;
  descender: number;
  bbox: [number, number, number, number];
}

const fonts = new Map<string, ScriptFont>();

/** The HarfBuzz font of a script and weight, opened once per process. */
export function scriptFont(script: Script, weight: Weight): ScriptFont {
  const key = `${script}/${weight}`;
  let f = fonts.get(key);
  if (!f) {
    const h = harfbuzz();
    const bytes = scriptFontBytes(script, weight);
    const face = new h.Face(new h.Blob(bytes));
    const font = new h.Font(face);
    const nominal = new Map<number, number>();
    for (const cp of face.collectUnicodes()) {
      const gid = font.nominalGlyph(cp);
      if (gid && !nominal.has(gid)) nominal.set(gid, cp);
    }
    const head = new DataView((face.referenceTable("head") ?? new Uint8Array(54)).buffer);
    const extents = font.hExtents();
    f = {
      font,
      upem: face.upem,
      bytes,
      nominal,
      ascender: extents.ascender,
      descender: extents.descender,
      bbox: [head.getInt16(36), head.getInt16(38), head.getInt16(40), head.getInt16(42)],
    };
    fonts.set(key, f);
  }
  return f;
}

/** A shaped run; positions in em (multiply by the font size for points). */
export interface Shaped {
  glyphs: number[];
  /** Pen advance after each glyph. */
  advances: number[];
  /** Offset of each glyph from the pen position (y up). */
  dx: number[];
  dy: number[];
  /** Index into the run's text (UTF-16) of the cluster each glyph belongs to. */
  clusters: number[];
  /** Each glyph's own advance width in the font as the PDF's /W says it, in em. */
  widths: number[];
  width: number;
}

let buffer: HbBuffer | undefined;
const cache = new Map<string, Shaped>();
const CACHE_LIMIT = 20_000;

/** Shapes one run of one Indian script (see scripts.ts splitRuns). */
export function shapeRun(script: Script, weight: Weight, text: string): Shaped {
  const key = `${script}/${weight}/${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const h = harfbuzz();
  const f = scriptFont(script, weight);
  buffer ??= new h.Buffer();
  buffer.clearContents();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  h.shape(f.font, buffer);
  const em = 1 / f.upem;
  const shaped: Shaped = {
    glyphs: [],
    advances: [],
    dx: [],
    dy: [],
    clusters: [],
    widths: [],
    width: 0,
  };
  for (const g of buffer.getGlyphInfosAndPositions()) {
    shaped.glyphs.push(g.codepoint);
    shaped.clusters.push(g.cluster);
    shaped.advances.push((g.xAdvance ?? 0) * em);
    shaped.dx.push((g.xOffset ?? 0) * em);
    shaped.dy.push((g.yOffset ?? 0) * em);
    // As the PDF's /W has it (whole thousandths of an em), so TJ positions add up exactly.
    shaped.widths.push(Math.round((f.font.glyphHAdvance(g.codepoint) * 1000) / f.upem) / 1000);
    shaped.width += (g.xAdvance ?? 0) * em;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, shaped);
  return shaped;
}
