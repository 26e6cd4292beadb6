/**
 * Small numerical tools for the probabilistic models: the log-gamma function and a Nelder-Mead
 * minimiser. No dependencies.
 *
 * @example
 * lgamma(5)                                       // ln 24
 * nelderMead(([x, y]) => (x - 1) ** 2 + (y + 2) ** 2, [0, 0]).x // ≈ [1, -2]
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; about 15 significant digits). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * ln(e^a + e^b) without overflow: the larger plus log1p of the smaller's exponent over it (the two
 * terms of a customer's likelihood in the models' objectives).
 *
 * @example
 * logAddExp(1000, 1000) // 1000 + ln 2
 */
export function logAddExp(a: number, b: number): number {
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln B(a, b). */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

export interface Minimum {
  x: number[];
  value: number;
  iterations: number;
}

/**
 * Nelder-Mead simplex minimisation of `f` from `start`, restarted from its own result until a restart
 * no longer improves (which guards against the simplex collapsing early); optionally within a box.
 */
export function nelderMead(f: (x: number[]) => number, start: number[], options: { step?: number; tolerance?: number; maxIterations?: number; bound?: number } = {}): Minimum {
  const step = options.step ?? 0.5;
  // A box |x_j| ≤ bound: outside it f counts as infinite, so the simplex turns back (a likelihood
  // that keeps improving towards a parameter of 0 or infinity ends at the box instead of running on).
  const bound = options.bound ?? Infinity;
  if (bound < Infinity) {
    const inner = f;
    f = (x) => (x.some((v) => Math.abs(v) > bound) ? Infinity : inner(x));
  }
  const tol = options.tolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 20_000;
  // maxIterations is the budget of the whole search, restarts included.
  let best = once(f, start, step, tol, maxIter);
  for (let restart = 0; restart < 10 && best.iterations < maxIter; restart++) {
    const next = once(f, best.x, step / 4, tol, maxIter - best.iterations);
    const improved = best.value - next.value > tol * (1 + Math.abs(best.value));
    const iterations = best.iterations + next.iterations;
    best = next.value < best.value ? { ...next, iterations } : { ...best, iterations };
    if (!improved) break;
  }
  return best;
}

function once(f: (x: number[]) => number, start: number[], step: number, tol: number, maxIter: number): Minimum {
  const n = start.length;
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex: { x: number[]; v: number }[] = [{ x: [...start], v: value(start) }];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] = x[i]! + step;
    simplex.push({ x, v: value(x) });
  }
  let it = 0;
  for (; it < maxIter; it++) {
    simplex.sort((a, b) => a.v - b.v);
    const lo = simplex[0]!;
    const hi = simplex[n]!;
    if (Math.abs(hi.v - lo.v) <= tol * (Math.abs(lo.v) + tol)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) centroid[j]! += simplex[k]!.x[j]! / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (hi.x[j]! - c));
    const r = along(-1);
    const vr = value(r);
    if (vr < lo.v) {
      const e = along(-2);
      const ve = value(e);
      simplex[n] = ve < vr ? { x: e, v: ve } : { x: r, v: vr };
    } else if (vr < simplex[n - 1]!.v) {
      simplex[n] = { x: r, v: vr };
    } else {
      const c = vr < hi.v ? along(-0.5) : along(0.5);
      const vc = value(c);
      if (vc < Math.min(vr, hi.v)) simplex[n] = { x: c, v: vc };
      else {
        simplex = simplex.map((p, k) => (k === 0 ? p : { x: p.x.map((xj, j) => lo.x[j]! + 0.5 * (xj - lo.x[j]!)), v: 0 }));
        for (let k = 1; k <= n; k++) simplex[k]!.v = value(simplex[k]!.x);
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0]!.x, value: simplex[0]!.v, iterations: it };
}
