import { describe, expect, it } from "vitest";
import { formatPhone, phoneProblem } from "../../src/lib/phone.ts";
import { classifyQuery, nameKeys } from "../../src/services/customers/customers.ts";
import { safeCell } from "../../src/services/customers/export.ts";

describe("customer search rules", () => {
  it("classifies what a cashier types", () => {
    expect(classifyQuery("  ")).toEqual({ kind: "empty" });
    expect(classifyQuery("98765 43210")).toEqual({ kind: "phone", e164: "+919876543210" });
    expect(classifyQuery("0987")).toMatchObject({
      kind: "digits",
      digits: "0987",
      phonePrefix: "+91987",
    });
    expect(classifyQuery("3210")).toMatchObject({ kind: "digits", phonePrefix: null });
    expect(classifyQuery("+4420")).toMatchObject({ kind: "digits", phonePrefix: "+4420" });
    expect(classifyQuery("321")).toEqual({ kind: "short", digits: "321" });
    expect(classifyQuery("Ramesh  KU.")).toEqual({ kind: "name", key: "ramesh ku" });
  });

  it("keys a name from each word on", () => {
    expect(nameKeys("Ramesh Kumar Sharma")).toEqual([
      "ramesh kumar sharma",
      "kumar sharma",
      "sharma",
    ]);
    expect(nameKeys("D'Souza, Anita")).toEqual(["d souza anita", "souza anita", "anita"]);
    expect(nameKeys("राम कुमार")).toEqual(["राम कुमार", "कुमार"]);
  });

  it("explains bad numbers", () => {
    expect(phoneProblem("98765 43210")).toBeNull();
    expect(phoneProblem("9876")).toMatch(/too short/);
    expect(phoneProblem("1234")).toMatch(/start with 6, 7, 8 or 9/);
    expect(phoneProblem("2023456789")).toMatch(/start with 6, 7, 8 or 9/);
    expect(phoneProblem("98765 4321O")).toMatch(/only have digits/);
    expect(phoneProblem("020 2345 6789")).toMatch(/\+ and the country code/);
    expect(formatPhone("+919876543210")).toBe("+91 98765 43210");
    expect(formatPhone(null)).toBe("");
  });
});

describe("customer CSV", () => {
  it("neutralises formula injection", () => {
    for (const bad of ["=1+1", "+91987", "-2", "@SUM(A1)", "\tx", "\rx"])
      expect(safeCell(bad)).toBe(`'${bad}`);
    expect(safeCell("Ramesh")).toBe("Ramesh");
    expect(safeCell(12)).toBe("12");
    expect(safeCell(null)).toBe("");
  });
});
