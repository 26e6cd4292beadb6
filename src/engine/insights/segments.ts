/**
 * Segment ranking, "a first, provisional ranking of interesting segments" from historical figures:
 * customers grouped by a segment column (branche, region, ...), and per segment
 * - customers, revenue and profit and their shares of the total;
 * - margin (profit / revenue of the segment) against the overall margin (high is good);
 * - sales cost per customer against the average per customer (low is good), when the table has a
 *   cost column (cost to serve, verkoopkosten);
 * - sales effort per customer against the average (low is good), when it has one (hours, visits);
 * - market penetration = customers / potential companies, when the user gives the potential per
 *   segment, against the overall penetration (high: proven fit).
 *
 * Each figure becomes an index where 1 is the average (for "low is good" figures the average divided
 * by the segment's); the attractiveness index is their weighted mean × 100, so 100 is "as attractive
 * as the average segment" and more is better. Segments are ranked by it; a segment without any index
 * figure (no profit, cost, effort or potential) ranks by revenue share, after the others.
 *
 * @example
 * segmentRanking(table, segment(table), { potentials: { Bouw: 400, Zorg: 120 } }).segments[0]
 * // { segment: "Zorg", customers: 30, revenueShare: 0.41, marginIndex: 1.3, penetration: 0.25, index: 128, rank: 1, ... }
 */
import { isBlank, parseNumber, detectNotation } from "../reading/numbers.js";
import type { SegmentResult } from "../analysis/segment.js";
import { cellAt, rowAt, type Cell, type TableInput } from "../reading/table.js";
import type { Language } from "../reading/text.js";

export interface SegmentWeights {
  margin: number;
  cost: number;
  effort: number;
  penetration: number;
}

export const DEFAULT_SEGMENT_WEIGHTS: SegmentWeights = { margin: 1, cost: 1, effort: 1, penetration: 1 };

export interface SegmentFigures {
  segment: string;
  customers: number;
  revenue: number;
  revenueShare: number;
  profit: number | null;
  profitShare: number | null;
  /** Profit / revenue of the segment. */
  margin: number | null;
  marginIndex: number | null;
  costPerCustomer: number | null;
  costIndex: number | null;
  effortPerCustomer: number | null;
  effortIndex: number | null;
  potential: number | null;
  penetration: number | null;
  penetrationIndex: number | null;
  /** Weighted mean of the indexes × 100 (100 = average); null when the segment has none. */
  index: number | null;
  rank: number;
}

export interface SegmentRanking {
  column: string;
  segments: SegmentFigures[];
  weights: SegmentWeights;
  overall: { margin: number | null; costPerCustomer: number | null; effortPerCustomer: number | null; penetration: number | null };
}

export class SegmentRankingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SegmentRankingError";
  }
}

const NONE = { en: "(no segment)", nl: "(geen segment)" };

function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

/** Cap an index so one extreme segment cannot swamp the others: between 0 and 5 times the average. */
function cap(x: number | null): number | null {
  return x === null ? null : Math.max(0, Math.min(5, x));
}

export function segmentRanking(
  table: TableInput,
  r: SegmentResult,
  options: { column?: string; potentials?: Record<string, number>; weights?: Partial<SegmentWeights> } = {},
): SegmentRanking {
  const lang: Language = r.settings.language;
  const weights = { ...DEFAULT_SEGMENT_WEIGHTS, ...options.weights };
  for (const [k, w] of Object.entries(weights)) if (!(w >= 0)) throw new SegmentRankingError(`the weight for ${k} must be 0 or more; got ${w}`);
  const header = (rowAt(table, 0) ?? []).map((h) => String(h ?? "").trim());
  const byRole = (role: string) => r.summary.columns.find((c) => c.role === role);
  let segIndex: number;
  if (options.column !== undefined) {
    segIndex = header.findIndex((h) => h.toLowerCase() === options.column!.trim().toLowerCase());
    if (segIndex < 0) throw new SegmentRankingError(`there is no column "${options.column}"; the columns are ${header.map((h) => `"${h}"`).join(", ")}`);
  } else {
    const col = byRole("segment");
    if (!col) throw new SegmentRankingError(lang === "nl" ? "geen segmentkolom (zoals Branche of Sector); kies er een" : "no segment column (such as Branche, Sector or Industry); choose one");
    segIndex = col.index;
  }
  const numericColumn = (role: string): ((i: number) => number) | null => {
    const col = byRole(role);
    if (!col) return null;
    const cells = r.columns.customer.map((_, i) => cellAt(table, i + 1, col.index));
    const notation = detectNotation(cells.filter((v) => !isBlank(v)));
    return (i: number) => {
      const p = parseNumber(cells[i], notation);
      return p.ok ? p.value : NaN;
    };
  };
  const cost = numericColumn("costToServe");
  const effort = numericColumn("salesEffort");
  const c = r.columns;
  const hasProfit = r.summary.profit !== null;

  type Acc = { name: string; customers: number; revenue: number; profit: number; cost: number; costN: number; effort: number; effortN: number };
  const groups = new Map<string, Acc>();
  const total: Acc = { name: "", customers: 0, revenue: 0, profit: 0, cost: 0, costN: 0, effort: 0, effortN: 0 };
  const add = (a: Acc, revenue: number, profit: number, k: number, e: number) => {
    a.customers++;
    a.revenue += revenue;
    if (!Number.isNaN(profit)) a.profit += profit;
    if (!Number.isNaN(k)) (a.cost += k), a.costN++;
    if (!Number.isNaN(e)) (a.effort += e), a.effortN++;
  };
  // Each different cell's group found once (a million customers hold a handful of branches), the
  // same cell as the row before without a lookup.
  const groupOf = new Map<Cell, Acc>();
  let lastRaw: Cell = undefined;
  let lastGroup: Acc | undefined;
  for (let i = 0; i < c.customer.length; i++) {
    if (!c.included[i]) continue;
    const raw = cellAt(table, i + 1, segIndex);
    let g = lastGroup !== undefined && raw === lastRaw ? lastGroup : groupOf.get(raw);
    if (g === undefined) {
      const name = isBlank(raw) ? NONE[lang] : String(raw).trim();
      const key = name.toLowerCase();
      g = groups.get(key);
      if (!g) groups.set(key, (g = { name, customers: 0, revenue: 0, profit: 0, cost: 0, costN: 0, effort: 0, effortN: 0 }));
      if (groupOf.size < 100_000) groupOf.set(raw, g);
    }
    lastRaw = raw;
    lastGroup = g;
    const revenue = Math.max(0, c.revenue[i]!);
    const profit = hasProfit ? c.profit[i]! : NaN;
    const k = cost?.(i) ?? NaN;
    const e = effort?.(i) ?? NaN;
    add(g, revenue, profit, k, e);
    add(total, revenue, profit, k, e);
  }

  const potentials = new Map(Object.entries(options.potentials ?? {}).map(([k, v]) => [k.trim().toLowerCase(), v]));
  for (const [k, v] of potentials) if (!(v > 0)) throw new SegmentRankingError(`the potential for "${k}" must be above 0; got ${v}`);
  let potCustomers = 0;
  let potTotal = 0;
  for (const [k, g] of groups) {
    const p = potentials.get(k);
    if (p !== undefined) (potCustomers += g.customers), (potTotal += p);
  }
  const overall = {
    margin: hasProfit && total.revenue > 0 ? total.profit / total.revenue : null,
    costPerCustomer: total.costN > 0 ? total.cost / total.costN : null,
    effortPerCustomer: total.effortN > 0 ? total.effort / total.effortN : null,
    penetration: potTotal > 0 ? potCustomers / potTotal : null,
  };

  const segments: SegmentFigures[] = [...groups.entries()].map(([k, g]) => {
    const margin = hasProfit && g.revenue > 0 ? g.profit / g.revenue : null;
    const costPerCustomer = g.costN > 0 ? g.cost / g.costN : null;
    const effortPerCustomer = g.effortN > 0 ? g.effort / g.effortN : null;
    const potential = potentials.get(k) ?? null;
    const penetration = potential !== null ? g.customers / potential : null;
    const marginIndex = cap(overall.margin !== null && overall.margin > 0 ? ratio(margin, overall.margin) : null);
    const costIndex = cap(ratio(overall.costPerCustomer, costPerCustomer));
    const effortIndex = cap(ratio(overall.effortPerCustomer, effortPerCustomer));
    const penetrationIndex = cap(ratio(penetration, overall.penetration));
    const parts: [number | null, number][] = [
      [marginIndex, weights.margin],
      [costIndex, weights.cost],
      [effortIndex, weights.effort],
      [penetrationIndex, weights.penetration],
    ];
    let sum = 0;
    let w = 0;
    for (const [x, wt] of parts) if (x !== null && wt > 0) (sum += x * wt), (w += wt);
    return {
      segment: g.name,
      customers: g.customers,
      revenue: g.revenue,
      revenueShare: total.revenue > 0 ? g.revenue / total.revenue : 0,
      profit: hasProfit ? g.profit : null,
      profitShare: hasProfit && total.profit !== 0 ? g.profit / total.profit : null,
      margin,
      marginIndex,
      costPerCustomer,
      costIndex,
      effortPerCustomer,
      effortIndex,
      potential,
      penetration,
      penetrationIndex,
      index: w > 0 ? (100 * sum) / w : null,
      rank: 0,
    };
  });
  segments.sort((a, b) => (b.index ?? -Infinity) - (a.index ?? -Infinity) || b.revenueShare - a.revenueShare || a.segment.localeCompare(b.segment));
  segments.forEach((s, k) => (s.rank = k + 1));
  return { column: header[segIndex] ?? "", segments, weights, overall };
}
