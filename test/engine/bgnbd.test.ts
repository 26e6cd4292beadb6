/**
 * BG/NBD and Gamma-Gamma on the CDNOW sample the papers used (test/fixtures/CDNOW_sample.txt, 2,357
 * customers, 39-week calibration period 1997-01-01 to 1997-09-30, time in weeks, purchases on the
 * same day counted as one transaction).
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { expectedPurchases, fitBgNbd, fitGammaGamma, probabilityAlive, type RepeatHistory } from "../../src/engine/bgnbd.js";
import { lgamma, nelderMead } from "../../src/engine/optimize.js";

function cdnow(): { histories: RepeatHistory[]; spend: { x: number; m: number }[] } {
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) / 86_400_000;
  const end = day("19970930");
  const byCustomer = new Map<string, Map<number, number>>(); // customer → day → dollars that day
  for (const line of readFileSync("test/fixtures/CDNOW_sample.txt", "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const d = day(f[2]!);
    const days = byCustomer.get(f[0]!) ?? new Map<number, number>();
    days.set(d, (days.get(d) ?? 0) + Number(f[4]));
    byCustomer.set(f[0]!, days);
  }
  const histories: RepeatHistory[] = [];
  const spend: { x: number; m: number }[] = [];
  for (const days of byCustomer.values()) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    const first = sorted[0]!;
    const inCal = sorted.filter((d) => d <= end);
    const x = inCal.length - 1;
    histories.push({ x, tx: (inCal[inCal.length - 1]! - first) / 7, T: (end - first) / 7 });
    if (x > 0) spend.push({ x, m: inCal.slice(1).reduce((t, d) => t + days.get(d)!, 0) / x });
  }
  return { histories, spend };
}

describe("engine/optimize", () => {
  it("lgamma matches known values", () => {
    assert.ok(Math.abs(lgamma(5) - Math.log(24)) < 1e-13);
    assert.ok(Math.abs(lgamma(0.5) - 0.5 * Math.log(Math.PI)) < 1e-13);
    assert.ok(Math.abs(lgamma(100) - 359.13420536957540) < 1e-9);
  });
  it("Nelder-Mead finds the minimum of the Rosenbrock function", () => {
    const m = nelderMead(([x, y]) => 100 * (y! - x! ** 2) ** 2 + (1 - x!) ** 2, [-1.2, 1]);
    assert.ok(Math.abs(m.x[0]! - 1) < 1e-4 && Math.abs(m.x[1]! - 1) < 1e-4, JSON.stringify(m));
  });
});

describe("engine/bgnbd: the CDNOW estimates of the papers", function () {
  this.timeout(60_000);
  const data = cdnow();

  it("reads 2,357 customers", () => {
    assert.equal(data.histories.length, 2357);
    assert.equal(data.spend.length, 946, "946 customers made repeat purchases in the calibration period");
  });

  it("fits BG/NBD: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4 (Fader, Hardie and Lee 2005)", () => {
    const fit = fitBgNbd(data.histories);
    assert.equal(fit.r.toFixed(3), "0.243");
    assert.equal(fit.alpha.toFixed(3), "4.414");
    assert.equal(fit.a.toFixed(3), "0.793");
    assert.equal(fit.b.toFixed(3), "2.426");
    assert.equal(fit.logLikelihood.toFixed(1), "-9582.4");
    // The paper's worked example: x = 2, t_x = 30.43, T = 38.86: 1.226 expected purchases in the next 39 weeks.
    assert.equal(expectedPurchases(fit, 39, { x: 2, tx: 30.43, T: 38.86 }).toFixed(3), "1.226");
    const alive = probabilityAlive(fit, { x: 2, tx: 30.43, T: 38.86 });
    assert.ok(alive > 0 && alive < 1);
    assert.equal(probabilityAlive(fit, { x: 0, tx: 0, T: 38 }), 1);
  });

  it("fits Gamma-Gamma on the repeat buyers: p = 6.25, q = 3.74, γ = 15.44 (Fader, Hardie and Lee, RFM and CLV)", () => {
    const g = fitGammaGamma(data.spend);
    assert.equal(g.p.toFixed(2), "6.25");
    assert.equal(g.q.toFixed(2), "3.74");
    assert.equal(g.gamma.toFixed(2), "15.44");
  });
});

describe("engine/orderlist: RFM and the models on an order list", function () {
  this.timeout(60_000);
  it("fits BG/NBD on the CDNOW lines read as an order list (weeks, now = the list's last date)", async () => {
    const { aggregateTransactions } = await import("../../src/engine/transactions.js");
    const { orderListModels } = await import("../../src/engine/orderlist.js");
    const rows: (string | number)[][] = [["Date", "Customer", "Amount"]];
    for (const line of readFileSync("test/fixtures/CDNOW_sample.txt", "utf8").split("\n")) {
      const f = line.trim().split(/\s+/);
      if (f.length >= 5 && f[2]! <= "19970930") rows.push([f[2]!, f[0]!, Number(f[4])]);
    }
    const a = aggregateTransactions(rows);
    assert.equal(a.customers.length, 2357);
    const m = orderListModels(a);
    // "Now" here is the last purchase in the calibration period (1997-09-30 happens to be one), so the fit
    // equals the paper's.
    assert.equal(m.bgnbd!.r.toFixed(3), "0.243");
    assert.equal(m.customers.length, 2357);
    assert.ok(m.customers.every((c) => c.pAlive === null || (c.pAlive >= 0 && c.pAlive <= 1)));
    assert.ok(m.segments.reduce((t, s) => t + s.customers, 0) === 2357);
  });
});
