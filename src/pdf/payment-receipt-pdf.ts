import { PDFDocument } from "pdf-lib";
import type { PaymentReceiptDoc } from "../lib/account-docs.ts";
import type { ReceiptFormat } from "../lib/bill-detail.ts";
import { shopDateTime } from "../lib/datetime.ts";
import { formatRupees } from "../lib/money.ts";
import { Flow } from "./account-flow.ts";
import { accountModeName, balanceWords } from "./account-words.ts";
import { amountInWordsLines } from "./amount-in-words.ts";
import { embedFonts, printable } from "./fonts.ts";
import { MM } from "./pdf-draw.ts";
import { wordsFor } from "./words.ts";

/**
 * The receipt for a payment received against a customer's account: an 80 mm
 * (or 58 mm) thermal slip or an A4 page, with the previous balance, the
 * payment and the new balance. Pure: drawn from a PaymentReceiptDoc.
 */
export async function renderPaymentReceiptPdf(
  r: PaymentReceiptDoc,
  format: ReceiptFormat = r.shop.receiptFormat,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const w = wordsFor(r.shop.receiptLanguage);
  doc.setTitle(printable(w("account.receiptDoc", { number: r.number })));
  doc.setAuthor(printable(r.shop.name));
  doc.setCreator("Smart Retail QR Billing");
  const fonts = await embedFonts(doc);
  const a4 = format === "a4";
  const narrow = format === "58mm";
  const pageWidth = a4 ? 595.28 : (narrow ? 58 : 80) * MM;
  const margin = a4 ? 56 : (narrow ? 5 : 4) * MM;
  const body = a4 ? 11 : narrow ? 7 : 8;
  const f = new Flow(fonts, margin, a4 ? 300 : pageWidth - margin * 2, a4 ? 48 : 3 * MM);
  const center = { align: "center" as const, width: f.width };
  f.shopHeader(r.shop, body, w);
  f.gap(3);
  f.para(w("account.receiptTitle"), { size: body + 2, weight: "bold", ...center });
  f.rule();
  const t = { size: body };
  f.row(`${w("account.receiptNo")}: ${r.number}`, "", { ...t, weight: "bold" });
  f.row(`${w("meta.date")}: ${shopDateTime(r.at, r.shop.timeZone)}`, "", t);
  const from = `${r.customer.name}${r.customer.phone ? ` (${r.customer.phone})` : ""}`;
  f.para(`${w("account.receivedFrom")}: ${from}`, t);
  if (r.receivedBy) f.row(`${w("account.receivedBy")}: ${r.receivedBy}`, "", t);
  const paidBy = (one: typeof w) =>
    one("pay.paidBy", { mode: accountModeName(r.paymentMode, r.mode, one) });
  f.row(w.eachLines(paidBy), "", t);
  if (r.note) f.para(`${w("account.note")}: ${r.note}`, t);
  f.rule();
  f.row(w.lines("account.previousBalance"), balanceWords(r.previousBalance, w), t);
  const big = { size: body + 2, weight: "bold" as const };
  f.row(w.lines("account.paymentReceived"), formatRupees(r.amount), big, body + 6);
  f.rule(false);
  f.row(w.lines("account.newBalance"), balanceWords(r.balance, w), { ...t, weight: "bold" });
  f.gap(2);
  for (const words of amountInWordsLines(r.amount, w)) f.para(words, { size: body - 1 });
  f.rule();
  f.para(w("account.thankYou"), { ...t, weight: "bold", ...center });
  f.gap(5 * MM);
  const pens = f.draw(doc, pageWidth, a4 ? 841.89 : null, 0);
  for (const p of pens) p.finish();
  return doc.save({ useObjectStreams: false });
}
