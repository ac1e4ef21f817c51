import { formatAmount, formatRupees, paiseToDecimal } from "../services/money.ts";

/** Functions every view may call (formatting only: views never compute money). */
export const viewHelpers = {
  rupees: formatRupees,
  amount: formatAmount,
  decimal: paiseToDecimal,
  percent: (basisPoints: number) => `${(basisPoints / 100).toString()}%`,
};
