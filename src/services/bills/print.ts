import { z } from "zod";
import { deleteBillPrint, insertBillPrint } from "../../db/repositories/bill-read.repo.ts";
import type { Db } from "../../db/types.ts";
import type { ReceiptFormat } from "../../lib/bill-detail.ts";
import { zodMsg } from "../../lib/i18n.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { parseInput } from "../../lib/validation.ts";
import { billFileName } from "../../pdf/bill-format.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import { getBillDetail } from "./detail.ts";

const printSchema = z.object({
  format: z.enum(["80mm", "58mm", "a4"], { message: zodMsg("bills:print.format") }).optional(),
});

export interface PrintedBill {
  bytes: Uint8Array;
  fileName: string;
  format: ReceiptFormat;
  /** 1 for the original, 2+ for reprints (printed "DUPLICATE"). */
  copy: number;
}

/**
 * Prints a copy of a bill: logs it in bill_prints, then renders the PDF (the
 * log row is removed again if rendering fails). The first copy is the
 * original; every later one is marked DUPLICATE and goes to the audit log
 * ("bill.reprint"). Two tills printing at once get distinct copy numbers.
 * Format: the query's, else the shop's setting.
 */
export async function printBill(
  db: Db,
  billId: number,
  actor: Actor,
  input: unknown,
): Promise<PrintedBill> {
  const { format: wanted } = parseInput(printSchema, input);
  const detail = await getBillDetail(db, billId);
  const format = wanted ?? detail.shop.receiptFormat;
  const { id, copy } = await insertBillPrint(db, {
    bill_id: billId,
    user_id: actor.userId,
    format,
    printed_at: nowUtc(),
  });
  let bytes: Uint8Array;
  try {
    // The PDF code (pdf-lib, fontkit) loads on first use, not at start-up.
    const { renderBillPdf } = await import("../../pdf/bill-pdf.ts");
    bytes = await renderBillPdf(detail, { format, duplicate: copy > 1 });
  } catch (err) {
    await deleteBillPrint(db, id);
    throw err;
  }
  if (copy > 1) {
    await recordAudit(db, actor, "bill.reprint", {
      entity: "bill",
      entityId: billId,
      detail: { number: detail.bill.number, copy, format },
    });
  }
  return { bytes, fileName: billFileName(detail, format), format, copy };
}
