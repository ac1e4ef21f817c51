import type { Kysely } from "kysely";

// Frozen in time: typed Kysely<any>, imports no app code, query builder only.
// Returns and exchanges (services/returns): a credit note per return, its own
// gapless series (counters), its lines referencing the sold bill lines, and
// its printed copies. bill_lines.returned_qty is what the conditional update
// that stops over-returning checks; bills carry how many returns they have
// (a bill with returns cannot be voided) and the part of a new bill paid by an
// exchange's credit note. The owner's limits for a cashier's return, and the
// day rollup's return figures.

const money = "bigint";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("bill_lines")
    .addColumn("returned_qty", money, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("bills")
    .addColumn("return_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("bills")
    .addColumn("returned_total", money, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("bills")
    .addColumn("paid_exchange", money, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("shop_settings")
    .addColumn("max_return_amount", money, (c) => c.notNull().defaultTo(200_000))
    .execute();
  await db.schema
    .alterTable("shop_settings")
    .addColumn("max_return_days", "integer", (c) => c.notNull().defaultTo(7))
    .execute();
  await db.schema
    .alterTable("sales_daily")
    .addColumn("return_count", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("sales_daily")
    .addColumn("return_total", money, (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("credit_notes")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("number", "varchar(16)", (c) => c.notNull().unique())
    .addColumn("bill_id", "integer", (c) => c.notNull().references("bills.id"))
    .addColumn("customer_id", "integer", (c) => c.references("customers.id"))
    .addColumn("cashier_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("approved_by", "integer", (c) => c.references("users.id"))
    .addColumn("reason", "varchar(24)", (c) => c.notNull())
    .addColumn("note", "varchar(400)")
    .addColumn("subtotal", money, (c) => c.notNull())
    .addColumn("discount", money, (c) => c.notNull())
    .addColumn("taxable_total", money, (c) => c.notNull())
    .addColumn("tax_total", money, (c) => c.notNull())
    .addColumn("round_off", money, (c) => c.notNull())
    .addColumn("total", money, (c) => c.notNull())
    .addColumn("refund_cash", money, (c) => c.notNull().defaultTo(0))
    .addColumn("refund_upi", money, (c) => c.notNull().defaultTo(0))
    .addColumn("refund_card", money, (c) => c.notNull().defaultTo(0))
    .addColumn("refund_store_credit", money, (c) => c.notNull().defaultTo(0))
    .addColumn("refund_exchange", money, (c) => c.notNull().defaultTo(0))
    .addColumn("exchange_bill_id", "integer", (c) => c.references("bills.id"))
    .addColumn("created_at", "datetime", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("credit_notes_bill_idx")
    .on("credit_notes")
    .columns(["bill_id", "id"])
    .execute();
  // Range analytics net a period's returns per customer, as bills_status_completed_cover_idx does for bills.
  await db.schema
    .createIndex("credit_notes_created_cover_idx")
    .on("credit_notes")
    .columns(["created_at", "customer_id", "total"])
    .execute();

  await db.schema
    .createTable("credit_note_lines")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("credit_note_id", "integer", (c) => c.notNull().references("credit_notes.id"))
    .addColumn("bill_line_id", "integer", (c) => c.notNull().references("bill_lines.id"))
    .addColumn("product_id", "integer", (c) => c.notNull().references("products.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("code", "varchar(64)", (c) => c.notNull())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("hsn", "varchar(16)", (c) => c.notNull().defaultTo(""))
    .addColumn("unit", "varchar(4)", (c) => c.notNull())
    .addColumn("unit_price", money, (c) => c.notNull())
    .addColumn("qty", money, (c) => c.notNull())
    .addColumn("tax_rate", "integer", (c) => c.notNull())
    .addColumn("gross", money, (c) => c.notNull())
    .addColumn("discount", money, (c) => c.notNull())
    .addColumn("taxable_value", money, (c) => c.notNull())
    .addColumn("tax_amount", money, (c) => c.notNull())
    .addColumn("line_total", money, (c) => c.notNull())
    .addColumn("restock", "smallint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("credit_note_lines_note_idx")
    .on("credit_note_lines")
    .columns(["credit_note_id", "position"])
    .execute();
  await db.schema
    .createIndex("credit_note_lines_bill_line_idx")
    .on("credit_note_lines")
    .column("bill_line_id")
    .execute();

  await db.schema
    .createTable("credit_note_prints")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("credit_note_id", "integer", (c) => c.notNull().references("credit_notes.id"))
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("format", "varchar(8)", (c) => c.notNull())
    .addColumn("printed_at", "datetime", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("credit_note_prints_note_idx")
    .on("credit_note_prints")
    .columns(["credit_note_id", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["credit_note_prints", "credit_note_lines", "credit_notes"])
    await db.schema.dropTable(t).ifExists().execute();
  for (const c of ["return_total", "return_count"])
    await db.schema.alterTable("sales_daily").dropColumn(c).execute();
  for (const c of ["max_return_days", "max_return_amount"])
    await db.schema.alterTable("shop_settings").dropColumn(c).execute();
  for (const c of ["paid_exchange", "returned_total", "return_count"])
    await db.schema.alterTable("bills").dropColumn(c).execute();
  await db.schema.alterTable("bill_lines").dropColumn("returned_qty").execute();
}
