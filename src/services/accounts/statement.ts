import {
  balanceBefore,
  entriesBetween,
  findLedgerEntry,
  latestEntries,
  type StatementRow,
} from "../../db/repositories/accounts.repo.ts";
import { findCustomerById } from "../../db/repositories/customers.repo.ts";
import { findUserById } from "../../db/repositories/users.repo.ts";
import type { Executor } from "../../db/types.ts";
import type { AccountShop, PaymentReceiptDoc, StatementDoc } from "../../lib/account-docs.ts";
import { addDays, dayStartUtc, isIsoDay, localDayOf } from "../../lib/days.ts";
import { NotFoundError, ValidationError } from "../../lib/errors.ts";
import { msg, type Text, translate } from "../../lib/i18n.ts";
import { maskPhone } from "../../lib/phone.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import type { Shop } from "../shop/settings.ts";

/** The most entries one statement prints (a narrower range shows the rest). */
export const STATEMENT_LIMIT = 5000;

const MODES: Record<string, string> = { cash: "Cash", upi: "UPI", card: "Card" };

type EntryFields = {
  kind: string;
  reference: string | null;
  note: string | null;
  payment_mode: string | null;
  bill_number?: string | null;
};

/** What an entry was, as a catalogue message (the customer page shows it in the reader's language). */
export function entryMessage(e: EntryFields): Text {
  const bill = e.bill_number ?? e.reference ?? "";
  const note = e.note ? `: ${e.note}` : "";
  switch (e.kind) {
    case "credit_sale":
      return msg("accounts:entries.creditSale", { bill });
    case "credit_used":
      return msg("accounts:entries.creditUsed", { bill });
    case "payment": {
      const mode = MODES[e.payment_mode ?? ""] ? e.payment_mode : "other";
      return msg(`accounts:entries.payment.${mode}`, { reference: e.reference ?? "", note });
    }
    case "store_credit":
      return msg("accounts:entries.storeCredit", {
        reference: e.reference ? ` ${e.reference}` : "",
        note,
      });
    case "reversal":
      return bill
        ? msg("accounts:entries.reversalOf", { bill, note })
        : msg("accounts:entries.reversal", { note });
    case "adjustment":
      return msg("accounts:entries.adjustment", { note });
    case "write_off":
      return msg("accounts:entries.writeOff", { note });
    default:
      return e.kind;
  }
}

/** What an entry was, in English words, for the statement. */
export function entryDescription(e: EntryFields): string {
  return translate(entryMessage(e));
}

function accountShop(shop: Shop): AccountShop {
  return {
    name: shop.name,
    address: shop.address,
    phone: shop.phone,
    gstin: shop.gstin,
    timeZone: shop.timeZone,
    receiptFormat: shop.receiptFormat,
    receiptLanguage: shop.receiptLanguage,
  };
}

async function liveCustomer(db: Executor, id: number) {
  const c = await findCustomerById(db, id);
  if (!c || c.erased_at) throw new NotFoundError(msg("accounts:errors.noCustomer"));
  return c;
}

/** The statement's dates: as typed, else the last 90 days to today (shop-local). */
export function statementRange(
  input: { from?: unknown; to?: unknown },
  timeZone: string,
  now = Date.now(),
): { from: string; to: string } {
  const today = localDayOf(now, timeZone);
  const pick = (v: unknown, fallback: string, field: string) => {
    const s = typeof v === "string" ? v.trim() : "";
    if (!s) return fallback;
    if (!isIsoDay(s))
      throw new ValidationError(msg("accounts:errors.dates"), {
        [field]: msg("accounts:errors.notADate"),
      });
    return s;
  };
  const to = pick(input.to, today, "to");
  const from = pick(input.from, addDays(to, -89), "from");
  if (from > to)
    throw new ValidationError(msg("accounts:errors.statementOrder"), {
      from: msg("accounts:errors.afterEnd"),
    });
  return { from, to };
}

/**
 * A customer's statement for [from, to] (shop-local days): the opening
 * balance (Σ entries before), each entry with its running balance, the
 * closing balance. Computed from the entries, so it always agrees with them.
 */
export async function buildStatement(
  db: Executor,
  shop: Shop,
  customerId: number,
  range: { from: string; to: string },
): Promise<StatementDoc> {
  const c = await liveCustomer(db, customerId);
  const start = dayStartUtc(range.from, shop.timeZone);
  const end = dayStartUtc(addDays(range.to, 1), shop.timeZone);
  const [opening, rows] = await Promise.all([
    balanceBefore(db, customerId, start),
    entriesBetween(db, customerId, start, end, STATEMENT_LIMIT + 1),
  ]);
  let running = opening;
  let totalDebit = 0;
  let totalCredit = 0;
  const lines = rows.slice(0, STATEMENT_LIMIT).map((r: StatementRow) => {
    const amount = Number(r.amount);
    running += amount;
    if (amount > 0) totalDebit += amount;
    else totalCredit -= amount;
    return {
      at: r.created_at,
      description: entryDescription(r),
      entry: {
        kind: r.kind,
        reference: r.reference,
        note: r.note,
        paymentMode: r.payment_mode,
        billNumber: r.bill_number ?? null,
      },
      debit: Math.max(amount, 0),
      credit: Math.max(-amount, 0),
      balance: running,
    };
  });
  return {
    shop: accountShop(shop),
    customer: { name: c.name, phone: maskPhone(c.phone) },
    from: range.from,
    to: range.to,
    opening,
    lines,
    truncated: rows.length > STATEMENT_LIMIT,
    totalDebit,
    totalCredit,
    closing: running,
    creditLimit: Number(c.credit_limit),
    generatedAt: nowUtc(),
  };
}

/** A payment receipt (previous balance, payment, new balance) for one payment entry. */
export async function buildPaymentReceipt(
  db: Executor,
  shop: Shop,
  customerId: number,
  entryId: number,
): Promise<PaymentReceiptDoc> {
  const e = await findLedgerEntry(db, entryId);
  if (!e || Number(e.customer_id) !== customerId || e.kind !== "payment" || !e.reference)
    throw new NotFoundError(msg("accounts:errors.noPayment"));
  const c = await liveCustomer(db, customerId);
  const user = e.user_id === null ? undefined : await findUserById(db, Number(e.user_id));
  const amount = -Number(e.amount);
  return {
    shop: accountShop(shop),
    number: e.reference,
    at: e.created_at,
    customer: { name: c.name, phone: maskPhone(c.phone) },
    mode: MODES[e.payment_mode ?? ""] ?? "—",
    paymentMode: e.payment_mode,
    receivedBy: user?.display_name ?? "",
    note: e.note,
    previousBalance: Number(e.balance_after) + amount,
    amount,
    balance: Number(e.balance_after),
  };
}

/** The customer page's latest entries with their running balance, newest first. */
export async function recentEntries(db: Executor, customerId: number, limit = 30) {
  const rows = await latestEntries(db, customerId, limit);
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.created_at,
    kind: r.kind,
    description: entryDescription(r),
    text: entryMessage(r),
    amount: Number(r.amount),
    balance: Number(r.balance_after),
    billId: r.bill_id === null ? null : Number(r.bill_id),
    by: r.user_name ?? "",
    isPayment: r.kind === "payment" && r.reference !== null,
  }));
}
