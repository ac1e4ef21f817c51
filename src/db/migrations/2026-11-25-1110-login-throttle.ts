import type { Kysely } from "kysely";

// Failed logins per (username, client), where a client is one browser on one
// address: the guesser waits, the owner at another till does not. In the
// database, so every app instance sees the same count.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("login_throttle")
    .addColumn("username", "varchar(64)", (c) => c.notNull())
    .addColumn("client", "varchar(64)", (c) => c.notNull())
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("last_failed_at", "datetime", (c) => c.notNull())
    .addColumn("locked_until", "datetime")
    .addPrimaryKeyConstraint("login_throttle_pk", ["username", "client"])
    .execute();
  await db.schema
    .createIndex("login_throttle_last_idx")
    .on("login_throttle")
    .column("last_failed_at")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_throttle").ifExists().execute();
}
