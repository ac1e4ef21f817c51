import type { Product } from "../../db/types.ts";
import { msg, translate } from "../../lib/i18n.ts";
import type { Unit } from "../../lib/quantity.ts";

/**
 * The weight (or volume) of a loose product typed at the till, into grams (or
 * millilitres). The rule, shown beside the box:
 *   "250g", "250 g", or a whole number of 10 or more ("250")  → grams
 *   "1.5kg", "2 kg", a decimal ("0.75"), or a whole number under 10 ("2") → kg
 * and the same with ml / l for litre products. Up to three decimals of a kg;
 * anything else (0, negative, a comma, the wrong unit) is null.
 */
export function parseWeight(input: string, unit: Unit): number | null {
  if (unit === "pc") return null;
  const small = unit === "kg" ? "g" : "ml";
  const big = unit === "kg" ? "kg" : "l";
  const m = /^(\d{1,6})(?:\.(\d{1,3}))?\s*([a-z]*)$/.exec(input.trim().toLowerCase());
  if (!m) return null;
  const [, whole = "", frac, suffix = ""] = m;
  if (suffix !== "" && suffix !== small && suffix !== big) return null;
  let base: number;
  if (suffix === small) {
    if (frac !== undefined) return null; // no fractions of a gram
    base = Number(whole);
  } else if (suffix === big || frac !== undefined || Number(whole) < 10) {
    base = Number(whole) * 1000 + Number((frac ?? "").padEnd(3, "0"));
  } else {
    base = Number(whole);
  }
  return base > 0 ? base : null;
}

/**
 * Thrown by a scan's `weigh` when the till must ask the weight of a loose
 * product first (`invalid`: what was typed could not be read). Nothing was
 * written; the till answers with the weight prompt.
 */
export class WeightNeeded extends Error {
  constructor(
    readonly product: Product,
    readonly invalid: boolean,
  ) {
    super(translate(msg("till:weight.needed", { name: product.name })));
  }
}

/** The till's `weigh` for a scan: the typed weight, or WeightNeeded when none (or none readable). */
export function weighFromTyped(typed: unknown): (product: Product) => number {
  return (product) => {
    if (typed === undefined) throw new WeightNeeded(product, false);
    const grams = parseWeight(String(typed), product.unit);
    if (grams === null) throw new WeightNeeded(product, true);
    return grams;
  };
}
