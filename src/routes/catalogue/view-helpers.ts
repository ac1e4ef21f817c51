import type { Response } from "express";
import { localText } from "../../i18n/text.ts";
import { msg, type Text } from "../../lib/i18n.ts";
import { qtyToDecimal, type Unit } from "../../lib/quantity.ts";
import { CSV_COLUMNS } from "../../services/catalogue/csv-format.ts";

type T = (key: string, params?: Record<string, unknown>) => string;

/** A catalogue key in the language of this response. */
export function say(res: Response, key: string, params?: Record<string, unknown>): string {
  return localText(res, msg(key, params));
}

/**
 * What the catalogue's views format in the reader's language: quantities
 * ("35 pcs" / "35 पीस"), a Text from a service (an import problem), and a CSV
 * column's name as the export writes it.
 */
export function catalogueLocals(res: Response) {
  const t = res.locals.t as T;
  return {
    qty: (base: number, unit: Unit) =>
      t(`products:qty.${unit}`, { count: base, n: qtyToDecimal(base, unit) }),
    say: (text: Text) => localText(res, text),
    column: (c: string) =>
      (CSV_COLUMNS as readonly string[]).includes(c) ? t(`csv:columns.${c}`) : c,
  };
}
