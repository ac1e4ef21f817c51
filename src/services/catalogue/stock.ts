import { z } from "zod";
import {
  listProductMovements,
  type MovementWithUser,
} from "../../db/repositories/products.repo.ts";
import { applyStockChange, currentStock } from "../../db/repositories/stock.repo.ts";
import type { Db, Product } from "../../db/types.ts";
import { ConflictError, ValidationError } from "../../lib/errors.ts";
import { msg, zodMsg } from "../../lib/i18n.ts";
import { parseQty, qtyToDecimal, type Unit } from "../../lib/quantity.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { cleanText, parseInput } from "../../lib/validation.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import { getProduct } from "./products.ts";

const text = (max: number, field: string) =>
  z
    .preprocess((v) => (typeof v === "string" ? v : ""), z.string())
    .transform(cleanText)
    .pipe(z.string().max(max, zodMsg(`products:stockRules.${field}Long`, { max })));

const receiveSchema = z.object({
  qty: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string()),
  supplier: text(64, "supplier"),
  cost_note: text(300, "costNote"),
});

/** The adjust reasons; the page shows them as products:adjustReasons.<key>. */
export const ADJUST_REASONS = {
  damage: "Damaged / expired",
  count: "Count correction",
  theft: "Lost / stolen",
  other: "Other",
} as const;

const adjustSchema = z.object({
  change: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string()),
  reason: z.enum(Object.keys(ADJUST_REASONS) as [keyof typeof ADJUST_REASONS], {
    message: zodMsg("products:stockRules.reason"),
  }),
  note: text(300, "note"),
});

function qtyOrFail(raw: string, unit: Unit, allowNegative: boolean, field: string): number {
  const qty = parseQty(raw, unit, allowNegative);
  if (qty === null || qty === 0) {
    const what = unit === "pc" ? "Pieces" : "Decimal";
    const params = { unit };
    throw new ValidationError(msg(`products:stockRules.qty${what}`, params), {
      [field]: msg(`products:stockRules.enter${what}${allowNegative ? "Signed" : ""}`, params),
    });
  }
  return qty;
}

/**
 * Receives stock from a supplier: a "receive" movement with the supplier as
 * reference and the cost note; audited.
 */
export async function receiveStock(
  db: Db,
  actor: Actor,
  productId: number,
  input: unknown,
): Promise<Product> {
  const data = parseInput(receiveSchema, input);
  return db.transaction().execute(async (trx) => {
    const product = await getProduct(trx, productId);
    const qty = qtyOrFail(data.qty, product.unit, false, "qty");
    await applyStockChange(trx, {
      productId,
      change: qty,
      reason: "receive",
      reference: data.supplier || null,
      note: data.cost_note || null,
      userId: actor.userId,
      createdAt: nowUtc(),
    });
    await recordAudit(trx, actor, "stock.receive", {
      entity: "product",
      entityId: productId,
      detail: { code: product.code, qty, supplier: data.supplier, note: data.cost_note },
    });
    return getProduct(trx, productId);
  });
}

/**
 * Adjusts stock up or down with a reason (damage, count correction…). Stock
 * never goes below 0: the conditional update refuses and nothing is written.
 */
export async function adjustStock(
  db: Db,
  actor: Actor,
  productId: number,
  input: unknown,
): Promise<Product> {
  const data = parseInput(adjustSchema, input);
  return db.transaction().execute(async (trx) => {
    const product = await getProduct(trx, productId);
    const change = qtyOrFail(data.change, product.unit, true, "change");
    const ok = await applyStockChange(trx, {
      productId,
      change,
      reason: "adjust",
      reference: data.reason,
      note: data.note || null,
      userId: actor.userId,
      createdAt: nowUtc(),
    });
    if (!ok) {
      // The stock that refused it (a locking re-read): the first read may be an older snapshot.
      const now = (await currentStock(trx, productId))?.stock ?? Number(product.stock);
      throw new ConflictError(
        msg(`products:stockRules.onlyInStock_${product.unit}`, {
          count: now,
          n: qtyToDecimal(now, product.unit),
        }),
        { change: msg("products:stockRules.moreThanStock") },
      );
    }
    await recordAudit(trx, actor, "stock.adjust", {
      entity: "product",
      entityId: productId,
      detail: { code: product.code, change, reason: data.reason, note: data.note },
    });
    return getProduct(trx, productId);
  });
}

/** A product's movement history, newest first. */
export async function movementHistory(
  db: Db,
  productId: number,
  page = 1,
  pageSize = 50,
): Promise<{ movements: MovementWithUser[]; hasNext: boolean }> {
  const rows = await listProductMovements(db, productId, pageSize + 1, (page - 1) * pageSize);
  return { movements: rows.slice(0, pageSize), hasNext: rows.length > pageSize };
}
