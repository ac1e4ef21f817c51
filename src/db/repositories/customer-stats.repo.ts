import type { CustomerStats, Executor } from "../types.ts";

export async function findCustomerStats(
  db: Executor,
  customerId: number,
): Promise<CustomerStats | undefined> {
  return db
    .selectFrom("customer_stats")
    .selectAll()
    .where("customer_id", "=", customerId)
    .executeTakeFirst();
}

/** Adds a completed bill to a customer's stats row; false when the row does not exist yet. */
export async function addToCustomerStats(
  db: Executor,
  customerId: number,
  total: number,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("customer_stats")
    .set((eb) => ({
      total_spent: eb("total_spent", "+", total),
      bill_count: eb("bill_count", "+", 1),
      first_purchase_at: eb.fn.coalesce("first_purchase_at", eb.val(at)),
      last_purchase_at: at,
    }))
    .where("customer_id", "=", customerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertCustomerStats(
  db: Executor,
  customerId: number,
  total: number,
  at: string,
): Promise<void> {
  await db
    .insertInto("customer_stats")
    .values({
      customer_id: customerId,
      total_spent: total,
      bill_count: 1,
      first_purchase_at: at,
      last_purchase_at: at,
    })
    .execute();
}

/** Takes a voided bill out of the stats: subtract, then re-read first/last from the remaining bills. */
export async function subtractFromCustomerStats(
  db: Executor,
  customerId: number,
  total: number,
): Promise<void> {
  const span = await db
    .selectFrom("bills")
    .select((eb) => [
      eb.fn.min<string>("completed_at").as("first"),
      eb.fn.max<string>("completed_at").as("last"),
    ])
    .where("customer_id", "=", customerId)
    .where("status", "=", "completed")
    .executeTakeFirst();
  await db
    .updateTable("customer_stats")
    .set((eb) => ({
      total_spent: eb("total_spent", "-", total),
      bill_count: eb("bill_count", "-", 1),
      first_purchase_at: span?.first ?? null,
      last_purchase_at: span?.last ?? null,
    }))
    .where("customer_id", "=", customerId)
    .execute();
}

/** A credit note's refund comes off the customer's spend (bills, first and last purchase stay). */
export async function subtractRefundFromCustomerStats(
  db: Executor,
  customerId: number,
  refund: number,
): Promise<void> {
  await db
    .updateTable("customer_stats")
    .set((eb) => ({ total_spent: eb("total_spent", "-", refund) }))
    .where("customer_id", "=", customerId)
    .execute();
}
