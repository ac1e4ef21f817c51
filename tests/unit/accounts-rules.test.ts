import { describe, expect, it } from "vitest";
import {
  ceilingFor,
  entryProblem,
  storeCreditAvailable,
  withinCreditLimit,
} from "../../src/services/accounts/rules.ts";

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
