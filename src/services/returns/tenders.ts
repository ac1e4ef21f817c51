import type { Bill } from "../../db/types.ts";
import type { RefundMode, RefundSplit, Tender } from "../till/return-totals.ts";

/**
 * A bill's tenders, each with where its refund goes by default and what
 * earlier credit notes already refunded there. One entry per way a bill can
 * be paid (bills.paid_*): a new tender at the till is one more line here.
 * The part an exchange paid is refunded as cash.
 */
export function billTenders(
  bill: Pick<Bill, "paid_cash" | "paid_upi" | "paid_card" | "paid_exchange">,
  refunded: Pick<RefundSplit, RefundMode>,
): Tender[] {
  return [
    {
      refundTo: "cash",
      paid: Number(bill.paid_cash) + Number(bill.paid_exchange),
      refunded: refunded.cash,
    },
    { refundTo: "upi", paid: Number(bill.paid_upi), refunded: refunded.upi },
    { refundTo: "card", paid: Number(bill.paid_card), refunded: refunded.card },
  ];
}
