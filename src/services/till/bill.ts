import { isUniqueViolation } from "../../db/errors.ts";
import {
  bumpLineQty,
  findBillById,
  findOpenBill,
  findOpenBillNow,
  insertBill,
  insertLine,
  type LineWithStock,
  listLinesWithStock,
  maxLinePosition,
  updateBillIfStatus,
} from "../../db/repositories/bills.repo.ts";
import { findProductByCode } from "../../db/repositories/products.repo.ts";
import { retryOnLockConflict } from "../../db/retry.ts";
import type { Bill, Db, Executor, Product } from "../../db/types.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { type Msg, msg } from "../../lib/i18n.ts";
import { type Unit, unitSize } from "../../lib/quantity.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import type { Shop } from "../shop/settings.ts";
import { assertBillWithinLimit, assertLineQty, assertWithinLimit } from "./bounds.ts";
import { normalizeCode } from "./codes.ts";
import { linesAt, remember } from "./open-lines.ts";
import { qtyParams } from "./qty-text.ts";
import { type ResolvedCode, resolveScaleCode } from "./scale-resolver.ts";

/**
 * The open bill: one per cashier, in the database (bills.open_for is unique),
 * so a refresh, a second tab or a restart shows the same bill. Lines copy the
 * product's name, price, HSN, unit and GST rate at the moment of the scan.
 */

/** Zero figures of a bill that has not been completed yet. */
const EMPTY_BILL = {
  number: null,
  customer_id: null,
  subtotal: 0,
  line_discount_total: 0,
  discount_kind: "amount",
  discount_value: 0,
  bill_discount: 0,
  taxable_total: 0,
  tax_total: 0,
  round_off: 0,
  total: 0,
  payment_mode: null,
  paid_cash: 0,
  paid_upi: 0,
  paid_card: 0,
  tendered: 0,
  change_due: 0,
  held_at: null,
  completed_at: null,
  voided_at: null,
  voided_by: null,
  void_reason: null,
} as const;

/** The cashier's open bill, or undefined (none is created just to look). */
export async function currentBill(db: Executor, cashierId: number): Promise<Bill | undefined> {
  return findOpenBill(db, cashierId);
}

/** The cashier's open bill, created when there is none. */
export async function openBillFor(db: Executor, cashierId: number): Promise<Bill> {
  const existing = await findOpenBill(db, cashierId);
  if (existing) return existing;
  const now = nowUtc();
  try {
    const id = await insertBill(db, {
      ...EMPTY_BILL,
      status: "open",
      cashier_id: cashierId,
      open_for: cashierId,
      created_at: now,
      updated_at: now,
    });
    const bill = await findBillById(db, id);
    if (!bill) throw new Error("bill vanished after insert");
    return bill;
  } catch (err) {
    // Another tab created it a moment ago: use that one (read as committed, not as the snapshot).
    if (!isUniqueViolation(err)) throw err;
    const bill = await findOpenBillNow(db, cashierId);
    if (!bill) throw err;
    return bill;
  }
}

/** Default quantity one scan adds: a piece, or 1 kg / 1 litre of a loose product. */
function scanQty(unit: Unit): number {
  return unitSize(unit);
}

/** How a scan learns a loose product's weight (grams / ml): the till asks for it. */
export type Weigh = (product: Product) => number;

async function resolveCode(
  db: Executor,
  raw: string,
  weigh: Weigh | undefined,
  shop?: Shop,
): Promise<ResolvedCode> {
  const code = normalizeCode(raw);
  if (!code)
    throw new ValidationError(msg("till:scan.empty"), { code: msg("till:scan.emptyField") });
  if (code.length > 64)
    throw new NotFoundError(msg("till:scan.unknown", { code: `${code.slice(0, 64)}…` }));
  const product = await findProductByCode(db, code);
  // A loose product by its own code: its weight comes from the till (a scale label carries it).
  if (product && product.unit !== "pc" && weigh) return { product, qty: weigh(product) };
  if (product) return { product, qty: scanQty(product.unit) };
  const scaled = await resolveScaleCode(db, code, shop?.scaleBarcodeLayout); // scale labels
  if (scaled) return scaled;
  throw new NotFoundError(msg("till:scan.unknown", { code }));
}

export interface ScanResult {
  billId: number;
  lineId: number;
  product: Product;
  qty: number;
  /** "Tea × 2 pcs", for the till's message. */
  message: Msg;
  /** The bill and its lines as the transaction left them (for the till view). */
  after: { bill: Bill; lines: LineWithStock[] } | null;
  /** The bill's lines as they were before this scan, in order. */
  before: LineWithStock[];
  /** True when the scan added a new line (else it raised an existing line's quantity). */
  added: boolean;
  /** The bill's revision after this scan's claim. */
  revision: number;
  /** True when `after` is the bill as committed (not built on an older snapshot of its lines). */
  current: boolean;
}

/**
 * Adds one scan to the cashier's open bill: exact lookup of the normalised
 * code (never a prefix, never an id), then a new line or a bumped quantity.
 * Unknown code, inactive product, or not enough stock: a clear error and
 * nothing written. `weigh` gives a loose product's quantity (grams / ml) —
 * the till asks for it; without it a scan adds 1 kg / 1 L.
 */
export async function scanIntoBill(
  db: Db,
  cashierId: number,
  raw: string,
  shop?: Shop,
  weigh?: Weigh,
): Promise<ScanResult> {
  // A deadlock victim among concurrent tills (server database) is rolled back whole: run it again.
  const result = await retryOnLockConflict(() =>
    db.transaction().execute(async (trx) => {
      // The product and its stock are read inside the transaction that writes the line, before
      // anything is written (a refusal or the weight prompt leaves nothing behind).
      const { product, qty } = await resolveCode(trx, raw, weigh, shop);
      if (product.active !== 1)
        throw new ConflictError(msg("till:scan.inactive", { name: product.name }));
      if (product.stock <= 0)
        throw new ConflictError(msg("till:scan.outOfStock", { name: product.name }));
      const bill = await openBillFor(trx, cashierId);
      const now = nowUtc();
      // Lock the bill row first (the same order as completion, so no deadlock on the
      // server database) and make sure it is still open: a completion may have just won.
      if (!(await updateBillIfStatus(trx, bill.id, ["open"], { updated_at: now })))
        throw new ConflictError(msg("till:scan.justCompleted"));
      // The bill as the claim left it (on the server database a read after the transaction's own
      // update sees the latest row, whatever edit committed before the claim).
      const claimed = (await findBillById(trx, bill.id)) ?? bill;
      // One read of the bill's lines (under the lock) answers "is it on the bill?", "next
      // position", and, with the line written below, what the till shows afterwards. When this
      // process wrote them at the revision just before its claim, they are known (open-lines.ts).
      const known = linesAt(db, bill.id, claimed.revision - 1);
      const lines = known ?? (await listLinesWithStock(trx, bill.id));
      // Lines read here are the bill's latest unless another edit committed between this
      // transaction's first read and its claim (on the server database a plain read sees the
      // snapshot of the first read): then the claim found a revision more than one past it.
      const current = known !== undefined || claimed.revision === bill.revision + 1;
      const line = lines
        .filter((l) => l.product_id === product.id)
        .reduce<LineWithStock | undefined>(
          (first, l) => (first && first.id < l.id ? first : l),
          undefined,
        );
      const wanted = (line?.qty ?? 0) + qty;
      if (wanted > product.stock) {
        throw new ConflictError(
          msg("till:stock.only", { name: product.name, ...qtyParams(product.stock, product.unit) }),
        );
      }
      assertLineQty(wanted, product.unit, "code");
      let lineId: number;
      let linesAfter: LineWithStock[];
      if (line) {
        await bumpLineQty(trx, line.id, qty);
        lineId = line.id;
        linesAfter = lines.map((l) =>
          l.id === line.id
            ? {
                ...l,
                qty: l.qty + qty,
                stock: Number(product.stock),
                active: Number(product.active),
              }
            : l,
        );
      } else {
        const position = lines.reduce((max, l) => Math.max(max, Number(l.position)), 0) + 1;
        const row = newLine(bill.id, product, qty, position, now);
        lineId = await insertLine(trx, row);
        // The new line has the highest position: last in the till's order.
        linesAfter = [
          ...lines,
          {
            ...row,
            id: lineId,
            returned_qty: 0,
            stock: Number(product.stock),
            active: Number(product.active),
          },
        ];
      }
      // The claimed bill and its lines as just written: checked and shown without reading
      // them again. No shop (a caller outside a request): read them.
      const after = shop
        ? assertWithinLimit({ bill: claimed, lines: linesAfter }, shop)
        : await assertBillWithinLimit(trx, bill.id);
      return {
        after,
        before: lines,
        added: !line,
        billId: bill.id,
        revision: claimed.revision,
        current,
        lineId,
        product,
        qty: wanted,
        message: msg("till:scan.added", { name: product.name, ...qtyParams(wanted, product.unit) }),
      };
    }),
  );
  // Committed: the bill's lines at its new revision (only lines known to be the latest).
  if (result.after && result.current)
    remember(db, result.billId, result.revision, result.after.lines);
  return result;
}

/**
 * A new bill line: name, price, HSN and GST rate are copied from the product at
 * sale time, so later catalogue changes never alter the bill. Figures are
 * filled in when the bill's totals are computed.
 */
function newLine(billId: number, product: Product, qty: number, position: number, now: string) {
  return {
    bill_id: billId,
    product_id: product.id,
    position,
    code: product.code,
    name: product.name,
    hsn: product.hsn,
    unit: product.unit,
    unit_price: product.price,
    qty,
    tax_rate: product.gst_rate,
    discount_kind: "amount" as const,
    discount_value: 0,
    discount: 0,
    taxable_value: 0,
    tax_amount: 0,
    line_total: 0,
    created_at: now,
  };
}

/**
 * Puts several items on the cashier's open bill in one transaction (products
 * already looked up; stock is checked at completion). Used by the demo data
 * generator so months of bills take seconds; the till itself scans one code
 * at a time through scanIntoBill.
 */
export async function addItemsToOpenBill(
  db: Db,
  cashierId: number,
  items: Array<{ product: Product; qty: number }>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const bill = await openBillFor(trx, cashierId);
    const now = nowUtc();
    // Claimed like every change to an open bill's lines: its revision moves on, so lines a scan
    // here remembered (open-lines.ts) are not taken for the bill's at completion.
    if (!(await updateBillIfStatus(trx, bill.id, ["open"], { updated_at: now })))
      throw new ConflictError(msg("till:scan.justCompleted"));
    let position = await maxLinePosition(trx, bill.id);
    for (const { product, qty } of items) {
      await insertLine(trx, newLine(bill.id, product, qty, ++position, now));
    }
    return bill.id;
  });
}
