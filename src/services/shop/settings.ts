import { z } from "zod";
import { getSettings, updateSettings } from "../../db/repositories/settings.repo.ts";
import type { Db, Executor, ShopSettings } from "../../db/types.ts";
import { isValidTimeZone } from "../../lib/days.ts";
import { ConflictError } from "../../lib/errors.ts";
import { msg, zodMsg } from "../../lib/i18n.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import { percentText } from "../../lib/percent.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { cleanText, parseInput } from "../../lib/validation.ts";
import { DEFAULT_REMINDER } from "../accounts/reminders.ts";
import { isScaleLayout, SCALE_LAYOUTS, type ScaleLayout } from "../till/scale-barcode.ts";
import { type Actor, recordAudit } from "./audit.ts";
import {
  checkbox,
  discountLimit,
  gstRatesSchema,
  returnAmount,
  returnDays,
} from "./settings-fields.ts";

/** The shop as the rest of the app sees it. */
export interface Shop {
  name: string;
  address: string;
  phone: string;
  gstin: string | null;
  upiId: string | null;
  receiptFormat: "80mm" | "58mm" | "a4";
  pricesIncludeTax: boolean;
  roundOff: boolean;
  timeZone: string;
  billPrefix: string;
  footer: string;
  /** GST rates offered for products, in basis points (1800 = 18 %). */
  gstRates: number[];
  autoPrint: boolean;
  /** How weighing-scale labels (EAN-13 prefix 20–29) are read at the till. */
  scaleBarcodeLayout: ScaleLayout;
  /** A cashier's largest line / bill discount, basis points of its amount (above: owner approves). */
  maxLineDiscount: number;
  maxBillDiscount: number;
  /** A cashier's largest refund (paise) and oldest sale (days) without an owner (returns/limits.ts). */
  maxReturnAmount: number;
  maxReturnDays: number;
  /** The udhaar reminder, with {name}, {balance}, {shop} and {upi} (accounts/reminders.ts). */
  reminderMessage: string;
  /** The language of printed receipts: English, Hindi, or both lines. */
  receiptLanguage: ReceiptLanguage;
}

export const RECEIPT_LANGUAGES = ["en", "hi", "both"] as const;
export type ReceiptLanguage = (typeof RECEIPT_LANGUAGES)[number];

export function toShop(row: ShopSettings): Shop {
  return {
    name: row.name,
    address: row.address,
    phone: row.phone,
    gstin: row.gstin,
    upiId: row.upi_id,
    receiptFormat: (["80mm", "58mm", "a4"].includes(row.receipt_format)
      ? row.receipt_format
      : "80mm") as Shop["receiptFormat"],
    pricesIncludeTax: row.prices_include_tax === 1,
    roundOff: row.round_off === 1,
    timeZone: row.time_zone,
    billPrefix: row.bill_prefix,
    footer: row.footer,
    gstRates: row.gst_rates
      .split(",")
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n >= 0),
    autoPrint: row.auto_print === 1,
    scaleBarcodeLayout: isScaleLayout(row.scale_barcode_layout)
      ? row.scale_barcode_layout
      : "weight",
    maxLineDiscount: row.max_line_discount,
    maxBillDiscount: row.max_bill_discount,
    maxReturnAmount: Number(row.max_return_amount),
    maxReturnDays: Number(row.max_return_days),
    reminderMessage: row.reminder_message,
    receiptLanguage: (RECEIPT_LANGUAGES as readonly string[]).includes(row.receipt_language)
      ? row.receipt_language
      : "en",
  };
}

/** The shop's settings, or undefined before setup has run. */
export async function getShop(db: Executor): Promise<Shop | undefined> {
  const row = await getSettings(db);
  return row ? toShop(row) : undefined;
}

export async function isSetUp(db: Executor): Promise<boolean> {
  return (await getSettings(db)) !== undefined;
}

/** A free-text shop field: cleaned, at most `max` characters (`tooLong`: a zodMsg). */
export const text = (max: number, tooLong: string) =>
  z.string().default("").transform(cleanText).pipe(z.string().max(max, tooLong));

export const gstinSchema = z
  .string()
  .default("")
  .transform((v) => v.trim().toUpperCase())
  .pipe(
    z
      .string()
      .regex(
        /^$|^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/,
        zodMsg("settings:errors.gstin", { example: "29ABCDE1234F1Z5" }),
      ),
  );

/** The shop's name, as set up and as changed in settings. */
export const shopNameSchema = z
  .string({ message: zodMsg("settings:errors.shopNameRequired") })
  .transform(cleanText)
  .pipe(
    z
      .string()
      .min(1, zodMsg("settings:errors.shopNameRequired"))
      .max(120, zodMsg("settings:errors.shopNameLong", { max: 120 })),
  );

/**
 * The settings form. To add a setting: one key here, one line in
 * `settingsColumns` below, and one field in views/pages/settings.ejs.
 */
export const settingsSchema = z.object({
  name: shopNameSchema,
  address: text(400, zodMsg("settings:errors.addressLong", { max: 400 })),
  phone: text(40, zodMsg("settings:errors.phoneLong", { max: 40 })),
  gstin: gstinSchema,
  upiId: z
    .string()
    .default("")
    .transform((v) => v.trim())
    .pipe(
      z
        .string()
        .max(100, zodMsg("settings:errors.upiLong", { max: 100 }))
        .regex(
          /^$|^[a-zA-Z0-9._-]{2,256}@[a-zA-Z][a-zA-Z0-9.-]{1,63}$/,
          zodMsg("settings:errors.upiFormat"),
        ),
    ),
  receiptFormat: z.enum(["80mm", "58mm", "a4"], {
    message: zodMsg("settings:errors.receiptFormat"),
  }),
  receiptLanguage: z
    .enum(RECEIPT_LANGUAGES, { message: zodMsg("settings:errors.receiptLanguage") })
    .default("en"),
  pricesIncludeTax: checkbox,
  roundOff: checkbox,
  timeZone: z
    .string()
    .default("Asia/Kolkata")
    .transform((v) => v.trim() || "Asia/Kolkata")
    .pipe(z.string().max(64).refine(isValidTimeZone, zodMsg("settings:errors.timeZone"))),
  billPrefix: z
    .string()
    .default("")
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{0,6}$/, zodMsg("settings:errors.billPrefix"))),
  footer: text(400, zodMsg("settings:errors.footerLong", { max: 400 })),
  gstRates: gstRatesSchema,
  autoPrint: checkbox,
  scaleBarcodeLayout: z
    .enum(SCALE_LAYOUTS, { message: zodMsg("settings:errors.scaleLayout") })
    .default("weight"),
  maxLineDiscount: discountLimit(zodMsg("settings:errors.maxLineDiscount")),
  maxBillDiscount: discountLimit(zodMsg("settings:errors.maxBillDiscount")),
  maxReturnAmount: returnAmount,
  maxReturnDays: returnDays,
  // Empty restores the default wording; the balance must always be in it.
  reminderMessage: text(400, zodMsg("settings:errors.reminderLong", { max: 400 }))
    .transform((v) => v || DEFAULT_REMINDER)
    .refine((v) => v.includes("{balance}"), zodMsg("settings:errors.reminderBalance")),
});

export type ShopUpdate = z.output<typeof settingsSchema>;

/** How each form key is stored: the column and the conversion to its column value. */
const settingsColumns: {
  [K in keyof ShopUpdate]: (v: ShopUpdate[K]) => Partial<ShopSettings>;
} = {
  name: (v) => ({ name: v }),
  address: (v) => ({ address: v }),
  phone: (v) => ({ phone: v }),
  gstin: (v) => ({ gstin: v || null }),
  upiId: (v) => ({ upi_id: v || null }),
  receiptFormat: (v) => ({ receipt_format: v }),
  receiptLanguage: (v) => ({ receipt_language: v }),
  pricesIncludeTax: (v) => ({ prices_include_tax: v ? 1 : 0 }),
  roundOff: (v) => ({ round_off: v ? 1 : 0 }),
  timeZone: (v) => ({ time_zone: v }),
  billPrefix: (v) => ({ bill_prefix: v }),
  footer: (v) => ({ footer: v }),
  gstRates: (v) => ({ gst_rates: v.join(",") }),
  autoPrint: (v) => ({ auto_print: v ? 1 : 0 }),
  scaleBarcodeLayout: (v) => ({ scale_barcode_layout: v }),
  maxLineDiscount: (v) => ({ max_line_discount: v }),
  maxBillDiscount: (v) => ({ max_bill_discount: v }),
  maxReturnAmount: (v) => ({ max_return_amount: v }),
  maxReturnDays: (v) => ({ max_return_days: v }),
  reminderMessage: (v) => ({ reminder_message: v }),
};

/** The shop as the settings form shows it (GST rates as "0, 5, 18, 40"). */
export function settingsFormValues(shop: Shop): Record<string, unknown> {
  return {
    ...shop,
    gstRates: shop.gstRates.map(percentText).join(", "),
    maxLineDiscount: percentText(shop.maxLineDiscount),
    maxBillDiscount: percentText(shop.maxBillDiscount),
    maxReturnAmount: paiseToDecimal(shop.maxReturnAmount),
  };
}

/**
 * Saves the settings form (owner only: the route checks the role) and audits
 * which fields changed, with their old and new values.
 */
export async function updateShop(db: Db, actor: Actor, input: unknown): Promise<Shop> {
  const data = parseInput(settingsSchema, input);
  const changes: Partial<ShopSettings> = {};
  for (const key of Object.keys(settingsColumns) as (keyof ShopUpdate)[]) {
    const toColumns = settingsColumns[key] as (v: unknown) => Partial<ShopSettings>;
    Object.assign(changes, toColumns(data[key]));
  }
  return db.transaction().execute(async (trx) => {
    const before = await getSettings(trx);
    if (!before) throw new ConflictError(msg("settings:errors.notSetUp"));
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const [column, value] of Object.entries(changes)) {
      const old = before[column as keyof ShopSettings];
      if (old !== value) changed[column] = { from: old, to: value };
    }
    if (Object.keys(changed).length > 0) {
      await updateSettings(trx, { ...changes, updated_at: nowUtc() });
      await recordAudit(trx, actor, "settings.update", {
        entity: "shop",
        entityId: 1,
        detail: changed,
      });
    }
    const after = await getSettings(trx);
    if (!after) throw new ConflictError(msg("settings:errors.notSetUp"));
    return toShop(after);
  });
}
