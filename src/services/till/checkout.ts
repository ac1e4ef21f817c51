import type { Transaction } from "kysely";
import { isUniqueViolation } from "../../db/errors.ts";
import {
  findBillById,
  listLines,
  updateBillIfStatus,
  updateLineFigures,
} from "../../db/repositories/bills.repo.ts";
import { ensureCounter, takeNextValue } from "../../db/repositories/counters.repo.ts";
import {
  addToCustomerStats,
  insertCustomerStats,
} from "../../db/repositories/customer-stats.repo.ts";
import { applySaleStock, currentStock } from "../../db/repositories/stock.repo.ts";
import { retryOnLockConflict } from "../../db/retry.ts";
import type { Bill, BillLine, Database, Db, Executor } from "../../db/types.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { nowUtc, toUtcString } from "../../lib/utc-time.ts";
import { postBillTenders } from "../accounts/bill-postings.ts";
import { applyBillToRollups } from "../analytics/rollups.ts";
import type { Actor } from "../shop/audit.ts";
import { getShop, type Shop } from "../shop/settings.ts";
import { counterName, financialYearOf, formatBillNumber } from "./bill-number.ts";
import { linesAt } from "./open-lines.ts";
import { type PaymentInput, resolvePayment } from "./payment.ts";
import { qtyParams } from "./qty-text.ts";
import { totalsFor } from "./totals.ts";

export interface CompletedBill {
  billId: number;
  number: string;
  total: number;
  change: number;
  /** True when the bill was already completed: the first result, nothing written. */
  repeated: boolean;
  /** The completed bill row as written (for the till's "done" panel; not read again). */
  bill: Bill;
}

function completedResult(bill: Bill, repeated: boolean): CompletedBill {
  return {
    bill,
    billId: bill.id,
    number: bill.number ?? "",
    total: bill.total,
    change: bill.change_due,
    repeated,
  };
}

async function loadShop(db: Executor): Promise<Shop> {
  const shop = await getShop(db);
  if (!shop) throw new ConflictError(msg("till:complete.noShop"));
  return shop;
}

/**
 * Completes a bill in ONE transaction (docs/architecture.md §6.5): claim the open bill, take
 * the next number of the financial year's series, decrement stock with the
 * conditional update plus movement rows, write lines' and bill's totals and
 * the payment (the on-account and store-credit parts as ledger entries), mark
 * completed, update customer_stats. Any refusal rolls it
 * all back (the number too, so numbers stay gapless). Completing a completed
 * bill returns the first result and writes nothing.
 *
 * Lock order (row locks on the server database) is always bill row → counter row → product rows (by
 * id), so concurrent completions queue instead of deadlocking.
 */
export async function completeBill(
  db: Db,
  actor: Actor,
  billId: number,
  paymentInput: PaymentInput,
  options: {
    at?: Date;
    shop?: Shop;
    /** The owner who approved taking the customer past their credit limit (verifyApprover). */
    approvedOverLimitBy?: number | null;
    /** An exchange: issues its credit note in this transaction; returns the credit applied. */
    exchange?: (trx: Transaction<Database>, bill: { id: number; total: number }) => Promise<number>;
  } = {},
): Promise<CompletedBill> {
  const before = await findBillById(db, billId);
  if (!before) throw new NotFoundError(msg("till:complete.notFound"));
  if (before.status === "completed") return completedResult(before, true);
  if (before.status !== "open")
    throw new ConflictError(msg(`till:complete.notOpen.${before.status}`));
  if (before.cashier_id !== actor.userId) throw new ForbiddenError(msg("till:complete.otherTill"));

  const shop = options.shop ?? (await loadShop(db));
  const at = options.at ?? new Date();
  const fy = financialYearOf(at, shop.timeZone);
  const series = counterName(shop.billPrefix, fy);
  await ensureCounter(db, series);
  const stamp = options.at ? toUtcString(at) : nowUtc();

  try {
    // A deadlock victim among concurrent tills (server database) is rolled back whole: run it again.
    return await retryOnLockConflict(() =>
      db.transaction().execute(async (trx) => {
        const claimed = await updateBillIfStatus(trx, billId, ["open"], { updated_at: stamp });
        if (!claimed) return null;
        const bill = await findBillById(trx, billId);
        // The lines the last scan here committed, when nothing claimed the bill since (its
        // revision is one past theirs: open-lines.ts), else read under the claim.
        const lines =
          (bill && linesAt(db, billId, bill.revision - 1)) ?? (await listLines(trx, billId));
        if (!bill || lines.length === 0) throw new ValidationError(msg("till:complete.empty"));
        const totals = totalsFor(bill, lines, shop);
        const credit = options.exchange
          ? await options.exchange(trx, { id: billId, total: totals.total })
          : 0;
        const payment = resolvePayment(totals.total - credit, paymentInput);

        const seq = await takeNextValue(trx, series);
        const number = seq === null ? null : formatBillNumber(shop.billPrefix, fy, seq);
        if (!number) throw new ConflictError(msg("till:complete.prefixTooLong"));

        await decrementStock(trx, lines, number, actor.userId, stamp);
        // Udhaar and store credit: ledger entries in this transaction (a refusal undoes the bill).
        await postBillTenders(
          trx,
          actor,
          {
            customerId: bill.customer_id,
            billId,
            number,
            storeCredit: payment.paidStoreCredit,
            account: payment.paidAccount,
            at: stamp,
          },
          options.approvedOverLimitBy ?? null,
        );
        await updateLineFigures(
          trx,
          billId,
          lines.flatMap((line, i) => {
            const t = totals.lines[i];
            return t
              ? [
                  {
                    id: line.id,
                    discount: t.lineDiscount,
                    taxable_value: t.taxable,
                    tax_amount: t.tax,
                    line_total: t.total,
                  },
                ]
              : [];
          }),
        );
        const completed = {
          number,
          status: "completed",
          open_for: null,
          subtotal: totals.subtotal,
          line_discount_total: totals.lineDiscountTotal,
          bill_discount: totals.billDiscount,
          taxable_total: totals.taxableTotal,
          tax_total: totals.taxTotal,
          round_off: totals.roundOff,
          total: totals.total,
          payment_mode: credit > 0 && credit === totals.total ? "exchange" : payment.mode,
          paid_cash: payment.paidCash,
          paid_upi: payment.paidUpi,
          paid_card: payment.paidCard,
          paid_account: payment.paidAccount,
          paid_store_credit: payment.paidStoreCredit,
          paid_exchange: credit,
          tendered: payment.tendered,
          change_due: payment.change,
          completed_at: stamp,
          updated_at: stamp,
        } as const;
        await updateBillIfStatus(trx, billId, ["open"], completed);
        if (bill.customer_id !== null)
          await addCustomerPurchase(trx, bill.customer_id, totals.total, stamp);
        const done: Bill = { ...bill, ...completed };
        // The rollups get the figures just written instead of reading them back.
        await applyBillToRollups(trx, billId, 1, {
          bill: done,
          lines: lines.map((l, i) => ({
            product_id: l.product_id,
            qty: l.qty,
            line_total: totals.lines[i]?.total ?? 0,
          })),
          timeZone: shop.timeZone,
        });
        return completedResult(done, false);
      }),
    ).then(async (done) => {
      if (done) return done;
      return repeatedOrConflict(db, billId);
    });
  } catch (err) {
    if (err instanceof StockShort) throw await stockShortError(db, err);
    // A retry racing the first completion on another connection.
    if (isUniqueViolation(err)) return repeatedOrConflict(db, billId);
    throw err;
  }
}

async function repeatedOrConflict(db: Db, billId: number): Promise<CompletedBill> {
  const bill = await findBillById(db, billId);
  if (bill?.status === "completed") return completedResult(bill, true);
  throw new ConflictError(msg("till:complete.noLongerOpen"));
}

async function decrementStock(
  trx: Executor,
  lines: BillLine[],
  number: string,
  userId: number | null,
  at: string,
): Promise<void> {
  const perProduct = new Map<number, { qty: number; name: string }>();
  for (const l of lines) {
    const p = perProduct.get(l.product_id) ?? { qty: 0, name: l.name };
    p.qty += l.qty;
    perProduct.set(l.product_id, p);
  }
  // One conditional update for all the bill's products, checked by its affected-row count.
  const sales = [...perProduct]
    .map(([productId, { qty }]) => ({ productId, qty }))
    .sort((a, b) => a.productId - b.productId);
  const applied = await applySaleStock(trx, sales, {
    reason: "sale",
    reference: number,
    userId,
    createdAt: at,
  });
  if (!applied)
    throw new StockShort(
      sales.map((s) => ({ ...s, name: perProduct.get(s.productId)?.name ?? "a product" })),
    );
}

/**
 * The bill's stock update was refused. Thrown out of the transaction, which
 * rolls back, so the stock read for the message is each product's own
 * figure, not one this transaction had already lowered.
 */
class StockShort extends Error {
  constructor(readonly sales: Array<{ productId: number; qty: number; name: string }>) {
    super("not enough stock");
  }
}

async function stockShortError(db: Db, short: StockShort): Promise<ConflictError> {
  for (const { productId, qty, name } of short.sales) {
    const product = await currentStock(db, productId);
    if (product && product.stock >= qty) continue;
    if (!product) return new ConflictError(msg("till:stock.gone", { name }));
    const left = qtyParams(Math.max(0, product.stock), product.unit);
    return new ConflictError(msg("till:stock.short", { name, ...left }));
  }
  return new ConflictError(msg("till:stock.soldElsewhere"));
}

async function addCustomerPurchase(trx: Executor, customerId: number, total: number, at: string) {
  if (await addToCustomerStats(trx, customerId, total, at)) return;
  try {
    await insertCustomerStats(trx, customerId, total, at);
  } catch (err) {
    // First bill of this customer completed concurrently on another till.
    if (!isUniqueViolation(err)) throw err;
    await addToCustomerStats(trx, customerId, total, at);
  }
}
