import { readdirSync } from "node:fs";
import path from "node:path";
import type { Request, RequestHandler } from "express";
import i18next, { type i18n, type TFunction } from "i18next";
import Backend from "i18next-fs-backend";
import { handle, LanguageDetector } from "i18next-http-middleware";
import { isLanguage, LANGUAGES, type Language, setTranslator } from "../lib/i18n.ts";

/**
 * The message catalogue (docs/architecture.md §9): i18next with its
 * filesystem backend, `locales/<lng>/<namespace>.json`. Every namespace found
 * in locales/en is read synchronously, once per process, at the first
 * createApp (or script) that asks; a new namespace is only its two JSON files.
 */

let instance: i18n | null = null;
let loadedFrom = "";

/** The namespaces: the file names in locales/en. */
export function namespacesIn(localesDir: string): string[] {
  return readdirSync(path.join(localesDir, "en"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/**
 * A logged-in staff member's language (users.language, carried in the
 * session), before the browser's Accept-Language.
 */
const staffDetector = {
  name: "staff",
  lookup(req: Request): string | undefined {
    const language = req.session?.staff?.language;
    return isLanguage(language) ? language : undefined;
  },
};

/** Loads the catalogue (once per process) and registers lib/i18n's translator. */
export function initI18n(dir: string): i18n {
  const localesDir = path.resolve(dir);
  if (instance) {
    if (loadedFrom !== localesDir) throw new Error(`catalogue already loaded from ${loadedFrom}`);
    return instance;
  }
  const detector = new LanguageDetector();
  detector.addDetector(staffDetector);
  const inst = i18next.createInstance();
  inst
    .use(Backend)
    .use(detector)
    .init({
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
      detection: { order: ["staff", "header"], caches: false },
    });
  const fixed = new Map(LANGUAGES.map((lng) => [lng, inst.getFixedT(lng)]));
  setTranslator((key, params, lng) => (fixed.get(lng) ?? inst.t)(key, params));
  instance = inst;
  loadedFrom = localesDir;
  return inst;
}

// Invisible marks around every catalogue text (SRQB_I18N_MARK=1), so a test
// can strip them and find any words a page shows that are not from the catalogue.
export const MARK_OPEN = "\u2063";
export const MARK_CLOSE = "\u2064";

/**
 * Per request: `t` and `lang` in res.locals (every page and htmx partial),
 * `<html lang>` and Content-Language from them.
 */
export function i18nMiddleware(inst: i18n, options: { mark?: boolean } = {}): RequestHandler[] {
  const locals: RequestHandler = (req, res, next) => {
    const found = (req as Request & { resolvedLanguage?: string }).resolvedLanguage;
    const lang: Language = isLanguage(found) ? found : "en";
    res.locals.lang = lang;
    // The detector names what the browser asked for (hi-IN); the page is in `lang`.
    res.set("Content-Language", lang);
    if (options.mark) {
      const t = res.locals.t as TFunction;
      res.locals.t = (...args: Parameters<TFunction>) =>
        `${MARK_OPEN}${String(t(...args))}${MARK_CLOSE}`;
    }
    next();
  };
  return [handle(inst) as RequestHandler, locals];
}
