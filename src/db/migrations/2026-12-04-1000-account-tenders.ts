import type { Kysely } from "kysely";

// Frozen in time (Kysely<any>, query builder only). Udhaar at the till: a
// bill can be paid partly or wholly "on account" (paid_account, posted to the
// customer's ledger as a credit sale) and with the customer's store credit
// (paid_store_credit, posted as credit used), so cash + UPI + card + account +
// store credit = total. The shop's reminder message is a setting with
// placeholders {name}, {balance}, {shop} and {upi}. A credit note's
// refund_account is the part of a return taken back off the account.
export const DEFAULT_REMINDER =
  "Namaste {name}, a gentle reminder from {shop}: your balance with us is {balance}. You can pay at the shop or by UPI: {upi} Thank you!";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("bills")
    .addColumn("paid_account", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("bills")
    .addColumn("paid_store_credit", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("shop_settings")
    .addColumn("reminder_message", "varchar(400)", (c) => c.notNull().defaultTo(DEFAULT_REMINDER))
    .execute();
  // A return of a bill paid on account gives that part back off the account (a reversal).
  await db.schema
    .alterTable("credit_notes")
    .addColumn("refund_account", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  // Statements and "payments received" read a customer's or a day's entries by time.
  await db.schema
    .createIndex("customer_ledger_created_idx")
    .on("customer_ledger")
    .columns(["created_at", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("customer_ledger_created_idx").on("customer_ledger").execute();
  await db.schema.alterTable("credit_notes").dropColumn("refund_account").execute();
  await db.schema.alterTable("shop_settings").dropColumn("reminder_message").execute();
  await db.schema.alterTable("bills").dropColumn("paid_store_credit").execute();
  await db.schema.alterTable("bills").dropColumn("paid_account").execute();
}
