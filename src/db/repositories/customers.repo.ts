import type { Insertable, Updateable } from "kysely";
import { startsWith } from "../prefix.ts";
import type { Customer, CustomerTable, Executor, UtcTime } from "../types.ts";

/** Inserts a customer and returns its id (insertId: MySQL has no RETURNING). */
export async function insertCustomer(
  db: Executor,
  row: Insertable<CustomerTable>,
): Promise<number> {
  const result = await db.insertInto("customers").values(row).executeTakeFirstOrThrow();
  return Number(result.insertId);
}

export async function findCustomerById(db: Executor, id: number): Promise<Customer | undefined> {
  return db.selectFrom("customers").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Exact lookup by normalised E.164 phone (unique index). */
export async function findCustomerByPhone(
  db: Executor,
  phone: string,
): Promise<Customer | undefined> {
  return db.selectFrom("customers").selectAll().where("phone", "=", phone).executeTakeFirst();
}

export async function updateCustomerRow(
  db: Executor,
  id: number,
  changes: Updateable<CustomerTable>,
): Promise<void> {
  await db.updateTable("customers").set(changes).where("id", "=", id).execute();
}

/** Replaces the name-search keys of a customer (see the customer-name-keys migration). */
export async function replaceNameKeys(db: Executor, id: number, keys: string[]): Promise<void> {
  await db.deleteFrom("customer_name_keys").where("customer_id", "=", id).execute();
  if (keys.length === 0) return;
  await db
    .insertInto("customer_name_keys")
    .values(keys.map((name_key) => ({ name_key, customer_id: id })))
    .execute();
}

/** Customers whose E.164 phone starts with `prefix` (unique index on phone). */
export async function customersByPhonePrefix(
  db: Executor,
  prefix: string,
  limit: number,
): Promise<Customer[]> {
  return (
    db
      .selectFrom("customers")
      .selectAll()
      // Erasure nulls phone and phone_rev, so no erased customer can match; an
      // extra `erased_at IS NULL` here made SQLite pick the erased index and scan.
      .where(startsWith(db, "customers.phone", prefix))
      .orderBy("phone")
      .limit(limit)
      .execute()
  );
}

/** Customers whose phone ends with the digits whose reverse is `revPrefix` (phone_rev index). */
export async function customersByPhoneSuffix(
  db: Executor,
  revPrefix: string,
  limit: number,
): Promise<Customer[]> {
  return (
    db
      .selectFrom("customers")
      .selectAll()
      // Erasure nulls phone_rev: see customersByPhonePrefix.
      .where(startsWith(db, "customers.phone_rev", revPrefix))
      .orderBy("phone_rev")
      .limit(limit)
      .execute()
  );
}

/**
 * Customers with a name key starting with `keyPrefix`, in key order (the
 * primary key serves both the range and the order, so the scan stops at
 * `limit`). One customer can match twice ("raj raj"): callers dedupe.
 */
export async function customersByNameKey(
  db: Executor,
  keyPrefix: string,
  limit: number,
): Promise<Customer[]> {
  return db
    .selectFrom("customer_name_keys as k")
    .innerJoin("customers as c", "c.id", "k.customer_id")
    .selectAll("c")
    .where(startsWith(db, "k.name_key", keyPrefix))
    .where("c.erased_at", "is", null)
    .orderBy("k.name_key")
    .orderBy("k.customer_id")
    .limit(limit)
    .execute();
}

export interface CustomerListRow extends Customer {
  total_spent: number | null;
  bill_count: number | null;
  last_purchase_at: UtcTime | null;
}

/** One page of live (not erased) customers by name, with their stats (customers_name_idx). */
export async function listCustomersByName(
  db: Executor,
  opts: { desc: boolean; limit: number; offset: number },
): Promise<CustomerListRow[]> {
  const dir = opts.desc ? "desc" : "asc";
  return db
    .selectFrom("customers as c")
    .leftJoin("customer_stats as s", "s.customer_id", "c.id")
    .selectAll("c")
    .select(["s.total_spent", "s.bill_count", "s.last_purchase_at"])
    .where("c.erased_at", "is", null)
    .orderBy("c.name", dir)
    .orderBy("c.id", dir)
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

/**
 * Customers who bought, ordered by spend or last visit: read in the order of
 * the customer_stats indexes (total_spent, customer_id) / (last_purchase_at),
 * so page 1 of 100,000 customers does not sort the whole table.
 */
export async function listCustomersByStats(
  db: Executor,
  opts: { sort: "spent" | "last"; desc: boolean; limit: number; offset: number },
): Promise<CustomerListRow[]> {
  const dir = opts.desc ? "desc" : "asc";
  const key = opts.sort === "spent" ? "s.total_spent" : "s.last_purchase_at";
  return db
    .selectFrom("customer_stats as s")
    .innerJoin("customers as c", "c.id", "s.customer_id")
    .selectAll("c")
    .select(["s.total_spent", "s.bill_count", "s.last_purchase_at"])
    .where("c.erased_at", "is", null)
    .orderBy(key, dir)
    .orderBy("s.customer_id", dir)
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

/** Live customers who never bought (no customer_stats row), by name. */
export async function listCustomersWithoutStats(
  db: Executor,
  opts: { limit: number; offset: number },
): Promise<CustomerListRow[]> {
  const rows = await db
    .selectFrom("customers as c")
    .selectAll("c")
    .where("c.erased_at", "is", null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("customer_stats as s")
            .select("s.customer_id")
            .whereRef("s.customer_id", "=", "c.id"),
        ),
      ),
    )
    .orderBy("c.name")
    .orderBy("c.id")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return rows.map((r) => ({ ...r, total_spent: null, bill_count: null, last_purchase_at: null }));
}

/** Rows in customer_stats (erasure deletes a customer's row, so these are live customers). */
export async function countCustomersWithStats(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("customer_stats")
    .select((eb) => eb.fn.countAll().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countLiveCustomers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("customers")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("erased_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Live customers after `afterId`, in id order, with stats (keyset batches for CSV export). */
export async function customerBatchWithStats(
  db: Executor,
  afterId: number,
  limit: number,
): Promise<CustomerListRow[]> {
  return db
    .selectFrom("customers as c")
    .leftJoin("customer_stats as s", "s.customer_id", "c.id")
    .selectAll("c")
    .select(["s.total_spent", "s.bill_count", "s.last_purchase_at"])
    .where("c.erased_at", "is", null)
    .where("c.id", ">", afterId)
    .orderBy("c.id")
    .limit(limit)
    .execute();
}

export async function deleteCustomerStats(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("customer_stats").where("customer_id", "=", id).execute();
}

/** Detaches a customer from bills still being rung up (open or held); finished bills keep it. */
export async function detachFromUnfinishedBills(db: Executor, id: number): Promise<number> {
  const result = await db
    .updateTable("bills")
    .set({ customer_id: null })
    .where("customer_id", "=", id)
    .where("status", "in", ["open", "held"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
