/**
 * Profit view (the "whale curve"): customers ranked by profit, highest first, with the cumulative
 * share of total profit. When some customers lose money the curve rises above 100% and falls back to
 * 100% at the end: its peak says how much profit the best customers earn before the loss-makers
 * give part of it back.
 *
 * Customers without a profit value (NaN) are left out of the ranking and get rank 0 and NaN shares.
 * When total profit is zero or negative, shares of it mean nothing: cumulative shares are NaN and
 * `peak` is null.
 *
 * @example
 * const w = whaleCurve([100, -20, 40]);
 * w.rank          // [1, 3, 2]
 * w.cumulative    // [100/120, 1, 140/120]
 * w.peak          // { count: 2, share: 140/120 } → "the top 67% earn 117% of profit"
 * w.destroyers    // [1]
 */
import { orderDescending } from "./stats.js";
import { f64, u32 } from "../reading/memory.js";

export interface WhaleResult {
  rank: Uint32Array;
  cumulative: Float64Array;
  order: Uint32Array;
  total: number;
  /** Number of customers with a profit value. */
  counted: number;
  /** The highest point of the curve: how many top customers, and their share of total profit. */
  peak: { count: number; share: number } | null;
  /** Positions of customers with negative profit, most negative first. */
  destroyers: number[];
  /** Profit lost on the destroyers together (a negative number, or 0). */
  destroyed: number;
}

export function whaleCurve(profits: ArrayLike<number>): WhaleResult {
  const n = profits.length;
  const order = orderDescending(profits);
  const rank = u32(n);
  const cumulative = f64(n).fill(NaN);
  let total = 0;
  for (let r = 0; r < order.length; r++) total += profits[order[r]!]!;
  let running = 0;
  let peakShare = -Infinity;
  let peakCount = 0;
  const destroyers: number[] = [];
  let destroyed = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    const p = profits[i]!;
    rank[i] = r + 1;
    running += p;
    if (total > 0) {
      cumulative[i] = running / total;
      if (cumulative[i]! > peakShare) {
        peakShare = cumulative[i]!;
        peakCount = r + 1;
      }
    }
    if (p < 0) destroyed += p;
  }
  if (total > 0 && order.length > 0) {
    cumulative[order[order.length - 1]!] = 1;
    if (peakCount === order.length) peakShare = 1;
  }
  for (let r = order.length - 1; r >= 0; r--) {
    const i = order[r]!;
    if (profits[i]! < 0) destroyers.push(i);
    else break;
  }
  return {
    rank,
    cumulative,
    order,
    total,
    counted: order.length,
    peak: total > 0 && order.length > 0 ? { count: peakCount, share: peakShare } : null,
    destroyers,
    destroyed,
  };
}
