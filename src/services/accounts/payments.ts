import { ensureCounter, takeNextValue } from "../../db/repositories/counters.repo.ts";
import { findCustomerById } from "../../db/repositories/customers.repo.ts";
import { retryOnLockConflict } from "../../db/retry.ts";
import type { Db } from "../../db/types.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { type Msg, msg } from "../../lib/i18n.ts";
import { formatRupees, parseRupees } from "../../lib/money.ts";
import { nowUtc, toUtcString } from "../../lib/utc-time.ts";
import { cleanText } from "../../lib/validation.ts";
import type { Actor } from "../shop/audit.ts";
import { financialYearOf } from "../till/bill-number.ts";
import { postLedgerEntry } from "./ledger.ts";

/**
 * Receiving money against a customer's account, at the till or on the
 * customer page: a "payment" ledger entry with the mode and a payment
 * receipt number from its own gapless series per financial year
 * (`RC/26-27/000012`, counters row `receipt:2026-27`), both in one
 * transaction, so a receipt number is only used by a payment that
 * committed. More than the balance leaves store credit (a negative balance),
 * which the till offers as a tender on the next bill.
 */

export type PaymentReceivedMode = "cash" | "upi" | "card";

export interface ReceivedPayment {
  entryId: number;
  receiptNumber: string;
  amount: number;
  previousBalance: number;
  balance: number;
}

/** The counters row of a financial year's payment receipts. */
export function receiptCounter(fyLabel: string): string {
  return `receipt:${fyLabel}`;
}

/** `RC/26-27/000012`: 15 characters up to a million receipts a year. */
export function formatReceiptNumber(fyShort: string, seq: number): string {
  return `RC/${fyShort}/${String(seq).padStart(6, "0")}`;
}

function parsePaymentInput(input: Record<string, unknown>) {
  const text = String(input.amount ?? "").trim();
  const amount = text ? parseRupees(text) : null;
  if (!amount)
    throw new ValidationError(msg("accounts:errors.paymentAmount"), {
      amount: msg("accounts:errors.enterAmount"),
    });
  const mode = String(input.mode ?? "cash") as PaymentReceivedMode;
  if (!["cash", "upi", "card"].includes(mode))
    throw new ValidationError(msg("accounts:errors.mode"), {
      mode: msg("accounts:errors.modeField"),
    });
  if (mode === "upi" && !["1", "on", "true"].includes(String(input.upiConfirmed ?? "")))
    throw new ValidationError(msg("accounts:errors.upiConfirm"), {
      upiConfirmed: msg("accounts:errors.upiConfirmField"),
    });
  const note = cleanText(String(input.note ?? "")).slice(0, 200) || null;
  return { amount, mode, note };
}

/** Records a payment received from a customer; returns the receipt's figures. */
export async function receivePayment(
  db: Db,
  actor: Actor,
  customerId: number,
  input: Record<string, unknown>,
  options: { at?: Date; timeZone?: string } = {},
): Promise<ReceivedPayment> {
  const { amount, mode, note } = parsePaymentInput(input);
  const customer = await findCustomerById(db, customerId);
  if (!customer || customer.erased_at) throw new NotFoundError(msg("accounts:errors.noCustomer"));
  const at = options.at ?? new Date();
  const fy = financialYearOf(at, options.timeZone);
  const counter = receiptCounter(fy.label);
  await ensureCounter(db, counter);
  const stamp = options.at ? toUtcString(at) : nowUtc();
  return retryOnLockConflict(() =>
    db.transaction().execute(async (trx) => {
      const seq = await takeNextValue(trx, counter);
      if (seq === null) throw new Error(`counter ${counter} is missing`);
      const receiptNumber = formatReceiptNumber(fy.short, seq);
      const posted = await postLedgerEntry(trx, {
        customerId,
        kind: "payment",
        amount: -amount,
        paymentMode: mode,
        reference: receiptNumber,
        note,
        userId: actor.userId,
        at: stamp,
      });
      return {
        entryId: posted.entryId,
        receiptNumber,
        amount,
        previousBalance: posted.balanceAfter + amount,
        balance: posted.balanceAfter,
      };
    }),
  );
}

/** The notice after a payment, as a catalogue message. */
export function paymentNotice(p: ReceivedPayment): Msg {
  const params = { amount: formatRupees(p.amount), receipt: p.receiptNumber };
  return p.balance > 0
    ? msg("accounts:notices.paidOwes", { ...params, balance: formatRupees(p.balance) })
    : p.balance < 0
      ? msg("accounts:notices.paidCredit", { ...params, balance: formatRupees(-p.balance) })
      : msg("accounts:notices.paidSettled", params);
}
