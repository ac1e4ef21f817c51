import ReceiptPrinterEncoder from "@point-of-sale/receipt-printer-encoder";
import type { BillDetail } from "../../lib/bill-detail.ts";
import { shopDateTime } from "../../lib/datetime.ts";
import { formatAmount, formatRupees } from "../../lib/money.ts";
import { percentLabel } from "../../lib/percent.ts";
import { amountInWordsLines } from "../../pdf/amount-in-words.ts";
import {
  billTitle,
  isTaxInvoice,
  paymentModeText,
  paymentParts,
  perUnit,
  qtyText,
  upiAmount,
  upiLink,
} from "../../pdf/bill-format.ts";
import { customerName, type Words, wordsFor } from "../../pdf/words.ts";
import { type RasterRow, rasterRows } from "./raster-text.ts";

/**
 * The bill as ESC/POS bytes for a thermal printer: the same values, labels and
 * order as the PDF receipt (src/pdf/bill-receipt.ts, from the same BillDetail
 * and bill-format helpers). The encoder (@point-of-sale/receipt-printer-encoder)
 * writes the commands; text the printer's code pages lack (₹, Indian scripts)
 * is drawn as raster image lines (raster-text.ts), or the shop picks "Rs.".
 */

export interface PrinterLayout {
  paper: "80mm" | "58mm";
  /** Characters per line of the printer's normal font (48 on 80 mm, 32 on 58 mm). */
  columns: number;
  /** Print "Rs." instead of drawing ₹ as an image. */
  rupeeText: boolean;
}

export interface ReceiptJobOptions {
  duplicate: boolean;
  /** Kick the cash drawer first (it opens while the receipt prints). */
  pulse: boolean;
}

interface Row {
  left: string;
  right?: string;
  align?: "left" | "center";
  bold?: boolean;
  /** Double height (the TOTAL line, the shop name). */
  big?: boolean;
  /** Column titles in a language the code pages lack: [text, end column] each, the first at 0. */
  cells?: Array<[string, number]>;
}

type Block = { rule: true } | { qr: string } | Row;

/** Dots across the printable width: 72 mm at 8 dots/mm on 80 mm paper, 48 mm on 58 mm. */
export function printableDots(paper: "80mm" | "58mm"): number {
  return paper === "58mm" ? 384 : 576;
}

const PRINTABLE = /^[\x20-\x7e]*$/;

/** Greedy word wrap to `width` characters (a word longer than a line is cut). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > width) {
      if (line) out.push(line);
      line = "";
      out.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line) out.push(line);
  return out.length ? out : [""];
}

/** What the receipt says, top to bottom, as rows of text, rules and QR codes. */
export function receiptBlocks(detail: BillDetail, layout: PrinterLayout, duplicate: boolean) {
  const w = wordsFor(detail.shop.receiptLanguage);
  const cols = layout.columns;
  const narrow = layout.paper === "58mm" || cols < 40;
  const money = (paise: number) =>
    layout.rupeeText ? formatRupees(paise).replace(/₹\s?/g, "Rs.") : formatRupees(paise);
  const { shop, bill } = detail;
  const gst = isTaxInvoice(detail);
  const b: Block[] = [];
  const para = (text: string, o: Omit<Row, "left"> = {}) => {
    const width = o.big ? Math.floor(cols / 2) : cols;
    for (const line of wrap(text, width)) b.push({ left: line, ...o });
  };
  const row = (left: string, right: string, o: Omit<Row, "left" | "right"> = {}) =>
    b.push({ left, right, ...o });
  /** A label in both languages: "Total / कुल" where it fits beside `right`, else a row each. */
  const label = (labels: string[], right: string, o: Omit<Row, "left" | "right"> = {}) => {
    const room = (o.big ? Math.floor(cols / 2) : cols) - right.length - 1;
    const joined = labels.join(" / ");
    const [first = "", ...rest] = joined.length <= room ? [joined] : labels;
    row(first, right, o);
    for (const more of rest) para(more, { ...o, big: false });
  };
  const rule = () => b.push({ rule: true });

  para(shop.name, { align: "center", bold: true, big: true });
  if (shop.address) para(shop.address, { align: "center" });
  if (shop.phone) para(`${w("shop.ph")}: ${shop.phone}`, { align: "center" });
  if (shop.gstin) para(`${w("shop.gstin")}: ${shop.gstin}`, { align: "center" });
  para(billTitle(detail, w).toUpperCase(), { align: "center", bold: true });
  const stamp = { align: "center" as const, bold: true };
  if (duplicate) para(`*** ${w("stamp.duplicate")} ***`, stamp);
  if (bill.status === "voided") para(`*** ${w("stamp.void")} ***`, stamp);
  rule();
  para(`${w("meta.billNo")}: ${bill.number}`, { bold: true });
  para(`${w("meta.date")}: ${shopDateTime(bill.completedAt ?? bill.createdAt, shop.timeZone)}`);
  para(`${w("meta.cashier")}: ${detail.cashierName}`);
  const c = detail.customer;
  para(`${w("meta.customer")}: ${customerName(w, c)}${c.phone ? ` (${c.phone})` : ""}`);
  if (bill.status === "voided" && bill.voidReason)
    para(`${w("meta.voidReason")}: ${bill.voidReason}`);
  rule();

  // Qty, rate and amount right-aligned in fixed columns, as on the PDF.
  const amountW = narrow ? 10 : 12;
  const rateW = narrow ? 12 : 12;
  const qtyW = cols - amountW - rateW - (narrow ? 0 : 14);
  const cells = (first: string, qty: string, rate: string, amount: string) =>
    first.padEnd(cols - qtyW - rateW - amountW).slice(0, cols - qtyW - rateW - amountW) +
    qty.padStart(qtyW) +
    rate.padStart(rateW) +
    amount.padStart(amountW);
  if (narrow) for (const item of w.lines("col.item")) b.push({ left: item, bold: true });
  const item = w.lines("col.itemHsnGst").map((t) => t.replace(" · ", " "));
  w.languages.forEach((_, k) => {
    const title = (key: string) => w.lines(key)[k] ?? "";
    const first = narrow ? "" : (item[k] ?? "");
    const [qty, rate, amount] = [title("col.qty"), title("col.rate"), title("col.amount")];
    const left = cells(first, qty, rate, amount);
    const columns: Array<[string, number]> = [
      [first, 0],
      [qty, cols - amountW - rateW],
      [rate, cols - amountW],
      [amount, cols],
    ];
    b.push({ left, bold: true, cells: columns });
  });
  rule();
  detail.lines.forEach((line, i) => {
    const tax = [line.hsn, gst ? percentLabel(line.taxRate) : ""].filter(Boolean).join(" ");
    para(`${i + 1}. ${line.name}${narrow && tax ? ` (${tax})` : ""}`);
    const rate = `${formatAmount(line.unitPrice)}${perUnit(line.unit)}`;
    b.push({
      left: cells(
        narrow ? "" : `  ${tax}`,
        qtyText(line.qty, line.unit),
        rate,
        formatAmount(line.gross),
      ),
    });
    if (line.discount) row(`    ${w("line.discount")}`, `-${formatAmount(line.discount)}`);
  });
  rule();

  const lines = detail.lines.length;
  label(w.lines("totals.subtotalLines", { count: lines }), money(bill.subtotal));
  if (bill.lineDiscountTotal)
    label(w.lines("totals.itemDiscounts"), `-${money(bill.lineDiscountTotal)}`);
  if (bill.billDiscount) label(w.lines("totals.billDiscount"), `-${money(bill.billDiscount)}`);
  if (gst) label(w.lines("totals.taxableValue"), money(bill.taxableTotal));
  for (const tax of detail.taxSummary) {
    if (!gst || !tax.tax) continue;
    const on = { rate: percentLabel(tax.rate / 2), taxable: formatAmount(tax.taxable) };
    label(w.lines("totals.cgstOn", on), money(tax.cgst));
    label(w.lines("totals.sgstOn", on), money(tax.sgst));
  }
  if (bill.roundOff) {
    const sign = bill.roundOff > 0 ? "+" : "-";
    label(w.lines("totals.roundOff"), `${sign}${money(Math.abs(bill.roundOff))}`);
  }
  rule();
  label(w.lines("totals.total"), money(bill.total), { bold: true, big: true });
  for (const words of amountInWordsLines(bill.total, w)) para(words);
  rule();
  for (const paid of paidBy(bill, w)) para(paid);
  if (bill.paymentMode === "split")
    for (const [name, paise] of paymentParts(bill, w)) row(`  ${name}`, money(paise));
  if (bill.paidExchange) row(`  ${w("pay.creditNoteExchange")}`, money(bill.paidExchange));
  if (bill.tendered) {
    label(w.lines("pay.tendered"), money(bill.tendered));
    label(w.lines("pay.change"), money(bill.changeDue));
  }
  rule();
  b.push({ qr: bill.number });
  para(`${w("qr.bill")} ${bill.number}`, { align: "center" });
  const upi = upiLink(detail);
  if (upi) {
    b.push({ qr: upi });
    para(`${w("qr.scanToPay")} ${money(upiAmount(detail))}`, { align: "center" });
  }
  if (shop.footer) para(shop.footer, { align: "center", bold: true });
  return b;
}

/** "Paid by: …" in each language of the receipt, a line each. */
function paidBy(bill: BillDetail["bill"], w: Words): string[] {
  return w.eachLines((one) => one("pay.paidBy", { mode: paymentModeText(bill, one) }));
}

function isRow(block: Block): block is Row {
  return "left" in block;
}

/** A row as one line of `cols` characters: left text, right text flush right. */
function textLine(r: Row, cols: number): string {
  if (!r.right) return r.left;
  const room = Math.max(1, cols - r.right.length);
  return `${r.left.slice(0, room - 1).padEnd(room)}${r.right}`;
}

/** An ESC/POS encoder for the printer, initialised; the drawer opened first when asked. */
export function startEncoder(layout: PrinterLayout, pulse: boolean): ReceiptPrinterEncoder {
  const enc = new ReceiptPrinterEncoder({
    language: "esc-pos",
    columns: layout.columns,
    imageMode: "raster",
    feedBeforeCut: 4,
  });
  enc.initialize();
  if (pulse) enc.pulse();
  return enc;
}

/** The ESC/POS bytes of a bill's receipt. */
export async function renderEscposReceipt(
  detail: BillDetail,
  layout: PrinterLayout,
  options: ReceiptJobOptions,
): Promise<Uint8Array> {
  const blocks = receiptBlocks(detail, layout, options.duplicate);
  const enc = startEncoder(layout, options.pulse);
  const dots = printableDots(layout.paper);
  let pending: RasterRow[] = [];
  const flushImage = async () => {
    if (!pending.length) return;
    const bitmap = await rasterRows(pending, dots);
    enc.align("left").image(bitmap, bitmap.width, bitmap.height, "threshold");
    pending = [];
  };
  for (const block of blocks) {
    if (isRow(block) && !(PRINTABLE.test(block.left) && PRINTABLE.test(block.right ?? ""))) {
      // Column titles: each cell where its characters' column ends, as the text line has them.
      const cells = block.cells?.map(([text, end], i) =>
        i === 0
          ? { text, x: 0, align: "left" as const }
          : { text, x: (end * dots) / layout.columns, align: "right" as const },
      );
      pending.push({
        left: cells ? "" : block.left,
        right: block.right,
        align: block.align,
        bold: block.bold,
        size: block.big ? 30 : 22,
        cells,
      });
      continue;
    }
    await flushImage();
    if ("rule" in block) enc.align("left").line("-".repeat(layout.columns));
    else if ("qr" in block)
      enc.align("center").qrcode(block.qr, { model: 2, size: 6, errorlevel: "m" });
    else {
      enc.align(block.align ?? "left").bold(Boolean(block.bold));
      if (block.big) enc.height(2);
      enc.line(textLine(block, layout.columns));
      if (block.big) enc.height(1);
      enc.bold(false);
    }
  }
  await flushImage();
  enc.align("left").cut("partial");
  return enc.encode();
}
