import { findProductByCode } from "../../db/repositories/products.repo.ts";
import { getSettings } from "../../db/repositories/settings.repo.ts";
import type { Executor, Product } from "../../db/types.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { unitSize } from "../../lib/quantity.ts";
import {
  isScaleLayout,
  looksLikeScaleCode,
  parseScaleBarcode,
  quantityForLabelPrice,
  type ScaleLayout,
} from "./scale-barcode.ts";

/** A scanned code resolved to a product and the quantity one scan adds. */
export interface ResolvedCode {
  product: Product;
  qty: number;
}

/**
 * Resolves a weighing-scale label to its loose product and quantity. Tried by
 * the till only after the exact catalogue lookup found nothing, so a product
 * whose own code starts with 2 still wins. The loose product's catalogue code
 * is the scale's 5-digit item (PLU) number, e.g. "00042" (or "42"). Returns
 * null when the code is not a scale label.
 */
export async function resolveScaleCode(
  db: Executor,
  code: string,
  /** The shop's layout when the caller has the settings already. */
  knownLayout?: ScaleLayout,
): Promise<ResolvedCode | null> {
  if (!looksLikeScaleCode(code)) return null;
  const stored = knownLayout ?? (await getSettings(db))?.scale_barcode_layout;
  const label = parseScaleBarcode(code, isScaleLayout(stored) ? stored : "weight");
  if (!label) return null;
  const product =
    (await findProductByCode(db, label.itemCode)) ??
    (await findProductByCode(db, String(Number(label.itemCode))));
  if (!product) {
    throw new NotFoundError(msg("till:scale.unknown", { code: label.itemCode }));
  }
  if (product.unit === "pc") {
    throw new ValidationError(msg("till:scale.byPiece", { name: product.name }));
  }
  const qty =
    label.layout === "weight"
      ? label.grams
      : quantityForLabelPrice(label.pricePaise, product.price, unitSize(product.unit));
  if (qty <= 0) throw new ValidationError(msg("till:scale.empty"));
  return { product, qty };
}
