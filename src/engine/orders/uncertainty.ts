/**
 * How sure is the forecast? The fitted model's parameters have standard errors from the curvature of
 * the log-likelihood at its maximum (the inverse of the Hessian, computed by central differences on
 * the parameters' logarithms, then by the delta method on the parameters); the portfolio's expected
 * purchases over the horizon get a 90% interval from parameter draws from that normal approximation
 * (seeded, so a run is reproducible). With few customers or few repeat buyers the interval is wide,
 * and the tool says so in words before the numbers.
 *
 * @example
 * const u = forecastUncertainty(model, fit, histories, 52);
 * u.standardErrors   // { r: 0.012, alpha: 0.31, a: 0.11, b: 0.45 }
 * u.purchases        // { expected: 1690, low: 1480, high: 1905 }
 */
import { groupHistories, type BgNbd, type RepeatHistory } from "./bgnbd.js";
import type { CountModel } from "./holdout.js";
import { formatAmount, type Language } from "../reading/text.js";
import { seededUniform } from "../analysis/stats.js";

export interface Uncertainty {
  /** Standard errors of the parameters, named as in the papers; null where the curvature gives none. */
  standardErrors: Record<string, number | null>;
  /** The portfolio's expected purchases over the horizon, with a 90% interval. */
  purchases: { expected: number; low: number; high: number } | null;
  /** Customers and repeat buyers the fit rests on. */
  customers: number;
  repeatBuyers: number;
  /** In words, for the reader: how far to trust the forecast. */
  sentence: string;
  /** The parameter draws the intervals come from (for the CLV and segment intervals; not written out). */
  draws: BgNbd[];
}

/** The inverse of a small symmetric matrix (Gauss-Jordan), or null when it is singular. */
export function inverse(m: number[][]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    if (!(Math.abs(a[pivot]![c]!) > 1e-300)) return null;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const d = a[c]![c]!;
    for (let j = 0; j < 2 * n; j++) a[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  return a.map((row) => row.slice(n));
}

/** Cholesky factor L (lower) of a symmetric positive definite matrix, or null. */
function cholesky(m: number[][]): number[][] | null {
  const n = m.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i]![i] = Math.sqrt(s);
      } else L[i]![j] = s / L[j]![j]!;
    }
  }
  return L;
}

/** A seeded normal draw (Box-Muller over a small PRNG). */
function normals(seed: number): () => number {
  const u = seededUniform(seed);
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

export function forecastUncertainty(model: CountModel, fit: BgNbd, histories: readonly RepeatHistory[], horizonWeeks: number, language: Language = "en", draws = 100): Uncertainty {
  const nl = language === "nl";
  const groups = groupHistories(histories, model.name);
  const f = model.objective(histories);
  const z0 = [fit.r, fit.alpha, fit.a, fit.b].map(Math.log);
  const h = 1e-3;
  const f0 = f(z0);
  const H = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
  const at = (d: number[]) => f(z0.map((v, k) => v + d[k]!));
  for (let i = 0; i < 4; i++) {
    for (let j = i; j < 4; j++) {
      const e = (k: number, s: number) => Array.from({ length: 4 }, (_, m) => (m === k ? s * h : 0));
      const plus = (a: number[], b: number[]) => a.map((v, k) => v + b[k]!);
      const v = i === j ? (at(e(i, 1)) - 2 * f0 + at(e(i, -1))) / (h * h) : (at(plus(e(i, 1), e(j, 1))) - at(plus(e(i, 1), e(j, -1))) - at(plus(e(i, -1), e(j, 1))) + at(plus(e(i, -1), e(j, -1)))) / (4 * h * h);
      H[i]![j] = v;
      H[j]![i] = v;
    }
  }
  const cov = inverse(H);
  const named = model.named({ r: fit.r, alpha: fit.alpha, a: fit.a, b: fit.b });
  const names = Object.keys(named);
  const values = Object.values(named);
  const standardErrors: Record<string, number | null> = {};
  names.forEach((k, i) => {
    const v = cov?.[i]?.[i];
    standardErrors[k] = v !== undefined && v > 0 && Number.isFinite(v) ? values[i]! * Math.sqrt(v) : null;
  });
  const repeatBuyers = histories.filter((c) => c.x > 0).length;
  const expected = groups.reduce((t, { c, n }) => t + n * model.expected(fit, horizonWeeks, c), 0);
  let purchases: Uncertainty["purchases"] = null;
  const L = cov ? cholesky(cov) : null;
  const parameterDraws: BgNbd[] = [];
  if (L && Number.isFinite(expected)) {
    const draw = normals(20_261_130);
    for (let k = 0; k < draws; k++) {
      const e = [draw(), draw(), draw(), draw()];
      const z = z0.map((v, i) => v + L[i]!.reduce((t, l, j) => t + l * e[j]!, 0));
      parameterDraws.push({ r: Math.exp(z[0]!), alpha: Math.exp(z[1]!), a: Math.exp(z[2]!), b: Math.exp(z[3]!), logLikelihood: 0 });
    }
    // Each draw's total over a sample of the histories (all of them up to SAMPLE), as a ratio to the
    // estimate's total on the same sample, times the estimate's total.
    const sample = evenSample(groups.length, SAMPLE).map((i) => groups[i]!);
    const onSample = (p: BgNbd) => sample.reduce((t, { c, n }) => t + n * model.expected(p, horizonWeeks, c), 0);
    purchases = drawInterval(parameterDraws, expected, onSample, onSample(fit));
  }
  const fmt = (v: number) => formatAmount(v, language);
  const width = purchases ? (purchases.high - purchases.low) / Math.max(1e-9, purchases.expected) : Infinity;
  const unsure = histories.length < 200 || repeatBuyers < 30 || width > 0.4;
  const range = purchases ? (nl ? `tussen ${fmt(purchases.low)} en ${fmt(purchases.high)} aankopen (90%-interval; verwacht ${fmt(purchases.expected)})` : `between ${fmt(purchases.low)} and ${fmt(purchases.high)} purchases (90% interval; expected ${fmt(purchases.expected)})`) : nl ? "geen interval te geven" : "no interval can be given";
  const sentence = unsure
    ? nl
      ? `Let op, deze voorspelling is onzeker: ze rust op ${histories.length} klanten, van wie ${repeatBuyers} opnieuw kochten. Over de horizon ${range}.`
      : `Careful, this forecast is uncertain: it rests on ${histories.length} customers, of whom ${repeatBuyers} bought again. Over the horizon ${range}.`
    : nl
      ? `Over de horizon ${range}; het rust op ${histories.length} klanten, van wie ${repeatBuyers} opnieuw kochten.`
      : `Over the horizon ${range}; it rests on ${histories.length} customers, of whom ${repeatBuyers} bought again.`;
  return { standardErrors, purchases, customers: histories.length, repeatBuyers, sentence, draws: parameterDraws };
}

/** Histories (or customers) in a sample: all of them up to this many, else this many evenly spread. */
export const SAMPLE = 2_000;

/** `size` indices from 0..n−1, evenly spread (all of them when n ≤ size). */
export function evenSample(n: number, size: number): number[] {
  if (n <= size) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: size }, (_, k) => Math.floor(((k + 0.5) * n) / size));
}

/**
 * A 90% interval for `expected` from parameter draws: each draw's value on a sample (`onSample`),
 * as a ratio to the estimate's value on the same sample (`pointOnSample`), times `expected`. Null
 * when fewer than half of the draws give a finite value.
 */
export function drawInterval(draws: readonly BgNbd[], expected: number, onSample: (p: BgNbd) => number, pointOnSample: number): { expected: number; low: number; high: number } | null {
  if (!draws.length || !Number.isFinite(expected) || !(pointOnSample > 0)) return null;
  const ratios: number[] = [];
  for (const p of draws) {
    const v = onSample(p) / pointOnSample;
    if (Number.isFinite(v)) ratios.push(v);
  }
  if (ratios.length < draws.length / 2) return null;
  ratios.sort((x, y) => x - y);
  return { expected, low: expected * ratios[Math.floor(0.05 * (ratios.length - 1))]!, high: expected * ratios[Math.ceil(0.95 * (ratios.length - 1))]! };
}
