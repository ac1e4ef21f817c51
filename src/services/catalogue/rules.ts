import { z } from "zod";
import { barcodeKind, hasValidCheckDigit } from "../../lib/barcodes.ts";
import { type Msg, msg, zodMsg } from "../../lib/i18n.ts";
import { formatRupees, MAX_PRICE_PAISE, parseRupees } from "../../lib/money.ts";
import { parsePercent, percentText } from "../../lib/percent.ts";
import { parseQty, type Unit } from "../../lib/quantity.ts";
import { cleanText } from "../../lib/validation.ts";
import { normalizeCode } from "../till/codes.ts";

/**
 * The rules for a product's fields, shared by the product form and the CSV
 * import so both accept and reject exactly the same things.
 */

/** Internal codes for loose goods: letters first, so never mistaken for an EAN/UPC. */
export const INTERNAL_CODE_PREFIX = "IN";

export function internalCode(n: number): string {
  return `${INTERNAL_CODE_PREFIX}${String(n).padStart(6, "0")}`;
}

/** A normalised code, or the reason it cannot be one. */
export function checkCode(raw: string): { code: string } | { error: Msg } {
  const code = normalizeCode(raw);
  if (!code) return { error: msg("products:rules.codeRequired") };
  if (code.length > 64) return { error: msg("products:rules.codeLong", { max: 64 }) };
  // A spreadsheet would run such a code as a formula when the catalogue or a
  // bill export is opened, and a scanner could type it into one.
  if (/^[=+\-@]/.test(code)) return { error: msg("products:rules.codeFormula") };
  if (/^\d(\.\d+)?E\+\d+$/.test(code)) return { error: msg("products:rules.codeScientific") };
  if (!/^[\x21-\x7E]+$/.test(code)) return { error: msg("products:rules.codeChars") };
  const kind = barcodeKind(code);
  if (kind && !hasValidCheckDigit(code))
    return { error: msg("products:rules.checkDigit", { kind }) };
  return { code };
}

/** "yes"/"no" (or हाँ/नहीं), 1/0, true/false, active/inactive; empty means yes. */
export function parseYesNo(raw: string): 0 | 1 | null {
  const t = raw.trim().toLowerCase();
  if (["", "yes", "y", "1", "true", "active", "हाँ", "हां"].includes(t)) return 1;
  if (["no", "n", "0", "false", "inactive", "नहीं"].includes(t)) return 0;
  return null;
}

export interface ProductFields {
  /** Normalised, or "" when an internal code should be generated. */
  code: string;
  name: string;
  category: string;
  price: number;
  gst_rate: number;
  hsn: string;
  unit: Unit;
  stock: number;
  low_stock_level: number;
  active: 0 | 1;
}

const str = z.preprocess((v) => (v === undefined || v === null ? "" : String(v)), z.string());

/**
 * The schema for a product as typed (all strings): prices in rupees, GST as a
 * percent from the shop's list, quantities in the selling unit.
 */
export function productSchema(gstRates: number[], options: { allowEmptyCode: boolean }) {
  return z
    .object({
      code: str,
      name: str,
      category: str,
      price: str,
      gst_rate: str,
      hsn: str,
      unit: str,
      stock: str,
      low_stock_level: str,
      active: str,
    })
    .transform((v, ctx): ProductFields => {
      const fail = (path: string, m: Msg) =>
        ctx.addIssue({ code: "custom", path: [path], message: zodMsg(m.key, m.params) });
      const r = (key: string, params?: Record<string, unknown>) =>
        msg(`products:rules.${key}`, params);
      let code = "";
      if (v.code.trim() || !options.allowEmptyCode) {
        const c = checkCode(v.code);
        if ("error" in c) fail("code", c.error);
        else code = c.code;
      }
      const name = cleanText(v.name);
      if (!name) fail("name", r("nameRequired"));
      else if (name.length > 200) fail("name", r("nameLong", { max: 200 }));
      const category = cleanText(v.category);
      if (category.length > 64) fail("category", r("categoryLong", { max: 64 }));
      const price = parseRupees(v.price);
      const tooLarge = /^\s*(₹|Rs\.?)?\s*[\d,]{10,}(\.\d{0,2})?\s*$/i.test(v.price);
      if ((price !== null && price > MAX_PRICE_PAISE) || (price === null && tooLarge))
        fail("price", r("priceMax", { max: formatRupees(MAX_PRICE_PAISE) }));
      else if (price === null) {
        fail(
          "price",
          r(
            v.price.trim().startsWith("-")
              ? "priceNegative"
              : v.price.trim()
                ? "priceFormat"
                : "priceRequired",
          ),
        );
      }
      const gst = parsePercent(v.gst_rate || "0");
      if (gst === null || !gstRates.includes(gst)) {
        fail("gst_rate", r("gstRate", { rates: gstRates.map(percentText).join(", ") }));
      }
      const hsn = v.hsn.trim();
      if (hsn && !/^(\d{4}|\d{6}|\d{8})$/.test(hsn)) fail("hsn", r("hsn"));
      const unit = (v.unit.trim().toLowerCase() || "pc") as Unit;
      if (!["pc", "kg", "l"].includes(unit)) fail("unit", r("unit"));
      const goodUnit: Unit = ["pc", "kg", "l"].includes(unit) ? unit : "pc";
      const qtyKind = goodUnit === "pc" ? "Pieces" : "Decimal";
      const stock = parseQty(v.stock || "0", goodUnit);
      if (stock === null) fail("stock", r(`stock${qtyKind}`));
      const low = parseQty(v.low_stock_level || "0", goodUnit);
      if (low === null) fail("low_stock_level", r(`low${qtyKind}`));
      const active = parseYesNo(v.active);
      if (active === null) fail("active", r("active"));
      return {
        code,
        name,
        category,
        price: price ?? 0,
        gst_rate: gst ?? 0,
        hsn,
        unit: goodUnit,
        stock: stock ?? 0,
        low_stock_level: low ?? 0,
        active: active ?? 1,
      };
    });
}
