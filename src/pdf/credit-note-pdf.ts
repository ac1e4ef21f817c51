import { PDFDocument } from "pdf-lib";
import type { ReceiptFormat } from "../lib/bill-detail.ts";
import type { CreditNoteDetail } from "../lib/credit-note-detail.ts";
import { drawCreditNoteA4 } from "./credit-note-a4.ts";
import { creditNoteTitle } from "./credit-note-format.ts";
import { drawCreditNoteReceipt } from "./credit-note-receipt.ts";
import { embedFonts, printable } from "./fonts.ts";
import { wordsFor } from "./words.ts";

/** The credit note as a PDF: 80/58 mm roll or A4, DUPLICATE on reprints; pure, like bill-pdf.ts. */
export async function renderCreditNotePdf(
  detail: CreditNoteDetail,
  options: { format: ReceiptFormat; duplicate: boolean },
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const w = wordsFor(detail.shop.receiptLanguage);
  const duplicate = options.duplicate ? ` ${w("title.duplicateSuffix")}` : "";
  const title = `${creditNoteTitle(detail, w)} ${detail.note.number}${duplicate}`;
  doc.setTitle(printable(title));
  doc.setAuthor(printable(detail.shop.name));
  doc.setCreator("Smart Retail QR Billing");
  const fonts = await embedFonts(doc);
  if (options.format === "a4") drawCreditNoteA4(doc, fonts, detail, options);
  else
    drawCreditNoteReceipt(doc, fonts, detail, {
      paper: options.format,
      duplicate: options.duplicate,
    });
  return doc.save({ useObjectStreams: false });
}
