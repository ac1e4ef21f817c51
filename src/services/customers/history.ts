/**
 * The customer page and the owner's customer list: totals from
 * customer_stats (kept in step with bills by billing), bill history, paging.
 */
import { z } from "zod";
import { countCustomerBills, customerBillRows } from "../../db/repositories/customer-bills.repo.ts";
import { findCustomerStats } from "../../db/repositories/customer-stats.repo.ts";
import {
  type CustomerListRow,
  countCustomersWithStats,
  countLiveCustomers,
  findCustomerById,
  listCustomersByName,
  listCustomersByStats,
  listCustomersWithoutStats,
} from "../../db/repositories/customers.repo.ts";
import type { BillStatus, Executor, UtcTime } from "../../db/types.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { roundHalfAwayFromZero } from "../../lib/money.ts";
import { type CustomerSummary, toSummary } from "./customers.ts";

export interface CustomerTotals {
  spent: number; // paise
  bills: number;
  average: number; // paise, 0 without bills
  firstVisit: UtcTime | null;
  lastVisit: UtcTime | null;
}

export interface CustomerProfile {
  customer: CustomerSummary;
  registeredAt: UtcTime;
  totals: CustomerTotals;
}

export interface Page<T> {
  rows: T[];
  page: number;
  pages: number;
  total: number;
  pageSize: number;
}

export interface CustomerBill {
  id: number;
  number: string | null;
  status: BillStatus;
  total: number;
  completedAt: UtcTime | null;
  paymentMode: string | null;
}

export interface CustomerListItem extends CustomerSummary {
  spent: number;
  bills: number;
  lastVisit: UtcTime | null;
}

const EMPTY_TOTALS: CustomerTotals = {
  spent: 0,
  bills: 0,
  average: 0,
  firstVisit: null,
  lastVisit: null,
};

/** A customer with their totals (zero totals for a new or erased customer). */
export async function getCustomerProfile(db: Executor, id: number): Promise<CustomerProfile> {
  const row = await findCustomerById(db, id);
  if (!row) throw new NotFoundError(msg("customers:errors.notFound"));
  const stats = row.erased_at ? undefined : await findCustomerStats(db, id);
  let totals = EMPTY_TOTALS;
  if (stats) {
    const spent = Number(stats.total_spent);
    const bills = Number(stats.bill_count);
    totals = {
      spent,
      bills,
      average: bills > 0 ? roundHalfAwayFromZero(spent / bills) : 0,
      firstVisit: stats.first_purchase_at,
      lastVisit: stats.last_purchase_at,
    };
  }
  return { customer: toSummary(row), registeredAt: row.created_at, totals };
}

function pageOf(page: number, total: number, pageSize: number) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return { page: Math.min(Math.max(1, page), pages), pages };
}

/** A customer's completed and voided bills, newest first. */
export async function customerBills(
  db: Executor,
  id: number,
  page = 1,
  pageSize = 20,
): Promise<Page<CustomerBill>> {
  const total = await countCustomerBills(db, id);
  const p = pageOf(page, total, pageSize);
  const rows = await customerBillRows(db, id, pageSize, (p.page - 1) * pageSize);
  return {
    ...p,
    total,
    pageSize,
    rows: rows.map((b) => ({
      id: Number(b.id),
      number: b.number,
      status: b.status,
      total: Number(b.total),
      completedAt: b.completed_at,
      paymentMode: b.payment_mode,
    })),
  };
}

const listQuerySchema = z.object({
  sort: z.enum(["name", "spent", "last"]).catch("name"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export interface ListOptions {
  sort: "name" | "spent" | "last";
  dir: "asc" | "desc";
  page: number;
}

/** Reads list options from a query string; bad values fall back to defaults, never an error. */
export function listOptions(query: unknown): ListOptions {
  const q = listQuerySchema.parse(query ?? {});
  // Names read A→Z; spend and last visit are most useful biggest/latest first.
  const dir = q.dir ?? (q.sort === "name" ? "asc" : "desc");
  return { sort: q.sort, dir, page: q.page };
}

/**
 * One page of the owner's customer list (erased customers excluded). Sorted
 * by spend or last visit, customers who never bought come last in either
 * direction: "least spent" means least among those who bought (docs/architecture.md §7).
 */
export async function listCustomers(
  db: Executor,
  opts: ListOptions,
  pageSize = 25,
): Promise<Page<CustomerListItem>> {
  const total = await countLiveCustomers(db);
  const p = pageOf(opts.page, total, pageSize);
  const offset = (p.page - 1) * pageSize;
  const desc = opts.dir === "desc";
  let rows: CustomerListRow[];
  if (opts.sort === "name") {
    rows = await listCustomersByName(db, { desc, limit: pageSize, offset });
  } else {
    const withStats = await countCustomersWithStats(db);
    rows =
      offset < withStats
        ? await listCustomersByStats(db, { sort: opts.sort, desc, limit: pageSize, offset })
        : [];
    if (rows.length < pageSize) {
      const rest = await listCustomersWithoutStats(db, {
        limit: pageSize - rows.length,
        offset: Math.max(0, offset - withStats),
      });
      rows = rows.concat(rest);
    }
  }
  return {
    ...p,
    total,
    pageSize,
    rows: rows.map((r) => ({
      ...toSummary(r),
      spent: Number(r.total_spent ?? 0),
      bills: Number(r.bill_count ?? 0),
      lastVisit: r.last_purchase_at,
    })),
  };
}
