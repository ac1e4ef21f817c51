/** CSV export of any analytics list (a tier, a segment, "not seen for N days") for an SMS/WhatsApp campaign. */
import { stringify } from "csv-stringify/sync";
import { contactsByIds, customersWithoutPurchase } from "../../db/repositories/analytics.repo.ts";
import type { Executor } from "../../db/types.ts";
import { shopDateTime } from "../../lib/datetime.ts";
import { ValidationError } from "../../lib/errors.ts";
import { type Language, type Msg, msg, translate } from "../../lib/i18n.ts";
import { paiseToDecimal } from "../../lib/money.ts";
import { scopeFor } from "./analytics.ts";
import { type ListKey, listKeyString, listTitle, parseListKey, sortedList } from "./lists.ts";
import type { RangeInput } from "./range.ts";

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab / carriage
 * return) as a formula: such text gets a leading apostrophe.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** E.164 to the digits a campaign tool wants (country code, no "+"): +919876543210 → 919876543210. */
export function campaignPhone(e164: string | null): string {
  return e164 ? e164.replace(/\D/g, "") : "";
}

// Column names a campaign tool maps on import: the same in every language.
const HEADER = ["name", "phone", "total_spent_rupees", "bills", "last_visit", "tier", "segment"];

/**
 * The CSV of one list for the period, tier and segment names in `lng`;
 * throws ValidationError for an unknown list.
 */
export async function exportList(
  db: Executor,
  input: RangeInput & { list?: unknown },
  now = Date.now(),
  lng: Language = "en",
): Promise<{ filename: string; csv: string; count: number; title: Msg }> {
  const say = (key: string) => translate(msg(`analytics:${key}`), lng);
  const key: ListKey | null = typeof input.list === "string" ? parseListKey(input.list) : null;
  if (!key)
    throw new ValidationError(msg("analytics:errors.list"), {
      list: msg("analytics:errors.listChoice"),
    });
  const scope = await scopeFor(db, input, now);
  const tz = scope.range.timeZone;
  const records: string[][] = [];
  if (key.kind === "none") {
    const period =
      scope.range.allTime || !scope.range.startUtc
        ? null
        : { startUtc: scope.range.startUtc, endUtc: scope.range.endUtc };
    for (let offset = 0; ; offset += 5000) {
      const page = await customersWithoutPurchase(db, period, 5000, offset);
      for (const c of page)
        records.push([c.name, campaignPhone(c.phone), "0.00", "0", "", say("tier.none"), ""]);
      if (page.length < 5000) break;
    }
  } else {
    const rows = sortedList(scope, key, "spend", "desc");
    const contacts = await contactsByIds(
      db,
      rows.map((r) => r.customerId),
    );
    for (const r of rows) {
      const c = contacts.get(r.customerId);
      if (!c) continue;
      records.push([
        c.name,
        campaignPhone(c.phone),
        paiseToDecimal(r.spent),
        String(r.bills),
        shopDateTime(r.last, tz),
        r.scored ? say(`tier.${r.tier}`) : say("notScored"),
        r.scored ? say(`segment.${r.segment}.label`) : say("notScored"),
      ]);
    }
  }
  const csv = stringify([HEADER, ...records.map((rec) => rec.map(neutraliseFormula))], {
    bom: true,
  });
  const slug = listKeyString(key).replace(/[^a-z0-9]+/gi, "-");
  const period = scope.range.allTime ? "all-time" : `${scope.range.fromDay}_${scope.range.toDay}`;
  return {
    filename: `customers-${slug}-${period}.csv`,
    csv,
    count: records.length,
    title: listTitle(key),
  };
}
