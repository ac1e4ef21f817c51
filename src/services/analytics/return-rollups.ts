import {
  addProductSales,
  addSalesDay,
} from "../../db/repositories/analytics-rollup-writes.repo.ts";
import type { Executor } from "../../db/types.ts";
import { localDayOfUtc } from "../../lib/days.ts";

/**
 * A credit note in the rollups, in the return's transaction: it counts on the
 * shop-local day it is issued (like a bill on the day it is completed), so
 * that day's sales, tax and each payment mode are net of what went back, and
 * the returned quantity and line totals come off the products' day and
 * all-time rows (top products). `stats:rebuild` recomputes the same from
 * the credit notes (analytics-rebuild.repo `salesFromBills`).
 */
export async function applyCreditNoteToRollups(
  trx: Executor,
  note: {
    createdAt: string;
    total: number;
    tax: number;
    cash: number;
    upi: number;
    card: number;
    lines: Array<{ productId: number; qty: number; lineTotal: number }>;
  },
  timeZone: string,
): Promise<void> {
  const day = localDayOfUtc(note.createdAt, timeZone);
  await addSalesDay(trx, day, {
    bill_count: 0,
    total: -note.total,
    tax_total: -note.tax,
    paid_cash: -note.cash,
    paid_upi: -note.upi,
    paid_card: -note.card,
    return_count: 1,
    return_total: note.total,
  });
  const byProduct = new Map<number, { qty: number; revenue: number }>();
  for (const l of note.lines) {
    const p = byProduct.get(l.productId) ?? { qty: 0, revenue: 0 };
    p.qty += l.qty;
    p.revenue += l.lineTotal;
    byProduct.set(l.productId, p);
  }
  await addProductSales(
    trx,
    day,
    [...byProduct].map(([productId, p]) => ({ productId, qty: -p.qty, revenue: -p.revenue })),
  );
}
