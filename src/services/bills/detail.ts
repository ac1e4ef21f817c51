import {
  type BillWithPeople,
  countBillPrints,
  findBillWithPeople,
  listLinesOfBill,
} from "../../db/repositories/bill-read.repo.ts";
import type { BillLine, Executor } from "../../db/types.ts";
import type { BillDetail, BillDetailLine, TaxRateRow } from "../../lib/bill-detail.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { maskPhone } from "../../lib/phone.ts";
import { getShop } from "../shop/settings.ts";
import { lineGross, taxSummaryOf } from "../till/totals.ts";

/**
 * The detail of a numbered (completed or voided) bill. Open and held bills
 * have no number yet and are not bills on paper: NotFoundError.
 */
export async function getBillDetail(db: Executor, id: number): Promise<BillDetail> {
  const row = await findBillWithPeople(db, id);
  if (!row?.number || (row.status !== "completed" && row.status !== "voided")) {
    throw new NotFoundError(msg("bills:notFound.bill"));
  }
  const [shop, lineRows, printCount] = await Promise.all([
    getShop(db),
    listLinesOfBill(db, id),
    countBillPrints(db, id),
  ]);
  if (!shop) throw new NotFoundError(msg("bills:notFound.shop"));
  const lines = lineRows.map(toLine);
  const taxSummary = taxSummaryOf(
    lineRows.map((l) => ({
      taxRate: Number(l.tax_rate),
      taxable: Number(l.taxable_value),
      tax: Number(l.tax_amount),
    })),
  );
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
      receiptLanguage: shop.receiptLanguage,
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
    paidAccount: n(row.paid_account),
    paidStoreCredit: n(row.paid_store_credit),
    paidExchange: n(row.paid_exchange),
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
