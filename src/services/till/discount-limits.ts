import { listLines } from "../../db/repositories/bills.repo.ts";
import { getSettings } from "../../db/repositories/settings.repo.ts";
import { findUserById } from "../../db/repositories/users.repo.ts";
import type { Bill, Executor } from "../../db/types.ts";
import { ForbiddenError, ValidationError } from "../../lib/errors.ts";
import { isMsg, msg, type Text } from "../../lib/i18n.ts";
import { formatRupees, mulDivRound } from "../../lib/money.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import { authenticate, type LoginPolicy } from "../shop/auth.ts";
import { type DiscountKind, discountAmount, lineGross } from "./totals.ts";

/**
 * A cashier's discounts are limited (shop settings: % of the line or of the
 * bill after item discounts, default 10 %); above the limit an owner approves
 * at the till with their username and password. Owners are not limited. No
 * discount, anyone's, may be more than the amount it applies to.
 */

export type DiscountScope = "line" | "bill";

/** A cashier's discount over the limit, without an owner's approval: the till asks for one. */
export class ApprovalNeededError extends ForbiddenError {
  constructor(
    message: Text,
    readonly scope: DiscountScope,
  ) {
    super(message);
  }
}

/** The discount in paise as typed, before any cap: ₹ as is, % of `base`. */
export function discountPaise(base: number, kind: DiscountKind, value: number): number {
  if (value <= 0) return 0;
  return kind === "percent" ? mulDivRound(base, value, 10_000) : value;
}

export interface DiscountCheck {
  scope: DiscountScope;
  /** The amount the discount applies to: the line's gross, or the bill after item discounts. */
  base: number;
  kind: DiscountKind;
  value: number;
  cashierId: number;
  /** The owner who approved it at the till (verifyApprover), or null. */
  approverId: number | null;
}

/**
 * Checks a discount about to be written, inside the write's transaction (the
 * open bill row is locked): refuses one over its amount, and a cashier's over
 * the shop's limit unless an owner approved it. Returns the discount in paise.
 */
export async function checkDiscount(trx: Executor, d: DiscountCheck): Promise<number> {
  const amount = discountPaise(d.base, d.kind, d.value);
  if (amount > d.base)
    throw new ValidationError(
      msg(`till:discount.overAmount.${d.scope}`, { amount: formatRupees(d.base) }),
      { discount: msg("till:discount.overAmountField") },
    );
  if (amount === 0 || d.approverId !== null) return amount;
  const cashier = await findUserById(trx, d.cashierId);
  if (cashier?.role === "owner") return amount;
  const settings = await getSettings(trx);
  const limit = d.scope === "line" ? settings?.max_line_discount : settings?.max_bill_discount;
  const bp = limit ?? 1000;
  if (amount > mulDivRound(d.base, bp, 10_000))
    throw new ApprovalNeededError(
      msg(`till:discount.overLimit.${d.scope}`, { percent: bp / 100 }),
      d.scope,
    );
  return amount;
}

/**
 * The owner approving a discount at the till, or null when none was offered.
 * The password check is the login's (bcrypt, failures throttled per owner and
 * till, audited); the person must be an active owner.
 */
export async function verifyApprover(
  db: Executor,
  policy: LoginPolicy,
  input: { approverUsername?: unknown; approverPassword?: unknown },
  client: { ip: string | null; tillOf: number; what?: "discount" | "credit" },
): Promise<number | null> {
  if (input.approverUsername === undefined && input.approverPassword === undefined) return null;
  const staff = await authenticate(
    db,
    policy,
    { username: input.approverUsername, password: input.approverPassword },
    { ip: client.ip, key: `till-approval:${client.tillOf}` },
  );
  if (staff.role !== "owner")
    throw new ForbiddenError(msg(`till:approval.ownerOnly.${client.what ?? "discount"}`));
  return staff.id;
}

/**
 * After a line got smaller or went (same transaction, the bill locked): a ₹
 * discount — the line's own, or the bill's — that is now over its amount or
 * over the cashier's limit is refused, so lowering the quantity cannot stretch
 * a discount past what was allowed. % discounts shrink with the amount. An
 * owner's approval on the bill still covers the limit, never the amount.
 */
export async function recheckDiscounts(
  trx: Executor,
  bill: Bill,
  cashierId: number,
  lineId: number | null,
): Promise<void> {
  const approverId = bill.discount_approved_by ?? null;
  const again = async (d: Omit<DiscountCheck, "cashierId" | "approverId">) => {
    try {
      await checkDiscount(trx, { ...d, cashierId, approverId });
    } catch (err) {
      // The same refusal, telling the cashier to change the discount first (…Again keys).
      const first = (text: Text) => (isMsg(text) ? msg(`${text.key}Again`, text.params) : text);
      if (err instanceof ApprovalNeededError) throw new ForbiddenError(first(err.text));
      if (err instanceof ValidationError)
        throw new ValidationError(first(err.text), err.fieldTexts);
      throw err;
    }
  };
  let base = 0;
  for (const l of await listLines(trx, bill.id)) {
    const gross = lineGross(l.unit_price, l.qty, l.unit);
    if (l.id === lineId && l.discount_kind === "amount" && l.discount_value > 0)
      await again({ scope: "line", base: gross, kind: "amount", value: l.discount_value });
    base += gross - discountAmount(gross, l.discount_kind, l.discount_value);
  }
  if (bill.discount_kind === "amount" && bill.discount_value > 0)
    await again({ scope: "bill", base, kind: "amount", value: bill.discount_value });
}

/** Records a discount change: who gave it, who approved it, and the amounts. */
export async function auditDiscount(
  trx: Executor,
  ip: string | null,
  scope: DiscountScope,
  detail: {
    billId: number;
    lineId?: number;
    kind: DiscountKind;
    value: number;
    amount: number;
    base: number;
    cashierId: number;
    approvedBy: number | null;
  },
): Promise<void> {
  const cashier = await findUserById(trx, detail.cashierId);
  const actor: Actor = { userId: detail.cashierId, username: cashier?.username ?? null, ip };
  await recordAudit(trx, actor, `discount.${scope}`, {
    entity: "bill",
    entityId: detail.billId,
    detail,
  });
}
