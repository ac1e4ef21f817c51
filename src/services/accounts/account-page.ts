import { findAccount } from "../../db/repositories/accounts.repo.ts";
import { findCustomerById } from "../../db/repositories/customers.repo.ts";
import type { Executor } from "../../db/types.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import type { Shop } from "../shop/settings.ts";
import { buildReminder, type Reminder } from "./reminders.ts";
import { storeCreditAvailable } from "./rules.ts";
import { recentEntries, statementRange } from "./statement.ts";

/** The account section of a customer's page: balance, limit, running balance, reminder. */
export interface CustomerAccount {
  balance: number;
  creditLimit: number;
  storeCredit: number;
  /** What can still go on account before the limit. */
  room: number;
  entries: Awaited<ReturnType<typeof recentEntries>>;
  reminder: Reminder | null;
  statement: { from: string; to: string };
}

export async function customerAccount(
  db: Executor,
  shop: Shop,
  customerId: number,
): Promise<CustomerAccount> {
  const [account, customer, entries] = await Promise.all([
    findAccount(db, customerId),
    findCustomerById(db, customerId),
    recentEntries(db, customerId),
  ]);
  if (!account || !customer) throw new NotFoundError(msg("accounts:errors.noCustomer"));
  return {
    ...account,
    storeCredit: storeCreditAvailable(account.balance),
    room: Math.max(0, account.creditLimit - account.balance),
    entries,
    reminder: customer.erased_at ? null : buildReminder(shop, customer, account.balance),
    statement: statementRange({}, shop.timeZone),
  };
}
