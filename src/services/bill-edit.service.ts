import {
  deleteLine,
  findLine,
  findOpenBill,
  updateBill,
  updateLine,
} from "../db/repositories/bills.repo.ts";
import { findProductById } from "../db/repositories/products.repo.ts";
import { nowUtc } from "../db/time.ts";
import type { Db, Executor } from "../db/types.ts";
import { openBillFor } from "./bill.service.ts";
import { ConflictError, NotFoundError, ValidationError } from "./errors.ts";
import { parseRupees } from "./money.ts";
import { parsePercent } from "./product-rules.ts";
import { formatQty, parseQty, type Unit } from "./quantity.ts";
import type { DiscountKind } from "./totals.service.ts";

/**
 * Changes to the open bill's lines and header before completion: quantity
 * (typed or ±), removal, line and bill discounts, the customer. Every change
 * is made to the cashier's own open bill only.
 */

async function openLine(db: Executor, cashierId: number, lineId: number) {
  const bill = await findOpenBill(db, cashierId);
  if (!bill) throw new NotFoundError("There is no open bill");
  const line = await findLine(db, bill.id, lineId);
  if (!line) throw new NotFoundError("That line is no longer on the bill");
  return { bill, line };
}

/** Sets a line's quantity as typed in the selling unit ("3", "0.75"); 0 removes the line. */
export async function setLineQty(
  db: Db,
  cashierId: number,
  lineId: number,
  typed: string,
): Promise<void> {
  const { bill, line } = await openLine(db, cashierId, lineId);
  const qty = parseQty(String(typed ?? ""), line.unit);
  if (qty === null || qty > 1_000_000_000)
    throw new ValidationError(
      line.unit === "pc" ? "Quantity must be a whole number" : "Quantity like 0.75 (kg or L)",
      { qty: "Invalid quantity" },
    );
  await applyQty(db, bill.id, line, qty);
}

/** Steps a line's quantity by one piece (or 100 g / 100 ml); below one step removes it. */
export async function stepLineQty(
  db: Db,
  cashierId: number,
  lineId: number,
  direction: 1 | -1,
): Promise<void> {
  const { bill, line } = await openLine(db, cashierId, lineId);
  const step = line.unit === "pc" ? 1 : 100;
  await applyQty(db, bill.id, line, Math.max(0, line.qty + direction * step));
}

async function applyQty(
  db: Db,
  billId: number,
  line: { id: number; product_id: number; name: string; unit: Unit; qty: number },
  qty: number,
): Promise<void> {
  if (qty === 0) {
    await deleteLine(db, billId, line.id);
    return;
  }
  if (qty > line.qty) {
    const product = await findProductById(db, line.product_id);
    if (product && qty > product.stock)
      throw new ConflictError(
        `Only ${formatQty(product.stock, product.unit)} of ${line.name} in stock`,
        { qty: "More than in stock" },
      );
  }
  await updateLine(db, line.id, { qty });
}

export async function removeLine(db: Db, cashierId: number, lineId: number): Promise<void> {
  const { bill } = await openLine(db, cashierId, lineId);
  await deleteLine(db, bill.id, lineId);
}

/**
 * Parses a discount as typed: kind "amount" takes rupees ("20", "12.50"),
 * "percent" takes 0–100 with up to two decimals. Empty means no discount.
 */
export function parseDiscount(
  kind: unknown,
  value: unknown,
): { kind: DiscountKind; value: number } {
  const k: DiscountKind = kind === "percent" ? "percent" : "amount";
  const text = String(value ?? "").trim();
  if (!text) return { kind: k, value: 0 };
  const v = k === "percent" ? parsePercent(text) : parseRupees(text);
  if (v === null || (k === "percent" && v > 10_000))
    throw new ValidationError(
      k === "percent"
        ? "Discount % must be between 0 and 100"
        : "Discount must be an amount like 20 or 12.50",
      { discount: "Invalid discount" },
    );
  return { kind: k, value: v };
}

export async function setLineDiscount(
  db: Db,
  cashierId: number,
  lineId: number,
  kind: unknown,
  value: unknown,
): Promise<void> {
  const { line } = await openLine(db, cashierId, lineId);
  const d = parseDiscount(kind, value);
  await updateLine(db, line.id, { discount_kind: d.kind, discount_value: d.value });
}

export async function setBillDiscount(
  db: Db,
  cashierId: number,
  kind: unknown,
  value: unknown,
): Promise<void> {
  const d = parseDiscount(kind, value);
  const bill = await openBillFor(db, cashierId);
  await updateBill(db, bill.id, {
    discount_kind: d.kind,
    discount_value: d.value,
    updated_at: nowUtc(),
  });
}

/** Attaches a customer (null = walk-in) to the open bill. */
export async function setBillCustomer(
  db: Db,
  cashierId: number,
  customerId: number | null,
): Promise<void> {
  if (customerId !== null) {
    const exists = await db
      .selectFrom("customers")
      .select("id")
      .where("id", "=", customerId)
      .where("erased_at", "is", null)
      .executeTakeFirst();
    if (!exists) throw new NotFoundError("That customer was not found");
  }
  const bill = await openBillFor(db, cashierId);
  await updateBill(db, bill.id, { customer_id: customerId, updated_at: nowUtc() });
}
