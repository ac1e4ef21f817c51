/**
 * Analytics worked out independently, straight from the bill rows, for the
 * exactness test. Deliberately simple: loops and sorts over every bill.
 */
import type { Db } from "../../src/db/types.ts";

export interface Period {
  fromDay: string | null;
  toDay: string;
  startUtc: string | null;
  endUtc: string;
  asOfMs: number;
}

export interface Facts {
  bills: Array<{
    id: number;
    status: string;
    customer_id: number | null;
    cashier_id: number;
    total: number;
    tax_total: number;
    paid_cash: number;
    paid_upi: number;
    paid_card: number;
    completed_at: string | null;
    voided_at: string | null;
  }>;
  lines: Array<{
    bill_id: number;
    product_id: number;
    /** The selling unit copied on the line at sale time. */
    unit: string;
    qty: number;
    line_total: number;
    tax_rate: number;
    taxable_value: number;
    tax_amount: number;
  }>;
  customers: Map<number, { name: string; erased: boolean }>;
}

export async function loadFacts(db: Db): Promise<Facts> {
  const bills = (
    await db
      .selectFrom("bills")
      .select([
        "id",
        "status",
        "customer_id",
        "cashier_id",
        "total",
        "tax_total",
        "paid_cash",
        "paid_upi",
        "paid_card",
        "completed_at",
        "voided_at",
      ])
      .where("status", "in", ["completed", "voided"])
      .execute()
  ).map((b) => ({
    ...b,
    id: Number(b.id),
    customer_id: b.customer_id === null ? null : Number(b.customer_id),
    total: Number(b.total),
    tax_total: Number(b.tax_total),
    paid_cash: Number(b.paid_cash),
    paid_upi: Number(b.paid_upi),
    paid_card: Number(b.paid_card),
  }));
  const lines = (
    await db
      .selectFrom("bill_lines")
      .select([
        "bill_id",
        "product_id",
        "unit",
        "qty",
        "line_total",
        "tax_rate",
        "taxable_value",
        "tax_amount",
      ])
      .execute()
  ).map((l) => ({
    bill_id: Number(l.bill_id),
    product_id: Number(l.product_id),
    unit: l.unit,
    qty: Number(l.qty),
    line_total: Number(l.line_total),
    tax_rate: Number(l.tax_rate),
    taxable_value: Number(l.taxable_value),
    tax_amount: Number(l.tax_amount),
  }));
  const customers = new Map(
    (await db.selectFrom("customers").select(["id", "name", "erased_at"]).execute()).map((c) => [
      Number(c.id),
      { name: c.name, erased: c.erased_at !== null },
    ]),
  );
  return { bills, lines, customers };
}

const IST = 330 * 60_000;
const istDayOf = (utc: string) =>
  new Date(Date.parse(`${utc.replace(" ", "T")}Z`) + IST).toISOString().slice(0, 10);

interface Buyer {
  id: number;
  name: string;
  spent: number;
  bills: number;
  last: string;
  tier: string;
  segment: string;
}

/** Score 1–5: floor(5 × (count of strictly smaller values) / n) + 1. */
function scores<T>(values: T[], less: (a: T, b: T) => boolean): number[] {
  return values.map(
    (v) => Math.floor((5 * values.filter((w) => less(w, v)).length) / values.length) + 1,
  );
}

export function expected(f: Facts, p: Period) {
  const inRange = (b: Facts["bills"][number]) =>
    b.status === "completed" &&
    b.completed_at !== null &&
    (p.startUtc === null || b.completed_at >= p.startUtc) &&
    b.completed_at < p.endUtc;
  const bills = f.bills.filter(inRange);
  const ids = new Set(bills.map((b) => b.id));
  const lines = f.lines.filter((l) => ids.has(l.bill_id));

  const per = new Map<number, { spent: number; bills: number; last: string }>();
  for (const b of bills) {
    if (b.customer_id === null || f.customers.get(b.customer_id)?.erased) continue;
    const c = per.get(b.customer_id) ?? { spent: 0, bills: 0, last: "" };
    c.spent += b.total;
    c.bills += 1;
    if ((b.completed_at as string) > c.last) c.last = b.completed_at as string;
    per.set(b.customer_id, c);
  }
  const list = [...per].map(([id, c]) => ({ id, ...c }));
  const n = list.length;
  const k = Math.max(1, Math.ceil(n * 0.2));
  const desc = list.map((c) => c.spent).sort((a, b) => b - a);
  const asc = [...desc].reverse();
  const cut = n ? { high: desc[k - 1] as number, low: asc[k - 1] as number } : null;
  // Recency: whole 24-hour days back from the period's reference instant; fewer is
  // better, and a visit within the last day is always R 5.
  const daysAgo = list.map((c) =>
    Math.max(0, Math.floor((p.asOfMs - Date.parse(`${c.last.replace(" ", "T")}Z`)) / 86_400_000)),
  );
  const R = scores(daysAgo, (a, b) => a > b).map((r, i) => (daysAgo[i] === 0 ? 5 : r));
  const F = scores(
    list.map((c) => c.bills),
    (a, b) => a < b,
  );
  const M = scores(
    list.map((c) => c.spent),
    (a, b) => a < b,
  );
  const buyers: Buyer[] = list.map((c, i) => {
    const r = R[i] as number;
    const fm = Math.round(((F[i] as number) + (M[i] as number)) / 2);
    const segment =
      r >= 4 && fm >= 4
        ? "champions"
        : r >= 3 && fm >= 3
          ? "loyal"
          : r >= 4 && c.bills === 1
            ? "new"
            : r >= 3
              ? "potential"
              : fm === 5
                ? "cant_lose"
                : fm >= 3
                  ? "at_risk"
                  : r === 2
                    ? "hibernating"
                    : "lost";
    const tier = !cut
      ? "none"
      : c.spent >= cut.high
        ? "most"
        : c.spent <= cut.low
          ? "least"
          : "medium";
    return { ...c, name: f.customers.get(c.id)?.name ?? "", tier, segment };
  });
  const buyersByValue = [...buyers].sort(
    (a, b) => b.spent - a.spent || b.bills - a.bills || a.id - b.id,
  );
  const least =
    buyers.length < 2
      ? null
      : ([...buyers].sort((a, b) => a.spent - b.spent || a.bills - b.bills || a.id - b.id)[0] ??
        null);
  const group = (keys: string[], of: (b: Buyer) => string) =>
    keys.map((key) => {
      const g = buyers.filter((b) => of(b) === key);
      return [key, g.length, g.reduce((s, b) => s + b.spent, 0)];
    });
  const lapsedBefore = new Date(p.asOfMs - 60 * 86_400_000)
    .toISOString()
    .slice(0, 19)
    .replace("T", " ");

  const dayMap = new Map<string, { bills: number; total: number }>();
  for (const b of bills) {
    const d = istDayOf(b.completed_at as string);
    const x = dayMap.get(d) ?? { bills: 0, total: 0 };
    x.bills++;
    x.total += b.total;
    dayMap.set(d, x);
  }
  const prod = new Map<number, { qty: number; revenue: number; unit: string }>();
  const gst = new Map<number, { taxable: number; tax: number }>();
  for (const l of lines) {
    const x = prod.get(l.product_id) ?? { qty: 0, revenue: 0, unit: l.unit };
    x.qty += l.qty;
    x.revenue += l.line_total;
    prod.set(l.product_id, x);
    const g = gst.get(l.tax_rate) ?? { taxable: 0, tax: 0 };
    g.taxable += l.taxable_value;
    g.tax += l.tax_amount;
    gst.set(l.tax_rate, g);
  }
  const prods = [...prod].map(([id, x]) => ({ id, ...x }));
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  return {
    sales: sum(bills.map((b) => b.total)),
    tax: sum(bills.map((b) => b.tax_total)),
    billCount: bills.length,
    customerSpend: sum(buyers.map((b) => b.spent)),
    activeCustomers: [...f.customers.values()].filter((c) => !c.erased).length,
    buyers,
    buyersByValue,
    byId: new Map(buyers.map((b) => [b.id, b])),
    most: buyersByValue[0] ?? null,
    least,
    cut,
    scored: buyers.length >= 5,
    tiers: group(["most", "medium", "least"], (b) => b.tier),
    segments: group(
      ["champions", "loyal", "potential", "new", "at_risk", "cant_lose", "hibernating", "lost"],
      (b) => b.segment,
    ),
    lapsed60: buyers.filter((b) => b.last < lapsedBefore).length,
    days: [...dayMap].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([d, x]) => [d, x.bills, x.total]),
    payment: {
      cash: sum(bills.map((b) => b.paid_cash)),
      upi: sum(bills.map((b) => b.paid_upi)),
      card: sum(bills.map((b) => b.paid_card)),
    },
    topRevenue: prods
      .filter((x) => x.revenue > 0)
      .sort((a, b) => b.revenue - a.revenue || a.id - b.id)
      .slice(0, 10)
      .map((x) => [x.id, x.revenue, x.qty]),
    // Quantities rank within one selling unit: pieces, grams (kg goods), ml (litre goods).
    topQty: Object.fromEntries(
      ["pc", "kg", "l"].map((unit) => [
        unit,
        prods
          .filter((x) => x.unit === unit && x.qty > 0)
          .sort((a, b) => b.qty - a.qty || a.id - b.id)
          .slice(0, 10)
          .map((x) => [x.id, x.qty, x.revenue]),
      ]),
    ),
    gst: [...gst].sort((a, b) => a[0] - b[0]).map(([rate, g]) => [rate, g.taxable, g.tax]),
  };
}

const dayStartMs = (day: string) => Date.parse(`${day}T00:00:00Z`) - IST;
const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const utcOf = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");

/** A preset period ending today (IST, a fixed +05:30), worked out independently of the app. */
export function presetPeriod(key: "all" | "7d" | "30d" | "90d", nowMs: number): Period {
  const today = new Date(nowMs + IST).toISOString().slice(0, 10);
  const back = { all: null, "7d": 6, "30d": 29, "90d": 89 }[key];
  const fromDay = back === null ? null : plusDays(today, -back);
  const endMs = dayStartMs(plusDays(today, 1));
  return {
    fromDay,
    toDay: today,
    startUtc: fromDay ? utcOf(dayStartMs(fromDay)) : null,
    endUtc: utcOf(endMs),
    asOfMs: Math.min(nowMs, endMs),
  };
}
