import { setCreditLimit } from "../../src/db/repositories/ledger.repo.ts";
import { updateSettings } from "../../src/db/repositories/settings.repo.ts";
import type { Db } from "../../src/db/types.ts";
import { maskPhone } from "../../src/lib/phone.ts";
import { receivePayment } from "../../src/services/accounts/payments.ts";
import { voidBill } from "../../src/services/bills/void.ts";
import type { SampleItem } from "./bill-detail.ts";
import { addCustomer, addSampleProducts, makeBill } from "./bills.ts";

/**
 * Data for the analytics and udhaar pages in Hindi (tests/integration/i18n-pages.test.ts):
 * Devanagari names and digits only, enough buyers for tiers and RFM segments,
 * loose goods by weight, a credit sale, a payment received and a void. What
 * the pages show of it is returned as `data`, for textOutsideCatalogue.
 */

const PRODUCTS: SampleItem[] = [
  { code: "8900000000011", name: "चीनी 1 kg", hsn: "1701", unit: "pc", price: 4_800, rate: 500 },
  { code: "8900000000028", name: "अमूल घी 1 L", hsn: "0405", unit: "pc", price: 62_000, rate: 1200 },
  { code: "2900000000015", name: "खुला चावल", hsn: "1006", unit: "kg", price: 6_400, rate: 500 },
];

const CUSTOMERS = [
  "गोपाल राव",
  "फ़रहा ख़ान",
  "निशा जैन",
  "सुनील वर्मा",
  "मीना देवी",
  "अनिल गुप्ता",
  "कविता सिंह",
];

export interface AcctanaData {
  customerId: number;
  entryId: number;
  data: string[];
}

export async function seedAcctana(
  db: Db,
  cashier: { id: number; username: string },
  owner: { id: number; username: string },
): Promise<AcctanaData> {
  await addSampleProducts(db, PRODUCTS);
  await updateSettings(db, { upi_id: "sharma@okaxis" });
  const ids: number[] = [];
  const phones = CUSTOMERS.map((_, i) => `+9198000001${String(i).padStart(2, "0")}`);
  for (const [i, name] of CUSTOMERS.entries())
    ids.push(await addCustomer(db, name, phones[i] ?? ""));
  const numbers: string[] = [];
  const modes = ["cash", "upi", "card"] as const;
  // Six buyers over the last weeks (the seventh never buys), one of them often.
  for (const [i, id] of ids.slice(0, 6).entries()) {
    for (let k = 0; k <= (i === 0 ? 3 : i % 3); k++) {
      const bill = await makeBill(db, {
        cashier,
        lines: [{ code: PRODUCTS[k % 2]?.code ?? "" }, { code: "2900000000015", qty: "1.500" }],
        customerId: id,
        payment: { mode: modes[(i + k) % 3] ?? "cash", tendered: "", upiConfirmed: "1" },
        at: new Date(Date.now() - (i * 9 + k * 3) * 86_400_000),
      });
      numbers.push(bill.number);
    }
  }
  // Udhaar: a credit sale today, part of it paid back with a note.
  const customerId = ids[0] ?? 0;
  await setCreditLimit(db, customerId, 5000_00);
  const credit = await makeBill(db, {
    cashier,
    lines: [{ code: "8900000000028" }],
    customerId,
    payment: { mode: "account" },
  });
  numbers.push(credit.number);
  const paid = await receivePayment(
    db,
    { userId: cashier.id, username: cashier.username },
    customerId,
    {
      amount: "200",
      mode: "cash",
      note: "आधा नकद",
    },
  );
  // A walk-in bill voided today.
  const walkIn = await makeBill(db, { cashier, lines: [{ code: "8900000000011" }] });
  numbers.push(walkIn.number);
  await voidBill(
    db,
    { userId: owner.id, username: owner.username, role: "owner" },
    walkIn.id,
    "ग़लत बिल",
  );
  return {
    customerId,
    entryId: paid.entryId,
    data: [
      ...PRODUCTS.map((p) => p.name),
      // The category addSampleProducts stores (shop data, shown on the products page).
      "Grocery",
      ...CUSTOMERS,
      // Phones as the lists show them: +91 XXXXXX0100.
      ...phones.map(maskPhone),
      ...numbers,
      paid.receiptNumber,
      "आधा नकद",
      "ग़लत बिल",
      // The shop's one date and time format ("07:47 PM") and its time zone.
      "AM",
      "PM",
      "Asia/Kolkata",
    ],
  };
}
