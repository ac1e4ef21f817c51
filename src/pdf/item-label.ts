import { needsFallback, printable } from "./fonts.ts";

/**
 * An item's name as printed. Names the font cannot draw follow the fallback of
 * fonts.ts ("?" per character); when nothing readable is left ("दूध" → "??"),
 * the product code is added so the line still says what was sold.
 */
export function itemLabel(line: { name: string; code: string }): string {
  if (!needsFallback(line.name)) return line.name;
  const text = printable(line.name);
  return /[A-Za-z0-9]/.test(text) ? text : `${text} [${printable(line.code)}]`;
}
