import type { ReturnReason } from "../../db/return-types.ts";
import type { Shop } from "../shop/settings.ts";
import type { RefundSplit } from "../till/return-totals.ts";

/** What a return asks for and what it issued (services/returns/returns.ts). */

export interface ReturnLineRequest {
  lineId: number;
  /** Base units: pieces, grams or millilitres. */
  qty: number;
  /** False: damaged / not resaleable, written off instead of back on the shelf. */
  restock: boolean;
}

export type RefundChoice =
  | { kind: "default" }
  | { kind: "store_credit" }
  | { kind: "split"; split: Partial<Pick<RefundSplit, "cash" | "upi" | "card" | "store_credit">> };

export interface ReturnRequest {
  billId: number;
  lines: ReturnLineRequest[];
  reason: ReturnReason;
  note: string | null;
  refund: RefundChoice;
  /** The owner who approved a return over the cashier's limits at the till, or null. */
  approverId: number | null;
  /** The refund the cashier was shown: if another till changed it meanwhile, refuse. */
  expectedRefund?: number;
}

export interface IssueContext {
  shop: Shop;
  at: Date;
  /** The new bill of an exchange (being completed in the same transaction) and its total. */
  exchange?: { billId: number; total: number };
}

export interface IssuedCreditNote {
  id: number;
  number: string;
  billId: number;
  refund: number;
  split: RefundSplit;
}
