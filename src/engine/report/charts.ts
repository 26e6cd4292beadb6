/**
 * What the charts plot: the Pareto chart, the BCG bubble matrix and the profit whale curve, as small
 * tables a chart can be bound to. Charts must stay readable and quick with 100,000 customers, so
 * past a few dozen customers the points are grouped, and each chart says what was grouped.
 *
 * - Pareto: up to {@link CHART_LIMITS.paretoCustomers} customers, one bar per customer (revenue,
 *   largest first) and the cumulative share; beyond that one bar per 1% of customers (their share
 *   of revenue) against the share of customers. Bars are split by Pareto class (A, B, C series), so
 *   the A cut-off shows as the change of colour, and the cut-off itself is a line.
 * - BCG: up to {@link CHART_LIMITS.bubbles} customers, one bubble each; beyond that the largest
 *   customers by revenue one by one and the others grouped by position: each quadrant is cut into a
 *   4 × 4 grid (between the threshold and the 2nd/98th percentile; beyond that into the outer cells)
 *   and every non-empty cell is one bubble at its members' mean position, sized by their revenue.
 *   Groups never cross a threshold, so every bubble belongs to one quadrant.
 * - Whale curve: cumulative share of profit against share of customers ranked by profit, at most
 *   {@link CHART_LIMITS.whalePoints} + 1 points (the peak always included).
 *
 * @example
 * const r = segment(table);
 * const c = chartData(r);
 * c.pareto.grouped          // false for 12 customers: one bar per customer
 * c.pareto.points[0]        // { label: "Jansen BV", value: 120000, cumulative: 0.42, paretoClass: "A" }
 */
import type { Quadrant } from "../analysis/bcg.js";
import type { ParetoClass } from "../analysis/pareto.js";
import type { SegmentResult } from "../analysis/segment.js";
import { select } from "../analysis/stats.js";
import { formatPercent, say } from "../reading/text.js";

export const CHART_LIMITS = {
  /** One bar per customer up to this many customers. */
  paretoCustomers: 50,
  /** Bars when grouped: one per 10% of customers (deciles), past this many customers one per 1% (percentiles). */
  paretoDeciles: 1000,
  /** One bubble per customer up to this many customers. */
  bubbles: 60,
  /** When grouped, this many of the largest customers still get a bubble of their own. */
  namedBubbles: 15,
  /** This many of the largest customers carry their name on the BCG chart (more would overlap). */
  labelledBubbles: 8,
  /** Grid cells per quadrant side when grouping bubbles. */
  grid: 4,
  whalePoints: 200,
};

export interface ParetoPoint {
  /** Customer name, or (grouped) the share of customers up to the end of this bar as text ("10%"; blank between the tens of percentiles). */
  label: string;
  /** Revenue of the customer, or (grouped) the share of revenue of the customers in this bar. */
  value: number;
  /** Cumulative share of revenue up to and including this bar. */
  cumulative: number;
  paretoClass: ParetoClass;
}

export interface Bubble {
  /** Customer name, or "123 customers" for a group. */
  label: string;
  quadrant: Quadrant;
  x: number;
  y: number;
  /** Revenue (of the group together); never negative. */
  size: number;
  /** 1 for a customer. */
  count: number;
  /** The bubble carries its name as a data label (the largest customers). */
  labelled: boolean;
  /** Drawn at the edge of the chart: its position is beyond the axis bounds (`x`, `y` are clamped). */
  clipped: boolean;
}

/** The BCG chart's axis bounds: one outlier must not squash the rest of the customers into a corner. */
export interface Bounds {
  x: [number, number];
  y: [number, number];
}

export interface ChartData {
  pareto: { grouped: boolean; points: ParetoPoint[]; aCutoff: number; note: string } | null;
  bcg: { grouped: boolean; bubbles: Bubble[]; xThreshold: number; yThreshold: number; x: "margin" | "profit"; bounds: Bounds; yFormat: string; note: string } | null;
  whale: { points: { customerShare: number; profitShare: number }[]; note: string } | null;
}

/** Positions of customers in rank order, from a 1-based rank column (0 = not ranked). */
function byRank(rank: Uint32Array): Uint32Array {
  let m = 0;
  for (let i = 0; i < rank.length; i++) if (rank[i]! > m) m = rank[i]!;
  const order = new Uint32Array(m);
  for (let i = 0; i < rank.length; i++) if (rank[i]!) order[rank[i]! - 1] = i;
  return order;
}

function paretoPoints(r: SegmentResult): ChartData["pareto"] {
  const c = r.columns;
  const lang = r.settings.language;
  const order = byRank(c.rank);
  const n = order.length;
  if (n === 0 || r.summary.pareto.totalRevenue <= 0) return null;
  const aCutoff = r.summary.pareto.aCutoff;
  if (n <= CHART_LIMITS.paretoCustomers) {
    const points = Array.from(order, (i) => ({ label: c.customer[i]!, value: c.revenue[i]!, cumulative: c.cumulativeShare[i]!, paretoClass: c.paretoClass[i]! }));
    return { grouped: false, points, aCutoff, note: say(lang, "chart.paretoEach", { cutoff: formatPercent(aCutoff, lang) }) };
  }
  const buckets = n <= CHART_LIMITS.paretoDeciles ? 10 : 100;
  const points: ParetoPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let share = 0;
    for (let k = from; k < to; k++) share += c.revenueShare[order[k]!]!;
    // Axis labels at whole tens: "10%", "20%", ... (percentile bars between them go unlabelled).
    const pct = Math.round(((b + 1) * 100) / buckets);
    points.push({ label: pct % 10 === 0 ? `${pct}%` : "", value: share, cumulative: c.cumulativeShare[order[to - 1]!]!, paretoClass: c.paretoClass[order[from]!]! });
  }
  const low = Math.floor(n / buckets);
  const high = Math.ceil(n / buckets);
  const locale = lang === "nl" ? "nl-NL" : "en-US";
  const per = low === high ? low.toLocaleString(locale) : `${low.toLocaleString(locale)}${lang === "nl" ? " of " : " or "}${high.toLocaleString(locale)}`;
  return {
    grouped: true,
    points,
    aCutoff,
    note: say(lang, "chart.paretoGrouped", { customers: n.toLocaleString(locale), step: buckets === 10 ? "10%" : "1%", per, cutoff: formatPercent(aCutoff, lang) }),
  };
}

/** Edges of `cells` bins between `from` and `to` (ascending or descending), open at the far end. */
function binOf(v: number, threshold: number, far: number, cells: number): number {
  const span = far - threshold;
  if (!(span !== 0) || !Number.isFinite(span)) return 0;
  const t = (v - threshold) / span; // 0 at the threshold, 1 at the far percentile
  return Math.max(0, Math.min(cells - 1, Math.floor(t * cells)));
}

/**
 * Axis bounds that keep the bulk of the customers readable: the 5th to 95th percentile widened by
 * 60% of that span on each side (never beyond the data, always taking in the threshold). A few
 * outliers beyond them are drawn at the edge and named in the note.
 */
function boundsOf(values: Float64Array, threshold: number): [number, number] {
  if (values.length === 0) return [threshold - 1, threshold + 1];
  const sorted = Float64Array.from(values).sort();
  const q = (p: number) => sorted[Math.round(p * (sorted.length - 1))]!;
  const span = Math.max(q(0.95) - q(0.05), Math.abs(threshold) * 0.1, 1e-9);
  let lo = Math.max(sorted[0]!, q(0.05) - 0.6 * span);
  let hi = Math.min(sorted[sorted.length - 1]!, q(0.95) + 0.6 * span);
  lo = Math.min(lo, threshold);
  hi = Math.max(hi, threshold);
  // A margin so the bubbles at the edge are not cut in half.
  const pad = (hi - lo) * 0.08 || 1;
  return [lo - pad, hi + pad];
}

/** "0%" for growth given as fractions (0.12 = 12%), "0" for a growth score in whole numbers (1 to 5). */
function growthFormat(values: Float64Array): string {
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!) && !Number.isInteger(values[i]!)) return "0%";
  return "0";
}

function bubbles(r: SegmentResult): ChartData["bcg"] {
  const s = r.summary.bcg;
  if (!s) return null;
  const c = r.columns;
  const lang = r.settings.language;
  const locale = lang === "nl" ? "nl-NL" : "en-US";
  const members: number[] = [];
  for (let i = 0; i < c.quadrant.length; i++) if (c.quadrant[i]) members.push(i);
  const allX = Float64Array.from(members, (i) => c.profitability[i]!);
  const allY = Float64Array.from(members, (i) => c.growth[i]!);
  const bounds: Bounds = { x: boundsOf(allX, s.xThreshold), y: boundsOf(allY, s.yThreshold) };
  const yFormat = growthFormat(allY);
  // The largest customers by revenue carry their name on the chart; the others are told apart by colour.
  const named = [...members].sort((a, b) => c.revenue[b]! - c.revenue[a]! || a - b).slice(0, CHART_LIMITS.namedBubbles);
  const isNamed = new Set(named);
  const isLabelled = new Set(named.slice(0, CHART_LIMITS.labelledBubbles));
  const clamp = (v: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, v));
  const clippedNames: string[] = [];
  const place = (b: Omit<Bubble, "clipped">): Bubble => {
    const x = clamp(b.x, bounds.x);
    const y = clamp(b.y, bounds.y);
    const clipped = x !== b.x || y !== b.y;
    if (clipped && b.count === 1) clippedNames.push(b.label);
    return { ...b, x, y, clipped };
  };
  const one = (i: number): Bubble =>
    place({ label: c.customer[i]!, quadrant: c.quadrant[i]!, x: c.profitability[i]!, y: c.growth[i]!, size: Math.max(0, c.revenue[i]!), count: 1, labelled: isLabelled.has(i) });
  const base = { xThreshold: s.xThreshold, yThreshold: s.yThreshold, x: s.x, bounds, yFormat };
  const clipNote = () => {
    if (!clippedNames.length) return "";
    const list = clippedNames.slice(0, 5).join(", ") + (clippedNames.length > 5 ? (lang === "nl" ? ` en nog ${clippedNames.length - 5}` : ` and ${clippedNames.length - 5} more`) : "");
    return " " + say(lang, "chart.bcgClipped", { list });
  };
  if (members.length <= CHART_LIMITS.bubbles) {
    const list = members.map(one);
    return { ...base, grouped: false, bubbles: list, note: say(lang, "chart.bcgEach", { named: isLabelled.size }) + clipNote() };
  }
  const rest = members.filter((i) => !isNamed.has(i));
  const pct = (values: Float64Array, q: number) => select(Float64Array.from(values), Math.round(q * (values.length - 1)));
  const xs = Float64Array.from(rest, (i) => c.profitability[i]!);
  const ys = Float64Array.from(rest, (i) => c.growth[i]!);
  const [xLo, xHi, yLo, yHi] = [pct(xs, 0.02), pct(xs, 0.98), pct(ys, 0.02), pct(ys, 0.98)];
  const g = CHART_LIMITS.grid;
  const cells = new Map<string, { q: Quadrant; n: number; sx: number; sy: number; rev: number }>();
  for (const i of rest) {
    const q = c.quadrant[i]!;
    const x = c.profitability[i]!;
    const y = c.growth[i]!;
    const highX = q === "Star" || q === "Cash Cow";
    const highY = q === "Star" || q === "Question Mark";
    const bx = binOf(x, s.xThreshold, highX ? xHi : xLo, g);
    const by = binOf(y, s.yThreshold, highY ? yHi : yLo, g);
    const key = `${q}|${bx}|${by}`;
    const cell = cells.get(key) ?? { q, n: 0, sx: 0, sy: 0, rev: 0 };
    cell.n++;
    cell.sx += x;
    cell.sy += y;
    cell.rev += Math.max(0, c.revenue[i]!);
    cells.set(key, cell);
  }
  const namedBubbles = named.map(one);
  const groups: Bubble[] = [...cells.values()].map((cell) =>
    place({
      label: say(lang, cell.n === 1 ? "chart.oneCustomer" : "chart.customers", { count: cell.n.toLocaleString(locale) }),
      quadrant: cell.q,
      x: cell.sx / cell.n,
      y: cell.sy / cell.n,
      size: cell.rev,
      count: cell.n,
      labelled: false,
    }),
  );
  return {
    ...base,
    grouped: true,
    bubbles: [...namedBubbles, ...groups],
    note: say(lang, "chart.bcgGrouped", { named: named.length, labelled: isLabelled.size, rest: rest.length.toLocaleString(locale), groups: groups.length }) + clipNote(),
  };
}

function whalePoints(r: SegmentResult): ChartData["whale"] {
  const p = r.summary.profit;
  if (!p || !p.peak) return null;
  const c = r.columns;
  const order = byRank(c.profitRank);
  const n = order.length;
  const wanted = new Set<number>();
  const step = Math.max(1, n / CHART_LIMITS.whalePoints);
  for (let k = step; k < n + step; k += step) wanted.add(Math.min(n, Math.round(k)));
  wanted.add(p.peak.count);
  wanted.add(n);
  const points = [{ customerShare: 0, profitShare: 0 }];
  for (const k of [...wanted].sort((a, b) => a - b)) points.push({ customerShare: k / n, profitShare: c.cumulativeProfitShare[order[k - 1]!]! });
  const lang = r.settings.language;
  return { points, note: say(lang, "chart.whale", { customerShare: formatPercent(p.peak.customerShare, lang), profitShare: formatPercent(p.peak.profitShare, lang) }) };
}

export function chartData(r: SegmentResult): ChartData {
  return { pareto: paretoPoints(r), bcg: bubbles(r), whale: whalePoints(r) };
}
