import {
  countCreditNotePrints,
  creditNotesOfBill,
  findCreditNoteWithPeople,
  listCreditNoteLines,
} from "../../db/repositories/returns.repo.ts";
import { RETURN_REASONS } from "../../db/return-types.ts";
import type { Executor } from "../../db/types.ts";
import type { BillDetail } from "../../lib/bill-detail.ts";
import type { CreditNoteDetail } from "../../lib/credit-note-detail.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { maskPhone } from "../../lib/phone.ts";
import { getShop } from "../shop/settings.ts";
import { taxSummaryOf } from "../till/totals.ts";

/** A credit note as `CreditNoteDetail` (its page and PDFs). */
export async function getCreditNoteDetail(db: Executor, id: number): Promise<CreditNoteDetail> {
  const row = await findCreditNoteWithPeople(db, id);
  if (!row) throw new NotFoundError(msg("returns:notFound.note"));
  const [shop, lineRows, printCount] = await Promise.all([
    getShop(db),
    listCreditNoteLines(db, id),
    countCreditNotePrints(db, id),
  ]);
  if (!shop) throw new NotFoundError(msg("bills:notFound.shop"));
  const n = (v: unknown) => Number(v ?? 0);
  const taxSummary = taxSummaryOf(
    lineRows.map((l) => ({
      taxRate: n(l.tax_rate),
      taxable: n(l.taxable_value),
      tax: n(l.tax_amount),
    })),
  );
  const sum = (k: "taxable" | "tax" | "cgst" | "sgst") => taxSummary.reduce((s, r) => s + r[k], 0);
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
    note: {
      id: n(row.id),
      number: row.number,
      createdAt: row.created_at,
      reason: RETURN_REASONS[row.reason] ?? row.reason,
      reasonCode: row.reason,
      note: row.note,
      subtotal: n(row.subtotal),
      discount: n(row.discount),
      taxableTotal: sum("taxable"),
      taxTotal: sum("tax"),
      cgstTotal: sum("cgst"),
      sgstTotal: sum("sgst"),
      roundOff: n(row.round_off),
      total: n(row.total),
      refund: {
        cash: n(row.refund_cash),
        upi: n(row.refund_upi),
        card: n(row.refund_card),
        storeCredit: n(row.refund_store_credit),
        exchange: n(row.refund_exchange),
        account: n(row.refund_account),
      },
      exchangeBill:
        row.exchange_bill_id !== null && row.exchange_bill_number
          ? { id: n(row.exchange_bill_id), number: row.exchange_bill_number }
          : null,
      approvedByName: row.approved_by_name ?? null,
      printCount,
    },
    bill: { id: n(row.bill_id), number: row.bill_number ?? "", completedAt: row.bill_completed_at },
    lines: lineRows.map((l) => ({
      position: n(l.position),
      code: l.code,
      name: l.name,
      hsn: l.hsn,
      unit: l.unit,
      unitPrice: n(l.unit_price),
      qty: n(l.qty),
      gross: n(l.gross),
      discount: n(l.discount),
      taxRate: n(l.tax_rate),
      taxableValue: n(l.taxable_value),
      taxAmount: n(l.tax_amount),
      lineTotal: n(l.line_total),
      restock: n(l.restock) === 1,
    })),
    taxSummary,
    customer: customerOf(row),
    cashierName: row.cashier_name,
  };
}

function customerOf(row: {
  customer_id: number | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_erased_at: string | null;
}): BillDetail["customer"] {
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

/** A bill's credit notes, oldest first (the bill's page lists them). */
export function creditNotesForBill(db: Executor, billId: number) {
  return creditNotesOfBill(db, billId);
}
