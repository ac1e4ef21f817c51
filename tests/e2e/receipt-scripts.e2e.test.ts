import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { initI18n } from "../../src/i18n/i18n.ts";
import { renderBillPdf } from "../../src/pdf/bill-pdf.ts";
import { renderLabelsPdf } from "../../src/pdf/labels.ts";
import { type Script, splitRuns } from "../../src/pdf/scripts.ts";
import type * as Shaping from "../../src/pdf/shaping.ts";
import { shapeRun } from "../../src/pdf/shaping.ts";
import { rasterRows } from "../../src/services/printing/raster-text.ts";
import { ITEMS, sampleDetail } from "../helpers/bill-detail.ts";
import { type Browser, chromiumAvailable, launchBrowser } from "../helpers/browser.ts";
import { cropText, type Gray, glyphDiff, inkCrop, toPng } from "../helpers/glyph-compare.ts";
import { chromiumReferences } from "../helpers/glyph-references.ts";
import { pdfText } from "../helpers/pdf.ts";

/**
 * Names in the Indian scripts on the 80 mm receipt, the A4 invoice and the
 * labels: pdftotext gives each name back as typed, and each name as
 * pdftoppm draws it matches Chromium drawing it with the same font files.
 * The same PDFs made with shaping switched off (each character's own glyph,
 * side by side, as a PDF library without an Indic shaper prints them) must
 * NOT match: the comparison is shown to catch unshaped text.
 *
 * The thermal printer's image lines (raster-text.ts) are held to the same
 * references. In-process (renderBillPdf, rasterRows), so the shaper can be
 * swapped; the bundle prints a mixed-script bill in
 * tests/integration/bundle.test.ts. Figures: tmp/scripts/*-ratios.txt.
 *
 * The receipt's own labels in Hindi (receipt language "hi" and "both",
 * locales/hi/pdf.json) are held to the same references, on paper and as the
 * printer's image lines.
 */

const mode = vi.hoisted(() => ({ unshaped: false }));

vi.mock("../../src/pdf/shaping.ts", async (importOriginal) => {
  const real = await importOriginal<typeof Shaping>();
  /** No shaping: code point → the font's nominal glyph, its own advance. */
  const naive = (script: Script, weight: "regular" | "bold", text: string): Shaping.Shaped => {
    const { font, upem } = real.scriptFont(script, weight);
    const out: Shaping.Shaped = {
      glyphs: [],
      advances: [],
      dx: [],
      dy: [],
      clusters: [],
      widths: [],
      width: 0,
    };
    let at = 0;
    for (const ch of text) {
      const g = font.nominalGlyph(ch.codePointAt(0) ?? 0) ?? 0;
      const w = font.glyphHAdvance(g) / upem;
      out.glyphs.push(g);
      out.advances.push(w);
      out.widths.push(w);
      out.dx.push(0);
      out.dy.push(0);
      out.clusters.push(at);
      out.width += w;
      at += ch.length;
    }
    return out;
  };
  return {
    ...real,
    shapeRun: (script: Script, weight: "regular" | "bold", text: string) =>
      mode.unshaped ? naive(script, weight, text) : real.shapeRun(script, weight, text),
  };
});

/** The names of the issue (Hindi, Marathi and the seven other scripts) and a few that reorder. */
const NAMES = [
  "चीनी (शक्कर) 1 kg",
  "साखर",
  "আটা",
  "ખાંડ",
  "ਖੰਡ",
  "சர்க்கரை",
  "చక్కెర",
  "ಅಕ್ಕಿ",
  "പഞ്ചസാര",
  "हिन्दी",
  "চিনি",
  "ચિક્કી",
  "ਮਿਰਚ",
  "കെട്ട്",
];
const SHOP = "शर्मा किराना स्टोर";
const CUSTOMER = "सुनीता शर्मा";

/** Below this a crop is the same letters (shaped); unshaped renderings must be above it. */
const SAME = 0.17;

/** Chromium draws the references at this many px to the em; the PDFs are rendered to match. */
const EM_PX = 64;
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tmp/scripts");
// In-process, as the app does at start: the receipts' labels come from the catalogue.
initI18n(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../locales"));

function detail() {
  const item = ITEMS[0] as (typeof ITEMS)[number];
  const lines = NAMES.map((name, i) => ({
    ...item,
    code: `SCRIPT-${i}`,
    name,
    qty: 1,
    discount: 0,
  }));
  const d = sampleDetail({ lines, customerName: CUSTOMER });
  d.shop.name = SHOP;
  return d;
}

async function documents() {
  const d = detail();
  const hindi = detail();
  hindi.shop.receiptLanguage = "hi";
  const both = detail();
  both.shop.receiptLanguage = "both";
  return {
    "80mm": await renderBillPdf(d, { format: "80mm" }),
    "80mm-hi": await renderBillPdf(hindi, { format: "80mm" }),
    "80mm-both": await renderBillPdf(both, { format: "80mm" }),
    "58mm": await renderBillPdf(d, { format: "58mm" }),
    a4: await renderBillPdf(d, { format: "a4" }),
    labels: await renderLabelsPdf(
      NAMES.map((name, i) => ({ code: `SCRIPT-${i}`, name, price: 4_500, unit: "kg" as const })),
      "a4",
    ),
  };
}

type Docs = Awaited<ReturnType<typeof documents>>;
type Kind = "80mm" | "80mm-hi" | "80mm-both" | "58mm" | "a4" | "labels";
/** The size each document draws a name at (bill-receipt.ts, bill-invoice.ts, labels.ts). */
const SIZE: Record<Kind, number> = {
  "80mm": 8,
  "80mm-hi": 8,
  "80mm-both": 8,
  "58mm": 7,
  a4: 8.5,
  labels: 8.5,
};

/**
 * The receipt's own labels in Hindi (receipt language "hi", and "both"): the
 * title, totals and payment lines as bill-receipt.ts draws them (locales/hi/pdf.json).
 */
const LABELS: Array<{ kind: Kind; text: string; bold: boolean; size: number }> = [
  { kind: "80mm-hi", text: `उप-योग (${NAMES.length} आइटम)`, bold: false, size: 8 },
  { kind: "80mm-hi", text: "कर योग्य मूल्य", bold: false, size: 8 },
  { kind: "80mm-hi", text: "भुगतान: नकद", bold: false, size: 8 },
  { kind: "80mm-hi", text: "दिए गए", bold: false, size: 8 },
  // The Hindi half of a label in both languages ("Taxable value / कर योग्य मूल्य").
  { kind: "80mm-both", text: "कर योग्य मूल्य", bold: false, size: 8 },
];

/** The crops to compare: every name on each document, and the bold shop name on the receipt. */
const CROPS: Array<{ kind: Kind; text: string; bold: boolean; size: number }> = [
  ...NAMES.flatMap((text) =>
    (["80mm", "58mm", "a4", "labels"] as const).map((kind) => ({
      kind,
      text,
      bold: kind === "labels",
      size: SIZE[kind],
    })),
  ),
  { kind: "80mm", text: SHOP, bold: true, size: 12 },
  ...LABELS,
];

/** A name as pdftoppm draws it, rendered at the resolution that makes its em EM_PX pixels. */
function crop(docs: Docs, c: (typeof CROPS)[number]): Gray {
  try {
    return cropText(docs[c.kind], c.text, Math.round((EM_PX * 72) / c.size));
  } catch (err) {
    throw new Error(`${c.kind} "${c.text}": ${(err as Error).message}`);
  }
}

describe.runIf(chromiumAvailable())("e2e: Indian scripts on receipts, invoices and labels", () => {
  let browser: Browser;
  let references: Gray[] = [];
  let shaped: Docs;
  let unshaped: Docs;

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    shaped = await documents();
    mode.unshaped = true;
    try {
      unshaped = await documents();
    } finally {
      mode.unshaped = false;
    }
    for (const [kind, bytes] of Object.entries(shaped))
      writeFileSync(path.join(out, `${kind}.pdf`), bytes);
    writeFileSync(path.join(out, "80mm-unshaped.pdf"), unshaped["80mm"]);
    browser = await launchBrowser();
    references = await chromiumReferences(
      browser.page,
      CROPS.map((c) => ({ text: c.text, bold: c.bold })),
      EM_PX,
    );
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("pdftotext gives back the Hindi labels of a receipt in Hindi, and in both languages", () => {
    const hi = pdfText(shaped["80mm-hi"]).replace(/[ \t]+/g, " ");
    for (const l of LABELS.filter((l) => l.kind === "80mm-hi")) expect(hi).toContain(l.text);
    const exact = ["कर बीजक", "बिल नं.: 2026-27/000123", "कुल ₹", "लौटाए गए ₹", "दिनांक: 25-11-2026"];
    for (const label of [...exact, "कैशियर: Ravi Cashier"]) expect(hi).toContain(label);
    for (const name of NAMES) expect(hi).toContain(name);
    expect(hi).not.toContain("TOTAL");
    const both = pdfText(shaped["80mm-both"]).replace(/[ \t]+/g, " ");
    expect(both).toContain("TOTAL / कुल");
    expect(both).toContain("Taxable value / कर योग्य मूल्य");
    expect(both).toContain("TAX INVOICE / कर बीजक");
  });

  it("pdftotext gives back every name as typed, on every paper", () => {
    for (const kind of ["80mm", "58mm", "a4", "labels"] as const) {
      const text = pdfText(shaped[kind]).replace(/[ \t]+/g, " ");
      for (const name of NAMES) expect(text, `${kind}: ${name}`).toContain(name);
      if (kind !== "labels") {
        expect(text, kind).toContain(SHOP);
        expect(text, kind).toContain(CUSTOMER);
      }
    }
  });

  it("draws each name as Chromium draws it with the same fonts; the unshaped PDFs do not", () => {
    const rows: string[] = [];
    const failures: string[] = [];
    CROPS.forEach((c, i) => {
      const reference = references[i] as Gray;
      const mine = crop(shaped, c);
      const good = glyphDiff(mine, reference);
      if (process.env.GLYPH_DEBUG) {
        writeFileSync(path.join(out, `crop-${i}.png`), toPng(mine));
        writeFileSync(path.join(out, `ref-${i}.png`), toPng(reference));
      }
      const bad = glyphDiff(crop(unshaped, c), reference);
      rows.push(
        `${c.kind.padEnd(6)} ${c.text.padEnd(20)} shaped ${good.toFixed(3)} unshaped ${bad.toFixed(3)}`,
      );
      if (good >= SAME) failures.push(`${c.kind} "${c.text}": shaped ${good.toFixed(3)} ≥ ${SAME}`);
      // A name shaping leaves as it is (no conjunct, no reordering, no mark moved) looks
      // the same unshaped: only names whose glyphs shaping changes must fail unshaped.
      if (!shapingChanges(c.text, c.bold ? "bold" : "regular")) return;
      if (bad < SAME) failures.push(`${c.kind} "${c.text}": unshaped ${bad.toFixed(3)} < ${SAME}`);
    });
    writeFileSync(path.join(out, "diff-ratios.txt"), `${rows.join("\n")}\n`);
    expect(failures, rows.join("\n")).toEqual([]);
  });

  it("the thermal printer's image lines draw each name as Chromium does too; unshaped they do not", async () => {
    const rows: string[] = [];
    const failures: string[] = [];
    const raster = async (text: string, bold: boolean, unshaped: boolean) => {
      mode.unshaped = unshaped;
      try {
        // One row at 128 px to the em (1-bit ink: scaled down to the comparison size, its
        // edges average out as anti-aliasing would).
        const bitmap = await rasterRows([{ left: text, size: 128, bold }], 2400);
        const ink = new Uint8Array(bitmap.width * bitmap.height);
        for (let p = 0; p < ink.length; p++) ink[p] = bitmap.data[p * 4] ?? 255;
        return inkCrop({ width: bitmap.width, height: bitmap.height, data: ink });
      } finally {
        mode.unshaped = false;
      }
    };
    for (const [i, c] of CROPS.entries()) {
      // The names, and the Hindi labels (the ESC/POS receipt prints both as image lines).
      if (c.kind !== "80mm" && c.kind !== "80mm-hi") continue;
      const reference = references[i] as Gray;
      const good = glyphDiff(await raster(c.text, c.bold, false), reference);
      const bad = glyphDiff(await raster(c.text, c.bold, true), reference);
      rows.push(`raster ${c.text.padEnd(20)} shaped ${good.toFixed(3)} unshaped ${bad.toFixed(3)}`);
      if (good >= SAME) failures.push(`raster "${c.text}": shaped ${good.toFixed(3)} ≥ ${SAME}`);
      if (shapingChanges(c.text, c.bold ? "bold" : "regular") && bad < SAME)
        failures.push(`raster "${c.text}": unshaped ${bad.toFixed(3)} < ${SAME}`);
    }
    writeFileSync(path.join(out, "raster-ratios.txt"), `${rows.join("\n")}\n`);
    expect(failures, rows.join("\n")).toEqual([]);
  });
});

/** True when HarfBuzz draws some run of `text` other than as each character's own glyph in a row. */
function shapingChanges(text: string, weight: "regular" | "bold"): boolean {
  const shape = (script: Script, t: string, off: boolean) => {
    mode.unshaped = off;
    try {
      return shapeRun(script, weight, t);
    } finally {
      mode.unshaped = false;
    }
  };
  return splitRuns(text).some((run) => {
    if (!run.script) return false;
    const a = shape(run.script, run.text, false);
    const b = shape(run.script, run.text, true);
    const same = (x: number[], y: number[]) =>
      x.length === y.length && x.every((v, i) => Math.abs(v - (y[i] ?? 0)) < 1e-6);
    return !(
      same(a.glyphs, b.glyphs) &&
      same(a.advances, b.advances) &&
      same(a.dx, b.dx) &&
      same(a.dy, b.dy)
    );
  });
}
