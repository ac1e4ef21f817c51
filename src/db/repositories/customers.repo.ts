import type { Insertable } from "kysely";
import type { Customer, CustomerTable, Executor } from "../types.ts";

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
