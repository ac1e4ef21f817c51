import type { Insertable, Updateable } from "kysely";
import { inTransaction } from "../in-transaction.ts";
import type { Executor, ShopSettings, ShopSettingsTable } from "../types.ts";
import { bumpCacheGeneration } from "./counters.repo.ts";

// Every process keeps the shop's settings in memory (app.ts): a write moves
// the cache generation in its own transaction (db/cache-generation.ts).

export async function getSettings(db: Executor): Promise<ShopSettings | undefined> {
  return db.selectFrom("shop_settings").selectAll().where("id", "=", 1).executeTakeFirst();
}

export async function insertSettings(
  db: Executor,
  row: Insertable<ShopSettingsTable>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.insertInto("shop_settings").values(row).execute();
    await bumpCacheGeneration(trx);
  });
}

export async function updateSettings(
  db: Executor,
  changes: Updateable<ShopSettingsTable>,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.updateTable("shop_settings").set(changes).where("id", "=", 1).execute();
    await bumpCacheGeneration(trx);
  });
}
