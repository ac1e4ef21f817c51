import { createHash } from "node:crypto";
import { sql } from "kysely";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BENCH_PASSWORD } from "../../bench/generate.ts";
import { generateMysql, generateSqlite } from "../../bench/lib/dataset.ts";
import { SCALES } from "../../bench/lib/options.ts";
import { createApp } from "../../src/app.ts";
import type { DatabaseTarget } from "../../src/config.ts";
import { type AppDatabase, type Dialect, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { createLogger } from "../../src/logger.ts";
import { rebuildAnalytics } from "../../src/services/analytics/rollups.ts";
import { computeTotals } from "../../src/services/till/totals.ts";
import { csrfFrom, makeApp, setupShopVia, testConfig } from "../helpers/app.ts";
import { createTestTarget, testDialects } from "../helpers/db.ts";

const scale = SCALES.tiny as NonNullable<(typeof SCALES)["tiny"]>;
const ANCHOR = "2026-11-25";

async function generateInto(dialect: Dialect, seed: number) {
  const t = await createTestTarget(dialect);
  const result =
    t.target.dialect === "sqlite"
      ? await generateSqlite(t.target.file, scale, seed, ANCHOR, true)
      : await generateMysql(t.target.url, scale, seed, ANCHOR, true);
  return { ...t, result };
}

/** A digest of the data rows (users left out: bcrypt salts differ on every hash). */
async function digest(database: AppDatabase): Promise<string> {
  const hash = createHash("sha256");
  for (const table of [
    "customers",
    "products",
    "bills",
    "bill_lines",
    "stock_movements",
    "customer_stats",
    "counters",
  ]) {
    // The cache generation (db/cache-generation.ts) moves when an app process logs in on the
    // data set; it is not generated data.
    const skipCache = table === "counters" ? sql`where name not like 'cache:%'` : sql``;
    const rows = await sql`select * from ${sql.table(table)} ${skipCache} order by 1, 2`.execute(
      database.db,
    );
    hash.update(JSON.stringify(rows.rows.map((r) => Object.values(r as object).map(String))));
  }
  return hash.digest("hex");
}

const num = (v: unknown) => Number(v);

for (const dialect of testDialects()) {
  describe(`${dialect}: bench data generator (tiny scale)`, () => {
    let target: DatabaseTarget;
    let drop: () => Promise<void>;
    let database: AppDatabase;
    let result: Awaited<ReturnType<typeof generateInto>>["result"];

    beforeAll(async () => {
      const g = await generateInto(dialect, 7);
      target = g.target;
      drop = g.drop;
      result = g.result;
      database = openDatabase(target);
    });
    afterAll(async () => {
      await database?.close();
      await drop?.();
    });

    it("writes the requested numbers of rows, all bills completed with unique numbers", async () => {
      const count = async (table: string) =>
        num(
          (
            await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
              database.db,
            )
          ).rows[0]?.n,
        );
      expect(await count("products")).toBe(scale.products);
      expect(await count("customers")).toBe(scale.customers);
      expect(await count("bills")).toBe(scale.bills);
      const bills = await database.db.selectFrom("bills").select(["status", "number"]).execute();
      expect(new Set(bills.map((b) => b.status))).toEqual(new Set(["completed"]));
      expect(new Set(bills.map((b) => b.number)).size).toBe(scale.bills);
      expect(result.maxIds.bills).toBe(scale.bills);
    });

    it("makes every bill total the sum of its lines, as computeTotals would", async () => {
      const bills = await database.db.selectFrom("bills").selectAll().orderBy("id").execute();
      const lines = await database.db
        .selectFrom("bill_lines")
        .selectAll()
        .orderBy("bill_id")
        .orderBy("position")
        .execute();
      const byBill = new Map<number, typeof lines>();
      for (const l of lines) byBill.set(num(l.bill_id), [...(byBill.get(num(l.bill_id)) ?? []), l]);
      for (const b of bills) {
        const ls = byBill.get(num(b.id)) ?? [];
        expect(ls.length).toBeGreaterThan(0);
        const sum = (pick: (l: (typeof ls)[number]) => unknown) =>
          ls.reduce((a, l) => a + num(pick(l)), 0);
        expect(num(b.total)).toBe(sum((l) => l.line_total) + num(b.round_off));
        expect(num(b.taxable_total)).toBe(sum((l) => l.taxable_value));
        expect(num(b.tax_total)).toBe(sum((l) => l.tax_amount));
        expect(num(b.paid_cash) + num(b.paid_upi) + num(b.paid_card)).toBe(num(b.total));
        const again = computeTotals({
          lines: ls.map((l) => ({
            unitPrice: num(l.unit_price),
            qty: num(l.qty),
            unit: l.unit,
            taxRate: num(l.tax_rate),
            discountKind: "amount",
            discountValue: 0,
          })),
          billDiscountKind: "amount",
          billDiscountValue: 0,
          pricesIncludeTax: true,
          roundOff: true,
        });
        expect(again.total).toBe(num(b.total));
        expect(again.subtotal).toBe(num(b.subtotal));
      }
    });

    it("keeps customer_stats and the analytics rollups equal to sums over the bills", async () => {
      const report = await rebuildAnalytics(database.db, { fix: false });
      expect(report.lines).toEqual([]);
      expect(report.differences).toBe(0);
      expect(report.customersChecked).toBeGreaterThan(0);
      // A few customers buy often, most rarely: the top buyer has many times the median.
      const counts = (await database.db.selectFrom("customer_stats").select("bill_count").execute())
        .map((r) => num(r.bill_count))
        .sort((a, b) => b - a);
      expect(counts[0]).toBeGreaterThan(4 * (counts[Math.floor(counts.length / 2)] as number));
    });

    it("keeps every product's stock equal to the sum of its movements, never negative", async () => {
      const rows = await sql<{ id: number; stock: number; moved: number }>`
        select p.id, p.stock, coalesce(sum(m.${sql.ref("change")}), 0) as moved
        from products p left join stock_movements m on m.product_id = p.id
        group by p.id, p.stock`.execute(database.db);
      expect(rows.rows).toHaveLength(scale.products);
      for (const r of rows.rows) {
        expect(num(r.moved)).toBe(num(r.stock));
        expect(num(r.stock)).toBeGreaterThanOrEqual(0);
      }
    });

    it("sets each bill counter to the last number of its financial year", async () => {
      const counters = await database.db.selectFrom("counters").selectAll().execute();
      expect(counters.length).toBeGreaterThan(0);
      for (const c of counters) {
        const fy = c.name.replace("bill::", "");
        const last = await database.db
          .selectFrom("bills")
          .select((eb) => eb.fn.max("number").as("n"))
          .where("number", "like", `${fy}/%`)
          .executeTakeFirstOrThrow();
        expect(String(last.n)).toBe(`${fy}/${String(c.value).padStart(6, "0")}`);
      }
    });

    it("ends with the migrations' schema (a second migrate has nothing to do)", async () => {
      const again = await migrateToLatest(database.db);
      expect(again.results ?? []).toEqual([]);
      if (dialect === "sqlite") {
        const fresh = await createTestTarget("sqlite");
        const other = openDatabase(fresh.target);
        await migrateToLatest(other.db);
        const schema = async (d: AppDatabase) =>
          (
            await sql<{
              sql: string;
            }>`select sql from sqlite_master where sql is not null order by name`.execute(d.db)
          ).rows.map((r) => r.sql);
        expect(await schema(database)).toEqual(await schema(other));
        await other.close();
        await fresh.drop();
      }
    });

    it("lets a bench cashier log in to the real app with the known password", async () => {
      const config = testConfig({ database: target, dataDir: "/tmp" });
      const app = createApp({ database, config, logger: createLogger("silent") });
      const agent = request.agent(app);
      const page = await agent.get("/login");
      const res = await agent
        .post("/login")
        .type("form")
        .send({ _csrf: csrfFrom(page.text), username: "till01", password: BENCH_PASSWORD });
      expect(res.status).toBe(302);
      expect((await agent.get("/till")).status).toBe(200);
    });

    it("is deterministic: the same seed gives the same rows, another seed different ones", async () => {
      const same = await generateInto(dialect, 7);
      const other = await generateInto(dialect, 8);
      const a = openDatabase(same.target);
      const b = openDatabase(other.target);
      try {
        expect(await digest(a)).toBe(await digest(database));
        expect(await digest(b)).not.toBe(await digest(database));
        expect(same.result).toEqual(result);
      } finally {
        await a.close();
        await b.close();
        await same.drop();
        await other.drop();
      }
    });
  });
}

for (const dialect of testDialects()) {
  describe(`${dialect}: the bench's baseline route`, () => {
    it("exists only when BENCH_BASELINE is set", async () => {
      const plain = await makeApp(dialect);
      const bench = await makeApp(dialect, { benchBaseline: true });
      try {
        const a = await setupShopVia(plain.app);
        const b = await setupShopVia(bench.app);
        expect((await a.get("/__bench/constant")).status).toBe(404);
        const res = await b.get("/__bench/constant");
        expect(res.status).toBe(200);
        expect(res.text).toBe("ok");
      } finally {
        await plain.cleanup();
        await bench.cleanup();
      }
    });
  });
}
