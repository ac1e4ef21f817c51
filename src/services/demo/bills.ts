import { firstBillTimes } from "../../db/repositories/customer-bills.repo.ts";
import { updateCustomerRow } from "../../db/repositories/customers.repo.ts";
import { applyStockChange } from "../../db/repositories/stock.repo.ts";
import type { Db, Product } from "../../db/types.ts";
import { ConflictError } from "../../lib/errors.ts";
import { fromUtcString, toUtcString } from "../../lib/utc-time.ts";
import { voidBill } from "../bills/void.ts";
import { addItemsToOpenBill } from "../till/bill.ts";
import { completeBill } from "../till/checkout.ts";
import { discardOpenBill } from "../till/hold.ts";
import { setBillCustomer, setBillDiscount } from "../till/lines.ts";
import type { PaymentInput } from "../till/payment.ts";
import { type DemoOwner, seededRandom } from "./random.ts";

/**
 * ~6 months of demo bills made through the real till services (scan, qty,
 * customer, discount, complete, void), so analytics has a history: more bills
 * in the evening and at weekends, a few popular products and regular
 * customers (Zipf-like skew), ~40 % walk-ins, cash/UPI/card, ~1 % voided.
 * Deterministic (seeded). Products that run out are restocked ("receive").
 */
export async function addDemoBills(
  db: Db,
  owner: DemoOwner,
  options: { days?: number; perDay?: number; now?: Date } = {},
): Promise<number> {
  const days = options.days ?? 182;
  const perDay = options.perDay ?? 3.5;
  const now = options.now ?? new Date();
  const rand = seededRandom(6_2026);
  const products = await db
    .selectFrom("products")
    .selectAll()
    .where("active", "=", 1)
    .orderBy("id")
    .execute();
  const customers = await db
    .selectFrom("customers")
    .select("id")
    .where("erased_at", "is", null)
    .orderBy("id")
    .execute();
  if (products.length === 0) return 0;
  const actor = { userId: owner.id, username: owner.username };
  // Zipf-like pick: low indexes (after a seeded shuffle) are much more likely.
  const skewed = <T>(xs: T[]) => xs[Math.floor(xs.length * rand() ** 2.2)] as T;
  const shuffled = [...products].sort(() => rand() - 0.5);
  const regulars = [...customers].sort(() => rand() - 0.5);

  let made = 0;
  const dayMs = 86_400_000;
  const start = Math.floor(now.getTime() / dayMs) * dayMs - days * dayMs;
  for (let d = 0; d < days; d++) {
    const day = new Date(start + d * dayMs);
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    const growth = 0.75 + (0.5 * d) / days; // the shop grows over the half-year
    const count = Math.round(perDay * growth * (weekend ? 1.5 : 1) * (0.6 + rand() * 0.8));
    // Opening hours 08:00–21:30 IST (02:30–16:00 UTC), busier towards the evening.
    const times = Array.from({ length: count }, () => 2.5 * 3600 + 13.5 * 3600 * rand() ** 0.7)
      .sort((a, b) => a - b)
      .map((s) => new Date(day.getTime() + Math.floor(s) * 1000));
    for (const at of times) {
      if (at >= now) break;
      const billId = await fillBill(db, owner.id, shuffled, skewed, rand);
      if (regulars.length && rand() < 0.6) await setBillCustomer(db, owner.id, skewed(regulars).id);
      if (rand() < 0.05) await setBillDiscount(db, owner.id, "percent", "5");
      const r = rand();
      const mode = r < 0.55 ? "cash" : r < 0.9 ? "upi" : "card";
      if (!(await completeOrRestock(db, actor, billId, { mode, upiConfirmed: "1" }, at))) continue;
      made++;
      if (rand() < 0.01) {
        const later = new Date(at.getTime() + 10 * 60_000);
        await voidBill(
          db,
          { ...actor, role: "owner" },
          billId,
          "Demo: customer returned the items",
          { at: later },
        );
      }
    }
  }
  await registerBeforeFirstBill(db);
  return made;
}

/**
 * The demo's customers were all inserted at load time, but their bills go
 * back months: each one is registered at the till a few minutes before their
 * first bill instead (a customer with no bill keeps the load time).
 */
async function registerBeforeFirstBill(db: Db): Promise<void> {
  for (const c of await firstBillTimes(db)) {
    const at = toUtcString(new Date(fromUtcString(c.first).getTime() - 3 * 60_000));
    if (c.createdAt > at)
      await updateCustomerRow(db, c.customerId, { created_at: at, updated_at: at });
  }
}

async function fillBill(
  db: Db,
  cashierId: number,
  products: Product[],
  skewed: <T>(xs: T[]) => T,
  rand: () => number,
): Promise<number> {
  const count = 1 + Math.floor(rand() ** 1.6 * 9);
  const picked = new Map<number, { product: Product; qty: number }>();
  for (let i = 0; i < count; i++) {
    const product = skewed(products);
    const qty =
      product.unit === "pc" ? 1 + Math.floor(rand() ** 3 * 4) : 250 * (1 + Math.floor(rand() * 8));
    picked.set(product.id, { product, qty });
  }
  return addItemsToOpenBill(db, cashierId, [...picked.values()]);
}

/** Completes the demo bill; a product that ran out gets a demo delivery and the sale is retried. */
async function completeOrRestock(
  db: Db,
  actor: { userId: number; username: string },
  billId: number,
  payment: PaymentInput,
  at: Date,
): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await completeBill(db, actor, billId, payment, { at });
      return true;
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      const lines = await db
        .selectFrom("bill_lines")
        .innerJoin("products", "products.id", "bill_lines.product_id")
        .select(["bill_lines.product_id", "bill_lines.qty", "products.stock"])
        .where("bill_lines.bill_id", "=", billId)
        .execute();
      for (const l of lines) {
        if (Number(l.stock) >= Number(l.qty)) continue;
        await applyStockChange(db, {
          productId: l.product_id,
          change: Number(l.qty) * 30,
          reason: "receive",
          note: "Demo delivery",
          createdAt: toUtcString(at),
        });
      }
    }
  }
  await discardOpenBill(db, actor.userId);
  return false;
}
