import type { TFunction } from "i18next";

/**
 * A language's translator that remembers its answers. The catalogue is read
 * once per process and never changes after, so `t(key, params)` always gives
 * the same text for the same key and parameter values; i18next works each one
 * out afresh (key lookup, plural rules, interpolation, nesting): 15 µs for a
 * plain text, 45 µs for a nested plural, which was about 40 % of a scan's
 * server time in the bench profile (a 20-line bill asks for ~200 texts, most
 * of them the same as on the last scan).
 *
 * Remembered: a string key with no parameters, or with parameters whose
 * values are all strings, numbers, booleans, null or undefined (the memo key
 * keeps each value's type, so 1 and "1" differ). Anything else is passed
 * straight through. At most `max` answers are kept; past that the memo
 * starts again empty.
 *
 * A text's own words around a value ("Added {{name}} × 2 pcs", "Complete
 * {{amount}}") are remembered once for every value: given the key's raw
 * catalogue texts (`templates`), a string or number parameter that those texts
 * only ever print as a bare `{{name}}` outside any `$t(...)` (so it picks no
 * key, plural or format) is asked of i18next as a marker, and its value put
 * in place of the marker in the remembered answer. i18next's option names
 * (count, context, ...) are never treated so.
 */
export function memoizedT(
  t: TFunction,
  max = 20_000,
  templates: (key: string) => readonly string[] = () => [],
): TFunction {
  const memo = new Map<string, string>();
  /** Per key: the parameter names printed only as bare values (see above). */
  const printedOnly = new Map<string, ReadonlySet<string>>();
  const remember = (id: string, compute: () => unknown): unknown => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    const value = compute();
    if (typeof value !== "string") return value;
    if (memo.size >= max) memo.clear();
    memo.set(id, value);
    return value;
  };
  const fn = (key: unknown, params?: unknown, ...rest: unknown[]): unknown => {
    const call = (p: unknown) => (t as unknown as (...a: unknown[]) => unknown)(key, p, ...rest);
    if (typeof key !== "string" || rest.length > 0) return call(params);
    if (params === undefined) return remember(key, () => call(params));
    if (params === null || typeof params !== "object" || Array.isArray(params)) return call(params);
    let printed = printedOnly.get(key);
    if (!printed) {
      printed = printedParams(templates(key));
      printedOnly.set(key, printed);
    }
    const keyed = keyedParams(key, params as Record<string, unknown>, printed);
    if (keyed === null) return call(params);
    const answer = remember(keyed.id, () => call(keyed.asked));
    if (typeof answer !== "string" || keyed.values.length === 0) return answer;
    // One pass: a value put in place is never read again for markers.
    return answer.replace(MARKER, (m, i: string) => keyed.values[Number(i)] ?? m);
  };
  return fn as unknown as TFunction;
}

const SEP = "\u0000";
const PRIMITIVE = new Set(["string", "number", "boolean", "undefined", "null"]);
/** Stands for the i-th printed value in what i18next is asked and what is remembered. */
const marker = (i: number) => `\uE000${i}\uE000`;
const MARKER = /\uE000(\d+)\uE000/g;

/** Parameters that steer i18next itself: never replaced by a marker. */
const OPTION_NAMES = new Set([
  "count",
  "context",
  "ordinal",
  "defaultValue",
  "lng",
  "lngs",
  "ns",
  "replace",
  "returnObjects",
  "returnDetails",
  "joinArrays",
  "postProcess",
  "interpolation",
  "skipInterpolation",
  "fallbackLng",
  "keyPrefix",
  "nsSeparator",
  "keySeparator",
]);

const NESTING = /\$t\((.+?)\)/g;
const PLACEHOLDER = /\{\{(.*?)\}\}/g;

/** The names every template prints as a bare `{{name}}` outside nesting, and nowhere else. */
export function printedParams(texts: readonly string[]): ReadonlySet<string> {
  const bare = new Set<string>();
  const other = new Set<string>();
  for (const text of texts) {
    const outside = text.replace(NESTING, (inner) => {
      for (const m of inner.matchAll(PLACEHOLDER)) other.add((m[1] ?? "").trim());
      return "";
    });
    for (const m of outside.matchAll(PLACEHOLDER)) {
      const inner = m[1] ?? "";
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) bare.add(inner);
      else other.add(inner.replace(/^-/, "").split(",")[0]?.split(".")[0]?.trim() ?? inner);
    }
  }
  for (const name of other) bare.delete(name);
  for (const name of OPTION_NAMES) bare.delete(name);
  return bare;
}

/**
 * The memo key of `key` with `params`, the parameters to ask i18next with (a
 * marker in place of each printed value) and those values in marker order;
 * null when a value is not a primitive, or is a string holding the marker
 * character. A printed value is put in after i18next, so a name that happens
 * to contain "$t(" reads as typed instead of being nested by i18next.
 */
function keyedParams(
  key: string,
  params: Record<string, unknown>,
  printed: ReadonlySet<string>,
): { id: string; asked: Record<string, unknown>; values: string[] } | null {
  let id = key;
  let asked = params;
  const values: string[] = [];
  for (const name in params) {
    if (!Object.hasOwn(params, name)) continue;
    const value = params[name];
    const type = value === null ? "null" : typeof value;
    if (!PRIMITIVE.has(type)) return null;
    // A value with the marker character itself is asked of i18next as it is.
    if (type === "string" && (value as string).includes("\uE000")) return null;
    if (printed.has(name) && (type === "string" || type === "number")) {
      if (asked === params) asked = { ...params };
      asked[name] = marker(values.length);
      values.push(String(value));
      id += `${SEP}${name}${SEP}${type}${SEP}\uE000`;
    } else {
      id += `${SEP}${name}${SEP}${type}${SEP}${String(value)}`;
    }
  }
  return { id, asked, values };
}
