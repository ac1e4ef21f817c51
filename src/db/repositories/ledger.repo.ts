import type { Insertable } from "kysely";
import { isSqlite } from "../dialect.ts";
import type { CustomerLedgerTable, Executor, LedgerEntry } from "../types.ts";

/**
 * Moves a customer's balance by `amount` paise in one conditional update, the
 * statement that decides concurrent sales: with `limit` the row only moves
 * while the new balance stays within the customer's credit limit, so two tills
 * charging the same customer at once queue on the row and the second is
 * refused; with "zero" the balance may not rise above 0 (spending store
 * credit never turns into debt). False when nothing moved (no such live
 * customer, or past the ceiling).
 */
export async function moveBalance(
  db: Executor,
  customerId: number,
  amount: number,
  ceiling: "credit-limit" | "zero" | "none",
): Promise<boolean> {
  let q = db
    .updateTable("customers")
    .set((eb) => ({ balance: eb("balance", "+", amount) }))
    .where("id", "=", customerId)
    .where("erased_at", "is", null);
  if (ceiling === "credit-limit") {
    q = q.where((eb) => eb(eb("balance", "+", amount), "<=", eb.ref("credit_limit")));
  } else if (ceiling === "zero") {
    q = q.where((eb) => eb(eb("balance", "+", amount), "<=", eb.val(0)));
  }
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A customer's balance and limit as they are now, inside the caller's
 * transaction (after moveBalance: the balance just written; after a refusal:
 * the latest committed row, locked on MySQL as in stock.repo's currentStock).
 */
export async function currentBalance(
  db: Executor,
  customerId: number,
): Promise<{ balance: number; creditLimit: number; erased: boolean } | undefined> {
  let q = db
    .selectFrom("customers")
    .select(["balance", "credit_limit", "erased_at"])
    .where("id", "=", customerId);
  if (!isSqlite(db)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row
    ? {
        balance: Number(row.balance),
        creditLimit: Number(row.credit_limit),
        erased: row.erased_at !== null,
      }
    : undefined;
}

export async function insertLedgerEntry(
  db: Executor,
  entry: Insertable<CustomerLedgerTable>,
): Promise<number> {
  const result = await db.insertInto("customer_ledger").values(entry).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function setCreditLimit(
  db: Executor,
  customerId: number,
  creditLimit: number,
): Promise<boolean> {
  const result = await db
    .updateTable("customers")
    .set({ credit_limit: creditLimit })
    .where("id", "=", customerId)
    .where("erased_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A customer's entries, newest first (the account page; statements read by date range). */
export async function listLedger(
  db: Executor,
  customerId: number,
  limit = 100,
): Promise<LedgerEntry[]> {
  return db
    .selectFrom("customer_ledger")
    .selectAll()
    .where("customer_id", "=", customerId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** Entries that belong to one bill (a void or a return reverses them). */
export async function ledgerEntriesForBill(db: Executor, billId: number): Promise<LedgerEntry[]> {
  return db
    .selectFrom("customer_ledger")
    .selectAll()
    .where("bill_id", "=", billId)
    .orderBy("id")
    .execute();
}

/** Customers whose balance is not the sum of their entries (the reliability check): empty when sound. */
export async function balanceMismatches(
  db: Executor,
): Promise<{ customerId: number; balance: number; entries: number }[]> {
  const rows = await db
    .selectFrom("customers as c")
    .leftJoin("customer_ledger as l", "l.customer_id", "c.id")
    .select((eb) => [
      "c.id as customerId",
      "c.balance as balance",
      eb.fn.coalesce(eb.fn.sum<number>("l.amount"), eb.val(0)).as("entries"),
    ])
    .groupBy(["c.id", "c.balance"])
    .execute();
  return rows
    .map((r) => ({
      customerId: Number(r.customerId),
      balance: Number(r.balance),
      entries: Number(r.entries),
    }))
    .filter((r) => r.balance !== r.entries);
}
