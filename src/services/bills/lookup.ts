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
import { type Msg, msg, type Text, zodMsg } from "../../lib/i18n.ts";
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
  .pipe(z.string().regex(/^$|^\d{4}-\d{2}-\d{2}$/, zodMsg("bills:lookup.dateFormat")))
  .refine(
    (v) => !v || !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
    zodMsg("bills:lookup.notADate"),
  );

const lookupSchema = z
  .object({
    q: z
      .string()
      .default("")
      .transform(cleanText)
      .pipe(z.string().max(64, zodMsg("bills:lookup.tooLong"))),
    from: day,
    to: day,
    page: z.coerce
      .number(zodMsg("bills:lookup.badPage"))
      .int(zodMsg("bills:lookup.badPage"))
      .min(1, zodMsg("bills:lookup.badPage"))
      .max(100_000, zodMsg("bills:lookup.badPage"))
      .default(1),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: zodMsg("bills:lookup.endBeforeStart"),
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
  /** The customer as shown: name and masked phone, or a catalogue word (walk-in, erased). */
  customer: Text;
  cashierName: string;
}

export interface LookupResult {
  query: LookupQuery;
  /** Set when `q` is exactly a bill number: the caller opens that bill. */
  exactId: number | null;
  /** What the search matched on, for the page ("bill number ending 000123"). */
  matchedBy: Msg;
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
  let matchedBy = msg("bills:matched.latest");
  const q = query.q;
  if (q) {
    const exactId = await findBillIdByNumber(db, q.toUpperCase());
    if (exactId !== undefined)
      return { query, exactId, matchedBy: msg("bills:matched.number"), bills: [], hasMore: false };
    const phone = normalizePhone(q);
    const compact = q.replace(/\s+/g, "");
    if (phone) {
      filter.phoneRevPrefix = reversedDigits(phone);
      matchedBy = msg("bills:matched.phone", { phone: maskPhone(phone) });
    } else if (/^\d{4,6}$/.test(compact)) {
      // A sequence number or the last digits of a phone: shops use both.
      filter.numberSuffix = compact;
      filter.phoneRevPrefix = compact.split("").reverse().join("");
      filter.either = true;
      matchedBy = msg("bills:matched.numberOrPhoneEnding", { digits: compact });
    } else if (/^\d{7,9}$/.test(compact)) {
      filter.phoneRevPrefix = compact.split("").reverse().join("");
      matchedBy = msg("bills:matched.phoneEnding", { digits: compact });
    } else if (/^[0-9/-]{1,16}$/.test(compact)) {
      filter.numberSuffix = compact;
      matchedBy = msg("bills:matched.numberEnding", { digits: compact });
    } else {
      throw new ValidationError(msg("bills:lookup.typeNumberOrPhone"), {
        q: msg("bills:lookup.notNumberOrPhone"),
      });
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
  let customer: Text = msg("bills:customer.walkIn");
  if (r.customer_erased_at) customer = msg("bills:customer.erased");
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
