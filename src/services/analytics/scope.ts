/**
 * The customers in scope for a period, each with tier and RFM segment. All
 * customer-level analytics (cards, tiers, segments, lists, CSV) derive from
 * this one computation so every figure on the page agrees.
 */
import {
  allTimeCustomerColumns,
  analyticsFingerprint,
  countActiveCustomers,
  erasedCustomerIds,
  rangeCustomerColumns,
} from "../../db/repositories/analytics.repo.ts";
import type { Executor } from "../../db/types.ts";
import type { DateRange } from "./range.ts";
import {
  quintileBounds,
  quintileOf,
  recencyDays,
  recencyScore,
  SEGMENTS,
  type Segment,
  scoresBuyers,
  segmentIndexOf,
  TIERS,
  type Tier,
  type TierCutoffs,
  tierCutoffs,
  tierIndexOf,
} from "./segments.ts";

/** One buyer of the period with tier and RFM segment (built for the rows shown or exported). */
export interface ScopedCustomer {
  customerId: number;
  spent: number;
  bills: number;
  /** Last purchase in the period, UTC 'YYYY-MM-DD HH:MM:SS'. */
  last: string;
  tier: Tier;
  segment: Segment;
  r: number;
  f: number;
  m: number;
  /** False when the period has too few buyers for tiers and segments (MIN_SCORED_BUYERS). */
  scored: boolean;
}

/**
 * The buyers of a period as parallel columns (row i is one customer): 100,000
 * buyers are a few flat arrays instead of 100,000 objects (building those
 * objects alone took ~36 ms of the all-time page's 150 ms budget). `buyerAt`
 * builds the object of one row, for the rows shown or exported.
 */
export interface Buyers {
  n: number;
  id: Float64Array;
  spent: Float64Array;
  bills: Float64Array;
  /** Last purchase in epoch seconds (UTC). */
  last: Float64Array;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** Index into TIERS. */
  tier: Uint8Array;
  /** Index into SEGMENTS. */
  segment: Uint8Array;
  /** Enough buyers to score tiers and segments (scoresBuyers). */
  scored: boolean;
}

/** A comparison of two rows of `Buyers` (by index). */
export type RowOrder = (i: number, j: number) => number;

export interface Scope {
  range: DateRange;
  /** Buyers in the period (≥ 1 completed bill), erased customers excluded. */
  buyers: Buyers;
  /** Customers (not erased) on the books. */
  activeCustomers: number;
  cut: TierCutoffs | null;
  /** Memoised sort orders (see sortedRows). */
  orders: Map<string, number[]>;
  /** Other figures of the same period, cached with it (see memoInScope). */
  memo: Map<string, Promise<unknown>>;
}

/** UTC 'YYYY-MM-DD HH:MM:SS' of epoch seconds. */
function utcOfSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ");
}

/** Row i of the buyers as an object. */
export function buyerAt(b: Buyers, i: number): ScopedCustomer {
  return {
    customerId: b.id[i] as number,
    spent: b.spent[i] as number,
    bills: b.bills[i] as number,
    last: utcOfSeconds(b.last[i] as number),
    tier: TIERS[b.tier[i] as number] as Tier,
    segment: SEGMENTS[b.segment[i] as number] as Segment,
    r: b.r[i] as number,
    f: b.f[i] as number,
    m: b.m[i] as number,
    scored: b.scored,
  };
}

/** Most Valued first: spend desc, then more bills, then the lower customer number. */
export function byValueDesc(b: Buyers): RowOrder {
  const { spent, bills, id } = b;
  return (i, j) =>
    (spent[j] as number) - (spent[i] as number) ||
    (bills[j] as number) - (bills[i] as number) ||
    (id[i] as number) - (id[j] as number);
}

/** Least Valued first: spend asc, then fewer bills, then the lower customer number. */
export function byValueAsc(b: Buyers): RowOrder {
  const { spent, bills, id } = b;
  return (i, j) =>
    (spent[i] as number) - (spent[j] as number) ||
    (bills[i] as number) - (bills[j] as number) ||
    (id[i] as number) - (id[j] as number);
}

/** The period-independent part of a scope: what the cache keeps. */
interface Computed {
  buyers: Buyers;
  activeCustomers: number;
  cut: TierCutoffs | null;
  orders: Map<string, number[]>;
  memo: Map<string, Promise<unknown>>;
}

const CACHE_TTL_MS = 60_000;
// A full-scale all-time scope is ~4 MB (100,000 buyers): keep a few periods only.
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
  const [cols, erased, activeCustomers] = await Promise.all([
    range.allTime || !range.startUtc
      ? allTimeCustomerColumns(db)
      : rangeCustomerColumns(db, range.startUtc, range.endUtc),
    erasedCustomerIds(db),
    countActiveCustomers(db),
  ]);
  let n = 0;
  const total = cols.ids.length;
  const id = new Float64Array(total);
  const spent = new Float64Array(total);
  const bills = new Float64Array(total);
  const last = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    const customerId = cols.ids[i] as number;
    if (erased.size && erased.has(customerId)) continue;
    id[n] = customerId;
    spent[n] = cols.spent[i] as number;
    bills[n] = cols.bills[i] as number;
    last[n] = cols.last[i] ?? 0;
    n++;
  }
  const b: Buyers = {
    n,
    id: id.subarray(0, n),
    spent: spent.subarray(0, n),
    bills: bills.subarray(0, n),
    last: last.subarray(0, n),
    r: new Uint8Array(n),
    f: new Uint8Array(n),
    m: new Uint8Array(n),
    tier: new Uint8Array(n),
    segment: new Uint8Array(n),
    scored: scoresBuyers(n),
  };
  const cut = tierCutoffs(b.spent);
  const mb = quintileBounds(b.spent);
  const fb = quintileBounds(b.bills);
  // Recency in whole days (negated: higher is better), so same-day visits tie.
  const days = new Float64Array(n);
  for (let i = 0; i < n; i++) days[i] = recencyDays(b.last[i] as number, range.asOfMs);
  const rb = quintileBounds(days.map((d) => -d));
  for (let i = 0; i < n; i++) {
    const spend = b.spent[i] as number;
    const r = recencyScore(days[i] as number, rb);
    const f = quintileOf(b.bills[i] as number, fb);
    const m = quintileOf(spend, mb);
    b.r[i] = r;
    b.f[i] = f;
    b.m[i] = m;
    b.tier[i] = tierIndexOf(spend, cut as TierCutoffs);
    b.segment[i] = segmentIndexOf(r, f, m, b.bills[i] as number);
  }
  return { buyers: b, activeCustomers, cut, orders: new Map(), memo: new Map() };
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

/** Every buyer's row index sorted by `cmp` (memoised per scope under `name`). */
export function sortedRows(scope: Scope, name: string, cmp: RowOrder): number[] {
  let order = scope.orders.get(name);
  if (!order) {
    order = Array.from({ length: scope.buyers.n }, (_, i) => i).sort(cmp);
    scope.orders.set(name, order);
  }
  return order;
}

/** Epoch seconds `days` days before the scope's reference instant (lapsed: last visit before it). */
export function lapsedBefore(range: DateRange, days: number): number {
  return Math.floor((range.asOfMs - days * 86_400_000) / 1000);
}
