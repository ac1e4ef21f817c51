import { PDFDocument } from "pdf-lib";
import type { BillDetail, ReceiptFormat } from "../lib/bill-detail.ts";
import { billTitle } from "./bill-format.ts";
import { drawInvoice } from "./bill-invoice.ts";
import { drawReceipt } from "./bill-receipt.ts";
import { embedFonts } from "./fonts.ts";
import { wordsFor } from "./words.ts";

export interface BillPdfOptions {
  /** Defaults to the shop's receipt format setting. */
  format?: ReceiptFormat;
  /** A reprint: marked "DUPLICATE". */
  duplicate?: boolean;
}

/**
 * The bill as a PDF: an 80/58 mm thermal receipt or an A4 tax invoice. Pure
 * (no database): the caller supplies the detail and decides whether this copy
 * is a duplicate. Fonts come cut down once per process from fonts.ts, so a
 * 20-line receipt takes a few milliseconds.
 */
export async function renderBillPdf(
  detail: BillDetail,
  options: BillPdfOptions = {},
): Promise<Uint8Array> {
  const format = options.format ?? detail.shop.receiptFormat;
  const duplicate = options.duplicate ?? false;
  const doc = await PDFDocument.create({ updateMetadata: false });
  const w = wordsFor(detail.shop.receiptLanguage);
  const title = `${billTitle(detail, w)} ${detail.bill.number}${duplicate ? ` ${w("title.duplicateSuffix")}` : ""}`;
  // Document properties are Unicode text: the names as typed, no font fallback.
  doc.setTitle(title);
  doc.setAuthor(detail.shop.name);
  doc.setCreator("Smart Retail QR Billing");
  const fonts = await embedFonts(doc);
  if (format === "a4") drawInvoice(doc, fonts, detail, { duplicate });
  else drawReceipt(doc, fonts, detail, { paper: format, duplicate });
  // Object streams save a few KB but cost ~5 ms of deflate per bill. pdf-lib
  // pauses a timer tick (≥ 1 ms) every 50 objects while writing; a bill with
  // fonts for several scripts has ~60 and writes in well under a millisecond.
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
