import path from "node:path";
import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { initI18n } from "../../src/i18n/i18n.ts";
import { memoizedT } from "../../src/i18n/memo.ts";

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
});
