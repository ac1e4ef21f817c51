import { ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { formatRupees, parseRupees } from "../../lib/money.ts";

/** How the customer pays a bill: the rules the till's payment form follows. */

/** "account" = pay later (udhaar); "credit" = the customer's store credit covers it all. */
export type PaymentMode = "cash" | "upi" | "card" | "account" | "credit" | "split";

export interface PaymentInput {
  mode?: unknown;
  tendered?: unknown; // rupees of cash handed over; empty = exact
  upi?: unknown; // rupees paid by UPI (split)
  card?: unknown; // rupees paid by card (split)
  account?: unknown; // rupees put on the customer's account (split)
  storeCredit?: unknown; // rupees of the customer's store credit spent first (any mode)
  upiConfirmed?: unknown; // "1" once the cashier saw the UPI payment arrive
}

export interface Payment {
  mode: PaymentMode;
  paidCash: number;
  paidUpi: number;
  paidCard: number;
  /** On the customer's account: posted as a credit sale in the completion's transaction. */
  paidAccount: number;
  /** The customer's store credit spent: posted as credit used in the same transaction. */
  paidStoreCredit: number;
  tendered: number;
  change: number;
}

/** The amount fields' names in messages: till:payment.fields.<field>. */
type AmountField = "storeCredit" | "upi" | "card" | "account" | "tendered";

function rupees(value: unknown, field: AmountField): number {
  const text = String(value ?? "").trim();
  if (!text) return 0;
  const paise = parseRupees(text);
  if (paise === null)
    throw new ValidationError(msg(`till:payment.errors.amount.${field}`), {
      [field]: msg("till:payment.errors.amountField"),
    });
  return paise;
}

const MODES: PaymentMode[] = ["cash", "upi", "card", "account", "split"];

/**
 * Works out the payment for a total. Store credit (when typed) is spent
 * first; the rest is paid by the chosen mode. Cash: tendered ≥ due (empty =
 * exact), change = tendered − due. UPI needs the cashier's confirmation.
 * Account: the rest goes on the customer's account. Split: UPI, card and/or
 * account parts as typed, cash covers the rest; exactly two modes. Whether
 * the customer may take credit or has the store credit is the ledger's to
 * decide, inside the completion (services/accounts/ledger.ts).
 */
export function resolvePayment(total: number, input: PaymentInput): Payment {
  let mode = String(input.mode ?? "cash") as PaymentMode;
  if (!MODES.includes(mode))
    throw new ValidationError(msg("till:payment.errors.mode"), {
      mode: msg("till:payment.errors.modeField"),
    });
  const storeCredit = rupees(input.storeCredit, "storeCredit");
  if (storeCredit > total)
    throw new ValidationError(
      msg("till:payment.errors.storeCredit", {
        credit: formatRupees(storeCredit),
        total: formatRupees(total),
      }),
      { storeCredit: msg("till:payment.errors.storeCreditField") },
    );
  const due = total - storeCredit;
  const confirmed = ["1", "on", "true", "yes"].includes(String(input.upiConfirmed ?? ""));
  let upi = 0;
  let card = 0;
  let account = 0;
  if (due === 0) mode = storeCredit > 0 ? "credit" : mode;
  else if (mode === "upi") upi = due;
  else if (mode === "card") card = due;
  else if (mode === "account") account = due;
  else if (mode === "split") {
    upi = rupees(input.upi, "upi");
    card = rupees(input.card, "card");
    account = rupees(input.account, "account");
    if (upi + card + account > due)
      throw new ValidationError(
        msg("till:payment.errors.partsTooMuch", { amount: formatRupees(due) }),
        { upi: msg("till:payment.errors.partsTooMuchField") },
      );
  }
  if (upi > 0 && !confirmed)
    throw new ValidationError(msg("till:payment.errors.upiConfirm"), {
      upiConfirmed: msg("till:payment.errors.upiConfirmField"),
    });
  const cashDue = due - upi - card - account;
  const typed = rupees(input.tendered, "tendered");
  const tendered = String(input.tendered ?? "").trim() === "" ? cashDue : typed;
  if (tendered < cashDue)
    throw new ValidationError(
      msg("till:payment.errors.tenderedShort", {
        tendered: formatRupees(tendered),
        due: formatRupees(cashDue),
      }),
      { tendered: msg("till:payment.errors.tenderedShortField") },
    );
  if (mode === "split") {
    const modes = [cashDue > 0, upi > 0, card > 0, account > 0].filter(Boolean).length;
    if (modes !== 2)
      throw new ValidationError(msg("till:payment.errors.split"), {
        upi: msg("till:payment.errors.splitField"),
      });
  }
  // Store credit beside another mode is itself a split ("Store credit + Cash").
  if (storeCredit > 0 && due > 0) mode = "split";
  return {
    mode,
    paidCash: cashDue,
    paidUpi: upi,
    paidCard: card,
    paidAccount: account,
    paidStoreCredit: storeCredit,
    tendered: cashDue > 0 ? tendered : 0,
    change: cashDue > 0 ? tendered - cashDue : 0,
  };
}
