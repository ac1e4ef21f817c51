import { sql } from "kysely";
import type { Executor, LedgerEntry, UtcTime } from "../types.ts";

/**
 * Reading customer accounts (the till, the customer page, statements, the
 * "who owes what" list, end of day). ledger.repo.ts writes them.
 */

/** A customer's balance and limit, without a lock (what a page shows). */
export async function findAccount(
  db: Executor,
  customerId: number,
): Promise<{ balance: number; creditLimit: number } | undefined> {
  const row = await db
    .selectFrom("customers")
    .select(["balance", "credit_limit"])
    .where("id", "=", customerId)
    .executeTakeFirst();
  return row ? { balance: Number(row.balance), creditLimit: Number(row.credit_limit) } : undefined;
}

export async function findLedgerEntry(db: Executor, id: number): Promise<LedgerEntry | undefined> {
  return db.selectFrom("customer_ledger").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Σ of a customer's entries before `beforeUtc`: the opening balance of a statement. */
export async function balanceBefore(
  db: Executor,
  customerId: number,
  beforeUtc: UtcTime,
): Promise<number> {
  const row = await db
    .selectFrom("customer_ledger")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("amount"), eb.val(0)).as("sum"))
    .where("customer_id", "=", customerId)
    .where("created_at", "<", beforeUtc)
    .executeTakeFirst();
  return Number(row?.sum ?? 0);
}

/** A customer's entries in [fromUtc, toUtc), oldest first, with the bill's number. */
export async function entriesBetween(
  db: Executor,
  customerId: number,
  fromUtc: UtcTime,
  toUtc: UtcTime,
  limit: number,
) {
  return db
    .selectFrom("customer_ledger as l")
    .leftJoin("bills as b", "b.id", "l.bill_id")
    .leftJoin("users as u", "u.id", "l.user_id")
    .selectAll("l")
    .select(["b.number as bill_number", "b.total as bill_total", "u.display_name as user_name"])
    .where("l.customer_id", "=", customerId)
    .where("l.created_at", ">=", fromUtc)
    .where("l.created_at", "<", toUtc)
    .orderBy("l.created_at")
    .orderBy("l.id")
    .limit(limit)
    .execute();
}

export type StatementRow = Awaited<ReturnType<typeof entriesBetween>>[number];

/** A customer's latest entries with the bill number, newest first (the customer page). */
export async function latestEntries(db: Executor, customerId: number, limit: number) {
  return db
    .selectFrom("customer_ledger as l")
    .leftJoin("bills as b", "b.id", "l.bill_id")
    .leftJoin("users as u", "u.id", "l.user_id")
    .selectAll("l")
    .select(["b.number as bill_number", "b.total as bill_total", "u.display_name as user_name"])
    .where("l.customer_id", "=", customerId)
    .orderBy("l.id", "desc")
    .limit(limit)
    .execute();
}

/** Live customers who owe (balance > 0), through customers_balance_idx. */
export async function owingCustomers(db: Executor) {
  return db
    .selectFrom("customers")
    .select(["id", "name", "phone", "balance", "credit_limit"])
    .where("balance", ">", 0)
    .where("erased_at", "is", null)
    .execute();
}

/**
 * The entries that decide how old a debt is, for the customers who owe:
 * every debit (amount > 0) and every reversal that took a bill back off the
 * account (it cancels that bill's debit rather than the oldest one).
 */
export async function debtEntries(db: Executor) {
  return db
    .selectFrom("customer_ledger as l")
    .innerJoin("customers as c", "c.id", "l.customer_id")
    .select(["l.id", "l.customer_id", "l.kind", "l.amount", "l.bill_id", "l.created_at"])
    .where("c.balance", ">", 0)
    .where("c.erased_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("l.amount", ">", 0),
        eb.and([eb("l.kind", "=", "reversal"), eb("l.bill_id", "is not", null)]),
      ]),
    )
    .orderBy("l.customer_id")
    .orderBy("l.created_at")
    .orderBy("l.id")
    .execute();
}

/** What all customers owe (balance > 0) and what the shop owes as store credit (< 0). */
export async function outstandingTotals(db: Executor) {
  const row = await db
    .selectFrom("customers")
    .select((eb) => [
      eb.fn
        .sum<number>(eb.case().when("balance", ">", 0).then(eb.ref("balance")).else(0).end())
        .as("owed"),
      eb.fn.sum<number>(eb.case().when("balance", ">", 0).then(1).else(0).end()).as("owing"),
      eb.fn
        .sum<number>(eb.case().when("balance", "<", 0).then(eb.ref("balance")).else(0).end())
        .as("credit"),
    ])
    .where("balance", "<>", 0)
    .where("erased_at", "is", null)
    .executeTakeFirst();
  return {
    owed: Number(row?.owed ?? 0),
    customersOwing: Number(row?.owing ?? 0),
    storeCredit: -Number(row?.credit ?? 0),
  };
}

/** Σ and count of ledger entries of some kinds in [fromUtc, toUtc), per user who posted them. */
export async function entriesByUser(
  db: Executor,
  kinds: LedgerEntry["kind"][],
  fromUtc: UtcTime | null,
  toUtc: UtcTime | null,
) {
  let q = db
    .selectFrom("customer_ledger as l")
    .leftJoin("users as u", "u.id", "l.user_id")
    .select((eb) => [
      "l.user_id",
      "l.kind",
      "l.payment_mode",
      eb.fn.max("u.display_name").as("user_name"),
      eb.fn.countAll<number>().as("entries"),
      eb.fn.sum<number>("l.amount").as("amount"),
    ])
    .where("l.kind", "in", kinds);
  if (fromUtc) q = q.where("l.created_at", ">=", fromUtc);
  if (toUtc) q = q.where("l.created_at", "<", toUtc);
  const rows = await q.groupBy(["l.user_id", "l.kind", "l.payment_mode"]).execute();
  return rows.map((r) => ({
    userId: r.user_id === null ? null : Number(r.user_id),
    userName: (r.user_name as string | null) ?? "",
    kind: r.kind,
    mode: r.payment_mode,
    entries: Number(r.entries),
    amount: Number(r.amount),
  }));
}

/** Σ on account and store credit spent over the bills completed in [fromUtc, toUtc). */
export async function accountTendersBetween(db: Executor, fromUtc: UtcTime | null, toUtc: UtcTime) {
  let q = db
    .selectFrom("bills")
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>("paid_account"), eb.val(0)).as("account"),
      eb.fn.coalesce(eb.fn.sum<number>("paid_store_credit"), eb.val(0)).as("store_credit"),
    ])
    .where("status", "=", "completed")
    .where("completed_at", "<", toUtc)
    // Adds nothing to the sums; it lets SQLite read the partial index
    // bills_account_tenders_idx (the same literal condition) and MySQL merge its
    // two tender indexes, instead of reading every bill (migration 2026-12-05-0920).
    .where(sql<boolean>`(paid_account > 0 or paid_store_credit > 0)`);
  if (fromUtc) q = q.where("completed_at", ">=", fromUtc);
  const row = await q.executeTakeFirst();
  return { account: Number(row?.account ?? 0), storeCredit: Number(row?.store_credit ?? 0) };
}
