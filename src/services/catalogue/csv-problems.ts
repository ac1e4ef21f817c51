import { CsvError } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { type Msg, msg } from "../../lib/i18n.ts";
import { formatRupees } from "../../lib/money.ts";
import type { ProductFields } from "./rules.ts";

/** Why a catalogue CSV row cannot be used, in words a shop owner can act on. */

export interface Broken {
  /** Index of the cell at fault, -1 when unknown. */
  column: number;
  reason: Msg;
}

/** A record as read (null when it could not be), and its quote problem if any. */
export interface Pending {
  record: string[] | null;
  broken: Broken | null;
}

export const STRAY_QUOTE = msg("csv:problems.strayQuote");

/** The parser's error in words a shop owner can act on. */
export function plainReason(code: string | undefined): Msg {
  switch (code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return msg("csv:problems.quoteNotClosed");
    case "INVALID_OPENING_QUOTE":
      return STRAY_QUOTE;
    case "CSV_INVALID_CLOSING_QUOTE":
      return msg("csv:problems.textAfterQuote");
    default:
      return msg("csv:problems.unreadableRow");
  }
}

export function brokenRecord(err: CsvError | undefined): Broken {
  const column = err?.column;
  return { column: typeof column === "number" ? column : -1, reason: plainReason(err?.code) };
}

/** Reads one record's text strictly: the stray quote the relaxed reading let through, if any. */
export function strictQuoteProblem(raw: string): Broken | null {
  try {
    parseSync(raw, { relax_column_count: true });
    return null;
  } catch (err) {
    return brokenRecord(err instanceof CsvError ? err : undefined);
  }
}

/** Stock of this many pieces or more, with no unit given, is probably kg or grams. */
export const LIKELY_WEIGHED_STOCK = 1000;

/**
 * Why a row with no unit (so sold per piece) looks like loose goods: "loose"
 * in its name, or a stock of 1,000 pieces or more. Null when it looks right.
 */
export function missingUnitWarning(data: ProductFields): Msg | null {
  const asPiece = `${formatRupees(data.price)} /pc`;
  if (/\bloose\b/i.test(data.name))
    return msg("csv:problems.looseNoUnit", { name: data.name, price: asPiece });
  if (data.stock >= LIKELY_WEIGHED_STOCK)
    return msg("csv:problems.bigStockNoUnit", {
      count: data.stock,
      n: String(data.stock),
      price: asPiece,
    });
  return null;
}
