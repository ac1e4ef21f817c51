import { shopDateTime, shopDay } from "../lib/datetime.ts";
import { formatAmount, formatRupees, paiseToDecimal } from "../lib/money.ts";
import { halfPercentLabel, percentLabel, percentText } from "../lib/percent.ts";

/** Functions every view may call (formatting only: views never compute money). */
export const viewHelpers = {
  rupees: formatRupees,
  amount: formatAmount,
  decimal: paiseToDecimal,
  percent: percentLabel,
  halfPercent: halfPercentLabel,
  /** A rate as typed in a form: 1800 → "18". */
  percentText,
  /** The one date-time format, in the shop's zone: "29-11-2026 07:47 PM". */
  shopDateTime,
  shopDay,
};
