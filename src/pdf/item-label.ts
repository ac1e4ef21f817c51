import { needsFallback, printable } from "./fonts.ts";

/**
 * An item's name as printed. Names in the Indian scripts print as typed; what
 * no font draws follows the fallback of fonts.ts ("□" per character); when
 * nothing readable is left ("🥛🥛" → "□□"), the product code is added so the
 * line still says what was sold.
 */
export function itemLabel(line: { name: string; code: string }): string {
  if (!needsFallback(line.name)) return line.name;
  const text = printable(line.name);
  return /[\p{L}\p{N}]/u.test(text) ? text : `${text} [${printable(line.code)}]`;
}
