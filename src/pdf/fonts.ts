import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import subsetFont from "subset-font";

/**
 * Fonts for every PDF we make (bills, labels). DejaVu Sans has the ₹ glyph.
 * Subsetting per document costs ~40 ms and embedding the whole font ~240 ms, so
 * the font is cut down ONCE per process to the characters a bill uses and that
 * small font is embedded whole (no per-document subsetting).
 *
 * Fallback (documented): text outside FONT_CHARSET — Devanagari, emoji, other
 * scripts — is drawn via `printable()`: accents are stripped where the base
 * letter exists, every other character becomes "?". A bill never fails to print.
 */

const ranges: Array<[number, number]> = [
  [0x20, 0x7e], // ASCII
  [0xa0, 0xff], // Latin-1 supplement
  [0x2010, 0x2027], // dashes, quotes, bullet, ellipsis
  [0x20b9, 0x20b9], // ₹
  [0x00d7, 0x00d7], // ×
  [0x25cf, 0x25cf], // ●
];

export const FONT_CHARSET: ReadonlySet<string> = new Set(
  ranges.flatMap(([from, to]) =>
    Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)),
  ),
);

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
}

/** Embeds the process-wide fonts into a document (whole, no per-document subsetting). */
export async function embedFonts(doc: PDFDocument): Promise<EmbeddedFonts> {
  const bytes = await loadFontBytes();
  doc.registerFontkit(fontkit);
  const [regular, bold] = await Promise.all([
    doc.embedFont(bytes.regular, { subset: false }),
    doc.embedFont(bytes.bold, { subset: false }),
  ]);
  return { regular, bold };
}

/** Text the embedded font can draw: see the fallback rule at the top of this file. */
export function printable(text: string): string {
  let out = "";
  for (const ch of text) {
    if (FONT_CHARSET.has(ch)) {
      out += ch;
      continue;
    }
    if (ch === "\n" || ch === "\t") {
      out += " ";
      continue;
    }
    const base = ch.normalize("NFKD").replace(/\p{M}/gu, "");
    if (base && [...base].every((c) => FONT_CHARSET.has(c))) out += base;
    else if (/\p{M}/u.test(ch))
      continue; // a combining sign (e.g. a Devanagari vowel sign) adds nothing
    else out += "?";
  }
  return out;
}
