/**
 * **MBG/NBD** (Batislam, Denizel and Filiztekin, "Empirical validation and comparison of models for
 * customer base analysis", International Journal of Research in Marketing 24(3), 2007): the BG/NBD
 * story with one change, a customer may also drop out right after the first purchase (at time 0), so
 * a one-time buyer of long ago is not certainly alive. Same inputs (x, t_x, T) and parameters as
 * BG/NBD: purchase rate λ ~ Gamma(r, α), drop-out probability p ~ Beta(a, b).
 *
 * Likelihood of one customer (Batislam et al., eq. 3; the form lifetimes' ModifiedBetaGeoFitter uses):
 *   L = B(a, b + x + 1)/B(a, b) · Γ(r + x) α^r / (Γ(r) (α + T)^(r+x))
 *     + B(a + 1, b + x)/B(a, b) · Γ(r + x) α^r / (Γ(r) (α + t_x)^(r+x))        for every x ≥ 0
 * P(alive) = 1 / (1 + a/(b + x) · ((α + T)/(α + t_x))^(r+x))
 * E[purchases in (T, T + t]] = (a + b + x)/(a − 1) · [1 − ((α + T)/(α + T + t))^(r+x) · 2F1(r + x, b + x + 1; a + b + x; t/(α + T + t))]
 *                               / (1 + a/(b + x) · ((α + T)/(α + t_x))^(r+x))
 *
 * @example
 * const fit = fitMbgNbd(customers);
 * probabilityAlive(fit, { x: 0, tx: 0, T: 70 })   // below 1: a one-time buyer may have left
 */
import { groupHistories, historyColumns, hyp2f1, survivalAfter, type BgNbd, type RepeatHistory } from "./bgnbd.js";
import { lbeta, lgamma, logAddExp, nelderMead } from "./optimize.js";

type Params = { r: number; alpha: number; a: number; b: number };

const LOG_BOUND = 15;
const MAX_ITERATIONS = 1500;

/** log L of one customer, in a form that stays finite for heavy buyers (log-sum-exp of the two terms). */
export function mbgNbdLogLikelihood(p: Params, c: RepeatHistory): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = c;
  const g = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) - lbeta(a, b);
  const t1 = lbeta(a, b + x + 1) + g - (r + x) * Math.log(alpha + T);
  const t2 = lbeta(a + 1, b + x) + g - (r + x) * Math.log(alpha + tx);
  const m = Math.max(t1, t2);
  return m + Math.log(Math.exp(t1 - m) + Math.exp(t2 - m));
}

/** The negative log-likelihood as a function of the logarithms of (r, α, a, b) (see {@link bgNbdObjective}). */
export function mbgNbdObjective(customers: readonly RepeatHistory[]): (z: readonly number[]) => number {
  // The gamma and beta terms depend on x only (a handful of values): once per distinct x and evaluation;
  // log(α + t) once per distinct time.
  const { xs, K, X, N, times, iT, iTx } = historyColumns(groupHistories(customers, "MBG/NBD"));
  const logs = new Float64Array(times.values.length);
  const t1x = new Float64Array(xs.length);
  const t2x = new Float64Array(xs.length);
  return (z) => {
    const r = Math.exp(z[0]!), alpha = Math.exp(z[1]!), a = Math.exp(z[2]!), b = Math.exp(z[3]!);
    const base = -lgamma(r) + r * Math.log(alpha) - lbeta(a, b);
    xs.forEach((x, k) => {
      const g = lgamma(r + x) + base;
      t1x[k] = lbeta(a, b + x + 1) + g;
      t2x[k] = lbeta(a + 1, b + x) + g;
    });
    for (let k = 0; k < logs.length; k++) logs[k] = Math.log(alpha + times.values[k]!);
    let s = 0;
    for (let i = 0; i < X.length; i++) {
      const k = K[i]!;
      const e = r + X[i]!;
      const t1 = t1x[k]! - e * logs[iT[i]!]!;
      const t2 = t2x[k]! - e * logs[iTx[i]!]!;
      s += N[i]! * logAddExp(t1, t2);
    }
    return Number.isFinite(s) ? -s : Infinity;
  };
}

/** Maximum-likelihood MBG/NBD parameters (on their logarithms, so they stay positive). */
export function fitMbgNbd(customers: readonly RepeatHistory[]): BgNbd {
  const best = nelderMead(mbgNbdObjective(customers), [0, 0, 0, 0], { step: 1, tolerance: 1e-12, bound: LOG_BOUND, maxIterations: MAX_ITERATIONS });
  const [r, alpha, a, b] = best.x.map(Math.exp) as [number, number, number, number];
  return { r, alpha, a, b, logLikelihood: -best.value, atLimit: best.x.some((z) => Math.abs(z) > LOG_BOUND - 1) };
}

/**
 * P(alive) `t` time units after the history's end: as {@link probabilityAliveAt} for BG/NBD, with
 * p ~ Beta(a, b+x+1) given alive at T (the first purchase was also a chance to leave).
 */
export function mbgProbabilityAliveAt(p: Params, c: RepeatHistory, t: number): number {
  return mbgProbabilityAlive(p, c) * survivalAfter(p, c.x, c.T, t, p.b + c.x + 1);
}

/** Probability that a customer with this history is still alive at T (one-time buyers included). */
export function mbgProbabilityAlive(p: Params, c: RepeatHistory): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = c;
  // In logs: ((α + T)/(α + t_x))^(r+x) overflows for heavy buyers with long histories.
  const l = Math.log(a / (b + x)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return l > 700 ? 0 : 1 / (1 + Math.exp(l));
}

/** Expected purchases in the next `t` time units for a customer with this history. */
export function mbgExpectedPurchases(p: Params, t: number, c: RepeatHistory): number {
  const { r, alpha, a, b } = p;
  const { x, T } = c;
  const hyp = hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t));
  const lead = (a + b + x) / (a - 1);
  const term = 1 - Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t))) * hyp;
  return lead * term * mbgProbabilityAlive(p, c);
}
