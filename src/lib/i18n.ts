/**
 * Messages that code outside the views raises (domain errors, field errors):
 * a catalogue key with its parameters, put into words in the reader's language
 * where it is shown. `src/i18n` registers the translator at start-up
 * (docs/architecture.md §9); lib imports nothing but lib, so it only holds the hook.
 */

export type Language = "en" | "hi";
export const LANGUAGES: readonly Language[] = ["en", "hi"];

/** The language printed documents use (`Shop.receiptLanguage`): one, or each label in both. */
export type ReceiptLanguage = Language | "both";

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "hi";
}

/** A catalogue key (`"ns:key"`) and the values for its `{{placeholders}}`. */
export interface Msg {
  key: string;
  params?: Record<string, unknown>;
}

/** What an error or a field error carries: plain text (not yet in the catalogue) or a Msg. */
export type Text = string | Msg;

export function msg(key: string, params?: Record<string, unknown>): Msg {
  return params ? { key, params } : { key };
}

export function isMsg(value: unknown): value is Msg {
  return typeof value === "object" && value !== null && typeof (value as Msg).key === "string";
}

export type Translator = (
  key: string,
  params: Record<string, unknown> | undefined,
  lng: Language,
) => string;

let translator: Translator | null = null;

/** Called once per process by src/i18n when the catalogue is loaded. */
export function setTranslator(t: Translator): void {
  translator = t;
}

/**
 * The text in `lng` (English by default: an error's `.message`). Before the
 * catalogue is loaded a Msg reads as its key, so a missing start-up call shows.
 */
export function translate(text: Text, lng: Language = "en"): string {
  if (typeof text === "string") return text;
  return translator ? translator(text.key, text.params, lng) : text.key;
}

const ZOD_MARK = "\u0000msg:";

/**
 * A zod message that carries a Msg (zod takes only strings): `parseInput`
 * turns it back into the Msg. Use as `.min(3, zodMsg("auth:username.short"))`.
 */
export function zodMsg(key: string, params?: Record<string, unknown>): string {
  return ZOD_MARK + JSON.stringify(msg(key, params));
}

/** The Msg inside a zodMsg() string, or the string itself. */
export function fromZodMessage(message: string): Text {
  if (!message.startsWith(ZOD_MARK)) return message;
  return JSON.parse(message.slice(ZOD_MARK.length)) as Msg;
}
