/**
 * Pure rules for tiers and RFM segments (no database): the page, the CSV
 * export, tierForCustomer and the tests all use these.
 */

/** Tier cut-offs, by share of buyers ranked by spend. */
export const TIER_TOP_PCT = 20;
export const TIER_BOTTOM_PCT = 20;

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
export function tierCutoffs(spends: number[]): TierCutoffs | null {
  const n = spends.length;
  if (n === 0) return null;
  const asc = [...spends].sort((a, b) => a - b);
  const kTop = tierSize(n, TIER_TOP_PCT);
  const kBottom = tierSize(n, TIER_BOTTOM_PCT);
  return { buyers: n, high: asc[n - kTop] as number, low: asc[kBottom - 1] as number };
}

export function tierOf(spent: number, cut: TierCutoffs): Tier {
  if (spent >= cut.high) return "most";
  if (spent <= cut.low) return "least";
  return "medium";
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
export function quintileScores(values: number[]): number[] {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  return values.map((v) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return Math.floor((5 * lo) / n) + 1;
  });
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
