import { findUserById } from "../../db/repositories/users.repo.ts";
import type { Executor } from "../../db/types.ts";
import { daysBetween, localDayOf, localDayOfUtc } from "../../lib/days.ts";
import { ForbiddenError } from "../../lib/errors.ts";
import { type Msg, msg } from "../../lib/i18n.ts";
import { formatRupees } from "../../lib/money.ts";
import { authenticate, type LoginPolicy } from "../shop/auth.ts";
import type { Shop } from "../shop/settings.ts";

/**
 * A cashier's returns are limited by the owner (Settings: the largest refund,
 * default ₹2,000, and the oldest sale, default 7 days); above either an owner
 * approves at the till with their username and password, as for discounts
 * (till/discount-limits.ts `verifyApprover`). Owners are not limited.
 */

/** A cashier's return over the owner's limits, without an approval: the form asks for one. */
export class ReturnApprovalNeeded extends ForbiddenError {}

/** Why this return needs an owner, or null: `refund` paise of a bill sold at `soldAt` (UTC). */
export function returnLimitProblem(
  shop: Pick<Shop, "maxReturnAmount" | "maxReturnDays" | "timeZone">,
  refund: number,
  soldAt: string,
  now: Date,
): Msg | null {
  const days = daysBetween(
    localDayOfUtc(soldAt, shop.timeZone),
    localDayOf(now.getTime(), shop.timeZone),
  );
  if (days > shop.maxReturnDays)
    return msg("returns:limits.tooOld", { days, max: shop.maxReturnDays });
  if (refund > shop.maxReturnAmount)
    return msg("returns:limits.tooMuch", { max: formatRupees(shop.maxReturnAmount) });
  return null;
}

/** Refuses a cashier's return over the limits unless an owner approved it (inside the return's transaction). */
export async function checkReturnLimits(
  trx: Executor,
  shop: Shop,
  cashierId: number,
  approverId: number | null,
  refund: number,
  soldAt: string,
  now: Date,
): Promise<void> {
  if (approverId !== null) return;
  const problem = returnLimitProblem(shop, refund, soldAt, now);
  if (!problem) return;
  const cashier = await findUserById(trx, cashierId);
  if (cashier?.role === "owner") return;
  throw new ReturnApprovalNeeded(problem);
}

/**
 * The owner approving a return at the till (their username and password, the
 * login's check: bcrypt, throttled, audited), or null when none was offered.
 */
export async function verifyReturnApprover(
  db: Executor,
  policy: LoginPolicy,
  input: { approverUsername?: unknown; approverPassword?: unknown },
  client: { ip: string | null; tillOf: number },
): Promise<number | null> {
  if (input.approverUsername === undefined && input.approverPassword === undefined) return null;
  const staff = await authenticate(
    db,
    policy,
    { username: input.approverUsername, password: input.approverPassword },
    { ip: client.ip, key: `till-approval:${client.tillOf}` },
  );
  if (staff.role !== "owner") throw new ForbiddenError(msg("returns:limits.ownerOnly"));
  return staff.id;
}
