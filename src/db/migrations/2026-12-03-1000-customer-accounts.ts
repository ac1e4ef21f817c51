import type { Kysely } from "kysely";

// Frozen in time (Kysely<any>, query builder only). A customer's account
// (udhaar and store credit): every change is a ledger entry, and the customer
// row carries the running balance (paise; > 0 the customer owes the shop,
// < 0 the shop owes the customer store credit) and the credit limit the
// owner sets (0 = no credit). The balance row is what concurrent sales lock:
// a conditional update checks the limit in the same statement that moves it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("customers")
    .addColumn("credit_limit", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("customers")
    .addColumn("balance", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable("customer_ledger")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("customer_id", "integer", (c) => c.notNull().references("customers.id"))
    .addColumn("kind", "varchar(16)", (c) => c.notNull())
    .addColumn("amount", "bigint", (c) => c.notNull())
    .addColumn("balance_after", "bigint", (c) => c.notNull())
    .addColumn("bill_id", "integer", (c) => c.references("bills.id"))
    .addColumn("payment_mode", "varchar(8)")
    .addColumn("reference", "varchar(64)")
    .addColumn("note", "varchar(400)")
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "datetime", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("customer_ledger_customer_idx")
    .on("customer_ledger")
    .columns(["customer_id", "id"])
    .execute();
  await db.schema
    .createIndex("customer_ledger_bill_idx")
    .on("customer_ledger")
    .column("bill_id")
    .execute();
  await db.schema
    .createIndex("customers_balance_idx")
    .on("customers")
    .columns(["balance", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("customers_balance_idx").on("customers").execute();
  await db.schema.dropTable("customer_ledger").execute();
  await db.schema.alterTable("customers").dropColumn("balance").execute();
  await db.schema.alterTable("customers").dropColumn("credit_limit").execute();
}
