/**
 * Changing and erasing customers (split from customers.ts, which
 * holds search and registration).
 */
import type { Updateable } from "kysely";
import {
  deleteCustomerStats,
  detachFromUnfinishedBills,
  findCustomerById,
  findCustomerByPhone,
  replaceNameKeys,
  updateCustomerRow,
} from "../../db/repositories/customers.repo.ts";
import { currentBalance } from "../../db/repositories/ledger.repo.ts";
import type { CustomerTable, Executor } from "../../db/types.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { formatRupees } from "../../lib/money.ts";
import { normalizePhone, reversedDigits } from "../../lib/phone.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { parseInput } from "../../lib/validation.ts";
import { recordAudit } from "../shop/audit.ts";
import {
  type CustomerSummary,
  customerSchema,
  DuplicateCustomerError,
  duplicateOr,
  ERASED_NAME,
  getCustomer,
  inTransaction,
  nameKeys,
  nameOnlySchema,
  type StaffActor,
  toSummary,
} from "./customers.ts";

/**
 * Edits a customer. The owner sends the whole record (name, phone, email;
 * an empty email removes it); a cashier may only fix the name: sending a
 * different phone or email is refused with ForbiddenError (403).
 * Bills reference the customer id, so a new phone keeps the whole history.
 */
export async function updateCustomer(
  db: Executor,
  actor: StaffActor,
  id: number,
  input: unknown,
): Promise<CustomerSummary> {
  const current = await findCustomerById(db, id);
  if (!current) throw new NotFoundError(msg("customers:errors.notFound"));
  if (current.erased_at) throw new ConflictError(msg("customers:errors.erasedEdit"));
  const raw = (input ?? {}) as Record<string, unknown>;
  let changes: Updateable<CustomerTable>;
  if (actor.role === "owner") {
    const data = parseInput(customerSchema, input);
    changes = { name: data.name, phone: data.phone, email: data.email };
    changes.phone_rev = reversedDigits(data.phone);
  } else {
    const data = parseInput(nameOnlySchema, input);
    const phoneChanged =
      typeof raw.phone === "string" && normalizePhone(raw.phone) !== current.phone;
    const emailChanged =
      typeof raw.email === "string" && (raw.email.trim().toLowerCase() || null) !== current.email;
    if (phoneChanged || emailChanged)
      throw new ForbiddenError(msg("customers:errors.ownerContact"));
    changes = { name: data.name };
  }
  if (changes.phone && changes.phone !== current.phone) {
    const other = await findCustomerByPhone(db, changes.phone);
    if (other) throw new DuplicateCustomerError(toSummary(other));
  }
  const changed = (["name", "phone", "email"] as const).filter(
    (k) => k in changes && changes[k] !== current[k],
  );
  if (changed.length === 0) return toSummary(current);
  try {
    await inTransaction(db, async (trx) => {
      await updateCustomerRow(trx, id, { ...changes, updated_at: nowUtc() });
      if (changed.includes("name"))
        await replaceNameKeys(trx, id, nameKeys(changes.name as string));
      // Contact details are personal data: record that they changed, not the values.
      if (changed.some((k) => k !== "name"))
        await recordAudit(trx, actor, "customer.update", {
          entity: "customer",
          entityId: id,
          detail: { fields: changed },
        });
    });
  } catch (err) {
    return duplicateOr(db, err, changes.phone as string);
  }
  return getCustomer(db, id);
}

/**
 * Erases a customer (DPDP right to erasure), owner only, with `confirm` set
 * to "ERASE": name becomes "Erased customer", phone and email are removed,
 * the analytics row is deleted (so analytics no longer shows them), bills
 * stay for the accounts, and open or held bills drop the customer. Audited.
 * Refused while the customer's account is not at zero (owed or store credit).
 */
export async function eraseCustomer(
  db: Executor,
  actor: StaffActor,
  id: number,
  input: unknown,
): Promise<CustomerSummary> {
  if (actor.role !== "owner") throw new ForbiddenError(msg("customers:errors.ownerErase"));
  const confirm = String((input as { confirm?: unknown } | null)?.confirm ?? "").trim();
  if (confirm.toUpperCase() !== "ERASE")
    throw new ValidationError(msg("customers:errors.typeErase"), {
      confirm: msg("customers:errors.typeErase"),
    });
  const current = await findCustomerById(db, id);
  if (!current) throw new NotFoundError(msg("customers:errors.notFound"));
  if (current.erased_at) throw new ConflictError(msg("customers:errors.alreadyErased"));
  await inTransaction(db, async (trx) => {
    // The account must be square first, checked on the locked row (a sale on account may be racing).
    const account = await currentBalance(trx, id);
    if (account && account.balance !== 0)
      throw new ConflictError(
        account.balance > 0
          ? msg("customers:errors.owes", { amount: formatRupees(account.balance) })
          : msg("customers:errors.storeCredit", { amount: formatRupees(-account.balance) }),
        { confirm: msg("customers:errors.notSettled") },
      );
    const now = nowUtc();
    await updateCustomerRow(trx, id, {
      name: ERASED_NAME,
      phone: null,
      phone_rev: null,
      email: null,
      erased_at: now,
      updated_at: now,
    });
    await replaceNameKeys(trx, id, []);
    await deleteCustomerStats(trx, id);
    const detached = await detachFromUnfinishedBills(trx, id);
    await recordAudit(trx, actor, "customer.erase", {
      entity: "customer",
      entityId: id,
      detail: { detachedOpenBills: detached },
    });
  });
  return getCustomer(db, id);
}
