import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { createTestTarget, testDialects } from "../helpers/db.ts";
import { completedNumber, HttpTill, openBillId } from "../helpers/http-till.ts";
import { checkLedger } from "../helpers/ledger.ts";
import { CASHIER_PASSWORD, LONG, prepareShop, rng } from "../helpers/reliability.ts";
import { type AppProcess, startAppProcess } from "../helpers/server-process.ts";
import { databaseUrlOf } from "../helpers/till-processes.ts";

/**
 * Proof 2 — crash: the real server process is killed with SIGKILL (no
 * shutdown handler, transactions cut mid-way) while cashiers complete bills
 * in a loop, then started again on the same database. Every bill a cashier
 * saw acknowledged must be there, the ledger must balance (no half-written
 * bill), and the open bills of the other tills must be exactly as they were.
 * RELIABILITY_LONG=1 crashes it 20 times instead of 3.
 */

const CRASHES = LONG ? 20 : 3;
const LOOPERS = 4;

interface LoopState {
  acknowledged: string[];
  cutOff: number;
  serverErrors: string[];
}

/** Completes bills until the connection dies (the crash); returns what it saw. */
async function sellUntilCrash(till: HttpTill, codes: string[], seed: number, state: LoopState) {
  const pick = rng(seed);
  try {
    for (;;) {
      let billId: number | null = null;
      for (let k = 1 + pick(2); k > 0; k--) {
        const res = await till.scan(codes[pick(codes.length)] ?? "");
        if (res.status >= 500) state.serverErrors.push(`scan ${res.status}`);
        billId = openBillId(res.text) ?? billId;
      }
      if (billId === null) continue;
      const res = await till.complete(billId, { mode: "cash", tendered: "" });
      if (res.status >= 500) state.serverErrors.push(`complete ${res.status}`);
      const number = res.status === 200 ? completedNumber(res.text) : null;
      if (number) state.acknowledged.push(number);
    }
  } catch {
    state.cutOff++; // the request in flight when the process died
  }
}

for (const dialect of testDialects()) {
  describe(`${dialect}: kill -9 while bills are being completed`, () => {
    let app: AppProcess | undefined;
    let drop: (() => Promise<void>) | undefined;
    afterAll(async () => {
      await app?.stop().catch(() => {});
      await drop?.();
    });

    it(
      `loses no acknowledged bill and leaves nothing half-written (${CRASHES} crashes)`,
      async () => {
        const made = await createTestTarget(dialect);
        drop = made.drop;
        const shop = await prepareShop(made.target, made.dataDir, {
          cashiers: LOOPERS + 2,
          stock: 1_000_000,
        });
        const dataDir = path.join(made.dataDir, "till");
        mkdirSync(dataDir);
        const start = () => startAppProcess({ databaseUrl: databaseUrlOf(made.target), dataDir });
        app = await start();
        const tills = shop.cashiers.map((u) => new HttpTill(app?.base ?? "", u, CASHIER_PASSWORD));
        await Promise.all(tills.map((t) => t.login()));

        // Two tills leave a bill open (one with a customer) and never touch it again.
        const parked = tills.slice(LOOPERS);
        for (const [i, t] of parked.entries()) {
          for (const code of shop.codes.slice(0, 2 + i)) await t.scan(code);
          await t.scan(shop.codes[0] ?? "");
          if (i === 0) await t.attachCustomer(shop.customerIds[0] ?? null);
        }
        const database = openDatabase(made.target);
        const snapshot = async () =>
          database.db
            .selectFrom("bills")
            .innerJoin("bill_lines", "bill_lines.bill_id", "bills.id")
            .select([
              "bills.id",
              "bills.status",
              "bills.customer_id",
              "bill_lines.product_id",
              "bill_lines.qty",
            ])
            .where("bills.status", "=", "open")
            .where("bills.cashier_id", "in", (eb) =>
              eb
                .selectFrom("users")
                .select("id")
                .where(
                  "username",
                  "in",
                  parked.map((t) => t.username),
                ),
            )
            .orderBy("bill_lines.id")
            .execute();
        try {
          const openBefore = await snapshot();
          expect(openBefore.length).toBe(5); // 2 + 3 lines, the first product scanned twice

          const state: LoopState = { acknowledged: [], cutOff: 0, serverErrors: [] };
          const pick = rng(99);
          for (let crash = 0; crash < CRASHES; crash++) {
            const loops = tills
              .slice(0, LOOPERS)
              .map((t, i) => sellUntilCrash(t, shop.codes, crash * 100 + i + 1, state));
            // Let bills flow, then pull the plug at a random moment.
            await new Promise((r) => setTimeout(r, 800 + pick(1500)));
            await app.kill9();
            await Promise.all(loops);
            app = await start();
            for (const t of tills) t.base = app.base;
            // The session lives in the database: the cashier is still logged in.
            const page = await tills[0]?.refreshToken();
            expect(page?.status).toBe(200);
            for (const t of tills.slice(1, LOOPERS)) await t.refreshToken();
            const { problems } = await checkLedger(database.db);
            expect(problems).toEqual([]);
          }

          expect(state.serverErrors).toEqual([]);
          expect(state.acknowledged.length).toBeGreaterThan(0);
          const rows = await database.db
            .selectFrom("bills")
            .select(["number", "status"])
            .where("number", "in", state.acknowledged)
            .execute();
          expect(rows.length).toBe(state.acknowledged.length);
          expect(rows.every((r) => r.status === "completed")).toBe(true);
          expect(await snapshot()).toEqual(openBefore);
          const { problems, figures } = await checkLedger(database.db);
          expect(problems).toEqual([]);
          console.info(
            `[reliability] ${dialect}: ${CRASHES} kill -9 crashes, ${LOOPERS} cashiers looping, ` +
              `${state.acknowledged.length} bills acknowledged, ${figures.completed} completed in the database, ` +
              `${state.cutOff} requests cut off mid-flight, ${openBefore.length} open-bill lines intact, 0 lost`,
          );
        } finally {
          await database.close();
        }
      },
      LONG ? 900_000 : 180_000,
    );
  });
}
