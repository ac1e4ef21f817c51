import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { type Msg, msg, type Text, translate } from "./i18n.ts";

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

const TOO_SHORT = "customers:phone.tooShort";

/** Why a typed phone number is not accepted (customers:phone.*); null when it is fine. */
export function phoneProblemMsg(raw: string): Msg | null {
  const text = raw.trim();
  if (!text) return msg("customers:phone.required");
  if (/\p{L}/u.test(text)) return msg("customers:phone.letters");
  if (normalizePhone(text)) return null;
  const digits = text.replace(/\D/g, "");
  // Indian mobile numbers start with 6–9 (after an optional trunk 0): anything
  // else is a landline (or a typo), whatever its length.
  if (!text.startsWith("+") && /^[0-5]/.test(digits.replace(/^0/, "")))
    return msg("customers:phone.landline");
  if (!text.startsWith("+") && digits.length < 10) return msg(TOO_SHORT);
  if (!text.startsWith("+")) return msg("customers:phone.notIndian");
  return msg("customers:phone.invalid");
}

/** Why a typed phone number is not accepted, in words a cashier understands (English); null when it is fine. */
export function phoneProblem(raw: string): string | null {
  const problem = phoneProblemMsg(raw);
  return problem && translate(problem);
}

/**
 * What the till's customer box says when a search finds nobody and there is
 * no number to register: the register form's reason (phoneProblem), or
 * "keep typing" while a number is still incomplete.
 */
export function lookupHint(query: string): Text | null {
  const text = (query ?? "").trim();
  if (!text) return null;
  const digits = text.replace(/\D/g, "");
  if (/\p{L}/u.test(text) && digits.length < 4) return msg("till:customer.hint.noName");
  if (text.startsWith("+") && digits.length < 11) return msg("till:customer.hint.keepTyping");
  const problem = phoneProblemMsg(text);
  if (!problem || problem.key === TOO_SHORT) return msg("till:customer.hint.keepTyping10");
  return problem;
}
