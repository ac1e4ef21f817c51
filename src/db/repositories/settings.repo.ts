import type { Insertable, Updateable } from "kysely";
import type { Executor, ShopSettings, ShopSettingsTable } from "../types.ts";

export async function getSettings(db: Executor): Promise<ShopSettings | undefined> {
  return db.selectFrom("shop_settings").selectAll().where("id", "=", 1).executeTakeFirst();
}

export async function insertSettings(
  db: Executor,
  row: Insertable<ShopSettingsTable>,
): Promise<void> {
  await db.insertInto("shop_settings").values(row).execute();
}

export async function updateSettings(
  db: Executor,
  changes: Updateable<ShopSettingsTable>,
): Promise<void> {
  await db.updateTable("shop_settings").set(changes).where("id", "=", 1).execute();
}
