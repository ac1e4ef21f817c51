import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * Normalises a phone number as a cashier types it into E.164.
 * Without a leading "+" it must be an Indian mobile ("98765 43210",
 * "09876543210", "+91-98765-43210" all give +919876543210); numbers of other
 * countries (or Indian landlines) are accepted only when typed with "+".
 * Returns null for anything that is not a valid number.
 */
export function normalizePhone(raw: string): string | null {
  const text = raw.trim();
  if (!text || text.length > 32 || /[a-z]/i.test(text)) return null;
  const phone = parsePhoneNumberFromString(text, "IN");
  if (!phone?.isValid()) return null;
  if (!text.startsWith("+")) {
    const type = phone.getType();
    if (phone.country !== "IN" || (type !== "MOBILE" && type !== "FIXED_LINE_OR_MOBILE"))
      return null;
  }
  return phone.number;
}

/** The digits of an E.164 number reversed: "last N digits" becomes an indexed prefix search. */
export function reversedDigits(e164: string): string {
  return e164.replace(/\D/g, "").split("").reverse().join("");
}

/** +91 98765 43210 → +91 ●●●●● ●3210, for receipts and analytics cards. */
export function maskPhone(e164: string | null): string {
  if (!e164) return "";
  const digits = e164.replace(/\D/g, "");
  const last4 = digits.slice(-4);
  const cc = e164.startsWith("+91") ? "+91 " : "+";
  return `${cc}XXXXXX${last4}`;
}

/** "+919876543210" → "+91 98765 43210" for people to read; "" for null. */
export function formatPhone(e164: string | null): string {
  if (!e164) return "";
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
