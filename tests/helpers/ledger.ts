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
 *   Σ line totals; cash + UPI + card + on account + store credit + exchange
 *   credit = total
 * - customer_stats = count and sum over each customer's completed bills, less
 *   their credit notes' refunds
 * - returns (checkReturns): a line's returned_qty = Σ its credit note lines ≤
 *   sold; each credit note's lines add up (taxable + tax = total, Σ + round-off
 *   = total = Σ refund parts), its "return" movements are its lines and its
 *   "write_off" movements its damaged lines; a bill's refunds never pass its
 *   total, nor any line's refunded figures its own; return_count and
 *   returned_total match; credit note numbers are gapless per series; an
 *   exchange's credit applied = its new bill's paid_exchange
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
    if (m.reason !== "sale") continue; // returns: checkReturns
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
    const paid = [
      b.paid_cash,
      b.paid_upi,
      b.paid_card,
      b.paid_account,
      b.paid_store_credit,
      b.paid_exchange,
    ];
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
      .filter((m) => !["sale", "void", "return", "write_off"].includes(m.reason))
      .reduce((s, m) => s + n(m.change), 0);
    const back = own
      .filter((m) => m.reason === "return" || m.reason === "write_off")
      .reduce((s, m) => s + n(m.change), 0);
    if (n(p.stock) < 0) problems.push(`product ${p.code} stock ${p.stock} below zero`);
    if (sum !== n(p.stock))
      problems.push(`product ${p.code}: stock ${p.stock} ≠ Σ movements ${sum}`);
    if (initial - (sold.get(p.id) ?? 0) + back !== n(p.stock))
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
    e.total += n(b.total) - n(b.returned_total);
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

  problems.push(...(await checkReturns(db, bills, lines, moves)));
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

type Move = { product_id: number; change: number; reason: string; reference: string | null };

/** The returns' invariants (see checkLedger). */
async function checkReturns(
  db: Db,
  bills: Bill[],
  lines: BillLine[],
  moves: Move[],
): Promise<string[]> {
  const problems: string[] = [];
  const notes = await db.selectFrom("credit_notes").selectAll().orderBy("id").execute();
  const noteLines = await db.selectFrom("credit_note_lines").selectAll().orderBy("id").execute();
  const billById = new Map(bills.map((b) => [b.id, b]));
  const perLine = new Map<number, { qty: number; taxable: number; tax: number; total: number }>();
  const series = new Map<string, number[]>();
  const perBill = new Map<number, { count: number; total: number }>();
  for (const cn of notes) {
    const own = noteLines.filter((l) => l.credit_note_id === cn.id);
    const sumLines = own.reduce((s, l) => s + n(l.line_total), 0);
    if (own.length === 0) problems.push(`credit note ${cn.number} has no lines`);
    if (sumLines + n(cn.round_off) !== n(cn.total))
      problems.push(`credit note ${cn.number}: Σ lines + round-off ≠ total`);
    const parts = [
      cn.refund_cash,
      cn.refund_upi,
      cn.refund_card,
      cn.refund_store_credit,
      cn.refund_account,
    ];
    if (parts.reduce((s: number, v) => s + n(v), n(cn.refund_exchange)) !== n(cn.total))
      problems.push(`credit note ${cn.number}: refund parts do not add up to ${cn.total}`);
    for (const l of own) {
      if (n(l.taxable_value) + n(l.tax_amount) !== n(l.line_total))
        problems.push(`credit note ${cn.number}: line ${l.id} taxable + tax ≠ total`);
      const t = perLine.get(l.bill_line_id) ?? { qty: 0, taxable: 0, tax: 0, total: 0 };
      t.qty += n(l.qty);
      t.taxable += n(l.taxable_value);
      t.tax += n(l.tax_amount);
      t.total += n(l.line_total);
      perLine.set(l.bill_line_id, t);
    }
    const want = (restockOnly: boolean) => {
      const m = new Map<number, number>();
      for (const l of own)
        if (!restockOnly || !l.restock) m.set(l.product_id, (m.get(l.product_id) ?? 0) + n(l.qty));
      return m;
    };
    const got = (reason: string, sign: number) => {
      const m = new Map<number, number>();
      for (const mv of moves)
        if (mv.reason === reason && mv.reference === cn.number)
          m.set(mv.product_id, (m.get(mv.product_id) ?? 0) + sign * n(mv.change));
      return m;
    };
    const same = (a: Map<number, number>, b: Map<number, number>) =>
      a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
    if (!same(want(false), got("return", 1)))
      problems.push(`credit note ${cn.number}: return movements do not match its lines`);
    if (!same(want(true), got("write_off", -1)))
      problems.push(`credit note ${cn.number}: write-offs do not match its damaged lines`);
    const cut = cn.number.lastIndexOf("/");
    const key = cn.number.slice(0, cut);
    series.set(key, [...(series.get(key) ?? []), Number(cn.number.slice(cut + 1))]);
    const pb = perBill.get(cn.bill_id) ?? { count: 0, total: 0 };
    pb.count++;
    pb.total += n(cn.total);
    perBill.set(cn.bill_id, pb);
    if (cn.exchange_bill_id !== null) {
      const nb = billById.get(Number(cn.exchange_bill_id));
      if (!nb || n(nb.paid_exchange) !== n(cn.refund_exchange))
        problems.push(`credit note ${cn.number}: exchange credit ≠ its new bill's paid_exchange`);
    }
  }
  for (const [key, seqs] of series) {
    const sorted = [...seqs].sort((a, c) => a - c);
    if (sorted.some((v, i) => v !== i + 1))
      problems.push(`credit note series ${key} is not gapless from 1: ${sorted.join(",")}`);
  }
  for (const l of lines) {
    const t = perLine.get(l.id) ?? { qty: 0, taxable: 0, tax: 0, total: 0 };
    if (n(l.returned_qty) !== t.qty)
      problems.push(`bill line ${l.id}: returned_qty ${l.returned_qty} ≠ credit notes ${t.qty}`);
    if (t.qty > n(l.qty)) problems.push(`bill line ${l.id}: returned ${t.qty} of ${l.qty} sold`);
    if (t.taxable > n(l.taxable_value) || t.tax > n(l.tax_amount) || t.total > n(l.line_total))
      problems.push(`bill line ${l.id}: refunded more than it was sold for`);
  }
  for (const b of bills) {
    const pb = perBill.get(b.id) ?? { count: 0, total: 0 };
    if (n(b.return_count) !== pb.count || n(b.returned_total) !== pb.total)
      problems.push(`bill ${b.number}: return_count/returned_total ≠ its credit notes`);
    if (pb.total > n(b.total)) problems.push(`bill ${b.number}: refunded more than its total`);
    if (pb.count > 0 && b.status !== "completed")
      problems.push(`bill ${b.number} has returns but is ${b.status}`);
  }
  return problems;
}
