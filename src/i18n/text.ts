import type { Response } from "express";
import type { DomainError } from "../lib/errors.ts";
import { isLanguage, type Text, translate } from "../lib/i18n.ts";

/** A Text (string or Msg) in the language of this response (res.locals from i18n.ts). */
export function localText(res: Response, text: Text): string {
  if (typeof text === "string") return text;
  const t = res.locals.t as ((key: string, params?: object) => string) | undefined;
  if (t) return t(text.key, text.params);
  return translate(text, isLanguage(res.locals.lang) ? res.locals.lang : "en");
}

/** A domain error's message and field messages, in the language of this response. */
export function localError(
  res: Response,
  err: DomainError,
): { message: string; fields: Record<string, string> } {
  const fields = Object.fromEntries(
    Object.entries(err.fieldTexts).map(([k, v]) => [k, localText(res, v)]),
  );
  return { message: localText(res, err.text), fields };
}
