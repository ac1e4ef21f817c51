import { paiseToDecimal } from "./money.ts";

/**
 * The UPI payment link (upi://pay) for an amount, one encoding for the till's
 * QR and the printed bill's: values percent-encoded (spaces as %20, "&" as
 * %26), the VPA's "@" kept as UPI apps print and expect it.
 */
export function upiUri(upiId: string, payee: string, amount: number, note: string): string {
  const enc = (v: string) => encodeURIComponent(v).replace(/%40/g, "@");
  return `upi://pay?pa=${enc(upiId)}&pn=${enc(payee)}&am=${paiseToDecimal(amount)}&cu=INR&tn=${enc(note)}`;
}
