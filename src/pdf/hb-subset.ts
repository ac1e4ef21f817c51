import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * HarfBuzz's subsetter (harfbuzzjs's harfbuzz-subset.wasm, the one
 * subset-font runs) called by glyph ids rather than by text: the glyphs a
 * shaped run drew (conjuncts, half forms) have no character of their own.
 * Glyph ids are kept (RETAIN_GIDS), so ids shaped against the full font stay
 * valid; the layout tables, hints and names go (a PDF draws glyphs, it does
 * not shape). The WebAssembly has no imports: it is compiled once per
 * process, in the background by prepareSubsetter() (loadShaper calls it), or
 * on first use.
 */

interface SubsetWasm {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(b: number): void;
  hb_blob_get_data(b: number, length: number): number;
  hb_blob_get_length(b: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(f: number): void;
  hb_face_reference_blob(f: number): number;
  hb_set_add(set: number, v: number): void;
  hb_set_clear(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(i: number): void;
  hb_subset_input_glyph_set(i: number): number;
  hb_subset_input_set(i: number, which: number): number;
  hb_subset_input_set_flags(i: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const MEMORY_MODE_WRITABLE = 2;
const SETS_DROP_TABLE_TAG = 3;
const SETS_LAYOUT_FEATURE_TAG = 6;
const FLAGS = 0x1 /* no hinting */ | 0x2 /* retain gids */ | 0x200; /* no layout closure */
const DROP = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "DSIG", "cmap"];
DROP.push("kern", "hdmx", "VDMX", "LTSH", "gasp", "fpgm", "prep", "cvt ");

const tag = (s: string) => [...s].reduce((a, c) => ((a << 8) | c.charCodeAt(0)) >>> 0, 0);
const require = createRequire(import.meta.url);
const wasmFile = () => readFileSync(require.resolve("harfbuzzjs/dist/harfbuzz-subset.wasm"));
let preparing: Promise<void> | undefined;
let wasm: SubsetWasm | undefined;

function start(instance: WebAssembly.Instance): SubsetWasm {
  const exports = instance.exports as unknown as SubsetWasm;
  exports._initialize();
  return exports;
}

/** Compiles and instantiates the subsetter off the main thread, ahead of the first cut. */
export function prepareSubsetter(): Promise<void> {
  preparing ??= WebAssembly.compile(wasmFile())
    .then((module) => WebAssembly.instantiate(module))
    .then((instance) => {
      wasm ??= start(instance);
    });
  return preparing;
}

function subsetter(): SubsetWasm {
  wasm ??= start(new WebAssembly.Instance(new WebAssembly.Module(wasmFile())));
  return wasm;
}

/** A TrueType font holding only `glyphs` (same ids as in `font`), for embedding in a PDF. */
export function subsetGlyphs(font: Uint8Array, glyphs: Iterable<number>): Uint8Array {
  const hb = subsetter();
  const heap = () => new Uint8Array(hb.memory.buffer);
  const input = hb.hb_subset_input_create_or_fail();
  if (!input) throw new Error("hb_subset_input_create_or_fail failed");
  const data = hb.malloc(font.byteLength);
  heap().set(font, data);
  const blob = hb.hb_blob_create(data, font.byteLength, MEMORY_MODE_WRITABLE, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  try {
    const set = hb.hb_subset_input_glyph_set(input);
    for (const g of glyphs) hb.hb_set_add(set, g);
    const drop = hb.hb_subset_input_set(input, SETS_DROP_TABLE_TAG);
    for (const t of DROP) hb.hb_set_add(drop, tag(t));
    hb.hb_set_clear(hb.hb_subset_input_set(input, SETS_LAYOUT_FEATURE_TAG));
    hb.hb_subset_input_set_flags(input, FLAGS);
    const subset = hb.hb_subset_or_fail(face, input);
    if (!subset) throw new Error("hb_subset_or_fail failed");
    const result = hb.hb_face_reference_blob(subset);
    const at = hb.hb_blob_get_data(result, 0);
    const out = heap().slice(at, at + hb.hb_blob_get_length(result));
    hb.hb_blob_destroy(result);
    hb.hb_face_destroy(subset);
    if (out.byteLength === 0) throw new Error("the font subset came out empty");
    return out;
  } finally {
    hb.hb_subset_input_destroy(input);
    hb.hb_face_destroy(face);
    hb.free(data);
  }
}
