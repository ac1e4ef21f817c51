import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { setCreditLimit } from "../../src/db/repositories/ledger.repo.ts";
import { testDialects } from "../helpers/db.ts";
import { completedNumber, openBillId } from "../helpers/http-till.ts";
import { checkLedger } from "../helpers/ledger.ts";
import { prepareShop } from "../helpers/reliability.ts";
import { processNames, raceProcessCount, useTillProcesses } from "../helpers/till-processes.ts";

/**
 * Proof — udhaar under concurrency: cashiers on TWO app processes (MySQL;
 * one on SQLite) charge the same customer at the same moment, each sale
 * "₹20 cash, ₹100 on account", against a ₹1,000 limit. The conditional update
 * on the customer row decides: exactly ten sales go through, every other is
 * refused cleanly with the balance and limit, and afterwards the balance is
 * the sum of the ledger entries and every ledger invariant holds.
 */

const CASHIERS_PER_PROCESS = 6;
const ROUNDS = 3;

for (const dialect of testDialects()) {
  const processes = raceProcessCount(dialect);
  describe(`${dialect}: credit sales racing on ${processes} process(es)`, () => {
    const tillProcesses = useTillProcesses();

    it("never takes a customer past the credit limit: exactly the sales that fit go through", async () => {
      const made = await tillProcesses.database(dialect);
      const shop = await prepareShop(made.target, made.dataDir, {
        cashiers: processes * CASHIERS_PER_PROCESS,
        stock: 1000,
        customers: 1,
      });
      const customerId = shop.customerIds[0] as number;
      const setup = openDatabase(made.target);
      await setCreditLimit(setup.db, customerId, 1000_00);
      await setup.close();
      const apps = await tillProcesses.start(made, processNames(processes));
      const tills = await tillProcesses.logIn(apps, shop.cashiers);

      const log = { sold: [] as string[], refused: 0, odd: [] as string[] };
      await Promise.all(
        tills.map(async (till) => {
          for (let round = 0; round < ROUNDS; round++) {
            const scanned = await till.scan("REL-2"); // ₹120.00
            const billId = openBillId(scanned.text);
            if (billId === null) throw new Error(`no bill: ${scanned.status}`);
            await till.attachCustomer(customerId);
            const res = await till.complete(billId, {
              mode: "split",
              tendered: "20",
              account: "100",
            });
            const number = res.status === 200 ? completedNumber(res.text) : null;
            if (number) log.sold.push(number);
            else if (res.status === 409 && /past the credit limit/.test(res.text)) {
              log.refused++;
              await till.clear();
            } else log.odd.push(`${res.status} ${res.text.slice(0, 200)}`);
          }
        }),
      );

      expect(log.odd).toEqual([]);
      expect(log.sold).toHaveLength(10);
      expect(log.refused).toBe(tills.length * ROUNDS - 10);
      const database = openDatabase(made.target);
      try {
        const customer = await database.db
          .selectFrom("customers")
          .select(["balance", "credit_limit"])
          .where("id", "=", customerId)
          .executeTakeFirstOrThrow();
        expect(Number(customer.balance)).toBe(1000_00);
        const entries = await database.db
          .selectFrom("customer_ledger")
          .select(["amount", "balance_after"])
          .where("customer_id", "=", customerId)
          .execute();
        expect(entries.map((e) => Number(e.balance_after)).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 10 }, (_, i) => (i + 1) * 100_00),
        );
        const { problems, figures } = await checkLedger(database.db);
        expect(problems).toEqual([]);
        expect(figures.completed).toBe(10);
        // Both processes sold on account (MySQL): the race really was between processes.
        const cashiers = await database.db
          .selectFrom("bills")
          .select("cashier_id")
          .where("status", "=", "completed")
          .groupBy("cashier_id")
          .execute();
        console.info(
          `[reliability] ${dialect}: ${tills.length} cashiers on ${processes} process(es) charged one customer ` +
            `${tills.length * ROUNDS} times against a ₹1,000 limit: ${log.sold.length} sold, ` +
            `${log.refused} refused, balance ₹${Number(customer.balance) / 100}, by ${cashiers.length} cashiers`,
        );
      } finally {
        await database.close();
      }
    }, 180_000);
  });
}
