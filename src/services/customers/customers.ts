/**
 * Customers: find by phone or name in a keystroke, register, edit, erase.
 *
 * Search never scans the table:
 * - a full number in any format ("98765 43210", "+91-98765-43210",
 *   "09876543210") → exact match on the unique phone index;
 * - 4+ digits that are not a full number → "ends with" via a prefix range on
 *   phone_rev (digits reversed, indexed), plus "starts with" on phone for a
 *   cashier typing the number from the left;
 * - anything with a letter → name search. Names are matched at the start of
 *   any word ("kum" finds "Ramesh Kumar", "ramesh ku" too) through the
 *   customer_name_keys index; a fragment inside a word ("mesh") is not
 *   matched, on purpose: that would need a full scan.
 * Erased customers never appear in search results.
 */

import type { Transaction } from "kysely";
import { z } from "zod";
import { isUniqueViolation } from "../../db/errors.ts";
import {
  customersByNameKey,
  customersByPhonePrefix,
  customersByPhoneSuffix,
  findCustomerById,
  findCustomerByPhone,
  insertCustomer,
  replaceNameKeys,
} from "../../db/repositories/customers.repo.ts";
import type { Customer, Database, Executor } from "../../db/types.ts";
import { ConflictError, NotFoundError } from "../../lib/errors.ts";
import { type Msg, msg, zodMsg } from "../../lib/i18n.ts";
import { formatPhone, normalizePhone, phoneProblemMsg, reversedDigits } from "../../lib/phone.ts";
import { nowUtc } from "../../lib/utc-time.ts";
import { cleanText, parseInput } from "../../lib/validation.ts";
import type { Actor } from "../shop/audit.ts";
import type { Role } from "../shop/auth.ts";

/** What the rest of the app sees of a customer (no row types leak out). */
export interface CustomerSummary {
  id: number;
  name: string;
  /** E.164 ("+919876543210"); null once erased. */
  phone: string | null;
  email: string | null;
  erased: boolean;
}

/** An actor whose role matters (edit and erase rules). */
export interface StaffActor extends Actor {
  role: Role;
}

/** A phone number that already belongs to a customer; `existingId` links to them. */
export class DuplicateCustomerError extends ConflictError {
  constructor(readonly existing: CustomerSummary) {
    const message = msg("customers:errors.duplicate", {
      phone: formatPhone(existing.phone),
      name: existing.name,
    });
    super(message, { phone: message });
  }
  get existingId(): number {
    return this.existing.id;
  }
}

/**
 * What a till says when the number it registers already belongs to a
 * customer (another till registered it a moment ago): that customer is
 * attached, and the name typed here, if different, is shown as not saved.
 */
export function alreadyRegisteredMessage(existing: CustomerSummary, typedName: string): Msg {
  const typed = cleanText(typedName);
  const params = { phone: formatPhone(existing.phone), name: existing.name };
  if (!typed || typed.toLowerCase() === existing.name.toLowerCase())
    return msg("till:customer.alreadyRegistered", params);
  return msg("till:customer.alreadyRegisteredTyped", { ...params, typed });
}

export const ERASED_NAME = "Erased customer";
const NAME_MAX = 120;

export function toSummary(row: Customer): CustomerSummary {
  return {
    id: Number(row.id),
    name: row.name,
    phone: row.phone,
    email: row.email,
    erased: row.erased_at !== null,
  };
}

/** The name-search keys of a name: the lower-cased name from each word on ("ramesh kumar", "kumar"). */
export function nameKeys(name: string): string[] {
  const words = searchWords(name);
  const keys = new Set<string>();
  for (let i = 0; i < words.length && i < 8; i++)
    keys.add(words.slice(i).join(" ").slice(0, NAME_MAX));
  return [...keys];
}

function searchWords(text: string): string[] {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter(Boolean);
}

const nameSchema = z
  .string({ message: zodMsg("customers:errors.nameRequired") })
  .transform(cleanText)
  .pipe(
    z
      .string()
      .min(1, zodMsg("customers:errors.nameRequired"))
      .max(NAME_MAX, zodMsg("customers:errors.nameLong", { max: NAME_MAX }))
      .refine((v) => searchWords(v).length > 0, zodMsg("customers:errors.nameLetter")),
  );

const phoneSchema = z
  .string({ message: zodMsg("customers:phone.required") })
  .transform((v, ctx) => {
    const problem = phoneProblemMsg(v);
    if (problem) {
      ctx.addIssue({ code: "custom", message: zodMsg(problem.key, problem.params) });
      return z.NEVER;
    }
    return normalizePhone(v) as string;
  });

const emailSchema = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim().toLowerCase())
  .pipe(
    z.union([
      z.literal(""),
      z.email(zodMsg("customers:errors.email")).max(254, zodMsg("customers:errors.emailLong")),
    ]),
  )
  .transform((v) => v || null);

/** The whole record, as the register form and the owner's edit form send it. */
export const customerSchema = z.object({
  name: nameSchema,
  phone: phoneSchema,
  email: emailSchema,
});
export const nameOnlySchema = z.object({ name: nameSchema });

/** Runs fn in a transaction, or directly inside the caller's one. */
export async function inTransaction<T>(
  db: Executor,
  fn: (trx: Transaction<Database> | Executor) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Turns a unique-index violation on phone into the DuplicateCustomerError naming the winner. */
export async function duplicateOr(db: Executor, err: unknown, phone: string): Promise<never> {
  if (isUniqueViolation(err)) {
    const existing = await findCustomerByPhone(db, phone);
    if (existing) throw new DuplicateCustomerError(toSummary(existing));
  }
  throw err;
}

/**
 * Finds customers for a search box; at most `limit`, erased ones never.
 * See the module comment for how each kind of query is matched.
 */
export async function searchCustomers(
  db: Executor,
  query: string,
  limit = 10,
): Promise<CustomerSummary[]> {
  const q = classifyQuery(query);
  const take = Math.max(1, Math.min(limit, 50));
  if (q.kind === "phone") {
    const row = await findCustomerByPhone(db, q.e164);
    return row && row.erased_at === null ? [toSummary(row)] : [];
  }
  if (q.kind === "digits") {
    const [ending, starting] = await Promise.all([
      customersByPhoneSuffix(db, q.digits.split("").reverse().join(""), take),
      q.phonePrefix ? customersByPhonePrefix(db, q.phonePrefix, take) : Promise.resolve([]),
    ]);
    return unique([...ending, ...starting], take);
  }
  if (q.kind === "name") return unique(await customersByNameKey(db, q.key, take * 2), take);
  return [];
}

function unique(rows: Customer[], limit: number): CustomerSummary[] {
  const seen = new Map<number, CustomerSummary>();
  for (const row of rows) if (!seen.has(Number(row.id))) seen.set(Number(row.id), toSummary(row));
  return [...seen.values()].slice(0, limit);
}

export type SearchQuery =
  | { kind: "empty" }
  | { kind: "short"; digits: string }
  | { kind: "phone"; e164: string }
  | { kind: "digits"; digits: string; phonePrefix: string | null }
  | { kind: "name"; key: string };

/** What a search box holds: a full number, some digits, a name, or too little to search. */
export function classifyQuery(query: string): SearchQuery {
  const text = (query ?? "").trim().slice(0, 64);
  if (!text) return { kind: "empty" };
  if (/\p{L}/u.test(text)) {
    const key = searchWords(text).join(" ").slice(0, NAME_MAX);
    return key ? { kind: "name", key } : { kind: "empty" };
  }
  const e164 = normalizePhone(text);
  if (e164) return { kind: "phone", e164 };
  const digits = text.replace(/\D/g, "").slice(0, 15);
  if (digits.length < 4) return { kind: "short", digits };
  // Typed from the left: "+4420…" as is; "0987…" and "98765…" as Indian numbers.
  let phonePrefix: string | null = null;
  if (text.startsWith("+")) phonePrefix = `+${digits}`;
  else if (digits.startsWith("0")) phonePrefix = digits.length > 1 ? `+91${digits.slice(1)}` : null;
  else if (/^[6-9]/.test(digits) && digits.length <= 10) phonePrefix = `+91${digits}`;
  return { kind: "digits", digits, phonePrefix };
}

/**
 * Registers a customer: name required, phone normalised to E.164, email
 * optional. A number already registered throws DuplicateCustomerError
 * (a ConflictError carrying `existingId`), also when two tills register the
 * same number at the same moment: the unique index decides, the loser gets
 * the winner. Pass the database handle, not a transaction, so that the
 * winner's row is visible to the loser on a server database (repeatable read).
 */
export async function registerCustomer(
  db: Executor,
  _actor: Actor,
  input: unknown,
): Promise<CustomerSummary> {
  const data = parseInput(customerSchema, input);
  const existing = await findCustomerByPhone(db, data.phone);
  if (existing) throw new DuplicateCustomerError(toSummary(existing));
  const now = nowUtc();
  const row = {
    name: data.name,
    phone: data.phone,
    phone_rev: reversedDigits(data.phone),
    email: data.email,
    erased_at: null,
    created_at: now,
    updated_at: now,
  };
  let id: number;
  try {
    id = await inTransaction(db, async (trx) => {
      const newId = await insertCustomer(trx, row);
      await replaceNameKeys(trx, newId, nameKeys(data.name));
      return newId;
    });
  } catch (err) {
    return duplicateOr(db, err, data.phone);
  }
  return { id, name: row.name, phone: row.phone, email: row.email, erased: false };
}

/** One customer (erased ones too: their bills still point at them). */
export async function getCustomer(db: Executor, id: number): Promise<CustomerSummary> {
  const row = await findCustomerById(db, id);
  if (!row) throw new NotFoundError(msg("customers:errors.notFound"));
  return toSummary(row);
}
