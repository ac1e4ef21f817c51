import { deflateSync } from "node:zlib";
import {
  type PDFContext,
  PDFInvalidObject,
  PDFName,
  PDFRawStream,
  type PDFRef,
  PDFString,
} from "pdf-lib";
import { subsetGlyphs } from "./hb-subset.ts";
import { SCRIPT_NAMES, SCRIPTS, type Script, type Weight } from "./scripts.ts";
import { type Shaped, scriptFont } from "./shaping.ts";

/**
 * The Indian-script fonts inside a PDF: a Type0 font (Identity-H, glyph ids
 * as the character codes) per script and weight, its program cut to the
 * glyphs drawn. The cut is made once per process and grows: the first bill
 * with a new glyph re-cuts the font (~3 ms), every later bill copies the
 * ready bytes (no subsetting, no deflate). Glyph ids never change between
 * cuts (the subsetter keeps them), so a run shaped once stays valid.
 *
 * Copying text: every glyph gets a ToUnicode entry (its own character, or
 * the characters of a conjunct), and pdf-draw wraps each run in /ActualText,
 * which readers that honour it (poppler's pdftotext) use for the whole run,
 * so reordered matras come out in the order they were typed.
 */

interface Built {
  version: number;
  name: string;
  fontFile: Uint8Array;
  length1: number;
  widths: Uint8Array;
  toUnicode: Uint8Array;
}

const encoder = new TextEncoder();

const utf16 = (text: string) => {
  let hex = "";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, "0");
  return hex;
};

const hex4 = (g: number) => g.toString(16).padStart(4, "0");

/** One script and weight's growing set of glyphs, and the font cut to it. */
class GlyphCut {
  readonly glyphs = new Set<number>([0]);
  /** Glyph → the text it stands for, from the first run that drew it (for ToUnicode). */
  readonly text = new Map<number, string>();
  version = 0;
  private built: Built | undefined;

  constructor(
    readonly script: Script,
    readonly weight: Weight,
  ) {}

  /** Adds a shaped run's glyphs; true when one was new to the process. */
  add(shaped: Shaped, text: string): boolean {
    let grew = false;
    for (const g of shaped.glyphs) {
      if (this.glyphs.has(g)) continue;
      this.glyphs.add(g);
      grew = true;
    }
    if (!grew) return false;
    this.version++;
    this.learnText(shaped, text);
    return true;
  }

  /**
   * Per cluster (the glyphs HarfBuzz made from some characters): a glyph that
   * is a character's own glyph maps to that character; the characters left
   * over (a conjunct, a half form) go to the cluster's first other glyph.
   */
  private learnText(shaped: Shaped, text: string) {
    const { nominal } = scriptFont(this.script, this.weight);
    const n = shaped.glyphs.length;
    let i = 0;
    while (i < n) {
      const start = shaped.clusters[i] ?? 0;
      let j = i;
      while (j < n && shaped.clusters[j] === start) j++;
      const end = j < n ? (shaped.clusters[j] ?? text.length) : text.length;
      const left = [...text.slice(Math.min(start, end), Math.max(start, end))];
      const others: number[] = [];
      for (let k = i; k < j; k++) {
        const g = shaped.glyphs[k] ?? 0;
        const cp = nominal.get(g);
        const at = cp === undefined ? -1 : left.indexOf(String.fromCodePoint(cp));
        if (at >= 0) {
          left.splice(at, 1);
          if (!this.text.has(g)) this.text.set(g, String.fromCodePoint(cp as number));
        } else others.push(g);
      }
      const first = others[0];
      if (first !== undefined && left.length && !this.text.has(first))
        this.text.set(first, left.join(""));
      i = j;
    }
  }

  /** The font cut to every glyph seen so far (cut again only when the set grew). */
  build(): Built {
    if (this.built?.version === this.version) return this.built;
    const f = scriptFont(this.script, this.weight);
    const sorted = [...this.glyphs].sort((a, b) => a - b);
    const program = subsetGlyphs(f.bytes, sorted);
    const scale = 1000 / f.upem;
    // /W as runs of consecutive ids: [first [w w w] first [w] ...].
    const parts: string[] = [];
    let k = 0;
    while (k < sorted.length) {
      const first = sorted[k] as number;
      const ws: number[] = [];
      while (k < sorted.length && sorted[k] === first + ws.length) {
        ws.push(Math.round(f.font.glyphHAdvance(sorted[k] as number) * scale));
        k++;
      }
      parts.push(`${first} [${ws.join(" ")}]`);
    }
    const tag = String.fromCharCode(
      ...[
        SCRIPT_NAMES.indexOf(this.script),
        this.weight === "bold" ? 1 : 0,
        ...digits(this.version),
      ]
        .slice(0, 6)
        .map((d) => 65 + (d % 26)),
    );
    const style = this.weight === "bold" ? "Bold" : "Regular";
    this.built = {
      version: this.version,
      name: `${tag.padEnd(6, "A")}+NotoSans${SCRIPTS[this.script].name}-${style}`,
      fontFile: deflateSync(program),
      length1: program.byteLength,
      widths: encoder.encode(`[${parts.join(" ")}]`),
      toUnicode: deflateSync(encoder.encode(toUnicodeCMap(this.text))),
    };
    return this.built;
  }
}

/** The cut's version as four base-26 digits (the subset tag differs per cut). */
function digits(v: number): number[] {
  return [3, 2, 1, 0].map((p) => Math.floor(v / 26 ** p) % 26);
}

function toUnicodeCMap(text: ReadonlyMap<number, string>): string {
  const entries = [...text].sort((a, b) => a[0] - b[0]);
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar`);
    for (const [g, t] of chunk) blocks.push(`<${hex4(g)}> <${utf16(t)}>`);
    blocks.push("endbfchar");
  }
  return [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <FFFF>",
    "endcodespacerange",
    ...blocks,
    "endcmap",
    "CMapName currentdict /CMap defineresource pop",
    "end",
    "end",
  ].join("\n");
}

const cuts = new Map<string, GlyphCut>();

function cutFor(script: Script, weight: Weight): GlyphCut {
  const key = `${script}/${weight}`;
  let cut = cuts.get(key);
  if (!cut) {
    cut = new GlyphCut(script, weight);
    cuts.set(key, cut);
  }
  return cut;
}

interface DocFont {
  cut: GlyphCut;
  ref: PDFRef;
  glyphs: Set<number>;
  /** The document drew a glyph its written font objects may lack. */
  dirty: boolean;
  parts?: { cid: PDFRef; descriptor: PDFRef; file: PDFRef; toUnicode: PDFRef };
}

/** One document's Indian-script fonts: refs handed out while drawing, objects written by flush(). */
export class DocScriptFonts {
  private readonly fonts = new Map<string, DocFont>();

  constructor(private readonly context: PDFContext) {}

  /** Notes the run's glyphs for this document; the Type0 font to draw it with. */
  use(script: Script, weight: Weight, shaped: Shaped, text: string): PDFRef {
    const key = `${script}/${weight}`;
    let font = this.fonts.get(key);
    if (!font) {
      font = {
        cut: cutFor(script, weight),
        ref: this.context.nextRef(),
        glyphs: new Set(),
        dirty: true,
      };
      this.fonts.set(key, font);
    }
    font.cut.add(shaped, text);
    for (const g of shaped.glyphs) {
      if (font.glyphs.has(g)) continue;
      font.glyphs.add(g);
      font.dirty = true;
    }
    return font.ref;
  }

  /** Writes (or rewrites, at the same refs) the font objects of every font that drew new glyphs. */
  flush(): void {
    for (const font of this.fonts.values()) {
      if (!font.dirty) continue;
      this.write(font);
      font.dirty = false;
    }
  }

  private write(font: DocFont) {
    const c = this.context;
    const built = font.cut.build();
    const f = scriptFont(font.cut.script, font.cut.weight);
    const s = 1000 / f.upem;
    font.parts ??= {
      cid: c.nextRef(),
      descriptor: c.nextRef(),
      file: c.nextRef(),
      toUnicode: c.nextRef(),
    };
    const { cid, descriptor, file, toUnicode } = font.parts;
    const name = PDFName.of(built.name);
    c.assign(
      file,
      PDFRawStream.of(c.obj({ Length1: built.length1, Filter: "FlateDecode" }), built.fontFile),
    );
    c.assign(toUnicode, PDFRawStream.of(c.obj({ Filter: "FlateDecode" }), built.toUnicode));
    c.assign(
      descriptor,
      c.obj({
        Type: "FontDescriptor",
        FontName: name,
        Flags: 4,
        FontBBox: f.bbox.map((v) => Math.round(v * s)),
        ItalicAngle: 0,
        Ascent: Math.round(f.ascender * s),
        Descent: Math.round(f.descender * s),
        CapHeight: Math.round(f.ascender * s),
        StemV: font.cut.weight === "bold" ? 140 : 80,
        FontFile2: file,
      }),
    );
    const cidFont = c.obj({
      Type: "Font",
      Subtype: "CIDFontType2",
      BaseFont: name,
      CIDSystemInfo: {
        Registry: PDFString.of("Adobe"),
        Ordering: PDFString.of("Identity"),
        Supplement: 0,
      },
      FontDescriptor: descriptor,
      CIDToGIDMap: "Identity",
    });
    cidFont.set(PDFName.of("W"), PDFInvalidObject.of(built.widths));
    c.assign(cid, cidFont);
    c.assign(
      font.ref,
      c.obj({
        Type: "Font",
        Subtype: "Type0",
        BaseFont: name,
        Encoding: "Identity-H",
        DescendantFonts: [cid],
        ToUnicode: toUnicode,
      }),
    );
  }
}
