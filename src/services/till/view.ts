import QRCode from "qrcode";
import {
  findBillById,
  findOpenBill,
  type HeldBillRow,
  type LineWithStock,
  listHeldBills,
  listLinesWithStock,
} from "../../db/repositories/bills.repo.ts";
import type { Bill, Executor } from "../../db/types.ts";
import { ConflictError } from "../../lib/errors.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import { formatQty, qtyToDecimal } from "../../lib/quantity.ts";
import { type CustomerSummary, formatPhone, getCustomer } from "../customers/customers.ts";
import { getShop, type Shop } from "../shop/settings.ts";
import { totalsFor } from "./checkout.ts";
import type { BillTotals, LineTotals } from "./totals.ts";

/** Everything the till page shows, computed once per request (views only format). */
export interface TillView {
  shop: Shop;
  bill: Bill | null;
  lines: Array<{
    line: LineWithStock;
    t: LineTotals;
    qtyText: string;
    qtyInput: string;
    left: string;
  }>;
  totals: BillTotals;
  customer: (CustomerSummary & { phoneText: string }) | null;
  held: HeldBillRow[];
  upi: { uri: string } | null;
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
export function upiUri(upiId: string, payee: string, amount: number, note: string): string {
  // Percent-encode values, but keep the VPA's "@" as UPI apps print and expect it.
  const enc = (v: string) => encodeURIComponent(v).replace(/%40/g, "@");
  return `upi://pay?pa=${enc(upiId)}&pn=${enc(payee)}&am=${paiseToDecimal(amount)}&cu=INR&tn=${enc(note)}`;
}

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

/** The till as the cashier sees it: open bill (if any), lines, totals, customer, held bills. */
export async function buildTillView(
  db: Executor,
  cashierId: number,
  parts: { held?: boolean; customer?: boolean; shop?: Shop } = {},
): Promise<TillView> {
  // The app already read the settings for this request: reuse them when given.
  const shop = parts.shop ?? (await getShop(db));
  if (!shop) throw new ConflictError("The shop is not set up");
  const [bill, held] = await Promise.all([
    findOpenBill(db, cashierId),
    parts.held === false ? [] : listHeldBills(db),
  ]);
  if (!bill)
    return { shop, bill: null, lines: [], totals: EMPTY_TOTALS, customer: null, held, upi: null };
  return viewOfBill(db, shop, bill, held, parts.customer !== false);
}

async function viewOfBill(
  db: Executor,
  shop: Shop,
  bill: Bill,
  held: HeldBillRow[],
  withCustomer: boolean,
): Promise<TillView> {
  const rows = await listLinesWithStock(db, bill.id);
  const totals = totalsFor(bill, rows, shop);
  const lines = rows.map((line, i) => ({
    line,
    t: totals.lines[i] as LineTotals,
    qtyText: formatQty(line.qty, line.unit),
    qtyInput: qtyToDecimal(line.qty, line.unit),
    left: formatQty(Math.max(0, line.stock - line.qty), line.unit),
  }));
  let customer: TillView["customer"] = null;
  if (withCustomer && bill.customer_id !== null) {
    const c = await getCustomer(db, bill.customer_id);
    customer = { ...c, phoneText: formatPhone(c.phone) };
  }
  const upi =
    shop.upiId && totals.total > 0
      ? { uri: upiUri(shop.upiId, shop.name, totals.total, `Bill ${bill.id}`) }
      : null;
  return { shop, bill, lines, totals, customer, held, upi };
}

/** A completed bill, for the "done" panel (number, total, change, print link). */
export async function completedBillView(db: Executor, billId: number): Promise<Bill | undefined> {
  return findBillById(db, billId);
}
