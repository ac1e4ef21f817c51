/**
 * Shop history for analytics tests, made through the till's real services:
 * scanIntoBill → setBillCustomer → completeBill (at a past time) → voidBill,
 * and eraseCustomer. So customer_stats and the rollups are maintained exactly
 * as in production. Seeded, deterministic.
 */
import { insertCustomer } from "../../src/db/repositories/customers.repo.ts";
import { insertProduct } from "../../src/db/repositories/products.repo.ts";
import type { Db } from "../../src/db/types.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { voidBill } from "../../src/services/bills/void.ts";
import { eraseCustomer } from "../../src/services/customers/edit.ts";
import { scanIntoBill } from "../../src/services/till/bill.ts";
import { completeBill } from "../../src/services/till/checkout.ts";
import { setBillCustomer } from "../../src/services/till/lines.ts";

/** mulberry32: a tiny seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Staff {
  id: number;
  username: string;
  role: "owner" | "cashier";
}

export interface SeedOptions {
  seed: number;
  customers: number;
  bills: number;
  products: number;
  /** Bills are spread over this many days before `now`. */
  days: number;
  now: Date;
  voidShare: number;
  eraseShare: number;
  /** Bills with one of these fixed times too (shop-local day edges). */
  fixedTimes?: Date[];
}

export interface Seeded {
  customerIds: number[];
  productIds: number[];
  billIds: number[];
  voided: number[];
  erased: number[];
}

const RATES = [0, 500, 1200, 1800, 2800];

/** Seeds products, customers and bills through the till's services. */
export async function seedHistory(db: Db, staff: Staff[], o: SeedOptions): Promise<Seeded> {
  const rand = rng(o.seed);
  const now = nowUtc();
  const productIds: number[] = [];
  for (let i = 0; i < o.products; i++) {
    productIds.push(
      await insertProduct(db, {
        code: `AN${String(i + 1).padStart(4, "0")}`,
        name: i === 0 ? '=HYPERLINK("x") Atta 5kg' : `Product ${i + 1}`,
        category: "",
        price: 500 + Math.floor(rand() * 50_000),
        gst_rate: RATES[i % RATES.length] as number,
        hsn: "",
        unit: "pc",
        stock: 1_000_000_000,
        low_stock_level: 0,
        active: 1,
        created_at: now,
        updated_at: now,
      }),
    );
  }
  const customerIds: number[] = [];
  for (let i = 0; i < o.customers; i++) {
    const digits = String(1_000_000 + i).slice(1);
    const phone = `+91987${digits.padStart(7, "0")}`;
    customerIds.push(
      await insertCustomer(db, {
        name: i === 1 ? "+Sneaky =1+1" : `Customer ${i + 1}`,
        phone,
        phone_rev: phone.replace(/\D/g, "").split("").reverse().join(""),
        email: null,
        erased_at: null,
        created_at: now,
        updated_at: now,
      }),
    );
  }
  const owner = staff.find((s) => s.role === "owner") as Staff;
  const billIds: number[] = [];
  const times: Date[] = [...(o.fixedTimes ?? [])];
  for (let i = times.length; i < o.bills; i++) {
    const back = Math.floor(rand() * o.days * 86_400);
    times.push(new Date(o.now.getTime() - back * 1000 - 1000));
  }
  times.sort((a, b) => a.getTime() - b.getTime());
  for (const at of times) {
    const cashier = staff[Math.floor(rand() * staff.length)] as Staff;
    const lines = 1 + Math.floor(rand() * 4);
    let billId = 0;
    for (let l = 0; l < lines; l++) {
      // Popular products: squared skew toward the first ones.
      const p = Math.floor(rand() ** 2 * productIds.length) + 1;
      const scans = 1 + Math.floor(rand() * 3);
      for (let s = 0; s < scans; s++) {
        const r = await scanIntoBill(db, cashier.id, `AN${String(p).padStart(4, "0")}`);
        billId = (r as { billId?: number }).billId ?? billId;
      }
    }
    // A few customers buy often, most rarely; ~15 % walk-ins.
    const walkIn = rand() < 0.15;
    const customer = walkIn
      ? null
      : (customerIds[Math.floor(rand() ** 3 * customerIds.length)] as number);
    await setBillCustomer(db, cashier.id, customer);
    const m = rand();
    const payment =
      m < 0.5
        ? { mode: "cash" }
        : m < 0.8
          ? { mode: "upi", upiConfirmed: "1" }
          : m < 0.95
            ? { mode: "card" }
            : { mode: "split", upi: "1", upiConfirmed: "1" };
    const open = await db
      .selectFrom("bills")
      .select("id")
      .where("cashier_id", "=", cashier.id)
      .where("status", "=", "open")
      .executeTakeFirstOrThrow();
    billId = Number(open.id);
    const done = await completeBill(
      db,
      { userId: cashier.id, username: cashier.username },
      billId,
      payment,
      { at },
    );
    billIds.push(done.billId);
  }
  const voided: number[] = [];
  for (const id of billIds) {
    if (rand() < o.voidShare) {
      const bill = await db
        .selectFrom("bills")
        .select("completed_at")
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      const soldAt = Date.parse(`${String(bill.completed_at).replace(" ", "T")}Z`);
      const at = new Date(
        Math.min(o.now.getTime() - 500, soldAt + Math.floor(rand() * 3 * 86_400_000)),
      );
      await voidBill(
        db,
        { userId: owner.id, username: owner.username, role: "owner" },
        id,
        "test void",
        { at },
      );
      voided.push(id);
    }
  }
  const erased: number[] = [];
  for (const id of customerIds) {
    if (id === customerIds[0] || id === customerIds[1]) continue;
    if (rand() < o.eraseShare) {
      await eraseCustomer(db, { userId: owner.id, username: owner.username, role: "owner" }, id, {
        confirm: "ERASE",
      });
      erased.push(id);
    }
  }
  return { customerIds, productIds, billIds, voided, erased };
}
