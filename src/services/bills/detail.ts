import {
  type BillWithPeople,
  countBillPrints,
  findBillWithPeople,
  listLinesOfBill,
} from "../../db/repositories/bill-read.repo.ts";
import type { BillLine, BillStatus, Executor, UtcTime } from "../../db/types.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { maskPhone } from "../../lib/phone.ts";
import { getShop, type Shop } from "../shop/settings.ts";
import { gstRow, lineGross } from "../till/totals.ts";

/**
 * One numbered bill as a plain domain object: what the detail page and the
 * PDF show. Money in paise, times as stored (UTC); formatting is the caller's.
 */
export interface BillDetail {
  shop: Pick<Shop, "name" | "address" | "phone" | "gstin" | "upiId" | "timeZone" | "footer"> & {
    receiptFormat: ReceiptFormat;
  };
  bill: {
    id: number;
    number: string;
    status: BillStatus;
    createdAt: UtcTime;
    completedAt: UtcTime | null;
    voidedAt: UtcTime | null;
    voidedByName: string | null;
    voidReason: string | null;
    subtotal: number;
    lineDiscountTotal: number;
    billDiscount: number;
    taxableTotal: number;
    taxTotal: number;
    cgstTotal: number;
    sgstTotal: number;
    roundOff: number;
    total: number;
    /** 'cash' | 'upi' | 'card' | 'split', or null when unpaid. */
    paymentMode: string | null;
    paidCash: number;
    paidUpi: number;
    paidCard: number;
    tendered: number;
    changeDue: number;
    /** Copies printed so far (the next print is a duplicate when > 0). */
    printCount: number;
  };
  lines: BillDetailLine[];
  /** Per GST rate, ascending; CGST and SGST are equal halves (till/totals.ts `gstRow`). */
  taxSummary: TaxRateRow[];
  customer: {
    kind: "walk-in" | "customer" | "erased";
    id: number | null;
    name: string;
    /** Masked, e.g. "+91 XXXXXX3210"; empty for walk-in and erased. */
    phone: string;
  };
  cashierName: string;
}

export type ReceiptFormat = "80mm" | "58mm" | "a4";

export interface BillDetailLine {
  position: number;
  code: string;
  name: string;
  hsn: string;
  unit: "pc" | "kg" | "l";
  unitPrice: number;
  qty: number;
  /** price × qty */
  gross: number;
  /** The line's own discount. */
  discount: number;
  /** gross − discount: what the line column shows. */
  amount: number;
  taxRate: number;
  taxableValue: number;
  taxAmount: number;
  lineTotal: number;
}

export interface TaxRateRow {
  rate: number;
  taxable: number;
  cgst: number;
  sgst: number;
  tax: number;
}

/**
 * The detail of a numbered (completed or voided) bill. Open and held bills
 * have no number yet and are not bills on paper: NotFoundError.
 */
export async function getBillDetail(db: Executor, id: number): Promise<BillDetail> {
  const row = await findBillWithPeople(db, id);
  if (!row?.number || (row.status !== "completed" && row.status !== "voided")) {
    throw new NotFoundError("No such bill.");
  }
  const [shop, lineRows, printCount] = await Promise.all([
    getShop(db),
    listLinesOfBill(db, id),
    countBillPrints(db, id),
  ]);
  if (!shop) throw new NotFoundError("The shop is not set up.");
  const lines = lineRows.map(toLine);
  const taxSummary = summariseTax(lineRows);
  return {
    shop: {
      name: shop.name,
      address: shop.address,
      phone: shop.phone,
      gstin: shop.gstin,
      upiId: shop.upiId,
      timeZone: shop.timeZone,
      footer: shop.footer,
      receiptFormat: shop.receiptFormat,
    },
    bill: toBill(row, taxSummary, printCount),
    lines,
    taxSummary,
    customer: toCustomer(row),
    cashierName: row.cashier_name,
  };
}

function toBill(row: BillWithPeople, taxSummary: TaxRateRow[], printCount: number) {
  const n = (v: number | string) => Number(v);
  return {
    id: n(row.id),
    number: row.number as string,
    status: row.status,
    createdAt: row.created_at,
    completedAt: row.completed_at,
    voidedAt: row.voided_at,
    voidedByName: row.voided_by_name ?? null,
    voidReason: row.void_reason,
    subtotal: n(row.subtotal),
    lineDiscountTotal: n(row.line_discount_total),
    billDiscount: n(row.bill_discount),
    // From the rate rows, so the bill's figures and its tax lines always agree.
    taxableTotal: taxSummary.reduce((s, r) => s + r.taxable, 0),
    taxTotal: taxSummary.reduce((s, r) => s + r.tax, 0),
    cgstTotal: taxSummary.reduce((s, r) => s + r.cgst, 0),
    sgstTotal: taxSummary.reduce((s, r) => s + r.sgst, 0),
    roundOff: n(row.round_off),
    total: n(row.total),
    paymentMode: row.payment_mode,
    paidCash: n(row.paid_cash),
    paidUpi: n(row.paid_upi),
    paidCard: n(row.paid_card),
    tendered: n(row.tendered),
    changeDue: n(row.change_due),
    printCount,
  };
}

function toLine(l: BillLine): BillDetailLine {
  const unitPrice = Number(l.unit_price);
  const qty = Number(l.qty);
  const discount = Number(l.discount);
  const gross = lineGross(unitPrice, qty, l.unit);
  return {
    position: Number(l.position),
    code: l.code,
    name: l.name,
    hsn: l.hsn,
    unit: l.unit,
    unitPrice,
    qty,
    gross,
    discount,
    amount: gross - discount,
    taxRate: Number(l.tax_rate),
    taxableValue: Number(l.taxable_value),
    taxAmount: Number(l.tax_amount),
    lineTotal: Number(l.line_total),
  };
}

/** Per rate: the stored lines' sums, split into equal halves by the one rule. */
function summariseTax(lines: BillLine[]): TaxRateRow[] {
  const byRate = new Map<number, { taxable: number; tax: number }>();
  for (const l of lines) {
    const rate = Number(l.tax_rate);
    const r = byRate.get(rate) ?? { taxable: 0, tax: 0 };
    r.taxable += Number(l.taxable_value);
    r.tax += Number(l.tax_amount);
    byRate.set(rate, r);
  }
  return [...byRate].sort((a, b) => a[0] - b[0]).map(([rate, r]) => gstRow(rate, r.taxable, r.tax));
}

function toCustomer(row: BillWithPeople): BillDetail["customer"] {
  if (row.customer_id === null) return { kind: "walk-in", id: null, name: "Walk-in", phone: "" };
  const id = Number(row.customer_id);
  if (row.customer_erased_at) return { kind: "erased", id, name: "Erased customer", phone: "" };
  return {
    kind: "customer",
    id,
    name: row.customer_name ?? "",
    phone: maskPhone(row.customer_phone ?? null),
  };
}
