import quickselect from "quickselect";

/**
 * Pure rules for tiers and RFM segments (no database): the page, the CSV
 * export, tierForCustomer and the tests all use these.
 */

/** Tier cut-offs, by share of buyers ranked by spend. */
export const TIER_TOP_PCT = 20;
export const TIER_BOTTOM_PCT = 20;

/**
 * Fewest buyers a period needs before tiers and RFM quintiles mean anything
 * (one per fifth). With fewer, the page says so and labels nobody: with one
 * buyer the same person would be Most and Least Valued.
 */
export const MIN_SCORED_BUYERS = 5;

/** Whether a period with `buyers` buyers gets tiers and RFM segments. */
export function scoresBuyers(buyers: number): boolean {
  return buyers >= MIN_SCORED_BUYERS;
}

/**
 * Recency in whole days since the last visit, counted back from the period's
 * reference instant (0 = within the last 24 hours, i.e. bought today).
 */
export function recencyDays(lastEpochSeconds: number, asOfMs: number): number {
  return Math.max(0, Math.floor((asOfMs / 1000 - lastEpochSeconds) / 86_400));
}

/**
 * R score from recency days and the period's quintile bounds of −days (fewer
 * days is better): a customer who bought within the last day always scores 5,
 * however many others did too, so nobody who bought today is At risk or Lost.
 */
export function recencyScore(days: number, bounds: QuintileBounds): number {
  return days === 0 ? 5 : quintileOf(-days, bounds);
}

export type Tier = "most" | "medium" | "least";
export const TIERS: Tier[] = ["most", "medium", "least"];
export const TIER_LABELS: Record<Tier | "none", string> = {
  most: "Most Valued",
  medium: "Medium",
  least: "Least Valued",
  none: "No purchase",
};

export interface TierCutoffs {
  buyers: number;
  /** Spend at or above which a buyer is Most Valued (paise). */
  high: number;
  /** Spend at or below which a buyer is Least Valued, unless Most Valued (paise). */
  low: number;
}

/** How many buyers a percentage of `n` covers (at least one). */
export function tierSize(n: number, pct: number): number {
  return Math.max(1, Math.ceil((n * pct) / 100));
}

/**
 * Cut-offs from the buyers' spends: `high` is the spend of the k-th biggest
 * spender, `low` that of the k-th smallest, k = ceil(20 % of buyers). Ties at a
 * cut-off share the tier (the higher one when both apply).
 */
export function tierCutoffs(spends: ArrayLike<number>): TierCutoffs | null {
  const n = spends.length;
  if (n === 0) return null;
  const [high, low] = valuesAtRanks(spends, tierRanks(n)) as [number, number];
  return { buyers: n, high, low };
}

/** Ascending ranks (0-based) of the high and low cut-offs among n buyers. */
function tierRanks(n: number): [number, number] {
  return [n - tierSize(n, TIER_TOP_PCT), tierSize(n, TIER_BOTTOM_PCT) - 1];
}

/**
 * The values at the given 0-based ranks of `values` sorted ascending, found
 * by quickselect on a copy: linear time where a sort of 100,000 spends is
 * five times slower.
 */
export function valuesAtRanks(values: ArrayLike<number>, ranks: number[]): number[] {
  // A typed array copies natively; Float64Array.from walks an iterator (5 % of the page).
  const a = values instanceof Float64Array ? values.slice() : Float64Array.from(values);
  const out = new Array<number>(ranks.length);
  const order = ranks.map((rank, k) => ({ rank, k })).sort((x, y) => x.rank - y.rank);
  let left = 0;
  for (const { rank, k } of order) {
    // After selecting rank p, everything right of p is ≥ a[p]: the next search starts at p + 1.
    if (rank >= left) {
      quickselect(a as unknown as number[], rank, left, a.length - 1);
      left = rank + 1;
    }
    out[k] = a[rank] as number;
  }
  return out;
}

export function tierOf(spent: number, cut: TierCutoffs): Tier {
  return TIERS[tierIndexOf(spent, cut)] as Tier;
}

/** tierOf as an index into TIERS (most, medium, least). */
export function tierIndexOf(spent: number, cut: TierCutoffs): number {
  if (spent >= cut.high) return 0;
  if (spent <= cut.low) return 2;
  return 1;
}

export type Segment =
  | "champions"
  | "loyal"
  | "potential"
  | "new"
  | "at_risk"
  | "cant_lose"
  | "hibernating"
  | "lost";

export const SEGMENTS: Segment[] = [
  "champions",
  "loyal",
  "potential",
  "new",
  "at_risk",
  "cant_lose",
  "hibernating",
  "lost",
];

export const SEGMENT_INFO: Record<Segment, { label: string; rule: string; action: string }> = {
  champions: {
    label: "Champions",
    rule: "R 4–5 and FM 4–5",
    action: "Reward them; ask for referrals",
  },
  loyal: {
    label: "Loyal",
    rule: "R 3–5 and FM 3–5 (not Champions)",
    action: "Offer a loyalty card or bundle",
  },
  potential: {
    label: "Potential",
    rule: "R 3–5, FM 1–2 (not New)",
    action: "Nudge a second and third visit",
  },
  new: {
    label: "New",
    rule: "R 4–5 and exactly one bill, FM 1–2",
    action: "Welcome offer on the next visit",
  },
  at_risk: { label: "At risk", rule: "R 1–2 and FM 3–4", action: "Win-back offer now" },
  cant_lose: { label: "Can't lose", rule: "R 1–2 and FM 5", action: "Call them; a personal offer" },
  hibernating: { label: "Hibernating", rule: "R 2 and FM 1–2", action: "Low-cost reminder" },
  lost: { label: "Lost", rule: "R 1 and FM 1–2", action: "Only a broad campaign" },
};

/**
 * Quintile scores 1–5 (5 = best) for values where higher is better: a value's
 * score is floor(5 × (number of strictly smaller values) / n) + 1, so equal
 * values always get the same score.
 */
export function quintileScores(values: ArrayLike<number>): number[] {
  const bounds = quintileBounds(values);
  return Array.from(values, (v) => quintileOf(v, bounds));
}

/**
 * The four values that separate the quintiles: a value scores at least s + 2
 * exactly when it is greater than bounds[s], the value at ascending rank
 * ceil((s + 1) × n / 5) − 1. With j = ceil((s + 1) × n / 5), "at least j
 * values are smaller than v" is "the j-th smallest value is smaller than v",
 * and floor(5 × smaller / n) ≥ s + 1 is "smaller ≥ j": so quintileOf(v,
 * bounds) is the score defined above, found with four comparisons.
 */
export function quintileBounds(values: ArrayLike<number>): QuintileBounds {
  if (values.length === 0) return [0, 0, 0, 0];
  return valuesAtRanks(values, quintileRanks(values.length)) as QuintileBounds;
}

/** Ascending ranks (0-based) of the four quintile bounds among n values. */
function quintileRanks(n: number): number[] {
  return [1, 2, 3, 4].map((s) => Math.ceil((s * n) / 5) - 1);
}

export type QuintileBounds = [number, number, number, number];

/** The quintile score (1–5) of `v` given its population's quintileBounds. */
export function quintileOf(v: number, b: QuintileBounds): number {
  return 1 + +(v > b[0]) + +(v > b[1]) + +(v > b[2]) + +(v > b[3]);
}

/** segmentOf as an index into SEGMENTS, from a table of every combination (the page's hot loop). */
const SEGMENT_TABLE = (() => {
  const table = new Uint8Array(6 * 6 * 6 * 2);
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++)
      for (let m = 1; m <= 5; m++)
        for (const one of [0, 1])
          table[((r * 6 + f) * 6 + m) * 2 + one] = SEGMENTS.indexOf(
            segmentOf(r, f, m, one ? 1 : 2),
          );
  return table;
})();

export function segmentIndexOf(r: number, f: number, m: number, bills: number): number {
  return SEGMENT_TABLE[((r * 6 + f) * 6 + m) * 2 + (bills === 1 ? 1 : 0)] as number;
}

/** The segment of R, F, M scores; FM = round((F + M) / 2), halves up. */
export function segmentOf(r: number, f: number, m: number, bills: number): Segment {
  const fm = Math.round((f + m) / 2);
  if (r >= 4 && fm >= 4) return "champions";
  if (r >= 3 && fm >= 3) return "loyal";
  if (r >= 4 && bills === 1) return "new";
  if (r >= 3) return "potential";
  if (fm === 5) return "cant_lose";
  if (fm >= 3) return "at_risk";
  if (r === 2) return "hibernating";
  return "lost";
}
