/**
 * Geometry for the server-rendered SVG charts (views only place the shapes).
 * Every chart also carries its figures as a table for screen readers and
 * for people who prefer numbers.
 */
import type { DayRow, ProductFigure } from "../../db/repositories/analytics-sales.repo.ts";
import { addDays, daysBetween } from "../../lib/days.ts";
import { type Msg, msg, type Text } from "../../lib/i18n.ts";
import { formatRupees } from "../../lib/money.ts";
import { shareLabel } from "../../lib/percent.ts";
import type { Bar, Charts, ColumnChart, DonutSlice, HBarChart } from "./chart-types.ts";
import type { DateRange } from "./range.ts";

const INDIAN = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 1 });

/** ₹1.2L / ₹3.4Cr / ₹950: short rupee labels for axes (the units from the catalogue). */
export function compactRupees(paise: number): Text {
  const r = paise / 100;
  const short = (unit: string, n: number) =>
    msg(`analytics:charts.compact.${unit}`, { n: INDIAN.format(n) });
  if (Math.abs(r) >= 1e7) return short("crore", r / 1e7);
  if (Math.abs(r) >= 1e5) return short("lakh", r / 1e5);
  if (Math.abs(r) >= 1e3) return short("thousand", r / 1e3);
  return `₹${INDIAN.format(r)}`;
}

/** A round axis maximum ≥ v (1, 2, 2.5, 5 × 10^n). */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const pct = (part: number, whole: number) =>
  whole > 0 ? `${((part * 100) / whole).toFixed(1)}%` : "0.0%";

interface Bucket {
  key: string;
  label: Msg;
  total: number;
  bills: number;
}

/** Fills missing days with zero and groups long periods into weeks or months. */
function buckets(
  range: DateRange,
  days: DayRow[],
): { list: Bucket[]; kind: ColumnChart["bucket"] } {
  const first = range.fromDay ?? days[0]?.day ?? range.toDay;
  const last = range.toDay;
  const span = daysBetween(first, last) + 1;
  const kind: ColumnChart["bucket"] = span <= 62 ? "day" : span <= 190 ? "week" : "month";
  const keyOf = (day: string) =>
    kind === "day"
      ? day
      : kind === "month"
        ? day.slice(0, 7)
        : addDays(first, Math.floor(daysBetween(first, day) / 7) * 7);
  const map = new Map<string, Bucket>();
  const month = (d: string) => msg(`analytics:months.m${Number(d.slice(5, 7))}`);
  const labelOf = (key: string) =>
    kind === "month"
      ? msg("analytics:charts.monthLabel", { month: month(key), year: key.slice(2, 4) })
      : msg("analytics:charts.dayLabel", { day: Number(key.slice(8, 10)), month: month(key) });
  if (span <= 4000) {
    for (let d = first; d <= last; d = addDays(d, 1)) {
      const k = keyOf(d);
      if (!map.has(k)) map.set(k, { key: k, label: labelOf(k), total: 0, bills: 0 });
    }
  }
  for (const d of days) {
    if (d.day < first || d.day > last) continue;
    const k = keyOf(d.day);
    const b = map.get(k) ?? { key: k, label: labelOf(k), total: 0, bills: 0 };
    b.total += d.total;
    b.bills += d.bills;
    map.set(k, b);
  }
  return { list: [...map.values()].sort((a, b) => (a.key < b.key ? -1 : 1)), kind };
}

function columnChart(range: DateRange, days: DayRow[]): ColumnChart {
  const width = 760;
  const height = 260;
  const plot = { left: 64, top: 16, right: width - 48, bottom: height - 36 };
  const { list, kind } = buckets(range, days);
  const maxTotal = niceMax(Math.max(0, ...list.map((b) => b.total)));
  const maxBills = niceMax(Math.max(0, ...list.map((b) => b.bills)));
  const pw = plot.right - plot.left;
  const ph = plot.bottom - plot.top;
  const step = list.length ? pw / list.length : pw;
  const bw = Math.max(1, Math.min(36, step * 0.7));
  const bars: Bar[] = [];
  const dots: ColumnChart["dots"] = [];
  const points: string[] = [];
  const xLabels: ColumnChart["xLabels"] = [];
  const every = Math.max(1, Math.ceil(list.length / 10));
  list.forEach((b, i) => {
    const cx = plot.left + step * i + step / 2;
    const h = (b.total / maxTotal) * ph;
    const tip = msg("analytics:charts.salesTip", {
      label: b.label,
      amount: formatRupees(b.total),
      count: b.bills,
    });
    bars.push({ x: round(cx - bw / 2), y: round(plot.bottom - h), w: round(bw), h: round(h), tip });
    const cy = plot.bottom - (b.bills / maxBills) * ph;
    points.push(`${round(cx)},${round(cy)}`);
    if (list.length <= 62) dots.push({ cx: round(cx), cy: round(cy), tip });
    if (i % every === 0) xLabels.push({ x: round(cx), label: b.label });
  });
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({
    y: round(plot.bottom - f * ph),
    label: compactRupees(maxTotal * f),
  }));
  const billTicks = [0, 0.5, 1].map((f) => ({
    y: round(plot.bottom - f * ph),
    label: INDIAN.format(maxBills * f),
  }));
  return {
    width,
    height,
    plot,
    bars,
    line: points.join(" "),
    dots,
    yTicks,
    billTicks,
    xLabels,
    bucket: kind,
    table: {
      head: [head(`bucketHead.${kind}`), head("sales"), head("bills")],
      rows: list.map((b) => [b.label, formatRupees(b.total), String(b.bills)]),
    },
    empty: list.every((b) => b.bills === 0),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
const head = (key: string) => msg(`analytics:charts.${key}`);

function hbars(
  items: Array<{ label: Text; amount: number; value: Text; extra?: Text; tone?: string }>,
  heads: Text[],
): HBarChart {
  const max = Math.max(0, ...items.map((i) => i.amount));
  return {
    rows: items.map((i) => ({
      label: i.label,
      value: i.value,
      width: max > 0 ? round((Math.max(0, i.amount) / max) * 100) : 0,
      tip: i.extra
        ? msg("analytics:charts.tipExtra", { label: i.label, value: i.value, extra: i.extra })
        : msg("analytics:charts.tip", { label: i.label, value: i.value }),
      tone: i.tone ?? "primary",
    })),
    table: {
      head: heads,
      rows: items.map((i) => [i.label, i.value, ...(i.extra ? [i.extra] : [])]),
    },
    empty: max <= 0,
  };
}

const unitLabel = (qty: number, unit: string): Msg =>
  unit === "kg" || unit === "l"
    ? msg(`analytics:charts.qty.${unit}`, { qty: INDIAN.format(qty / 1000) })
    : msg("analytics:charts.qty.pc", { qty: INDIAN.format(qty) });

function qtyChart(products: ProductFigure[]): HBarChart {
  return hbars(
    products.map((p) => ({
      label: p.name,
      amount: p.qty,
      value: unitLabel(p.qty, p.unit),
      extra: formatRupees(p.revenue),
      tone: "alt",
    })),
    [head("product"), head("quantity"), head("revenue")],
  );
}

/** All charts of the page. */
export function buildCharts(input: {
  range: DateRange;
  days: DayRow[];
  tiers: Array<{ key: string; label: string; count: number; spend: number; shareBp: number }>;
  payment: { cash: number; upi: number; card: number };
  topByRevenue: ProductFigure[];
  topByQty: Record<"pc" | "kg" | "l", ProductFigure[]>;
}): Charts {
  const payTotal = input.payment.cash + input.payment.upi + input.payment.card;
  const circumference = round(2 * Math.PI * 60);
  let acc = 0;
  const slices: DonutSlice[] = (
    [
      [head("mode.cash"), input.payment.cash, "cash"],
      [head("mode.upi"), input.payment.upi, "upi"],
      [head("mode.card"), input.payment.card, "card"],
    ] as const
  ).map(([label, amount, tone]) => {
    const len = payTotal > 0 ? (amount / payTotal) * circumference : 0;
    const slice = {
      label,
      value: formatRupees(amount),
      share: pct(amount, payTotal),
      dash: `${round(len)} ${round(circumference - len)}`,
      offset: round(-acc),
      tone,
    };
    acc += len;
    return slice;
  });
  return {
    sales: columnChart(input.range, input.days),
    tiers: hbars(
      input.tiers.map((t) => ({
        label: msg(`analytics:tier.${t.key}`),
        amount: t.spend,
        value: formatRupees(t.spend),
        extra: msg("analytics:charts.tierExtra", { n: t.count, share: shareLabel(t.shareBp) }),
        tone: t.key,
      })),
      [head("tier"), head("spend"), head("customersShare")],
    ),
    topRevenue: hbars(
      input.topByRevenue.map((p) => ({
        label: p.name,
        amount: p.revenue,
        value: formatRupees(p.revenue),
        extra: unitLabel(p.qty, p.unit),
      })),
      [head("product"), head("revenue"), head("quantity")],
    ),
    topQty: {
      pc: qtyChart(input.topByQty.pc),
      kg: qtyChart(input.topByQty.kg),
      l: qtyChart(input.topByQty.l),
    },
    payment: {
      slices,
      circumference,
      total: formatRupees(payTotal),
      empty: payTotal <= 0,
      table: {
        head: [head("mode.head"), head("amount"), head("share")],
        rows: slices.map((s) => [s.label, s.value, s.share]),
      },
    },
  };
}
