import type { BillStatus, Executor, UtcTime } from "../types.ts";

/**
 * Reading bills (detail, lookup, print log). The till's bills.repo.ts writes
 * them; this file only reads, plus the bill_prints log.
 */

/** A bill row with the names a printed bill needs. */
export async function findBillWithPeople(db: Executor, id: number) {
  return db
    .selectFrom("bills as b")
    .innerJoin("users as u", "u.id", "b.cashier_id")
    .leftJoin("customers as c", "c.id", "b.customer_id")
    .leftJoin("users as v", "v.id", "b.voided_by")
    .selectAll("b")
    .select([
      "u.display_name as cashier_name",
      "c.name as customer_name",
      "c.phone as customer_phone",
      "c.erased_at as customer_erased_at",
      "v.display_name as voided_by_name",
    ])
    .where("b.id", "=", id)
    .executeTakeFirst();
}

export type BillWithPeople = NonNullable<Awaited<ReturnType<typeof findBillWithPeople>>>;

export async function listLinesOfBill(db: Executor, billId: number) {
  return db
    .selectFrom("bill_lines")
    .selectAll()
    .where("bill_id", "=", billId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

/** The id of the bill with exactly this number (unique index), if any. */
export async function findBillIdByNumber(
  db: Executor,
  number: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom("bills")
    .select("id")
    .where("number", "=", number)
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export interface BillSearchFilter {
  /** Bill numbers ending with this text (a typed sequence number such as "000123"). */
  numberSuffix?: string;
  /** Customers whose reversed phone digits start with this (last digits of the phone). */
  phoneRevPrefix?: string;
  /** When both of the above are set: match either (4–6 typed digits may be either). */
  either?: boolean;
  fromUtc?: UtcTime;
  /** Exclusive upper bound. */
  toUtc?: UtcTime;
  limit: number;
  offset: number;
}

export interface BillSearchRow {
  id: number;
  number: string | null;
  status: BillStatus;
  completed_at: UtcTime | null;
  total: number;
  payment_mode: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_erased_at: UtcTime | null;
  cashier_name: string;
}

/** Numbered bills (completed or voided), newest first, filtered. */
export async function searchBillRows(db: Executor, f: BillSearchFilter): Promise<BillSearchRow[]> {
  let q = db
    .selectFrom("bills as b")
    .innerJoin("users as u", "u.id", "b.cashier_id")
    .leftJoin("customers as c", "c.id", "b.customer_id")
    .select([
      "b.id",
      "b.number",
      "b.status",
      "b.completed_at",
      "b.total",
      "b.payment_mode",
      "c.name as customer_name",
      "c.phone as customer_phone",
      "c.erased_at as customer_erased_at",
      "u.display_name as cashier_name",
    ])
    .where("b.number", "is not", null)
    .where("b.status", "in", ["completed", "voided"]);
  const { numberSuffix, phoneRevPrefix } = f;
  if (f.either && numberSuffix && phoneRevPrefix) {
    q = q.where((eb) =>
      eb.or([
        eb("b.number", "like", `%${noWildcards(numberSuffix)}`),
        eb("c.phone_rev", "like", `${noWildcards(phoneRevPrefix)}%`),
      ]),
    );
  } else {
    if (numberSuffix) q = q.where("b.number", "like", `%${noWildcards(numberSuffix)}`);
    if (phoneRevPrefix) q = q.where("c.phone_rev", "like", `${noWildcards(phoneRevPrefix)}%`);
  }
  if (f.fromUtc) q = q.where("b.completed_at", ">=", f.fromUtc);
  if (f.toUtc) q = q.where("b.completed_at", "<", f.toUtc);
  const rows = await q
    .orderBy("b.completed_at", "desc")
    .orderBy("b.id", "desc")
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), total: Number(r.total) }));
}

/**
 * LIKE treats % and _ as wildcards and SQLite has no default escape character,
 * so callers pass only digits, "/" and "-" (the service validates); anything
 * else here is a programming error.
 */
function noWildcards(text: string): string {
  if (!/^[0-9/-]+$/.test(text)) throw new Error(`unsafe LIKE operand: ${text}`);
  return text;
}

/**
 * Logs one printed copy; returns its id and its ordinal for the bill (1 = the
 * original). Call it outside a transaction: the count must see other tills'
 * committed prints.
 */
export async function insertBillPrint(
  db: Executor,
  row: { bill_id: number; user_id: number | null; format: string; printed_at: UtcTime },
): Promise<{ id: number; copy: number }> {
  const result = await db.insertInto("bill_prints").values(row).executeTakeFirstOrThrow();
  const id = Number(result.insertId);
  // Counting rows up to our own id (not "count, then insert") gives two
  // simultaneous first prints distinct ordinals: only one is the original.
  const n = await db
    .selectFrom("bill_prints")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("bill_id", "=", row.bill_id)
    .where("id", "<=", id)
    .executeTakeFirstOrThrow();
  return { id, copy: Number(n.n) };
}

export async function deleteBillPrint(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("bill_prints").where("id", "=", id).execute();
}

export async function countBillPrints(db: Executor, billId: number): Promise<number> {
  const n = await db
    .selectFrom("bill_prints")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("bill_id", "=", billId)
    .executeTakeFirstOrThrow();
  return Number(n.n);
}
