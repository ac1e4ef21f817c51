import { isMsg, type Msg, type Text, translate } from "./i18n.ts";

/**
 * A Text kept in one text column (a print job's last error): a Msg as a small
 * JSON `{"key","params"}`, so it is put into words in each reader's language
 * when shown; plain text as it is. Rows written before the catalogue hold
 * plain English, and read back as that.
 */

const ELLIPSIS = "…";

/** The Text as at most `max` characters: a Msg's longest text parameter gives way first. */
export function storeText(text: Text, max: number): string {
  if (typeof text === "string") return text.slice(0, max);
  const params = { ...(text.params ?? {}) };
  for (;;) {
    const stored = JSON.stringify(
      Object.keys(params).length ? { key: text.key, params } : { key: text.key },
    );
    const over = stored.length - max;
    if (over <= 0) return stored;
    const longest = Object.entries(params)
      .filter((e): e is [string, string] => typeof e[1] === "string" && e[1].length > 2)
      .sort((a, b) => b[1].length - a[1].length)[0];
    // Nothing left to shorten (a very long key): keep the English words rather than broken JSON.
    if (!longest) return translate(text).slice(0, max);
    const [name, value] = longest;
    params[name] = value.slice(0, Math.max(1, value.length - over - ELLIPSIS.length)) + ELLIPSIS;
  }
}

/** What storeText wrote: the Msg back from its JSON, anything else as the plain text it is. */
export function readStoredText(stored: string): Text {
  if (!stored.startsWith('{"key":')) return stored;
  try {
    const value: unknown = JSON.parse(stored);
    if (!isMsg(value)) return stored;
    const { key, params } = value as Msg;
    return params && typeof params === "object" ? { key, params } : { key };
  } catch {
    return stored;
  }
}
