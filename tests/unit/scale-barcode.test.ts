import { describe, expect, it } from "vitest";
import { withCheckDigit } from "../../src/lib/barcodes.ts";
import {
  isScaleLayout,
  parseScaleBarcode,
  quantityForLabelPrice,
} from "../../src/services/till/scale-barcode.ts";

describe("parseScaleBarcode", () => {
  it("weight layout: prefix, 5-digit item code, 5-digit grams", () => {
    const code = withCheckDigit("200004201250");
    expect(code).toHaveLength(13);
    expect(parseScaleBarcode(code, "weight")).toEqual({
      layout: "weight",
      prefix: "20",
      itemCode: "00042",
      grams: 1250,
    });
  });

  it("price layout: the same digits read as paise", () => {
    const code = withCheckDigit("210004204999");
    expect(parseScaleBarcode(code, "price")).toEqual({
      layout: "price",
      prefix: "21",
      itemCode: "00042",
      pricePaise: 4999,
    });
  });

  it("a known real-world weight label (check digit computed by a scale)", () => {
    // 2 0 12345 00750 ? — check digit by hand: weights 1,3 from the left over 12 digits.
    expect(parseScaleBarcode("2012345007505", "weight")).toMatchObject({
      itemCode: "12345",
      grams: 750,
    });
  });

  it("accepts every prefix 20–29 and nothing else", () => {
    for (let p = 20; p <= 29; p++) {
      expect(parseScaleBarcode(withCheckDigit(`${p}1111100100`), "weight")).not.toBeNull();
    }
    for (const p of ["19", "30", "89", "02"]) {
      expect(parseScaleBarcode(withCheckDigit(`${p}1111100100`), "weight")).toBeNull();
    }
  });

  it("refuses a wrong check digit, other lengths, non-digits and the 'off' layout", () => {
    const good = withCheckDigit("200004201250");
    const bad = `${good.slice(0, 12)}${(Number(good.at(-1)) + 1) % 10}`;
    expect(parseScaleBarcode(bad, "weight")).toBeNull();
    expect(parseScaleBarcode(good.slice(0, 12), "weight")).toBeNull();
    expect(parseScaleBarcode(`${good}0`, "weight")).toBeNull();
    expect(parseScaleBarcode("20000420125X5", "weight")).toBeNull();
    expect(parseScaleBarcode(good, "off")).toBeNull();
  });

  it("ignores surrounding spaces (as a scanner may send them)", () => {
    expect(parseScaleBarcode(`  ${withCheckDigit("200004201250")} `, "weight")).toMatchObject({
      grams: 1250,
    });
  });

  it("reads the extremes: zero and 99999", () => {
    expect(parseScaleBarcode(withCheckDigit("209999999999"), "weight")).toMatchObject({
      itemCode: "99999",
      grams: 99999,
    });
    expect(parseScaleBarcode(withCheckDigit("200000100000"), "price")).toMatchObject({
      itemCode: "00001",
      pricePaise: 0,
    });
  });
});

describe("layout names and price → quantity", () => {
  it("knows the three layouts", () => {
    expect(["weight", "price", "off"].every(isScaleLayout)).toBe(true);
    expect(isScaleLayout("grams")).toBe(false);
    expect(isScaleLayout(undefined)).toBe(false);
  });

  it("turns a label price into grams at the price per kg, to the nearest gram", () => {
    // ₹120.00/kg, label ₹30.00 → 250 g
    expect(quantityForLabelPrice(3000, 12000)).toBe(250);
    // ₹99.00/kg, label ₹50.00 → 505.05… g → 505 g
    expect(quantityForLabelPrice(5000, 9900)).toBe(505);
    expect(quantityForLabelPrice(5000, 0)).toBe(0);
  });
});
