/**
 * Owner analytics: the whole page model for a period. Customer figures come
 * from one scope (analytics-scope.ts); shop figures (sales per day, payment
 * split, products) from the rollups. Erased customers never appear; their
 * bills and walk-in bills still count as shop sales, shown as one line.
 */
import {
  contactsByIds,
  countBuyers,
  customerStatsRow,
  spendAtRank,
} from "../../db/repositories/analytics.repo.ts";
import {
  type DayRow,
  type ProductFigure,
  type QtyUnit,
  salesByDay,
  topProducts,
} from "../../db/repositories/analytics-sales.repo.ts";
import type { Executor } from "../../db/types.ts";
import type { Charts } from "./chart-types.ts";
import { buildCharts } from "./charts.ts";
import {
  countLapsed,
  type ListPage,
  type ListQuery,
  type ListRow,
  pageOfList,
  toListRow,
} from "./lists.ts";
import { type DateRange, type RangeInput, resolveRange } from "./range.ts";
import { shopTimeZone } from "./rollups.ts";
import { buyerAt, byValueAsc, byValueDesc, loadScope, memoInScope, type Scope } from "./scope.ts";
import {
  MIN_SCORED_BUYERS,
  SEGMENT_INFO,
  SEGMENTS,
  type Segment,
  scoresBuyers,
  TIER_BOTTOM_PCT,
  TIER_LABELS,
  TIER_TOP_PCT,
  TIERS,
  type Tier,
  type TierCutoffs,
  tierSize,
} from "./segments.ts";

export interface GroupFigure {
  key: string;
  label: string;
  count: number;
  spend: number;
  /** Share of customer spend in basis points (0–10000). */
  shareBp: number;
}

export interface Analytics {
  range: DateRange;
  totals: {
    customers: number;
    buyers: number;
    noPurchase: number;
    customerSpend: number;
    sales: number;
    bills: number;
    /** Sales to walk-ins and erased customers: sales − customerSpend. */
    otherSales: number;
    tax: number;
  };
  most: ListRow | null;
  least: ListRow | null;
  cut: TierCutoffs | null;
  /** Tiers and segments are shown only with at least `minBuyers` buyers in the period. */
  scoring: { scored: boolean; minBuyers: number };
  tierSizes: { top: number; bottom: number };
  tiers: GroupFigure[];
  segments: Array<GroupFigure & { rule: string; action: string }>;
  lapsed: { days: number; count: number };
  days: DayRow[];
  payment: { cash: number; upi: number; card: number };
  topByRevenue: ProductFigure[];
  /** Per selling unit: pieces, kg goods (grams), litre goods (ml); never added across units. */
  topByQty: Record<QtyUnit, ProductFigure[]>;
  charts: Charts;
  table: ListPage;
}

const share = (part: number, whole: number) =>
  whole > 0 ? Math.round((part * 10_000) / whole) : 0;

export const LAPSED_DAYS = 60;

/** The shop's period from the page's query (range, from, to); ValidationError on bad input. */
export async function rangeFor(
  db: Executor,
  input: RangeInput,
  now = Date.now(),
): Promise<DateRange> {
  return resolveRange(input, await shopTimeZone(db), now);
}

/** Loads the scope for a period: used by the page, the table fragment and the CSV export. */
export async function scopeFor(db: Executor, input: RangeInput, now = Date.now()): Promise<Scope> {
  return loadScope(db, await rangeFor(db, input, now));
}

/** Every figure of the analytics page for one period, plus the first page of `table`. */
export async function getAnalytics(
  db: Executor,
  input: RangeInput,
  table: ListQuery,
  now = Date.now(),
): Promise<Analytics> {
  const scope = await scopeFor(db, input, now);
  const { range, buyers, cut } = scope;
  const toDay = range.toDay;
  const [days, top, tablePage] = await Promise.all([
    memoInScope(scope, "days", () => salesByDay(db, range.fromDay, toDay)),
    memoInScope(scope, "top", () => topProducts(db, range.fromDay, toDay, 10)),
    pageOfList(db, scope, table),
  ]);
  const topByRevenue = top.revenue;
  const topByQty = top.qty;

  // Per-period sums are cached with the scope; only "not seen for 60 days" moves with the clock.
  const { customerSpend, mostC, leastC, tierAcc, segAcc } = await memoInScope(
    scope,
    "summary",
    async () => summarise(buyers),
  );
  const lapsed = countLapsed(scope, LAPSED_DAYS);
  const contacts = await contactsByIds(
    db,
    [mostC, leastC].flatMap((c) => (c ? [c.customerId] : [])),
  );
  const card = (c: typeof mostC) => {
    const contact = c && contacts.get(c.customerId);
    return c && contact ? toListRow(c, contact) : null;
  };

  const payment = { cash: 0, upi: 0, card: 0 };
  let sales = 0;
  let bills = 0;
  let tax = 0;
  for (const d of days) {
    sales += d.total;
    bills += d.bills;
    tax += d.tax;
    payment.cash += d.cash;
    payment.upi += d.upi;
    payment.card += d.card;
  }
  const tiers = TIERS.map((t) => {
    const a = tierAcc.get(t) as { count: number; spend: number };
    return { key: t, label: TIER_LABELS[t], ...a, shareBp: share(a.spend, customerSpend) };
  });
  const segments = SEGMENTS.map((s) => {
    const a = segAcc.get(s) as { count: number; spend: number };
    return { key: s, ...SEGMENT_INFO[s], ...a, shareBp: share(a.spend, customerSpend) };
  });
  const n = buyers.n;
  return {
    range,
    totals: {
      customers: scope.activeCustomers,
      buyers: n,
      noPurchase: Math.max(0, scope.activeCustomers - n),
      customerSpend,
      sales,
      bills,
      otherSales: sales - customerSpend,
      tax,
    },
    most: card(mostC),
    least: card(leastC),
    cut,
    scoring: { scored: scoresBuyers(n), minBuyers: MIN_SCORED_BUYERS },
    tierSizes: {
      top: n ? tierSize(n, TIER_TOP_PCT) : 0,
      bottom: n ? tierSize(n, TIER_BOTTOM_PCT) : 0,
    },
    tiers,
    segments,
    lapsed: { days: LAPSED_DAYS, count: lapsed },
    days,
    payment,
    topByRevenue,
    topByQty,
    charts: buildCharts({ range, days, tiers, payment, topByRevenue, topByQty }),
    table: tablePage,
  };
}

type Acc = { count: number; spend: number };

/** Spend, most/least valued, and per-tier / per-segment sums of a period's buyers (one pass). */
function summarise(b: Scope["buyers"]) {
  let customerSpend = 0;
  let most = 0;
  let least = 0;
  const desc = byValueDesc(b);
  const asc = byValueAsc(b);
  const tierSums = TIERS.map(() => ({ count: 0, spend: 0 }));
  const segSums = SEGMENTS.map(() => ({ count: 0, spend: 0 }));
  for (let i = 0; i < b.n; i++) {
    const spent = b.spent[i] as number;
    customerSpend += spent;
    if (desc(i, most) < 0) most = i;
    if (asc(i, least) < 0) least = i;
    const t = tierSums[b.tier[i] as number] as Acc;
    t.count++;
    t.spend += spent;
    const s = segSums[b.segment[i] as number] as Acc;
    s.count++;
    s.spend += spent;
  }
  return {
    customerSpend,
    mostC: b.n ? buyerAt(b, most) : undefined,
    // With one buyer there is no "least valued": that customer is the Most Valued.
    leastC: b.n > 1 ? buyerAt(b, least) : undefined,
    tierAcc: new Map<Tier, Acc>(TIERS.map((t, k) => [t, tierSums[k] as Acc])),
    segAcc: new Map<Segment, Acc>(SEGMENTS.map((s, k) => [s, segSums[k] as Acc])),
  };
}

/** A page of one customer list for the table fragment. */
export async function getCustomerList(
  db: Executor,
  input: RangeInput,
  table: ListQuery,
  now = Date.now(),
): Promise<{ range: DateRange; table: ListPage }> {
  const scope = await scopeFor(db, input, now);
  return { range: scope.range, table: await pageOfList(db, scope, table) };
}

/**
 * A customer's all-time tier (same rule as the analytics page), for the
 * badge on the customer page (`tier` local of pages/customer): "none" for a
 * customer with no purchase, undefined for an erased or unknown customer.
 * Three indexed queries; cheap enough for the customer page.
 */
export async function tierForCustomer(
  db: Executor,
  customerId: number,
): Promise<{ key: Tier | "none"; label: string } | undefined> {
  const row = await customerStatsRow(db, customerId);
  if (!row || Number(row.bill_count) <= 0) {
    const exists = await db
      .selectFrom("customers")
      .select("id")
      .where("id", "=", customerId)
      .where("erased_at", "is", null)
      .executeTakeFirst();
    return exists ? { key: "none", label: TIER_LABELS.none } : undefined;
  }
  const n = await countBuyers(db);
  const high = await spendAtRank(db, tierSize(n, TIER_TOP_PCT) - 1, "desc");
  const low = await spendAtRank(db, tierSize(n, TIER_BOTTOM_PCT) - 1, "asc");
  const spent = Number(row.total_spent);
  const tier: Tier =
    high !== undefined && spent >= high
      ? "most"
      : low !== undefined && spent <= low
        ? "least"
        : "medium";
  return { key: tier, label: TIER_LABELS[tier] };
}
