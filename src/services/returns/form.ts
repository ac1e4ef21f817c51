import { RETURN_REASONS, type ReturnReason } from "../../db/return-types.ts";
import type { BillLine } from "../../db/types.ts";
import { ValidationError } from "../../lib/errors.ts";
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
  const errors: Record<string, string> = {};
  for (const l of lines) {
    const raw = String(body[`qty_${l.id}`] ?? "").trim();
    if (raw === "" || raw === "0") continue;
    const qty = hasDecimalComma(raw) ? null : parseQty(raw, l.unit);
    if (qty === null || qty <= 0) {
      errors[`qty_${l.id}`] =
        l.unit === "pc"
          ? "Whole pieces, e.g. 1"
          : `In ${l.unit}, e.g. 0.250 for 250 ${l.unit === "kg" ? "g" : "ml"}`;
      continue;
    }
    picked.push({ lineId: l.id, qty, restock: !on(body[`damaged_${l.id}`]) });
  }
  if (Object.keys(errors).length)
    throw new ValidationError("Check the quantities to return", errors);
  if (picked.length === 0)
    throw new ValidationError("Type how much of an item comes back", {
      lines: "Nothing to return",
    });
  const reasonText = String(body.reason ?? "");
  if (!(reasonText in RETURN_REASONS))
    throw new ValidationError("Choose the reason for the return", { reason: "Choose a reason" });
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
  const amount = (field: string, label: string) => {
    const raw = String(body[field] ?? "").trim();
    if (raw === "") return 0;
    const paise = parseRupees(raw);
    if (paise === null)
      throw new ValidationError(`${label}: type an amount like 120 or 99.50`, {
        [field]: "Invalid amount",
      });
    return paise;
  };
  return {
    kind: "split",
    split: {
      cash: amount("refundCash", "Cash refund"),
      upi: amount("refundUpi", "UPI refund"),
      card: amount("refundCard", "Card refund"),
      store_credit: amount("refundStoreCredit", "Store credit"),
    },
  };
}
