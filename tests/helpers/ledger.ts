import { balanceMismatches } from "../../src/db/repositories/ledger.repo.ts";
import type { Bill, BillLine, Db } from "../../src/db/types.ts";
import { getShop } from "../../src/services/shop/settings.ts";
import { totalsFor } from "../../src/services/till/totals.ts";

/** What the ledger holds after a run (for the report). */
export interface LedgerFigures {
  completed: number;
  open: number;
  lines: number;
  unitsSold: number;
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * Every invariant that says no bill was lost, doubled or half-written; returns
 * the problems found (empty = consistent) and the figures.
 *
 * - products: stock ≥ 0; stock = Σ its stock_movements = initial − sold
 *   (sold = Σ qty on completed bills; voided bills are restocked)
 * - bills: completed ⇔ has a number; numbers unique and gapless from 1 in
 *   each series; a completed bill has lines, and its sale movements are
 *   exactly its lines; an open or held bill has no number and no movements
 * - totals: the stored figures equal the totals service's own result for the
 *   stored lines; Σ line totals + round-off = total; Σ taxable + Σ tax =
 *   Σ line totals; cash + UPI + card + on account + store credit = total
 * - customer_stats = count and sum over each customer's completed bills
 * - accounts: every customer's balance = Σ their ledger entries; a completed
 *   bill's credit-sale and credit-used entries = its on-account and
 *   store-credit parts; a voided bill's entries net to zero; no entry names
 *   a bill that is not numbered
 */
export async function checkLedger(db: Db): Promise<{ problems: string[]; figures: LedgerFigures }> {
  const problems: string[] = [];
  const shop = await getShop(db);
  if (!shop) return { problems: ["shop not set up"], figures: emptyFigures() };
  const bills = (await db.selectFrom("bills").selectAll().orderBy("id").execute()) as Bill[];
  const lines = (await db
    .selectFrom("bill_lines")
    .selectAll()
    .orderBy("id")
    .execute()) as BillLine[];
  const moves = await db.selectFrom("stock_movements").selectAll().execute();
  const products = await db.selectFrom("products").select(["id", "code", "stock"]).execute();

  const linesOf = new Map<number, BillLine[]>();
  for (const l of lines) linesOf.set(l.bill_id, [...(linesOf.get(l.bill_id) ?? []), l]);
  const sold = new Map<number, number>();
  const series = new Map<string, number[]>();
  const numbers = new Set<string>();
  const movesByRef = new Map<string, Map<number, number>>();
  for (const m of moves) {
    if (m.reason !== "sale") continue;
    const ref = String(m.reference);
    const per = movesByRef.get(ref) ?? new Map<number, number>();
    per.set(m.product_id, (per.get(m.product_id) ?? 0) + n(m.change));
    movesByRef.set(ref, per);
  }

  for (const b of bills) {
    const own = linesOf.get(b.id) ?? [];
    const done = b.status === "completed" || b.status === "voided";
    if (!done) {
      if (b.number !== null)
        problems.push(`bill ${b.id} is ${b.status} but has number ${b.number}`);
      continue;
    }
    if (!b.number) {
      problems.push(`bill ${b.id} is ${b.status} without a number`);
      continue;
    }
    if (numbers.has(b.number)) problems.push(`bill number ${b.number} used twice`);
    numbers.add(b.number);
    const cut = b.number.lastIndexOf("/");
    const key = b.number.slice(0, cut);
    series.set(key, [...(series.get(key) ?? []), Number(b.number.slice(cut + 1))]);
    if (own.length === 0) problems.push(`bill ${b.number} has no lines`);
    const wanted = new Map<number, number>();
    for (const l of own) {
      wanted.set(l.product_id, (wanted.get(l.product_id) ?? 0) - n(l.qty));
      if (b.status === "completed")
        sold.set(l.product_id, (sold.get(l.product_id) ?? 0) + n(l.qty));
    }
    const got = movesByRef.get(b.number) ?? new Map<number, number>();
    movesByRef.delete(b.number);
    const same = got.size === wanted.size && [...wanted].every(([pid, q]) => got.get(pid) === q);
    if (!same) problems.push(`bill ${b.number}: sale movements do not match its lines`);

    const t = totalsFor(b, own, shop);
    const stored = [b.subtotal, b.taxable_total, b.tax_total, b.round_off, b.total].map(n);
    const expected = [t.subtotal, t.taxableTotal, t.taxTotal, t.roundOff, t.total];
    if (stored.join() !== expected.join())
      problems.push(`bill ${b.number}: stored totals ${stored} ≠ computed ${expected}`);
    own.forEach((l, i) => {
      if (n(l.line_total) !== t.lines[i]?.total)
        problems.push(
          `bill ${b.number}: line ${l.id} total ${l.line_total} ≠ ${t.lines[i]?.total}`,
        );
    });
    const sumLines = own.reduce((s, l) => s + n(l.line_total), 0);
    const sumTaxable = own.reduce((s, l) => s + n(l.taxable_value), 0);
    const sumTax = own.reduce((s, l) => s + n(l.tax_amount), 0);
    if (sumLines + n(b.round_off) !== n(b.total))
      problems.push(`bill ${b.number}: Σ lines ${sumLines} + round-off ≠ total ${b.total}`);
    if (shop.pricesIncludeTax && sumTaxable + sumTax !== sumLines)
      problems.push(`bill ${b.number}: Σ taxable + Σ tax ≠ Σ line totals`);
    const paid = [b.paid_cash, b.paid_upi, b.paid_card, b.paid_account, b.paid_store_credit];
    if (paid.reduce((s, v) => s + n(v), 0) !== n(b.total))
      problems.push(`bill ${b.number}: payments do not add up to the total`);
  }
  for (const ref of movesByRef.keys()) problems.push(`sale movements for unknown bill ${ref}`);
  for (const [key, seqs] of series) {
    const sorted = [...seqs].sort((a, c) => a - c);
    if (sorted.some((s, i) => s !== i + 1))
      problems.push(`series ${key} is not gapless from 1: ${sorted.join(",")}`);
  }

  for (const p of products) {
    const own = moves.filter((m) => m.product_id === p.id);
    const sum = own.reduce((s, m) => s + n(m.change), 0);
    const initial = own
      .filter((m) => m.reason !== "sale" && m.reason !== "void")
      .reduce((s, m) => s + n(m.change), 0);
    if (n(p.stock) < 0) problems.push(`product ${p.code} stock ${p.stock} below zero`);
    if (sum !== n(p.stock))
      problems.push(`product ${p.code}: stock ${p.stock} ≠ Σ movements ${sum}`);
    if (initial - (sold.get(p.id) ?? 0) !== n(p.stock))
      problems.push(
        `product ${p.code}: stock ${p.stock} ≠ initial ${initial} − sold ${sold.get(p.id) ?? 0}`,
      );
  }

  const stats = await db.selectFrom("customer_stats").selectAll().execute();
  // Erasing a customer deletes their analytics row by design (DPDP): their bills stay.
  const erased = new Set(
    (
      await db.selectFrom("customers").select("id").where("erased_at", "is not", null).execute()
    ).map((c) => c.id),
  );
  const expectStats = new Map<number, { count: number; total: number }>();
  for (const b of bills) {
    if (b.status !== "completed" || b.customer_id === null || erased.has(b.customer_id)) continue;
    const e = expectStats.get(b.customer_id) ?? { count: 0, total: 0 };
    e.count++;
    e.total += n(b.total);
    expectStats.set(b.customer_id, e);
  }
  for (const s of stats) {
    const e = expectStats.get(s.customer_id) ?? { count: 0, total: 0 };
    if (n(s.bill_count) !== e.count || n(s.total_spent) !== e.total)
      problems.push(
        `customer ${s.customer_id}: stats ${s.bill_count}/${s.total_spent} ≠ bills ${e.count}/${e.total}`,
      );
    expectStats.delete(s.customer_id);
  }
  for (const [id, e] of expectStats)
    problems.push(`customer ${id}: ${e.count} bills but no stats row`);

  problems.push(...(await accountProblems(db, bills)));

  const completed = bills.filter((b) => b.status === "completed");
  return {
    problems,
    figures: {
      completed: completed.length,
      open: bills.filter((b) => b.status === "open").length,
      lines: lines.length,
      unitsSold: [...sold.values()].reduce((s, q) => s + q, 0),
    },
  };
}

/** The customer accounts against the bills that moved them. */
async function accountProblems(db: Db, bills: Bill[]): Promise<string[]> {
  const problems = (await balanceMismatches(db)).map(
    (m) => `customer ${m.customerId}: balance ${m.balance} ≠ Σ ledger entries ${m.entries}`,
  );
  const entries = await db
    .selectFrom("customer_ledger")
    .select(["bill_id", "kind", "amount"])
    .where("bill_id", "is not", null)
    .execute();
  const charged = new Map<number, number>();
  const net = new Map<number, number>();
  for (const e of entries) {
    const id = n(e.bill_id);
    net.set(id, (net.get(id) ?? 0) + n(e.amount));
    if (e.kind === "credit_sale" || e.kind === "credit_used")
      charged.set(id, (charged.get(id) ?? 0) + n(e.amount));
  }
  const byId = new Map(bills.map((b) => [b.id, b]));
  for (const id of net.keys()) {
    const b = byId.get(id);
    if (!b || (b.status !== "completed" && b.status !== "voided"))
      problems.push(`ledger entries for bill ${id}, which is ${b?.status ?? "missing"}`);
  }
  for (const b of bills) {
    if (b.status === "completed") {
      const want = n(b.paid_account) + n(b.paid_store_credit);
      if ((charged.get(b.id) ?? 0) !== want)
        problems.push(`bill ${b.number}: account entries ${charged.get(b.id) ?? 0} ≠ ${want}`);
    }
    if (b.status === "voided" && (net.get(b.id) ?? 0) !== 0)
      problems.push(`bill ${b.number}: voided but its account entries net ${net.get(b.id)}`);
  }
  return problems;
}

function emptyFigures(): LedgerFigures {
  return { completed: 0, open: 0, lines: 0, unitsSold: 0 };
}
