import type { Migration } from "kysely";
import * as initial from "./2026-11-25-0900-initial.ts";

/** Every migration, by name; names sort in the order they run. Add new ones here. */
export const migrations: Record<string, Migration> = {
  "2026-11-25-0900-initial": initial,
};
