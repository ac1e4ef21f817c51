import { describe, expect, it } from "vitest";
import {
  defaultRefundSplit,
  REFUND_MODES,
  type RefundSplit,
  refundOf,
  returnPart,
  type SoldLine,
  splitTotal,
  type Tender,
} from "../../src/services/till/return-totals.ts";
import { computeTotals, type TotalsLineInput } from "../../src/services/till/totals.ts";
import { rng } from "../helpers/rng.ts";

/** A bill computed by the real totals, its lines as the completion stores them. */
function soldBill(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)] as T;
  const inclusive = r() < 0.7;
  const roundOff = r() < 0.7;
  const lines: TotalsLineInput[] = Array.from({ length: 1 + Math.floor(r() * 6) }, () => {
    const unit = pick(["pc", "pc", "kg", "l"] as const);
    const pct = r() < 0.4;
    return {
      unitPrice: 1 + Math.floor(r() * 99_999),
      qty: unit === "pc" ? 1 + Math.floor(r() * 12) : 1 + Math.floor(r() * 5000),
      unit,
      taxRate: pick([0, 500, 1200, 1800, 2800, 4000]),
      discountKind: pct ? "percent" : "amount",
      discountValue: r() < 0.5 ? 0 : pct ? Math.floor(r() * 5000) : Math.floor(r() * 3000),
    };
  });
  const billPct = r() < 0.5;
  const t = computeTotals({
    lines,
    billDiscountKind: billPct ? "percent" : "amount",
    billDiscountValue: r() < 0.5 ? 0 : billPct ? Math.floor(r() * 3000) : Math.floor(r() * 5000),
    pricesIncludeTax: inclusive,
    roundOff,
  });
  const sold = lines.map((l, i) => ({
    unitPrice: l.unitPrice,
    qty: l.qty,
    unit: l.unit,
    taxable: t.lines[i]?.taxable ?? 0,
    tax: t.lines[i]?.tax ?? 0,
    total: t.lines[i]?.total ?? 0,
    returnedQty: 0,
  }));
  return { r, t, sold, inclusive, roundOff };
}

describe("refund arithmetic (property cases over random bills and return sequences)", () => {
  it("no return is negative in any field; returns never pass the sale; a full return is exact", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const { r, t, sold, inclusive, roundOff } = soldBill(seed);
      const bill = { lineTotal: t.beforeRounding, roundOff: t.roundOff, total: t.total };
      let returnedLineTotal = 0;
      let refunded = 0;
      const back = sold.map(() => ({ taxable: 0, tax: 0, total: 0 }));
      // Return everything in random pieces, lines in random order.
      while (sold.some((l) => l.returnedQty < l.qty)) {
        const open = sold.flatMap((l, i) => (l.returnedQty < l.qty ? [i] : []));
        const picked = open.filter(() => r() < 0.6);
        const chosen = picked.length ? picked : [open[0] as number];
        let lineSum = 0;
        for (const i of chosen) {
          const l = sold[i] as SoldLine & { total: number };
          const left = l.qty - l.returnedQty;
          const q = r() < 0.3 ? left : 1 + Math.floor(r() * left);
          const part = returnPart(l, q, inclusive);
          for (const v of [part.gross, part.discount, part.taxable, part.tax, part.total])
            expect(v, `seed ${seed}`).toBeGreaterThanOrEqual(0);
          expect(part.taxable + part.tax).toBe(part.total);
          const b = back[i] as { taxable: number; tax: number; total: number };
          b.taxable += part.taxable;
          b.tax += part.tax;
          b.total += part.total;
          expect(b.taxable).toBeLessThanOrEqual(l.taxable);
          expect(b.tax).toBeLessThanOrEqual(l.tax);
          expect(b.total).toBeLessThanOrEqual(l.total);
          l.returnedQty += q;
          lineSum += part.total;
        }
        const { refund, roundOff: ro } = refundOf(
          { ...bill, returnedLineTotal },
          lineSum,
          roundOff,
        );
        expect(refund).toBeGreaterThanOrEqual(0);
        expect(refund).toBe(lineSum + ro);
        returnedLineTotal += lineSum;
        refunded += refund;
        expect(refunded, `seed ${seed}`).toBeLessThanOrEqual(t.total);
      }
      sold.forEach((l, i) => {
        expect(back[i]).toEqual({ taxable: l.taxable, tax: l.tax, total: l.total });
      });
      expect(refunded, `seed ${seed}`).toBe(t.total);
    }
  });

  it("one item of five at ₹100 incl. 18 %, bill discount ₹50 and round-off: the line's share as sold", () => {
    const t = computeTotals({
      lines: [
        {
          unitPrice: 10_000,
          qty: 5,
          unit: "pc",
          taxRate: 1800,
          discountKind: "amount",
          discountValue: 0,
        },
        {
          unitPrice: 4_999,
          qty: 1,
          unit: "pc",
          taxRate: 500,
          discountKind: "amount",
          discountValue: 0,
        },
      ],
      billDiscountKind: "amount",
      billDiscountValue: 5_000,
      pricesIncludeTax: true,
      roundOff: true,
    });
    const first = t.lines[0];
    if (!first) throw new Error("no line");
    const line = {
      unitPrice: 10_000,
      qty: 5,
      unit: "pc" as const,
      taxable: first.taxable,
      tax: first.tax,
      returnedQty: 0,
    };
    const part = returnPart(line, 1, true);
    expect(part.total).toBe(Math.round(first.total / 5)); // ₹100 less a fifth of its bill discount share
    expect(part.gross).toBe(10_000);
    expect(part.discount).toBe(10_000 - part.total);
    const { refund } = refundOf(
      { lineTotal: t.beforeRounding, roundOff: t.roundOff, total: t.total, returnedLineTotal: 0 },
      part.total,
      true,
    );
    expect(refund % 100).toBe(0); // the bill was rounded to the rupee, so is its refund
  });

  it("refuses a quantity beyond what is left", () => {
    const line = {
      unitPrice: 100,
      qty: 2,
      unit: "pc" as const,
      taxable: 170,
      tax: 30,
      returnedQty: 1,
    };
    expect(() => returnPart(line, 2, true)).toThrow(RangeError);
    expect(() => returnPart(line, 0, true)).toThrow(RangeError);
  });
});

describe("proportional refund split over the bill's tenders", () => {
  it("a split bill refunds in proportion, and the last return gives each tender its remainder", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const tenders: Tender[] = [
        { refundTo: "cash", paid: Math.floor(r() * 50_000), refunded: 0 },
        { refundTo: "upi", paid: Math.floor(r() * 50_000), refunded: 0 },
        { refundTo: "card", paid: r() < 0.5 ? 0 : Math.floor(r() * 50_000), refunded: 0 },
      ];
      let left = tenders.reduce((s, t) => s + t.paid, 0);
      while (left > 0) {
        const amount = r() < 0.3 ? left : 1 + Math.floor(r() * left);
        const split: RefundSplit = defaultRefundSplit(amount, tenders);
        expect(splitTotal(split)).toBe(amount);
        for (const m of REFUND_MODES) expect(split[m]).toBeGreaterThanOrEqual(0);
        for (const t of tenders) {
          t.refunded += split[t.refundTo];
          expect(t.refunded, `seed ${seed}`).toBeLessThanOrEqual(t.paid);
        }
        left -= amount;
      }
      for (const t of tenders) expect(t.refunded).toBe(t.paid);
    }
  });

  it("a cash bill refunds cash; nothing paid falls back to cash", () => {
    expect(defaultRefundSplit(500, [{ refundTo: "cash", paid: 900, refunded: 0 }]).cash).toBe(500);
    expect(defaultRefundSplit(500, [{ refundTo: "upi", paid: 0, refunded: 0 }]).cash).toBe(500);
  });
});
