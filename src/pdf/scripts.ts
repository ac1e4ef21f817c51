import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { woffToSfnt } from "./woff.ts";

/**
 * Which font draws which character. Latin and the common characters (digits,
 * punctuation, ₹) come from DejaVu Sans (fonts.ts), cut to LATIN_CHARSET; each
 * Indian script below from its Noto Sans font in the @fontsource packages
 * (the script's own subset file, regular and bold). A text is split into runs
 * of one font each — the way a browser falls back from font to font — and the
 * Indian runs are shaped by HarfBuzz (shaping.ts).
 */

export type Weight = "regular" | "bold";

export const SCRIPTS = {
  devanagari: {
    name: "Devanagari",
    ranges: [
      [0x0900, 0x097f],
      [0xa8e0, 0xa8ff],
      [0x1cd0, 0x1cff],
    ],
  },
  bengali: { name: "Bengali", ranges: [[0x0980, 0x09ff]] },
  gurmukhi: { name: "Gurmukhi", ranges: [[0x0a00, 0x0a7f]] },
  gujarati: { name: "Gujarati", ranges: [[0x0a80, 0x0aff]] },
  tamil: { name: "Tamil", ranges: [[0x0b80, 0x0bff]] },
  telugu: { name: "Telugu", ranges: [[0x0c00, 0x0c7f]] },
  kannada: { name: "Kannada", ranges: [[0x0c80, 0x0cff]] },
  malayalam: { name: "Malayalam", ranges: [[0x0d00, 0x0d7f]] },
} as const satisfies Record<
  string,
  { name: string; ranges: ReadonlyArray<readonly [number, number]> }
>;

export type Script = keyof typeof SCRIPTS;
export const SCRIPT_NAMES = Object.keys(SCRIPTS) as Script[];

const latinRanges: Array<[number, number]> = [
  [0x20, 0x7e], // ASCII
  [0xa0, 0xff], // Latin-1 supplement
  [0x2010, 0x2027], // dashes, quotes, bullet, ellipsis
  [0x20b9, 0x20b9], // ₹
  [0x00d7, 0x00d7], // ×
  [0x25a1, 0x25a1], // □, the fallback for what no font draws
  [0x25cf, 0x25cf], // ●
];

/** What the cut-down DejaVu Sans holds. */
export const LATIN_CHARSET: ReadonlySet<string> = new Set(
  latinRanges.flatMap(([from, to]) =>
    Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)),
  ),
);

/** The Indian script whose Unicode block holds `cp`, or null. */
export function scriptOf(cp: number): Script | null {
  if (cp < 0x0900 || cp > 0x1cff) return cp >= 0xa8e0 && cp <= 0xa8ff ? "devanagari" : null;
  for (const s of SCRIPT_NAMES) {
    for (const [from, to] of SCRIPTS[s].ranges) if (cp >= from && cp <= to) return s;
  }
  return null;
}

/** Signs every Indian script writes with, though Unicode files them under one (dandas, Vedic tones). */
function shared(cp: number): boolean {
  return (
    (cp >= 0x0951 && cp <= 0x0954) ||
    cp === 0x0964 ||
    cp === 0x0965 ||
    (cp >= 0x1cd0 && cp <= 0x1cff) ||
    cp === 0xa8f1
  );
}

/** Characters that belong to the run before them: joiners, the dotted circle, combining marks. */
const joins = (ch: string) =>
  ch === "\u200c" || ch === "\u200d" || ch === "\u25cc" || /\p{M}/u.test(ch);

const require = createRequire(import.meta.url);

/** The WOFF file of a script's Noto Sans font in its @fontsource package. */
export function scriptFontFile(script: Script, weight: Weight): string {
  const w = weight === "bold" ? 700 : 400;
  const base = `noto-sans-${script}`;
  return require.resolve(`@fontsource/${base}/files/${base}-${script}-${w}-normal.woff`);
}

const sfnts = new Map<string, Uint8Array>();

/** The font's TrueType bytes, read and unwrapped once per process. */
export function scriptFontBytes(script: Script, weight: Weight): Uint8Array {
  const key = `${script}/${weight}`;
  let bytes = sfnts.get(key);
  if (!bytes) {
    bytes = woffToSfnt(readFileSync(scriptFontFile(script, weight)));
    sfnts.set(key, bytes);
  }
  return bytes;
}

const coverage = new Map<Script, ReadonlySet<number>>();

/** True when the script's font has a glyph for `cp` (its cmap, read once per script). */
export function covers(script: Script, cp: number): boolean {
  let set = coverage.get(script);
  if (!set) {
    const font = fontkit.create(Buffer.from(scriptFontBytes(script, "regular")));
    set = new Set(font.characterSet);
    coverage.set(script, set);
  }
  return set.has(cp);
}

/**
 * True when some font draws every character of the grapheme: all of it in
 * LATIN_CHARSET, or its Indian script's font covers what is not.
 */
export function graphemeDrawable(grapheme: string): boolean {
  let script: Script | null = null;
  for (const ch of grapheme) {
    script = scriptOf(ch.codePointAt(0) ?? 0);
    if (script) break;
  }
  for (const ch of grapheme) {
    if (LATIN_CHARSET.has(ch)) continue;
    if (script && covers(script, ch.codePointAt(0) ?? 0)) continue;
    return false;
  }
  return true;
}

export interface Run {
  /** null: DejaVu (Latin and common characters). */
  script: Script | null;
  text: string;
}

/**
 * Splits drawable text (see graphemeDrawable) into runs of one font: an
 * Indian script's letters with their signs and joiners, everything else
 * (spaces, digits, brackets, Latin) to DejaVu — as a browser's font fallback
 * does with DejaVu Sans first in the list.
 */
export function splitRuns(text: string): Run[] {
  const runs: Run[] = [];
  let current: Run | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const prev = current?.script ?? null;
    let script = scriptOf(cp);
    if (prev && script !== prev && (shared(cp) || joins(ch)) && covers(prev, cp)) script = prev;
    else if (!script && !LATIN_CHARSET.has(ch) && prev) script = prev;
    if (current && current.script === script) current.text += ch;
    else {
      current = { script, text: ch };
      runs.push(current);
    }
  }
  return runs;
}
