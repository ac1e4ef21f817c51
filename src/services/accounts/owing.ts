import { stringify } from "csv-stringify/sync";
import { debtEntries, owingCustomers } from "../../db/repositories/accounts.repo.ts";
import type { Executor } from "../../db/types.ts";
import { daysBetween, localDayOf, localDayOfUtc } from "../../lib/days.ts";
import { type Language, msg, translate } from "../../lib/i18n.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import { formatPhone } from "../../lib/phone.ts";
import { safeCell } from "../customers/export.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import type { Shop } from "../shop/settings.ts";
import { buildReminder, type Reminder } from "./reminders.ts";
import { AGE_BUCKETS, ageBalance, type DebtEntry } from "./rules.ts";

/**
 * "Who owes what" (owner): every customer with a balance, how old the debt
 * is (days since the oldest unpaid entry, first in first out: payments
 * settle the oldest debts first) split into 0–30 / 31–60 / 61–90 / 90+ days,
 * with the reminder links. Sortable; exported as CSV.
 */

export const OWING_SORTS = ["balance", "age", "name", "limit"] as const;
export type OwingSort = (typeof OWING_SORTS)[number];

export interface OwingRow {
  id: number;
  name: string;
  phoneText: string;
  balance: number;
  creditLimit: number;
  /** Over the limit (an owner approved it, or the limit was lowered since). */
  overLimit: boolean;
  oldestDays: number | null;
  buckets: [number, number, number, number];
  reminder: Reminder | null;
}

export interface OwingList {
  rows: OwingRow[];
  sort: OwingSort;
  dir: "asc" | "desc";
  totals: { balance: number; buckets: [number, number, number, number]; customers: number };
  bucketLabels: typeof AGE_BUCKETS;
}

export function parseOwingQuery(q: Record<string, unknown>): {
  sort: OwingSort;
  dir: "asc" | "desc";
} {
  const sort = OWING_SORTS.includes(q.sort as OwingSort) ? (q.sort as OwingSort) : "balance";
  const dir = q.dir === "asc" || q.dir === "desc" ? q.dir : sort === "name" ? "asc" : "desc";
  return { sort, dir };
}

export async function owingList(
  db: Executor,
  shop: Shop,
  query: Record<string, unknown> = {},
  now = Date.now(),
): Promise<OwingList> {
  const { sort, dir } = parseOwingQuery(query);
  const today = localDayOf(now, shop.timeZone);
  const [customers, entries] = await Promise.all([owingCustomers(db), debtEntries(db)]);
  const byCustomer = new Map<number, DebtEntry[]>();
  for (const e of entries) {
    const id = Number(e.customer_id);
    const list = byCustomer.get(id) ?? [];
    list.push({
      kind: e.kind,
      amount: Number(e.amount),
      billId: e.bill_id === null ? null : Number(e.bill_id),
      days: Math.max(0, daysBetween(localDayOfUtc(e.created_at, shop.timeZone), today)),
    });
    byCustomer.set(id, list);
  }
  const rows: OwingRow[] = customers.map((c) => {
    const balance = Number(c.balance);
    const creditLimit = Number(c.credit_limit);
    const aged = ageBalance(byCustomer.get(Number(c.id)) ?? [], balance);
    return {
      id: Number(c.id),
      name: c.name,
      phoneText: formatPhone(c.phone),
      balance,
      creditLimit,
      overLimit: balance > creditLimit,
      oldestDays: aged.oldestDays,
      buckets: aged.buckets,
      reminder: buildReminder(shop, c, balance),
    };
  });
  const key: Record<OwingSort, (r: OwingRow) => number | string> = {
    balance: (r) => r.balance,
    age: (r) => r.oldestDays ?? -1,
    name: (r) => r.name.toLowerCase(),
    limit: (r) => r.creditLimit,
  };
  const sign = dir === "asc" ? 1 : -1;
  rows.sort((a, b) => {
    const x = key[sort](a);
    const y = key[sort](b);
    return (x < y ? -1 : x > y ? 1 : 0) * sign || a.id - b.id;
  });
  const totals = {
    balance: 0,
    buckets: [0, 0, 0, 0] as OwingRow["buckets"],
    customers: rows.length,
  };
  for (const r of rows) {
    totals.balance += r.balance;
    r.buckets.forEach((v, i) => {
      totals.buckets[i] = (totals.buckets[i] ?? 0) + v;
    });
  }
  return { rows, sort, dir, totals, bucketLabels: AGE_BUCKETS };
}

/**
 * The list as CSV (UTF-8; formula-looking cells neutralised), column names in
 * `lng`; audited: it holds phone numbers.
 */
export async function exportOwingCsv(
  db: Executor,
  actor: Actor,
  shop: Shop,
  query: Record<string, unknown>,
  lng: Language = "en",
) {
  const list = await owingList(db, shop, query);
  const col = (key: string, params?: Record<string, unknown>) =>
    translate(msg(`accounts:csv.${key}`, params), lng);
  const head = [
    col("id"),
    col("name"),
    col("phone"),
    col("balance"),
    col("limit"),
    col("days"),
    ...AGE_BUCKETS.map((bucket) => col("bucket", { bucket })),
  ];
  const body = list.rows.map((r) => [
    r.id,
    r.name,
    r.phoneText,
    paiseToDecimal(r.balance),
    paiseToDecimal(r.creditLimit),
    r.oldestDays ?? "",
    ...r.buckets.map(paiseToDecimal),
  ]);
  await recordAudit(db, actor, "accounts.export", { detail: { rows: body.length } });
  return stringify([head, ...body].map((row) => row.map(safeCell)));
}
