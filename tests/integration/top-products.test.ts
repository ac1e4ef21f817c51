import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withRollups } from "../../src/db/repositories/analytics.types.ts";
import {
  QTY_UNITS,
  TOP_FLOORS,
  topProducts,
} from "../../src/db/repositories/analytics-sales.repo.ts";
import type { Db } from "../../src/db/types.ts";
import { freshDatabase, type TestDatabase, testDialects } from "../helpers/db.ts";
import { seedProduct } from "../helpers/till.ts";

/**
 * The all-time top products read indexes that hold only the products from a
 * floor up (TOP_FLOORS; partial indexes on SQLite): the lists must be the
 * table's own top 10 — ties at the 10th place by lower product id — whether
 * ten products pass the floor, a few do, or none.
 */
type Total = { id: number; unit: "pc" | "kg" | "l"; qty: number; revenue: number };

function expectedTop(totals: Total[], by: "revenue" | "qty", unit?: string) {
  return totals
    .filter((t) => t[by] > 0 && (!unit || t.unit === unit))
    .sort((a, b) => b[by] - a[by] || a.id - b.id)
    .slice(0, 10)
    .map((t) => t.id);
}

for (const dialect of testDialects()) {
  describe(`${dialect}: all-time top products over the floored indexes`, () => {
    let t: TestDatabase;
    let db: Db;
    const products: Array<{ id: number; unit: Total["unit"] }> = [];

    beforeAll(async () => {
      t = await freshDatabase(dialect);
      db = t.database.db;
      for (let i = 0; i < 45; i++) {
        const unit = (["pc", "kg", "l"] as const)[i % 3] ?? "pc";
        const id = await seedProduct(db, {
          code: `TOP${i}`,
          name: `Top ${i}`,
          price: 100,
          stock: 0,
          unit,
        });
        products.push({ id, unit });
      }
    });
    afterAll(async () => t?.cleanup());

    async function storeTotals(figure: (i: number) => { qty: number; revenue: number }) {
      const r = withRollups(db);
      await r.deleteFrom("product_totals").execute();
      const totals = products.map((p, i) => ({ ...p, ...figure(i) }));
      await r
        .insertInto("product_totals")
        .values(totals.map((x) => ({ product_id: x.id, qty: x.qty, revenue: x.revenue })))
        .execute();
      return totals;
    }

    async function expectExact(totals: Total[]) {
      const top = await topProducts(db, null, "2026-12-31", 10);
      expect(top.revenue.map((p) => p.productId)).toEqual(expectedTop(totals, "revenue"));
      for (const unit of QTY_UNITS)
        expect(
          top.qty[unit].map((p) => p.productId),
          unit,
        ).toEqual(expectedTop(totals, "qty", unit));
    }

    it("many above the floor, ties across the 10th place (and a product just under the floor)", async () => {
      const R = TOP_FLOORS.revenue;
      const Q = TOP_FLOORS.qty;
      const totals = await storeTotals((i) => ({
        // 30 products at or above the floor, eight of them tied around the 10th place.
        revenue: i < 30 ? R + (i % 4 === 0 ? 500 : 10_000 * (30 - i)) : R - 1 - i,
        // pc: ten and more above the floor; kg: three above; l: none.
        qty: i % 3 === 0 ? Q + (i % 6 === 0 ? 7 : i) : i % 3 === 1 && i < 9 ? Q * 2 + i : Q - 1 - i,
      }));
      await expectExact(totals);
    });

    it("fewer than ten above the floor, or none: the whole table's top", async () => {
      await expectExact(
        await storeTotals((i) => ({
          revenue: i < 4 ? TOP_FLOORS.revenue * 3 : 1000 + (i % 5),
          qty: i < 6 ? TOP_FLOORS.qty + 1 : (i % 7) + 1,
        })),
      );
      await expectExact(await storeTotals((i) => ({ revenue: (i * 37) % 11, qty: i % 4 })));
    });

    if (dialect === "sqlite")
      it("the indexes hold exactly the products from the floors the query names", async () => {
        const rows = await sql<{ name: string; sql: string }>`
          select name, sql from sqlite_master where tbl_name = 'product_totals' and type = 'index'
            and sql is not null order by name`.execute(db);
        expect(rows.rows.map((r) => r.name)).toEqual([
          "product_totals_qty_idx",
          "product_totals_revenue_idx",
        ]);
        expect(rows.rows[0]?.sql).toMatch(new RegExp(`where qty >= ${TOP_FLOORS.qty}$`, "i"));
        expect(rows.rows[1]?.sql).toMatch(
          new RegExp(`where revenue >= ${TOP_FLOORS.revenue}$`, "i"),
        );
      });
  });
}
