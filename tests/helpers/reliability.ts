import { createApp } from "../../src/app.ts";
import type { DatabaseTarget } from "../../src/config.ts";
import { type AppDatabase, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { insertUser } from "../../src/db/repositories/users.repo.ts";
import { nowUtc } from "../../src/db/time.ts";
import { createLogger } from "../../src/logger.ts";
import { hashPassword } from "../../src/services/auth.service.ts";
import { setupShopVia, testConfig } from "./app.ts";
import { addCustomer } from "./bills.ts";
import { completedNumber, type HttpTill, openBillId } from "./http-till.ts";
import { seedProduct } from "./till.ts";

/** RELIABILITY_LONG=1 (CI): the long variants — more clients' bills, more crashes, more inputs. */
export const LONG = process.env.RELIABILITY_LONG === "1";

export const CASHIER_PASSWORD = "till-pass-12345";

export interface PreparedShop {
  cashiers: string[];
  codes: string[];
  customerIds: number[];
  initialStock: number;
}

/**
 * Migrates the database and sets the shop up through the real setup form,
 * then adds cashiers, 5 products with little stock, and a few customers.
 */
export async function prepareShop(
  target: DatabaseTarget,
  dataDir: string,
  opts: { cashiers: number; stock: number; customers?: number },
): Promise<PreparedShop> {
  const database = openDatabase(target);
  try {
    await migrateToLatest(database.db);
    const app = createApp({
      database,
      config: testConfig({ database: target, dataDir }),
      logger: createLogger("silent"),
    });
    await setupShopVia(app);
    return await seed(database, opts);
  } finally {
    await database.close();
  }
}

async function seed(
  database: AppDatabase,
  opts: { cashiers: number; stock: number; customers?: number },
): Promise<PreparedShop> {
  const db = database.db;
  const hash = await hashPassword(CASHIER_PASSWORD);
  const cashiers: string[] = [];
  for (let i = 0; i < opts.cashiers; i++) {
    const now = nowUtc();
    const username = `till${i}`;
    await insertUser(db, {
      username,
      display_name: `Till ${i}`,
      password_hash: hash,
      role: "cashier",
      active: 1,
      created_at: now,
      updated_at: now,
    });
    cashiers.push(username);
  }
  const codes: string[] = [];
  const prices = [2900, 4550, 12_000, 999, 38_075];
  const rates = [0, 500, 1200, 1800, 2800];
  for (let i = 0; i < 5; i++) {
    const code = `REL-${i}`;
    await seedProduct(db, {
      code,
      name: `Reliability item ${i}`,
      price: prices[i] ?? 1000,
      gst_rate: rates[i] ?? 0,
      stock: opts.stock,
    });
    codes.push(code);
  }
  const customerIds: number[] = [];
  for (let i = 0; i < (opts.customers ?? 4); i++)
    customerIds.push(
      await addCustomer(db, `Regular ${i}`, `+9198765000${String(i).padStart(2, "0")}`),
    );
  return { cashiers, codes, customerIds, initialStock: opts.stock };
}

/** A small deterministic random source (tests must be repeatable). */
export function rng(seed: number): (n: number) => number {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

/** What one till saw: acknowledged bill numbers, clean refusals, and anything 5xx. */
export interface SellerLog {
  acknowledged: string[];
  refusals: number;
  serverErrors: string[];
  requests: number;
}

export function newLog(): SellerLog {
  return { acknowledged: [], refusals: 0, serverErrors: [], requests: 0 };
}

/**
 * One cashier selling until every product is sold out (or maxBills): each bill
 * scans 1–3 products, 1–3 of each, sometimes for a regular customer, and is
 * paid cash. A refused completion (stock taken by another till meanwhile) is
 * cleared and the next bill begins. Every answer must be 2xx or a clean 4xx.
 */
export async function sellUntilSoldOut(
  till: HttpTill,
  shop: PreparedShop,
  seed: number,
  maxBills: number,
  log: SellerLog = newLog(),
): Promise<SellerLog> {
  const pick = rng(seed);
  const soldOut = new Set<string>();
  const note = (path: string, status: number, text: string) => {
    log.requests++;
    if (status >= 500)
      log.serverErrors.push(`${till.username} ${path}: ${status} ${text.slice(0, 200)}`);
    else if (status >= 400) log.refusals++;
  };
  for (let bill = 0; bill < maxBills && soldOut.size < shop.codes.length; bill++) {
    const wanted = shop.codes.filter((c) => !soldOut.has(c));
    let billId: number | null = null;
    for (let k = 1 + pick(3); k > 0 && wanted.length > 0; k--) {
      const [code] = wanted.splice(pick(wanted.length), 1);
      if (!code) break;
      for (let q = 1 + pick(3); q > 0; q--) {
        const res = await till.scan(code);
        note("/till/scan", res.status, res.text);
        if (res.status === 200) billId = openBillId(res.text) ?? billId;
        if (res.status !== 200) {
          if (/out of stock/.test(res.text)) soldOut.add(code);
          break;
        }
      }
    }
    if (billId === null) continue;
    if (pick(2) === 0) {
      const who = shop.customerIds[pick(shop.customerIds.length)] ?? null;
      const res = await till.attachCustomer(who);
      note("/till/customer", res.status, res.text);
    }
    const res = await till.complete(billId, { mode: "cash", tendered: "" });
    note("/till/complete", res.status, res.text);
    const number = res.status === 200 ? completedNumber(res.text) : null;
    if (number) log.acknowledged.push(number);
    else {
      const cleared = await till.clear();
      note("/till/clear", cleared.status, cleared.text);
    }
  }
  return log;
}
