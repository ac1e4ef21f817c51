import type { CreditNoteDetail } from "../../src/lib/credit-note-detail.ts";
import { type SampleOptions, sampleDetail } from "./bill-detail.ts";

/**
 * An in-memory CreditNoteDetail: the lines of a sample bill (bill-detail.ts)
 * brought back, the first damaged, refunded in cash; figures from the bill's
 * own totals, so they add up. For PDF tests.
 */
export function sampleCreditNote(
  o: SampleOptions & { approvedBy?: string | null; exchange?: boolean } = {},
): CreditNoteDetail {
  const bill = sampleDetail({ lines: 3, ...o });
  const lines = bill.lines.map((l, i) => ({
    position: l.position,
    code: l.code,
    name: l.name,
    hsn: l.hsn,
    unit: l.unit,
    unitPrice: l.unitPrice,
    qty: l.qty,
    gross: l.gross,
    discount: l.discount,
    taxRate: l.taxRate,
    taxableValue: l.taxableValue,
    taxAmount: l.taxAmount,
    lineTotal: l.lineTotal,
    restock: i !== 0,
  }));
  const sum = (f: (l: (typeof lines)[number]) => number) => lines.reduce((s, l) => s + f(l), 0);
  const subtotal = sum((l) => l.gross);
  const discount = sum((l) => l.discount);
  const exact = sum((l) => l.lineTotal);
  const total = Math.round(exact / 100) * 100;
  const tax = (k: "cgst" | "sgst") => bill.taxSummary.reduce((s, r) => s + r[k], 0);
  const exchange = o.exchange ? Math.min(total, 10_000) : 0;
  return {
    shop: bill.shop,
    note: {
      id: 7,
      number: "CN-2026-27/00012",
      createdAt: "2026-11-27 05:00:00",
      reason: "Wrong item or size",
      reasonCode: "wrong_item",
      note: "Packet torn",
      subtotal,
      discount,
      taxableTotal: sum((l) => l.taxableValue),
      taxTotal: sum((l) => l.taxAmount),
      cgstTotal: tax("cgst"),
      sgstTotal: tax("sgst"),
      roundOff: total - exact,
      total,
      refund: { cash: total - exchange, upi: 0, card: 0, storeCredit: 0, exchange, account: 0 },
      exchangeBill: o.exchange ? { id: 9, number: "2026-27/000130" } : null,
      approvedByName: o.approvedBy === undefined ? "Asha Owner" : o.approvedBy,
      printCount: 0,
    },
    bill: { id: bill.bill.id, number: bill.bill.number, completedAt: bill.bill.completedAt },
    lines,
    taxSummary: bill.taxSummary,
    customer: bill.customer,
    cashierName: bill.cashierName,
  };
}
