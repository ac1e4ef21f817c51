import { insertCustomer, replaceNameKeys } from "../../db/repositories/customers.repo.ts";
import { insertProduct } from "../../db/repositories/products.repo.ts";
import { applyStockChange } from "../../db/repositories/stock.repo.ts";
import type { Db, Executor } from "../../db/types.ts";
import { withCheckDigit } from "../../lib/barcodes.ts";
import { ConflictError } from "../../lib/errors.ts";
import { parseRupees } from "../../lib/money.ts";
import { normalizePhone, reversedDigits } from "../../lib/phone.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { generateInternalCodes } from "../catalogue/products.ts";
import { nameKeys } from "../customers/customers.ts";
import { recordAudit } from "../shop/audit.ts";
import { addDemoBills } from "./bills.ts";
import { DEMO_CATALOGUE } from "./catalogue.ts";
import { type DemoOwner, seededRandom } from "./random.ts";

/**
 * What the demo adds after the catalogue and customers are committed: months
 * of bills through the real till (demo/bills.ts). Each runs in order with the
 * database handle (not a transaction), so it may open its own transactions.
 * A plain list, filled here; a test may swap its entries.
 */
export const demoExtras: Array<(db: Db, owner: DemoOwner) => Promise<void>> = [
  async (db, owner) => {
    await addDemoBills(db, owner);
  },
];

const FIRST_NAMES = [
  "Aarav",
  "Aditi",
  "Akash",
  "Ananya",
  "Anil",
  "Anjali",
  "Arjun",
  "Asha",
  "Deepak",
  "Divya",
  "Farhan",
  "Gaurav",
  "Geeta",
  "Harish",
  "Imran",
  "Jaya",
  "Karan",
  "Kavita",
  "Lakshmi",
  "Manoj",
  "Meena",
  "Mohammed",
  "Neha",
  "Nikhil",
  "Pooja",
  "Pradeep",
  "Priya",
  "Rahul",
  "Rajesh",
  "Ramesh",
  "Rekha",
  "Ritu",
  "Rohit",
  "Sanjay",
  "Sarita",
  "Shalini",
  "Simran",
  "Sunil",
  "Sunita",
  "Suresh",
  "Swati",
  "Tanvi",
  "Usha",
  "Varun",
  "Vijay",
  "Vikram",
  "Yasmin",
  "Zoya",
  "Harpreet",
  "Joseph",
];
const SURNAMES = [
  "Sharma",
  "Verma",
  "Gupta",
  "Patel",
  "Shah",
  "Reddy",
  "Nair",
  "Iyer",
  "Menon",
  "Kumar",
  "Singh",
  "Yadav",
  "Joshi",
  "Kulkarni",
  "Deshpande",
  "Chatterjee",
  "Banerjee",
  "Das",
  "Ghosh",
  "Khan",
  "Shaikh",
  "Pillai",
  "Rao",
  "Naidu",
  "Mehta",
  "Agarwal",
  "Jain",
  "Bhat",
  "Gill",
  "D'Souza",
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function between(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

async function addProducts(trx: Executor, owner: DemoOwner, rand: () => number, now: string) {
  const looseCount = DEMO_CATALOGUE.filter((g) => g.unit === "kg").reduce(
    (n, g) => n + g.items.length,
    0,
  );
  // Loose goods and a few local items carry the shop's own internal codes.
  const internal = await generateInternalCodes(trx, looseCount + 8);
  let count = 0;
  for (const [g, group] of DEMO_CATALOGUE.entries()) {
    for (const [i, item] of group.items.entries()) {
      const [name = "", rupees = "0"] = item.split("|");
      const price = parseRupees(rupees);
      if (price === null) throw new Error(`bad demo price for ${name}`);
      const useInternal = group.unit === "kg" || (i === 0 && g % 3 === 0 && internal.length > 0);
      const code = useInternal
        ? (internal.shift() as string)
        : withCheckDigit(
            `890${String(1000 + g * 7).padStart(4, "0")}${String(10_000 + i * 13).padStart(5, "0")}`,
          );
      const perKg = group.unit === "kg";
      const low = perKg ? 5_000 : between(rand, 5, 15);
      let stock = perKg ? between(rand, 8, 60) * 1_000 : between(rand, 12, 150);
      // Some products run low (the dashboard and stock pages have something to show).
      if (count % 17 === 5) stock = perKg ? between(rand, 1, 4) * 500 : between(rand, 1, low - 1);
      if (count % 67 === 30) stock = 0;
      const id = await insertProduct(trx, {
        code,
        name,
        category: group.category,
        price,
        gst_rate: group.gstRate,
        hsn: group.hsn,
        unit: group.unit,
        stock: 0,
        low_stock_level: low,
        active: 1,
        created_at: now,
        updated_at: now,
      });
      if (stock > 0) {
        await applyStockChange(trx, {
          productId: id,
          change: stock,
          reason: "initial",
          note: "Demo data",
          userId: owner.id,
          createdAt: now,
        });
      }
      count++;
    }
  }
  return count;
}

async function addCustomers(trx: Executor, rand: () => number, now: string, howMany: number) {
  const phones = new Set<string>();
  let count = 0;
  while (count < howMany) {
    const digits = `${between(rand, 6, 9)}${String(Math.floor(rand() * 1e9)).padStart(9, "0")}`;
    const phone = normalizePhone(digits);
    if (!phone || phones.has(phone)) continue;
    phones.add(phone);
    const first = pick(rand, FIRST_NAMES);
    const last = pick(rand, SURNAMES);
    const name = `${first} ${last}`;
    const email =
      rand() < 0.3
        ? `${first}.${last}${between(rand, 1, 99)}@example.com`.toLowerCase().replace("'", "")
        : null;
    const id = await insertCustomer(trx, {
      name,
      phone,
      phone_rev: reversedDigits(phone),
      email,
      erased_at: null,
      created_at: now,
      updated_at: now,
    });
    await replaceNameKeys(trx, id, nameKeys(name));
    count++;
  }
  return count;
}

/**
 * Fills a new shop with a realistic demo: ~200 kirana products (GST rates, HSN
 * codes, valid EAN-13 barcodes with the 890 prefix, internal codes for loose
 * goods sold per kg, stock with an "initial" movement each, a few below their
 * low-stock level) and ~150 customers with Indian mobile numbers, in one
 * transaction; then runs the registered `demoExtras`. Deterministic. Refuses a
 * shop that already has products.
 */
export async function loadDemoData(
  db: Db,
  owner: DemoOwner,
): Promise<{ products: number; customers: number }> {
  const rand = seededRandom(20_261_125);
  const now = nowUtc();
  const counts = await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("products")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    if (Number(existing.n) > 0) {
      throw new ConflictError("Demo data can only be loaded into an empty shop");
    }
    const products = await addProducts(trx, owner, rand, now);
    const customers = await addCustomers(trx, rand, now, 150);
    await recordAudit(trx, { userId: owner.id, username: owner.username }, "demo.load", {
      detail: { products, customers },
    });
    return { products, customers };
  });
  for (const extra of demoExtras) await extra(db, owner);
  return counts;
}
