import { describe, expect, it } from "vitest";
import {
  allocate,
  computeTotals,
  discountAmount,
  lineGross,
  roundOffAmount,
  splitTax,
  type TotalsInput,
  type TotalsLineInput,
} from "../../src/services/totals.service.ts";
import { rng } from "../helpers/rng.ts";

const line = (over: Partial<TotalsLineInput> = {}): TotalsLineInput => ({
  unitPrice: 10_000,
  qty: 1,
  unit: "pc",
  taxRate: 1800,
  discountKind: "amount",
  discountValue: 0,
  ...over,
});
const bill = (lines: TotalsLineInput[], over: Partial<TotalsInput> = {}): TotalsInput => ({
  lines,
  billDiscountKind: "amount",
  billDiscountValue: 0,
  pricesIncludeTax: true,
  roundOff: true,
  ...over,
});

describe("line amounts", () => {
  it("multiplies price by quantity; per-kg prices take grams", () => {
    expect(lineGross(2800, 3, "pc")).toBe(8400);
    expect(lineGross(6000, 750, "kg")).toBe(4500); // ₹60/kg × 750 g
    expect(lineGross(4999, 333, "kg")).toBe(1665); // 1664.667 → 1665
    expect(lineGross(1, 500, "l")).toBe(1); // 0.5 paisa rounds half away from zero
    expect(lineGross(1, 499, "l")).toBe(0);
  });

  it("caps discounts at the amount and reads percent in basis points", () => {
    expect(discountAmount(10_000, "amount", 2_500)).toBe(2_500);
    expect(discountAmount(10_000, "amount", 20_000)).toBe(10_000);
    expect(discountAmount(10_000, "percent", 1_000)).toBe(1_000);
    expect(discountAmount(999, "percent", 5_000)).toBe(500); // 499.5 → 500
    expect(discountAmount(10_000, "percent", 20_000)).toBe(10_000);
  });
});

describe("GST", () => {
  it("derives taxable value out of an inclusive price", () => {
    expect(splitTax(11_800, 1800, true)).toEqual({ taxable: 10_000, tax: 1_800, total: 11_800 });
    expect(splitTax(10_000, 500, true)).toEqual({ taxable: 9_524, tax: 476, total: 10_000 });
    expect(splitTax(10_000, 0, true)).toEqual({ taxable: 10_000, tax: 0, total: 10_000 });
  });

  it("adds tax on top when prices exclude it", () => {
    expect(splitTax(10_000, 1800, false)).toEqual({ taxable: 10_000, tax: 1_800, total: 11_800 });
  });

  it("splits CGST/SGST in halves, the odd paisa to SGST, and summarises per rate", () => {
    const t = computeTotals(
      bill([line({ unitPrice: 10_000, taxRate: 500 }), line({ unitPrice: 11_800 })]),
    );
    expect(t.lines[0]).toMatchObject({ tax: 476, cgst: 238, sgst: 238 });
    const odd = computeTotals(bill([line({ unitPrice: 10_001, taxRate: 1800 })]));
    // taxable = round(10001 × 10000 / 11800) = 8475, tax = 1526 → 763 + 763
    expect(odd.lines[0]).toMatchObject({ taxable: 8475, tax: 1526, cgst: 763, sgst: 763 });
    const odd2 = computeTotals(bill([line({ unitPrice: 10_000, taxRate: 1200 })]));
    // taxable = round(10000 × 10000 / 11200) = 8929, tax = 1071 → 535 + 536
    expect(odd2.lines[0]).toMatchObject({ tax: 1071, cgst: 535, sgst: 536 });
    expect(t.byRate.map((r) => r.rate)).toEqual([500, 1800]);
  });
});

describe("bill discount and round-off", () => {
  it("allocates by largest remainder, shares summing exactly", () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [300, 100])).toEqual([8, 2]);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(7, [0, 0])).toEqual([0, 0]);
  });

  it("rounds the total to the nearest rupee as its own line (50 paise up)", () => {
    expect(roundOffAmount(12_349)).toBe(-49);
    expect(roundOffAmount(12_350)).toBe(50);
    expect(roundOffAmount(12_300)).toBe(0);
    const t = computeTotals(bill([line({ unitPrice: 9_999 })]));
    expect([t.beforeRounding, t.roundOff, t.total]).toEqual([9_999, 1, 10_000]);
    const off = computeTotals(bill([line({ unitPrice: 9_999 })], { roundOff: false }));
    expect([off.roundOff, off.total]).toEqual([0, 9_999]);
  });

  it("applies a 10 % bill discount across lines before tax", () => {
    const t = computeTotals(
      bill([line({ unitPrice: 5_000, qty: 2 }), line({ unitPrice: 3_000, taxRate: 0 })], {
        billDiscountKind: "percent",
        billDiscountValue: 1_000,
      }),
    );
    expect(t.billDiscount).toBe(1_300);
    expect(t.lines.map((l) => l.billDiscountShare)).toEqual([1_000, 300]);
    expect(t.total).toBe(11_700);
  });
});

describe("property: the pieces always add up to the total", () => {
  it("holds for 5,000 generated bills", () => {
    const rand = rng(20261125);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
    let checked = 0;
    for (let n = 0; n < 5_000; n++) {
      const lines: TotalsLineInput[] = Array.from({ length: 1 + Math.floor(rand() * 25) }, () => {
        const unit = pick(["pc", "pc", "pc", "kg", "l"] as const);
        const kind = pick(["amount", "percent"] as const);
        return {
          unit,
          unitPrice: 1 + Math.floor(rand() * (rand() < 0.1 ? 10_000_000 : 50_000)),
          qty: unit === "pc" ? 1 + Math.floor(rand() * 40) : 1 + Math.floor(rand() * 25_000),
          taxRate: pick([0, 0, 500, 1200, 1800, 2800, 4000, 300, 25]),
          discountKind: kind,
          discountValue:
            rand() < 0.7
              ? 0
              : kind === "percent"
                ? Math.floor(rand() * 12_000)
                : Math.floor(rand() * 50_000),
        };
      });
      const input = bill(lines, {
        billDiscountKind: pick(["amount", "percent"] as const),
        billDiscountValue: rand() < 0.5 ? 0 : Math.floor(rand() * 20_000),
        pricesIncludeTax: rand() < 0.8,
        roundOff: rand() < 0.7,
      });
      const t = computeTotals(input);
      const sum = (f: (l: (typeof t.lines)[number]) => number) =>
        t.lines.reduce((a, l) => a + f(l), 0);
      const checks: Array<[string, boolean]> = [
        ["discounts", t.subtotal - t.lineDiscountTotal - t.billDiscount === sum((l) => l.net)],
        ["shares", sum((l) => l.billDiscountShare) === t.billDiscount],
        ["total", t.taxableTotal + t.taxTotal + t.roundOff === t.total],
        ["cgst+sgst", t.cgstTotal + t.sgstTotal === t.taxTotal],
        ["per rate", t.byRate.reduce((a, r) => a + r.taxable + r.tax, 0) === t.beforeRounding],
        ["per rate tax", t.byRate.reduce((a, r) => a + r.cgst + r.sgst, 0) === t.taxTotal],
        ["round-off range", Math.abs(t.roundOff) <= 50],
        ["whole rupees", !input.roundOff || t.total % 100 === 0],
        ...t.lines.flatMap(
          (l, i): Array<[string, boolean]> => [
            [`line ${i} non-negative`, l.net >= 0 && l.tax >= 0 && l.taxable >= 0],
            [`line ${i} split`, Math.abs(l.cgst - l.sgst) <= 1 && l.cgst + l.sgst === l.tax],
            [`line ${i} total`, l.total === l.taxable + l.tax],
            [`line ${i} mode`, l.total === (input.pricesIncludeTax ? l.net : l.net + l.tax)],
          ],
        ),
      ];
      const failed = checks.filter(([, ok]) => !ok).map(([name]) => name);
      if (failed.length) expect({ bill: n, failed, input }).toBeNull();
      checked++;
    }
    expect(checked).toBe(5_000);
  });
});

describe("UPI payment link", () => {
  it("carries the exact amount, payee and bill, encoded", async () => {
    const { upiUri } = await import("../../src/services/till-view.service.ts");
    expect(upiUri("sharma.kirana@okaxis", "Sharma Kirana & Sons", 12_600, "Bill 5")).toBe(
      "upi://pay?pa=sharma.kirana@okaxis&pn=Sharma%20Kirana%20%26%20Sons&am=126.00&cu=INR&tn=Bill%205",
    );
  });
});
