import { describe, expect, it } from "vitest";
import {
  counterName,
  financialYearOf,
  formatBillNumber,
} from "../../src/services/till/bill-number.ts";

describe("bill number series", () => {
  it("runs April to March in the shop's time zone", () => {
    expect(financialYearOf(new Date("2026-11-25T10:00:00Z")).label).toBe("2026-27");
    expect(financialYearOf(new Date("2027-03-31T18:29:59Z")).label).toBe("2026-27"); // 23:59:59 IST
    expect(financialYearOf(new Date("2027-03-31T18:30:00Z")).label).toBe("2027-28"); // 00:00 IST 1 April
    expect(financialYearOf(new Date("2027-03-31T18:30:00Z"), "UTC").label).toBe("2026-27");
    expect(financialYearOf(new Date("2099-06-01T00:00:00Z")).label).toBe("2099-00");
  });

  it("formats at most 16 characters, with or without a prefix", () => {
    const fy = financialYearOf(new Date("2026-11-25T10:00:00Z"));
    expect(formatBillNumber("", fy, 123)).toBe("2026-27/000123");
    expect(formatBillNumber("T2", fy, 123)).toBe("T2/26-27/000123");
    expect(formatBillNumber("SHOP", fy, 7)).toBe("SHOP/26-27/00007");
    expect(formatBillNumber("", fy, 1_234_567)).toBe("2026-27/1234567");
    // An 8-character prefix leaves room for one digit: bill 10 no longer fits.
    expect(formatBillNumber("ABCDEFGH", fy, 9)).toBe("ABCDEFGH/26-27/9");
    expect(formatBillNumber("ABCDEFGH", fy, 10)).toBeNull();
    for (const seq of [1, 99, 999_999])
      expect(formatBillNumber("T2", fy, seq)?.length).toBeLessThanOrEqual(16);
  });

  it("keeps one counter per prefix and financial year", () => {
    const a = financialYearOf(new Date("2027-03-31T18:29:00Z"));
    const b = financialYearOf(new Date("2027-03-31T18:31:00Z"));
    expect(counterName("", a)).toBe("bill::2026-27");
    expect(counterName("", b)).toBe("bill::2027-28");
    expect(counterName("T2", b)).toBe("bill:T2:2027-28");
  });
});
