import type { Kysely } from "kysely";

// Frozen in time (Kysely<any>, query builder only). Receipt printers (ESC/POS,
// on the network or an operating-system queue) and their print queue: one row
// per job, so a restart loses nothing and jobs go out in order. The shop's
// "silent printing" flag is for the launcher's app window (PDF without a dialog).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("printers")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("name", "varchar(60)", (c) => c.notNull())
    .addColumn("kind", "varchar(8)", (c) => c.notNull()) // 'network' | 'os'
    .addColumn("host", "varchar(255)")
    .addColumn("port", "integer")
    .addColumn("queue", "varchar(255)")
    .addColumn("paper", "varchar(8)", (c) => c.notNull()) // '80mm' | '58mm'
    .addColumn("columns", "integer", (c) => c.notNull())
    .addColumn("rupee_text", "smallint", (c) => c.notNull().defaultTo(0))
    .addColumn("auto_print", "smallint", (c) => c.notNull().defaultTo(1))
    .addColumn("drawer", "smallint", (c) => c.notNull().defaultTo(1))
    .addColumn("status_check", "smallint", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "datetime", (c) => c.notNull())
    .addColumn("updated_at", "datetime", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("print_jobs")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("printer_id", "integer", (c) => c.notNull().references("printers.id"))
    .addColumn("kind", "varchar(8)", (c) => c.notNull()) // 'receipt' | 'drawer' | 'test'
    .addColumn("bill_id", "integer", (c) => c.references("bills.id"))
    .addColumn("pulse", "smallint", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "varchar(8)", (c) => c.notNull()) // 'queued' | 'sending' | 'failed' | 'done' | 'cancel'
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "varchar(300)")
    .addColumn("user_id", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "datetime", (c) => c.notNull())
    .addColumn("updated_at", "datetime", (c) => c.notNull())
    .addColumn("printed_at", "datetime")
    .execute();
  await db.schema
    .createIndex("print_jobs_printer_idx")
    .on("print_jobs")
    .columns(["printer_id", "status", "id"])
    .execute();
  await db.schema
    .alterTable("shop_settings")
    .addColumn("silent_printing", "smallint", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("shop_settings").dropColumn("silent_printing").execute();
  await db.schema.dropTable("print_jobs").ifExists().execute();
  await db.schema.dropTable("printers").ifExists().execute();
}
