import { findAccount } from "../../db/repositories/accounts.repo.ts";
import { currentBalance, setCreditLimit } from "../../db/repositories/ledger.repo.ts";
import type { Db } from "../../db/types.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { MAX_PAISE, parseRupees } from "../../lib/money.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { cleanText } from "../../lib/validation.ts";
import type { StaffActor } from "../customers/customers.ts";
import { recordAudit } from "../shop/audit.ts";
import { postLedgerEntry } from "./ledger.ts";

/**
 * What only the owner does to an account: set the credit limit, correct the
 * balance (an adjustment, either way) and write off what is owed — each with
 * its reason in the audit log, in the transaction that moves the balance.
 */

function ownerOnly(actor: StaffActor): void {
  if (actor.role !== "owner") throw new ForbiddenError(msg("accounts:errors.ownerOnly"));
}

function reasonOf(input: Record<string, unknown>): string {
  const reason = cleanText(String(input.reason ?? "")).slice(0, 300);
  if (reason.length < 3)
    throw new ValidationError(msg("accounts:errors.reason"), {
      reason: msg("accounts:errors.reasonField"),
    });
  return reason;
}

/** Sets the largest balance the customer may owe ("" or 0 = no credit). */
export async function changeCreditLimit(
  db: Db,
  actor: StaffActor,
  customerId: number,
  input: Record<string, unknown>,
): Promise<number> {
  ownerOnly(actor);
  const text = String(input.creditLimit ?? "").trim();
  const limit = text === "" ? 0 : parseRupees(text);
  if (limit === null)
    throw new ValidationError(msg("accounts:errors.creditLimit"), {
      creditLimit: msg("accounts:errors.invalidAmount"),
    });
  await db.transaction().execute(async (trx) => {
    const before = await currentBalance(trx, customerId);
    if (!before || before.erased) throw new NotFoundError(msg("accounts:errors.noCustomer"));
    if (!(await setCreditLimit(trx, customerId, limit)))
      throw new NotFoundError(msg("accounts:errors.noCustomer"));
    await recordAudit(trx, actor, "account.credit_limit", {
      entity: "customer",
      entityId: customerId,
      detail: { from: before.creditLimit, to: limit, balance: before.balance },
    });
  });
  return limit;
}

/**
 * An owner's correction of the balance: `direction` "owes_more" adds the
 * amount to what the customer owes, "owes_less" takes it off (a negative
 * result is store credit). Audited with the reason and the balances.
 */
export async function adjustBalance(
  db: Db,
  actor: StaffActor,
  customerId: number,
  input: Record<string, unknown>,
): Promise<number> {
  ownerOnly(actor);
  const paise = parseRupees(String(input.amount ?? ""));
  if (!paise)
    throw new ValidationError(msg("accounts:errors.adjustAmount"), {
      amount: msg("accounts:errors.enterAmount"),
    });
  const direction = String(input.direction ?? "");
  if (direction !== "owes_more" && direction !== "owes_less")
    throw new ValidationError(msg("accounts:errors.direction"), {
      direction: msg("accounts:errors.chooseOne"),
    });
  const reason = reasonOf(input);
  const amount = direction === "owes_more" ? paise : -paise;
  return db.transaction().execute(async (trx) => {
    const posted = await postLedgerEntry(trx, {
      customerId,
      kind: "adjustment",
      amount,
      note: reason,
      userId: actor.userId,
    });
    await recordAudit(trx, actor, "account.adjust", {
      entity: "customer",
      entityId: customerId,
      detail: { amount, reason, balanceAfter: posted.balanceAfter },
    });
    return posted.balanceAfter;
  });
}

/**
 * Forgives what the customer owes (all of it when no amount is typed, never
 * more than the balance): a "write_off" entry, audited with the reason.
 */
export async function writeOff(
  db: Db,
  actor: StaffActor,
  customerId: number,
  input: Record<string, unknown>,
): Promise<number> {
  ownerOnly(actor);
  const reason = reasonOf(input);
  const typed = String(input.amount ?? "").trim();
  const asked = typed === "" ? null : parseRupees(typed);
  if (typed !== "" && !asked)
    throw new ValidationError(msg("accounts:errors.writeOffAmount"), {
      amount: msg("accounts:errors.invalidAmount"),
    });
  return db.transaction().execute(async (trx) => {
    const now = await currentBalance(trx, customerId);
    if (!now || now.erased) throw new NotFoundError(msg("accounts:errors.noCustomer"));
    if (now.balance <= 0)
      throw new ValidationError(msg("accounts:errors.nothingToWriteOff"), {
        amount: msg("accounts:errors.nothingOwed"),
      });
    const amount = Math.min(asked ?? now.balance, now.balance, MAX_PAISE);
    const posted = await postLedgerEntry(trx, {
      customerId,
      kind: "write_off",
      amount: -amount,
      note: reason,
      userId: actor.userId,
      at: nowUtc(),
    });
    await recordAudit(trx, actor, "account.write_off", {
      entity: "customer",
      entityId: customerId,
      detail: { amount, reason, balanceBefore: now.balance, balanceAfter: posted.balanceAfter },
    });
    return posted.balanceAfter;
  });
}

/** The account figures a page shows, or NotFoundError. */
export async function accountFigures(db: Db, customerId: number) {
  const found = await findAccount(db, customerId);
  if (!found) throw new NotFoundError(msg("accounts:errors.noCustomer"));
  return found;
}
