import type { Page } from "playwright-core";
import type { Db } from "../../src/db/types.ts";
import { addItemsToOpenBill } from "../../src/services/till/bill.ts";

export const DEMO_OWNER = {
  username: "owner",
  password: "owner-pass-123",
  displayName: "Asha Sharma",
};

/**
 * First-run setup in the browser with "Load demo data" ticked: ~200 products,
 * ~150 customers and months of bills made through the real till services.
 * Lands on the owner's dashboard.
 */
export async function setupDemoShop(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel("Shop name").fill("Sharma Kirana Store");
  await page.getByLabel("Address").fill("12 MG Road, Kothrud, Pune 411038");
  await page.getByLabel("Phone", { exact: true }).fill("020 2545 1234");
  await page.getByLabel("Your name").fill(DEMO_OWNER.displayName);
  await page.getByLabel("Username").fill(DEMO_OWNER.username);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_OWNER.password);
  await page.getByLabel("Confirm password").fill(DEMO_OWNER.password);
  await page.getByLabel("Load demo data").check();
  await page.getByRole("button", { name: "Create shop" }).click();
  await page.waitForURL(baseUrl, { timeout: 300_000 });
}

/** Ids the main pages need: the owner, a regular customer, a completed bill. */
export async function demoIds(
  db: Db,
): Promise<{ ownerId: number; customerId: number; billId: number }> {
  const owner = await db
    .selectFrom("users")
    .select("id")
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  // A recent customer's bill with several lines: a realistic receipt to show.
  const bill = await db
    .selectFrom("bills")
    .innerJoin("bill_lines", "bill_lines.bill_id", "bills.id")
    .select(["bills.id", "bills.customer_id"])
    .select((eb) => eb.fn.countAll<number>().as("lines"))
    .where("bills.status", "=", "completed")
    .where("bills.customer_id", "is not", null)
    .groupBy(["bills.id", "bills.customer_id"])
    .orderBy("lines", "desc")
    .orderBy("bills.id", "desc")
    .executeTakeFirstOrThrow();
  return { ownerId: owner.id, customerId: Number(bill.customer_id), billId: bill.id };
}

/**
 * Puts `lines` products (in stock, sold by the piece) on the owner's open bill
 * through the till service, so the till page has a realistic bill to show.
 */
export async function fillOpenBill(db: Db, cashierId: number, lines: number): Promise<void> {
  const products = await db
    .selectFrom("products")
    .selectAll()
    .where("active", "=", 1)
    .where("unit", "=", "pc")
    .where("stock", ">=", 5)
    .orderBy("id")
    .limit(lines)
    .execute();
  await addItemsToOpenBill(
    db,
    cashierId,
    products.map((product, i) => ({ product, qty: 1 + (i % 3) })),
  );
}

/** A product code the till can scan (in stock, by the piece, not already on a filled bill). */
export async function scannableCode(db: Db): Promise<string> {
  const p = await db
    .selectFrom("products")
    .select("code")
    .where("active", "=", 1)
    .where("unit", "=", "pc")
    .where("stock", ">=", 5)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return p.code;
}
