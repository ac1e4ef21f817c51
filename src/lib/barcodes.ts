/**
 * Manufacturer barcodes: EAN-13, EAN-8 and UPC-A carry a GS1 check digit
 * (weights 3 and 1 from the right, excluding the check digit itself).
 */

/** The GS1 check digit for the digits before it. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export type BarcodeKind = "EAN-13" | "EAN-8" | "UPC-A";

/** The kind of a numeric retail barcode by length, or null for any other code. */
export function barcodeKind(code: string): BarcodeKind | null {
  if (!/^\d+$/.test(code)) return null;
  if (code.length === 13) return "EAN-13";
  if (code.length === 12) return "UPC-A";
  if (code.length === 8) return "EAN-8";
  return null;
}

/** True when a numeric retail barcode's last digit is its correct check digit. */
export function hasValidCheckDigit(code: string): boolean {
  if (!barcodeKind(code)) return false;
  return gs1CheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/** Appends the check digit: withCheckDigit("400638133393") → "4006381333931". */
export function withCheckDigit(body: string): string {
  return `${body}${gs1CheckDigit(body)}`;
}
