import type { Transaction } from "kysely";
import { findBillById, listLines } from "../../db/repositories/bills.repo.ts";
import { ensureCounter, takeNextValue } from "../../db/repositories/counters.repo.ts";
import { subtractRefundFromCustomerStats } from "../../db/repositories/customer-stats.repo.ts";
import {
  addReturnedTotal,
  claimBillForReturn,
  findBillLine,
  insertCreditNote,
  insertCreditNoteLines,
  returnedSoFar,
  takeReturnQty,
} from "../../db/repositories/returns.repo.ts";
import { retryOnLockConflict } from "../../db/retry.ts";
import type { BillLine, Database, Db } from "../../db/types.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { formatRupees } from "../../lib/money.ts";
import { formatQty } from "../../lib/quantity.ts";
import { nowUtc, toUtcString } from "../../lib/utc-time.ts";
import { postLedgerEntry } from "../accounts/ledger.ts";
import { applyCreditNoteToRollups } from "../analytics/return-rollups.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import type { Shop } from "../shop/settings.ts";
import { financialYearOf } from "../till/bill-number.ts";
import { refundOf, returnPart } from "../till/return-totals.ts";
import { creditNoteCounterName, formatCreditNoteNumber } from "./credit-note-number.ts";
import { checkReturnLimits } from "./limits.ts";
import type { IssueContext, IssuedCreditNote, ReturnRequest } from "./request.ts";
import { mergeLines, moveStock, splitRefund } from "./return-steps.ts";

/**
 * A return (docs/architecture.md §6.8): goods of a completed bill come back,
 * a credit note is issued, the customer is refunded — in ONE transaction:
 *
 * 1. claim the bill row (a conditional update on status completed that also
 *    counts the return): returns of one bill queue here, a voided bill
 *    cannot be returned, and a void waiting on the row finds the return;
 * 2. per line, by line id, the conditional update `returned_qty + q ≤ qty`
 *    (returns.repo `takeReturnQty`), checked through the affected rows, so
 *    two tills can never return more than was sold;
 * 3. the refund from the stored lines (till/return-totals.ts), the cashier's
 *    limit (limits.ts), the split over the bill's tenders (or store credit,
 *    or what the cashier typed), the next number of the credit note series;
 * 4. stock back by movements (reason "return"; damaged goods then
 *    "write_off"), store credit on the customer's account (accounts/ledger),
 *    customer_stats and the rollups net of the refund, the audit log.
 *
 * Any refusal rolls everything back, the number included (gapless).
 */

/** A return on its own: its own transaction (a deadlock victim is run again whole). */
export async function returnItems(
  db: Db,
  actor: Actor,
  request: ReturnRequest,
  options: { shop: Shop; at?: Date },
): Promise<IssuedCreditNote> {
  const at = options.at ?? new Date();
  await prepareCreditNoteSeries(db, options.shop, at);
  return retryOnLockConflict(() =>
    db
      .transaction()
      .execute((trx) => issueCreditNote(trx, actor, request, { shop: options.shop, at })),
  );
}

/** Creates the counter row of the credit note series outside the transaction that takes numbers. */
export async function prepareCreditNoteSeries(db: Db, shop: Shop, at: Date): Promise<void> {
  await ensureCounter(
    db,
    creditNoteCounterName(shop.billPrefix, financialYearOf(at, shop.timeZone)),
  );
}

/** The return inside the caller's transaction (a return, or the return half of an exchange). */
export async function issueCreditNote(
  trx: Transaction<Database>,
  actor: Actor,
  request: ReturnRequest,
  ctx: IssueContext,
): Promise<IssuedCreditNote> {
  const { shop } = ctx;
  const stamp = toUtcString(ctx.at) ?? nowUtc();
  const wanted = mergeLines(request.lines);
  if (!(await claimBillForReturn(trx, request.billId))) {
    const bill = await findBillById(trx, request.billId);
    if (!bill?.number) throw new NotFoundError(msg("bills:void.notFound"));
    throw new ConflictError(
      bill.status === "voided"
        ? msg("returns:refusals.billVoid", { number: bill.number })
        : msg("returns:refusals.billNotCompleted", { number: bill.number }),
    );
  }
  const bill = await findBillById(trx, request.billId);
  if (!bill?.number || !bill.completed_at) throw new NotFoundError(msg("bills:void.notFound"));
  const soldLines = await listLines(trx, bill.id);
  const previous = await returnedSoFar(trx, bill.id);

  const taken: Array<{ line: BillLine; qty: number; restock: boolean }> = [];
  for (const w of wanted) {
    if (!(await takeReturnQty(trx, bill.id, w.lineId, w.qty))) {
      const line = await findBillLine(trx, bill.id, w.lineId);
      if (!line)
        throw new ValidationError(msg("returns:refusals.notOnBill"), {
          lines: msg("returns:refusals.notOnBillShort"),
        });
      const left = Number(line.qty) - Number(line.returned_qty);
      throw new ConflictError(
        left <= 0
          ? msg("returns:refusals.allReturned", { name: line.name })
          : msg("returns:refusals.onlyLeft", {
              name: line.name,
              left: formatQty(left, line.unit),
              sold: formatQty(Number(line.qty), line.unit),
            }),
        { lines: msg("returns:refusals.moreThanLeft") },
      );
    }
    const line = await findBillLine(trx, bill.id, w.lineId);
    if (!line) throw new NotFoundError(msg("returns:refusals.notOnBill"));
    taken.push({ line, qty: w.qty, restock: w.restock });
  }

  const parts = taken.map(({ line, qty, restock }) => ({
    line,
    restock,
    part: returnPart(
      {
        unitPrice: Number(line.unit_price),
        qty: Number(line.qty),
        unit: line.unit,
        taxable: Number(line.taxable_value),
        tax: Number(line.tax_amount),
        // Read after our own update: what earlier credit notes took is the rest.
        returnedQty: Number(line.returned_qty) - qty,
      },
      qty,
      shop.pricesIncludeTax,
    ),
  }));
  const sum = (pick: (p: (typeof parts)[number]["part"]) => number) =>
    parts.reduce((s, p) => s + pick(p.part), 0);
  const lineTotal = sum((p) => p.total);
  const { refund, roundOff } = refundOf(
    {
      lineTotal: soldLines.reduce((s, l) => s + Number(l.line_total), 0),
      roundOff: Number(bill.round_off),
      total: Number(bill.total),
      returnedLineTotal: previous.lineTotal,
    },
    lineTotal,
    shop.roundOff,
  );
  if (request.expectedRefund !== undefined && request.expectedRefund !== refund)
    throw new ConflictError(
      msg("returns:refusals.refundChanged", {
        refund: formatRupees(refund),
        expected: formatRupees(request.expectedRefund),
      }),
    );
  await checkReturnLimits(
    trx,
    shop,
    actor.userId ?? 0,
    request.approverId,
    refund,
    bill.completed_at,
    ctx.at,
  );

  const applied = ctx.exchange ? Math.min(refund, ctx.exchange.total) : 0;
  const split = splitRefund(refund - applied, request.refund, bill, previous.refunded);
  split.exchange = applied;
  if (split.store_credit > 0 && bill.customer_id === null)
    throw new ValidationError(msg("returns:refusals.storeCreditNeedsCustomer"), {
      refund: msg("returns:refusals.noCustomer"),
    });

  const fy = financialYearOf(ctx.at, shop.timeZone);
  const seq = await takeNextValue(trx, creditNoteCounterName(shop.billPrefix, fy));
  const number = seq === null ? null : formatCreditNoteNumber(shop.billPrefix, fy, seq);
  if (!number) throw new ConflictError(msg("returns:refusals.prefixTooLong"));

  const id = await insertCreditNote(trx, {
    number,
    bill_id: bill.id,
    customer_id: bill.customer_id,
    cashier_id: actor.userId ?? bill.cashier_id,
    approved_by: request.approverId,
    reason: request.reason,
    note: request.note,
    subtotal: sum((p) => p.gross),
    discount: sum((p) => p.discount),
    taxable_total: sum((p) => p.taxable),
    tax_total: sum((p) => p.tax),
    round_off: roundOff,
    total: refund,
    refund_cash: split.cash,
    refund_upi: split.upi,
    refund_card: split.card,
    refund_store_credit: split.store_credit,
    refund_exchange: split.exchange,
    refund_account: split.account,
    exchange_bill_id: ctx.exchange?.billId ?? null,
    created_at: stamp,
  });
  await insertCreditNoteLines(
    trx,
    parts.map(({ line, part, restock }, i) => ({
      credit_note_id: id,
      bill_line_id: line.id,
      product_id: line.product_id,
      position: i + 1,
      code: line.code,
      name: line.name,
      hsn: line.hsn,
      unit: line.unit,
      unit_price: line.unit_price,
      qty: part.qty,
      tax_rate: shop.gstin ? line.tax_rate : 0,
      gross: part.gross,
      discount: part.discount,
      taxable_value: part.taxable,
      tax_amount: part.tax,
      line_total: part.total,
      restock: restock ? 1 : 0,
    })),
  );
  await moveStock(trx, parts, number, actor.userId, stamp, request.note);
  await addReturnedTotal(trx, bill.id, refund);
  if (bill.customer_id !== null) {
    if (split.store_credit > 0)
      await postLedgerEntry(trx, {
        customerId: bill.customer_id,
        kind: "store_credit",
        amount: -split.store_credit,
        billId: bill.id,
        reference: number,
        note: `Return from bill ${bill.number}`,
        userId: actor.userId,
        at: stamp,
      });
    // The on-account part of the bill comes back off the account (ledger "reversal" of the bill).
    if (split.account > 0)
      await postLedgerEntry(trx, {
        customerId: bill.customer_id,
        kind: "reversal",
        amount: -split.account,
        billId: bill.id,
        reference: number,
        note: `Return ${number}`,
        userId: actor.userId,
        at: stamp,
      });
    await subtractRefundFromCustomerStats(trx, bill.customer_id, refund);
  }
  await applyCreditNoteToRollups(
    trx,
    {
      createdAt: stamp,
      total: refund,
      tax: sum((p) => p.tax),
      cash: split.cash,
      upi: split.upi,
      card: split.card,
      lines: parts.map(({ line, part }) => ({
        productId: line.product_id,
        qty: part.qty,
        lineTotal: part.total,
      })),
    },
    shop.timeZone,
  );
  await recordAudit(trx, actor, "bill.return", {
    entity: "bill",
    entityId: bill.id,
    detail: {
      creditNote: number,
      bill: bill.number,
      refund,
      split,
      approvedBy: request.approverId,
    },
  });
  return { id, number, billId: bill.id, refund, split };
}
