/**
 * Weighted score and A–D tier.
 *
 * Each criterion is normalised to 0..1 by its percentile rank with PERCENTRANK.INC semantics at full
 * precision (values strictly below / (n - 1); ties share the lower rank; a single value gets 1), so a
 * user can check it in Excel with `=PERCENTRANK.INC(D$2:D$251, D2, 15)`. Where lower is better
 * (payment days, cost to serve) the rank is reversed: `1 - PERCENTRANK.INC(...)`.
 *
 * Score = 100 × the weighted mean of the normalised criteria the customer has a value for; a missing
 * value leaves that criterion out for that customer. Tier: A at or above the A cut-off, then B, C, D.
 *
 * @example
 * normalizeCriterion([10, 20, 30], false)          // [0, 0.5, 1]
 * normalizeCriterion([10, 20, 30], true)           // [1, 0.5, 0]
 * weightedScore([[0, 1], [1, NaN]], [1, 3])        // [75, 0]: second row only has criterion 1
 * tierOf(80, { a: 75, b: 50, c: 25 })              // "A"
 */
import { argsort, presentRange, select } from "./stats.js";
import { f64 } from "../reading/memory.js";

export type Tier = "A" | "B" | "C" | "D";

/**
 * Percentile rank (0..1) of every value among the present values; NaN stays NaN.
 * `descendingOrder`, when the caller already has it (the Pareto ranking), saves a sort: the
 * positions of all present values, highest first.
 */
export function normalizeCriterion(values: ArrayLike<number>, lowerIsBetter: boolean, descendingOrder?: Uint32Array): Float64Array {
  const out = f64(values.length).fill(NaN);
  const set = (i: number, below: number, n: number) => {
    const pr = n === 1 ? 1 : below / (n - 1);
    out[i] = lowerIsBetter ? 1 - pr : pr;
  };
  // Small whole-number scales (1-5 scores, days) are counted instead of sorted.
  const { n, min, max, whole } = presentRange(values);
  if (n === 0) return out;
  if (whole && max - min <= 65536 && !descendingOrder) {
    const below = new Float64Array(max - min + 2);
    for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) below[values[i]! - min + 1]!++;
    for (let k = 1; k < below.length; k++) below[k]! += below[k - 1]!;
    for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) set(i, below[values[i]! - min]!, n);
    return out;
  }
  if (descendingOrder) {
    // Highest first: the values below a value are those after the last of its equals.
    let last = descendingOrder.length - 1;
    for (let k = descendingOrder.length - 1; k >= 0; k--) {
      const i = descendingOrder[k]!;
      if (k < descendingOrder.length - 1 && values[i]! !== values[descendingOrder[k + 1]!]!) last = k;
      set(i, n - 1 - last, n);
    }
    return out;
  }
  // Walking the values in ascending order, a value's PERCENTRANK.INC is the position of the first of
  // its equals divided by (n - 1).
  const order = argsort(values);
  let first = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (k > 0 && values[i]! !== values[order[k - 1]!]!) first = k;
    set(i, first, n);
  }
  return out;
}

/**
 * Score per row from normalised criteria (`columns[c][row]`, NaN for missing) and weights.
 * Rows with no criterion of positive weight get NaN.
 */
export function weightedScore(columns: ArrayLike<number>[], weights: readonly number[], rows?: number): Float64Array {
  const n = rows ?? (columns[0]?.length ?? 0);
  const out = f64(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let wsum = 0;
    for (let c = 0; c < columns.length; c++) {
      const w = weights[c]!;
      if (w <= 0) continue;
      const v = columns[c]![i]!;
      if (Number.isNaN(v)) continue;
      sum += w * v;
      wsum += w;
    }
    out[i] = wsum > 0 ? (100 * sum) / wsum : NaN;
  }
  return out;
}

/**
 * Score cut-offs that make the customer pyramid: A the top share `a` of the scored customers, B the
 * next `b`, C the next `c`, D the rest (counts rounded up, so a small table still has an A). Customers
 * with the same score share a tier: a cut-off is the score of the last customer in its tier.
 *
 * @example
 * pyramidCutoffs(Float64Array.from([90, 80, 70, 60, 50, 40, 30, 20, 10, 0]), { a: 0.1, b: 0.2, c: 0.3 })
 * // { a: 90, b: 70, c: 40 }
 */
export function pyramidCutoffs(scores: Float64Array, shares: { a: number; b: number; c: number }): { a: number; b: number; c: number } {
  // The k-th largest score by quickselect (linear), not a sort of all of them.
  let m = 0;
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i]!)) m++;
  const scored = new Float64Array(m);
  for (let i = 0, j = 0; i < scores.length; i++) if (!Number.isNaN(scores[i]!)) scored[j++] = scores[i]!;
  const at = (share: number) => {
    const k = Math.ceil(share * m - 1e-9);
    return k <= 0 ? Infinity : select(scored, m - Math.min(m, k));
  };
  const a = at(shares.a);
  const b = Math.min(a, at(shares.a + shares.b));
  const c = Math.min(b, at(shares.a + shares.b + shares.c));
  return { a, b, c };
}

export function tierOf(score: number, cutoffs: { a: number; b: number; c: number }): Tier | null {
  if (Number.isNaN(score)) return null;
  if (score >= cutoffs.a) return "A";
  if (score >= cutoffs.b) return "B";
  if (score >= cutoffs.c) return "C";
  return "D";
}
