import { RETURN_REASONS, type ReturnReason } from "../../db/return-types.ts";
import type { BillLine } from "../../db/types.ts";
import { type FieldErrors, ValidationError } from "../../lib/errors.ts";
import { msg } from "../../lib/i18n.ts";
import { parseRupees } from "../../lib/money.ts";
import { hasDecimalComma, parseQty } from "../../lib/quantity.ts";
import { cleanText } from "../../lib/validation.ts";
import type { RefundChoice, ReturnLineRequest } from "./request.ts";

/**
 * The return form as sent: per bill line `qty_<id>` (as typed in its selling
 * unit: "1", or "0.250" kg for loose goods) and `damaged_<id>` (checkbox), the
 * reason and a note, and how to refund: `refundTo` default (the bill's own
 * modes in proportion), store_credit, or split with the amounts typed in
 * rupees. Bad input is a ValidationError naming the field.
 */
export interface ReturnForm {
  lines: ReturnLineRequest[];
  reason: ReturnReason;
  note: string | null;
  refund: RefundChoice;
  expectedRefund?: number;
}

const on = (v: unknown) => ["1", "on", "true", "yes"].includes(String(v ?? ""));

export function parseReturnForm(
  body: Record<string, unknown>,
  lines: Array<Pick<BillLine, "id" | "unit" | "name">>,
): ReturnForm {
  const picked: ReturnLineRequest[] = [];
  const errors: FieldErrors = {};
  for (const l of lines) {
    const raw = String(body[`qty_${l.id}`] ?? "").trim();
    if (raw === "" || raw === "0") continue;
    const qty = hasDecimalComma(raw) ? null : parseQty(raw, l.unit);
    if (qty === null || qty <= 0) {
      errors[`qty_${l.id}`] =
        l.unit === "pc" ? msg("returns:form.wholePieces") : msg(`returns:form.loose.${l.unit}`);
      continue;
    }
    picked.push({ lineId: l.id, qty, restock: !on(body[`damaged_${l.id}`]) });
  }
  if (Object.keys(errors).length)
    throw new ValidationError(msg("returns:form.checkQuantities"), errors);
  if (picked.length === 0)
    throw new ValidationError(msg("returns:form.typeQuantity"), {
      lines: msg("returns:form.nothing"),
    });
  const reasonText = String(body.reason ?? "");
  if (!(reasonText in RETURN_REASONS))
    throw new ValidationError(msg("returns:form.chooseReason"), {
      reason: msg("returns:form.reasonRequired"),
    });
  const note = cleanText(String(body.note ?? "")).slice(0, 400) || null;
  const expected = String(body.expectedRefund ?? "");
  return {
    lines: picked,
    reason: reasonText as ReturnReason,
    note,
    refund: refundChoice(body),
    ...(/^\d{1,15}$/.test(expected) ? { expectedRefund: Number(expected) } : {}),
  };
}

function refundChoice(body: Record<string, unknown>): RefundChoice {
  const to = String(body.refundTo ?? "default");
  if (to === "store_credit") return { kind: "store_credit" };
  if (to !== "split") return { kind: "default" };
  const amount = (field: string, part: "cash" | "upi" | "card" | "store_credit") => {
    const raw = String(body[field] ?? "").trim();
    if (raw === "") return 0;
    const paise = parseRupees(raw);
    if (paise === null)
      throw new ValidationError(msg(`returns:form.amount.${part}`), {
        [field]: msg("returns:form.invalidAmount"),
      });
    return paise;
  };
  return {
    kind: "split",
    split: {
      cash: amount("refundCash", "cash"),
      upi: amount("refundUpi", "upi"),
      card: amount("refundCard", "card"),
      store_credit: amount("refundStoreCredit", "store_credit"),
    },
  };
}
