import { z } from "zod";
import { zodMsg } from "../../lib/i18n.ts";
import { parseRupees } from "../../lib/money.ts";
import { parsePercent } from "../../lib/percent.ts";

/** Field schemas of the settings form that take more than a line (settings.ts uses them). */

/** A checkbox: present ("1", "on", "true") means yes; absent means no. */
export const checkbox = z
  .unknown()
  .optional()
  .transform((v) => (Array.isArray(v) ? v.at(-1) : v))
  .transform((v) => v === "1" || v === "on" || v === "true" || v === true);

export const gstRatesSchema = z
  .string({ message: zodMsg("settings:errors.gstRatesRequired") })
  .transform((raw, ctx) => {
    const parts = raw
      .split(",")
      .map((s) => s.replace("%", "").trim())
      .filter(Boolean);
    const rates: number[] = [];
    for (const part of parts) {
      const bp = parsePercent(part);
      if (bp === null || bp > 10_000) {
        ctx.addIssue({
          code: "custom",
          message: zodMsg("settings:errors.gstRateBad", { part }),
        });
        return z.NEVER;
      }
      if (!rates.includes(bp)) rates.push(bp);
    }
    if (rates.length === 0 || rates.length > 12) {
      ctx.addIssue({ code: "custom", message: zodMsg("settings:errors.gstRatesCount") });
      return z.NEVER;
    }
    return rates.sort((a, b) => a - b);
  });

/** A cashier's discount limit as typed ("10", "12.5"); empty means the default 10 % (`bad`: a zodMsg). */
export const discountLimit = (bad: string) =>
  z
    .string()
    .default("")
    .transform((raw, ctx) => {
      const text = raw.replace("%", "").trim();
      const bp = text === "" ? 1000 : parsePercent(text);
      if (bp === null || bp > 10_000) {
        ctx.addIssue({ code: "custom", message: bad });
        return z.NEVER;
      }
      return bp;
    });

/** A cashier's return limits: rupees (empty: ₹2,000) and days (empty: 7). */
export const returnAmount = z
  .string()
  .default("")
  .transform((raw, ctx) => {
    const paise = raw.trim() === "" ? 200_000 : parseRupees(raw);
    if (paise === null)
      ctx.addIssue({ code: "custom", message: zodMsg("settings:errors.maxReturnAmount") });
    return paise ?? z.NEVER;
  });
export const returnDays = z
  .string()
  .default("")
  .transform((raw, ctx) => {
    const text = raw.trim() === "" ? "7" : raw.trim();
    if (!/^\d{1,4}$/.test(text) || Number(text) > 3650) {
      ctx.addIssue({ code: "custom", message: zodMsg("settings:errors.maxReturnDays") });
      return z.NEVER;
    }
    return Number(text);
  });
