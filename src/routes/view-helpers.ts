import { shopDateTime, shopDay } from "../lib/datetime.ts";
import { formatAmount, formatRupees, paiseToDecimal } from "../lib/money.ts";

/** Functions every view may call (formatting only: views never compute money). */
export const viewHelpers = {
  rupees: formatRupees,
  amount: formatAmount,
  decimal: paiseToDecimal,
  percent: (basisPoints: number) => `${(basisPoints / 100).toString()}%`,
  /** The one date-time format, in the shop's zone: "29-11-2026 07:47 PM". */
  shopDateTime,
  shopDay,
};
