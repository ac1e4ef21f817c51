/**
 * Percentages are stored as integer basis points (1800 = 18 %, 25 = 0.25 %):
 * GST rates, percent discounts, shares. Parsed and written here only.
 */

/** "18", "18 %", "0.25" → 1800, 25: up to three digits and two decimals (string maths, no floats). */
export function parsePercent(raw: string): number | null {
  const text = raw.trim().replace(/\s*%$/, "");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return null;
  const [whole = "0", frac = ""] = text.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/** 1800 → "18", 25 → "0.25", 250 → "2.5": the number a person types back. */
export function percentText(basisPoints: number): string {
  return String(basisPoints / 100);
}

/** 1800 → "18%": a rate as printed. */
export function percentLabel(basisPoints: number): string {
  return `${percentText(basisPoints)}%`;
}

/** CGST and SGST are each half the GST rate: 1800 → "9%", 500 → "2.5%". */
export function halfPercentLabel(basisPoints: number): string {
  return percentLabel(basisPoints / 2);
}

/** A share with one decimal, for charts: 3333 → "33.3%". */
export function shareLabel(basisPoints: number): string {
  return `${(basisPoints / 100).toFixed(1)}%`;
}
