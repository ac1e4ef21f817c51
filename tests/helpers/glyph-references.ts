import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { PNG } from "pngjs";
import { SCRIPT_NAMES, SCRIPTS, scriptFontFile } from "../../src/pdf/scripts.ts";
import { type Gray, gray, inkCrop } from "./glyph-compare.ts";

/** Chromium's drawing of strings in the fonts the PDFs embed: the references glyph-compare.ts compares with. */

const require = createRequire(import.meta.url);
const dataUrl = (file: string, type: string) =>
  `data:${type};base64,${readFileSync(file).toString("base64")}`;

/** @font-face rules for DejaVu Sans and every script's Noto Sans, the files the PDFs embed. */
function fontFaces(): string {
  const rules: string[] = [];
  for (const [weight, file] of [
    [400, "DejaVuSans.ttf"],
    [700, "DejaVuSans-Bold.ttf"],
  ] as const) {
    const url = dataUrl(require.resolve(`dejavu-fonts-ttf/ttf/${file}`), "font/ttf");
    rules.push(
      `@font-face { font-family: "DejaVu Sans"; font-weight: ${weight}; src: url(${url}); }`,
    );
  }
  for (const script of SCRIPT_NAMES) {
    for (const weight of ["regular", "bold"] as const) {
      const url = dataUrl(scriptFontFile(script, weight), "font/woff");
      const family = `Noto Sans ${SCRIPTS[script].name}`;
      rules.push(
        `@font-face { font-family: "${family}"; font-weight: ${weight === "bold" ? 700 : 400}; src: url(${url}); }`,
      );
    }
  }
  return rules.join("\n");
}

/**
 * Chromium's rendering of each string (DejaVu Sans first, the Noto fonts as
 * fallbacks, as the PDF splits its runs), cut to its ink.
 */
export async function chromiumReferences(
  page: Page,
  items: Array<{ text: string; bold?: boolean }>,
  px = 64,
): Promise<Gray[]> {
  const families = ['"DejaVu Sans"', ...SCRIPT_NAMES.map((s) => `"Noto Sans ${SCRIPTS[s].name}"`)];
  const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  await page.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>${fontFaces()}
      body { margin: 0; background: #fff; color: #000; }
      div { font-family: ${families.join(", ")}; font-size: ${px}px; line-height: 2;
            padding: 0 ${px / 2}px; white-space: pre; width: max-content; }
    </style></head><body>${items
      .map(
        (it, i) =>
          `<div id="t${i}" style="font-weight:${it.bold ? 700 : 400}">${esc(it.text)}</div>`,
      )
      .join("")}</body></html>`,
  );
  // Every face loaded before the first screenshot (a fallback font loads only when needed).
  await page.evaluate(async (list) => {
    const loads = list.flatMap((f) => [`400 16px ${f}`, `700 16px ${f}`]);
    await Promise.all(loads.map((font) => document.fonts.load(font)));
    await document.fonts.ready;
  }, families);
  const out: Gray[] = [];
  for (let i = 0; i < items.length; i++) {
    const shot = await page.locator(`#t${i}`).screenshot();
    out.push(inkCrop(gray(PNG.sync.read(shot))));
  }
  return out;
}
