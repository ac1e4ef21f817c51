import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import {
  CustomFontEmbedder,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFFont,
  PDFHexString,
  PDFInvalidObject,
  PDFName,
  PDFObjectCopier,
  type PDFRef,
} from "pdf-lib";
import { DocScriptFonts } from "./glyph-fonts.ts";
import { covers, graphemeDrawable, LATIN_CHARSET, scriptOf } from "./scripts.ts";
import { loadShaper } from "./shaping.ts";

/**
 * Fonts for every PDF we make (bills, labels). DejaVu Sans draws Latin, digits,
 * punctuation and ₹; the Indian scripts come from Noto Sans fonts, shaped by
 * HarfBuzz (scripts.ts, shaping.ts, glyph-fonts.ts). Subsetting per document
 * costs ~40 ms and embedding the whole font ~240 ms, so DejaVu is cut down ONCE
 * per process to LATIN_CHARSET and that small font is embedded whole.
 *
 * Fallback (documented in the README): what no font draws — emoji, scripts
 * without a font here (Odia, Sinhala, Arabic, CJK…), Latin letters outside
 * Latin-1 — is drawn via `printable()`: accents are stripped where the base
 * letter exists ("Café" stays, e + U+0301 → "é"; "ṭ" → "t", "Ł" → "□"), every
 * other user-perceived character (grapheme) becomes one "□", the sign of a
 * character this printer cannot show. A bill never fails to print; where a
 * whole item name is unprintable the bill adds its code.
 */

/** What the cut-down DejaVu Sans holds (Indian scripts are drawn by their own fonts). */
export const FONT_CHARSET: ReadonlySet<string> = LATIN_CHARSET;

const require = createRequire(import.meta.url);
const fontPath = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);

export interface FontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

let cached: Promise<FontBytes> | undefined;

/** The cut-down regular and bold fonts, made once per process. */
export function loadFontBytes(): Promise<FontBytes> {
  cached ??= (async () => {
    // Loaded here, not at the top: the app bundle keeps subset-font in node_modules (it finds
    // its WebAssembly next to itself), and a static import would load it at every start.
    const { default: subsetFont } = await import("subset-font");
    const text = [...FONT_CHARSET].join("");
    const [regular, bold] = await Promise.all(
      ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map(async (file) => {
        const full = await readFile(fontPath(file));
        return new Uint8Array(await subsetFont(full, text, { targetFormat: "truetype" }));
      }),
    );
    return { regular: regular as Uint8Array, bold: bold as Uint8Array };
  })();
  return cached;
}

export interface EmbeddedFonts {
  regular: PDFFont;
  bold: PDFFont;
  /** This document's Indian-script fonts (written by Pen.finish()). */
  scripts: DocScriptFonts;
}

/**
 * A font embedded once into a scratch document; every bill copies those ready
 * objects (the font program already compressed) and draws through a shared
 * embedder that maps characters to glyphs from a cache. pdf-lib's own path
 * re-parses the font, runs the shaping engine on every string and deflates the
 * font again for every document: ~20 ms a bill, most of the speed budget.
 * The cost: no kerning or ligatures, which a receipt does not need.
 */
interface PreparedFont {
  source: PDFDocument;
  dict: PDFDict;
  embedder: CustomFontEmbedder;
}

let prepared: Promise<{ regular: PreparedFont; bold: PreparedFont }> | undefined;

function prepareFonts() {
  prepared ??= (async () => {
    const bytes = await loadFontBytes();
    const [regular, bold] = await Promise.all([
      prepareFont(bytes.regular, "SRQBRG+DejaVuSans"),
      prepareFont(bytes.bold, "SRQBBD+DejaVuSans-Bold"),
    ]);
    return { regular, bold };
  })();
  // A failure (font file missing) is retried by the next document, not cached.
  prepared.catch(() => {
    prepared = undefined;
  });
  return prepared;
}

async function prepareFont(bytes: Uint8Array, name: string): Promise<PreparedFont> {
  const source = await PDFDocument.create({ updateMetadata: false });
  const base = await CustomFontEmbedder.for(fontkit, bytes, name);
  const ref = await base.embedIntoContext(source.context);
  const dict = source.context.lookup(ref, PDFDict);
  freezeWidths(source, dict);
  const glyphs = new Map<string, { hex: string; width: number }>();
  const glyph = (ch: string) => {
    let g = glyphs.get(ch);
    if (!g) {
      const found = base.font.glyphForCodePoint(ch.codePointAt(0) ?? 0);
      g = {
        hex: (found?.id ?? 0).toString(16).padStart(4, "0"),
        width: ((found?.advanceWidth ?? 0) * base.scale) / 1000,
      };
      glyphs.set(ch, g);
    }
    return g;
  };
  // Same class (pdf-lib checks instanceof), shared by every document: it holds
  // no per-document state because the objects are copied, not re-embedded.
  const embedder = Object.create(base) as CustomFontEmbedder;
  embedder.encodeText = (text: string) => {
    let hex = "";
    for (const ch of text) hex += glyph(ch).hex;
    return PDFHexString.of(hex);
  };
  embedder.widthOfTextAtSize = (text: string, size: number) => {
    let w = 0;
    for (const ch of text) w += glyph(ch).width;
    return w * size;
  };
  embedder.embedIntoContext = async (_context, r) => r as PDFRef;
  return { source, dict, embedder };
}

/**
 * The font's /W array (a number per glyph) written out once as its PDF text:
 * every bill copies the bytes instead of a few hundred number objects to copy
 * and format again (~5 % of a bill's time).
 */
function freezeWidths(source: PDFDocument, font: PDFDict) {
  const descendants = source.context.lookup(font.get(PDFName.of("DescendantFonts")), PDFArray);
  const cid = source.context.lookup(descendants.get(0), PDFDict);
  const widths = cid.get(PDFName.of("W"));
  if (!(widths instanceof PDFArray)) return;
  const bytes = new Uint8Array(widths.sizeInBytes());
  widths.copyBytesInto(bytes, 0);
  cid.set(PDFName.of("W"), PDFInvalidObject.of(bytes));
}

function embedPrepared(doc: PDFDocument, font: PreparedFont): PDFFont {
  const copy = PDFObjectCopier.for(font.source.context, doc.context).copy(font.dict);
  const ref = doc.context.register(copy);
  return PDFFont.of(ref, doc, font.embedder);
}

/**
 * Embeds the process-wide fonts into a document (ready objects copied, no
 * per-document font work) and makes sure HarfBuzz is loaded for the Indian scripts.
 */
export async function embedFonts(doc: PDFDocument): Promise<EmbeddedFonts> {
  const [fonts] = await Promise.all([prepareFonts(), loadShaper()]);
  return {
    regular: embedPrepared(doc, fonts.regular),
    bold: embedPrepared(doc, fonts.bold),
    scripts: new DocScriptFonts(doc.context),
  };
}

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** The fallback drawn for a character no font has. */
export const MISSING = "\u25a1";

/** A character some font draws on its own (the fast path; graphemes decide the rest). */
function drawableChar(ch: string): boolean {
  if (LATIN_CHARSET.has(ch)) return true;
  const cp = ch.codePointAt(0) ?? 0;
  const script = scriptOf(cp);
  return script !== null && covers(script, cp);
}

/**
 * Text the embedded fonts can draw: see the fallback rule at the top of this
 * file. Works per grapheme (what a reader sees as one character), so an emoji
 * family is one "□", not one per code point; Indian-script text is kept as typed.
 */
export function printable(text: string): string {
  let fast = true;
  for (const ch of text) {
    if (!drawableChar(ch)) {
      fast = false;
      break;
    }
  }
  if (fast) return text;
  let out = "";
  for (const { segment } of graphemes.segment(text)) {
    if (segment === "\n" || segment === "\t" || segment === "\r\n") {
      out += " ";
      continue;
    }
    if (graphemeDrawable(segment)) {
      out += segment;
      continue;
    }
    const composed = segment.normalize("NFC");
    if (graphemeDrawable(composed)) {
      out += composed;
      continue;
    }
    const base = segment.normalize("NFKD").replace(/\p{M}/gu, "");
    if (base && [...base].every((c) => LATIN_CHARSET.has(c))) out += base;
    else if (/^\p{M}+$/u.test(segment))
      continue; // a lone combining sign adds nothing
    else out += MISSING;
  }
  return out;
}

/** True when printable() has to change something (the text is not drawable as it is). */
export function needsFallback(text: string): boolean {
  for (const ch of text) if (!drawableChar(ch)) return printable(text) !== text;
  return false;
}
