/**
 * **Pareto/NBD** (Schmittlein, Morrison and Colombo, "Counting Your Customers: Who Are They and What Will
 * They Do Next?", Management Science 33(1), 1987), implemented as in Fader, Hardie and Lee, "A Note on
 * Deriving the Pareto/NBD Model and Related Expressions" (2005): while alive a customer buys at a Poisson
 * rate λ ~ Gamma(r, α); their lifetime is exponential with rate μ ~ Gamma(s, β). Inputs per customer:
 * x, t_x, T (weeks).
 *
 * Likelihood (the note's eq. 22, with A0 from eqs. 23-24):
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ 1 / ((α+T)^(r+x) (β+T)^s) + s/(r+s+x) · A0 ]
 *   α ≥ β: A0 = F(α−β, α+t_x)/(α+t_x)^(r+s+x) − F(α−β, α+T)/(α+T)^(r+s+x), F = 2F1(r+s+x, s+1; r+s+x+1; (α−β)/·)
 *   α < β: the same with β, and 2F1(r+s+x, r+x; r+s+x+1; (β−α)/·)
 * Everything is computed in logarithms (the powers of α + T overflow for heavy buyers with long
 * histories, x in the hundreds), the difference in A0 as log(T1) + log(1 − T2/T1).
 * P(alive) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A0)
 * E[purchases in (T, T+t]] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)
 *
 * @example
 * const fit = fitParetoNbd(cdnow);   // { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.6650 } (the note's estimates)
 */
import { groupHistories, historyColumns, hyp2f1, type RepeatHistory } from "./bgnbd.js";
import { lgamma, logAddExp, nelderMead } from "./optimize.js";

export interface ParetoNbd {
  r: number;
  alpha: number;
  s: number;
  beta: number;
  logLikelihood: number;
  atLimit?: boolean;
}

type Params = Omit<ParetoNbd, "logLikelihood" | "atLimit">;

const LOG_BOUND = 15;

/** log(e^p − e^q) for p > q. */
function logDiff(p: number, q: number): number {
  return p + Math.log1p(-Math.exp(q - p));
}

/**
 * log A0 of the note (eqs. 23-24), or −Infinity when t_x = T (A0 = 0). `cache` keeps the terms of one
 * set of parameters by x and time (customers share them: the fit evaluates each once).
 */
function logA0(p: Params, c: RepeatHistory, cache?: Map<string, number>): number {
  const { r, alpha, s, beta } = p;
  const { x, tx, T } = c;
  if (T === tx) return -Infinity;
  const rsx = r + s + x;
  const [big, small, b2] = alpha >= beta ? [alpha, beta, s + 1] : [beta, alpha, r + x];
  const term = (t: number) => {
    const key = cache ? `${x}|${t}` : "";
    const hit = cache?.get(key);
    if (hit !== undefined) return hit;
    const v = Math.log(hyp2f1(rsx, b2, rsx + 1, (big - small) / (big + t))) - rsx * Math.log(big + t);
    cache?.set(key, v);
    return v;
  };
  return logDiff(term(tx), term(T));
}

/** log L of one customer. */
export function paretoNbdLogLikelihood(p: Params, c: RepeatHistory, cache?: Map<string, number>): number {
  const { r, alpha, s, beta } = p;
  const { x, T } = c;
  const lead = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const first = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const a0 = logA0(p, c, cache);
  const second = Math.log(s / (r + s + x)) + a0;
  const m = Math.max(first, second);
  return lead + m + Math.log(Math.exp(first - m) + Math.exp(second - m));
}

/**
 * The negative log-likelihood as a function of the logarithms of (r, α, s, β). The series of A0
 * depend on x and one time (t_x or T) only: the distinct (x, time) pairs are found once, each
 * evaluation computes each pair's term once into an array, and the histories add them up by index
 * (no text keys; the gamma terms once per distinct x).
 */
export function paretoNbdObjective(customers: readonly RepeatHistory[]): (z: readonly number[]) => number {
  const list = groupHistories(customers, "Pareto/NBD");
  // log(α + T) and log(β + T) per distinct time, looked up per history; the gamma terms per distinct x.
  const { xs, K, X, N, times, iT } = historyColumns(list);
  const pairs = new Map<string, number>();
  const PX: number[] = [];
  const PT: number[] = [];
  const pair = (x: number, t: number) => {
    const key = `${x}|${t}`;
    let k = pairs.get(key);
    if (k === undefined) {
      pairs.set(key, (k = PX.length));
      PX.push(x);
      PT.push(t);
    }
    return k;
  };
  const n = list.length;
  const logA = new Float64Array(times.values.length);
  const logB = new Float64Array(times.values.length);
  // The pairs of (x, t_x) and (x, T); -1 where t_x = T (A0 = 0).
  const A = Int32Array.from(list, (g) => (g.c.tx === g.c.T ? -1 : pair(g.c.x, g.c.tx)));
  const B = Int32Array.from(list, (g) => (g.c.tx === g.c.T ? -1 : pair(g.c.x, g.c.T)));
  const term = new Float64Array(PX.length);
  const lead = new Float64Array(xs.length);
  const share = new Float64Array(xs.length);
  return (z) => {
    const r = Math.exp(z[0]!), alpha = Math.exp(z[1]!), s = Math.exp(z[2]!), beta = Math.exp(z[3]!);
    const base = -lgamma(r) + r * Math.log(alpha) + s * Math.log(beta);
    for (let k = 0; k < xs.length; k++) {
      lead[k] = lgamma(r + xs[k]!) + base;
      share[k] = Math.log(s / (r + s + xs[k]!));
    }
    const swap = alpha < beta;
    const big = swap ? beta : alpha;
    const gap = Math.abs(alpha - beta);
    for (let k = 0; k < PX.length; k++) {
      const x = PX[k]!;
      const rsx = r + s + x;
      term[k] = Math.log(hyp2f1(rsx, swap ? r + x : s + 1, rsx + 1, gap / (big + PT[k]!))) - rsx * Math.log(big + PT[k]!);
    }
    for (let k = 0; k < logA.length; k++) {
      logA[k] = Math.log(alpha + times.values[k]!);
      logB[k] = Math.log(beta + times.values[k]!);
    }
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = X[i]!;
      const first = -(r + x) * logA[iT[i]!]! - s * logB[iT[i]!]!;
      let ll: number;
      if (A[i]! < 0) ll = first;
      else {
        const p = term[A[i]!]!;
        const q = term[B[i]!]!;
        const second = share[K[i]!]! + p + Math.log1p(-Math.exp(q - p));
        ll = logAddExp(first, second);
      }
      sum += N[i]! * (lead[K[i]!]! + ll);
    }
    return Number.isFinite(sum) ? -sum : Infinity;
  };
}

/** Maximum-likelihood Pareto/NBD parameters (on their logarithms, so they stay positive). */
export function fitParetoNbd(customers: readonly RepeatHistory[]): ParetoNbd {
  const best = nelderMead(paretoNbdObjective(customers), [0, 1, 0, 1], { step: 1, tolerance: 1e-11, bound: LOG_BOUND, maxIterations: 2000 });
  const [r, alpha, s, beta] = best.x.map(Math.exp) as [number, number, number, number];
  return { r, alpha, s, beta, logLikelihood: -best.value, atLimit: best.x.some((v) => Math.abs(v) > LOG_BOUND - 1) };
}

export function paretoProbabilityAlive(p: Params, c: RepeatHistory): number {
  const { r, alpha, s, beta } = p;
  const { x, T } = c;
  const l = Math.log(s / (r + s + x)) + (r + x) * Math.log(alpha + T) + s * Math.log(beta + T) + logA0(p, c);
  return l > 700 ? 0 : 1 / (1 + Math.exp(l));
}

export function paretoExpectedPurchases(p: Params, t: number, c: RepeatHistory): number {
  return paretoExpectedCurve(p, [t], c)[0]!;
}

/**
 * P(alive) `t` weeks after the history's end: P(alive at T) · ((β+T)/(β+T+t))^s (given alive at T,
 * the dropout rate μ ~ Gamma(s, β+T), and E[e^(−μt)] is that power).
 */
export function paretoProbabilityAliveAt(p: Params, c: RepeatHistory, t: number): number {
  return paretoProbabilityAlive(p, c) * Math.exp(-p.s * Math.log1p(Math.max(0, t) / (p.beta + c.T)));
}

/** {@link paretoExpectedPurchases} for several horizons, P(alive) computed once. */
export function paretoExpectedCurve(p: Params, weeks: readonly number[], c: RepeatHistory): number[] {
  const { r, alpha, s, beta } = p;
  const { x, T } = c;
  const lead = (((r + x) * (beta + T)) / ((alpha + T) * (s - 1))) * paretoProbabilityAlive(p, c);
  return weeks.map((t) => lead * (1 - Math.exp((s - 1) * (Math.log(beta + T) - Math.log(beta + T + t)))));
}

/** Expected repeat purchases by time t after a new customer's first purchase. */
export function paretoUnconditional(p: Params, t: number): number {
  const { r, alpha, s, beta } = p;
  return ((r * beta) / (alpha * (s - 1))) * (1 - Math.exp((s - 1) * (Math.log(beta) - Math.log(beta + t))));
}
