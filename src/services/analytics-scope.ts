/**
 * The customers in scope for a period, each with tier and RFM segment. All
 * customer-level analytics (cards, tiers, segments, lists, CSV) derive from
 * this one computation so every figure on the page agrees.
 */
import {
  allTimeCustomerAggs,
  analyticsFingerprint,
  type CustomerAgg,
  countActiveCustomers,
  erasedCustomerIds,
  rangeCustomerAggs,
} from "../db/repositories/analytics.repo.ts";
import type { Executor } from "../db/types.ts";
import type { DateRange } from "./analytics-range.ts";
import {
  quintileScores,
  type Segment,
  segmentOf,
  type Tier,
  type TierCutoffs,
  tierCutoffs,
  tierOf,
} from "./analytics-segments.ts";

export interface ScopedCustomer extends CustomerAgg {
  tier: Tier;
  segment: Segment;
  r: number;
  f: number;
  m: number;
}

export interface Scope {
  range: DateRange;
  /** Buyers in the period (≥ 1 completed bill), erased customers excluded. */
  buyers: ScopedCustomer[];
  /** Customers (not erased) on the books. */
  activeCustomers: number;
  cut: TierCutoffs | null;
  /** Memoised sort orders (see sortedBuyers). */
  orders: Map<string, ScopedCustomer[]>;
  /** Other figures of the same period, cached with it (see memoInScope). */
  memo: Map<string, Promise<unknown>>;
}

/** Comparable number of a UTC string 'YYYY-MM-DD HH:MM:SS' (monotonic, cheap). */
function stamp(utc: string | null): number {
  if (!utc) return 0;
  let n = 0;
  for (let i = 0; i < utc.length; i++) {
    const c = utc.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) n = n * 10 + c;
  }
  return n;
}

/** Most Valued first: spend desc, then more bills, then the lower customer number. */
export const byValueDesc = (a: CustomerAgg, b: CustomerAgg) =>
  b.spent - a.spent || b.bills - a.bills || a.customerId - b.customerId;

/** Least Valued first: spend asc, then fewer bills, then the lower customer number. */
export const byValueAsc = (a: CustomerAgg, b: CustomerAgg) =>
  a.spent - b.spent || a.bills - b.bills || a.customerId - b.customerId;

/** The period-independent part of a scope: what the cache keeps. */
interface Computed {
  buyers: ScopedCustomer[];
  activeCustomers: number;
  cut: TierCutoffs | null;
  orders: Map<string, ScopedCustomer[]>;
  memo: Map<string, Promise<unknown>>;
}

const CACHE_TTL_MS = 60_000;
// A full-scale all-time scope is ~15 MB (100,000 buyers): keep a few periods only.
const CACHE_SIZE = 4;
const caches = new WeakMap<
  object,
  Map<string, { fingerprint: string; at: number; value: Computed }>
>();

/** Forgets cached scopes (after a rebuild in this process). */
export function invalidateAnalyticsCache(db: Executor): void {
  caches.delete(db);
}

/**
 * Loads and classifies the period's buyers. All time reads customer_stats; a
 * range reads bills. The result is cached per database and period and reused
 * while analyticsFingerprint() is unchanged (any bill, void, erasure or new
 * customer changes it) and for at most a minute (so a `stats:rebuild` run by
 * another process shows within a minute).
 */
export async function loadScope(db: Executor, range: DateRange, now = Date.now()): Promise<Scope> {
  const key = `${range.fromDay ?? "all"}|${range.toDay}|${range.timeZone}|${range.allTime}`;
  const cacheable = !db.isTransaction;
  const fingerprint = cacheable ? await analyticsFingerprint(db) : "";
  let cache = caches.get(db);
  const hit = cache?.get(key);
  if (hit && hit.fingerprint === fingerprint && now - hit.at < CACHE_TTL_MS) {
    return { range, ...hit.value };
  }
  const value = await compute(db, range);
  if (cacheable) {
    if (!cache) {
      cache = new Map();
      caches.set(db, cache);
    }
    cache.delete(key);
    cache.set(key, { fingerprint, at: now, value });
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  return { range, ...value };
}

async function compute(db: Executor, range: DateRange): Promise<Computed> {
  const [raw, erased, activeCustomers] = await Promise.all([
    range.allTime || !range.startUtc
      ? allTimeCustomerAggs(db)
      : rangeCustomerAggs(db, range.startUtc, range.endUtc),
    erasedCustomerIds(db),
    countActiveCustomers(db),
  ]);
  const aggs = erased.size ? raw.filter((a) => !erased.has(a.customerId)) : raw;
  const cut = tierCutoffs(aggs.map((a) => a.spent));
  const rs = quintileScores(aggs.map((a) => stamp(a.last)));
  const fs = quintileScores(aggs.map((a) => a.bills));
  const ms = quintileScores(aggs.map((a) => a.spent));
  const buyers = new Array<ScopedCustomer>(aggs.length);
  for (let i = 0; i < aggs.length; i++) {
    const a = aggs[i] as CustomerAgg;
    const r = rs[i] as number;
    const f = fs[i] as number;
    const m = ms[i] as number;
    buyers[i] = {
      customerId: a.customerId,
      spent: a.spent,
      bills: a.bills,
      last: a.last,
      tier: tierOf(a.spent, cut as TierCutoffs),
      segment: segmentOf(r, f, m, a.bills),
      r,
      f,
      m,
    };
  }
  return { buyers, activeCustomers, cut, orders: new Map(), memo: new Map() };
}

/**
 * A period figure computed once per cached scope (same fingerprint): the
 * rollup reads (sales per day, top products) change only with bills and voids.
 */
export function memoInScope<T>(scope: Scope, key: string, load: () => Promise<T>): Promise<T> {
  let p = scope.memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    scope.memo.set(key, p);
    p.catch(() => scope.memo.delete(key));
  }
  return p;
}

/** The scope's buyers sorted by `cmp` (memoised per scope under `name`). */
export function sortedBuyers(
  scope: Scope,
  name: string,
  cmp: (a: ScopedCustomer, b: ScopedCustomer) => number,
): ScopedCustomer[] {
  let order = scope.orders.get(name);
  if (!order) {
    order = [...scope.buyers].sort(cmp);
    scope.orders.set(name, order);
  }
  return order;
}

/** The UTC string `days` days before the scope's reference instant. */
export function lapsedBefore(range: DateRange, days: number): string {
  return new Date(range.asOfMs - days * 86_400_000).toISOString().slice(0, 19).replace("T", " ");
}
