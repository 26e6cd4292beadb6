/**
 * Pareto/NBD on CDNOW as Fader, Hardie and Lee's note on it reports: r = 0.5534, alpha = 10.5776,
 * s = 0.6061, beta = 11.6650, log-likelihood −9594.9762 (39-week calibration, 2,357 customers); stable
 * for heavy buyers with long histories, where the plain formula overflows.
 */
import { strict as assert } from "node:assert";
import { cdnowHistories } from "./cdnow.js";
import type { RepeatHistory } from "../../src/engine/orders/bgnbd.js";
import { fitParetoNbd, paretoExpectedPurchases, paretoNbdLogLikelihood, paretoProbabilityAlive } from "../../src/engine/orders/paretonbd.js";


describe("engine/paretonbd: Pareto/NBD on CDNOW, the note's estimates", function () {
  this.timeout(120_000);
  const h = cdnowHistories();

  it("reproduces the published log-likelihood to its printed precision, and the parameters within 0.05%", () => {
    const fit = fitParetoNbd(h);
    assert.equal(fit.logLikelihood.toFixed(4), "-9594.9762");
    const published = { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 };
    for (const k of ["r", "alpha", "s", "beta"] as const) assert.ok(Math.abs(fit[k] - published[k]) / published[k] < 5e-4, `${k}: ${fit[k]} against ${published[k]}`);
    // The likelihood is flat along a ridge there: the fit is at least as good as the published point (Excel's Solver).
    assert.ok(fit.logLikelihood >= h.reduce((t, c) => t + paretoNbdLogLikelihood(published, c), 0) - 1e-9);
  });

  it("stays finite for heavy buyers (x in the hundreds, long histories), with P(alive) in [0, 1]", () => {
    const p = { r: 0.5534, alpha: 10.5776, s: 0.6061, beta: 11.665 };
    for (const c of [{ x: 300, tx: 519, T: 520 }, { x: 800, tx: 1000, T: 1040 }, { x: 500, tx: 100, T: 1040 }, { x: 0, tx: 0, T: 3000 }]) {
      const ll = paretoNbdLogLikelihood(p, c);
      const alive = paretoProbabilityAlive(p, c);
      const e = paretoExpectedPurchases(p, 52, c);
      assert.ok(Number.isFinite(ll) && alive >= 0 && alive <= 1 && Number.isFinite(e) && e >= 0, JSON.stringify({ c, ll, alive, e }));
    }
    // A heavy buyer who stopped long ago is very likely gone; one who just bought is very likely alive.
    assert.ok(paretoProbabilityAlive(p, { x: 500, tx: 100, T: 1040 }) < 0.01);
    assert.ok(paretoProbabilityAlive(p, { x: 300, tx: 519, T: 520 }) > 0.9);
  });
});

describe("engine: each model's likelihood as the fits evaluate it (grouped, terms shared) equals the sum over customers", () => {
  it("BG/NBD, MBG/NBD and Pareto/NBD on CDNOW plus heavy buyers, at several parameter points, both Pareto/NBD branches (alpha < beta and alpha >= beta)", async () => {
    const { bgNbdObjective, bgNbdLogLikelihood } = await import("../../src/engine/orders/bgnbd.js");
    const { mbgNbdObjective, mbgNbdLogLikelihood } = await import("../../src/engine/orders/mbgnbd.js");
    const { paretoNbdObjective } = await import("../../src/engine/orders/paretonbd.js");
    const h: RepeatHistory[] = [...cdnowHistories(), { x: 300, tx: 150.5, T: 156 }, { x: 120, tx: 40, T: 156 }, { x: 300, tx: 150.5, T: 156 }, { x: 0, tx: 0, T: 10 }];
    for (const p of [{ r: 0.55, alpha: 10.6, a: 0.61, b: 11.7 }, { r: 0.3, alpha: 20, a: 1.2, b: 3 }, { r: 2, alpha: 5, a: 0.8, b: 2.5 }]) {
      const z = [p.r, p.alpha, p.a, p.b].map(Math.log);
      const close = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) <= 1e-9 * Math.abs(want), `${what}: ${got} against ${want}`);
      close(-bgNbdObjective(h)(z), h.reduce((t, c) => t + bgNbdLogLikelihood(p, c), 0), "BG/NBD");
      close(-mbgNbdObjective(h)(z), h.reduce((t, c) => t + mbgNbdLogLikelihood(p, c), 0), "MBG/NBD");
      const q = { r: p.r, alpha: p.alpha, s: p.a, beta: p.b };
      close(-paretoNbdObjective(h)(z), h.reduce((t, c) => t + paretoNbdLogLikelihood(q, c), 0), "Pareto/NBD");
    }
  });
});
