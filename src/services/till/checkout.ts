import { isUniqueViolation } from "../../db/errors.ts";
import {
  addToCustomerStats,
  findBillById,
  insertCustomerStats,
  listLines,
  subtractFromCustomerStats,
  updateBillIfStatus,
  updateLine,
} from "../../db/repositories/bills.repo.ts";
import { ensureCounter, takeNextValue } from "../../db/repositories/counters.repo.ts";
import { applyStockChange, currentStock } from "../../db/repositories/stock.repo.ts";
import { retryOnLockConflict } from "../../db/retry.ts";
import type { Bill, BillLine, Db, Executor } from "../../db/types.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { formatQty } from "../../lib/quantity.ts";
import { nowUtc, toUtcString } from "../../lib/utc-time.ts";
import { cleanText } from "../../lib/validation.ts";
import { applyBillToRollups } from "../analytics/rollups.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import { getShop, type Shop } from "../shop/settings.ts";
import { counterName, financialYearOf, formatBillNumber } from "./bill-number.ts";
import { type PaymentInput, resolvePayment } from "./payment.ts";
import { type BillTotals, computeTotals } from "./totals.ts";

export {
  type Payment,
  type PaymentInput,
  type PaymentMode,
  resolvePayment,
} from "./payment.ts";

/**
 * Totals for lines as stored, with the shop's tax and round-off settings. A
 * shop without a GSTIN is not registered for GST: it issues a bill of supply
 * and charges no tax, whatever rates its products carry.
 */
export function totalsFor(bill: Bill, lines: BillLine[], shop: Shop): BillTotals {
  return computeTotals({
    lines: lines.map((l) => ({
      unitPrice: l.unit_price,
      qty: l.qty,
      unit: l.unit,
      taxRate: shop.gstin ? l.tax_rate : 0,
      discountKind: l.discount_kind,
      discountValue: l.discount_value,
    })),
    billDiscountKind: bill.discount_kind,
    billDiscountValue: bill.discount_value,
    pricesIncludeTax: shop.pricesIncludeTax,
    roundOff: shop.roundOff,
  });
}

export interface CompletedBill {
  billId: number;
  number: string;
  total: number;
  change: number;
  /** True when the bill was already completed: the first result, nothing written. */
  repeated: boolean;
}

function completedResult(bill: Bill, repeated: boolean): CompletedBill {
  return {
    billId: bill.id,
    number: bill.number ?? "",
    total: bill.total,
    change: bill.change_due,
    repeated,
  };
}

async function loadShop(db: Executor): Promise<Shop> {
  const shop = await getShop(db);
  if (!shop) throw new ConflictError("The shop is not set up");
  return shop;
}

/**
 * Completes a bill in ONE transaction (DESIGN §4.5): claim the open bill, take
 * the next number of the financial year's series, decrement stock with the
 * conditional update plus movement rows, write lines' and bill's totals and
 * the payment, mark completed, update customer_stats. Any refusal rolls it
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
  options: { at?: Date } = {},
): Promise<CompletedBill> {
  const before = await findBillById(db, billId);
  if (!before) throw new NotFoundError("That bill was not found");
  if (before.status === "completed") return completedResult(before, true);
  if (before.status !== "open") throw new ConflictError(`This bill is ${before.status}, not open`);
  if (before.cashier_id !== actor.userId)
    throw new ForbiddenError("This bill belongs to another cashier's till");

  const shop = await loadShop(db);
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
        const lines = await listLines(trx, billId);
        if (!bill || lines.length === 0)
          throw new ValidationError("The bill has no items: scan something first");
        const totals = totalsFor(bill, lines, shop);
        const payment = resolvePayment(totals.total, paymentInput);

        const seq = await takeNextValue(trx, series);
        const number = seq === null ? null : formatBillNumber(shop.billPrefix, fy, seq);
        if (!number)
          throw new ConflictError(
            "The bill prefix is too long for the bill number: shorten it in Settings",
          );

        await decrementStock(trx, lines, number, actor.userId, stamp);
        for (const [i, line] of lines.entries()) {
          const t = totals.lines[i];
          if (!t) continue;
          await updateLine(trx, line.id, {
            discount: t.lineDiscount,
            taxable_value: t.taxable,
            tax_amount: t.tax,
            line_total: t.total,
          });
        }
        await updateBillIfStatus(trx, billId, ["open"], {
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
          payment_mode: payment.mode,
          paid_cash: payment.paidCash,
          paid_upi: payment.paidUpi,
          paid_card: payment.paidCard,
          tendered: payment.tendered,
          change_due: payment.change,
          completed_at: stamp,
          updated_at: stamp,
        });
        if (bill.customer_id !== null)
          await addCustomerPurchase(trx, bill.customer_id, totals.total, stamp);
        await applyBillToRollups(trx, billId, 1);
        return { billId, number, total: totals.total, change: payment.change, repeated: false };
      }),
    ).then(async (done) => {
      if (done) return done;
      return repeatedOrConflict(db, billId);
    });
  } catch (err) {
    // A retry racing the first completion on another connection.
    if (isUniqueViolation(err)) return repeatedOrConflict(db, billId);
    throw err;
  }
}

async function repeatedOrConflict(db: Db, billId: number): Promise<CompletedBill> {
  const bill = await findBillById(db, billId);
  if (bill?.status === "completed") return completedResult(bill, true);
  throw new ConflictError("This bill is no longer open");
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
  for (const [productId, { qty, name }] of [...perProduct].sort((a, b) => a[0] - b[0])) {
    const ok = await applyStockChange(trx, {
      productId,
      change: -qty,
      reason: "sale",
      reference: number,
      userId,
      createdAt: at,
    });
    if (!ok) {
      const product = await currentStock(trx, productId);
      const left = product ? formatQty(Math.max(0, product.stock), product.unit) : "none";
      throw new ConflictError(`Not enough stock of ${name}: ${left} left. Change the quantity.`);
    }
  }
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

/**
 * Voids a completed bill (owner only, with a reason): restocks every line
 * (movement reason "void"), takes the bill out of customer_stats, keeps its
 * number, marks it voided and writes the audit log — in one transaction.
 */
export async function voidBill(
  db: Db,
  actor: Actor & { role: string },
  billId: number,
  rawReason: unknown,
  options: { at?: Date } = {},
): Promise<Bill> {
  if (actor.role !== "owner") throw new ForbiddenError("Only the owner can void a bill");
  const reason = cleanText(String(rawReason ?? "")).slice(0, 400);
  if (reason.length < 3)
    throw new ValidationError("Give a reason for the void", { reason: "Reason is required" });
  const stamp = options.at ? toUtcString(options.at) : nowUtc();
  return db.transaction().execute(async (trx) => {
    const bill = await findBillById(trx, billId);
    if (!bill) throw new NotFoundError("That bill was not found");
    const ok = await updateBillIfStatus(trx, billId, ["completed"], {
      status: "voided",
      voided_at: stamp,
      voided_by: actor.userId,
      void_reason: reason,
      updated_at: stamp,
    });
    if (!ok)
      throw new ConflictError(
        bill.status === "voided"
          ? "This bill is already void"
          : "Only a completed bill can be voided",
      );
    const lines = await listLines(trx, billId);
    for (const l of [...lines].sort((a, b) => a.product_id - b.product_id)) {
      await applyStockChange(trx, {
        productId: l.product_id,
        change: l.qty,
        reason: "void",
        reference: bill.number,
        userId: actor.userId,
        note: reason,
        createdAt: stamp,
      });
    }
    if (bill.customer_id !== null)
      await subtractFromCustomerStats(trx, bill.customer_id, bill.total);
    await applyBillToRollups(trx, billId, -1);
    await recordAudit(trx, actor, "bill.void", {
      entity: "bill",
      entityId: billId,
      detail: { number: bill.number, total: bill.total, reason },
    });
    const after = await findBillById(trx, billId);
    if (!after) throw new Error("bill vanished");
    return after;
  });
}
