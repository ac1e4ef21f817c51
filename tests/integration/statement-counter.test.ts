import SQLite from "better-sqlite3";
import { Kysely, MysqlDialect, SqliteDialect } from "kysely";
import { createPool } from "mysql2";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { type AppDatabase, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import {
  countingMysqlPool,
  countingSqlite,
  StatementCounter,
} from "../../src/db/statement-counter.ts";
import type { Database } from "../../src/db/types.ts";
import { createLogger } from "../../src/logger.ts";
import { createStaff } from "../../src/services/shop/staff.ts";
import { scanIntoBill } from "../../src/services/till/bill.ts";
import { CASHIER, loginAs, setupShopVia, type TestApp, testConfig } from "../helpers/app.ts";
import { createTestTarget, testDialects } from "../helpers/db.ts";
import { seedProduct, tillPost, tillToken } from "../helpers/till.ts";

/** A Kysely on a counting driver, with Kysely's own query log as the witness. */
function countedKysely(target: TestApp["target"], counter: StatementCounter) {
  const logged: string[] = [];
  const log = (e: { level: string; query: { sql: string } }) => {
    if (e.level === "query") logged.push(e.query.sql);
  };
  if (target.dialect === "sqlite") {
    const handle = new SQLite(target.file);
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: countingSqlite(handle, counter) }),
      log,
    });
    return { db, logged };
  }
  const pool = createPool({ uri: target.url, connectionLimit: 2 });
  countingMysqlPool(pool, counter);
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }), log });
  return { db, logged };
}

for (const dialect of testDialects()) {
  describe(`${dialect}: the statement counter (SRQB_COUNT_STATEMENTS)`, () => {
    let t: TestApp;
    let cashierId = 0;

    beforeAll(async () => {
      const made = await createTestTarget(dialect);
      const database: AppDatabase = openDatabase(made.target, { countStatements: true });
      await migrateToLatest(database.db);
      const config = testConfig({
        database: made.target,
        dataDir: made.dataDir,
        countStatements: true,
      });
      const app = createApp({ database, config, logger: createLogger("silent") });
      t = {
        database,
        target: made.target,
        dataDir: made.dataDir,
        app,
        config,
        cleanup: async () => {
          await database.close();
          await made.drop();
        },
      };
      await setupShopVia(t.app);
      const staff = await createStaff(
        database.db,
        { userId: null, username: "test" },
        { ...CASHIER, confirmPassword: CASHIER.password, role: "cashier" },
      );
      cashierId = staff.id;
      await seedProduct(database.db, {
        code: "SALT-1",
        name: "Tata Salt 1kg",
        price: 2800,
        stock: 500,
      });
    });

    afterAll(async () => {
      await t?.cleanup();
    });

    it("counts exactly what the driver ran for a scan, BEGIN and COMMIT included", async () => {
      const counter = new StatementCounter();
      const { db, logged } = countedKysely(t.target, counter);
      try {
        await scanIntoBill(db, cashierId, "SALT-1"); // a new line
        await scanIntoBill(db, cashierId, "SALT-1"); // the same line bumped
      } finally {
        await db.destroy();
      }
      const counts = counter.snapshot();
      expect(counts.total).toBeGreaterThan(4);
      // Kysely's log sees every query a connection executes, transactions included.
      expect(counts.total).toBe(logged.length);
      expect(counts.byVerb.begin).toBe(2);
      expect(counts.byVerb.commit).toBe(2);
      const verbsOfLog: Record<string, number> = {};
      for (const s of logged) {
        const verb = (/^\s*([A-Za-z]+)/.exec(s)?.[1] ?? "other").toLowerCase();
        verbsOfLog[verb] = (verbsOfLog[verb] ?? 0) + 1;
      }
      expect(counts.byVerb).toEqual(verbsOfLog);
    });

    it("counts a rolled-back transaction's BEGIN and ROLLBACK", async () => {
      const counter = new StatementCounter();
      const { db } = countedKysely(t.target, counter);
      try {
        await expect(scanIntoBill(db, cashierId, "NO-SUCH-CODE")).rejects.toThrow();
        await expect(
          db.transaction().execute(async (trx) => {
            await trx.selectFrom("products").select("id").execute();
            throw new Error("give up");
          }),
        ).rejects.toThrow("give up");
      } finally {
        await db.destroy();
      }
      const counts = counter.snapshot();
      // Two rolled-back transactions: the refused scan (it reads the code inside the transaction
      // that would write the line) and the one given up here.
      expect(counts.byVerb.begin).toBe(2);
      expect(counts.byVerb.rollback).toBe(2);
      expect(counts.byVerb.commit).toBeUndefined();
    });

    it("serves the counts on GET /__bench/statements; a scan over HTTP adds them", async () => {
      const cashier = await loginAs(t.app, CASHIER.username, CASHIER.password);
      const token = await tillToken(cashier);
      const read = async () => {
        const res = await request(t.app).get("/__bench/statements");
        expect(res.status).toBe(200);
        return res.body as { total: number; byVerb: Record<string, number> };
      };
      const before = await read();
      // Reading the counts runs no statement itself.
      expect((await read()).total).toBe(before.total);
      const res = await tillPost(cashier, token, "/till/scan", { code: "SALT-1" });
      expect(res.status).toBe(200);
      const after = await read();
      expect(after.total).toBeGreaterThan(before.total);
      expect(after.byVerb.commit ?? 0).toBeGreaterThan(before.byVerb.commit ?? 0);
    });

    it("is not there, and nothing counts, when the variable is unset", async () => {
      const plain = openDatabase(t.target);
      try {
        expect(plain.statements).toBeUndefined();
        const app = createApp({
          database: plain,
          config: testConfig({ database: t.target, dataDir: t.dataDir }),
          logger: createLogger("silent"),
        });
        const res = await request(app).get("/__bench/statements");
        expect(res.status).not.toBe(200);
      } finally {
        await plain.close();
      }
    });
  });
}
