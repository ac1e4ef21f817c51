import type { StatementEntry, StatementLine } from "../lib/account-docs.ts";
import { formatRupees } from "../lib/money.ts";
import { paymentModeName } from "./bill-format.ts";
import type { Words } from "./words.ts";

/** The account documents' wording in the receipt language (statement, payment receipt). */

/** "₹250.00 owed", "₹50.00 store credit", "₹0.00 (settled)". */
export function balanceWords(balance: number, w: Words): string {
  if (balance > 0) return `${formatRupees(balance)} ${w("account.owed")}`;
  if (balance < 0) return `${formatRupees(-balance)} ${w("account.storeCredit")}`;
  return `${formatRupees(0)} ${w("account.settled")}`;
}

/** A payment mode code's name ("—" for none); `fallback` when the code is not known. */
export function accountModeName(mode: string | null | undefined, fallback: string, w: Words) {
  if (mode === undefined) return fallback;
  return mode === "cash" || mode === "upi" || mode === "card" ? paymentModeName(mode, w) : "—";
}

/** What a statement line was, in words ("Bill 2026-27/000123 on account"). */
export function statementLineText(line: StatementLine, words: Words): string {
  const e = line.entry;
  return e ? words.each((w) => entryText(e, w)) : line.description;
}

function entryText(e: StatementEntry, w: Words): string {
  const bill = e.billNumber ?? e.reference ?? "";
  const note = e.note ? `: ${e.note}` : "";
  switch (e.kind) {
    case "credit_sale":
      return w("entry.creditSale", { bill });
    case "credit_used":
      return w("entry.creditUsed", { bill });
    case "payment": {
      const mode = accountModeName(e.paymentMode, "—", w);
      return `${w("entry.payment", { reference: e.reference ?? "", mode })}${note}`;
    }
    case "store_credit":
      return `${w("entry.storeCredit")}${e.reference ? ` ${e.reference}` : ""}${note}`;
    case "reversal":
      return `${bill ? w("entry.reversalOf", { bill }) : w("entry.reversal")}${note}`;
    case "adjustment":
      return `${w("entry.adjustment")}${note}`;
    case "write_off":
      return `${w("entry.writeOff")}${note}`;
    default:
      return e.kind;
  }
}
