import type { Kysely } from "kysely";

// Frozen in time: typed Kysely<any>, imports no app code, query builder only
// so the same migration runs on SQLite and MySQL/MariaDB.

const id = "integer";
const money = "bigint";
const time = "datetime";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("shop_settings")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("name", "varchar(120)", (c) => c.notNull())
    .addColumn("address", "varchar(400)", (c) => c.notNull().defaultTo(""))
    .addColumn("phone", "varchar(40)", (c) => c.notNull().defaultTo(""))
    .addColumn("gstin", "varchar(15)")
    .addColumn("upi_id", "varchar(100)")
    .addColumn("receipt_format", "varchar(8)", (c) => c.notNull().defaultTo("80mm"))
    .addColumn("prices_include_tax", "smallint", (c) => c.notNull().defaultTo(1))
    .addColumn("round_off", "smallint", (c) => c.notNull().defaultTo(1))
    .addColumn("time_zone", "varchar(64)", (c) => c.notNull().defaultTo("Asia/Kolkata"))
    .addColumn("bill_prefix", "varchar(8)", (c) => c.notNull().defaultTo(""))
    .addColumn("footer", "varchar(400)", (c) => c.notNull().defaultTo("Thank you! Visit again."))
    .addColumn("gst_rates", "varchar(200)", (c) => c.notNull().defaultTo("0,500,1800,4000"))
    .addColumn("auto_print", "smallint", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("username", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("display_name", "varchar(120)", (c) => c.notNull())
    .addColumn("password_hash", "varchar(100)", (c) => c.notNull())
    .addColumn("role", "varchar(16)", (c) => c.notNull())
    .addColumn("active", "smallint", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("sid", "varchar(128)", (c) => c.primaryKey())
    .addColumn("sess", "text", (c) => c.notNull())
    .addColumn("expires", "bigint", (c) => c.notNull())
    .addColumn("user_id", id)
    .execute();
  await db.schema.createIndex("sessions_expires_idx").on("sessions").column("expires").execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("customers")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("name", "varchar(120)", (c) => c.notNull())
    .addColumn("phone", "varchar(20)", (c) => c.unique())
    .addColumn("phone_rev", "varchar(20)")
    .addColumn("email", "varchar(254)")
    .addColumn("erased_at", time)
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("customers_phone_rev_idx")
    .on("customers")
    .column("phone_rev")
    .execute();
  await db.schema.createIndex("customers_name_idx").on("customers").column("name").execute();

  await db.schema
    .createTable("products")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("code", "varchar(64)", (c) => c.notNull().unique())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("category", "varchar(64)", (c) => c.notNull().defaultTo(""))
    .addColumn("price", money, (c) => c.notNull())
    .addColumn("gst_rate", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("hsn", "varchar(8)", (c) => c.notNull().defaultTo(""))
    .addColumn("unit", "varchar(4)", (c) => c.notNull().defaultTo("pc"))
    .addColumn("stock", money, (c) => c.notNull().defaultTo(0))
    .addColumn("low_stock_level", money, (c) => c.notNull().defaultTo(0))
    .addColumn("active", "smallint", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("products_name_idx").on("products").column("name").execute();
  await db.schema
    .createIndex("products_active_stock_idx")
    .on("products")
    .columns(["active", "stock"])
    .execute();

  await db.schema
    .createTable("stock_movements")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("product_id", id, (c) => c.notNull().references("products.id"))
    .addColumn("change", money, (c) => c.notNull())
    .addColumn("reason", "varchar(16)", (c) => c.notNull())
    .addColumn("reference", "varchar(64)")
    .addColumn("note", "varchar(400)")
    .addColumn("user_id", id, (c) => c.references("users.id"))
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("stock_movements_product_idx")
    .on("stock_movements")
    .columns(["product_id", "id"])
    .execute();

  await db.schema
    .createTable("bills")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("number", "varchar(16)", (c) => c.unique())
    .addColumn("status", "varchar(10)", (c) => c.notNull())
    .addColumn("customer_id", id, (c) => c.references("customers.id"))
    .addColumn("cashier_id", id, (c) => c.notNull().references("users.id"))
    .addColumn("subtotal", money, (c) => c.notNull().defaultTo(0))
    .addColumn("line_discount_total", money, (c) => c.notNull().defaultTo(0))
    .addColumn("discount_kind", "varchar(8)", (c) => c.notNull().defaultTo("amount"))
    .addColumn("discount_value", money, (c) => c.notNull().defaultTo(0))
    .addColumn("bill_discount", money, (c) => c.notNull().defaultTo(0))
    .addColumn("taxable_total", money, (c) => c.notNull().defaultTo(0))
    .addColumn("tax_total", money, (c) => c.notNull().defaultTo(0))
    .addColumn("round_off", money, (c) => c.notNull().defaultTo(0))
    .addColumn("total", money, (c) => c.notNull().defaultTo(0))
    .addColumn("payment_mode", "varchar(8)")
    .addColumn("paid_cash", money, (c) => c.notNull().defaultTo(0))
    .addColumn("paid_upi", money, (c) => c.notNull().defaultTo(0))
    .addColumn("paid_card", money, (c) => c.notNull().defaultTo(0))
    .addColumn("tendered", money, (c) => c.notNull().defaultTo(0))
    .addColumn("change_due", money, (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addColumn("held_at", time)
    .addColumn("completed_at", time)
    .addColumn("voided_at", time)
    .addColumn("voided_by", id, (c) => c.references("users.id"))
    .addColumn("void_reason", "varchar(400)")
    .execute();
  await db.schema
    .createIndex("bills_status_cashier_idx")
    .on("bills")
    .columns(["status", "cashier_id"])
    .execute();
  await db.schema
    .createIndex("bills_customer_completed_idx")
    .on("bills")
    .columns(["customer_id", "completed_at"])
    .execute();
  await db.schema.createIndex("bills_completed_idx").on("bills").column("completed_at").execute();

  await db.schema
    .createTable("bill_lines")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("bill_id", id, (c) => c.notNull().references("bills.id"))
    .addColumn("product_id", id, (c) => c.notNull().references("products.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("code", "varchar(64)", (c) => c.notNull())
    .addColumn("name", "varchar(200)", (c) => c.notNull())
    .addColumn("hsn", "varchar(8)", (c) => c.notNull().defaultTo(""))
    .addColumn("unit", "varchar(4)", (c) => c.notNull().defaultTo("pc"))
    .addColumn("unit_price", money, (c) => c.notNull())
    .addColumn("qty", money, (c) => c.notNull())
    .addColumn("discount_kind", "varchar(8)", (c) => c.notNull().defaultTo("amount"))
    .addColumn("discount_value", money, (c) => c.notNull().defaultTo(0))
    .addColumn("discount", money, (c) => c.notNull().defaultTo(0))
    .addColumn("tax_rate", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("taxable_value", money, (c) => c.notNull().defaultTo(0))
    .addColumn("tax_amount", money, (c) => c.notNull().defaultTo(0))
    .addColumn("line_total", money, (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("bill_lines_bill_idx")
    .on("bill_lines")
    .columns(["bill_id", "position"])
    .execute();
  await db.schema
    .createIndex("bill_lines_product_idx")
    .on("bill_lines")
    .column("product_id")
    .execute();

  await db.schema
    .createTable("customer_stats")
    .addColumn("customer_id", id, (c) => c.primaryKey().references("customers.id"))
    .addColumn("total_spent", money, (c) => c.notNull().defaultTo(0))
    .addColumn("bill_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("first_purchase_at", time)
    .addColumn("last_purchase_at", time)
    .execute();
  await db.schema
    .createIndex("customer_stats_spent_idx")
    .on("customer_stats")
    .columns(["total_spent", "customer_id"])
    .execute();
  await db.schema
    .createIndex("customer_stats_last_idx")
    .on("customer_stats")
    .column("last_purchase_at")
    .execute();

  await db.schema
    .createTable("counters")
    .addColumn("name", "varchar(64)", (c) => c.primaryKey())
    .addColumn("value", money, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", id, (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", id)
    .addColumn("username", "varchar(64)")
    .addColumn("action", "varchar(48)", (c) => c.notNull())
    .addColumn("entity", "varchar(32)")
    .addColumn("entity_id", "varchar(64)")
    .addColumn("detail", "text")
    .addColumn("ip", "varchar(64)")
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("audit_log_action_idx")
    .on("audit_log")
    .columns(["action", "created_at"])
    .execute();
  await db.schema
    .createIndex("audit_log_username_idx")
    .on("audit_log")
    .columns(["username", "action", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "audit_log",
    "counters",
    "customer_stats",
    "bill_lines",
    "bills",
    "stock_movements",
    "products",
    "customers",
    "sessions",
    "users",
    "shop_settings",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
