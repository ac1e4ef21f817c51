import { qtyToDecimal, type Unit } from "../../lib/quantity.ts";

/**
 * A quantity for the catalogue's `till:qty.<unit>` ("3 pcs", "1.5 kg"; "3 नग",
 * "1.5 किलो"): the unit, the base count (for pc plurals) and the decimal.
 * Messages that name a quantity nest it, `$t(till:qty.{{unit}}, …)`, with these params.
 */
export type QtyParams = {
  unit: Unit;
  count: number;
  n: string;
};

export function qtyParams(base: number, unit: Unit): QtyParams {
  return { unit, count: base, n: qtyToDecimal(base, unit) };
}
