import QRCode from "qrcode";
import { z } from "zod";
import type { Executor } from "../../db/types.ts";
import type { ReceiptFormat } from "../../lib/bill-detail.ts";
import { ValidationError } from "../../lib/errors.ts";
import { msg, zodMsg } from "../../lib/i18n.ts";
import { parseRupees } from "../../lib/money.ts";
import { upiUri } from "../../lib/upi.ts";
import { parseInput } from "../../lib/validation.ts";
import type { Shop } from "../shop/settings.ts";
import { buildPaymentReceipt, buildStatement, statementRange } from "./statement.ts";

/**
 * The account documents as PDFs (payment receipt 80 mm / 58 mm / A4,
 * statement A4) and the UPI QR for an amount being received. The PDF code
 * loads on first use, like the bills' (tests/integration/bundle.test.ts
 * prints both through the bundle).
 */

const formatSchema = z.object({
  format: z.enum(["80mm", "58mm", "a4"], { message: zodMsg("accounts:errors.format") }).optional(),
});

export interface AccountPdf {
  bytes: Uint8Array;
  fileName: string;
}

export async function paymentReceiptPdf(
  db: Executor,
  shop: Shop,
  customerId: number,
  entryId: number,
  query: unknown,
): Promise<AccountPdf> {
  const { format } = parseInput(formatSchema, query);
  const doc = await buildPaymentReceipt(db, shop, customerId, entryId);
  const { renderPaymentReceiptPdf } = await import("../../pdf/payment-receipt-pdf.ts");
  const bytes = await renderPaymentReceiptPdf(doc, (format ?? shop.receiptFormat) as ReceiptFormat);
  return { bytes, fileName: `receipt-${doc.number.replace(/[^A-Za-z0-9-]+/g, "-")}.pdf` };
}

export async function statementPdf(
  db: Executor,
  shop: Shop,
  customerId: number,
  query: { from?: unknown; to?: unknown },
): Promise<AccountPdf> {
  const range = statementRange(query, shop.timeZone);
  const doc = await buildStatement(db, shop, customerId, range);
  const { renderStatementPdf } = await import("../../pdf/statement-pdf.ts");
  const bytes = await renderStatementPdf(doc);
  return { bytes, fileName: `statement-${customerId}-${range.from}-${range.to}.pdf` };
}

/** The shop's UPI QR (SVG) for receiving `amountText` rupees from a customer; null without a UPI ID. */
export async function paymentUpiSvg(
  shop: Shop,
  customerName: string,
  amountText: unknown,
): Promise<string | null> {
  if (!shop.upiId) return null;
  const amount = parseRupees(String(amountText ?? ""));
  if (!amount)
    throw new ValidationError(msg("accounts:errors.amountFirst"), {
      amount: msg("accounts:errors.enterAmount"),
    });
  const uri = upiUri(shop.upiId, shop.name, amount, `Payment ${customerName}`);
  return QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}
