/**
 * MBG/NBD (Batislam, Denizel and Filiztekin 2007) on the CDNOW sample's 39-week calibration period,
 * against an independent implementation written here: the likelihood as the paper prints it (products
 * of gamma and beta functions through a Stirling series of its own) maximised by a plain pattern search
 * (Hooke and Jeeves), nothing shared with the engine's fit.
 */
import { strict as assert } from "node:assert";
import { cdnowHistories } from "./cdnow.js";
import { fitBgNbd, type RepeatHistory } from "../../src/engine/orders/bgnbd.js";
import { fitMbgNbd, mbgExpectedPurchases, mbgNbdLogLikelihood, mbgProbabilityAlive } from "../../src/engine/orders/mbgnbd.js";


/** log Γ(z) by the Stirling series after shifting z up to 10 (independent of the engine's Lanczos). */
function logGamma(z: number): number {
  let shift = 0;
  while (z < 10) {
    shift -= Math.log(z);
    z += 1;
  }
  const z2 = z * z;
  return shift + (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * z) - 1 / (360 * z * z2) + 1 / (1260 * z * z2 * z2) - 1 / (1680 * z * z2 * z2 * z2);
}
const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/** The paper's likelihood, summed over customers (a direct transcription, no grouping). */
function totalLogLikelihood(h: readonly RepeatHistory[], p: number[]): number {
  const [r, alpha, a, b] = p as [number, number, number, number];
  let s = 0;
  for (const { x, tx, T } of h) {
    const common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) - logBeta(a, b);
    const one = Math.exp(logBeta(a, b + x + 1) + common - (r + x) * Math.log(alpha + T));
    const two = Math.exp(logBeta(a + 1, b + x) + common - (r + x) * Math.log(alpha + tx));
    s += Math.log(one + two);
  }
  return s;
}

/** Hooke-Jeeves pattern search on the logarithms of the parameters. */
function patternSearch(f: (p: number[]) => number, start: number[]): number[] {
  let x = start.slice();
  let fx = f(x.map(Math.exp));
  for (let step = 0.5; step > 1e-7; ) {
    let improved = false;
    for (let k = 0; k < x.length; k++) {
      for (const d of [step, -step]) {
        const y = x.slice();
        y[k]! += d;
        const fy = f(y.map(Math.exp));
        if (fy > fx) {
          x = y;
          fx = fy;
          improved = true;
          break;
        }
      }
    }
    if (!improved) step /= 2;
  }
  return x.map(Math.exp);
}

describe("engine/mbgnbd: MBG/NBD on CDNOW against an independent implementation", function () {
  this.timeout(120_000);
  const histories = cdnowHistories();

  it("finds the same maximum of the likelihood as a pattern search on the paper's formula", () => {
    const ours = fitMbgNbd(histories);
    const theirs = patternSearch((p) => totalLogLikelihood(histories, p), [0.5, 5, 1, 2]);
    const theirLL = totalLogLikelihood(histories, theirs);
    assert.ok(Math.abs(ours.logLikelihood - theirLL) < 1e-3, `log-likelihood ${ours.logLikelihood} vs ${theirLL}`);
    const mine = [ours.r, ours.alpha, ours.a, ours.b];
    mine.forEach((v, k) => assert.ok(Math.abs(v - theirs[k]!) / theirs[k]! < 0.01, `parameter ${k}: ${v} vs ${theirs[k]}`));
    // And the engine's per-customer likelihood is the paper's.
    assert.ok(Math.abs(histories.reduce((t, h) => t + mbgNbdLogLikelihood(ours, h), 0) - totalLogLikelihood(histories, mine)) < 1e-6);
    console.log(`      (MBG/NBD on CDNOW: r ${ours.r.toFixed(3)}, alpha ${ours.alpha.toFixed(3)}, a ${ours.a.toFixed(3)}, b ${ours.b.toFixed(3)}, LL ${ours.logLikelihood.toFixed(2)}; BG/NBD LL ${fitBgNbd(histories).logLikelihood.toFixed(2)})`);
  });

  it("lets one-time buyers leave: their P(alive) is below 1 and falls the longer ago they bought", () => {
    const fit = fitMbgNbd(histories);
    const recent = mbgProbabilityAlive(fit, { x: 0, tx: 0, T: 2 });
    const old = mbgProbabilityAlive(fit, { x: 0, tx: 0, T: 38 });
    assert.ok(recent < 1 && old < recent, `${recent} then ${old}`);
  });

  it("stays finite for heavy buyers with long histories, where the plain formula overflows", () => {
    const fit = fitMbgNbd(histories);
    for (const h of [{ x: 400, tx: 520, T: 521 }, { x: 900, tx: 100, T: 1040 }, { x: 0, tx: 0, T: 5000 }]) {
      const ll = mbgNbdLogLikelihood(fit, h);
      const alive = mbgProbabilityAlive(fit, h);
      const expected = mbgExpectedPurchases(fit, 52, h);
      assert.ok(Number.isFinite(ll) && alive >= 0 && alive <= 1 && Number.isFinite(expected) && expected >= 0, JSON.stringify({ h, ll, alive, expected }));
    }
  });
});
