import type { Config } from "./config.ts";
import type { AppDatabase } from "./db/database.ts";
import type { Logger } from "./logger.ts";

/** Everything a route needs; built once by createApp and passed to each route module. */
export interface AppContext {
  database: AppDatabase;
  db: AppDatabase["db"];
  config: Config;
  logger: Logger;
}
