import { type Language, msg, translate } from "../../lib/i18n.ts";
import { formatRupees } from "../../lib/money.ts";
import { upiUri } from "../../lib/upi.ts";

/**
 * Reminders for what a customer owes: a WhatsApp click-to-chat link and an
 * sms: link carrying the shop's own message, the balance and a UPI payment
 * link for the amount. Nothing is sent by the app: the cashier presses the
 * link and their phone or WhatsApp sends it. No gateway, no cost.
 *
 * A shop that kept the wording it started with gets it from the catalogue in
 * its receipt language (English, Hindi, or both, English first); a shop's own
 * wording is sent as typed.
 */

/** The wording a new shop starts with (the migration's column default says the same). */
export const DEFAULT_REMINDER =
  "Namaste {name}, a gentle reminder from {shop}: your balance with us is {balance}. You can pay at the shop or by UPI: {upi} Thank you!";

export const REMINDER_PLACEHOLDERS = ["{name}", "{balance}", "{shop}", "{upi}"] as const;

export interface Reminder {
  text: string;
  whatsapp: string;
  sms: string;
  /** upi://pay for the balance, or null without a UPI ID in Settings. */
  upi: string | null;
}

/** The shop's template with the placeholders filled in; runs of spaces left by an empty {upi} closed. */
export function reminderText(
  template: string,
  values: { name: string; balance: number; shop: string; upi: string | null },
): string {
  const fill: Record<string, string> = {
    "{name}": values.name,
    "{balance}": formatRupees(values.balance),
    "{shop}": values.shop,
    "{upi}": values.upi ?? "",
  };
  return template
    .replace(/\{(name|balance|shop|upi)\}/g, (m) => fill[m] ?? m)
    .replace(/[ \t]{2,}/g, " ")
    .replace(/ +\n/g, "\n")
    .trim();
}

/** The reminder's words: the shop's own, or the catalogue's in the receipt language. */
function reminderTemplate(shop: { reminderMessage: string; receiptLanguage?: string }): string {
  if (shop.reminderMessage.trim() !== DEFAULT_REMINDER) return shop.reminderMessage;
  const langs: Language[] =
    shop.receiptLanguage === "hi"
      ? ["hi"]
      : shop.receiptLanguage === "both"
        ? ["en", "hi"]
        : ["en"];
  // The catalogue's {{placeholders}} become the template's {placeholders}.
  const params = { name: "{name}", shop: "{shop}", balance: "{balance}", upi: "{upi}" };
  return langs.map((lng) => translate(msg("accounts:reminder.default", params), lng)).join("\n\n");
}

/** A reminder for a customer owing `balance` paise (> 0), phone in E.164. */
export function buildReminder(
  shop: { name: string; upiId: string | null; reminderMessage: string; receiptLanguage?: string },
  customer: { name: string; phone: string | null },
  balance: number,
): Reminder | null {
  if (balance <= 0 || !customer.phone) return null;
  const upi = shop.upiId
    ? upiUri(shop.upiId, shop.name, balance, `Balance ${customer.name}`)
    : null;
  const text = reminderText(reminderTemplate(shop), {
    name: customer.name,
    balance,
    shop: shop.name,
    upi,
  });
  const digits = customer.phone.replace(/\D/g, "");
  return {
    text,
    whatsapp: `https://wa.me/${digits}?text=${encodeURIComponent(text)}`,
    sms: `sms:${customer.phone}?body=${encodeURIComponent(text)}`,
    upi,
  };
}
