import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dumpSchema, schemaFile } from "../../scripts/schema-dump.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { freshDatabase, type TestDatabase, testDialects } from "../helpers/db.ts";

const nowish = "2026-11-25 10:00:00";

for (const dialect of testDialects()) {
  describe(`${dialect}: schema and numbers`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await freshDatabase(dialect);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it(`sql/schema.${dialect}.sql matches what the migrations create (run npm run schema:dump)`, async () => {
      const committed = readFileSync(schemaFile(dialect), "utf8");
      expect(await dumpSchema(t.database)).toBe(committed);
    });

    it("a second migrateToLatest changes nothing", async () => {
      const before = await dumpSchema(t.database);
      const rowsBefore = await t.database.db
        .selectFrom("kysely_migration" as never)
        .selectAll()
        .execute();
      const result = await migrateToLatest(t.database.db);
      expect(result.results ?? []).toEqual([]);
      expect(await dumpSchema(t.database)).toBe(before);
      const rowsAfter = await t.database.db
        .selectFrom("kysely_migration" as never)
        .selectAll()
        .execute();
      expect(rowsAfter).toEqual(rowsBefore);
      expect(rowsAfter.length).toBeGreaterThan(0);
    });

    it("BIGINT paise above 2^31 and 2^32 round-trip exactly, and SUM() is a number", async () => {
      const big = [2 ** 31 + 7, 2 ** 32 + 13, 9_999_999_999_99];
      const ids: number[] = [];
      for (const [i, price] of big.entries()) {
        const res = await t.database.db
          .insertInto("products")
          .values({
            code: `BIG${i}`,
            name: `Big ${i}`,
            category: "",
            price,
            gst_rate: 1800,
            hsn: "",
            unit: "pc",
            stock: price,
            low_stock_level: 0,
            active: 1,
            created_at: nowish,
            updated_at: nowish,
          })
          .executeTakeFirstOrThrow();
        ids.push(Number(res.insertId));
      }
      const rows = await t.database.db
        .selectFrom("products")
        .select(["price", "stock"])
        .where("id", "in", ids)
        .orderBy("id")
        .execute();
      for (const [i, row] of rows.entries()) {
        expect(typeof row.price).toBe("number");
        expect(row.price).toBe(big[i]);
        expect(row.stock).toBe(big[i]);
      }
      const total = await t.database.db
        .selectFrom("products")
        .select((eb) => eb.fn.sum<number>("price").as("total"))
        .where("id", "in", ids)
        .executeTakeFirstOrThrow();
      expect(typeof total.total).toBe("number");
      expect(total.total).toBe(big.reduce((a, b) => a + b, 0));
      const raw = await sql<{ s: number }>`select sum(stock) as s from products`.execute(
        t.database.db,
      );
      expect(raw.rows[0]?.s).toBe(big.reduce((a, b) => a + b, 0));
    });

    it("times come back as UTC strings", async () => {
      const row = await t.database.db
        .selectFrom("products")
        .select("created_at")
        .executeTakeFirstOrThrow();
      expect(row.created_at).toBe(nowish);
    });
  });
}
