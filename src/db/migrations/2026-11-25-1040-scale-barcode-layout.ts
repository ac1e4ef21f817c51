import type { Kysely } from "kysely";

// Frozen in time (Kysely<any>, query builder only). How the shop's weighing scale
// lays out its EAN-13 labels: 'weight' (item + grams), 'price' (item + paise) or 'off'.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("shop_settings")
    .addColumn("scale_barcode_layout", "varchar(8)", (c) => c.notNull().defaultTo("weight"))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("shop_settings").dropColumn("scale_barcode_layout").execute();
}
