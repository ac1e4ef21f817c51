import { nameKeys } from "../src/services/customers/customers.ts";
import { computeTotals, type TotalsLineInput } from "../src/services/till/totals.ts";
import { customerAttrs, productAttrs } from "./lib/catalog.ts";
import { COLUMNS } from "./lib/columns.ts";
import type { Scale } from "./lib/options.ts";
import { intBetween, mulberry32, permutation, type Rng, zipfSampler } from "./lib/prng.ts";
import type { BulkWriter, TableSink } from "./lib/writer.ts";

/**
 * The bench data set: staff, shop settings, customers, products and two years
 * of completed bills with their lines, stock movements, customer_stats and the
 * analytics rollups — all consistent with each other (bill totals come from
 * the app's own computeTotals; customer_stats and rollups are sums over the
 * bills; every product's stock equals the sum of its movements).
 */

export const GENERATOR_VERSION = 2;
export const BENCH_PASSWORD = "bench-pass-123";
/** Till users for the load scenarios: one open bill per cashier, so one user per till. */
export const TILL_USERS = 64;
const HISTORY_CASHIERS = [2, 3, 4]; // cashier1..3; the owner (1) also sells sometimes
const IST_OFFSET_MIN = 330;

export interface GenerateInput {
  writer: BulkWriter;
  scale: Scale;
  seed: number;
  /** The UTC date generation is anchored on ('YYYY-MM-DD'); bills end the day before. */
  anchorDay: string;
  passwordHash: string;
  progress?: (stage: string, done: number, total: number) => void;
}

export interface GenerateResult {
  counters: Array<{ name: string; value: number }>;
  maxIds: { bills: number; billLines: number; stockMovements: number };
  /** Codes of the most popular products that have plenty of stock (scan scenarios). */
  hotCodes: string[];
  /** Phones of customers who buy (search scenario). */
  samplePhones: string[];
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
function utc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
function financialYear(localDate: Date): string {
  const y = localDate.getUTCFullYear();
  const start = localDate.getUTCMonth() >= 3 ? y : y - 1;
  return `${start}-${pad((start + 1) % 100)}`;
}

async function add(sink: TableSink, row: unknown[]): Promise<void> {
  const p = sink.add(row);
  if (p) await p;
}

/** Bills per day: weekends busier, the shop growing over the two years. */
function billsPerDay(scale: Scale, firstDayMs: number): Int32Array {
  const weights = new Float64Array(scale.days);
  let sum = 0;
  for (let d = 0; d < scale.days; d++) {
    const dow = new Date(firstDayMs + d * 86_400_000).getUTCDay();
    const w = (0.7 + (0.6 * d) / scale.days) * (dow === 0 || dow === 6 ? 1.3 : 1);
    weights[d] = w;
    sum += w;
  }
  const counts = new Int32Array(scale.days);
  let acc = 0;
  let given = 0;
  for (let d = 0; d < scale.days; d++) {
    acc += weights[d] as number;
    const upTo = Math.round((acc / sum) * scale.bills);
    counts[d] = upTo - given;
    given = upTo;
  }
  return counts;
}

function lineCount(rng: Rng): number {
  // 1 … 25 lines, mean ≈ 4.5: most baskets are small, a few are monthly shops.
  const u = rng();
  if (u < 0.03) return intBetween(rng, 12, 25);
  return 1 + Math.min(11, Math.floor(-Math.log(1 - rng()) * 3.2));
}

export async function generate(input: GenerateInput): Promise<GenerateResult> {
  const { writer: w, scale, seed, anchorDay, passwordHash } = input;
  const progress = input.progress ?? (() => {});
  const rng = mulberry32(seed);
  const anchorMs = Date.parse(`${anchorDay}T00:00:00Z`);
  const firstDayMs = anchorMs - scale.days * 86_400_000;
  const setupAt = utc(firstDayMs - 400 * 86_400_000);

  // Staff and settings.
  const users = w.table("users", COLUMNS.USERS);
  await add(users, [1, "owner", "Bench Owner", passwordHash, "owner", 1, setupAt, setupAt]);
  for (const [i, id] of HISTORY_CASHIERS.entries()) {
    await add(users, [
      id,
      `cashier${i + 1}`,
      `Cashier ${i + 1}`,
      passwordHash,
      "cashier",
      1,
      setupAt,
      setupAt,
    ]);
  }
  for (let t = 1; t <= TILL_USERS; t++) {
    const id = 4 + t;
    await add(users, [
      id,
      `till${pad(t)}`,
      `Till ${pad(t)}`,
      passwordHash,
      "cashier",
      1,
      setupAt,
      setupAt,
    ]);
  }
  const settings = w.table("shop_settings", COLUMNS.SHOP_SETTINGS);
  await add(settings, [
    1,
    "Bench Supermart",
    "12 MG Road, Bengaluru 560001",
    "+91 80 4000 1234",
    "29ABCDE1234F1Z5",
    "benchsupermart@upi",
    "80mm",
    1,
    1,
    "Asia/Kolkata",
    "",
    "Thank you! Visit again.",
    "0,500,1800,4000",
    0,
    setupAt,
    setupAt,
  ]);
  await w.commit();

  // Customers (with their name-search keys).
  const customers = w.table("customers", COLUMNS.CUSTOMERS);
  const keys = w.table("customer_name_keys", ["name_key", "customer_id"]);
  for (let id = 1; id <= scale.customers; id++) {
    const c = customerAttrs(seed, id);
    const at = utc(firstDayMs - Math.floor(rng() * 365 * 86_400_000));
    await add(customers, [id, c.name, c.phone, c.phoneRev, c.email, null, at, at]);
    for (const k of nameKeys(c.name)) await add(keys, [k, id]);
    if (id % 20_000 === 0) progress("customers", id, scale.customers);
  }
  await w.commit();
  progress("customers", scale.customers, scale.customers);

  // Popularity: Zipf over ranks, ranks mapped to ids by a seeded permutation.
  const custRank = zipfSampler(scale.customers, 0.8);
  const custPerm = permutation(scale.customers, rng);
  const prodRank = zipfSampler(scale.products, 1.0);
  const prodPerm = permutation(scale.products, rng);

  const sold = new Float64Array(scale.products + 1);
  const revenueTotal = new Float64Array(scale.products + 1);
  const spent = new Float64Array(scale.customers + 1);
  const billCount = new Int32Array(scale.customers + 1);
  const firstAt: Array<string | null> = new Array(scale.customers + 1).fill(null);
  const lastAt: Array<string | null> = new Array(scale.customers + 1).fill(null);

  const bills = w.table("bills", COLUMNS.BILLS);
  const lines = w.table("bill_lines", COLUMNS.BILL_LINES);
  const moves = w.table("stock_movements", COLUMNS.STOCK_MOVEMENTS);
  const salesDaily = w.table("sales_daily", COLUMNS.SALES_DAILY);
  const productDaily = w.table("product_daily", ["day", "product_id", "qty", "revenue"]);

  const perDay = billsPerDay(scale, firstDayMs);
  const counters = new Map<string, number>();
  let billId = 0;
  let lineId = 0;
  // Movement ids 1..products are the opening stock rows, written after the bills.
  let moveId = scale.products;

  for (let d = 0; d < scale.days; d++) {
    const count = perDay[d] as number;
    const localMidnightMs = firstDayMs + d * 86_400_000; // the local date as a UTC date value
    const localDate = new Date(localMidnightMs);
    const day = localDate.toISOString().slice(0, 10);
    const fy = financialYear(localDate);
    const openUtcMs = localMidnightMs + (9 * 60 - IST_OFFSET_MIN) * 60_000; // 09:00 IST
    const dayTotals = { bills: 0, total: 0, tax: 0, cash: 0, upi: 0, card: 0 };
    const dayProducts = new Map<number, { qty: number; revenue: number }>();

    for (let k = 0; k < count; k++) {
      billId++;
      const completedMs = openUtcMs + Math.floor(((k + rng()) / count) * 13 * 3_600_000);
      const completedAt = utc(completedMs);
      const createdAt = utc(completedMs - intBetween(rng, 40, 400) * 1000);
      const customerId = rng() < 0.72 ? (custPerm[custRank(rng)] as number) : null;
      const cashierId = rng() < 0.1 ? 1 : (HISTORY_CASHIERS[Math.floor(rng() * 3)] as number);

      const n = lineCount(rng);
      const picked: number[] = [];
      const qtys: number[] = [];
      for (let i = 0; i < n; i++) {
        const pid = prodPerm[prodRank(rng)] as number;
        const a = productAttrs(seed, pid);
        const qty =
          a.unit === "pc" ? (rng() < 0.8 ? 1 : intBetween(rng, 2, 4)) : intBetween(rng, 5, 40) * 50;
        const at = picked.indexOf(pid);
        if (at >= 0) qtys[at] = (qtys[at] as number) + qty;
        else {
          picked.push(pid);
          qtys.push(qty);
        }
      }
      const attrs = picked.map((pid) => productAttrs(seed, pid));
      const totals = computeTotals({
        lines: attrs.map(
          (a, i): TotalsLineInput => ({
            unitPrice: a.price,
            qty: qtys[i] as number,
            unit: a.unit,
            taxRate: a.gstRate,
            discountKind: "amount",
            discountValue: 0,
          }),
        ),
        billDiscountKind: "amount",
        billDiscountValue: 0,
        pricesIncludeTax: true,
        roundOff: true,
      });

      const seq = (counters.get(fy) ?? 0) + 1;
      counters.set(fy, seq);
      const number = `${fy}/${pad(seq, 6)}`;
      const total = totals.total;
      const u = rng();
      const mode = u < 0.5 ? "cash" : u < 0.9 ? "upi" : "card";
      const tendered = mode === "cash" ? Math.ceil(total / 10_000) * 10_000 : total;
      await add(bills, [
        billId,
        number,
        "completed",
        customerId,
        cashierId,
        totals.subtotal,
        totals.lineDiscountTotal,
        "amount",
        0,
        totals.billDiscount,
        totals.taxableTotal,
        totals.taxTotal,
        totals.roundOff,
        total,
        mode,
        mode === "cash" ? total : 0,
        mode === "upi" ? total : 0,
        mode === "card" ? total : 0,
        tendered,
        tendered - total,
        createdAt,
        completedAt,
        null,
        completedAt,
        null,
        null,
        null,
        null,
      ]);
      for (let i = 0; i < picked.length; i++) {
        const pid = picked[i] as number;
        const a = attrs[i] as (typeof attrs)[number];
        const lt = totals.lines[i] as (typeof totals.lines)[number];
        const qty = qtys[i] as number;
        lineId++;
        await add(lines, [
          lineId,
          billId,
          pid,
          i + 1,
          a.code,
          a.name,
          a.hsn,
          a.unit,
          a.price,
          qty,
          "amount",
          0,
          lt.lineDiscount,
          a.gstRate,
          lt.taxable,
          lt.tax,
          lt.total,
          createdAt,
        ]);
        moveId++;
        await add(moves, [moveId, pid, -qty, "sale", number, null, cashierId, completedAt]);
        sold[pid] = (sold[pid] as number) + qty;
        revenueTotal[pid] = (revenueTotal[pid] as number) + lt.total;
        const dp = dayProducts.get(pid);
        if (dp) {
          dp.qty += qty;
          dp.revenue += lt.total;
        } else dayProducts.set(pid, { qty, revenue: lt.total });
      }
      dayTotals.bills++;
      dayTotals.total += total;
      dayTotals.tax += totals.taxTotal;
      if (mode === "cash") dayTotals.cash += total;
      else if (mode === "upi") dayTotals.upi += total;
      else dayTotals.card += total;
      if (customerId !== null) {
        spent[customerId] = (spent[customerId] as number) + total;
        billCount[customerId] = (billCount[customerId] as number) + 1;
        firstAt[customerId] ??= completedAt;
        lastAt[customerId] = completedAt;
      }
      if (billId % 20_000 === 0) {
        progress("bills", billId, scale.bills);
        await w.commit();
      }
    }
    if (dayTotals.bills > 0) {
      await add(salesDaily, [
        day,
        dayTotals.bills,
        dayTotals.total,
        dayTotals.tax,
        dayTotals.cash,
        dayTotals.upi,
        dayTotals.card,
      ]);
    }
    for (const [pid, v] of [...dayProducts].sort((a, b) => a[0] - b[0])) {
      await add(productDaily, [day, pid, v.qty, v.revenue]);
    }
  }
  await w.commit();
  progress("bills", billId, scale.bills);

  // Products last: their stock is the opening stock minus what the bills sold.
  const products = w.table("products", COLUMNS.PRODUCTS);
  const opening = w.table("stock_movements", COLUMNS.STOCK_MOVEMENTS);
  const rankOf = new Int32Array(scale.products + 1);
  for (let r = 0; r < scale.products; r++) rankOf[prodPerm[r] as number] = r;
  const hot = Math.min(2000, Math.max(20, Math.floor(scale.products / 100)));
  const openedAt = utc(firstDayMs - 86_400_000);
  for (let id = 1; id <= scale.products; id++) {
    const a = productAttrs(seed, id);
    const base = a.unit === "pc" ? 1 : 1000;
    // The most popular products are stocked deep so the load scenarios never run out.
    const left = ((rankOf[id] as number) < hot ? 1_000_000 : intBetween(rng, 0, 300)) * base;
    await add(products, [
      id,
      a.code,
      a.name,
      a.category,
      a.price,
      a.gstRate,
      a.hsn,
      a.unit,
      left,
      10 * base,
      1,
      setupAt,
      setupAt,
      null,
    ]);
    await add(opening, [id, id, left + (sold[id] as number), "initial", null, null, 1, openedAt]);
    if (id % 100_000 === 0) {
      progress("products", id, scale.products);
      await w.commit();
    }
  }
  await w.commit();
  progress("products", scale.products, scale.products);

  const totalsSink = w.table("product_totals", ["product_id", "qty", "revenue"]);
  for (let id = 1; id <= scale.products; id++) {
    if ((sold[id] as number) > 0) await add(totalsSink, [id, sold[id], revenueTotal[id]]);
  }
  const stats = w.table("customer_stats", COLUMNS.CUSTOMER_STATS);
  const samplePhones: string[] = [];
  for (let id = 1; id <= scale.customers; id++) {
    const n = billCount[id] as number;
    // Checkout creates the row on a customer's first bill: none for those who never bought.
    if (n > 0) await add(stats, [id, spent[id], n, firstAt[id], lastAt[id]]);
    if (n > 0 && samplePhones.length < 200 && id % 7 === 0)
      samplePhones.push(customerAttrs(seed, id).phone);
  }
  // The checkout's series name (bill-number.ts counterName) for an empty bill prefix.
  const counterRows = [...counters].map(([fy, value]) => ({ name: `bill::${fy}`, value }));
  const counterSink = w.table("counters", ["name", "value"]);
  for (const c of counterRows) await add(counterSink, [c.name, c.value]);
  await w.commit();

  const hotCodes: string[] = [];
  for (let r = 0; r < hot && hotCodes.length < 400; r++) {
    const id = prodPerm[r] as number;
    if (productAttrs(seed, id).unit === "pc") hotCodes.push(productAttrs(seed, id).code);
  }
  return {
    counters: counterRows,
    maxIds: { bills: billId, billLines: lineId, stockMovements: moveId },
    hotCodes,
    samplePhones,
  };
}
