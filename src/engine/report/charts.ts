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
import { QUADRANTS, type Quadrant } from "../analysis/bcg.js";
import type { ParetoClass } from "../analysis/pareto.js";
import { quadrantLabel, type SegmentResult } from "../analysis/segment.js";
import { select } from "../analysis/stats.js";
import { formatPercent, say, type Language } from "../reading/text.js";

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
  /** Customer name, or (grouped in tenths) the share of customers up to the end of this bar ("10%"), or (in hundredths) the share before every tenth bar ("0%", "10%", ...; blank between). */
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
  /** The bubble carries its name as a data label (the largest customers, where the name has room). */
  labelled: boolean;
  /** Where the name goes (right, left, above or below the bubble), with `labelled`. */
  labelAt?: LabelPosition;
  /** Drawn at the edge of the chart: its position is beyond the axis bounds (`x`, `y` are clamped). */
  clipped: boolean;
}

/** The BCG chart's axis bounds: one outlier must not squash the rest of the customers into a corner. */
export interface Bounds {
  x: [number, number];
  y: [number, number];
}

export interface ChartData {
  /** `labelEvery`: the axis shows every n-th bar's label (percentile bars: every tenth). */
  pareto: { grouped: boolean; points: ParetoPoint[]; aCutoff: number; note: string; labelEvery?: number } | null;
  /** `ticks`: the distance between each axis's ticks, a whole number of which fits between its bounds. */
  bcg: { grouped: boolean; bubbles: Bubble[]; xThreshold: number; yThreshold: number; x: "margin" | "profit"; bounds: Bounds; ticks: { x: number; y: number }; yFormat: string; note: string } | null;
  whale: { points: { customerShare: number; profitShare: number }[]; note: string } | null;
}

/** A data label's place beside its point: right, left, above, below. */
export type LabelPosition = "r" | "l" | "t" | "b";

/**
 * The BCG chart's plot area in points, roughly, as Excel and LibreOffice draw the chart in its slot on
 * the Segmentation sheet (columns D:E, 74 characters ≈ 396 pt wide, 13 rows of 15 pt): less the title,
 * the legend and the axes' labels and titles.
 */
export const BCG_PLOT = { width: 330, height: 110 };
/** Data labels at 8 pt: an average character's width, a line's height and the room around a label. */
const LABEL = { charWidth: 4.4, height: 12, gap: 2 };

type Box = { x0: number; y0: number; x1: number; y1: number };
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Where each point's label goes so that no two labels overlap and every label stays inside the plot:
 * the points in the order given (the largest customer first) each take the first free place of right,
 * left, above and below their bubble (of those, the one over the fewest other `bubbles`); a label
 * with no free place is left off (null). `fixed` are labels already on the chart (the quadrants'
 * names at the corners), to the right of their point.
 * Bubbles are drawn as Excel does at a bubble scale of 100%: the largest a quarter of the plot's
 * smaller side across, the others by area.
 *
 * @example
 * placeLabels([{ x: 1, y: 1, size: 10, text: "Jansen BV" }], { x: [0, 2], y: [0, 2] }, 10) // ["r"]
 */
export function placeLabels(
  points: readonly { x: number; y: number; size: number; text: string }[],
  bounds: Bounds,
  largest: number,
  fixed: readonly { x: number; y: number; text: string }[] = [],
  bubbles: readonly { x: number; y: number; size: number }[] = [],
  plot: { width: number; height: number } = BCG_PLOT,
): (LabelPosition | null)[] {
  const [x0, x1] = bounds.x;
  const [y0, y1] = bounds.y;
  const px = (x: number) => ((x - x0) / (x1 - x0 || 1)) * plot.width;
  const py = (y: number) => plot.height - ((y - y0) / (y1 - y0 || 1)) * plot.height;
  const maxRadius = Math.min(plot.width, plot.height) / 8;
  const radius = (size: number) => (largest > 0 && size > 0 ? maxRadius * Math.sqrt(size / largest) : 0);
  const boxAt = (cx: number, cy: number, r: number, text: string, at: LabelPosition): Box => {
    const w = text.length * LABEL.charWidth + 2 * LABEL.gap;
    const h = LABEL.height;
    const d = r + LABEL.gap;
    if (at === "r") return { x0: cx + d, y0: cy - h / 2, x1: cx + d + w, y1: cy + h / 2 };
    if (at === "l") return { x0: cx - d - w, y0: cy - h / 2, x1: cx - d, y1: cy + h / 2 };
    if (at === "t") return { x0: cx - w / 2, y0: cy - d - h, x1: cx + w / 2, y1: cy - d };
    return { x0: cx - w / 2, y0: cy + d, x1: cx + w / 2, y1: cy + d + h };
  };
  const taken: Box[] = fixed.map((f) => boxAt(px(f.x), py(f.y), 0, f.text, "r"));
  // Other bubbles may lie under a label, but the fewer the better.
  const discs = [...points, ...bubbles].map((b) => {
    const r = radius(b.size);
    return { x0: px(b.x) - r, y0: py(b.y) - r, x1: px(b.x) + r, y1: py(b.y) + r };
  });
  return points.map((p) => {
    const cx = px(p.x);
    const cy = py(p.y);
    const r = radius(p.size);
    let best: { at: LabelPosition; box: Box; covered: number } | null = null;
    for (const at of ["r", "l", "t", "b"] as const) {
      const box = boxAt(cx, cy, r, p.text, at);
      if (box.x0 < 0 || box.y0 < 0 || box.x1 > plot.width || box.y1 > plot.height) continue;
      if (taken.some((t) => overlaps(t, box))) continue;
      let covered = 0;
      for (const d of discs) if (overlaps(d, box)) covered++;
      if (!best || covered < best.covered) best = { at, box, covered };
    }
    if (!best) return null;
    taken.push(best.box);
    return best.at;
  });
}

/** Where the BCG chart names its quadrants: a point near each corner of the plot (inside the axis bounds). */
export function quadrantCorners(bounds: Bounds): Record<Quadrant, [number, number]> {
  const [x0, x1] = bounds.x;
  const [y0, y1] = bounds.y;
  const inset = (lo: number, hi: number, t: number) => lo + (hi - lo) * t;
  return {
    Star: [inset(x0, x1, 0.93), inset(y0, y1, 0.95)],
    "Question Mark": [inset(x0, x1, 0.07), inset(y0, y1, 0.95)],
    "Cash Cow": [inset(x0, x1, 0.93), inset(y0, y1, 0.05)],
    Dog: [inset(x0, x1, 0.07), inset(y0, y1, 0.05)],
  };
}

/**
 * The labelled bubbles' places (see {@link placeLabels}), largest first: a name with no room is left
 * off its bubble.
 */
function placeNames(list: Bubble[], bounds: Bounds, lang: Language): Bubble[] {
  const largest = Math.max(0, ...list.map((b) => b.size));
  const corners = quadrantCorners(bounds);
  const fixed = QUADRANTS.map((q) => ({ x: corners[q][0], y: corners[q][1], text: quadrantLabel(q, lang) }));
  const labelled = list.filter((b) => b.labelled).sort((a, b) => b.size - a.size);
  const places = placeLabels(
    labelled.map((b) => ({ x: b.x, y: b.y, size: b.size, text: b.label })),
    bounds,
    largest,
    fixed,
    list.filter((b) => !b.labelled),
  );
  const at = new Map(labelled.map((b, k) => [b, places[k]!]));
  return list.map((b) => {
    if (!b.labelled) return b;
    const place = at.get(b)!;
    return place ? { ...b, labelAt: place } : { ...b, labelled: false };
  });
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
    // Deciles: each bar its share of customers up to its end ("10%", ..., "100%"). Percentiles: the
    // first bar of each tenth the share before it ("0%", "10%", ..., "90%"), the others blank; the
    // chart shows every tenth label, so each has the room of ten bars (one bar's width wrapped "10%"
    // to a character per line).
    const label = buckets === 10 ? `${(b + 1) * 10}%` : b % 10 === 0 ? `${b}%` : "";
    points.push({ label, value: share, cumulative: c.cumulativeShare[order[to - 1]!]!, paretoClass: c.paretoClass[order[from]!]! });
  }
  const low = Math.floor(n / buckets);
  const high = Math.ceil(n / buckets);
  const locale = lang === "nl" ? "nl-NL" : "en-US";
  const per = low === high ? low.toLocaleString(locale) : `${low.toLocaleString(locale)}${lang === "nl" ? " of " : " or "}${high.toLocaleString(locale)}`;
  return {
    grouped: true,
    ...(buckets === 100 ? { labelEvery: 10 } : {}),
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
function boundsOf(values: Float64Array, threshold: number): { bounds: [number, number]; step: number } {
  if (values.length === 0) return roundBounds(threshold - 1, threshold + 1);
  const sorted = Float64Array.from(values).sort();
  const q = (p: number) => sorted[Math.round(p * (sorted.length - 1))]!;
  const span = Math.max(q(0.95) - q(0.05), Math.abs(threshold) * 0.1, 1e-9);
  let lo = Math.max(sorted[0]!, q(0.05) - 0.6 * span);
  let hi = Math.min(sorted[sorted.length - 1]!, q(0.95) + 0.6 * span);
  lo = Math.min(lo, threshold);
  hi = Math.max(hi, threshold);
  // A margin so the bubbles at the edge are not cut in half; some room however close the values lie
  // (margins a rounding error apart), so the rounded bounds never meet.
  const pad = Math.max((hi - lo) * 0.08, (Math.abs(lo) + Math.abs(hi)) * 1e-6) || 1;
  return roundBounds(lo - pad, hi + pad);
}

/**
 * A round distance between an axis's ticks for about 4 to 10 of them over `span`: 1, 2 or 5 times a
 * power of ten.
 *
 * @example
 * tickStep(0.75) // 0.1: ticks at -20%, -10%, 0%, ...
 */
export function tickStep(span: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / 8;
  const e = 10 ** Math.floor(Math.log10(raw));
  const f = raw / e;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * e;
  return step > 0 && Number.isFinite(step) ? step : 1;
}

/**
 * Bounds widened to whole ticks of {@link tickStep}, and that step (the axis's distance between ticks:
 * worked out again from the wider bounds it could be the next larger one, and the ticks would fall
 * off the bounds), so the axis reads -30%, -20%, ... instead of -23%, -13%, .... The small rounding
 * error of a decimal step is taken off, never moving a bound inward past the span asked for.
 */
export function roundBounds(lo: number, hi: number): { bounds: [number, number]; step: number } {
  const step = tickStep(hi - lo);
  const clean = (v: number, outward: (a: number, b: number) => boolean) => {
    const c = Number(v.toPrecision(12));
    return outward(c, v) ? c : v;
  };
  const low = Math.floor(lo / step) * step;
  const high = Math.ceil(hi / step) * step;
  return { bounds: [clean(low, (c) => c <= lo), clean(high, (c) => c >= hi)], step };
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
  const bx = boundsOf(allX, s.xThreshold);
  const by = boundsOf(allY, s.yThreshold);
  const bounds: Bounds = { x: bx.bounds, y: by.bounds };
  const yFormat = growthFormat(allY);
  // The largest customers by revenue carry their name on the chart; the others are told apart by colour.
  const named = [...members].sort((a, b) => c.revenue[b]! - c.revenue[a]! || a - b).slice(0, CHART_LIMITS.namedBubbles);
  const isNamed = new Set(named);
  const isLabelled = new Set(named.slice(0, CHART_LIMITS.labelledBubbles));
  const clamp = (v: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, v));
  const clippedNames: string[] = [];
  let clippedGroups = 0;
  const place = (b: Omit<Bubble, "clipped">, customer: boolean): Bubble => {
    const x = clamp(b.x, bounds.x);
    const y = clamp(b.y, bounds.y);
    const clipped = x !== b.x || y !== b.y;
    // Customers are named; groups (a group of one is "1 customer") counted.
    if (clipped && customer) clippedNames.push(b.label);
    else if (clipped) clippedGroups++;
    return { ...b, x, y, clipped };
  };
  const one = (i: number): Bubble =>
    place({ label: c.customer[i]!, quadrant: c.quadrant[i]!, x: c.profitability[i]!, y: c.growth[i]!, size: Math.max(0, c.revenue[i]!), count: 1, labelled: isLabelled.has(i) }, true);
  const base = { xThreshold: s.xThreshold, yThreshold: s.yThreshold, x: s.x, bounds, ticks: { x: bx.step, y: by.step }, yFormat };
  const clipNote = () => {
    if (!clippedNames.length && !clippedGroups) return "";
    const nl = lang === "nl";
    const parts = clippedNames.slice(0, 5);
    if (clippedNames.length > 5) parts.push(nl ? `nog ${clippedNames.length - 5} klanten` : `${clippedNames.length - 5} more customers`);
    if (clippedGroups) parts.push(nl ? `${clippedGroups} ${clippedGroups === 1 ? "groep" : "groepen"}` : `${clippedGroups} ${clippedGroups === 1 ? "group" : "groups"}`);
    const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")}${nl ? " en " : " and "}${parts.at(-1)}` : parts[0]!;
    return " " + say(lang, "chart.bcgClipped", { list });
  };
  if (members.length <= CHART_LIMITS.bubbles) {
    const list = placeNames(members.map(one), bounds, lang);
    return { ...base, grouped: false, bubbles: list, note: say(lang, "chart.bcgEach", { named: list.filter((b) => b.labelled).length }) + clipNote() };
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
    }, false),
  );
  const list = placeNames([...namedBubbles, ...groups], bounds, lang);
  return {
    ...base,
    grouped: true,
    bubbles: list,
    note: say(lang, "chart.bcgGrouped", { named: named.length, labelled: list.filter((b) => b.labelled).length, rest: rest.length.toLocaleString(locale), groups: groups.length }) + clipNote(),
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
