import { describe, expect, it } from "vitest";
import {
  addDays,
  dayStartUtc,
  financialYearStart,
  isIsoDay,
  localDayOfUtc,
} from "../../src/lib/days.ts";
import { campaignPhone, neutraliseFormula } from "../../src/services/analytics/export.ts";
import { resolveRange } from "../../src/services/analytics/range.ts";
import {
  quintileScores,
  SEGMENTS,
  segmentIndexOf,
  segmentOf,
  tierCutoffs,
  tierOf,
  valuesAtRanks,
} from "../../src/services/analytics/segments.ts";
import { rng } from "../helpers/rng.ts";

describe("tiers", () => {
  it("top and bottom 20 % of buyers by spend; ties at a cut-off share the tier", () => {
    const spends = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];
    const cut = tierCutoffs(spends);
    expect(cut).toEqual({ buyers: 10, high: 900, low: 200 });
    expect(spends.map((s) => tierOf(s, cut as never))).toEqual([
      "least",
      "least",
      "medium",
      "medium",
      "medium",
      "medium",
      "medium",
      "medium",
      "most",
      "most",
    ]);
    const tied = tierCutoffs([5, 5, 5, 5, 5]);
    expect(tierOf(5, tied as never)).toBe("most");
    expect(tierCutoffs([])).toBeNull();
    const one = tierCutoffs([42]);
    expect(tierOf(42, one as never)).toBe("most");
    const two = tierCutoffs([1, 2]);
    expect([tierOf(1, two as never), tierOf(2, two as never)]).toEqual(["least", "most"]);
  });
});

describe("RFM", () => {
  it("scores quintiles 1–5 with equal values equal", () => {
    expect(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(quintileScores([1, 1, 1, 1, 9])).toEqual([1, 1, 1, 1, 5]);
    expect(quintileScores([7])).toEqual([1]);
  });
  it("maps every R, F, M combination to exactly one documented segment", () => {
    const seen = new Set<string>();
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++)
        for (let m = 1; m <= 5; m++)
          for (const bills of [1, 2]) seen.add(segmentOf(r, f, m, bills));
    expect([...seen].sort()).toEqual(
      [
        "at_risk",
        "cant_lose",
        "champions",
        "hibernating",
        "lost",
        "loyal",
        "new",
        "potential",
      ].sort(),
    );
    expect(segmentOf(5, 5, 5, 30)).toBe("champions");
    expect(segmentOf(5, 1, 1, 1)).toBe("new");
    expect(segmentOf(5, 2, 1, 2)).toBe("potential");
    expect(segmentOf(1, 5, 5, 30)).toBe("cant_lose");
    expect(segmentOf(2, 3, 4, 5)).toBe("at_risk");
    expect(segmentOf(2, 1, 1, 1)).toBe("hibernating");
    expect(segmentOf(1, 1, 2, 1)).toBe("lost");
  });
});

describe("property: the fast rules equal their definitions", () => {
  const rand = rng(8_2026_11);
  // Values with many ties (a few distinct spends, bill counts, days), as real shops have.
  const sample = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rand() * (1 + Math.floor(rand() * 40))) * 50);

  it("valuesAtRanks (quickselect) gives what a full sort gives, for any ranks", () => {
    for (let round = 0; round < 500; round++) {
      const values = sample(1 + Math.floor(rand() * 300));
      const sorted = [...values].sort((a, b) => a - b);
      const ranks = Array.from({ length: 1 + Math.floor(rand() * 7) }, () =>
        Math.floor(rand() * values.length),
      );
      const before = [...values];
      expect(valuesAtRanks(values, ranks)).toEqual(ranks.map((r) => sorted[r]));
      // The input is left as it was (the page keeps using it); the selection works on a copy.
      expect(values).toEqual(before);
      const typed = Float64Array.from(values);
      valuesAtRanks(typed, ranks);
      expect(Array.from(typed)).toEqual(before);
    }
  });

  it("quintile scores: floor(5 × strictly smaller / n) + 1, counted one by one", () => {
    for (let round = 0; round < 300; round++) {
      const values = sample(1 + Math.floor(rand() * 200));
      const n = values.length;
      const expected = values.map(
        (v) => Math.floor((5 * values.filter((w) => w < v).length) / n) + 1,
      );
      expect(quintileScores(values)).toEqual(expected);
    }
  });

  it("tier cut-offs: the spends at the 20 % marks of a full sort", () => {
    for (let round = 0; round < 300; round++) {
      const values = sample(1 + Math.floor(rand() * 200));
      const n = values.length;
      const asc = [...values].sort((a, b) => a - b);
      const k = Math.max(1, Math.ceil(n / 5));
      expect(tierCutoffs(values)).toEqual({ buyers: n, high: asc[n - k], low: asc[k - 1] });
    }
  });

  it("the segment table agrees with segmentOf for every R, F, M and bill count", () => {
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++)
        for (let m = 1; m <= 5; m++)
          for (const bills of [1, 2, 9])
            expect(SEGMENTS[segmentIndexOf(r, f, m, bills)]).toBe(segmentOf(r, f, m, bills));
  });
});

describe("shop-time-zone calendar", () => {
  it("days start at local midnight, not UTC midnight", () => {
    expect(dayStartUtc("2026-11-25", "Asia/Kolkata")).toBe("2026-11-24 18:30:00");
    expect(localDayOfUtc("2026-11-24 18:29:59", "Asia/Kolkata")).toBe("2026-11-24");
    expect(localDayOfUtc("2026-11-24 18:30:00", "Asia/Kolkata")).toBe("2026-11-25");
    expect(dayStartUtc("2026-03-08", "America/New_York")).toBe("2026-03-08 05:00:00");
    expect(dayStartUtc("2026-03-09", "America/New_York")).toBe("2026-03-09 04:00:00");
    expect(dayStartUtc("2026-06-01", "Asia/Kathmandu")).toBe("2026-05-31 18:15:00");
  });
  it("financial year and date checks", () => {
    expect(financialYearStart("2026-03-31")).toBe("2025-04-01");
    expect(financialYearStart("2026-04-01")).toBe("2026-04-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(isIsoDay("2026-02-30")).toBe(false);
    expect(isIsoDay("2026-13-01")).toBe(false);
    expect(isIsoDay("2026-1-01")).toBe(false);
  });
  it("presets end today in the shop's zone", () => {
    // 2026-11-24 20:00 UTC is already 25 Nov in India.
    const now = Date.parse("2026-11-24T20:00:00Z");
    const r = resolveRange({ range: "today" }, "Asia/Kolkata", now);
    expect([r.fromDay, r.toDay, r.startUtc, r.endUtc]).toEqual([
      "2026-11-25",
      "2026-11-25",
      "2026-11-24 18:30:00",
      "2026-11-25 18:30:00",
    ]);
    expect(resolveRange({ range: "7d" }, "Asia/Kolkata", now).fromDay).toBe("2026-11-19");
    expect(resolveRange({ range: "fy" }, "Asia/Kolkata", now).fromDay).toBe("2026-04-01");
    expect(() =>
      resolveRange({ range: "custom", from: "2026-05-01", to: "2026-04-01" }, "Asia/Kolkata", now),
    ).toThrow(/before the start/);
    expect(() => resolveRange({ range: "year" }, "Asia/Kolkata", now)).toThrow();
  });
});

describe("CSV safety", () => {
  it("neutralises formulas and gives campaign phones as digits", () => {
    expect(neutraliseFormula("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(neutraliseFormula("+91")).toBe("'+91");
    expect(neutraliseFormula("-1")).toBe("'-1");
    expect(neutraliseFormula("@x")).toBe("'@x");
    expect(neutraliseFormula("Rahul Sharma")).toBe("Rahul Sharma");
    expect(campaignPhone("+919876543210")).toBe("919876543210");
    expect(campaignPhone(null)).toBe("");
  });
});
