import { hash } from "node:crypto";
import QRCode from "qrcode";
import { findAccount } from "../../db/repositories/accounts.repo.ts";
import {
  findOpenBill,
  type HeldBillRow,
  type LineWithStock,
  listHeldBills,
  listLines,
  listLinesWithStock,
} from "../../db/repositories/bills.repo.ts";
import type { Bill, Executor } from "../../db/types.ts";
import { ConflictError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import { percentText } from "../../lib/percent.ts";
import { formatPhone } from "../../lib/phone.ts";
import { qtyToDecimal } from "../../lib/quantity.ts";
import { upiUri } from "../../lib/upi.ts";
import { storeCreditAvailable } from "../accounts/rules.ts";
import { type CustomerSummary, getCustomer } from "../customers/customers.ts";
import { getShop, type Shop } from "../shop/settings.ts";
import { type QtyParams, qtyParams } from "./qty-text.ts";
import type { BillTotals, LineTotals } from "./totals.ts";
import { totalsFor } from "./totals.ts";

/** Everything the till page shows, computed once per request (views only format). */
export interface TillView {
  shop: Shop;
  bill: Bill | null;
  lines: ViewLine[];
  totals: BillTotals;
  /** The bill discount as typed, or "" (see discountInput). */
  billDiscountInput: string;
  customer: (CustomerSummary & { phoneText: string }) | null;
  held: HeldBillRow[];
  upi: { uri: string } | null;
  /** The attached customer's account (balance, limit, store credit to offer), or null. */
  account: TillAccount | null;
  /** What the lines region shows, as one short string (linesShown): the till sends it back with a scan. */
  shown: string;
}

export interface TillAccount {
  balance: number;
  creditLimit: number;
  /** Store credit the till offers as a tender: at most the bill's total. */
  storeCreditOffer: number;
  /** What can still go on account before the limit (0 when none). */
  available: number;
}

const EMPTY_TOTALS: BillTotals = {
  lines: [],
  subtotal: 0,
  lineDiscountTotal: 0,
  billDiscount: 0,
  taxableTotal: 0,
  taxTotal: 0,
  cgstTotal: 0,
  sgstTotal: 0,
  byRate: [],
  beforeRounding: 0,
  roundOff: 0,
  total: 0,
  lineCount: 0,
};

/** The UPI deep link for an exact amount (NPCI's upi://pay parameters). */
/**
 * The UPI payment QR (SVG) for the cashier's open bill, exact amount; null
 * when the shop has no UPI ID or the bill is empty. Fetched by the till only
 * when UPI is chosen, so scans never pay for QR generation.
 */
export async function upiQrSvg(db: Executor, cashierId: number): Promise<string | null> {
  const view = await buildTillView(db, cashierId, { held: false, customer: false });
  if (!view.upi) return null;
  return QRCode.toString(view.upi.uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}

/** An open bill and its lines as an action's transaction left them (and their totals, if worked out). */
export interface KnownBill {
  bill: Bill;
  lines: LineWithStock[];
  totals?: BillTotals;
}

/**
 * One line as the till shows it. What a row displays is worked out when the
 * row is drawn: a scan that redraws one row of a 200-line bill formats one.
 */
export class ViewLine {
  constructor(
    readonly line: LineWithStock,
    readonly t: LineTotals,
  ) {}
  get qtyInput(): string {
    return qtyToDecimal(this.line.qty, this.line.unit);
  }
  /** Stock left after this line, for `till:qty.<unit>`. */
  get left(): QtyParams {
    return qtyParams(Math.max(0, this.line.stock - this.line.qty), this.line.unit);
  }
  /** gross − the line's own discount: what the line's amount column shows. */
  get amount(): number {
    return this.t.gross - this.t.lineDiscount;
  }
  /** The line discount as the cashier typed it ("10" for 10 %, "5.00" for ₹5), or "". */
  get discountInput(): string {
    return discountInput(this.line.discount_kind, this.line.discount_value);
  }
}

/** The till as the cashier sees it: open bill (if any), lines, totals, customer, held bills. */
export async function buildTillView(
  db: Executor,
  cashierId: number,
  parts: {
    held?: boolean;
    customer?: boolean;
    shop?: Shop;
    /** The open bill and its lines as the action's transaction left them: not read again. */
    known?: KnownBill | null;
  } = {},
): Promise<TillView> {
  // The app already read the settings for this request: reuse them when given.
  const shop = parts.shop ?? (await getShop(db));
  if (!shop) throw new ConflictError(msg("till:complete.noShop"));
  const known = parts.known?.bill.status === "open" ? parts.known : null;
  const [bill, held] = await Promise.all([
    known ? known.bill : findOpenBill(db, cashierId),
    parts.held === false ? [] : listHeldBills(db),
  ]);
  if (!bill)
    return {
      shop,
      bill: null,
      lines: [],
      totals: EMPTY_TOTALS,
      billDiscountInput: "",
      customer: null,
      held,
      upi: null,
      account: null,
      shown: "",
    };
  return viewOfBill(db, shop, bill, held, parts.customer !== false, known ?? undefined);
}

/**
 * The open bill's total alone (the change-due request on every keystroke):
 * two reads, no view. Zero when the cashier has no open bill.
 */
export async function openBillTotal(db: Executor, cashierId: number, shop: Shop): Promise<number> {
  const bill = await findOpenBill(db, cashierId);
  if (!bill) return 0;
  return totalsFor(bill, await listLines(db, bill.id), shop).total;
}

async function viewOfBill(
  db: Executor,
  shop: Shop,
  bill: Bill,
  held: HeldBillRow[],
  withCustomer: boolean,
  known?: KnownBill,
): Promise<TillView> {
  const rows = known?.lines ?? (await listLinesWithStock(db, bill.id));
  const totals = known?.totals ?? totalsFor(bill, rows, shop);
  const lines = rows.map((line, i) => new ViewLine(line, totals.lines[i] as LineTotals));
  let customer: TillView["customer"] = null;
  if (withCustomer && bill.customer_id !== null) {
    const c = await getCustomer(db, bill.customer_id);
    customer = { ...c, phoneText: formatPhone(c.phone) };
  }
  const upi =
    shop.upiId && totals.total > 0
      ? { uri: upiUri(shop.upiId, shop.name, totals.total, `Bill ${bill.id}`) }
      : null;
  const billDiscountInput = discountInput(bill.discount_kind, bill.discount_value);
  // The account is read whenever a customer is attached: the payment region offers its tenders.
  const found = bill.customer_id === null ? undefined : await findAccount(db, bill.customer_id);
  const account = found
    ? {
        ...found,
        storeCreditOffer: Math.min(storeCreditAvailable(found.balance), totals.total),
        available: Math.max(0, found.creditLimit - found.balance),
      }
    : null;
  const shown = linesShown(bill.id, rows);
  return { shop, bill, lines, totals, billDiscountInput, customer, held, upi, account, shown };
}

/**
 * What a bill's lines region shows, fingerprinted: the bill, and each line's
 * id, quantity and discount in order. The till keeps it in the scan form
 * (#till-shown); a scan that finds the bill still as the till showed it sends
 * back only the row it changed (and the one it displaced as the last),
 * whatever the bill's length. Anything else (another tab's edit) redraws the
 * whole region. Not covered: the other rows' "left" stock, which other tills'
 * sales move; it is brought up to date by the next full redraw.
 */
export function linesShown(billId: number, lines: readonly LineWithStock[]): string {
  let text = String(billId);
  for (const l of lines) text += `|${l.id}:${l.qty}:${l.discount_kind}:${l.discount_value}`;
  return hash("sha1", text, "base64url");
}

/** A stored discount as the form shows it: basis points as a percent, paise as rupees. */
function discountInput(kind: string, value: number): string {
  if (!value) return "";
  return kind === "percent" ? percentText(value) : paiseToDecimal(value);
}
