import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createConnection } from "mysql2/promise";
import type { DatabaseTarget } from "../../src/config.ts";
import { type AppDatabase, type Dialect, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";

/**
 * The dialects the integration suites run on: TEST_DIALECTS (comma list) or
 * sqlite plus mysql when MYSQL_URL is set. Under CI=true, mysql without a
 * MYSQL_URL is an error, never a silent skip.
 */
export function testDialects(): Dialect[] {
  const wanted = (process.env.TEST_DIALECTS ?? (process.env.MYSQL_URL ? "sqlite,mysql" : "sqlite"))
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean) as Dialect[];
  if (wanted.includes("mysql") && !process.env.MYSQL_URL) {
    throw new Error("TEST_DIALECTS includes mysql but MYSQL_URL is not set");
  }
  if (process.env.CI === "true" && !process.env.MYSQL_URL) {
    throw new Error("CI=true but MYSQL_URL is not set: the MySQL suite must run in CI");
  }
  return wanted;
}

export interface TestDatabase {
  database: AppDatabase;
  target: DatabaseTarget;
  dataDir: string;
  /** Closes the connection and deletes the database (and data directory). */
  cleanup(): Promise<void>;
}

/** A throwaway database of the given dialect (own file or own MySQL schema), not yet migrated. */
export async function createTestTarget(dialect: Dialect): Promise<{
  target: DatabaseTarget;
  dataDir: string;
  drop(): Promise<void>;
}> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "srqb-test-"));
  if (dialect === "sqlite") {
    return {
      target: { dialect: "sqlite", file: path.join(dataDir, "shop.sqlite") },
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const base = new URL(process.env.MYSQL_URL as string);
  const name = `srqb_t_${randomBytes(6).toString("hex")}`;
  const admin = await createConnection({ uri: base.toString() });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    target: { dialect: "mysql", url: url.toString(), database: name },
    dataDir,
    drop: async () => {
      const conn = await createConnection({ uri: base.toString() });
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, migrated database of the given dialect. */
export async function freshDatabase(dialect: Dialect): Promise<TestDatabase> {
  const { target, dataDir, drop } = await createTestTarget(dialect);
  const database = openDatabase(target);
  await migrateToLatest(database.db);
  return {
    database,
    target,
    dataDir,
    cleanup: async () => {
      await database.close();
      await drop();
    },
  };
}
