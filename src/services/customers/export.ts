/**
 * CSV exports: one customer's data (DPDP access request) and the owner's
 * customer list. Every text cell a person typed is neutralised against
 * formula injection: a cell starting with = + - @ (or tab / CR) gets a
 * leading ' so a spreadsheet shows it as text instead of running it.
 */
import { stringify } from "csv-stringify/sync";
import { billLinesForExport, customerBillRows } from "../../db/repositories/customer-bills.repo.ts";
import { customerBatchWithStats } from "../../db/repositories/customers.repo.ts";
import type { Executor } from "../../db/types.ts";
import { shopDateTime } from "../../lib/datetime.ts";
import { type Language, msg, translate } from "../../lib/i18n.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import type { Actor } from "../shop/audit.ts";
import { recordAudit } from "../shop/audit.ts";
import { getCustomerProfile } from "./history.ts";

/** A cell a spreadsheet will not evaluate as a formula. */
export function safeCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A CSV header cell in the language of the member who exports (csv:<group>.<key>). */
function heading(lng: Language, group: string) {
  return (key: string) => translate(msg(`csv:${group}.${key}`), lng);
}

/**
 * A stored code that is a word (bill status, payment mode, unit) in the
 * member's language (csv:values.<group>.<code>). The English words are the
 * codes themselves, as the export always wrote them; a code the catalogue
 * does not know stays as it is.
 */
function word(lng: Language, group: "status" | "payment" | "unit") {
  return (code: string | null) =>
    code === null
      ? null
      : translate(msg(`csv:values.${group}.${code}`, { defaultValue: code }), lng);
}

function csv(rows: Array<Array<string | number | null>>): string {
  return stringify(rows.map((r) => r.map(safeCell)));
}

/**
 * Everything the shop holds about one customer: details, totals, every bill
 * and every bill line. Audited (the export contains personal data).
 */
export async function exportCustomerCsv(
  db: Executor,
  actor: Actor,
  id: number,
  timeZone: string,
  lng: Language = "en",
): Promise<{ filename: string; csv: string }> {
  const { customer, registeredAt, totals } = await getCustomerProfile(db, id);
  const h = heading(lng, "customer");
  const rows: Array<Array<string | number | null>> = [
    [h("field"), h("value")],
    [h("id"), customer.id],
    [h("name"), customer.name],
    [h("phone"), customer.phone],
    [h("email"), customer.email],
    [h("registered"), shopDateTime(registeredAt, timeZone)],
    [h("totalSpent"), paiseToDecimal(totals.spent)],
    [h("bills"), totals.bills],
    [h("firstVisit"), shopDateTime(totals.firstVisit, timeZone)],
    [h("lastVisit"), shopDateTime(totals.lastVisit, timeZone)],
    [],
    [h("billNumber"), h("date"), h("status"), h("payment"), h("total")],
  ];
  const [status, payment, unit] = [word(lng, "status"), word(lng, "payment"), word(lng, "unit")];
  const bills = await customerBillRows(db, id, 1_000_000, 0);
  for (const b of bills)
    rows.push([
      b.number,
      shopDateTime(b.completed_at, timeZone),
      status(b.status),
      payment(b.payment_mode),
      paiseToDecimal(Number(b.total)),
    ]);
  rows.push(
    [],
    ["billNumber", "item", "code", "quantity", "unit", "unitPrice", "lineTotal"].map(h),
  );
  for (const line of await billLinesForExport(db, id))
    rows.push([
      line.number,
      line.name,
      line.code,
      line.qty,
      // Quantities are in base units: pieces, grams (kg goods) or millilitres (litre goods).
      unit(line.unit === "kg" ? "g" : line.unit === "l" ? "ml" : "pc"),
      paiseToDecimal(Number(line.unit_price)),
      paiseToDecimal(Number(line.line_total)),
    ]);
  await recordAudit(db, actor, "customer.export", { entity: "customer", entityId: id });
  return { filename: `customer-${id}.csv`, csv: csv(rows) };
}

/** The whole customer list (not erased) with totals, read in id batches. Audited. */
export async function exportCustomerListCsv(
  db: Executor,
  actor: Actor,
  timeZone: string,
  lng: Language = "en",
): Promise<string> {
  const columns = [
    "id",
    "name",
    "phone",
    "email",
    "totalSpent",
    "bills",
    "lastVisit",
    "registered",
  ];
  const rows: Array<Array<string | number | null>> = [columns.map(heading(lng, "customerList"))];
  let after = 0;
  for (;;) {
    const batch = await customerBatchWithStats(db, after, 1000);
    if (batch.length === 0) break;
    for (const c of batch)
      rows.push([
        Number(c.id),
        c.name,
        c.phone,
        c.email,
        paiseToDecimal(Number(c.total_spent ?? 0)),
        Number(c.bill_count ?? 0),
        shopDateTime(c.last_purchase_at, timeZone),
        shopDateTime(c.created_at, timeZone),
      ]);
    after = Number(batch[batch.length - 1]?.id);
  }
  await recordAudit(db, actor, "customers.export", { detail: { rows: rows.length - 1 } });
  return csv(rows);
}
