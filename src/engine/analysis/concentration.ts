/**
 * Dependency and concentration of revenue.
 *
 * - top1, top5, top10: share of total positive revenue brought by the largest 1, 5 and 10 customers.
 * - hhi: Herfindahl-Hirschman index, the sum of squared revenue shares (0..1; ×10,000 for "points").
 *   1 means one customer brings everything; 1/n means n equal customers.
 * - gini: Gini coefficient of revenue over customers (0 = all equal, towards 1 = one customer has all).
 *
 * Zero and negative revenue count as 0 (a credit note does not make a customer "more equal").
 *
 * @example
 * concentration([60, 20, 10, 10]).top1 // 0.6
 * concentration([25, 25, 25, 25]).hhi  // 0.25
 * concentration([10, 10, 10]).gini     // 0
 */
import { f64 } from "../reading/memory.js";
export interface Concentration {
  customers: number;
  total: number;
  top1: number;
  top5: number;
  top10: number;
  hhi: number;
  gini: number;
}

/** `sortedDescending`: pass true when the revenues are already sorted highest first (saves a sort). */
export function concentration(revenues: ArrayLike<number>, sortedDescending = false): Concentration {
  const n = revenues.length;
  const x = f64(n);
  let total = 0;
  if (sortedDescending) {
    for (let k = 0; k < n; k++) {
      const v = revenues[n - 1 - k]!;
      x[k] = v > 0 ? v : 0;
      total += x[k]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = revenues[i]!;
      x[i] = v > 0 ? v : 0;
      total += x[i]!;
    }
    x.sort(); // ascending
  }
  if (total <= 0) return { customers: n, total: 0, top1: 0, top5: 0, top10: 0, hhi: 0, gini: 0 };
  let hhi = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    const s = x[i]! / total;
    hhi += s * s;
    weighted += (2 * (i + 1) - n - 1) * x[i]!;
  }
  const topShare = (k: number) => {
    let s = 0;
    for (let i = n - 1; i >= Math.max(0, n - k); i--) s += x[i]!;
    return s / total;
  };
  return {
    customers: n,
    total,
    top1: topShare(1),
    top5: topShare(5),
    top10: topShare(10),
    hhi,
    gini: n > 0 ? weighted / (n * total) : 0,
  };
}
