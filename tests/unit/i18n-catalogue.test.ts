import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The catalogue is complete in both languages, and every literal key the
// views and the code use exists (docs/architecture.md §9).
const root = resolve(import.meta.dirname, "../..");
const locales = join(root, "locales");
const LANGS = ["en", "hi"] as const;

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function namespaces(lng: string): string[] {
  return readdirSync(join(locales, lng))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
}

function catalogue(lng: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const ns of namespaces(lng)) {
    const tree = JSON.parse(readFileSync(join(locales, lng, `${ns}.json`), "utf8")) as Tree;
    for (const [k, v] of flatten(tree)) all.set(`${ns}:${k}`, v);
  }
  return all;
}

const variables = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, ext);
    return ext.test(name) ? [path] : [];
  });
}

/** `t("ns:key")` / `msg('ns:key')`-style literals in the files, as `file: key`. */
function literals(paths: string[], call: RegExp): { where: string; key: string }[] {
  return paths.flatMap((path) =>
    [...readFileSync(path, "utf8").matchAll(call)].map((m) => ({
      where: relative(root, path),
      key: m[2] ?? "",
    })),
  );
}

/** An i18next key as used: a plural (`count`) is found under its `_one`/`_other` forms. */
function has(cat: Map<string, string>, key: string): boolean {
  return cat.has(key) || cat.has(`${key}_other`);
}

// A whole literal key: t('ns:key') or t('ns:key', {…}).
const T_CALL = /\bt\(\s*(['"])([a-z]+:[\w.-]+)\1\s*[,)]/g;
// A key built from a literal prefix: t('common:roles.' + role).
const T_PREFIX = /\bt\(\s*(['"])([a-z]+:[\w.-]+\.)\1\s*\+/g;
// A page's shorthand for one part of a namespace: const P = (key, params) => t('ns:part.' + key, params).
const SHORTHAND = /const (\w+) = \(key, params\) => t\((['"])([a-z]+:[\w.-]+\.)\2 \+ key/g;

/** Keys used through a page's shorthand (P('saved') → settings:printers.saved). */
function shorthandKeys(paths: string[]): { where: string; key: string }[] {
  return paths.flatMap((path) => {
    const text = readFileSync(path, "utf8");
    return [...text.matchAll(SHORTHAND)].flatMap((m) => {
      const call = new RegExp(`\\b${m[1]}\\(\\s*(['"])([\\w.-]+)\\1`, "g");
      return [...text.matchAll(call)].map((c) => ({
        where: relative(root, path),
        key: `${m[3]}${c[2]}`,
      }));
    });
  });
}
const MSG_CALL = /\b(?:msg|zodMsg)\(\s*(["'])([a-z]+:[\w.-]+)\1/g;

describe("the message catalogue", () => {
  const en = catalogue("en");
  const hi = catalogue("hi");

  it("has the same namespaces in every language", () => {
    expect(namespaces("hi")).toEqual(namespaces("en"));
    expect(namespaces("en")).toEqual(expect.arrayContaining(["common", "errors"]));
  });

  it("has every English key in Hindi and every Hindi key in English", () => {
    expect([...en.keys()].filter((k) => !hi.has(k))).toEqual([]);
    expect([...hi.keys()].filter((k) => !en.has(k))).toEqual([]);
  });

  it("has no empty text in any language", () => {
    for (const lng of LANGS) {
      const empty = [...catalogue(lng)].filter(([, v]) => v.trim() === "").map(([k]) => k);
      expect(empty, lng).toEqual([]);
    }
  });

  it("uses the same {{variables}} in both languages", () => {
    const differ = [...en]
      .filter(([k, v]) => hi.has(k) && variables(v).join() !== variables(hi.get(k) ?? "").join())
      .map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it("writes Hindi texts in Devanagari", () => {
    // A Hindi value copied from English by mistake; names, codes and formats may stay Latin.
    const latinOnly = [...hi]
      .filter(([k, v]) => /[a-z]{4,}/i.test(v) && !/[\u0900-\u097F]/.test(v) && v !== en.get(k))
      .map(([k]) => k);
    expect(latinOnly).toEqual([]);
  });

  const views = files(join(root, "views"), /\.ejs$/);

  it("has every t('ns:key') used in views/", () => {
    const used = [...literals(views, T_CALL), ...shorthandKeys(views)];
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((u) => !has(en, u.key)).map((u) => `${u.where}: ${u.key}`)).toEqual([]);
  });

  it("has a group of keys under every prefix a view builds keys from", () => {
    const used = literals(views, T_PREFIX);
    expect(used.map((u) => u.key)).toContain("common:roles.");
    const missing = used.filter((u) => ![...en.keys()].some((k) => k.startsWith(u.key)));
    expect(missing.map((u) => `${u.where}: ${u.key}`)).toEqual([]);
    for (const role of ["owner", "cashier"]) expect(has(en, `common:roles.${role}`)).toBe(true);
    for (const lng of LANGS) expect(has(en, `common:languages.${lng}`)).toBe(true);
  });

  it("has every msg('ns:key') and zodMsg('ns:key') used in src/", () => {
    const used = literals(files(join(root, "src"), /\.ts$/), MSG_CALL);
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((u) => !has(en, u.key)).map((u) => `${u.where}: ${u.key}`)).toEqual([]);
  });

  it("finds keys the way the checks above read them", () => {
    expect(literals([join(root, "views/pages/login.ejs")], T_CALL).map((u) => u.key)).toContain(
      "auth:login.title",
    );
    expect(has(en, "auth:login.waitSeconds")).toBe(true);
    const printers = shorthandKeys([join(root, "views/pages/settings-printers.ejs")]);
    expect(printers.map((u) => u.key)).toContain("settings:printers.saved");
    expect(has(en, "auth:login.noSuchKey")).toBe(false);
    expect(variables("Hi {{ name }}, {{count}}")).toEqual(["count", "name"]);
  });
});
