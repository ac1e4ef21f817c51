import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.ts";
import { rebuildAnalytics } from "../../src/services/analytics/rollups.ts";
import { testDialects } from "../helpers/db.ts";
import { completedNumber, type HttpTill, openBillId } from "../helpers/http-till.ts";
import { checkLedger } from "../helpers/ledger.ts";
import { LONG, prepareShop } from "../helpers/reliability.ts";
import {
  databaseUrlOf,
  processNames,
  raceProcessCount,
  useTillProcesses,
} from "../helpers/till-processes.ts";

/**
 * Returns racing each other across tills: real app processes (MySQL: two on
 * one database; SQLite: one), every cashier returning one unit at a time of
 * the same bill lines through the return form at the same moment. Exactly
 * the sold quantity comes back (the conditional update on the bill line),
 * every other attempt is a clean 409, credit note numbers are gapless, and
 * afterwards the ledger, the rollups and `npm run stats:rebuild -- --check`
 * agree with the documents.
 */

const CLIENTS_PER_PROCESS = 6;
const SOLD = LONG ? 12 : 4;
const BILLS = LONG ? 6 : 3;

async function sell(till: HttpTill, codes: string[]): Promise<{ id: number; number: string }> {
  let html = "";
  for (const code of codes) {
    html = (await till.scan(code)).text;
    const billId = openBillId(html);
    const line = /\/till\/lines\/(\d+)\/qty/.exec(html)?.[1];
    if (billId && line && code === codes.at(-1))
      html = (await till.post(`/till/lines/${line}/qty`, { qty: String(SOLD) })).text;
  }
  const billId = openBillId(html) ?? 0;
  const done = await till.complete(billId, { mode: "cash", tendered: "" });
  const number = completedNumber(done.text);
  if (!number) throw new Error(`completion failed: ${done.status} ${done.text.slice(0, 300)}`);
  return { id: billId, number };
}

for (const dialect of testDialects()) {
  const processes = raceProcessCount(dialect);
  describe(`${dialect}: returns racing on ${processes} process(es) × ${CLIENTS_PER_PROCESS} cashiers`, () => {
    const tillProcesses = useTillProcesses();

    it(
      "exactly the sold quantity comes back; numbers gapless; ledger and stats:rebuild agree",
      async () => {
        const made = await tillProcesses.database(dialect);
        const shop = await prepareShop(made.target, made.dataDir, {
          cashiers: processes * CLIENTS_PER_PROCESS,
          stock: 1000,
        });
        const apps = await tillProcesses.start(made, processNames(processes));
        const tills = await tillProcesses.logIn(apps, shop.cashiers);
        const seller = tills[0] as HttpTill;
        const bills: Array<{ id: number; lines: number[] }> = [];
        for (let b = 0; b < BILLS; b++) {
          // One line of SOLD units of a product; the code differs per bill.
          const sold = await sell(seller, [shop.codes[b % shop.codes.length] as string]);
          const form = await seller.get(`/bills/${sold.id}/return`);
          const lines = [...form.text.matchAll(/name="qty_(\d+)"/g)].map((m) => Number(m[1]));
          expect(lines.length).toBe(1);
          bills.push({ id: sold.id, lines });
        }

        const outcome = { ok: 0, refused: 0, errors: [] as string[] };
        // Every till tries to return one unit of every bill, twice over, all at once.
        await Promise.all(
          tills.map(async (till) => {
            for (let round = 0; round < 2; round++) {
              for (const bill of bills) {
                const res = await till.fetch(`/bills/${bill.id}/return`, {
                  [`qty_${bill.lines[0]}`]: "1",
                  reason: "changed_mind",
                  refundTo: "default",
                  action: "confirm",
                });
                const text = await res.text();
                if (res.status === 303) outcome.ok++;
                else if (res.status === 409) outcome.refused++;
                else outcome.errors.push(`${till.username}: ${res.status} ${text.slice(0, 200)}`);
              }
            }
          }),
        );
        expect(outcome.errors).toEqual([]);
        expect(outcome.ok).toBe(BILLS * SOLD);
        expect(outcome.refused).toBe(tills.length * 2 * BILLS - BILLS * SOLD);

        const database = openDatabase(made.target);
        try {
          const db = database.db;
          const lines = await db.selectFrom("bill_lines").select(["qty", "returned_qty"]).execute();
          for (const l of lines) expect(Number(l.returned_qty)).toBe(Number(l.qty));
          const bought = await db
            .selectFrom("bills")
            .select(["total", "returned_total"])
            .where("status", "=", "completed")
            .execute();
          for (const b of bought) expect(Number(b.returned_total)).toBe(Number(b.total));
          const { problems } = await checkLedger(db);
          expect(problems).toEqual([]);
          const rebuild = await rebuildAnalytics(db, { fix: false, maxListed: 20 });
          expect(rebuild.lines).toEqual([]);
          const check = spawnSync(
            process.execPath,
            ["--import", "tsx", "scripts/stats-rebuild.ts", "--check"],
            {
              encoding: "utf8",
              env: {
                PATH: process.env.PATH ?? "",
                DATABASE_URL: databaseUrlOf(made.target),
                DATA_DIR: made.dataDir,
              },
            },
          );
          expect(check.stdout + check.stderr).toContain("no differences.");
          expect(check.status).toBe(0);
          const numbers = await db.selectFrom("credit_notes").select("number").execute();
          console.info(
            `[reliability] ${dialect}: ${tills.length} cashiers on ${processes} process(es) raced ` +
              `${tills.length * 2 * BILLS} returns over ${BILLS} lines of ${SOLD}: ${outcome.ok} credit notes ` +
              `(${numbers.length} numbers, gapless), ${outcome.refused} clean refusals, 0 over-returned`,
          );
        } finally {
          await database.close();
        }
      },
      LONG ? 600_000 : 180_000,
    );
  });
}
