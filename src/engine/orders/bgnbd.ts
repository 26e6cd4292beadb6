/**
 * Probabilistic customer-base models, fitted by maximum likelihood in TypeScript:
 *
 * - **BG/NBD** (Fader, Hardie and Lee, "Counting Your Customers the Easy Way", Marketing Science
 *   24(2), 2005): while alive a customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase
 *   they drop out with probability p ~ Beta(a, b). Per customer it needs x (repeat purchases in the
 *   calibration period), t_x (time of the last purchase) and T (time since the first purchase), all
 *   in the same unit (weeks for the paper's CDNOW data).
 * - **Gamma-Gamma** (Fader, Hardie and Lee, "RFM and CLV", 2005; Colombo and Jiang 1999) for the
 *   spend per transaction of customers with repeat purchases: x and their mean repeat spend m.
 *
 * @example
 * const fit = fitBgNbd(customers);          // { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } on CDNOW
 * expectedPurchases(fit, 39, { x: 2, tx: 30.43, T: 38.86 }) // purchases in the next 39 weeks
 * probabilityAlive(fit, { x: 2, tx: 30.43, T: 38.86 })
 */
import { lbeta, lgamma, logAddExp, nelderMead } from "./optimize.js";

export interface RepeatHistory {
  /** Repeat purchases in the calibration period (purchases after the first). */
  x: number;
  /** Time of the last purchase, from the first (0 when x = 0). */
  tx: number;
  /** Length of the customer's calibration period, from the first purchase. */
  T: number;
}

export interface BgNbd {
  r: number;
  alpha: number;
  a: number;
  b: number;
  logLikelihood: number;
  /** The estimate ran to the search's limit (a parameter near 0 or very large): the data hardly pin it down. */
  atLimit?: boolean;
}

/** The search covers parameters from e^−15 to e^15 (3·10^−7 to 3·10^6). */
const LOG_BOUND = 15;
/** Per search, restarts included: CDNOW converges in about 200; a flat likelihood (no sign of customers stopping) stops here. */
const MAX_ITERATIONS = 1500;

type Params = { r: number; alpha: number; a: number; b: number };

/**
 * The two terms of equation 6 that depend on x only (the gamma and beta functions), for parameters p:
 * a handful of distinct x values, so the fit computes them once per x and evaluation.
 */
function termsOfX(p: Params, x: number): { b1: number; b2: number } {
  const g = lgamma(p.r + x) - lgamma(p.r) + p.r * Math.log(p.alpha) - lbeta(p.a, p.b);
  return { b1: lbeta(p.a, p.b + x) + g, b2: x > 0 ? lbeta(p.a + 1, p.b + x - 1) + g : -Infinity };
}

/** Equation 6 from the x-only terms and the history's times. */
function logLikelihoodOf(p: Params, x: number, tx: number, T: number, b1: number, b2: number): number {
  const a1 = b1 - (p.r + x) * Math.log(p.alpha + T);
  if (x === 0) return a1;
  const a2 = b2 - (p.r + x) * Math.log(p.alpha + tx);
  const m = a1 > a2 ? a1 : a2;
  return m + Math.log(Math.exp(a1 - m) + Math.exp(a2 - m));
}

/** Log-likelihood of one customer under BG/NBD (equation 6 of the paper). */
export function bgNbdLogLikelihood(p: Params, c: RepeatHistory): number {
  const { b1, b2 } = termsOfX(p, c.x);
  return logLikelihoodOf(p, c.x, c.tx, c.T, b1, b2);
}

export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelError";
  }
}

/**
 * The histories of the customers to fit, those alike counted together (the likelihood is a sum
 * weighted by how many customers share a history); a model needs at least two customers.
 */
export function groupHistories(customers: readonly RepeatHistory[], model: string): { c: RepeatHistory; n: number }[] {
  if (customers.length < 2) throw new ModelError(`the ${model} model needs the purchase histories of at least two customers`);
  // The models are fitted on the same list one after the other: grouped once per list (and length, should it grow).
  const known = grouped.get(customers);
  if (known && known.length === customers.length) return known.groups;
  const list = sameHistories(customers);
  grouped.set(customers, { length: customers.length, groups: list });
  return list;
}

/**
 * The distinct histories (x, t_x, T) and how many customers have each, in the order they first
 * appear: maps keyed by the numbers themselves (a text key per customer cost a double's text twice).
 */
export function sameHistories(customers: readonly RepeatHistory[]): { c: RepeatHistory; n: number }[] {
  const byX = new Map<number, Map<number, Map<number, { c: RepeatHistory; n: number }>>>();
  const list: { c: RepeatHistory; n: number }[] = [];
  for (const c of customers) {
    let byTx = byX.get(c.x);
    if (!byTx) byX.set(c.x, (byTx = new Map()));
    let byT = byTx.get(c.tx);
    if (!byT) byTx.set(c.tx, (byT = new Map()));
    const g = byT.get(c.T);
    if (g) g.n++;
    else {
      const group = { c, n: 1 };
      byT.set(c.T, group);
      list.push(group);
    }
  }
  return list;
}

const grouped = new WeakMap<readonly RepeatHistory[], { length: number; groups: { c: RepeatHistory; n: number }[] }>();

/**
 * The distinct values of `times` and each time's index among them: a list's times are whole days
 * (in weeks), a few hundred distinct values for many thousands of customers, so log(α + t) is computed
 * once per distinct t and evaluation instead of once per customer.
 */
function distinctTimes(times: ArrayLike<number>): { values: Float64Array; index: Int32Array } {
  const slot = new Map<number, number>();
  const index = new Int32Array(times.length);
  const values: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    let k = slot.get(t);
    if (k === undefined) {
      slot.set(t, (k = values.length));
      values.push(t);
    }
    index[i] = k;
  }
  return { values: Float64Array.from(values), index };
}

/**
 * Grouped histories as the likelihoods read them: the distinct x values and each history's slot
 * among them (K), x and the count of customers (X, N) as typed columns, and the distinct times with
 * each history's T and t_x among them (iT, iTx), so log(α + t) is computed once per time.
 */
export function historyColumns(list: readonly { c: RepeatHistory; n: number }[]): { xs: number[]; K: Int32Array; X: Float64Array; N: Float64Array; times: { values: Float64Array }; iT: Int32Array; iTx: Int32Array } {
  const xs = [...new Set(list.map((g) => g.c.x))];
  const slot = new Map(xs.map((x, k) => [x, k]));
  const times = distinctTimes([...list.map((g) => g.c.T), ...list.map((g) => g.c.tx)]);
  return {
    xs,
    K: Int32Array.from(list, (g) => slot.get(g.c.x)!),
    X: Float64Array.from(list, (g) => g.c.x),
    N: Float64Array.from(list, (g) => g.n),
    times,
    iT: times.index.subarray(0, list.length),
    iTx: times.index.subarray(list.length),
  };
}

/**
 * The negative log-likelihood of the customers as a function of the logarithms of (r, α, a, b): what
 * the fit minimises and the standard errors differentiate. The gamma and beta terms depend on x only:
 * once per distinct x and evaluation, the rest per distinct history.
 */
export function bgNbdObjective(customers: readonly RepeatHistory[]): (z: readonly number[]) => number {
  const { xs, K, X, N, times, iT, iTx } = historyColumns(groupHistories(customers, "BG/NBD"));
  const logs = new Float64Array(times.values.length);
  const b1 = new Float64Array(xs.length);
  const b2 = new Float64Array(xs.length);
  return (z) => {
    const p = { r: Math.exp(z[0]!), alpha: Math.exp(z[1]!), a: Math.exp(z[2]!), b: Math.exp(z[3]!) };
    for (let k = 0; k < xs.length; k++) {
      const t = termsOfX(p, xs[k]!);
      b1[k] = t.b1;
      b2[k] = t.b2;
    }
    const { r, alpha } = p;
    for (let k = 0; k < logs.length; k++) logs[k] = Math.log(alpha + times.values[k]!);
    let s = 0;
    // Equation 6 per distinct history, from typed columns (as logLikelihoodOf computes it).
    for (let i = 0; i < X.length; i++) {
      const x = X[i]!;
      const k = K[i]!;
      const a1 = b1[k]! - (r + x) * logs[iT[i]!]!;
      let ll = a1;
      if (x > 0) {
        const a2 = b2[k]! - (r + x) * logs[iTx[i]!]!;
        ll = logAddExp(a1, a2);
      }
      s += N[i]! * ll;
    }
    return -s;
  };
}

/** Maximum-likelihood BG/NBD parameters (optimised on their logarithms, so they stay positive). */
export function fitBgNbd(customers: readonly RepeatHistory[]): BgNbd {
  const best = nelderMead(bgNbdObjective(customers), [0, 0, 0, 0], { step: 1, tolerance: 1e-12, bound: LOG_BOUND, maxIterations: MAX_ITERATIONS });
  const [r, alpha, a, b] = best.x.map(Math.exp) as [number, number, number, number];
  return { r, alpha, a, b, logLikelihood: -best.value, atLimit: best.x.some((z) => Math.abs(z) > LOG_BOUND - 1) };
}

/**
 * 2F1(a, b; c; z) by its series, for |z| < 1 (as the models need). NaN when the series has not
 * converged after 10,000 terms (z very near 1): never a silently truncated number; a fit then turns
 * away from such parameters and a forecast shows none.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 10_000; k++) {
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) return sum;
  }
  return NaN;
}

/**
 * P(alive) `t` time units after the end of the history (the customer may leave at any purchase in
 * between): P(alive at T) · E[e^(−λ p t)] over the posterior given alive at T, λ ~ Gamma(r+x, α+T)
 * and p ~ Beta(a, b+x). The expectation over λ is (1 + p·c)^−(r+x) with c = t/(α+T); over p it is
 * 2F1(r+x, a; a+b+x; −c), computed after Pfaff's transformation as
 * (1+c)^−a · 2F1(a+b−r, a; a+b+x; c/(1+c)), whose series converges for every t.
 *
 * @example
 * probabilityAliveAt(fit, { x: 2, tx: 30.43, T: 38.86 }, 26)  // alive half a year from now
 */
export function probabilityAliveAt(p: BgNbd | Params, c: RepeatHistory, t: number): number {
  return probabilityAlive(p as BgNbd, c) * survivalAfter(p, c.x, c.T, t, p.b + c.x);
}

/**
 * E[(1 + p·t/(α+T))^−(r+x)] for p ~ Beta(a, bPost): the chance to make no leaving purchase in t.
 * The series in c/(1+c) converges slowly when t is many times α + T (a date years away for a young
 * customer); there the same function is taken from its expansion around 1 ({@link hyp2f1Near1}).
 */
export function survivalAfter(p: Params, x: number, T: number, t: number, bPost: number): number {
  if (t <= 0) return 1;
  const c = t / (p.alpha + T);
  const A = p.a + bPost - p.r - x;
  const B = p.a;
  const C = p.a + bPost;
  const z = c / (1 + c);
  let f = z < 0.9 ? hyp2f1(A, B, C, z) : NaN;
  if (Number.isNaN(f)) f = hyp2f1Near1(A, B, C, 1 / (1 + c));
  return Math.exp(-p.a * Math.log1p(c)) * f;
}

/** log |Γ(x)| and the sign of Γ(x) (x not 0 or a negative whole number). */
function gammaSigned(x: number): { log: number; sign: number } {
  if (x > 0) return { log: lgamma(x), sign: 1 };
  const s = Math.sin(Math.PI * x);
  return { log: Math.log(Math.PI / Math.abs(s)) - lgamma(1 - x), sign: s > 0 ? 1 : -1 };
}

/**
 * 2F1(A, B; C; z) for z near 1, given w = 1 − z, by the connection formula (Abramowitz and Stegun
 * 15.3.6): Γ(C)Γ(C−A−B)/(Γ(C−A)Γ(C−B)) · 2F1(A, B; A+B−C+1; w) + w^(C−A−B) Γ(C)Γ(A+B−C)/(Γ(A)Γ(B)) ·
 * 2F1(C−A, C−B; C−A−B+1; w). Both series converge fast for small w. NaN where C − A − B is (nearly) a
 * whole number (the formula's degenerate case).
 */
export function hyp2f1Near1(A: number, B: number, C: number, w: number): number {
  const d = C - A - B;
  const whole = (v: number) => v <= 0 && Math.abs(v - Math.round(v)) < 1e-12;
  if (Math.abs(d - Math.round(d)) < 1e-8 || whole(C)) return NaN;
  const gC = gammaSigned(C);
  // 1/Γ(v) is 0 where v is 0 or a negative whole number: that term vanishes.
  const term = (top: number, under1: number, under2: number, series: () => number, scale: number) => {
    if (whole(under1) || whole(under2)) return 0;
    const g = gammaSigned(top);
    const u1 = gammaSigned(under1);
    const u2 = gammaSigned(under2);
    return gC.sign * g.sign * u1.sign * u2.sign * Math.exp(scale + gC.log + g.log - u1.log - u2.log) * series();
  };
  return term(d, C - A, C - B, () => hyp2f1(A, B, 1 - d, w), 0) + term(-d, A, B, () => hyp2f1(C - A, C - B, d + 1, w), d * Math.log(w));
}

/** Expected purchases in the next `t` time units for a customer with this history (equation 10). */
export function expectedPurchases(p: BgNbd, t: number, c: RepeatHistory): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = c;
  const z = t / (alpha + T + t);
  const f = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const lead = (a + b + x - 1) / (a - 1);
  const term = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * f;
  const denominator = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0);
  return (lead * term) / denominator;
}

/** Probability that a customer with this history is still alive at T. */
export function probabilityAlive(p: BgNbd, c: RepeatHistory): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = c;
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
}

export interface GammaGamma {
  p: number;
  q: number;
  gamma: number;
  logLikelihood: number;
  /** As {@link BgNbd.atLimit}. */
  atLimit?: boolean;
}

/** Maximum-likelihood Gamma-Gamma parameters from customers with repeat purchases: x and mean spend m. */
export function fitGammaGamma(customers: readonly { x: number; m: number }[]): GammaGamma {
  const repeat = customers.filter((c) => c.x > 0 && c.m > 0);
  if (repeat.length < 2) throw new ModelError("the Gamma-Gamma model needs at least two customers with repeat purchases");
  // Fitted on spends in units of their mean (p and q do not change with the unit, γ scales with it),
  // so the parameters stay in a range the search covers whatever the currency or order size.
  const scale = repeat.reduce((t, c) => t + c.m, 0) / repeat.length;
  const list = repeat.map((c) => ({ x: c.x, m: c.m / scale }));
  // Gamma-function terms depend on x only (a handful of values): once per distinct x and evaluation.
  const xs = [...new Set(list.map((c) => c.x))];
  const slot = new Map(xs.map((x, k) => [x, k]));
  const K = Int32Array.from(list, (c) => slot.get(c.x)!);
  const X = Float64Array.from(list, (c) => c.x);
  const LM = Float64Array.from(list, (c) => Math.log(c.m));
  const M = Float64Array.from(list, (c) => c.m);
  const byX = new Float64Array(xs.length);
  const negLL = (z: number[]) => {
    const p = Math.exp(z[0]!);
    const q = Math.exp(z[1]!);
    const g = Math.exp(z[2]!);
    const lq = lgamma(q);
    const lg = Math.log(g);
    xs.forEach((x, k) => (byX[k] = lgamma(p * x + q) - lgamma(p * x) - lq + p * x * Math.log(x)));
    let s = 0;
    for (let i = 0; i < X.length; i++) {
      const px = p * X[i]!;
      s += byX[K[i]!]! + q * lg + (px - 1) * LM[i]! - (px + q) * Math.log(g + M[i]! * X[i]!);
    }
    return -s;
  };
  const best = nelderMead(negLL, [0, 0, 0], { step: 1, tolerance: 1e-12, bound: LOG_BOUND, maxIterations: MAX_ITERATIONS });
  const [p, q, g] = best.x.map(Math.exp) as [number, number, number];
  // Back in the spends' own unit: γ scales with it, and each customer's density of m by 1 / scale.
  return { p, q, gamma: g * scale, logLikelihood: -best.value - list.length * Math.log(scale), atLimit: best.x.some((z) => Math.abs(z) > LOG_BOUND - 1) };
}

/** Expected average spend per transaction for a customer (the Gamma-Gamma posterior mean). */
export function expectedSpend(g: GammaGamma, c: { x: number; m: number }): number {
  const { p, q, gamma } = g;
  if (c.x === 0) return (p * gamma) / (q - 1);
  return ((gamma + c.m * c.x) * p) / (p * c.x + q - 1);
}
