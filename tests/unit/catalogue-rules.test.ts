import { describe, expect, it } from "vitest";
import { parsePercent } from "../../src/lib/percent.ts";
import { formatQty, parseQty, qtyToDecimal } from "../../src/lib/quantity.ts";
import { neutraliseCell, restoreCell } from "../../src/services/catalogue/csv-format.ts";
import { checkCode, internalCode } from "../../src/services/catalogue/rules.ts";

describe("catalogue rules", () => {
  it("neutralises formula cells and restores them exactly", () => {
    for (const value of [
      "=1+1",
      "+91",
      "-5",
      "@SUM(A1)",
      "\tTab",
      "\rCR",
      "'=x",
      "''+y",
      "plain",
      "'quoted",
      "",
    ]) {
      const cell = neutraliseCell(value);
      expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(restoreCell(cell)).toBe(value);
    }
    expect(neutraliseCell('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(neutraliseCell("'plain")).toBe("'plain");
  });

  it("checks codes: normalised, GS1 check digits, no spaces, no Excel scientific notation", () => {
    expect(checkCode("  abc-1 ")).toEqual({ code: "ABC-1" });
    expect(checkCode("8901234567890")).toEqual({ code: "8901234567890" });
    expect(checkCode("8901234567891")).toHaveProperty("error");
    expect(checkCode("8.90123E+12")).toHaveProperty("error");
    expect(checkCode("A B")).toHaveProperty("error");
    expect(checkCode("")).toHaveProperty("error");
    expect(checkCode("123456")).toEqual({ code: "123456" }); // not an EAN length: any code
    expect(internalCode(42)).toBe("IN000042");
  });

  it("reads percents and quantities in the selling unit", () => {
    expect([
      parsePercent("18"),
      parsePercent("5%"),
      parsePercent("0.25"),
      parsePercent("x"),
    ]).toEqual([1800, 500, 25, null]);
    expect(parseQty("12.5", "kg")).toBe(12500);
    expect(parseQty("1,200", "pc")).toBe(1200);
    // A comma only groups thousands (Western or Indian); 1,0 is not ten.
    expect(parseQty("1,00,000", "pc")).toBe(100_000);
    expect(parseQty("-1,200", "pc", true)).toBe(-1200);
    expect(parseQty("1,200.5", "kg")).toBe(1_200_500);
    for (const typed of ["1,0", "2,5", "1,00", "1,2345", ",100", "12,34,5"])
      expect(parseQty(typed, "kg"), typed).toBeNull();
    expect(parseQty("1.5", "pc")).toBeNull();
    expect(parseQty("-2", "pc")).toBeNull();
    expect(parseQty("-2", "pc", true)).toBe(-2);
    expect(parseQty("0.0005", "l")).toBeNull();
    for (const base of [0, 1, 999, 1000, 12500, 7])
      expect(parseQty(qtyToDecimal(base, "kg"), "kg")).toBe(base);
    expect(formatQty(750, "l")).toBe("0.75 L");
    expect(formatQty(1, "pc")).toBe("1 pc");
  });
});
