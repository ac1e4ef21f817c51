import ReceiptPrinterEncoder from "@point-of-sale/receipt-printer-encoder";
import type { BillDetail } from "../../lib/bill-detail.ts";
import { shopDateTime } from "../../lib/datetime.ts";
import { formatAmount, formatRupees } from "../../lib/money.ts";
import { percentLabel } from "../../lib/percent.ts";
import { amountInWords } from "../../pdf/amount-in-words.ts";
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
  const rule = () => b.push({ rule: true });

  para(shop.name, { align: "center", bold: true, big: true });
  if (shop.address) para(shop.address, { align: "center" });
  if (shop.phone) para(`Ph: ${shop.phone}`, { align: "center" });
  if (shop.gstin) para(`GSTIN: ${shop.gstin}`, { align: "center" });
  para(billTitle(detail).toUpperCase(), { align: "center", bold: true });
  if (duplicate) para("*** DUPLICATE ***", { align: "center", bold: true });
  if (bill.status === "voided") para("*** VOID ***", { align: "center", bold: true });
  rule();
  para(`Bill No: ${bill.number}`, { bold: true });
  para(`Date: ${shopDateTime(bill.completedAt ?? bill.createdAt, shop.timeZone)}`);
  para(`Cashier: ${detail.cashierName}`);
  const c = detail.customer;
  para(`Customer: ${c.name}${c.phone ? ` (${c.phone})` : ""}`);
  if (bill.status === "voided" && bill.voidReason) para(`Void reason: ${bill.voidReason}`);
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
  if (narrow) b.push({ left: "Item", bold: true });
  b.push({ left: cells(narrow ? "" : "Item (HSN GST)", "Qty", "Rate", "Amount"), bold: true });
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
    if (line.discount) row("    Discount", `-${formatAmount(line.discount)}`);
  });
  rule();

  const lines = detail.lines.length;
  row(`Subtotal (${lines} line${lines === 1 ? "" : "s"})`, money(bill.subtotal));
  if (bill.lineDiscountTotal) row("Item discounts", `-${money(bill.lineDiscountTotal)}`);
  if (bill.billDiscount) row("Bill discount", `-${money(bill.billDiscount)}`);
  if (gst) row("Taxable value", money(bill.taxableTotal));
  for (const tax of detail.taxSummary) {
    if (!gst || !tax.tax) continue;
    const half = percentLabel(tax.rate / 2);
    row(`CGST @${half} on ${formatAmount(tax.taxable)}`, money(tax.cgst));
    row(`SGST @${half} on ${formatAmount(tax.taxable)}`, money(tax.sgst));
  }
  if (bill.roundOff) {
    const sign = bill.roundOff > 0 ? "+" : "-";
    row("Round off", `${sign}${money(Math.abs(bill.roundOff))}`);
  }
  rule();
  row("TOTAL", money(bill.total), { bold: true, big: true });
  para(amountInWords(bill.total));
  rule();
  para(`Paid by: ${paymentModeText(bill)}`);
  if (bill.paymentMode === "split")
    for (const [name, paise] of paymentParts(bill)) row(`  ${name}`, money(paise));
  if (bill.paidExchange) row("  Credit note (exchange)", money(bill.paidExchange));
  if (bill.tendered) {
    row("Tendered", money(bill.tendered));
    row("Change", money(bill.changeDue));
  }
  rule();
  b.push({ qr: bill.number });
  para(`Bill ${bill.number}`, { align: "center" });
  const upi = upiLink(detail);
  if (upi) {
    b.push({ qr: upi });
    para(`Scan to pay ${money(upiAmount(detail))}`, { align: "center" });
  }
  if (shop.footer) para(shop.footer, { align: "center", bold: true });
  return b;
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

/** The ESC/POS bytes of a bill's receipt. */
export async function renderEscposReceipt(
  detail: BillDetail,
  layout: PrinterLayout,
  options: ReceiptJobOptions,
): Promise<Uint8Array> {
  const blocks = receiptBlocks(detail, layout, options.duplicate);
  const enc = new ReceiptPrinterEncoder({
    language: "esc-pos",
    columns: layout.columns,
    imageMode: "raster",
    feedBeforeCut: 4,
  });
  enc.initialize();
  if (options.pulse) enc.pulse();
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
      pending.push({
        left: block.left,
        right: block.right,
        align: block.align,
        bold: block.bold,
        size: block.big ? 30 : 22,
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

/** A test page: proves the connection, the paper width, ₹ as an image and the cutter. */
export async function renderTestPage(
  layout: PrinterLayout & { name: string },
  options: { pulse: boolean },
): Promise<Uint8Array> {
  const enc = new ReceiptPrinterEncoder({
    language: "esc-pos",
    columns: layout.columns,
    imageMode: "raster",
    feedBeforeCut: 4,
  });
  enc.initialize();
  if (options.pulse) enc.pulse();
  enc.align("center").bold(true).line("TEST PRINT").bold(false);
  enc.line(layout.name.replace(/[^\x20-\x7e]/g, "?"));
  enc.align("left").line("-".repeat(layout.columns));
  enc.line(`${layout.paper} paper, ${layout.columns} characters per line:`);
  enc.line("1234567890".repeat(Math.ceil(layout.columns / 10)).slice(0, layout.columns));
  const sample = layout.rupeeText ? "Rs.1,234.50" : "₹1,234.50";
  if (layout.rupeeText) enc.line(`Amounts print as ${sample}`);
  else {
    const bitmap = await rasterRows(
      [{ left: "Amount", right: sample }],
      printableDots(layout.paper),
    );
    enc.image(bitmap, bitmap.width, bitmap.height, "threshold");
  }
  enc.align("center").qrcode("TEST", { model: 2, size: 6, errorlevel: "m" });
  enc.align("left").cut("partial");
  return enc.encode();
}

/** Just the drawer kick. */
export function renderDrawerPulse(): Uint8Array {
  return new ReceiptPrinterEncoder({ language: "esc-pos" }).initialize().pulse().encode();
}
