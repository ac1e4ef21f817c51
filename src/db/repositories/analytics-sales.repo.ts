import { sql } from "kysely";
import type { Executor } from "../types.ts";
import { withRollups } from "./analytics.types.ts";

export interface DayRow {
  day: string;
  bills: number;
  total: number;
  tax: number;
  cash: number;
  upi: number;
  card: number;
}

/** Sales per shop-local day from the rollup, oldest first. */
export async function salesByDay(
  db: Executor,
  fromDay: string | null,
  toDay: string,
): Promise<DayRow[]> {
  let q = withRollups(db).selectFrom("sales_daily").selectAll().where("day", "<=", toDay);
  if (fromDay) q = q.where("day", ">=", fromDay);
  const rows = await q
    .where((eb) => eb.or([eb("bill_count", "!=", 0), eb("return_count", "!=", 0)]))
    .orderBy("day")
    .execute();
  return rows.map((r) => ({
    day: r.day,
    bills: Number(r.bill_count),
    total: Number(r.total),
    tax: Number(r.tax_total),
    cash: Number(r.paid_cash),
    upi: Number(r.paid_upi),
    card: Number(r.paid_card),
  }));
}

export interface ProductFigure {
  productId: number;
  name: string;
  qty: number;
  /** Σ line totals: incl. GST, after the line's discount and its share of the bill discount. */
  revenue: number;
  unit: string;
}

async function productNames(db: Executor, ids: number[]) {
  const names = new Map<number, { name: string; unit: string }>();
  if (ids.length) {
    const ps = await db
      .selectFrom("products")
      .select(["id", "name", "unit"])
      .where("id", "in", ids)
      .execute();
    for (const p of ps) names.set(Number(p.id), { name: p.name, unit: p.unit });
  }
  return names;
}

/**
 * The all-time top lists' indexes hold only the products from these figures up
 * (partial indexes on SQLite, migration 2026-12-05-0930; whole on MySQL):
 * revenue in paise (₹10,000), quantity in pieces, grams or millilitres.
 */
export const TOP_FLOORS = { revenue: 1_000_000, qty: 1_000 } as const;

/** Selling units: quantities of different units are never added or compared. */
export const QTY_UNITS = ["pc", "kg", "l"] as const;
export type QtyUnit = (typeof QTY_UNITS)[number];

/**
 * The top `limit` products by revenue, and by quantity within each selling
 * unit (pieces; grams of kg goods; millilitres of litre goods), ties: lower
 * product id. The unit is the product's. All time reads product_totals
 * through its two indexes; a period groups product_daily once (a CTE used
 * several times is materialised on SQLite ≥ 3.35, MySQL 8 and MariaDB) and
 * takes every list from it.
 */
export async function topProducts(
  db: Executor,
  fromDay: string | null,
  toDay: string,
  limit: number,
): Promise<{ revenue: ProductFigure[]; qty: Record<QtyUnit, ProductFigure[]> }> {
  type Row = { k: string; product_id: number; qty: unknown; revenue: unknown };
  let rows: Row[] = [];
  if (!fromDay) {
    const r = withRollups(db);
    const by = async (col: "revenue" | "qty", unit?: QtyUnit) => {
      const base = () => {
        let q = r.selectFrom("product_totals as t");
        if (unit)
          q = q.innerJoin("products as p", "p.id", "t.product_id").where("p.unit", "=", unit);
        return q;
      };
      // "col desc, product_id asc" is not one index order, and MariaDB then sorts the whole
      // table (1.3 s at 500,000 products). The limit-th value walks the index backwards;
      // only the products at or above it (ties included) are sorted. The index holds the
      // products from TOP_FLOORS[col] up (on SQLite; the literal lets the planner use it):
      // with `limit` of them the top is among them, else the whole table is read.
      const floor = sql.lit(TOP_FLOORS[col]);
      const edgeFrom = async (above: boolean) =>
        (above ? base().where(`t.${col}`, ">=", floor) : base())
          .select(`t.${col}`)
          .where(`t.${col}`, ">", 0)
          .orderBy(`t.${col}`, "desc")
          .limit(1)
          .offset(limit - 1)
          .executeTakeFirst();
      const above = await edgeFrom(true);
      const edge = above ?? (await edgeFrom(false));
      // The edge is the range SQLite walks; the floor after it only picks the index (named
      // first, SQLite walks from the floor and sorts all of those: 0.41 against 0.03 ms).
      const list = base()
        .select(["t.product_id", "t.qty", "t.revenue"])
        .where(`t.${col}`, edge ? ">=" : ">", edge ? edge[col] : 0);
      return (above ? list.where(`t.${col}`, ">=", floor) : list)
        .orderBy(`t.${col}`, "desc")
        .orderBy("t.product_id")
        .limit(limit)
        .execute();
    };
    rows = (await by("revenue")).map((x) => ({ k: "r", ...x }));
    for (const unit of QTY_UNITS)
      rows.push(...(await by("qty", unit)).map((x) => ({ k: unit, ...x })));
  } else {
    const byUnit = (unit: QtyUnit) => sql`
      select * from (select ${unit} as k, g.product_id, g.qty, g.revenue
                     from g join products p on p.id = g.product_id
                     where p.unit = ${unit} and g.qty > 0
                     order by g.qty desc, g.product_id limit ${limit}) ${sql.raw(`q_${unit}`)}`;
    const result = await sql<Row>`
      with g as (
        select product_id, sum(qty) as qty, sum(revenue) as revenue
        from product_daily where day >= ${fromDay} and day <= ${toDay}
        group by product_id
      )
      select * from (select 'r' as k, product_id, qty, revenue from g where revenue > 0
                     order by revenue desc, product_id limit ${limit}) a
      union all ${byUnit("pc")} union all ${byUnit("kg")} union all ${byUnit("l")}`.execute(db);
    rows = result.rows;
  }
  const names = await productNames(db, [...new Set(rows.map((x) => Number(x.product_id)))]);
  const figure = (x: Row): ProductFigure => ({
    productId: Number(x.product_id),
    name: names.get(Number(x.product_id))?.name ?? `Product #${x.product_id}`,
    unit: names.get(Number(x.product_id))?.unit ?? "pc",
    qty: Number(x.qty),
    revenue: Number(x.revenue),
  });
  // UNION ALL keeps no order between its parts: sort each list again.
  const rev = rows.filter((x) => x.k === "r").map(figure);
  rev.sort((a, b) => b.revenue - a.revenue || a.productId - b.productId);
  const qtyOf = (unit: QtyUnit) =>
    rows
      .filter((x) => x.k === unit)
      .map(figure)
      .sort((a, b) => b.qty - a.qty || a.productId - b.productId);
  return { revenue: rev, qty: { pc: qtyOf("pc"), kg: qtyOf("kg"), l: qtyOf("l") } };
}
