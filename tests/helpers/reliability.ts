import { createApp } from "../../src/app.ts";
import type { DatabaseTarget } from "../../src/config.ts";
import { type AppDatabase, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { setCreditLimit } from "../../src/db/repositories/ledger.repo.ts";
import { insertUser } from "../../src/db/repositories/users.repo.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { createLogger } from "../../src/logger.ts";
import { hashPassword } from "../../src/services/shop/auth.ts";
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
  for (let i = 0; i < (opts.customers ?? 4); i++) {
    const id = await addCustomer(db, `Regular ${i}`, `+9198765000${String(i).padStart(2, "0")}`);
    // Regulars buy on account too (udhaar), with a limit no run reaches: ₹1 crore.
    await setCreditLimit(db, id, 1_00_00_000_00);
    customerIds.push(id);
  }
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
 * paid cash (or, for half of a regular's bills, put on their account). A refused completion (stock taken by another till meanwhile) is
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
    let payment: Record<string, string> = { mode: "cash", tendered: "" };
    if (pick(2) === 0) {
      const who = shop.customerIds[pick(shop.customerIds.length)] ?? null;
      const res = await till.attachCustomer(who);
      note("/till/customer", res.status, res.text);
      // Half of a regular's bills go on account: the ledger and balances get checked too.
      if (res.status === 200 && pick(2) === 0) payment = { mode: "account" };
    }
    const res = await till.complete(billId, payment);
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

/** The edits a cashier can make to the open bill, each raced against its completion. */
export const RACED_EDITS = [
  "qty",
  "inc",
  "dec",
  "remove",
  "line-discount",
  "bill-discount",
  "customer",
  "hold",
  "clear",
] as const;
export type RacedEdit = (typeof RACED_EDITS)[number];

/** How each raced edit was answered: applied (200) or refused, and anything else seen. */
export interface RaceLog extends SellerLog {
  races: Record<RacedEdit, { applied: number; refused: number }>;
  /** Answers that are neither 200 nor the "just completed" refusal, e.g. "409 …". */
  oddAnswers: string[];
}

export function newRaceLog(): RaceLog {
  const races = Object.fromEntries(RACED_EDITS.map((e) => [e, { applied: 0, refused: 0 }]));
  return { ...newLog(), races: races as RaceLog["races"], oddAnswers: [] };
}

/** The ids of the bill lines in a till answer (the rows' data-line attributes). */
export function lineIdsIn(html: string): number[] {
  return [...html.matchAll(/data-line="(\d+)"/g)].map((m) => Number(m[1]));
}

/**
 * One cashier pressing F9 while an edit is still on its way: each round scans
 * two or three products, then sends the completion and one edit of the bill
 * (cycling through every edit route) at the same moment from the same
 * session — the edit through `editor`, which may be the same session on
 * another server process. The edit must either land before the completion
 * (and be on the paid bill) or be refused; never change the paid bill.
 */
export async function raceEditsAgainstCompletion(
  till: HttpTill,
  editor: HttpTill,
  shop: PreparedShop,
  seed: number,
  rounds: number,
  log: RaceLog = newRaceLog(),
): Promise<RaceLog> {
  const pick = rng(seed);
  const note = (path: string, status: number, text: string) => {
    log.requests++;
    if (status >= 500)
      log.serverErrors.push(`${till.username} ${path}: ${status} ${text.slice(0, 200)}`);
    else if (status >= 400) log.refusals++;
  };
  for (let round = 0; round < rounds; round++) {
    const edit = RACED_EDITS[(seed + round) % RACED_EDITS.length] ?? "qty";
    const codes = [...shop.codes];
    let answer = "";
    for (let k = 2 + pick(2); k > 0; k--) {
      const [code] = codes.splice(pick(codes.length), 1);
      for (let q = 1 + pick(2); code && q > 0; q--) {
        const res = await till.scan(code);
        note("/till/scan", res.status, res.text);
        if (res.status === 200) answer = res.text;
      }
    }
    const billId = openBillId(answer);
    const lines = lineIdsIn(answer);
    const lineId = lines[pick(lines.length)];
    if (billId === null || lineId === undefined) continue;
    if (pick(2) === 0) {
      const res = await till.attachCustomer(
        shop.customerIds[pick(shop.customerIds.length)] ?? null,
      );
      note("/till/customer", res.status, res.text);
    }
    const other = shop.customerIds[pick(shop.customerIds.length)] ?? null;
    const sendEdit = async () => {
      // 0–3 ms apart: sometimes the edit wins, sometimes the completion.
      await new Promise((r) => setTimeout(r, pick(4)));
      const b = String(billId);
      switch (edit) {
        case "qty":
          return editor.post(`/till/lines/${lineId}/qty`, { qty: String(4 + pick(5)) });
        case "inc":
        case "dec":
        case "remove":
          return editor.post(`/till/lines/${lineId}/${edit}`);
        case "line-discount":
          return editor.post(`/till/lines/${lineId}/discount`, { kind: "percent", discount: "10" });
        case "bill-discount":
          // 5 %: within a cashier's limit on any bill (₹5 would be over it on a small one).
          return editor.post("/till/discount", { billId: b, kind: "percent", discount: "5" });
        case "customer":
          return editor.post("/till/customer", { billId: b, customerId: String(other ?? "") });
        case "hold":
        case "clear":
          return editor.post(`/till/${edit}`);
      }
    };
    const [done, edited] = await Promise.all([
      till.complete(billId, { mode: "cash", tendered: "" }),
      sendEdit(),
    ]);
    note("/till/complete", done.status, done.text);
    note(`/till edit ${edit}`, edited.status, edited.text);
    if (edited.status === 200) log.races[edit].applied++;
    else if (/That bill was just completed|There is no bill to hold/.test(edited.text))
      log.races[edit].refused++;
    else log.oddAnswers.push(`${edit}: ${edited.status} ${alertText(edited.text)}`);
    const number = done.status === 200 ? completedNumber(done.text) : null;
    if (number) log.acknowledged.push(number);
    else {
      const cleared = await till.clear();
      note("/till/clear", cleared.status, cleared.text);
    }
  }
  return log;
}

/** The message text of a till answer (for a report line). */
function alertText(html: string): string {
  const m = /class="till-msg[^"]*"[^>]*>([\s\S]*?)<\//.exec(html);
  return (m?.[1] ?? html.slice(0, 120)).replace(/\s+/g, " ").trim();
}
