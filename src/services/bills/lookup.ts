import { z } from "zod";
import {
  type BillSearchFilter,
  type BillSearchRow,
  findBillIdByNumber,
  searchBillRows,
} from "../../db/repositories/bill-read.repo.ts";
import type { BillStatus, Executor } from "../../db/types.ts";
import { addDays, dayStartMs } from "../../lib/days.ts";
import { ValidationError } from "../../lib/errors.ts";
import { maskPhone, normalizePhone, reversedDigits } from "../../lib/phone.ts";
import { toUtcString } from "../../lib/utc-time.ts";
import { cleanText, parseInput } from "../../lib/validation.ts";

/**
 * Finding past bills: by bill number (typed, or scanned from the receipt's
 * QR, which holds the number), by customer phone (full or last digits), by
 * date range in the shop's time zone. Typed text: an exact bill number opens
 * that bill; a valid phone matches that customer; 1–3 digits or text with
 * "/" or "-" match the end of bill numbers; 4–6 digits match the end of a
 * bill number OR of a phone; 7–9 digits the end of a phone. Every staff member may look up bills.
 */

export const PAGE_SIZE = 50;

const day = z
  .string()
  .default("")
  .transform((v) => v.trim())
  .pipe(z.string().regex(/^$|^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-25"))
  .refine((v) => !v || !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), "Not a real date");

const lookupSchema = z
  .object({
    q: z
      .string()
      .default("")
      .transform(cleanText)
      .pipe(z.string().max(64, "That is too long for a bill number or phone")),
    from: day,
    to: day,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: "The end date is before the start date",
    path: ["to"],
  });

export type LookupQuery = z.output<typeof lookupSchema>;

export interface BillSummary {
  id: number;
  number: string;
  status: BillStatus;
  completedAt: string | null;
  total: number;
  paymentMode: string | null;
  customer: string;
  cashierName: string;
}

export interface LookupResult {
  query: LookupQuery;
  /** Set when `q` is exactly a bill number: the caller opens that bill. */
  exactId: number | null;
  /** What the search matched on, for the page ("bill number ending 000123"). */
  matchedBy: string;
  bills: BillSummary[];
  hasMore: boolean;
}

/** Looks bills up; see the module comment. Bad input is a ValidationError. */
export async function lookupBills(
  db: Executor,
  timeZone: string,
  input: unknown,
): Promise<LookupResult> {
  const query = parseInput(lookupSchema, input);
  const filter: BillSearchFilter = { limit: PAGE_SIZE + 1, offset: (query.page - 1) * PAGE_SIZE };
  let matchedBy = "latest bills";
  const q = query.q;
  if (q) {
    const exactId = await findBillIdByNumber(db, q.toUpperCase());
    if (exactId !== undefined)
      return { query, exactId, matchedBy: "bill number", bills: [], hasMore: false };
    const phone = normalizePhone(q);
    const compact = q.replace(/\s+/g, "");
    if (phone) {
      filter.phoneRevPrefix = reversedDigits(phone);
      matchedBy = `customer phone ${maskPhone(phone)}`;
    } else if (/^\d{4,6}$/.test(compact)) {
      // A sequence number or the last digits of a phone: shops use both.
      filter.numberSuffix = compact;
      filter.phoneRevPrefix = compact.split("").reverse().join("");
      filter.either = true;
      matchedBy = `bill number or customer phone ending ${compact}`;
    } else if (/^\d{7,9}$/.test(compact)) {
      filter.phoneRevPrefix = compact.split("").reverse().join("");
      matchedBy = `customer phone ending ${compact}`;
    } else if (/^[0-9/-]{1,16}$/.test(compact)) {
      filter.numberSuffix = compact;
      matchedBy = `bill number ending ${compact}`;
    } else {
      throw new ValidationError(
        "Type a bill number, a customer's phone number, or scan the QR code on the receipt.",
        { q: "Not a bill number or a phone number" },
      );
    }
  }
  if (query.from) filter.fromUtc = toUtcString(new Date(dayStartMs(query.from, timeZone)));
  if (query.to) filter.toUtc = toUtcString(new Date(dayStartMs(addDays(query.to, 1), timeZone)));
  const rows = await searchBillRows(db, filter);
  return {
    query,
    exactId: null,
    matchedBy,
    bills: rows.slice(0, PAGE_SIZE).map(toSummary),
    hasMore: rows.length > PAGE_SIZE,
  };
}

function toSummary(r: BillSearchRow): BillSummary {
  let customer = "Walk-in";
  if (r.customer_erased_at) customer = "Erased customer";
  else if (r.customer_name) customer = `${r.customer_name} ${maskPhone(r.customer_phone)}`.trim();
  return {
    id: r.id,
    number: r.number ?? "",
    status: r.status,
    completedAt: r.completed_at,
    total: r.total,
    paymentMode: r.payment_mode,
    customer,
    cashierName: r.cashier_name,
  };
}
