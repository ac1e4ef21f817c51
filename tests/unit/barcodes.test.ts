import { describe, expect, it } from "vitest";
import { barcodeKind, hasValidCheckDigit, withCheckDigit } from "../../src/lib/barcodes.ts";

describe("barcodes", () => {
  it("accepts real EAN-13, EAN-8 and UPC-A codes", () => {
    expect(hasValidCheckDigit("8901030865275")).toBe(true); // 890 = India
    expect(hasValidCheckDigit("4006381333931")).toBe(true);
    expect(hasValidCheckDigit("96385074")).toBe(true); // EAN-8
    expect(hasValidCheckDigit("036000291452")).toBe(true); // UPC-A
  });

  it("rejects a wrong check digit", () => {
    expect(hasValidCheckDigit("8901030865278")).toBe(false);
    expect(hasValidCheckDigit("96385075")).toBe(false);
    expect(hasValidCheckDigit("036000291453")).toBe(false);
  });

  it("computes check digits and classifies codes", () => {
    expect(withCheckDigit("400638133393")).toBe("4006381333931");
    expect(barcodeKind("12345")).toBeNull();
    expect(barcodeKind("ABC1234567890")).toBeNull();
  });
});
