import type { Db } from "../../db/types.ts";
import { ConflictError, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import type { Actor } from "../shop/audit.ts";
import type { Shop } from "../shop/settings.ts";
import { currentBill } from "../till/bill.ts";
import { type CompletedBill, completeBill } from "../till/checkout.ts";
import type { PaymentInput } from "../till/payment.ts";
import type { IssuedCreditNote, ReturnRequest } from "./request.ts";
import { issueCreditNote, prepareCreditNoteSeries } from "./returns.ts";

/**
 * An exchange: the goods coming back are returned against their bill and the
 * new goods (the cashier's open bill at the till) are sold, in ONE
 * transaction — the completion's (till/checkout.ts), which issues the credit
 * note right after claiming the new bill, before it works out the payment.
 * The credit note's refund pays the new bill first (its `refund_exchange`,
 * the bill's `paid_exchange`): a dearer new bill leaves the difference to be
 * paid as any bill is (cash, UPI, card, split); a cheaper one is paid whole
 * by the credit note and the rest is refunded as the return says (the bill's
 * tenders in proportion, store credit, or as typed). One credit note, one bill.
 */
export async function exchangeAtTill(
  db: Db,
  actor: Actor & { userId: number },
  request: ReturnRequest,
  payment: PaymentInput,
  options: { shop: Shop; at?: Date },
): Promise<{ creditNote: IssuedCreditNote; bill: CompletedBill }> {
  const at = options.at ?? new Date();
  const open = await currentBill(db, actor.userId);
  if (!open)
    throw new ValidationError(msg("returns:exchange.scanFirst"), {
      exchange: msg("returns:exchange.noTillBill"),
    });
  await prepareCreditNoteSeries(db, options.shop, at);
  let creditNote: IssuedCreditNote | null = null;
  const bill = await completeBill(db, actor, open.id, payment, {
    shop: options.shop,
    at,
    exchange: async (trx, newBill) => {
      creditNote = await issueCreditNote(trx, actor, request, {
        shop: options.shop,
        at,
        exchange: { billId: newBill.id, total: newBill.total },
      });
      return creditNote.split.exchange;
    },
  });
  if (bill.repeated || !creditNote)
    throw new ConflictError(msg("returns:exchange.alreadyCompleted"));
  return { creditNote, bill };
}
