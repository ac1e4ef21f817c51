import type { Response } from "express";
import { localText } from "../../i18n/text.ts";
import type { BillDetail } from "../../lib/bill-detail.ts";
import type { CreditNoteDetail } from "../../lib/credit-note-detail.ts";
import { shopDateTime } from "../../lib/datetime.ts";
import type { Text } from "../../lib/i18n.ts";
import { formatRupees } from "../../lib/money.ts";

/**
 * The words of the bill, return and credit-note pages in the reader's
 * language (the `bills` and `returns` namespaces): the same texts as
 * pdf/bill-format.ts and pdf/credit-note-format.ts give the printed copies,
 * which stay in the shop's receipt language. Formatting only, no arithmetic.
 */

type T = (key: string, params?: Record<string, unknown>) => string;
type Bill = Pick<BillDetail["bill"], "paymentMode" | "paidCash" | "paidUpi" | "paidCard"> &
  Partial<Pick<BillDetail["bill"], "paidStoreCredit" | "paidAccount" | "paidExchange">>;

const MODES = new Set(["cash", "upi", "card", "account", "credit", "split", "exchange"]);

/** Bound to one response: the helpers the sales views call. */
export function salesText(res: Response) {
  const t = res.locals.t as T;

  function qtyText(qty: number, unit: "pc" | "kg" | "l"): string {
    if (unit === "pc") return String(qty);
    const sign = qty < 0 ? "-" : "";
    const abs = Math.abs(qty);
    const n = `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, "0")}`;
    return `${n} ${t(`bills:units.${unit}`)}`;
  }

  function paymentModeName(mode: string | null): string {
    if (!mode) return t("bills:modes.unpaid");
    return MODES.has(mode) ? t(`bills:modes.${mode}`) : mode;
  }

  function paymentModeText(bill: Bill): string {
    if (!bill.paymentMode) return t("bills:modes.unpaid");
    if ((bill.paidExchange ?? 0) > 0 && bill.paymentMode !== "exchange")
      return t("bills:modes.withCreditNote", {
        mode: paymentModeText({ ...bill, paidExchange: 0 }),
      });
    if (bill.paymentMode !== "split") return paymentModeName(bill.paymentMode);
    const parts: Array<[string, number | undefined]> = [
      ["credit", bill.paidStoreCredit],
      ["cash", bill.paidCash],
      ["upi", bill.paidUpi],
      ["card", bill.paidCard],
      ["account", bill.paidAccount],
    ];
    const used = parts.filter(([, v]) => (v ?? 0) > 0).map(([m]) => t(`bills:modes.${m}`));
    return t("bills:modes.splitOf", { parts: used.join(" + ") });
  }

  const billTitle = (detail: BillDetail) =>
    t(detail.shop.gstin ? "bills:detail.taxInvoice" : "bills:detail.billOfSupply");

  const creditNoteTitle = (detail: CreditNoteDetail) =>
    t(detail.shop.gstin ? "returns:note.creditNote" : "returns:note.returnNote");

  function againstBill(detail: CreditNoteDetail): string {
    const number = detail.bill.number;
    if (!detail.bill.completedAt) return t("returns:note.against", { number });
    const when = shopDateTime(detail.bill.completedAt, detail.shop.timeZone);
    return t("returns:note.againstOf", { number, when });
  }

  /** Where the refund went, one [label, amount] per part used. */
  function refundParts(detail: CreditNoteDetail): Array<[string, string]> {
    const r = detail.note.refund;
    const exchange = detail.note.exchangeBill?.number ?? "";
    const parts: Array<[string, number]> = [
      [t("bills:modes.cash"), r.cash],
      [t("bills:modes.upi"), r.upi],
      [t("bills:modes.card"), r.card],
      [t("bills:modes.credit"), r.storeCredit],
      [t("returns:refund.offAccount"), r.account],
      [t("returns:refund.exchangeBill", { number: exchange }), r.exchange],
    ];
    return parts.filter(([, v]) => v > 0).map(([k, v]) => [k, formatRupees(v)]);
  }

  return {
    qtyText,
    paymentModeName,
    paymentModeText,
    billTitle,
    creditNoteTitle,
    againstBill,
    refundParts,
    /** A Text from a service (plain or a catalogue Msg) in the reader's language. */
    text: (value: Text) => localText(res, value),
  };
}
