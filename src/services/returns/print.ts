import { z } from "zod";
import {
  deleteCreditNotePrint,
  insertCreditNotePrint,
} from "../../db/repositories/returns.repo.ts";
import type { Db } from "../../db/types.ts";
import type { ReceiptFormat } from "../../lib/bill-detail.ts";
import { zodMsg } from "../../lib/i18n.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { parseInput } from "../../lib/validation.ts";
import { creditNoteFileName } from "../../pdf/credit-note-format.ts";
import { type Actor, recordAudit } from "../shop/audit.ts";
import { getCreditNoteDetail } from "./detail.ts";

const printSchema = z.object({
  format: z.enum(["80mm", "58mm", "a4"], { message: zodMsg("bills:print.format") }).optional(),
});

/**
 * Prints a copy of a credit note as bills are printed (bills/print.ts): the
 * copy is logged first (credit_note_prints), the first is the original,
 * later ones say DUPLICATE and are audited; a failed render removes its row.
 */
export async function printCreditNote(
  db: Db,
  id: number,
  actor: Actor,
  input: unknown,
): Promise<{ bytes: Uint8Array; fileName: string; format: ReceiptFormat; copy: number }> {
  const { format: wanted } = parseInput(printSchema, input);
  const detail = await getCreditNoteDetail(db, id);
  const format = wanted ?? detail.shop.receiptFormat;
  const printed = await insertCreditNotePrint(db, {
    credit_note_id: id,
    user_id: actor.userId,
    format,
    printed_at: nowUtc(),
  });
  let bytes: Uint8Array;
  try {
    // pdf-lib and the fonts load on first use, as for bills.
    const { renderCreditNotePdf } = await import("../../pdf/credit-note-pdf.ts");
    bytes = await renderCreditNotePdf(detail, { format, duplicate: printed.copy > 1 });
  } catch (err) {
    await deleteCreditNotePrint(db, printed.id);
    throw err;
  }
  if (printed.copy > 1)
    await recordAudit(db, actor, "credit_note.reprint", {
      entity: "credit_note",
      entityId: id,
      detail: { number: detail.note.number, copy: printed.copy, format },
    });
  return { bytes, fileName: creditNoteFileName(detail, format), format, copy: printed.copy };
}
