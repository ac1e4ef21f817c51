import type { Kysely } from "kysely";

// A cashier's largest line and bill discount (basis points of the amount it
// applies to, 1000 = 10 %), so a new shop is protected before anyone sets them;
// above them an owner approves at the till, and the bill keeps who approved.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("shop_settings")
    .addColumn("max_line_discount", "integer", (c) => c.notNull().defaultTo(1000))
    .execute();
  await db.schema
    .alterTable("shop_settings")
    .addColumn("max_bill_discount", "integer", (c) => c.notNull().defaultTo(1000))
    .execute();
  await db.schema.alterTable("bills").addColumn("discount_approved_by", "bigint").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("bills").dropColumn("discount_approved_by").execute();
  await db.schema.alterTable("shop_settings").dropColumn("max_bill_discount").execute();
  await db.schema.alterTable("shop_settings").dropColumn("max_line_discount").execute();
}
