import { describe, expect, it } from "vitest";
import {
  formatAmount,
  formatRupees,
  mulDivRound,
  paiseToDecimal,
  parseRupees,
} from "../../src/lib/money.ts";

describe("money", () => {
  it("formats with Indian digit grouping and the rupee sign", () => {
    expect(formatRupees(12_345_600)).toBe("₹1,23,456.00");
    expect(formatRupees(5)).toBe("₹0.05");
  });

  it("shows nothing owed as ₹0.00, never -₹0.00 (a negated zero sum is -0)", () => {
    // The analytics page's "Store credit held" is minus the sum of negative balances.
    expect(formatRupees(-0)).toBe("₹0.00");
    expect(formatAmount(-0)).toBe("0.00");
    expect(formatRupees(-5)).toBe("-₹0.05");
    expect(formatAmount(-12_345_600)).toBe("-1,23,456.00");
  });

  it("parses rupees as people type them into paise", () => {
    expect(parseRupees("1,250.00")).toBe(125_000);
    expect(parseRupees("₹ 99.5")).toBe(9_950);
    expect(parseRupees("12")).toBe(1_200);
    expect(parseRupees("1,23,456.78")).toBe(12_345_678);
    for (const bad of ["", "-5", "abc", "1.234", "1e5", "NaN", "99999999999"]) {
      expect(parseRupees(bad)).toBeNull();
    }
  });

  it("round-trips paise through decimal text", () => {
    for (const p of [0, 1, 99, 100, 12_345, 10_000_000_00])
      expect(parseRupees(paiseToDecimal(p))).toBe(p);
  });

  it("rounds a*b/c half away from zero", () => {
    expect(mulDivRound(3, 1, 2)).toBe(2);
    expect(mulDivRound(-3, 1, 2)).toBe(-2);
    expect(mulDivRound(5, 250, 1000)).toBe(1);
    expect(mulDivRound(7, 2, 4)).toBe(4);
    expect(mulDivRound(2 ** 40, 2 ** 20, 2 ** 20)).toBe(2 ** 40);
  });
});
