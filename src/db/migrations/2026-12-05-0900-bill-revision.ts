import type { Kysely } from "kysely";

// Frozen in time (Kysely<any>, query builder only). bills.revision: moved on by
// every claim of a bill row (bills.repo lockOpenBill, updateBillIfStatus), so a
// process that knows an open bill's lines at revision r knows them still when
// its own claim reads r + 1 (services/till/open-lines.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("bills")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("bills").dropColumn("revision").execute();
}
