import {
  deleteLine,
  findBillById,
  findBillOfLine,
  findLine,
  findOpenBill,
  listLines,
  lockOpenBill,
  updateBill,
  updateLine,
} from "../../db/repositories/bills.repo.ts";
import { findProductById } from "../../db/repositories/products.repo.ts";
import { retryOnLockConflict } from "../../db/retry.ts";
import type { Bill, BillLine, Db, Executor } from "../../db/types.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { parseRupees } from "../../lib/money.ts";
import { parsePercent } from "../../lib/percent.ts";
import { hasDecimalComma, parseQty } from "../../lib/quantity.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { openBillFor } from "./bill.ts";
import { assertBillWithinLimit, assertLineQty } from "./bounds.ts";
import { auditDiscount, checkDiscount, recheckDiscounts } from "./discount-limits.ts";
import { qtyParams } from "./qty-text.ts";
import { type DiscountKind, discountAmount, lineGross } from "./totals.ts";

/** Who gives a discount beyond the cashier: the owner who approved it at the till, the address. */
export interface DiscountBy {
  approverId?: number | null;
  ip?: string | null;
}

/**
 * Changes to the open bill's lines and header before completion: quantity
 * (typed or ±), removal, line and bill discounts, the customer. Every change
 * is made to the cashier's own open bill only, and only while it is open:
 * each runs in one transaction that first locks the bill row through a
 * conditional update (bills.repo lockOpenBill; completion claims the same
 * row), so an edit racing F9 either lands before the completion — and is on
 * the paid bill — or is refused, never written into a paid bill.
 */

/** The refusal of a change to a bill that a completion took first (the scan's words). */
function justCompleted(): ConflictError {
  return new ConflictError(msg("till:lines.justCompleted"));
}

/** Runs `change` on the cashier's locked open bill, in one transaction (retried as a whole). */
function withOpenBill<T>(
  db: Db,
  cashierId: number,
  gone: (trx: Executor) => Promise<Error>,
  change: (trx: Executor, bill: Bill) => Promise<T>,
): Promise<T> {
  // A deadlock victim among concurrent tills (server database) is rolled back whole: run it again.
  return retryOnLockConflict(async () => {
    const open = await findOpenBill(db, cashierId);
    return db.transaction().execute(async (trx) => {
      const bill = open && (await lockOpenBill(trx, open.id, cashierId, nowUtc()));
      if (!bill) throw await gone(trx);
      return change(trx, bill);
    });
  });
}

/** Runs `change` on a line of the cashier's locked open bill. */
function withOpenLine<T>(
  db: Db,
  cashierId: number,
  lineId: number,
  change: (trx: Executor, bill: Bill, line: BillLine) => Promise<T>,
): Promise<T> {
  const gone = async (trx: Executor) => {
    const of = await findBillOfLine(trx, lineId);
    if (of && of.cashier_id === cashierId && of.status !== "open" && of.status !== "held")
      return justCompleted();
    return new NotFoundError(msg(of ? "till:lines.lineGone" : "till:lines.noBill"));
  };
  return withOpenBill(db, cashierId, gone, async (trx, bill) => {
    const line = await findLine(trx, bill.id, lineId);
    if (!line) throw await gone(trx);
    return change(trx, bill, line);
  });
}

/** Sets a line's quantity as typed in the selling unit ("3", "0.75"); 0 removes the line. */
export async function setLineQty(
  db: Db,
  cashierId: number,
  lineId: number,
  typed: string,
): Promise<void> {
  const text = String(typed ?? "");
  await withOpenLine(db, cashierId, lineId, async (trx, bill, line) => {
    const qty = parseQty(text, line.unit);
    if (qty === null)
      throw new ValidationError(
        hasDecimalComma(text)
          ? msg("till:lines.qtyComma")
          : line.unit === "pc"
            ? msg("till:lines.qtyWhole")
            : msg("till:lines.qtyDecimal"),
        { qty: msg("till:lines.qtyField") },
      );
    await applyQty(trx, bill, line, qty, cashierId);
  });
}

/** Steps a line's quantity by one piece (or 100 g / 100 ml); below one step removes it. */
export async function stepLineQty(
  db: Db,
  cashierId: number,
  lineId: number,
  direction: 1 | -1,
): Promise<void> {
  await withOpenLine(db, cashierId, lineId, async (trx, bill, line) => {
    const step = line.unit === "pc" ? 1 : 100;
    await applyQty(trx, bill, line, Math.max(0, line.qty + direction * step), cashierId);
  });
}

async function applyQty(
  trx: Executor,
  bill: Bill,
  line: BillLine,
  qty: number,
  cashierId: number,
): Promise<void> {
  const billId = bill.id;
  if (qty === 0) {
    await deleteLine(trx, billId, line.id);
    await recheckDiscounts(trx, bill, cashierId, null);
    return;
  }
  assertLineQty(qty, line.unit);
  if (qty > line.qty) {
    const product = await findProductById(trx, line.product_id);
    if (product && qty > product.stock)
      throw new ConflictError(
        msg("till:stock.only", { name: line.name, ...qtyParams(product.stock, product.unit) }),
        { qty: msg("till:stock.onlyField") },
      );
  }
  await updateLine(trx, line.id, { qty });
  if (qty > line.qty) await assertBillWithinLimit(trx, billId);
  else await recheckDiscounts(trx, bill, cashierId, line.id);
}

export async function removeLine(db: Db, cashierId: number, lineId: number): Promise<void> {
  await withOpenLine(db, cashierId, lineId, async (trx, bill) => {
    await deleteLine(trx, bill.id, lineId);
    await recheckDiscounts(trx, bill, cashierId, null);
  });
}

/**
 * Parses a discount as typed: kind "amount" takes rupees ("20", "12.50"),
 * "percent" takes 0–100 with up to two decimals. Empty means no discount; no
 * kind means rupees; any other kind is refused.
 */
export function parseDiscount(
  kind: unknown,
  value: unknown,
): { kind: DiscountKind; value: number } {
  if (kind !== undefined && kind !== "" && kind !== "amount" && kind !== "percent")
    throw new ValidationError(msg("till:discount.kind"), {
      discount: msg("till:discount.kindField"),
    });
  const k: DiscountKind = kind === "percent" ? "percent" : "amount";
  const text = String(value ?? "").trim();
  if (!text) return { kind: k, value: 0 };
  const v = k === "percent" ? parsePercent(text) : parseRupees(text);
  if (v === null || (k === "percent" && v > 10_000))
    throw new ValidationError(
      k === "percent" ? msg("till:discount.percent") : msg("till:discount.amount"),
      { discount: msg("till:discount.field") },
    );
  return { kind: k, value: v };
}

/**
 * Sets a line's discount. Inside the locked bill's transaction it is checked
 * against the line's amount and the cashier's limit (discount-limits.ts), and
 * the change is audited with who gave it and who approved it.
 */
export async function setLineDiscount(
  db: Db,
  cashierId: number,
  lineId: number,
  kind: unknown,
  value: unknown,
  by: DiscountBy = {},
): Promise<void> {
  const d = parseDiscount(kind, value);
  const approverId = by.approverId ?? null;
  await withOpenLine(db, cashierId, lineId, async (trx, bill, line) => {
    if (line.discount_kind === d.kind && line.discount_value === d.value) return;
    const base = lineGross(line.unit_price, line.qty, line.unit);
    const amount = await checkDiscount(trx, { scope: "line", base, ...d, cashierId, approverId });
    await updateLine(trx, line.id, { discount_kind: d.kind, discount_value: d.value });
    if (approverId !== null) await updateBill(trx, bill.id, { discount_approved_by: approverId });
    await auditDiscount(trx, by.ip ?? null, "line", {
      billId: bill.id,
      lineId: line.id,
      ...d,
      amount,
      base,
      cashierId,
      approvedBy: approverId,
    });
  });
}

/** The bill's amount after item discounts: what a bill discount applies to. */
async function afterLineDiscounts(trx: Executor, billId: number): Promise<number> {
  let sum = 0;
  for (const l of await listLines(trx, billId)) {
    const gross = lineGross(l.unit_price, l.qty, l.unit);
    sum += gross - discountAmount(gross, l.discount_kind, l.discount_value);
  }
  return sum;
}

/**
 * Runs a change of the bill's header on the open bill. With `billId` (the
 * till's forms send the bill they show) a bill that is no longer the open one
 * is refused; without it, a new open bill is started when there is none.
 */
async function withBillHeader(
  db: Db,
  cashierId: number,
  billId: number | null,
  change: (trx: Executor, bill: Bill) => Promise<void>,
): Promise<void> {
  if (billId === null) await openBillFor(db, cashierId);
  const gone = async (trx: Executor) =>
    billId === null ? justCompleted() : await goneBill(trx, billId);
  await withOpenBill(db, cashierId, gone, async (trx, bill) => {
    if (billId !== null && bill.id !== billId) throw await goneBill(trx, billId);
    await change(trx, bill);
  });
}

async function goneBill(db: Executor, billId: number): Promise<Error> {
  const bill = await findBillById(db, billId);
  if (bill?.status === "completed" || bill?.status === "voided") return justCompleted();
  return new NotFoundError(msg("till:lines.billGone"));
}

export async function setBillDiscount(
  db: Db,
  cashierId: number,
  kind: unknown,
  value: unknown,
  billId: number | null = null,
  by: DiscountBy = {},
): Promise<void> {
  const d = parseDiscount(kind, value);
  const approverId = by.approverId ?? null;
  await withBillHeader(db, cashierId, billId, async (trx, bill) => {
    if (bill.discount_kind === d.kind && bill.discount_value === d.value) return;
    const base = await afterLineDiscounts(trx, bill.id);
    const amount = await checkDiscount(trx, { scope: "bill", base, ...d, cashierId, approverId });
    await updateBill(trx, bill.id, {
      discount_kind: d.kind,
      discount_value: d.value,
      ...(approverId !== null ? { discount_approved_by: approverId } : {}),
    });
    await auditDiscount(trx, by.ip ?? null, "bill", {
      billId: bill.id,
      ...d,
      amount,
      base,
      cashierId,
      approvedBy: approverId,
    });
  });
}

/** Attaches a customer (null = walk-in) to the open bill. */
export async function setBillCustomer(
  db: Db,
  cashierId: number,
  customerId: number | null,
  billId: number | null = null,
): Promise<void> {
  if (customerId !== null) {
    const exists = await db
      .selectFrom("customers")
      .select("id")
      .where("id", "=", customerId)
      .where("erased_at", "is", null)
      .executeTakeFirst();
    if (!exists) throw new NotFoundError(msg("till:customer.notFound"));
  }
  await withBillHeader(db, cashierId, billId, (trx, bill) =>
    updateBill(trx, bill.id, { customer_id: customerId }),
  );
}
