import type { Bill } from "../../db/types.ts";
import type { RefundMode, RefundSplit, Tender } from "../till/return-totals.ts";

/**
 * A bill's tenders, each with where its refund goes by default and what
 * earlier credit notes already refunded there. One entry per way a bill can
 * be paid (bills.paid_*): a new tender at the till is one more line here.
 * The part an exchange paid is refunded as cash; the part on account is taken
 * back off the account, and store credit spent is given back as store credit.
 */
export function billTenders(
  bill: Pick<
    Bill,
    "paid_cash" | "paid_upi" | "paid_card" | "paid_exchange" | "paid_account" | "paid_store_credit"
  >,
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
    // Udhaar: what went on account comes back off it; store credit spent comes back as store credit.
    { refundTo: "account", paid: Number(bill.paid_account), refunded: refunded.account },
    {
      refundTo: "store_credit",
      paid: Number(bill.paid_store_credit),
      refunded: refunded.store_credit,
    },
  ];
}
