import { type Language, msg, type ReceiptLanguage, translate } from "../lib/i18n.ts";

/**
 * A printed document's labels in the shop's receipt language
 * (`Shop.receiptLanguage`, docs/architecture.md §9), from the `pdf` namespace
 * of the catalogue: English, Hindi, or each label in both ("Total / कुल").
 * src/pdf imports only lib, so the text comes through lib's `translate()`.
 */
export interface Words {
  readonly lang: ReceiptLanguage;
  /** One label on one line: "Total", "कुल" or "Total / कुल" (once when both read the same). */
  (key: string, params?: Record<string, unknown>): string;
  /** Each language on its own line, for narrow columns: ["Qty"], ["मात्रा"] or ["Qty", "मात्रा"]. */
  lines(key: string, params?: Record<string, unknown>): string[];
  /** The languages printed, English first. */
  readonly languages: readonly Language[];
  /**
   * Text put together from several labels, built once per language and joined
   * like one label: "Paid by: Split (Cash + UPI) / भुगतान: मिला-जुला (नकद + UPI)".
   */
  each(build: (one: Words) => string): string;
  /** The same, each language's text apart: ["Paid by: Cash"] or ["Paid by: Cash", "भुगतान: नकद"]. */
  eachLines(build: (one: Words) => string): string[];
}

const BOTH: readonly Language[] = ["en", "hi"];

export function wordsFor(lang: ReceiptLanguage = "en"): Words {
  const languages: readonly Language[] = lang === "both" ? BOTH : [lang];
  const lines = (key: string, params?: Record<string, unknown>): string[] => {
    const texts = languages.map((l) => translate(msg(`pdf:${key}`, params), l));
    return texts.length === 2 && texts[0] === texts[1] ? [texts[0] as string] : texts;
  };
  const words = ((key: string, params?: Record<string, unknown>) =>
    lines(key, params).join(" / ")) as Words;
  const eachLines = (build: (one: Words) => string): string[] => {
    if (languages.length === 1) return [build(words)];
    const texts = languages.map((l) => build(wordsFor(l)));
    return texts[0] === texts[1] ? [texts[0] as string] : texts;
  };
  const each = (build: (one: Words) => string): string => eachLines(build).join(" / ");
  return Object.assign(words, { lang, lines, languages, each, eachLines });
}

/** English labels: what the pages that share these formatters show. */
export const ENGLISH: Words = wordsFor("en");

/**
 * Who the document is for: the customer's name, or "Walk-in" / "Erased
 * customer" in the receipt language (the services name those in English).
 */
export function customerName(
  w: Words,
  customer: { kind: "walk-in" | "customer" | "erased"; name: string },
): string {
  if (customer.kind === "walk-in") return w("customer.walkIn");
  if (customer.kind === "erased") return w("customer.erased");
  return customer.name;
}
