import { stringify } from "csv-stringify/sync";
import { productsAfter } from "../../db/repositories/products.repo.ts";
import type { Executor, Product } from "../../db/types.ts";
import { LANGUAGES, type Language, msg, translate } from "../../lib/i18n.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import { percentText } from "../../lib/percent.ts";
import { qtyToDecimal } from "../../lib/quantity.ts";

/**
 * The catalogue CSV, one format for export and import (round trip: export →
 * import changes nothing). Prices in rupees, GST in percent, quantities in the
 * selling unit (kg/l with up to 3 decimals). UTF-8, with or without BOM.
 */
export const CSV_COLUMNS = [
  "code",
  "name",
  "category",
  "price",
  "gst_percent",
  "hsn",
  "unit",
  "stock",
  "low_stock_level",
  "active",
] as const;

/** Header spellings people use for our columns (after lower-casing, spaces → _). */
export const ALIASES: Record<string, string> = {
  barcode: "code",
  product_code: "code",
  product: "name",
  product_name: "name",
  mrp: "price",
  selling_price: "price",
  "price_(₹)": "price",
  gst: "gst_percent",
  gst_rate: "gst_percent",
  "gst_%": "gst_percent",
  hsn_code: "hsn",
  qty: "stock",
  low_stock: "low_stock_level",
  reorder_level: "low_stock_level",
};

function normaliseHeader(raw: string): string {
  return raw
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** A column's name in a language (csv:columns.<column>): the export's header, and what import reads. */
export function columnName(column: string, lng: Language): string {
  return translate(msg(`csv:columns.${column}`), lng);
}

/** The header row in a language. */
export function headerRow(lng: Language): string[] {
  return CSV_COLUMNS.map((c) => columnName(c, lng));
}

let namesInEveryLanguage: Map<string, string> | null = null;

/**
 * The column a header cell names: our own names, their spellings (ALIASES),
 * or a column's name in any language of the catalogue, so a file exported in
 * Hindi imports as one exported in English.
 */
export function columnKey(raw: string): string {
  const key = normaliseHeader(raw);
  if (!namesInEveryLanguage) {
    namesInEveryLanguage = new Map(
      LANGUAGES.flatMap((lng) => CSV_COLUMNS.map((c) => [normaliseHeader(columnName(c, lng)), c])),
    );
  }
  return ALIASES[key] ?? namesInEveryLanguage.get(key) ?? key;
}

/** Largest file and row count an import accepts. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

// --- formula injection -----------------------------------------------------

export const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * Spreadsheets run cells starting with = + - @ tab or CR as formulas. Export
 * prefixes such cells with an apostrophe (and one more if the text already
 * starts with apostrophes before such a character, so import can undo it exactly).
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes neutraliseCell on import. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

// --- export ---------------------------------------------------------------

function productToCells(p: Product): string[] {
  return [
    p.code,
    p.name,
    p.category,
    paiseToDecimal(Number(p.price)),
    percentText(p.gst_rate),
    p.hsn,
    p.unit,
    qtyToDecimal(Number(p.stock), p.unit),
    qtyToDecimal(Number(p.low_stock_level), p.unit),
    p.active ? "yes" : "no",
  ].map(neutraliseCell);
}

/**
 * The whole catalogue as CSV text chunks (BOM first, so Excel reads UTF-8),
 * read in id order 1,000 products at a time; the header row in `lng`.
 */
export async function* exportCatalogue(db: Executor, lng: Language = "en"): AsyncGenerator<string> {
  yield `\uFEFF${stringify([headerRow(lng)], { record_delimiter: "\r\n" })}`;
  let after = 0;
  for (;;) {
    const batch = await productsAfter(db, after, 1000);
    if (batch.length === 0) return;
    yield stringify(batch.map(productToCells), { record_delimiter: "\r\n" });
    after = batch[batch.length - 1]?.id ?? after;
  }
}
