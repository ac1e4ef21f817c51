import type { BillDetail, BillDetailLine } from "../../src/lib/bill-detail.ts";
import { computeTotals, type TotalsLineInput } from "../../src/services/till/totals.ts";

/**
 * Realistic kirana items and an in-memory BillDetail built from them with the
 * real totals service, so every figure adds up. For PDF tests and the bench.
 */

export interface SampleItem {
  code: string;
  name: string;
  hsn: string;
  unit: "pc" | "kg" | "l";
  price: number; // paise per piece / kg / litre
  rate: number; // basis points
}

export const ITEMS: SampleItem[] = [
  {
    code: "8901058000017",
    name: "Amul Taaza Toned Milk 500 ml",
    hsn: "0401",
    unit: "pc",
    price: 2_900,
    rate: 0,
  },
  {
    code: "LOOSE-RICE",
    name: "Sona Masoori Rice (loose)",
    hsn: "1006",
    unit: "kg",
    price: 6_400,
    rate: 500,
  },
  {
    code: "8901725133979",
    name: "Aashirvaad Shudh Chakki Atta 5 kg",
    hsn: "1101",
    unit: "pc",
    price: 28_500,
    rate: 500,
  },
  {
    code: "8901030865278",
    name: "Surf Excel Easy Wash Detergent Powder 1 kg",
    hsn: "3402",
    unit: "pc",
    price: 14_000,
    rate: 1800,
  },
  {
    code: "8901063010826",
    name: "Britannia Good Day Cashew Cookies 200 g",
    hsn: "1905",
    unit: "pc",
    price: 4_000,
    rate: 1800,
  },
  {
    code: "LOOSE-OIL",
    name: "Groundnut Oil (loose)",
    hsn: "1508",
    unit: "l",
    price: 19_000,
    rate: 500,
  },
  {
    code: "8901138511951",
    name: "Colgate Strong Teeth Toothpaste 200 g",
    hsn: "3306",
    unit: "pc",
    price: 11_500,
    rate: 1800,
  },
  {
    code: "8904004400021",
    name: "Haldiram's Aloo Bhujia 400 g",
    hsn: "2106",
    unit: "pc",
    price: 10_500,
    rate: 1200,
  },
  {
    code: "8901491101837",
    name: "Tata Salt Vacuum Evaporated Iodised 1 kg",
    hsn: "2501",
    unit: "pc",
    price: 2_800,
    rate: 0,
  },
  {
    code: "8901719104046",
    name: "Parle-G Original Glucose Biscuits 800 g Family Pack",
    hsn: "1905",
    unit: "pc",
    price: 9_000,
    rate: 1800,
  },
];

export interface SampleLine extends SampleItem {
  qty: number;
  discount: number; // paise off this line
}

/** n lines cycling through ITEMS with varied quantities and a few discounts. */
export function sampleLines(n: number): SampleLine[] {
  return Array.from({ length: n }, (_, i) => {
    const item = ITEMS[i % ITEMS.length] as SampleItem;
    const qty = item.unit === "pc" ? 1 + (i % 3) : 250 + ((i * 250) % 1500);
    return { ...item, qty, discount: i % 4 === 3 ? 500 : 0 };
  });
}

export interface SampleOptions {
  lines?: number | SampleLine[];
  status?: "completed" | "voided";
  unpaid?: boolean;
  paymentMode?: "cash" | "upi" | "card" | "split";
  gstin?: string | null;
  upiId?: string | null;
  customerName?: string;
  billDiscount?: number;
  number?: string;
}

export function sampleDetail(o: SampleOptions = {}): BillDetail {
  const lines = typeof o.lines === "object" ? o.lines : sampleLines(o.lines ?? 20);
  const totals = computeTotals({
    lines: lines.map<TotalsLineInput>((l) => ({
      unitPrice: l.price,
      qty: l.qty,
      unit: l.unit,
      taxRate: l.rate,
      discountKind: "amount",
      discountValue: l.discount,
    })),
    billDiscountKind: "amount",
    billDiscountValue: o.billDiscount ?? 0,
    pricesIncludeTax: true,
    roundOff: true,
  });
  const mode = o.unpaid ? null : (o.paymentMode ?? "cash");
  const total = totals.total;
  const tendered = mode === "cash" ? Math.ceil(total / 50_000) * 50_000 : 0;
  const detailLines: BillDetailLine[] = lines.map((l, i) => {
    const t = totals.lines[i];
    if (!t) throw new Error("totals missing a line");
    return {
      position: i + 1,
      code: l.code,
      name: l.name,
      hsn: l.hsn,
      unit: l.unit,
      unitPrice: l.price,
      qty: l.qty,
      gross: t.gross,
      discount: t.lineDiscount,
      amount: t.gross - t.lineDiscount,
      taxRate: l.rate,
      taxableValue: t.taxable,
      taxAmount: t.tax,
      lineTotal: t.total,
    };
  });
  const voided = o.status === "voided";
  return {
    shop: {
      name: "Sharma Kirana & General Store",
      address: "Shop 4, Shivaji Market, 12 MG Road, Camp, Pune 411001",
      phone: "020 2345 6789",
      gstin: o.gstin === undefined ? "27ABCDE1234F1Z5" : o.gstin,
      upiId: o.upiId === undefined ? "sharmakirana@okicici" : o.upiId,
      timeZone: "Asia/Kolkata",
      footer: "Thank you! Visit again. Goods once sold are exchanged within 7 days with bill.",
      receiptFormat: "80mm",
    },
    bill: {
      id: 1,
      number: o.number ?? "2026-27/000123",
      status: voided ? "voided" : "completed",
      createdAt: "2026-11-25 09:30:00",
      completedAt: "2026-11-25 09:34:00",
      voidedAt: voided ? "2026-11-25 10:00:00" : null,
      voidedByName: voided ? "Asha Owner" : null,
      voidReason: voided ? "Customer returned all items" : null,
      subtotal: totals.subtotal,
      lineDiscountTotal: totals.lineDiscountTotal,
      billDiscount: totals.billDiscount,
      taxableTotal: totals.taxableTotal,
      taxTotal: totals.taxTotal,
      cgstTotal: totals.cgstTotal,
      sgstTotal: totals.sgstTotal,
      roundOff: totals.roundOff,
      total,
      paymentMode: mode,
      paidCash: mode === "cash" ? total : 0,
      paidUpi: mode === "upi" ? total : 0,
      paidCard: mode === "card" ? total : 0,
      paidAccount: 0,
      paidStoreCredit: 0,
      tendered,
      changeDue: tendered ? tendered - total : 0,
      printCount: 0,
    },
    lines: detailLines,
    taxSummary: totals.byRate,
    customer: o.customerName
      ? { kind: "customer", id: 7, name: o.customerName, phone: "+91 XXXXXX3210" }
      : { kind: "customer", id: 7, name: "Meera Kulkarni", phone: "+91 XXXXXX3210" },
    cashierName: "Ravi Cashier",
  };
}
