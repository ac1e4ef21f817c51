import { isSqlite } from "../dialect.ts";
import { isUniqueViolation } from "../errors.ts";
import type { Executor } from "../types.ts";
import { withRollups } from "./analytics.types.ts";
import type { ProductDelta, SalesDelta } from "./analytics-rollups.repo.ts";
import { placeholderRows, runRaw } from "./raw-rows.ts";

/**
 * Adds a delta to a day's sales row: UPDATE first, INSERT when absent, and on a
 * racing insert (another till, MySQL) UPDATE again. Portable, no dialect upsert.
 */
export async function addSalesDay(db: Executor, day: string, d: SalesDelta): Promise<void> {
  const r = withRollups(db);
  const update = () =>
    r
      .updateTable("sales_daily")
      .set((eb) => ({
        bill_count: eb("bill_count", "+", d.bill_count),
        total: eb("total", "+", d.total),
        tax_total: eb("tax_total", "+", d.tax_total),
        paid_cash: eb("paid_cash", "+", d.paid_cash),
        paid_upi: eb("paid_upi", "+", d.paid_upi),
        paid_card: eb("paid_card", "+", d.paid_card),
        return_count: eb("return_count", "+", d.return_count),
        return_total: eb("return_total", "+", d.return_total),
      }))
      .where("day", "=", day)
      .executeTakeFirst();
  if (Number((await update()).numUpdatedRows) > 0) return;
  try {
    await r
      .insertInto("sales_daily")
      .values({ day, ...d })
      .execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await update();
  }
}

export interface ProductSale extends ProductDelta {
  productId: number;
}

/** Rows per statement: 4 parameters each, far below either database's limit. */
const PRODUCTS_PER_UPSERT = 500;

/**
 * Adds a bill's products (each product once) to their day rows and their
 * all-time rows: one upsert per table instead of an update (and an insert)
 * per product. Rows go in product-id order, so two tills touching the same
 * rows lock them in one order. The upsert is the one place the dialects
 * differ: ON CONFLICT … DO UPDATE (SQLite) / ON DUPLICATE KEY UPDATE (MySQL,
 * MariaDB, and the MySQL-compatible engines).
 */
export async function addProductSales(
  db: Executor,
  day: string,
  sales: ProductSale[],
): Promise<void> {
  const sorted = [...sales].sort((a, b) => a.productId - b.productId);
  const add = (table: string, key: string) =>
    isSqlite(db)
      ? `ON CONFLICT (${key}) DO UPDATE SET \`qty\` = \`${table}\`.\`qty\` + excluded.\`qty\`, \`revenue\` = \`${table}\`.\`revenue\` + excluded.\`revenue\``
      : "ON DUPLICATE KEY UPDATE `qty` = `qty` + VALUES(`qty`), `revenue` = `revenue` + VALUES(`revenue`)";
  for (let i = 0; i < sorted.length; i += PRODUCTS_PER_UPSERT) {
    const chunk = sorted.slice(i, i + PRODUCTS_PER_UPSERT);
    await runRaw(
      db,
      `INSERT INTO \`product_daily\` (\`day\`, \`product_id\`, \`qty\`, \`revenue\`) VALUES ${placeholderRows(chunk.length, 4)} ${add("product_daily", "`day`, `product_id`")}`,
      chunk.flatMap((p) => [day, p.productId, p.qty, p.revenue]),
    );
    await runRaw(
      db,
      `INSERT INTO \`product_totals\` (\`product_id\`, \`qty\`, \`revenue\`) VALUES ${placeholderRows(chunk.length, 3)} ${add("product_totals", "`product_id`")}`,
      chunk.flatMap((p) => [p.productId, p.qty, p.revenue]),
    );
  }
}
