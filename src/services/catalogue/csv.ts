import { setImmediate as yieldToLoop } from "node:timers/promises";
import { CsvError, parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import { productsAfter } from "../../db/repositories/products.repo.ts";
import type { Executor, Product } from "../../db/types.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import { percentText } from "../../lib/percent.ts";
import { qtyToDecimal } from "../../lib/quantity.ts";
import { type ProductFields, productSchema } from "./rules.ts";

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
const ALIASES: Record<string, string> = {
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

/** Largest file and row count an import accepts. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

// --- formula injection -----------------------------------------------------

const FORMULA_START = /^'*[=+\-@\t\r]/;

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
 * read in id order 1,000 products at a time.
 */
export async function* exportCatalogue(db: Executor): AsyncGenerator<string> {
  yield `\uFEFF${stringify([[...CSV_COLUMNS]], { record_delimiter: "\r\n" })}`;
  let after = 0;
  for (;;) {
    const batch = await productsAfter(db, after, 1000);
    if (batch.length === 0) return;
    yield stringify(batch.map(productToCells), { record_delimiter: "\r\n" });
    after = batch[batch.length - 1]?.id ?? after;
  }
}

// --- import: parse and validate --------------------------------------------

export interface RowError {
  row: number;
  column: string;
  reason: string;
}

export interface ParsedRow extends ProductFields {
  row: number;
}

export interface ParseResult {
  rows: ParsedRow[];
  errors: RowError[];
  errorCount: number;
  /** A problem with the whole file (not CSV, no header…): nothing else is reported. */
  fileError: string | null;
  ignoredColumns: string[];
}

/** Keep at most this many row errors (the count is still exact). */
const MAX_ERRORS_KEPT = 1000;

function headerKey(raw: string): string {
  const key = raw
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return ALIASES[key] ?? key;
}

/**
 * Parses and validates a catalogue CSV without writing anything. Yields to
 * the event loop every 1,000 rows so other requests keep flowing; calls
 * `progress(rowsDone)` as it goes. Row numbers are spreadsheet rows (header = 1).
 */
export async function parseCatalogue(
  bytes: Uint8Array,
  gstRates: number[],
  progress: (rows: number) => void = () => {},
): Promise<ParseResult> {
  const result: ParseResult = {
    rows: [],
    errors: [],
    errorCount: 0,
    fileError: null,
    ignoredColumns: [],
  };
  const fileError = (message: string) => ({ ...result, fileError: message });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fileError(
      "The file is not UTF-8 text. In Excel use Save As → “CSV UTF-8 (Comma delimited)”.",
    );
  }
  if (!text.trim()) return fileError("The file is empty.");
  const addError = (row: number, column: string, reason: string) => {
    result.errorCount++;
    if (result.errors.length < MAX_ERRORS_KEPT) result.errors.push({ row, column, reason });
  };
  const schema = productSchema(gstRates, { allowEmptyCode: true });
  let columns: string[] | null = null;
  let index: Record<string, number> = {};
  const seen = new Map<string, number>();
  let row = 0;
  let stop: ParseResult | null = null as ParseResult | null;

  const handle = (record: string[]): ParseResult | null => {
    row++;
    if (!columns) {
      columns = record.map(headerKey);
      const missing = ["code", "name", "price"].filter((c) => !columns?.includes(c));
      if (missing.length) {
        return fileError(
          `The first row must be the column names; missing: ${missing.join(", ")}. Expected: ${CSV_COLUMNS.join(", ")}.`,
        );
      }
      index = Object.fromEntries(columns.map((c, i) => [c, i]));
      result.ignoredColumns = columns.filter(
        (c) => !(CSV_COLUMNS as readonly string[]).includes(c),
      );
      return null;
    }
    if (row - 1 > MAX_IMPORT_ROWS) {
      return fileError(
        `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en-IN")} products; split it.`,
      );
    }
    if (record.every((cell) => cell.trim() === "")) return null;
    if (record.length !== columns.length) {
      addError(row, "", `Expected ${columns.length} columns, found ${record.length}`);
      return null;
    }
    const cell = (name: string) => {
      const i = index[name];
      return i === undefined ? "" : restoreCell(record[i] ?? "");
    };
    const input = Object.fromEntries(
      CSV_COLUMNS.map((c) => [c === "gst_percent" ? "gst_rate" : c, cell(c)]),
    );
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "");
        addError(row, field === "gst_rate" ? "gst_percent" : field, issue.message);
      }
      return null;
    }
    const data = parsed.data;
    if (data.code) {
      const first = seen.get(data.code);
      if (first !== undefined) {
        addError(row, "code", `Code ${data.code} is also on row ${first}`);
        return null;
      }
      seen.set(data.code, row);
    }
    result.rows.push({ ...data, row });
    return null;
  };

  // The parser is fed 32 KB at a time; records arrive synchronously ('data' in
  // flowing mode) and are checked before the next slice, with a turn of the
  // event loop in between so other requests are served while a big file is read.
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true });
  const pending: string[][] = [];
  let csvError: unknown = null;
  parser.on("data", (record: string[]) => pending.push(record));
  parser.on("error", (err) => {
    csvError = err;
  });
  const ended = new Promise<void>((resolve) => {
    parser.on("end", resolve);
    parser.on("error", () => resolve());
  });
  const drain = (): ParseResult | null => {
    for (const record of pending) {
      stop = handle(record);
      if (stop) break;
    }
    pending.length = 0;
    if (csvError) {
      const reason = csvError instanceof CsvError ? csvError.message : String(csvError);
      return fileError(`The file is not valid CSV near row ${row + 1}: ${reason}`);
    }
    progress(Math.max(0, row - 1));
    return stop;
  };
  const SLICE = 32 * 1024;
  for (let i = 0; i < text.length; i += SLICE) {
    parser.write(text.slice(i, i + SLICE));
    await yieldToLoop();
    const early = drain();
    if (early) {
      parser.destroy();
      return early;
    }
  }
  parser.end();
  await ended;
  const last = drain();
  if (last) return last;
  if (!columns) return fileError("The file is empty.");
  if (result.rows.length === 0 && result.errorCount === 0)
    return fileError("The file has no product rows.");
  progress(row - 1);
  return result;
}
