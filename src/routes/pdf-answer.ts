import type { NextFunction, Response } from "express";
import { localError, localText } from "../i18n/text.ts";
import { isDomainError, NotFoundError } from "../lib/errors.ts";
import type { Msg } from "../lib/i18n.ts";

/** A printed document as the services hand it over; `copy` when copies are counted (bills, credit notes). */
export interface PdfDocument {
  bytes: Uint8Array;
  fileName: string;
  copy?: number;
}

/**
 * Sends a document inline: never cached (it names customers), framed only by
 * this origin (the PDF viewer needs none of the page CSP), and the copy's
 * number in X-Bill-Copy when there is one.
 */
export function sendPdf(res: Response, doc: PdfDocument): void {
  res
    .status(200)
    .type("application/pdf")
    .set({
      "Content-Disposition": `inline; filename="${doc.fileName}"`,
      "Cache-Control": "no-store",
      ...(doc.copy === undefined ? {} : { "X-Bill-Copy": String(doc.copy) }),
      "Content-Security-Policy": "frame-ancestors 'self'",
    })
    .end(Buffer.from(doc.bytes));
}

/**
 * A document that cannot be printed: a missing one is the 404 page, a refused
 * one its error page titled `title`, in the reader's language; anything else
 * goes on to the error handler.
 */
export function pdfRefusal(err: unknown, res: Response, next: NextFunction, title: Msg): void {
  if (err instanceof NotFoundError) {
    next();
    return;
  }
  if (!isDomainError(err)) throw err;
  res.status(err.status).render("pages/error", {
    title: localText(res, title),
    status: err.status,
    message: localError(res, err).message,
  });
}
