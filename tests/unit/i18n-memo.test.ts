import path from "node:path";
import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { catalogueTexts, initI18n, namespacesIn } from "../../src/i18n/i18n.ts";
import { memoizedT, printedParams } from "../../src/i18n/memo.ts";

/** A translator that answers with its arguments and counts its calls. */
function countingT() {
  const calls: unknown[][] = [];
  const t = ((...args: unknown[]) => {
    calls.push(args);
    return `${String(args[0])}|${JSON.stringify(args[1] ?? null)}`;
  }) as unknown as TFunction;
  return { t, calls };
}

describe("the remembering translator (src/i18n/memo.ts)", () => {
  it("asks i18next once per key and parameter values", () => {
    const { t, calls } = countingT();
    const m = memoizedT(t);
    expect(m("a:b")).toBe("a:b|null");
    expect(m("a:b")).toBe("a:b|null");
    expect(m("a:c", { name: "Tea" })).toBe('a:c|{"name":"Tea"}');
    expect(m("a:c", { name: "Tea" })).toBe('a:c|{"name":"Tea"}');
    expect(m("a:c", { name: "Rice" })).toBe('a:c|{"name":"Rice"}');
    expect(calls).toHaveLength(3);
  });

  it('keeps values of different types apart (1 and "1", null and undefined and NaN)', () => {
    const { t, calls } = countingT();
    const m = memoizedT(t);
    for (const v of [1, "1", null, undefined, Number.NaN, true, "true"]) m("k", { count: v });
    for (const v of [1, "1", null, undefined, Number.NaN, true, "true"]) m("k", { count: v });
    expect(calls).toHaveLength(7);
    // The same names in another order, or another name with the same value, is another text.
    m("k", { a: "x", b: "y" });
    m("k", { b: "y", a: "x" });
    m("k", { c: "x", b: "y" });
    expect(calls).toHaveLength(10);
  });

  it("passes through what it cannot key: objects, arrays of keys, extra arguments", () => {
    const { t, calls } = countingT();
    const m = memoizedT(t);
    for (let i = 0; i < 2; i++) {
      m("k", { when: new Date(0) });
      m("k", { nested: { a: 1 } });
      m(["k1", "k2"] as unknown as string);
      (m as unknown as (...a: unknown[]) => unknown)("k", "default", { a: 1 });
    }
    expect(calls).toHaveLength(8);
  });

  it("holds at most max answers, then starts again", () => {
    const { t, calls } = countingT();
    const m = memoizedT(t, 3);
    for (const k of ["a", "b", "c"]) m(k);
    m("a");
    expect(calls).toHaveLength(3);
    m("d"); // the memo was full: it starts again with d
    m("a");
    expect(calls).toHaveLength(5);
  });

  it("gives exactly i18next's texts for the catalogue, in both languages, plurals and nesting included", () => {
    const inst = initI18n(path.resolve(import.meta.dirname, "../../locales"));
    const probes: Array<[string, Record<string, unknown>?]> = [
      ["till:title"],
      ["till:totals.subtotal", { count: 1 }],
      ["till:totals.subtotal", { count: 20 }],
      ["till:qty.kg", { qty: "1.5", unit: "kg" }],
      ["till:scan.added", { name: "चीनी", qty: "2", unit: "pc" }],
      ["till:lines.qtyOf", { name: "Tea" }],
      ["no:such.key"],
    ];
    for (const lng of ["en", "hi"]) {
      const plain = inst.getFixedT(lng);
      const memo = memoizedT(inst.getFixedT(lng));
      for (const [key, params] of probes) {
        const want = plain(key, params);
        expect(memo(key, params)).toBe(want);
        expect(memo(key, params)).toBe(want);
      }
    }
  });

  it("remembers a text once for every printed value, and never a value that picks a key or a plural", () => {
    const texts = ['Added {{name}} × $t(till:qty.{{unit}}, {"count": {{count}}, "n": "{{n}}"})'];
    expect([...printedParams(texts)]).toEqual(["name"]);
    // Formatted, dotted, unescaped or also nested: asked of i18next with the value itself.
    expect([
      ...printedParams(["{{a, number}} {{b.c}} {{- d}} {{e}} $t(x.{{e}})", "{{f}}"]),
    ]).toEqual(["f"]);
    expect([...printedParams(["{{count}} {{context}} {{g}}"])]).toEqual(["g"]);
    const calls: unknown[] = [];
    const t = ((key: string, p: { name: string; count: number }) => {
      calls.push(p);
      return `${key}: Hello ${p.name}, ${p.count}`;
    }) as unknown as TFunction;
    const m = memoizedT(t, 100, () => ["Hello {{name}}, {{count}}"]);
    expect(m("k", { name: "Asha", count: 2 })).toBe("k: Hello Asha, 2");
    expect(m("k", { name: "Ravi", count: 2 })).toBe("k: Hello Ravi, 2");
    expect(m("k", { name: 7, count: 2 })).toBe("k: Hello 7, 2");
    expect(m("k", { name: "Ravi", count: 3 })).toBe("k: Hello Ravi, 3");
    // name as a string and as a number, and count 2 and 3: three texts asked of the translator.
    expect(calls).toHaveLength(3);
    // A value that carries the marker character is asked as it is, and not remembered that way.
    expect(m("k", { name: "a\uE0000\uE000", count: 2 })).toBe("k: Hello a\uE0000\uE000, 2");
    expect(calls).toHaveLength(4);
  });
  it("gives exactly i18next's text for every catalogue key, with every placeholder filled, twice", () => {
    const dir = path.resolve(import.meta.dirname, "../../locales");
    const inst = initI18n(dir);
    const keys: string[] = [];
    const walk = (ns: string, prefix: string, value: unknown) => {
      if (typeof value === "string")
        keys.push(`${ns}:${prefix.replace(/_(zero|one|two|few|many|other)$/, "")}`);
      else if (value && typeof value === "object")
        for (const [k, v] of Object.entries(value)) walk(ns, prefix ? `${prefix}.${k}` : k, v);
    };
    for (const ns of namespacesIn(dir)) walk(ns, "", inst.getResourceBundle("en", ns));
    expect(keys.length).toBeGreaterThan(500);
    const sample = (name: string, round: number): unknown => {
      if (name === "count") return [0, 1, 2, 7][round % 4];
      if (name === "unit") return ["pc", "kg", "l"][round % 3];
      return round % 2 ? `चीनी & "Tea" ${round}` : round * 1234.5;
    };
    let checked = 0;
    for (const lng of ["en", "hi"] as const) {
      const plain = inst.getFixedT(lng);
      const memo = memoizedT(inst.getFixedT(lng), 20_000, (k) => catalogueTexts(inst, lng, k));
      for (const key of new Set(keys)) {
        const names = new Set<string>();
        for (const text of catalogueTexts(inst, lng, key))
          for (const m of text.matchAll(/\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)/g))
            names.add(m[1] as string);
        for (let round = 0; round < 4; round++) {
          const params = Object.fromEntries([...names].map((n) => [n, sample(n, round)]));
          const want = plain(key, params);
          expect(memo(key, params), `${lng} ${key} ${JSON.stringify(params)}`).toBe(want);
          expect(memo(key, params)).toBe(want);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(4000);
  });
});
