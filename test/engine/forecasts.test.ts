/**
 * Forecasts people use (issue 19): the CLV as a cash flow per month, per customer and in total; the
 * intervals for the portfolio's CLV and per RFM segment; the interval from a sample of a large list.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { aggregateTransactions, type Aggregation } from "../../src/engine/orders/transactions.js";
import { monthlyCashFlow, orderListModels, WEEKS_PER_MONTH } from "../../src/engine/orders/orderlist.js";
import { COUNT_MODELS } from "../../src/engine/orders/holdout.js";
import { drawInterval, evenSample } from "../../src/engine/orders/uncertainty.js";
import { expectedPurchases, type BgNbd } from "../../src/engine/orders/bgnbd.js";
import { cdnowHistories } from "./cdnow.js";

function cdnow(): Aggregation {
  const rows: (string | number)[][] = [["Date", "Customer", "Amount"]];
  for (const line of readFileSync("test/fixtures/CDNOW_sample.txt", "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    rows.push([`${f[2]!.slice(0, 4)}-${f[2]!.slice(4, 6)}-${f[2]!.slice(6, 8)}`, `C${f[0]}`, Number(f[4])]);
  }
  return aggregateTransactions(rows);
}

describe("engine/orderlist: the CLV month by month, and intervals for the portfolio and per RFM segment", function () {
  this.timeout(60_000);
  const a = cdnow();
  const m = orderListModels(a, { horizonMonths: 12, discount: 0.1 });

  it("each customer's months add up to their CLV, the portfolio's months to the customers' and to their expected purchases", () => {
    let clv = 0;
    let purchases = 0;
    for (const c of m.customers) {
      if (c.clv === null) {
        assert.equal(c.cashFlow, null);
        continue;
      }
      assert.equal(c.cashFlow!.length, 12);
      assert.ok(Math.abs(c.cashFlow!.reduce((t, v) => t + v, 0) - c.clv) <= 1e-9 * Math.max(1, c.clv));
      assert.ok(c.cashFlow!.every((v) => v >= 0));
      clv += c.clv;
    }
    for (const c of m.customers) purchases += c.expectedPurchases ?? 0;
    assert.equal(m.cashFlow.length, 12);
    const flowValue = m.cashFlow.reduce((t, x) => t + x.value, 0);
    const flowPurchases = m.cashFlow.reduce((t, x) => t + x.purchases, 0);
    assert.ok(Math.abs(flowValue - clv) < 1e-6 * clv, `${flowValue} against ${clv}`);
    assert.ok(Math.abs(flowPurchases - purchases) < 1e-6 * purchases, `${flowPurchases} against ${purchases}`);
    // Fewer purchases each month as customers drift away; the months' ends a month apart, from the list's last date.
    for (let k = 1; k < 12; k++) assert.ok(m.cashFlow[k]!.purchases < m.cashFlow[k - 1]!.purchases);
    assert.equal(m.cashFlow[0]!.until, "1998-07-30");
    assert.equal(m.cashFlow[11]!.until, "1999-06-30");
  });

  it("discounts month k by (1 + rate)^(k/12) and computes each month's purchases as the difference of the expectations", () => {
    const p: BgNbd = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: 0 };
    const h = { x: 2, tx: 30.43, T: 38.86 };
    const f = monthlyCashFlow(p, h, 40, 0.5, 3, 0.1);
    for (let k = 1; k <= 3; k++) {
      const inMonth = expectedPurchases(p, k * WEEKS_PER_MONTH, h) - expectedPurchases(p, (k - 1) * WEEKS_PER_MONTH, h);
      assert.ok(Math.abs(f.purchases[k - 1]! - inMonth) < 1e-12);
      assert.ok(Math.abs(f.value[k - 1]! - (inMonth * 40 * 0.5) / 1.1 ** (k / 12)) < 1e-12);
    }
  });

  it("Pareto/NBD's curve (P(alive) once) equals its expectation horizon by horizon", () => {
    const pareto = COUNT_MODELS.find((x) => x.name === "paretonbd")!;
    const p: BgNbd = { r: 0.5534, alpha: 10.5776, a: 0.6061, b: 11.665, logLikelihood: 0 };
    for (const h of [{ x: 0, tx: 0, T: 30 }, { x: 4, tx: 20, T: 38 }, { x: 250, tx: 70, T: 78 }]) {
      const weeks = [4.35, 8.7, 52];
      pareto.curve(p, weeks, h).forEach((v, k) => assert.ok(Math.abs(v - pareto.expected(p, weeks[k]!, h)) <= 1e-12 * Math.max(1, v)));
    }
  });

  it("gives the portfolio's CLV and each RFM segment's purchases and CLV a 90% interval around the expectation; segments add up", () => {
    assert.ok(m.clvInterval, "a CLV interval");
    const clv = m.customers.reduce((t, c) => t + (c.clv ?? 0), 0);
    assert.ok(Math.abs(m.clvInterval!.expected - clv) < 1e-6 * clv);
    assert.ok(m.clvInterval!.low < clv && clv < m.clvInterval!.high);
    let purchases = 0;
    for (const s of m.segments) {
      assert.ok(s.expectedPurchases && s.clvInterval, s.segment);
      assert.ok(s.expectedPurchases!.low <= s.expectedPurchases!.expected && s.expectedPurchases!.expected <= s.expectedPurchases!.high, s.segment);
      assert.ok(s.clvInterval!.low <= s.clvInterval!.expected && s.clvInterval!.expected <= s.clvInterval!.high, s.segment);
      assert.ok(Math.abs(s.clvInterval!.expected - (s.clv ?? 0)) < 1e-6 * Math.max(1, s.clv ?? 0));
      purchases += s.expectedPurchases!.expected;
    }
    assert.ok(Math.abs(purchases - m.uncertainty!.purchases!.expected) < 1e-6 * purchases);
    assert.ok(m.notes.some((n) => /^CLV over the next 12 months: [\d,]+ \(90% interval [\d,]+ to [\d,]+/.test(n)), m.notes.join("\n"));
  });

  it("an interval from an even sample of a large portfolio is close to the one from all of it", () => {
    assert.deepEqual(evenSample(5, 10), [0, 1, 2, 3, 4]);
    assert.deepEqual(evenSample(10, 4), [1, 3, 6, 8]);
    // CDNOW copied 20 times over (47,140 histories), the intervals from all and from 2,000 of them.
    const base = cdnowHistories();
    const many = Array.from({ length: 20 }, (_, k) => base.map((h) => ({ ...h, T: h.T + k * 0.01 }))).flat();
    const fit: BgNbd = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: 0 };
    const draws: BgNbd[] = Array.from({ length: 60 }, (_, k) => ({ ...fit, r: fit.r * (1 + 0.05 * Math.sin(k)), a: fit.a * (1 + 0.08 * Math.cos(3 * k)) }));
    const total = (p: BgNbd, list: typeof many) => list.reduce((t, h) => t + expectedPurchases(p, 39, h), 0);
    const expected = total(fit, many);
    const all = drawInterval(draws, expected, (p) => total(p, many), expected)!;
    const sample = evenSample(many.length, 2000).map((i) => many[i]!);
    const fromSample = drawInterval(draws, expected, (p) => total(p, sample), total(fit, sample))!;
    assert.ok(Math.abs(fromSample.low - all.low) < 0.01 * all.low && Math.abs(fromSample.high - all.high) < 0.01 * all.high, `${JSON.stringify(fromSample)} against ${JSON.stringify(all)}`);
    assert.ok(all.low < expected && expected < all.high);
  });
});
