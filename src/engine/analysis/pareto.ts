/**
 * Pareto (80/20) analysis of revenue per customer.
 *
 * Customers are ranked by revenue, highest first; equal revenue keeps input (sheet) order. The
 * denominator of every share is the total of positive revenue. NaN marks a row that is not a
 * customer (left out): it gets rank 0, NaN shares and no class. Customers with zero or negative
 * revenue rank last and get cumulative share 1 (100%).
 *
 * Class: a customer is A when the cumulative share of the customers ranked above it is below the A
 * cut-off, so the customer that crosses the line is still A and the A customers together always
 * reach the cut-off; B likewise for the B cut-off; the rest C.
 *
 * @example
 * const p = pareto([50, 30, 15, 5], { aCutoff: 0.8, bCutoff: 0.95 });
 * p.rank        // [1, 2, 3, 4]
 * p.cumulative  // [0.5, 0.8, 0.95, 1]
 * p.classes     // ["A", "A", "B", "C"]
 * p.aCount      // 2 → "50% of customers bring 80% of revenue"
 */
import { orderDescending } from "./stats.js";
import { f64, u32 } from "../reading/memory.js";

export type ParetoClass = "A" | "B" | "C";

export interface ParetoResult {
  /** 1-based rank per customer, in input order. */
  rank: Uint32Array;
  /** Revenue / total positive revenue (negative for a credit, 0 when there is no positive revenue). */
  share: Float64Array;
  /** Cumulative share up to and including this customer, in rank order; 1 for zero or negative revenue. */
  cumulative: Float64Array;
  classes: (ParetoClass | null)[];
  /** Positions in rank order. */
  order: Uint32Array;
  /** The revenues in rank order (highest first). */
  sorted: Float64Array;
  totalPositive: number;
  aCount: number;
  bCount: number;
  cCount: number;
  /** Share of the positive revenue that the A customers bring together. */
  aRevenueShare: number;
  /** Positions of customers with zero or negative revenue. */
  nonPositive: number[];
}

// Relative tolerance for "below the cut-off", so 0.1 + 0.7 counts as 0.8.
const EPS = 1e-12;

export function pareto(revenues: ArrayLike<number>, cutoffs: { aCutoff: number; bCutoff: number }): ParetoResult {
  const n = revenues.length;
  const order = orderDescending(revenues);
  const ranked = order.length;
  let totalPositive = 0;
  for (let i = 0; i < n; i++) if (revenues[i]! > 0) totalPositive += revenues[i]!;
  const rank = u32(n);
  const share = f64(n);
  const cumulative = f64(n);
  const classes: (ParetoClass | null)[] = new Array(n).fill(null);
  const sorted = f64(ranked);
  if (ranked < n) {
    share.fill(NaN);
    cumulative.fill(NaN);
  }
  const aLimit = cutoffs.aCutoff * totalPositive * (1 - EPS);
  const bLimit = cutoffs.bCutoff * totalPositive * (1 - EPS);
  let running = 0;
  let aCount = 0;
  let bCount = 0;
  let aRevenue = 0;
  let lastPositive = -1;
  const nonPositive: number[] = [];
  for (let r = 0; r < ranked; r++) {
    const i = order[r]!;
    const rev = revenues[i]!;
    sorted[r] = rev;
    rank[i] = r + 1;
    share[i] = totalPositive > 0 ? rev / totalPositive : 0;
    let cls: ParetoClass;
    if (rev > 0) {
      if (running < aLimit) {
        cls = "A";
        aCount++;
        aRevenue += rev;
      } else if (running < bLimit) {
        cls = "B";
        bCount++;
      } else cls = "C";
      running += rev;
      cumulative[i] = Math.min(running / totalPositive, 1);
      lastPositive = i;
    } else {
      cls = "C";
      cumulative[i] = 1;
      nonPositive.push(i);
    }
    classes[i] = cls;
  }
  if (lastPositive >= 0) cumulative[lastPositive] = 1; // exactly 100%, whatever the rounding
  return {
    rank,
    share,
    cumulative,
    classes,
    order,
    sorted,
    totalPositive,
    aCount,
    bCount,
    cCount: ranked - aCount - bCount,
    aRevenueShare: totalPositive > 0 ? aRevenue / totalPositive : 0,
    nonPositive,
  };
}
