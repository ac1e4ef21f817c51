/**
 * The analytics rollups (sales_daily, product_daily, product_totals) and the
 * customer_stats check/rebuild. Rollups are kept in the same transaction as
 * the bill: checkout calls applyBillToRollups(trx, billId, +1) after marking
 * the bill completed; void calls it with -1 (before or after the status
 * change: it reads only the amounts, lines and completion time); a return
 * nets its credit note out on the day it is issued (return-rollups.ts).
 */

import { erasedCustomerIds } from "../../db/repositories/analytics.repo.ts";
import {
  completedSpan,
  customerStatsFromBills,
  salesFromBills,
} from "../../db/repositories/analytics-rebuild.repo.ts";
import {
  addProductSales,
  addSalesDay,
} from "../../db/repositories/analytics-rollup-writes.repo.ts";
import {
  billForRollup,
  replaceDay,
  replaceProductTotals,
  SALES_KEYS,
  storedCustomerStats,
  storedProductDay,
  storedProductDays,
  storedProductTotals,
  storedSalesDays,
  writeCustomerStats,
} from "../../db/repositories/analytics-rollups.repo.ts";
import { getSettings } from "../../db/repositories/settings.repo.ts";
import type { Bill, BillLine, Db, Executor } from "../../db/types.ts";
import { addDays, dayStartUtc, localDayOfUtc } from "../../lib/days.ts";
import { invalidateAnalyticsCache } from "./scope.ts";

export const DEFAULT_TIME_ZONE = "Asia/Kolkata";

/** What a bill's rollup needs of it and of its lines. */
type RollupBill = Pick<
  Bill,
  "completed_at" | "total" | "tax_total" | "paid_cash" | "paid_upi" | "paid_card"
>;
type RollupLine = Pick<BillLine, "product_id" | "qty" | "line_total">;

/** The shop's time zone (settings), Asia/Kolkata before setup. */
export async function shopTimeZone(db: Executor): Promise<string> {
  return (await getSettings(db))?.time_zone || DEFAULT_TIME_ZONE;
}

/**
 * Adds (sign +1) or removes (sign -1) a completed bill's figures to the
 * rollups. Call inside the checkout / void transaction with the same trx.
 * A bill without completed_at is ignored.
 */
export async function applyBillToRollups(
  trx: Executor,
  billId: number,
  sign: 1 | -1,
  /** The bill, its lines and the shop's zone when the caller just wrote them (checkout). */
  known?: { bill: RollupBill; lines: RollupLine[]; timeZone: string },
): Promise<void> {
  const found = known ?? (await billForRollup(trx, billId));
  const completedAt = found?.bill.completed_at;
  if (!found || !completedAt) return;
  const { bill, lines } = found;
  const day = localDayOfUtc(completedAt, known?.timeZone ?? (await shopTimeZone(trx)));
  await addSalesDay(trx, day, {
    bill_count: sign,
    total: sign * Number(bill.total),
    tax_total: sign * Number(bill.tax_total),
    paid_cash: sign * Number(bill.paid_cash),
    paid_upi: sign * Number(bill.paid_upi),
    paid_card: sign * Number(bill.paid_card),
    return_count: 0,
    return_total: 0,
  });
  const byProduct = new Map<number, { qty: number; revenue: number }>();
  for (const l of lines) {
    const p = byProduct.get(l.product_id) ?? { qty: 0, revenue: 0 };
    p.qty += Number(l.qty);
    p.revenue += Number(l.line_total);
    byProduct.set(l.product_id, p);
  }
  // One upsert per rollup table for the whole bill (rows in product-id order).
  await addProductSales(
    trx,
    day,
    [...byProduct].map(([productId, p]) => ({
      productId,
      qty: sign * p.qty,
      revenue: sign * p.revenue,
    })),
  );
}

export interface RebuildReport {
  /** Human-readable differences found (capped at `maxListed`; `differences` is the full count). */
  lines: string[];
  differences: number;
  customersChecked: number;
  daysChecked: number;
  fixed: boolean;
}

// prettier-ignore
/**
 * Recomputes customer_stats and the rollups from the bills and compares them
 * with what is stored. With `fix`, rewrites every differing row (in one
 * transaction per table group). Returns the differences found.
 */
export async function rebuildAnalytics(
  db: Db,
  options: { fix: boolean; maxListed?: number; onProgress?: (msg: string) => void } = {
    fix: false,
  },
): Promise<RebuildReport> {
  const maxListed = options.maxListed ?? 50;
  const report: RebuildReport = {
    lines: [],
    differences: 0,
    customersChecked: 0,
    daysChecked: 0,
    fixed: options.fix,
  };
  const note = (msg: string) => {
    report.differences++;
    if (report.lines.length < maxListed) report.lines.push(msg);
  };

  // customer_stats: a missing row equals a zero row. Erased customers have no
  // row by design (erasure deletes it) and are left out of the check.
  const erased = await erasedCustomerIds(db);
  const expected = (await customerStatsFromBills(db)).filter((e) => !erased.has(e.customer_id));
  const stored = new Map(
    (await storedCustomerStats(db))
      .filter((r) => !erased.has(Number(r.customer_id)))
      .map((r) => [Number(r.customer_id), r]),
  );
  const expectedIds = new Set<number>();
  const stFixes: Array<{ row: (typeof expected)[number]; exists: boolean }> = [];
  for (const e of expected) {
    expectedIds.add(e.customer_id);
    const s = stored.get(e.customer_id);
    const same =
      s &&
      Number(s.total_spent) === e.total_spent &&
      Number(s.bill_count) === e.bill_count &&
      s.first_purchase_at === e.first_purchase_at &&
      s.last_purchase_at === e.last_purchase_at;
    if (!same) {
      note(
        `customer ${e.customer_id}: stored ${s ? `${s.total_spent} paise / ${s.bill_count} bills / ${s.first_purchase_at}..${s.last_purchase_at}` : "nothing"}, bills say ${e.total_spent} paise / ${e.bill_count} bills / ${e.first_purchase_at}..${e.last_purchase_at}`,
      );
      stFixes.push({ row: e, exists: Boolean(s) });
    }
  }
  for (const [id, s] of stored) {
    if (expectedIds.has(id)) continue;
    if (
      Number(s.total_spent) !== 0 ||
      Number(s.bill_count) !== 0 ||
      s.first_purchase_at ||
      s.last_purchase_at
    ) {
      note(
        `customer ${id}: stored ${s.total_spent} paise / ${s.bill_count} bills, but no completed bill`,
      );
      stFixes.push({
        row: {
          customer_id: id,
          total_spent: 0,
          bill_count: 0,
          first_purchase_at: null,
          last_purchase_at: null,
        },
        exists: true,
      });
    }
  }
  report.customersChecked = expected.length;
  if (options.fix && stFixes.length) {
    await db.transaction().execute(async (trx) => {
      for (const f of stFixes) await writeCustomerStats(trx, f.row, f.exists);
    });
  }

  // Rollups, one shop-local day at a time (portable: no SQL date arithmetic).
  const timeZone = await shopTimeZone(db);
  const span = await completedSpan(db);
  const storedSales = new Map((await storedSalesDays(db)).map((r) => [r.day, r]));
  const productDays = new Set(await storedProductDays(db));
  const totals = new Map<number, { qty: number; revenue: number }>();
  const seenDays = new Set<string>();
  if (span.first && span.last) {
    const lastDay = localDayOfUtc(span.last, timeZone);
    for (let day = localDayOfUtc(span.first, timeZone); day <= lastDay; day = addDays(day, 1)) {
      seenDays.add(day);
      report.daysChecked++;
      if (options.onProgress && report.daysChecked % 60 === 0)
        options.onProgress(`checked up to ${day}`);
      const got = await salesFromBills(
        db,
        dayStartUtc(day, timeZone),
        dayStartUtc(addDays(day, 1), timeZone),
      );
      for (const p of got.products) {
        const t = totals.get(p.productId) ?? { qty: 0, revenue: 0 };
        t.qty += p.qty;
        t.revenue += p.revenue;
        totals.set(p.productId, t);
      }
      let dayDiffers = false;
      const s = storedSales.get(day);
      for (const k of SALES_KEYS) {
        const have = s ? Number(s[k]) : 0;
        if (have !== got.sales[k]) {
          note(`sales ${day} ${k}: stored ${have}, bills say ${got.sales[k]}`);
          dayDiffers = true;
        }
      }
      const storedProducts = productDays.has(day) ? await storedProductDay(db, day) : [];
      const sp = new Map(storedProducts.map((r) => [Number(r.product_id), r]));
      for (const p of got.products) {
        const r = sp.get(p.productId);
        if (!r || Number(r.qty) !== p.qty || Number(r.revenue) !== p.revenue) {
          note(
            `product ${p.productId} on ${day}: stored ${r ? `${r.qty} / ${r.revenue}` : "nothing"}, bills say ${p.qty} / ${p.revenue}`,
          );
          dayDiffers = true;
        }
        sp.delete(p.productId);
      }
      for (const [pid, r] of sp) {
        if (Number(r.qty) !== 0 || Number(r.revenue) !== 0) {
          note(`product ${pid} on ${day}: stored ${r.qty} / ${r.revenue}, no sale in the bills`);
          dayDiffers = true;
        }
      }
      if (dayDiffers && options.fix) {
        await db.transaction().execute((trx) => replaceDay(trx, day, got.sales, got.products));
      }
    }
  }
  const stray = new Set([...storedSales.keys(), ...productDays].filter((d) => !seenDays.has(d)));
  for (const day of stray) {
    const s = storedSales.get(day);
    const nonZero = s && SALES_KEYS.some((k) => Number(s[k]) !== 0);
    if (nonZero || productDays.has(day)) {
      note(`day ${day}: rollup rows but no completed bill that day`);
      if (options.fix) {
        await db.transaction().execute((trx) =>
          replaceDay(
            trx,
            day,
            {
              ...{ bill_count: 0, total: 0, tax_total: 0, paid_cash: 0, paid_upi: 0 },
              ...{ paid_card: 0, return_count: 0, return_total: 0 },
            },
            [],
          ),
        );
      }
    }
  }
  const storedTotals = new Map(
    (await storedProductTotals(db)).map((r) => [Number(r.product_id), r]),
  );
  let totalsDiffer = false;
  for (const [pid, t] of totals) {
    const r = storedTotals.get(pid);
    if (!r || Number(r.qty) !== t.qty || Number(r.revenue) !== t.revenue) {
      note(
        `product ${pid} all time: stored ${r ? `${r.qty} / ${r.revenue}` : "nothing"}, bills say ${t.qty} / ${t.revenue}`,
      );
      totalsDiffer = true;
    }
    storedTotals.delete(pid);
  }
  for (const [pid, r] of storedTotals) {
    if (Number(r.qty) !== 0 || Number(r.revenue) !== 0) {
      note(`product ${pid} all time: stored ${r.qty} / ${r.revenue}, no sale in the bills`);
      totalsDiffer = true;
    }
  }
  if (totalsDiffer && options.fix) {
    const rows = [...totals].map(([productId, t]) => ({ productId, ...t }));
    await db.transaction().execute((trx) => replaceProductTotals(trx, rows));
  }
  if (options.fix && report.differences > 0) invalidateAnalyticsCache(db);
  return report;
}
