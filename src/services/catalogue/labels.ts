import { z } from "zod";
import {
  findProductsByIds,
  listLowStock,
  listUnlabelled,
  markLabelsPrinted,
} from "../../db/repositories/products.repo.ts";
import type { Db, Executor, Product } from "../../db/types.ts";
import { ValidationError } from "../../lib/errors.ts";
import { msg, type Text } from "../../lib/i18n.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import type { LabelFormat, LabelItem } from "../../pdf/labels.ts";
import { getShop } from "../shop/settings.ts";

/** Most products one label page lists (print "all new" in batches beyond that). */
export const MAX_PICK = 500;

export type LabelSet = "ids" | "new" | "low";

/** The products to offer on the label page: picked ids, all new (never labelled) or all low stock. */
export async function productsForLabels(
  db: Executor,
  pick: { set: LabelSet; ids: number[] },
): Promise<Product[]> {
  if (pick.set === "new") return listUnlabelled(db, MAX_PICK);
  if (pick.set === "low") return listLowStock(db, MAX_PICK);
  return findProductsByIds(db, pick.ids.slice(0, MAX_PICK));
}

/** Reads ids from a query string: ?ids=1,2 or ?ids=1&ids=2. */
export function parseIds(value: unknown): number[] {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) =>
    typeof v === "string" ? v.split(",") : [],
  );
  const ids = parts
    .map((p) => Number(p.trim()))
    .filter((n) => Number.isInteger(n) && n > 0 && n < 2 ** 31);
  return [...new Set(ids)];
}

const formatSchema = z.enum(["a4", "roll"]);

/**
 * Builds the label PDF from the label form: `count_<id>` = copies (0–100) per
 * product, `format` = a4 | roll. Marks the printed products as labelled.
 * Its words are in the shop's receipt language, like every printed document.
 */
export async function labelPdfFromForm(
  db: Db,
  body: Record<string, unknown>,
): Promise<{ pdf: Uint8Array; format: LabelFormat; count: number }> {
  const format = formatSchema.safeParse(body.format);
  if (!format.success)
    throw new ValidationError(msg("products:labelRules.format"), {
      format: msg("products:labelRules.format"),
    });
  const counts = new Map<number, number>();
  const fields: Record<string, Text> = {};
  for (const [key, value] of Object.entries(body)) {
    const m = /^count_(\d{1,10})$/.exec(key);
    if (!m) continue;
    const n = Number(typeof value === "string" ? value.trim() : NaN);
    if (!Number.isInteger(n) || n < 0 || n > 100) {
      fields[key] = msg("products:labelRules.countField");
      continue;
    }
    if (n > 0) counts.set(Number(m[1]), n);
  }
  if (Object.keys(fields).length)
    throw new ValidationError(msg("products:labelRules.counts"), fields);
  const products = await findProductsByIds(db, [...counts.keys()]);
  const items: LabelItem[] = [];
  for (const p of products) {
    for (let i = 0; i < (counts.get(p.id) ?? 0); i++) {
      items.push({ code: p.code, name: p.name, price: Number(p.price), unit: p.unit });
    }
  }
  if (items.length === 0) throw new ValidationError(msg("products:labelRules.none"));
  // The PDF code (pdf-lib, fontkit) loads on first use, not at start-up.
  const { MAX_LABELS, renderLabelsPdf } = await import("../../pdf/labels.ts");
  if (items.length > MAX_LABELS) {
    throw new ValidationError(
      msg("products:labelRules.tooMany", { max: MAX_LABELS, asked: items.length }),
    );
  }
  const lang = (await getShop(db))?.receiptLanguage ?? "en";
  const pdf = await renderLabelsPdf(items, format.data, lang);
  await markLabelsPrinted(
    db,
    products.map((p) => p.id),
    nowUtc(),
  );
  return { pdf, format: format.data, count: items.length };
}
