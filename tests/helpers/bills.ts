import { insertCustomer } from "../../src/db/repositories/customers.repo.ts";
import { insertProduct } from "../../src/db/repositories/products.repo.ts";
import { updateSettings } from "../../src/db/repositories/settings.repo.ts";
import type { Db } from "../../src/db/types.ts";
import { reversedDigits } from "../../src/lib/phone.ts";
import { nowUtc } from "../../src/lib/utc-time.ts";
import { openBillFor, scanIntoBill } from "../../src/services/till/bill.ts";
import { completeBill } from "../../src/services/till/checkout.ts";
import { setBillCustomer, setLineQty } from "../../src/services/till/lines.ts";
import type { PaymentInput } from "../../src/services/till/payment.ts";
import { ITEMS, type SampleItem } from "./bill-detail.ts";

/**
 * Test bills made the way the till makes them: products in the catalogue,
 * scans into the cashier's open bill, then the real checkout service.
 */

/** Adds the sample catalogue (plenty of stock). */
export async function addSampleProducts(db: Db, items: SampleItem[] = ITEMS): Promise<void> {
  const now = nowUtc();
  for (const item of items) {
    await insertProduct(db, {
      code: item.code,
      name: item.name,
      category: "Grocery",
      price: item.price,
      gst_rate: item.rate,
      hsn: item.hsn,
      unit: item.unit,
      stock: 1_000_000,
      low_stock_level: 0,
      active: 1,
      created_at: now,
      updated_at: now,
    });
  }
}

/** A customer row with a normalised phone (E.164). */
export async function addCustomer(db: Db, name: string, phone: string): Promise<number> {
  const now = nowUtc();
  return insertCustomer(db, {
    name,
    phone,
    phone_rev: reversedDigits(phone),
    email: null,
    erased_at: null,
    created_at: now,
    updated_at: now,
  });
}

export async function setShopUpi(db: Db, upiId: string | null): Promise<void> {
  await updateSettings(db, { upi_id: upiId });
}

export interface BillSpec {
  cashier: { id: number; username: string };
  /** Codes to scan, with an optional typed quantity ("0.750" for 750 g). */
  lines: Array<{ code: string; qty?: string }>;
  customerId?: number | null;
  payment?: PaymentInput;
  at?: Date;
}

/** Makes and completes a bill through the till's services; returns its id and number. */
export async function makeBill(
  db: Db,
  spec: BillSpec,
): Promise<{ id: number; number: string; total: number }> {
  const cashierId = spec.cashier.id;
  const bill = await openBillFor(db, cashierId);
  for (const line of spec.lines) {
    const scan = await scanIntoBill(db, cashierId, line.code);
    if (line.qty) await setLineQty(db, cashierId, scan.lineId, line.qty);
  }
  if (spec.customerId) await setBillCustomer(db, cashierId, spec.customerId);
  const done = await completeBill(
    db,
    { userId: cashierId, username: spec.cashier.username },
    bill.id,
    spec.payment ?? { mode: "cash", tendered: "" },
    { at: spec.at },
  );
  return { id: done.billId, number: done.number, total: done.total };
}
