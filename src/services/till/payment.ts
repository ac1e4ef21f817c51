import { ValidationError } from "../../lib/errors.ts";
import { formatRupees, parseRupees } from "../../lib/money.ts";

/** How the customer pays a bill: the rules the till's payment form follows. */

export type PaymentMode = "cash" | "upi" | "card" | "split";

export interface PaymentInput {
  mode?: unknown;
  tendered?: unknown; // rupees of cash handed over; empty = exact
  upi?: unknown; // rupees paid by UPI (split)
  card?: unknown; // rupees paid by card (split)
  upiConfirmed?: unknown; // "1" once the cashier saw the UPI payment arrive
}

export interface Payment {
  mode: PaymentMode;
  paidCash: number;
  paidUpi: number;
  paidCard: number;
  tendered: number;
  change: number;
}

function rupees(value: unknown, field: string, label: string): number {
  const text = String(value ?? "").trim();
  if (!text) return 0;
  const paise = parseRupees(text);
  if (paise === null)
    throw new ValidationError(`${label}: type an amount like 500 or 499.50`, {
      [field]: "Invalid amount",
    });
  return paise;
}

/**
 * Works out the payment for a total. Cash: tendered ≥ due (empty = exact),
 * change = tendered − due. UPI needs the cashier's confirmation. Split: UPI
 * and/or card amounts as typed, cash covers the rest; exactly two modes.
 */
export function resolvePayment(total: number, input: PaymentInput): Payment {
  const mode = String(input.mode ?? "cash") as PaymentMode;
  if (!["cash", "upi", "card", "split"].includes(mode))
    throw new ValidationError("Choose how the customer pays", { mode: "Choose a payment mode" });
  const confirmed = ["1", "on", "true", "yes"].includes(String(input.upiConfirmed ?? ""));
  let upi = 0;
  let card = 0;
  if (mode === "upi") upi = total;
  if (mode === "card") card = total;
  if (mode === "split") {
    upi = rupees(input.upi, "upi", "UPI amount");
    card = rupees(input.card, "card", "Card amount");
    if (upi + card > total)
      throw new ValidationError(
        `UPI and card together are more than the total ${formatRupees(total)}`,
        {
          upi: "Too much",
        },
      );
  }
  if (upi > 0 && !confirmed)
    throw new ValidationError("Confirm that the UPI payment was received", {
      upiConfirmed: "Not confirmed",
    });
  const cashDue = total - upi - card;
  const typed = rupees(input.tendered, "tendered", "Cash received");
  const tendered = String(input.tendered ?? "").trim() === "" ? cashDue : typed;
  if (tendered < cashDue)
    throw new ValidationError(
      `Cash received ${formatRupees(tendered)} is less than ${formatRupees(cashDue)} due`,
      { tendered: "Less than due" },
    );
  if (mode === "split") {
    const modes = [cashDue > 0, upi > 0, card > 0].filter(Boolean).length;
    if (modes !== 2)
      throw new ValidationError(
        "A split payment uses exactly two modes: enter the UPI or card part",
        {
          upi: "Enter the split",
        },
      );
  }
  return {
    mode,
    paidCash: cashDue,
    paidUpi: upi,
    paidCard: card,
    tendered: cashDue > 0 ? tendered : 0,
    change: cashDue > 0 ? tendered - cashDue : 0,
  };
}
