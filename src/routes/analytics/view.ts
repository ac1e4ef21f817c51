import type { Response } from "express";
import { localText } from "../../i18n/text.ts";
import { isLanguage, isMsg, type Language, type Text, translate } from "../../lib/i18n.ts";
import { NOT_SCORED } from "../../services/analytics/lists.ts";
import type { DateRange } from "../../services/analytics/range.ts";
import { RANGE_KEYS } from "../../services/analytics/range.ts";
import { SEGMENTS } from "../../services/analytics/segments.ts";

/** "?a=1&b=2" from an object, skipping empty values. */
export function qs(params: Record<string, unknown>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : "";
}

/** The language of this response (res.locals from src/i18n). */
export function langOf(res: Response): Language {
  return isLanguage(res.locals.lang) ? res.locals.lang : "en";
}

/**
 * A Text in the reader's language; a Msg among its params (a month in a
 * chart label, a tier in a list title) is put into words first, without the
 * test marks, so the whole text is one catalogue run.
 */
export function textFor(res: Response, text: Text): string {
  return localText(res, resolved(text, langOf(res)));
}

function resolved(text: Text, lng: Language): Text {
  if (!isMsg(text) || !text.params) return text;
  const params = Object.fromEntries(
    Object.entries(text.params).map(([k, v]) => [
      k,
      isMsg(v) ? translate(resolved(v, lng), lng) : v,
    ]),
  );
  return { key: text.key, params };
}

interface Labelled {
  tier: string;
  tierLabel: string;
  segment: string | null;
  segmentLabel: string;
}

/** Locals every analytics view uses, in the language of this response. */
export function analyticsLocals(res: Response) {
  const t = (key: string, params?: Record<string, unknown>) =>
    localText(res, { key: `analytics:${key}`, params });
  return {
    rangeKeys: RANGE_KEYS,
    segmentKeys: SEGMENTS,
    qs,
    tx: (text: Text) => textFor(res, text),
    rangeLabel: (range: Pick<DateRange, "key" | "fromDay" | "toDay">) =>
      range.key === "custom"
        ? t("period.custom", { from: range.fromDay, to: range.toDay })
        : t(`ranges.${range.key}`),
    tierText: (row: Labelled) =>
      row.tierLabel === NOT_SCORED ? t("notScored") : t(`tier.${row.tier}`),
    segmentText: (row: Labelled) =>
      row.segment === null
        ? row.segmentLabel
        : row.segmentLabel === NOT_SCORED
          ? t("notScored")
          : t(`segment.${row.segment}.label`),
  };
}
