import { describe, expect, it } from "vitest";
import {
  allocate,
  computeTotals,
  discountAmount,
  gstRow,
  lineGross,
  rateTax,
  roundOffAmount,
  type TotalsInput,
  type TotalsLineInput,
} from "../../src/services/till/totals.ts";
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
    const row = (taxable: number, half: number) => ({
      taxable,
      cgst: half,
      sgst: half,
      tax: 2 * half,
    });
    expect(rateTax(11_800, 1800, true)).toEqual({ rate: 1800, ...row(10_000, 900) });
    expect(rateTax(10_000, 500, true)).toEqual({ rate: 500, ...row(9_524, 238) });
    expect(rateTax(10_000, 0, true)).toEqual({ rate: 0, ...row(10_000, 0) });
  });

  it("adds tax on top when prices exclude it", () => {
    expect(rateTax(10_000, 1800, false)).toEqual({
      rate: 1800,
      taxable: 10_000,
      cgst: 900,
      sgst: 900,
      tax: 1_800,
    });
  });

  it("halves each rate's tax, the odd paisa to the taxable value, and summarises per rate", () => {
    const t = computeTotals(
      bill([line({ unitPrice: 10_000, taxRate: 500 }), line({ unitPrice: 11_800 })]),
    );
    expect(t.lines[0]).toMatchObject({ taxable: 9_524, tax: 476 });
    // ₹100 at 12 %: half = 10000 × 600 / 11200 = 535.71 → 536, tax 1072, taxable 8928
    // (a per-line split would have printed 535 + 536 on 8929).
    const odd = computeTotals(bill([line({ unitPrice: 10_000, taxRate: 1200 })]));
    expect(odd.lines[0]).toMatchObject({ taxable: 8_928, tax: 1_072 });
    expect(odd.byRate).toEqual([{ rate: 1200, taxable: 8_928, cgst: 536, sgst: 536, tax: 1_072 }]);
    expect(t.byRate.map((r) => r.rate)).toEqual([500, 1800]);
  });

  it("keeps a stored bill's halves equal: an odd paisa of tax moves to the taxable value", () => {
    expect(gstRow(1200, 8_929, 1_071)).toEqual({
      rate: 1200,
      taxable: 8_930,
      cgst: 535,
      sgst: 535,
      tax: 1_070,
    });
    expect(gstRow(500, 9_524, 476)).toEqual({
      rate: 500,
      taxable: 9_524,
      cgst: 238,
      sgst: 238,
      tax: 476,
    });
  });
});

describe("CGST and SGST: one half per rate, used twice", () => {
  it("gives equal halves per rate and for the bill, the odd paisa staying in the taxable value", () => {
    // Three ₹100 lines at 12 %, prices inclusive: ₹300 at 12 % is 267.857… + 32.142…;
    // half = 32.142… / 2 = 16.071… → 16.07, twice = 32.14, taxable = 300 − 32.14 = 267.86.
    const t = computeTotals(
      bill([line({ taxRate: 1200 }), line({ taxRate: 1200 }), line({ taxRate: 1200 })]),
    );
    expect(t.byRate).toEqual([
      { rate: 1200, taxable: 26_786, cgst: 1_607, sgst: 1_607, tax: 3_214 },
    ]);
    expect([t.cgstTotal, t.sgstTotal, t.taxTotal, t.taxableTotal]).toEqual([
      1_607, 1_607, 3_214, 26_786,
    ]);
    // The lines carry the rate's tax between them, each line's taxable + tax = its total.
    expect(t.lines.reduce((a, l) => a + l.tax, 0)).toBe(3_214);
    for (const l of t.lines) expect(l.taxable + l.tax).toBe(l.total);
  });

  it("halves the tax on top of the taxable value when prices exclude GST", () => {
    // ₹100.10 + ₹200.10 at 5 %: taxable 300.20, half = 2.5 % = 7.505 → 7.51, tax 15.02
    // (per line halves would give 2.50 + 5.00 = 7.50 CGST and 2.51 + 5.01 = 7.52 SGST).
    const t = computeTotals(
      bill([line({ unitPrice: 10_010, taxRate: 500 }), line({ unitPrice: 20_010, taxRate: 500 })], {
        pricesIncludeTax: false,
        roundOff: false,
      }),
    );
    expect(t.byRate).toEqual([{ rate: 500, taxable: 30_020, cgst: 751, sgst: 751, tax: 1_502 }]);
    expect(t.total).toBe(31_522);
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
        ["equal halves", t.byRate.every((r) => r.cgst === r.sgst && r.tax === 2 * r.cgst)],
        ["bill halves", t.cgstTotal === t.sgstTotal],
        [
          "line tax per rate",
          t.byRate.every(
            (r) =>
              t.lines.reduce(
                (a, l, i) => a + (input.lines[i]?.taxRate === r.rate ? l.tax : 0),
                0,
              ) === r.tax,
          ),
        ],
        ["round-off range", Math.abs(t.roundOff) <= 50],
        ["whole rupees", !input.roundOff || t.total % 100 === 0],
        ...t.lines.flatMap(
          (l, i): Array<[string, boolean]> => [
            [`line ${i} non-negative`, l.net >= 0 && l.tax >= 0 && l.taxable >= 0],
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
    const { upiUri } = await import("../../src/lib/upi.ts");
    expect(upiUri("sharma.kirana@okaxis", "Sharma Kirana & Sons", 12_600, "Bill 5")).toBe(
      "upi://pay?pa=sharma.kirana@okaxis&pn=Sharma%20Kirana%20%26%20Sons&am=126.00&cu=INR&tn=Bill%205",
    );
  });
});
