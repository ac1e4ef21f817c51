import { readdirSync } from "node:fs";
import path from "node:path";
import type { RequestHandler } from "express";
import i18next, { type i18n, type TFunction } from "i18next";
import Backend from "i18next-fs-backend";
import { isLanguage, LANGUAGES, type Language, setTranslator } from "../lib/i18n.ts";
import { memoizedT } from "./memo.ts";

/**
 * The message catalogue (docs/architecture.md §9): i18next with its
 * filesystem backend, `locales/<lng>/<namespace>.json`. Every namespace found
 * in locales/en is read synchronously, once per process, at the first
 * createApp (or script) that asks; a new namespace is only its two JSON files.
 */

let instance: i18n | null = null;
let loadedFrom = "";
/** Each language's translator (memo.ts), made once with the catalogue. */
let fixedTranslators = new Map<Language, TFunction>();

/** The namespaces: the file names in locales/en. */
export function namespacesIn(localesDir: string): string[] {
  return readdirSync(path.join(localesDir, "en"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/** Loads the catalogue (once per process) and registers lib/i18n's translator. */
export function initI18n(dir: string): i18n {
  const localesDir = path.resolve(dir);
  if (instance) {
    if (loadedFrom !== localesDir) throw new Error(`catalogue already loaded from ${loadedFrom}`);
    return instance;
  }
  const inst = i18next.createInstance();
  inst.use(Backend).init({
    initAsync: false,
    preload: [...LANGUAGES],
    supportedLngs: [...LANGUAGES],
    fallbackLng: "en",
    load: "languageOnly",
    ns: namespacesIn(localesDir),
    defaultNS: "common",
    // EJS escapes what it prints; escaping here too would show &amp; on the page.
    interpolation: { escapeValue: false },
    returnNull: false,
    backend: { loadPath: path.join(localesDir, "{{lng}}/{{ns}}.json") },
  });
  const fixed = new Map(
    LANGUAGES.map((lng) => [
      lng,
      memoizedT(inst.getFixedT(lng), undefined, (key) => catalogueTexts(inst, lng, key)),
    ]),
  );
  setTranslator((key, params, lng) => (fixed.get(lng) ?? inst.t)(key, params));
  fixedTranslators = fixed;
  instance = inst;
  loadedFrom = localesDir;
  return inst;
}

const PLURAL_SUFFIXES = ["", "_zero", "_one", "_two", "_few", "_many", "_other"];

/**
 * Every raw catalogue text `key` can give in `lng` (its plural forms, English
 * where `lng` lacks it), and the texts of the keys it nests with `$t(...)`
 * (all the texts under a nested key's fixed part when the rest is a
 * `{{value}}`): what memo.ts reads to tell which parameters are only printed.
 */
export function catalogueTexts(inst: i18n, lng: Language, key: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const leaves = (value: unknown) => {
    if (typeof value === "string") out.push(value);
    else if (value && typeof value === "object") for (const v of Object.values(value)) leaves(v);
  };
  const visit = (k: string, depth: number) => {
    if (seen.has(k) || depth > 5) return;
    seen.add(k);
    const at = k.indexOf(":");
    const ns = at >= 0 ? k.slice(0, at) : "common";
    const name = at >= 0 ? k.slice(at + 1) : k;
    const before = out.length;
    const open = name.indexOf("{{");
    if (open >= 0) {
      const fixed = name.slice(0, open);
      const parent = fixed.slice(0, Math.max(0, fixed.lastIndexOf(".")));
      for (const l of new Set([lng, "en"])) leaves(parent ? inst.getResource(l, ns, parent) : null);
    } else {
      for (const l of new Set([lng, "en"]))
        for (const suffix of PLURAL_SUFFIXES) leaves(inst.getResource(l, ns, name + suffix));
    }
    for (const text of out.slice(before))
      for (const m of text.matchAll(/\$t\(([^,)]+)/g)) visit((m[1] ?? "").trim(), depth + 1);
  };
  visit(key, 0);
  return out;
}

// Invisible marks around every catalogue text (SRQB_I18N_MARK=1), so a test
// can strip them and find any words a page shows that are not from the catalogue.
export const MARK_OPEN = "\u2063";
export const MARK_CLOSE = "\u2064";

/**
 * Per request: `t` and `lang` in res.locals (every page and htmx partial),
 * `<html lang>` and Content-Language from them. The language is the logged-in
 * member's (users.language, carried in the session), else the best of the
 * browser's Accept-Language (Express's negotiator), else English; `t` is that
 * language's fixed translator, made once per process. (i18next-http-middleware
 * cloned the whole i18next instance on every request: a sixth of a scan's
 * server time in the bench profile.)
 */
export function i18nMiddleware(inst: i18n, options: { mark?: boolean } = {}): RequestHandler {
  if (inst !== instance)
    throw new Error("i18nMiddleware: the catalogue is not the one initI18n loaded");
  const translators = new Map<Language, TFunction>(
    LANGUAGES.map((lng) => {
      const t = fixedTranslators.get(lng) ?? inst.getFixedT(lng);
      if (!options.mark) return [lng, t];
      const marked = (...args: Parameters<TFunction>) =>
        `${MARK_OPEN}${String(t(...args))}${MARK_CLOSE}`;
      return [lng, marked as TFunction];
    }),
  );
  return (req, res, next) => {
    const own = req.session?.staff?.language;
    const asked = isLanguage(own) ? own : req.acceptsLanguages(...LANGUAGES);
    const lang: Language = isLanguage(asked) ? asked : "en";
    res.locals.lang = lang;
    res.locals.t = translators.get(lang);
    res.set("Content-Language", lang);
    next();
  };
}
