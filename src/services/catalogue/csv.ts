import { setImmediate as yieldToLoop } from "node:timers/promises";
import { CsvError, parse } from "csv-parse";
import { fromZodMessage, type Msg, msg, type Text } from "../../lib/i18n.ts";
import { CSV_COLUMNS, columnKey, MAX_IMPORT_ROWS, restoreCell } from "./csv-format.ts";
import {
  type Broken,
  brokenRecord,
  missingUnitWarning,
  type Pending,
  plainReason,
  strictQuoteProblem,
} from "./csv-problems.ts";
import { type ProductFields, productSchema } from "./rules.ts";

// --- import: parse and validate --------------------------------------------

export interface RowError {
  row: number;
  /** The column's own name (CSV_COLUMNS), "" when not known. */
  column: string;
  reason: Text;
}

export interface ParsedRow extends ProductFields {
  row: number;
}

/** A row that is valid but probably means something else (shown on the preview, not blocking). */
export interface RowWarning {
  row: number;
  code: string;
  reason: Msg;
}

export interface ParseResult {
  /** The valid rows (empty when they were handed to `each` as they were read). */
  rows: ParsedRow[];
  /** How many valid rows the file has. */
  rowCount: number;
  errors: RowError[];
  errorCount: number;
  /** Rows sold per piece only because no unit was given, though they look weighed. */
  unitWarnings: RowWarning[];
  unitWarningCount: number;
  /** Whether the file has a unit column (without one, every product is "pc"). */
  hasUnitColumn: boolean;
  /** A problem with the whole file (not CSV, no header…): nothing else is reported. */
  fileError: Msg | null;
  ignoredColumns: string[];
}

/** Keep at most this many row errors (the count is still exact). */
const MAX_ERRORS_KEPT = 1000;

/** Takes valid rows as they are read (a few hundred at a time), so no one holds them all. */
export type RowSink = (rows: ParsedRow[]) => Promise<void>;

/**
 * Parses and validates a catalogue CSV without writing anything. Yields to
 * the event loop every 32 KB of text so other requests keep flowing; calls
 * `progress(rowsDone)` as it goes. Row numbers are spreadsheet rows (header = 1).
 * With `each`, the valid rows go there as they are read instead of into
 * `rows` (a 100,000-row file is then never held as objects all at once).
 */
export async function parseCatalogue(
  bytes: Uint8Array,
  gstRates: number[],
  progress: (rows: number) => void = () => {},
  each?: RowSink,
): Promise<ParseResult> {
  const result: ParseResult = {
    rowCount: 0,
    rows: [],
    errors: [],
    errorCount: 0,
    unitWarnings: [],
    unitWarningCount: 0,
    hasUnitColumn: false,
    fileError: null,
    ignoredColumns: [],
  };
  const fileError = (message: Msg) => ({ ...result, fileError: message });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fileError(msg("csv:file.notUtf8"));
  }
  if (!text.trim()) return fileError(msg("csv:file.empty"));
  const addError = (row: number, column: string, reason: Text) => {
    result.errorCount++;
    if (result.errors.length < MAX_ERRORS_KEPT) result.errors.push({ row, column, reason });
  };
  const schema = productSchema(gstRates, { allowEmptyCode: true });
  let columns: string[] | null = null;
  let index: Record<string, number> = {};
  const seen = new Map<string, number>();
  let row = 0;
  let stop: ParseResult | null = null as ParseResult | null;

  const handle = (item: Pending): ParseResult | null => {
    row++;
    const { record, broken } = item;
    if (broken) {
      if (!columns)
        return fileError(msg("csv:file.firstRowUnreadable", { reason: broken.reason.key }));
      // A record with a stray quote is still checked for its other problems, never imported.
      addError(row, columns[broken.column] ?? "", broken.reason);
    }
    if (!record) return null;
    if (!columns) {
      columns = record.map(columnKey);
      const missing = ["code", "name", "price"].filter((c) => !columns?.includes(c));
      if (missing.length) {
        return fileError(
          msg("csv:file.missingColumns", {
            missing: missing.join(", "),
            expected: CSV_COLUMNS.join(", "),
          }),
        );
      }
      index = Object.fromEntries(columns.map((c, i) => [c, i]));
      result.hasUnitColumn = columns.includes("unit");
      result.ignoredColumns = columns.filter(
        (c) => !(CSV_COLUMNS as readonly string[]).includes(c),
      );
      return null;
    }
    if (row - 1 > MAX_IMPORT_ROWS) {
      return fileError(
        msg("csv:file.tooManyRows", { max: MAX_IMPORT_ROWS.toLocaleString("en-IN") }),
      );
    }
    if (record.every((cell) => cell.trim() === "")) return null;
    if (record.length !== columns.length) {
      addError(
        row,
        "",
        msg("csv:problems.columnCount", { expected: columns.length, found: record.length }),
      );
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
        addError(row, field === "gst_rate" ? "gst_percent" : field, fromZodMessage(issue.message));
      }
      return null;
    }
    const data = parsed.data;
    if (broken) return null;
    if (data.code) {
      const first = seen.get(data.code);
      if (first !== undefined) {
        addError(row, "code", msg("csv:problems.duplicateCode", { code: data.code, first }));
        return null;
      }
      seen.set(data.code, row);
    }
    const unitWarning = cell("unit").trim() ? null : missingUnitWarning(data);
    if (unitWarning) {
      result.unitWarningCount++;
      if (result.unitWarnings.length < MAX_ERRORS_KEPT)
        result.unitWarnings.push({ row, code: data.code, reason: unitWarning });
    }
    result.rows.push({ ...data, row });
    result.rowCount++;
    return null;
  };

  // The parser is fed 32 KB at a time; records arrive synchronously ('data'
  // in flowing mode) and are checked before the next slice, with a turn of
  // the event loop in between so other requests are served while a big file
  // is read. Quotes are relaxed so that one stray quote cannot throw the
  // parser off for the rest of the file; the few records with a quote in a
  // cell are read again strictly to report a stray one. A record that cannot
  // be read (a quote never closed) is skipped and reported in its place;
  // every other row is still checked.
  const pending: Array<{ record: string[]; raw: string }> = [];
  // Skipped records, each after the count of records read before it.
  const skipped: Array<{ after: number; broken: Broken }> = [];
  let read = 0;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Each record comes with its text as in the file.
    raw: true,
    on_skip: (err: CsvError | undefined) => {
      skipped.push({ after: Number(err?.records ?? read), broken: brokenRecord(err) });
    },
  });
  let csvError: unknown = null;
  parser.on("data", (out: { record: string[]; raw: string }) => pending.push(out));
  parser.on("error", (err) => {
    csvError = err;
  });
  const ended = new Promise<void>((resolve) => {
    parser.on("end", resolve);
    parser.on("error", () => resolve());
  });
  /** Handles the skipped records that came before record number `upTo + 1`. */
  const flushSkipped = (upTo: number): ParseResult | null => {
    while (skipped.length && (skipped[0]?.after ?? 0) <= upTo) {
      const next = skipped.shift();
      const early = next ? handle({ record: null, broken: next.broken }) : null;
      if (early) return early;
    }
    return null;
  };
  const drain = (final = false): ParseResult | null => {
    for (const { record, raw } of pending) {
      stop = flushSkipped(read);
      if (stop) break;
      read++;
      const broken = record.some((cell) => cell.includes('"')) ? strictQuoteProblem(raw) : null;
      stop = handle({ record, broken });
      if (stop) break;
    }
    pending.length = 0;
    if (!stop && final) stop = flushSkipped(Number.POSITIVE_INFINITY);
    if (csvError) {
      const reason = plainReason(csvError instanceof CsvError ? csvError.code : undefined);
      return fileError(msg("csv:file.unreadableNear", { row: row + 1, reason: reason.key }));
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
    if (each && result.rows.length) await each(result.rows.splice(0));
  }
  parser.end();
  await ended;
  const last = drain(true);
  if (last) return last;
  if (each && result.rows.length) await each(result.rows.splice(0));
  if (!columns) return fileError(msg("csv:file.empty"));
  if (result.rowCount === 0 && result.errorCount === 0) return fileError(msg("csv:file.noRows"));
  progress(row - 1);
  return result;
}
