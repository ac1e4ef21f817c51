import { describe, expect, it } from "vitest";
import { buildReminder, DEFAULT_REMINDER } from "../../src/services/accounts/reminders.ts";
import {
  ageBalance,
  ageBucket,
  ceilingFor,
  entryProblem,
  storeCreditAvailable,
  withinCreditLimit,
} from "../../src/services/accounts/rules.ts";
import { resolvePayment } from "../../src/services/till/payment.ts";

describe("account rules", () => {
  it("each kind of entry has its sign; zero and fractions are refused", () => {
    expect(entryProblem("credit_sale", 500_00)).toBeNull();
    expect(entryProblem("credit_sale", -1)).toMatch(/adds/);
    expect(entryProblem("payment", -100)).toBeNull();
    expect(entryProblem("payment", 100)).toMatch(/takes/);
    expect(entryProblem("store_credit", 100)).toMatch(/takes/);
    expect(entryProblem("credit_used", 100)).toBeNull();
    expect(entryProblem("write_off", -5)).toBeNull();
    expect(entryProblem("adjustment", 7)).toBeNull();
    expect(entryProblem("adjustment", -7)).toBeNull();
    expect(entryProblem("reversal", 0)).toMatch(/non-zero/);
    expect(entryProblem("reversal", 1.5)).toMatch(/non-zero/);
  });

  it("only a credit sale is held to the limit, unless approved; spending credit is held at zero", () => {
    expect(ceilingFor("credit_sale", false)).toBe("credit-limit");
    expect(ceilingFor("credit_sale", true)).toBe("none");
    expect(ceilingFor("credit_used", false)).toBe("zero");
    expect(ceilingFor("credit_used", true)).toBe("zero");
    expect(ceilingFor("payment", false)).toBe("none");
    expect(ceilingFor("adjustment", false)).toBe("none");
  });

  it("the limit is inclusive, and payments always fit", () => {
    expect(withinCreditLimit(400_00, 500_00, 100_00)).toBe(true);
    expect(withinCreditLimit(400_00, 500_00, 100_01)).toBe(false);
    expect(withinCreditLimit(0, 0, 1)).toBe(false);
    expect(withinCreditLimit(900_00, 500_00, -100_00)).toBe(true);
    expect(withinCreditLimit(-200_00, 0, 200_00)).toBe(true);
  });

  it("store credit is what the shop owes, never negative", () => {
    expect(storeCreditAvailable(-250_00)).toBe(250_00);
    expect(storeCreditAvailable(0)).toBe(0);
    expect(storeCreditAvailable(10)).toBe(0);
  });
});

describe("ageing, first in first out", () => {
  const debit = (amount: number, days: number, billId: number | null = null) => ({
    kind: "credit_sale" as const,
    amount,
    billId,
    days,
  });

  it("payments settle the oldest debts first: what is owed is the newest debits", () => {
    const entries = [debit(300, 100), debit(200, 45), debit(100, 5)];
    // Paid 300 (the oldest): 300 left, 45 days old at most.
    expect(ageBalance(entries, 300)).toEqual({ oldestDays: 45, buckets: [100, 200, 0, 0] });
    // Paid 150: half of the oldest is still owed.
    expect(ageBalance(entries, 450)).toEqual({ oldestDays: 100, buckets: [100, 200, 0, 150] });
    expect(ageBalance(entries, 0)).toEqual({ oldestDays: null, buckets: [0, 0, 0, 0] });
    expect(ageBalance(entries, -50)).toEqual({ oldestDays: null, buckets: [0, 0, 0, 0] });
  });

  it("a bill's reversal cancels that bill's debit, not the oldest", () => {
    const entries = [
      debit(1000, 80, 1),
      debit(500, 0, 2),
      { kind: "reversal" as const, amount: -500, billId: 2, days: 0 },
    ];
    expect(ageBalance(entries, 1000)).toEqual({ oldestDays: 80, buckets: [0, 0, 1000, 0] });
  });

  it("the buckets always add up to the balance", () => {
    for (let seed = 1; seed < 200; seed++) {
      const entries = Array.from({ length: 1 + (seed % 7) }, (_, i) =>
        debit(((seed * (i + 3)) % 900) + 1, (seed * 13 + i * 29) % 200),
      ).sort((a, b) => b.days - a.days);
      const total = entries.reduce((s, e) => s + e.amount, 0);
      const balance = (seed * 37) % (total + 50);
      const aged = ageBalance(entries, balance);
      expect(aged.buckets.reduce((s, v) => s + v, 0)).toBe(Math.max(0, balance));
    }
  });

  it("buckets are 0–30, 31–60, 61–90 and over 90 days", () => {
    expect([0, 30, 31, 60, 61, 90, 91, 400].map(ageBucket)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});

describe("paying a bill with udhaar and store credit", () => {
  it("pay later puts the whole bill on account; a split puts the rest after cash", () => {
    expect(resolvePayment(500_00, { mode: "account" })).toMatchObject({
      mode: "account",
      paidAccount: 500_00,
      paidCash: 0,
    });
    expect(
      resolvePayment(1200_00, { mode: "split", account: "700", tendered: "500" }),
    ).toMatchObject({
      mode: "split",
      paidCash: 500_00,
      paidAccount: 700_00,
      change: 0,
    });
  });

  it("store credit is spent first; all of it makes the mode 'credit'", () => {
    expect(
      resolvePayment(300_00, { mode: "cash", storeCredit: "100", tendered: "500" }),
    ).toMatchObject({
      mode: "split",
      paidStoreCredit: 100_00,
      paidCash: 200_00,
      change: 300_00,
    });
    expect(resolvePayment(300_00, { mode: "card", storeCredit: "300" })).toMatchObject({
      mode: "credit",
      paidStoreCredit: 300_00,
      paidCard: 0,
    });
    expect(() => resolvePayment(300_00, { mode: "cash", storeCredit: "300.01" })).toThrow(
      /more than the total/,
    );
  });

  it("the parts always add up to the total", () => {
    for (let total = 1000; total < 5000_00; total += 7919) {
      const account = Math.floor(total / 3);
      const credit = Math.floor(total / 5);
      const p = resolvePayment(total, {
        mode: "split",
        account: (account / 100).toFixed(2),
        storeCredit: (credit / 100).toFixed(2),
      });
      const parts = p.paidCash + p.paidUpi + p.paidCard + p.paidAccount + p.paidStoreCredit;
      expect(parts).toBe(total);
    }
  });
});

describe("reminders", () => {
  const shop = { name: "Sharma Kirana", upiId: "sharma@okaxis", reminderMessage: DEFAULT_REMINDER };

  it("fills the shop's words and links WhatsApp, SMS and UPI for the balance", () => {
    const r = buildReminder(shop, { name: "Gopal", phone: "+919812345678" }, 1234_50);
    expect(r?.text).toContain("Namaste Gopal");
    expect(r?.text).toContain("₹1,234.50");
    expect(r?.text).toContain("Sharma Kirana");
    expect(r?.upi).toBe(
      "upi://pay?pa=sharma@okaxis&pn=Sharma%20Kirana&am=1234.50&cu=INR&tn=Balance%20Gopal",
    );
    expect(r?.whatsapp.startsWith("https://wa.me/919812345678?text=")).toBe(true);
    expect(decodeURIComponent(r?.whatsapp.split("?text=")[1] ?? "")).toBe(r?.text);
    expect(r?.sms).toBe(`sms:+919812345678?body=${encodeURIComponent(r?.text ?? "")}`);
  });

  it("no reminder for nothing owed or no phone; no UPI ID leaves the link out", () => {
    expect(buildReminder(shop, { name: "A", phone: "+919812345678" }, 0)).toBeNull();
    expect(buildReminder(shop, { name: "A", phone: null }, 100)).toBeNull();
    const r = buildReminder({ ...shop, upiId: null }, { name: "A", phone: "+919812345678" }, 100);
    expect(r?.upi).toBeNull();
    expect(r?.text).not.toContain("upi://");
    expect(r?.text).not.toMatch(/ {2}/);
  });
});
