import type { TFunction } from "i18next";

/**
 * A language's translator that remembers its answers. The catalogue is read
 * once per process and never changes after, so `t(key, params)` always gives
 * the same text for the same key and parameter values; i18next works each one
 * out afresh (key lookup, plural rules, interpolation, nesting), which was
 * about 40 % of a scan's server time in the bench profile (a 20-line bill
 * asks for ~200 texts, most of them the same as on the last scan).
 *
 * Remembered: a string key with no parameters, or with parameters whose
 * values are all strings, numbers, booleans, null or undefined (the memo key
 * keeps each value's type, so 1 and "1" differ). Anything else is passed
 * straight through. At most `max` answers are kept; past that the memo
 * starts again empty.
 */
export function memoizedT(t: TFunction, max = 20_000): TFunction {
  const memo = new Map<string, string>();
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
    const call = () => (t as unknown as (...a: unknown[]) => unknown)(key, params, ...rest);
    if (typeof key !== "string" || rest.length > 0) return call();
    if (params === undefined) return remember(key, call);
    const id = paramsId(key, params);
    return id === null ? call() : remember(id, call);
  };
  return fn as unknown as TFunction;
}

const SEP = "\u0000";
const PRIMITIVE = new Set(["string", "number", "boolean", "undefined", "null"]);

/** `key`, then each parameter as name, type and value; null when a value is not a primitive. */
function paramsId(key: string, params: unknown): string | null {
  if (params === null || typeof params !== "object" || Array.isArray(params)) return null;
  let id = key;
  for (const name in params as Record<string, unknown>) {
    if (!Object.hasOwn(params, name)) continue;
    const value = (params as Record<string, unknown>)[name];
    const type = value === null ? "null" : typeof value;
    if (!PRIMITIVE.has(type)) return null;
    id += `${SEP}${name}${SEP}${type}${SEP}${String(value)}`;
  }
  return id;
}
