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
import { percentRankInc, sortedPresent } from "./stats.js";

export type Tier = "A" | "B" | "C" | "D";

/** Percentile rank (0..1) of every value among the present values; NaN stays NaN. */
export function normalizeCriterion(values: ArrayLike<number>, lowerIsBetter: boolean): Float64Array {
  const sorted = sortedPresent(values);
  const out = new Float64Array(values.length);
  const n = sorted.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      out[i] = NaN;
      continue;
    }
    const pr = n === 1 ? 1 : percentRankInc(sorted, v);
    out[i] = lowerIsBetter ? 1 - pr : pr;
  }
  return out;
}

/**
 * Score per row from normalised criteria (`columns[c][row]`, NaN for missing) and weights.
 * Rows with no criterion of positive weight get NaN.
 */
export function weightedScore(columns: ArrayLike<number>[], weights: readonly number[], rows?: number): Float64Array {
  const n = rows ?? (columns[0]?.length ?? 0);
  const out = new Float64Array(n);
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

export function tierOf(score: number, cutoffs: { a: number; b: number; c: number }): Tier | null {
  if (Number.isNaN(score)) return null;
  if (score >= cutoffs.a) return "A";
  if (score >= cutoffs.b) return "B";
  if (score >= cutoffs.c) return "C";
  return "D";
}
