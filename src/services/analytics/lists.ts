/** Customer lists of the analytics page: filter, sort, page; shared by the table and the CSV export. */
import { z } from "zod";
import {
  type Contact,
  contactsByIds,
  customersWithoutPurchase,
} from "../../db/repositories/analytics.repo.ts";
import type { Executor } from "../../db/types.ts";
import { type Msg, msg, zodMsg } from "../../lib/i18n.ts";
import { maskPhone } from "../../lib/phone.ts";
import { parseInput } from "../../lib/validation.ts";
import {
  type Buyers,
  buyerAt,
  byValueDesc,
  lapsedBefore,
  type RowOrder,
  type Scope,
  type ScopedCustomer,
  sortedRows,
} from "./scope.ts";
import { SEGMENT_INFO, SEGMENTS, type Segment, TIER_LABELS, TIERS, type Tier } from "./segments.ts";

export type ListKey =
  | { kind: "all" }
  | { kind: "tier"; tier: Tier }
  | { kind: "segment"; segment: Segment }
  | { kind: "lapsed"; days: number }
  | { kind: "none" };

const listPattern = /^(all|none|tier:(most|medium|least)|segment:[a-z_]+|lapsed:\d{1,4})$/;

/** Parses "all", "none", "tier:most", "segment:at_risk", "lapsed:60". */
export function parseListKey(value: string): ListKey | null {
  if (!listPattern.test(value)) return null;
  if (value === "all") return { kind: "all" };
  if (value === "none") return { kind: "none" };
  const [kind, arg = ""] = value.split(":");
  if (kind === "tier") return { kind: "tier", tier: arg as Tier };
  if (kind === "segment")
    return SEGMENTS.includes(arg as Segment) ? { kind: "segment", segment: arg as Segment } : null;
  const days = Number(arg);
  return days >= 1 && days <= 3650 ? { kind: "lapsed", days } : null;
}

export function listKeyString(k: ListKey): string {
  switch (k.kind) {
    case "tier":
      return `tier:${k.tier}`;
    case "segment":
      return `segment:${k.segment}`;
    case "lapsed":
      return `lapsed:${k.days}`;
    default:
      return k.kind;
  }
}

/** A list's title, as a catalogue message (with the tier's or segment's name as one inside). */
export function listTitle(k: ListKey): Msg {
  if (k.kind === "tier")
    return msg("analytics:list.titles.tier", { tier: msg(`analytics:tier.${k.tier}`) });
  if (k.kind === "segment")
    return msg("analytics:list.titles.segment", {
      segment: msg(`analytics:segment.${k.segment}.label`),
    });
  if (k.kind === "lapsed") return msg("analytics:list.titles.lapsed", { days: k.days });
  return msg(`analytics:list.titles.${k.kind}`);
}

export const SORTS = ["spend", "bills", "last"] as const;
export type SortKey = (typeof SORTS)[number];

export const listQuerySchema = z.object({
  list: z
    .string()
    .default("all")
    .refine((v) => parseListKey(v) !== null, zodMsg("analytics:errors.list")),
  sort: z.enum(SORTS, { message: zodMsg("analytics:errors.sort") }).default("spend"),
  dir: z.enum(["desc", "asc"], { message: zodMsg("analytics:errors.dir") }).default("desc"),
  page: z.coerce
    .number({ message: zodMsg("analytics:errors.page") })
    .int()
    .min(1)
    .max(100_000)
    .default(1),
});

export type ListQuery = z.output<typeof listQuerySchema>;

export function parseListQuery(input: Record<string, unknown>): ListQuery {
  const pick = (k: string) =>
    typeof input[k] === "string" && input[k] !== "" ? input[k] : undefined;
  return parseInput(listQuerySchema, {
    list: pick("list"),
    sort: pick("sort"),
    dir: pick("dir"),
    page: pick("page"),
  });
}

/** Row indexes of the buyers a list holds (for "none" the caller pages customers without purchase). */
export function filterRows(scope: Scope, key: ListKey): number[] | null {
  const b = scope.buyers;
  const out: number[] = [];
  switch (key.kind) {
    case "tier": {
      const t = TIERS.indexOf(key.tier);
      for (let i = 0; i < b.n; i++) if (b.tier[i] === t) out.push(i);
      return out;
    }
    case "segment": {
      const s = SEGMENTS.indexOf(key.segment);
      for (let i = 0; i < b.n; i++) if (b.segment[i] === s) out.push(i);
      return out;
    }
    case "lapsed": {
      const before = lapsedBefore(scope.range, key.days);
      for (let i = 0; i < b.n; i++) if ((b.last[i] as number) < before) out.push(i);
      return out;
    }
    case "none":
      return out;
    default:
      return null;
  }
}

const comparators: Record<SortKey, (b: Buyers) => RowOrder> = {
  spend: byValueDesc,
  bills: (b) => {
    const value = byValueDesc(b);
    return (i, j) => (b.bills[j] as number) - (b.bills[i] as number) || value(i, j);
  },
  last: (b) => (i, j) =>
    (b.last[j] as number) - (b.last[i] as number) || (b.id[i] as number) - (b.id[j] as number),
};

/** Buyers whose last visit in the period is more than `days` days before its end. */
export function countLapsed(scope: Scope, days: number): number {
  const before = lapsedBefore(scope.range, days);
  const { last, n } = scope.buyers;
  let count = 0;
  for (let i = 0; i < n; i++) if ((last[i] as number) < before) count++;
  return count;
}

/**
 * The first `k` of `rows` (all rows when null) in `cmp` order without sorting
 * them all: a sorted buffer that most rows never enter (page one of 100,000
 * customers).
 */
function firstK(rows: number[] | null, n: number, k: number, cmp: RowOrder): number[] {
  const out: number[] = [];
  const count = rows ? rows.length : n;
  for (let x = 0; x < count; x++) {
    const row = rows ? (rows[x] as number) : x;
    if (out.length === k && cmp(row, out[k - 1] as number) >= 0) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(out[mid] as number, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, row);
    if (out.length > k) out.pop();
  }
  return out;
}

/** A list's buyers in the wanted order (filtering a memoised full order keeps it O(n)). */
export function sortedList(
  scope: Scope,
  key: ListKey,
  sort: SortKey,
  dir: "asc" | "desc",
): ScopedCustomer[] {
  return sortedListRows(scope, key, sort, dir).map((i) => buyerAt(scope.buyers, i));
}

function sortedListRows(scope: Scope, key: ListKey, sort: SortKey, dir: "asc" | "desc"): number[] {
  const order = sortedRows(scope, sort, comparators[sort](scope.buyers));
  const members = filterRows(scope, key);
  let rows = order;
  if (members) {
    const wanted = new Uint8Array(scope.buyers.n);
    for (const i of members) wanted[i] = 1;
    rows = order.filter((i) => wanted[i] === 1);
  }
  return dir === "desc" ? rows : [...rows].reverse();
}

export interface ListRow {
  id: number;
  name: string;
  phone: string | null;
  maskedPhone: string;
  spent: number;
  bills: number;
  last: string | null;
  tier: Tier | "none";
  tierLabel: string;
  segment: Segment | null;
  segmentLabel: string;
}

/** The label of a buyer in a period with too few buyers to score (MIN_SCORED_BUYERS). */
export const NOT_SCORED = "Not scored";

export function toListRow(c: ScopedCustomer | null, contact: Contact): ListRow {
  return {
    id: contact.id,
    name: contact.name,
    phone: contact.phone,
    maskedPhone: maskPhone(contact.phone),
    spent: c?.spent ?? 0,
    bills: c?.bills ?? 0,
    last: c?.last ?? null,
    tier: c?.tier ?? "none",
    tierLabel: c && !c.scored ? NOT_SCORED : TIER_LABELS[c?.tier ?? "none"],
    segment: c?.segment ?? null,
    segmentLabel: c ? (c.scored ? SEGMENT_INFO[c.segment].label : NOT_SCORED) : "—",
  };
}

export interface ListPage {
  key: string;
  title: Msg;
  rows: ListRow[];
  total: number;
  page: number;
  pages: number;
  sort: SortKey;
  dir: "asc" | "desc";
}

export const PAGE_SIZE = 25;

/** One page of a list, with names and phones fetched for that page only. */
export async function pageOfList(db: Executor, scope: Scope, q: ListQuery): Promise<ListPage> {
  const key = parseListKey(q.list) as ListKey;
  if (key.kind === "none") {
    const total = Math.max(0, scope.activeCustomers - scope.buyers.n);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(q.page, pages);
    const period =
      scope.range.allTime || !scope.range.startUtc
        ? null
        : { startUtc: scope.range.startUtc, endUtc: scope.range.endUtc };
    const contacts = await customersWithoutPurchase(db, period, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    return {
      key: q.list,
      title: listTitle(key),
      rows: contacts.map((c) => toListRow(null, c)),
      total,
      page,
      pages,
      sort: q.sort,
      dir: q.dir,
    };
  }
  const members = filterRows(scope, key);
  const total = members ? members.length : scope.buyers.n;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(q.page, pages);
  const cmp = comparators[q.sort](scope.buyers);
  // Early pages (what people open) are picked without a full sort; deep pages sort once and memoise.
  const picked =
    page <= 8 && !scope.orders.has(q.sort)
      ? firstK(
          members,
          scope.buyers.n,
          page * PAGE_SIZE,
          q.dir === "desc" ? cmp : (i, j) => cmp(j, i),
        ).slice((page - 1) * PAGE_SIZE)
      : sortedListRows(scope, key, q.sort, q.dir).slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const slice = picked.map((i) => buyerAt(scope.buyers, i));
  const contacts = await contactsByIds(
    db,
    slice.map((c) => c.customerId),
  );
  const rows = slice.flatMap((c) => {
    const contact = contacts.get(c.customerId);
    return contact ? [toListRow(c, contact)] : [];
  });
  return {
    key: q.list,
    title: listTitle(key),
    rows,
    total,
    page,
    pages,
    sort: q.sort,
    dir: q.dir,
  };
}

export { TIERS };
