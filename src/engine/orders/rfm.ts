/**
 * RFM: recency, frequency and monetary value scored 1-5 by quintile, the combined RFM cell ("545")
 * and a named segment.
 *
 * Scores: customers are ranked on each measure (recency: fewer days since the last order is better;
 * frequency: more orders; monetary: more revenue) and cut into five groups of (nearly) equal size,
 * 5 the best fifth. Equal values always get the same score: the score of the first of them.
 *
 * Segments: the first rule that matches the R score and the FM score (the mean of F and M, rounded
 * half up) names the customer; the rules are a plain list, so a user can edit them. The defaults
 * follow the usual eleven-segment scheme (Champions, Loyal, Potential loyalist, New, Promising,
 * Needs attention, About to sleep, At risk, Can't lose them, Hibernating, Lost).
 *
 * @example
 * rfm([{ recencyDays: 3, frequency: 12, monetary: 5400 }, ...]).scores[0]
 * // { r: 5, f: 5, m: 5, cell: "555", segment: "Champions" }
 */

export interface RfmInput {
  recencyDays: number;
  frequency: number;
  monetary: number;
}

export interface RfmRule {
  segment: string;
  /** Inclusive ranges of the R score and the FM score. */
  r: [number, number];
  fm: [number, number];
}

export const DEFAULT_RFM_RULES: readonly RfmRule[] = [
  { segment: "Champions", r: [4, 5], fm: [4, 5] },
  { segment: "Loyal", r: [3, 5], fm: [3, 5] },
  { segment: "Potential loyalist", r: [4, 5], fm: [2, 3] },
  { segment: "New", r: [5, 5], fm: [1, 1] },
  { segment: "Promising", r: [4, 4], fm: [1, 1] },
  { segment: "Needs attention", r: [3, 3], fm: [2, 3] },
  { segment: "About to sleep", r: [3, 3], fm: [1, 2] },
  { segment: "Can't lose them", r: [1, 2], fm: [5, 5] },
  { segment: "At risk", r: [1, 2], fm: [3, 4] },
  { segment: "Hibernating", r: [2, 2], fm: [1, 2] },
  { segment: "Lost", r: [1, 1], fm: [1, 2] },
];

export interface RfmScore {
  r: number;
  f: number;
  m: number;
  cell: string;
  segment: string;
}

/** Quintile scores 1..5 (5 = best), ties sharing the score of their first; `better` says which way is good. */
export function quintiles(values: readonly number[], better: "higher" | "lower"): number[] {
  const n = values.length;
  const order = values.map((_, i) => i).sort((a, b) => (better === "higher" ? values[a]! - values[b]! : values[b]! - values[a]!) || a - b);
  const score = new Array<number>(n);
  let k = 0;
  while (k < n) {
    let e = k;
    while (e + 1 < n && values[order[e + 1]!] === values[order[k]!]) e++;
    const s = Math.min(5, 1 + Math.floor((5 * k) / n));
    for (let j = k; j <= e; j++) score[order[j]!] = s;
    k = e + 1;
  }
  return score;
}

export function rfm(customers: readonly RfmInput[], rules: readonly RfmRule[] = DEFAULT_RFM_RULES): { scores: RfmScore[]; rules: readonly RfmRule[] } {
  const r = quintiles(customers.map((c) => c.recencyDays), "lower");
  const f = quintiles(customers.map((c) => c.frequency), "higher");
  const m = quintiles(customers.map((c) => c.monetary), "higher");
  const scores = customers.map((_, i) => {
    const fm = Math.floor((f[i]! + m[i]!) / 2 + 0.5);
    const rule = rules.find((x) => r[i]! >= x.r[0] && r[i]! <= x.r[1] && fm >= x.fm[0] && fm <= x.fm[1]);
    return { r: r[i]!, f: f[i]!, m: m[i]!, cell: `${r[i]}${f[i]}${m[i]}`, segment: rule?.segment ?? "Other" };
  });
  return { scores, rules };
}
