import type { Bill, Executor, UtcTime } from "../types.ts";

export type CustomerBillRow = Pick<
  Bill,
  "id" | "number" | "status" | "total" | "completed_at" | "payment_mode" | "created_at"
>;

/** Completed and voided bills of a customer, newest first (index customer_id, completed_at). */
export async function customerBillRows(
  db: Executor,
  id: number,
  limit: number,
  offset: number,
): Promise<CustomerBillRow[]> {
  return db
    .selectFrom("bills")
    .select(["id", "number", "status", "total", "completed_at", "payment_mode", "created_at"])
    .where("customer_id", "=", id)
    .where("status", "in", ["completed", "voided"])
    .orderBy("completed_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countCustomerBills(db: Executor, id: number): Promise<number> {
  const row = await db
    .selectFrom("bills")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("customer_id", "=", id)
    .where("status", "in", ["completed", "voided"])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every line of a customer's completed and voided bills, for their data export. */
export async function billLinesForExport(db: Executor, id: number) {
  return db
    .selectFrom("bill_lines as l")
    .innerJoin("bills as b", "b.id", "l.bill_id")
    .select(["b.number", "l.name", "l.code", "l.qty", "l.unit", "l.unit_price", "l.line_total"])
    .where("b.customer_id", "=", id)
    .where("b.status", "in", ["completed", "voided"])
    .orderBy("b.completed_at", "desc")
    .orderBy("b.id", "desc")
    .orderBy("l.position")
    .execute();
}

/** Each customer's first numbered bill (completed or later voided), UTC. */
export async function firstBillTimes(
  db: Executor,
): Promise<Array<{ customerId: number; first: UtcTime; createdAt: UtcTime }>> {
  const rows = await db
    .selectFrom("bills as b")
    .innerJoin("customers as c", "c.id", "b.customer_id")
    .select((eb) => [
      "b.customer_id",
      "c.created_at",
      eb.fn.min<string>("b.completed_at").as("first"),
    ])
    .where("b.completed_at", "is not", null)
    .groupBy(["b.customer_id", "c.created_at"])
    .execute();
  return rows.map((r) => ({
    customerId: Number(r.customer_id),
    first: String(r.first),
    createdAt: r.created_at,
  }));
}
