import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { createTestTarget, testDialects } from "../helpers/db.ts";
import { HttpTill } from "../helpers/http-till.ts";
import { checkLedger } from "../helpers/ledger.ts";
import {
  CASHIER_PASSWORD,
  LONG,
  newLog,
  prepareShop,
  type SellerLog,
  sellUntilSoldOut,
} from "../helpers/reliability.ts";
import { type AppProcess, startAppProcess } from "../helpers/server-process.ts";

/**
 * Proof 1 — many tills, one database: real server processes (tsx
 * src/server.ts), 8 cashiers per process over HTTP, each with its own open
 * bill, selling 5 products whose stock cannot cover them all. Afterwards the
 * ledger must balance (tests/helpers/ledger.ts) and no cashier ever saw a 5xx.
 * MySQL: two processes on one database; SQLite: one process (one file).
 * RELIABILITY_LONG=1 sells ten times the stock.
 */

const CLIENTS_PER_PROCESS = 8;
const STOCK = LONG ? 300 : 20;
const MAX_BILLS = LONG ? 200 : 40;

function urlOf(target: { dialect: string; url?: string; file?: string }): string {
  return target.dialect === "mysql" ? String(target.url) : `sqlite:${target.file}`;
}

for (const dialect of testDialects()) {
  const processes = dialect === "mysql" ? 2 : 1;
  describe(`${dialect}: ${processes} till process(es) × ${CLIENTS_PER_PROCESS} cashiers, one database`, () => {
    const apps: AppProcess[] = [];
    let drop: (() => Promise<void>) | undefined;
    afterAll(async () => {
      if (process.env.RELIABILITY_LOG) for (const a of apps) console.info(a.output());
      for (const a of apps) await a.stop().catch(() => {});
      await drop?.();
    });

    it(
      "sells out without overselling; numbers, totals, stock and customer_stats all balance",
      async () => {
        const made = await createTestTarget(dialect);
        drop = made.drop;
        const shop = await prepareShop(made.target, made.dataDir, {
          cashiers: processes * CLIENTS_PER_PROCESS,
          stock: STOCK,
        });
        const started = Array.from({ length: processes }, (_, p) => {
          const dataDir = path.join(made.dataDir, `till-${p}`);
          mkdirSync(dataDir);
          return startAppProcess({ databaseUrl: urlOf(made.target), dataDir });
        });
        apps.push(...(await Promise.all(started)));
        const tills = shop.cashiers.map(
          (u, i) => new HttpTill(apps[i % processes]?.base ?? "", u, CASHIER_PASSWORD),
        );
        await Promise.all(tills.map((t) => t.login()));
        const logs: SellerLog[] = await Promise.all(
          tills.map((t, i) => sellUntilSoldOut(t, shop, 1000 + i, MAX_BILLS, newLog())),
        );

        const errors = logs.flatMap((l) => l.serverErrors);
        expect(errors).toEqual([]);
        const acknowledged = logs.flatMap((l) => l.acknowledged);
        expect(new Set(acknowledged).size).toBe(acknowledged.length);
        // Demand exceeded the stock: some sales were refused cleanly.
        expect(logs.reduce((s, l) => s + l.refusals, 0)).toBeGreaterThan(0);

        const database = openDatabase(made.target);
        try {
          const { problems, figures } = await checkLedger(database.db);
          expect(problems).toEqual([]);
          expect(figures.completed).toBe(acknowledged.length);
          const numbers = await database.db
            .selectFrom("bills")
            .select("number")
            .where("status", "=", "completed")
            .execute();
          expect(numbers.map((b) => b.number).sort()).toEqual([...acknowledged].sort());
          // Both processes sold (MySQL): the tills really ran side by side.
          if (processes > 1) {
            const cashiersWithBills = await database.db
              .selectFrom("bills")
              .select("cashier_id")
              .where("status", "=", "completed")
              .groupBy("cashier_id")
              .execute();
            expect(cashiersWithBills.length).toBeGreaterThan(CLIENTS_PER_PROCESS);
          }
          const stock = await database.db.selectFrom("products").select("stock").execute();
          const left = stock.reduce((s, p) => s + Number(p.stock), 0);
          console.info(
            `[reliability] ${dialect}: ${tills.length} cashiers on ${processes} process(es), ` +
              `${figures.completed} bills completed, ${figures.unitsSold} units sold of ` +
              `${5 * STOCK}, ${left} left, ${logs.reduce((s, l) => s + l.refusals, 0)} clean refusals, ` +
              `${logs.reduce((s, l) => s + l.requests, 0)} requests, 0 lost`,
          );
        } finally {
          await database.close();
        }
      },
      LONG ? 600_000 : 120_000,
    );
  });
}
