/**
 * The shapes of the analytics charts the views draw (see charts.ts for the
 * geometry). Words are catalogue messages (Text), put into the reader's
 * language by the view; figures are strings.
 */
import type { Text } from "../../lib/i18n.ts";

export interface Table {
  head: Text[];
  rows: Text[][];
}

export interface Bar {
  x: number;
  y: number;
  w: number;
  h: number;
  tip: Text;
}

export interface ColumnChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  bars: Bar[];
  line: string;
  dots: Array<{ cx: number; cy: number; tip: Text }>;
  yTicks: Array<{ y: number; label: Text }>;
  billTicks: Array<{ y: number; label: string }>;
  xLabels: Array<{ x: number; label: Text }>;
  bucket: "day" | "week" | "month";
  table: Table;
  empty: boolean;
}

export interface HBarRow {
  label: Text;
  value: Text;
  width: number;
  tip: Text;
  tone: string;
}

export interface HBarChart {
  rows: HBarRow[];
  table: Table;
  empty: boolean;
}

export interface DonutSlice {
  label: Text;
  value: string;
  share: string;
  dash: string;
  offset: number;
  tone: string;
}

export interface Charts {
  sales: ColumnChart;
  tiers: HBarChart;
  topRevenue: HBarChart;
  /** Top products by quantity, one chart per selling unit. */
  topQty: Record<"pc" | "kg" | "l", HBarChart>;
  payment: {
    slices: DonutSlice[];
    circumference: number;
    table: Table;
    empty: boolean;
    total: string;
  };
}
