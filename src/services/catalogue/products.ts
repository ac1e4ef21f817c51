import { isUniqueViolation } from "../../db/errors.ts";
import {
  findProductByCode,
  findProductById,
  findProductsByCodes,
  insertProduct,
  listLowStock,
  listProducts,
  type ProductFilter,
  reserveCounter,
  updateProductRow,
} from "../../db/repositories/products.repo.ts";
import { applyStockChange } from "../../db/repositories/stock.repo.ts";
import type { Db, Executor, Product } from "../../db/types.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { parsePercent } from "../../lib/percent.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { parseInput } from "../../lib/validation.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import { normalizeCode } from "../till/codes.ts";
import { internalCode, type ProductFields, productSchema } from "./rules.ts";

export const PAGE_SIZE = 50;

/** Reserves `count` internal codes (IN000001…) that no product uses yet. */
export async function generateInternalCodes(db: Executor, count: number): Promise<string[]> {
  const codes: string[] = [];
  while (codes.length < count) {
    const need = count - codes.length;
    const first = await reserveCounter(db, "product_code", need);
    const batch = Array.from({ length: need }, (_, i) => internalCode(first + i));
    // Someone may have typed a code like IN000042 by hand: skip those.
    for (let i = 0; i < batch.length; i += 500) {
      const slice = batch.slice(i, i + 500);
      const taken = new Set((await findProductsByCodes(db, slice)).map((p) => p.code));
      for (const code of slice) if (!taken.has(code)) codes.push(code);
    }
  }
  return codes;
}

function duplicate(code: string): ConflictError {
  return new ConflictError(msg("products:rules.duplicate", { code }), {
    code: msg("products:rules.duplicateField"),
  });
}

/**
 * Creates a product from the form (all strings). An empty code gets a
 * generated internal code; opening stock is written as an "initial" movement
 * so stock always equals the sum of movements.
 */
export async function createProduct(
  db: Db,
  actor: Actor,
  input: unknown,
  gstRates: number[],
): Promise<Product> {
  const data = parseInput(productSchema(gstRates, { allowEmptyCode: true }), input);
  try {
    return await db.transaction().execute(async (trx) => {
      const code = data.code || (await generateInternalCodes(trx, 1))[0];
      if (!code) throw new Error("no internal code");
      if (await findProductByCode(trx, code)) throw duplicate(code);
      const now = nowUtc();
      const id = await insertProduct(trx, {
        ...data,
        code,
        stock: 0,
        created_at: now,
        updated_at: now,
      });
      if (data.stock > 0) {
        await applyStockChange(trx, {
          productId: id,
          change: data.stock,
          reason: "initial",
          note: "Opening stock",
          userId: actor.userId,
          createdAt: now,
        });
      }
      await recordAudit(trx, actor, "product.create", {
        entity: "product",
        entityId: id,
        detail: { code, price: data.price },
      });
      const product = await findProductById(trx, id);
      if (!product) throw new Error("product vanished");
      return product;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(data.code);
    throw err;
  }
}

/** The product, or NotFoundError. */
export async function getProduct(db: Executor, id: number): Promise<Product> {
  const product = await findProductById(db, id);
  if (!product) throw new NotFoundError(msg("products:notFound"));
  return product;
}

/**
 * Edits a product. Stock is not edited here (receive/adjust write movements);
 * the unit may change only while stock is 0, since stock is in base units.
 * A price change goes to the audit log; past bills keep their copied price.
 */
export async function updateProduct(
  db: Db,
  actor: Actor,
  id: number,
  input: unknown,
  gstRates: number[],
): Promise<Product> {
  const raw = { ...(input as Record<string, unknown>), stock: "0" };
  const data: ProductFields = parseInput(productSchema(gstRates, { allowEmptyCode: false }), raw);
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await getProduct(trx, id);
      const other = await findProductByCode(trx, data.code);
      if (other && other.id !== id) throw duplicate(data.code);
      if (data.unit !== before.unit && Number(before.stock) !== 0) {
        throw new ValidationError(msg("products:rules.unitChange"), {
          unit: msg("products:rules.unitChangeField"),
        });
      }
      const { stock: _ignored, active: _active, ...fields } = data;
      await updateProductRow(trx, id, { ...fields, updated_at: nowUtc() });
      if (Number(before.price) !== data.price) {
        await recordAudit(trx, actor, "product.price_change", {
          entity: "product",
          entityId: id,
          detail: { code: data.code, from: Number(before.price), to: data.price },
        });
      }
      if (before.code !== data.code) {
        await recordAudit(trx, actor, "product.code_change", {
          entity: "product",
          entityId: id,
          detail: { from: before.code, to: data.code },
        });
      }
      return getProduct(trx, id);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(data.code);
    throw err;
  }
}

/** Deactivates (cannot be billed; history kept) or reactivates a product. */
export async function setProductActive(
  db: Db,
  actor: Actor,
  id: number,
  active: boolean,
): Promise<Product> {
  return db.transaction().execute(async (trx) => {
    const product = await getProduct(trx, id);
    await updateProductRow(trx, id, { active: active ? 1 : 0, updated_at: nowUtc() });
    await recordAudit(trx, actor, active ? "product.activate" : "product.deactivate", {
      entity: "product",
      entityId: id,
      detail: { code: product.code },
    });
    return getProduct(trx, id);
  });
}

export interface ProductQuery {
  q: string;
  status: "active" | "inactive" | "all";
  lowStock: boolean;
  gst: string;
  page: number;
}

/** Reads the list's query string leniently: anything odd falls back to a default. */
export function parseProductQuery(query: Record<string, unknown>): ProductQuery {
  const s = (v: unknown) => (typeof v === "string" ? v : "");
  const status = s(query.status);
  const page = Number(s(query.page));
  return {
    q: s(query.q).trim().slice(0, 100),
    status: status === "inactive" || status === "all" ? status : "active",
    lowStock: s(query.low) === "1",
    gst: s(query.gst),
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** One page of the product list for the query, and whether another page follows. */
export async function searchProducts(
  db: Executor,
  query: ProductQuery,
): Promise<{ products: Product[]; hasNext: boolean }> {
  const gst = query.gst ? parsePercent(query.gst) : null;
  const filter: ProductFilter = {
    q: query.q || undefined,
    code: query.q ? normalizeCode(query.q) : undefined,
    status: query.status,
    lowStock: query.lowStock,
    gstRate: gst ?? undefined,
  };
  const offset = (query.page - 1) * PAGE_SIZE;
  // Something typed like a code (a digit, no spaces): try the code index first;
  // a name substring needs a scan of the name index, which a miss runs to the end.
  if (query.q && /\d/.test(query.q) && !/\s/.test(query.q)) {
    const byCode = await listProducts(db, { ...filter, codeOnly: true }, PAGE_SIZE + 1, offset);
    if (byCode.length > 0)
      return { products: byCode.slice(0, PAGE_SIZE), hasNext: byCode.length > PAGE_SIZE };
  }
  const rows = await listProducts(db, filter, PAGE_SIZE + 1, offset);
  return { products: rows.slice(0, PAGE_SIZE), hasNext: rows.length > PAGE_SIZE };
}

/** Active products at or below their low-stock level (the dashboard list). */
export async function lowStockProducts(db: Executor, limit = 20): Promise<Product[]> {
  return listLowStock(db, limit);
}

/** The till's product search: active products matching the name or code, none under 2 characters. */
export async function searchForTill(db: Executor, q: string, limit = 8): Promise<Product[]> {
  if (q.length < 2) return [];
  return listProducts(db, { q, status: "active", lowStock: false }, limit, 0);
}
