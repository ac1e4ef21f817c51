import { hasValidCheckDigit } from "../../lib/barcodes.ts";

/**
 * Weighing-scale labels: EAN-13 codes with a GS1 "in-store" prefix 20–29 that
 * carry the item and its weight or price. The layout is a shop setting
 * (shop_settings.scale_barcode_layout), set to match the scale:
 *
 *   weight:  P P I I I I I W W W W W C   item code (5 digits) + weight in grams
 *            20 00042 01250 C  →  item 00042, 1250 g (1.250 kg; at most 99.999 kg)
 *   price:   P P I I I I I V V V V V C   item code (5 digits) + price in paise
 *            21 00042 04999 C  →  item 00042, ₹49.99 (at most ₹999.99)
 *   off:     scale labels are not read (every code is a plain catalogue code)
 *
 * P = prefix 20–29 (any: scales differ), I = the scale's item (PLU) number,
 * C = the EAN-13 check digit, which must be right. Pure: no database.
 */
export const SCALE_LAYOUTS = ["weight", "price", "off"] as const;
export type ScaleLayout = (typeof SCALE_LAYOUTS)[number];

export type ScaleBarcode =
  | { layout: "weight"; prefix: string; itemCode: string; grams: number }
  | { layout: "price"; prefix: string; itemCode: string; pricePaise: number };

/** True for a known layout name (the settings form validates with this). */
export function isScaleLayout(value: unknown): value is ScaleLayout {
  return typeof value === "string" && (SCALE_LAYOUTS as readonly string[]).includes(value);
}

/** True when the code looks like a scale label: 13 digits starting 20–29 (check digit not yet verified). */
export function looksLikeScaleCode(code: string): boolean {
  return /^2\d{12}$/.test(code.trim());
}

/**
 * Reads a scale label under the layout. Returns null when the code is not a
 * scale label (wrong length or prefix, bad check digit, layout "off"), so the
 * caller answers "unknown code" as for any other code.
 */
export function parseScaleBarcode(raw: string, layout: ScaleLayout): ScaleBarcode | null {
  const code = raw.trim();
  if (layout === "off" || !looksLikeScaleCode(code) || !hasValidCheckDigit(code)) return null;
  const prefix = code.slice(0, 2);
  const itemCode = code.slice(2, 7);
  const value = Number(code.slice(7, 12));
  if (layout === "weight") return { layout, prefix, itemCode, grams: value };
  return { layout, prefix, itemCode, pricePaise: value };
}

/**
 * The quantity (base units: grams or millilitres) a price label stands for at
 * the product's price per kg/litre, to the nearest gram. The line amount then
 * comes from the one rounding rule in money/totals and may differ from the
 * printed price by at most a paisa.
 */
export function quantityForLabelPrice(
  pricePaise: number,
  pricePerUnitPaise: number,
  unitSize = 1000,
): number {
  if (pricePerUnitPaise <= 0) return 0;
  return Math.round((pricePaise * unitSize) / pricePerUnitPaise);
}
