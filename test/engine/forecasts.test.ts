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
import { gammaDraw, seededUniform } from "../../src/engine/analysis/stats.js";

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

  it("Pareto/NBD's curve (P(alive) once) is the note's conditional expectation horizon by horizon", () => {
    const pareto = COUNT_MODELS.find((x) => x.name === "paretonbd")!;
    const p: BgNbd = { r: 0.5534, alpha: 10.5776, a: 0.6061, b: 11.665, logLikelihood: 0 };
    const [r, alpha, s, beta] = [p.r, p.alpha, p.a, p.b];
    for (const h of [{ x: 0, tx: 0, T: 30 }, { x: 4, tx: 20, T: 38 }, { x: 250, tx: 70, T: 78 }]) {
      const weeks = [4.35, 8.7, 52];
      // E[X(T, T+t)] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)
      const note = (t: number) => (((r + h.x) * (beta + h.T)) / ((alpha + h.T) * (s - 1))) * (1 - ((beta + h.T) / (beta + h.T + t)) ** (s - 1)) * pareto.alive(p, h);
      pareto.curve(p, weeks, h).forEach((v, k) => assert.ok(Math.abs(v - note(weeks[k]!)) <= 1e-12 * Math.max(1, v), `t = ${weeks[k]}: ${v} against ${note(weeks[k]!)}`));
      assert.equal(pareto.expected(p, 52, h), pareto.curve(p, [52], h)[0]);
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

describe("engine: P(alive) on a future date", () => {
  const gamma = gammaDraw;

  it("BG/NBD, MBG/NBD and Pareto/NBD agree with a Monte Carlo over the posterior, equal P(alive) at t = 0 and fall with t", () => {
    const bg = COUNT_MODELS.find((m) => m.name === "bgnbd")!;
    const mbg = COUNT_MODELS.find((m) => m.name === "mbgnbd")!;
    const pareto = COUNT_MODELS.find((m) => m.name === "paretonbd")!;
    const p: BgNbd = { r: 0.8, alpha: 6, a: 0.9, b: 2.5, logLikelihood: 0 };
    const u = seededUniform(7);
    for (const h of [{ x: 0, tx: 0, T: 20 }, { x: 3, tx: 15, T: 30 }, { x: 12, tx: 50, T: 52 }]) {
      for (const m of [bg, mbg, pareto]) {
        assert.ok(Math.abs(m.aliveAt(p, h, 0) - m.alive(p, h)) < 1e-12, `${m.name} t = 0`);
        assert.ok(m.aliveAt(p, h, 10) < m.aliveAt(p, h, 5) && m.aliveAt(p, h, 5) < m.alive(p, h) + 1e-12, `${m.name} falls`);
      }
      // Posterior given alive at T: λ ~ Gamma(r+x, α+T); BG/NBD p ~ Beta(a, b+x), MBG/NBD Beta(a, b+x+1);
      // alive at T+t when no purchase in (T, T+t] makes the customer leave: E[e^(−λ p t)].
      // Pareto/NBD: μ ~ Gamma(s, β+T), E[e^(−μ t)].
      const t = 26;
      const n = 200_000;
      let bgSum = 0, mbgSum = 0, parSum = 0;
      for (let k = 0; k < n; k++) {
        const lambda = gamma(u, p.r + h.x) / (p.alpha + h.T);
        const g1 = gamma(u, p.a);
        const pb = g1 / (g1 + gamma(u, p.b + h.x));
        const pm = g1 / (g1 + gamma(u, p.b + h.x + 1));
        const mu = gamma(u, p.a) / (p.b + h.T);
        bgSum += Math.exp(-lambda * pb * t);
        mbgSum += Math.exp(-lambda * pm * t);
        parSum += Math.exp(-mu * t);
      }
      const near = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) < 0.006, `${what} x=${h.x}: ${got} against ${want} (Monte Carlo)`);
      near(bg.aliveAt(p, h, t), bg.alive(p, h) * (bgSum / n), "BG/NBD");
      near(mbg.aliveAt(p, h, t), mbg.alive(p, h) * (mbgSum / n), "MBG/NBD");
      near(pareto.aliveAt(p, h, t), pareto.alive(p, h) * (parSum / n), "Pareto/NBD");
    }
  });

  it("the setting orderList.aliveAt adds a column P(alive) on that date, in the JSON too; a date not after the list's end is said and left out", async () => {
    const { segmentOrderList, orderListColumns } = await import("../../src/engine/orders/orderlist.js");
    const a = cdnow();
    const { models } = segmentOrderList(a, { orderList: { aliveAt: "1998-12-31" } }, "Customers");
    assert.equal(models.aliveAt, "1998-12-31");
    const col = orderListColumns(models).find((c) => c.key === "pAliveAt")!;
    assert.equal(col.header, "P(alive) on 1998-12-31");
    models.customers.forEach((c) => assert.ok(c.pAliveAt !== null && c.pAliveAt! <= c.pAlive! + 1e-12 && c.pAliveAt! > 0));
    const { models: late } = segmentOrderList(a, { orderList: { aliveAt: "1998-01-01" } }, "Customers");
    assert.equal(late.aliveAt, null);
    assert.ok(late.notes.some((n) => n.startsWith("P(alive) on 1998-01-01 left out: that date is not after the list's last date (1998-06-30).")));
    assert.equal(orderListColumns(late).some((c) => c.key === "pAliveAt"), false);
    const { validateSettings, resolveSettings } = await import("../../src/engine/reading/settings.js");
    assert.ok(validateSettings({ ...resolveSettings({}), orderList: { ...resolveSettings({}).orderList, aliveAt: "soon" } }).some((p) => p.startsWith("orderList.aliveAt must be a date")));
  });
});

describe("engine/report: an order list's forecasts on the Segmentation sheet", () => {
  it("has the intervals per RFM segment and the months' cash flow as tables within A:E, nothing overlapping", async () => {
    const { segmentOrderList } = await import("../../src/engine/orders/orderlist.js");
    const { report, overlaps } = await import("../../src/engine/report/report.js");
    const a = cdnow();
    const { result, models } = segmentOrderList(a, {}, "Customers");
    const rep = report(result, { orderList: { aggregation: a, models } });
    assert.deepEqual(overlaps(rep), []);
    const tables = rep.blocks.filter((b) => b.style === "table" && b.col < rep.layout.widths.length);
    const ranges = tables.find((b) => b.cells[0]![2] === "Low (90%)")!;
    assert.ok(ranges, "the interval table");
    assert.equal(ranges.cells.length, models.segments.length + 2);
    const champions = models.segments[0]!;
    assert.deepEqual(ranges.cells[1]!.slice(0, 4), [champions.segment, Math.round(champions.expectedPurchases!.expected), Math.round(champions.expectedPurchases!.low), Math.round(champions.expectedPurchases!.high)]);
    assert.match(String(ranges.cells[1]![4]), /^ +[\d,]+ \(90%: [\d,]+ to [\d,]+\)$/);
    const flow = tables.find((b) => b.cells[0]![0] === "Month" && b.cells[0]![2] === "Value")!;
    assert.ok(flow, "the cash-flow table");
    assert.equal(flow.cells.length, 14);
    assert.equal(flow.cells[1]![0], "Month 1, to 1998-07-30");
    assert.equal(flow.cells[13]![2], Math.round(models.cashFlow.reduce((t, m) => t + m.value, 0)));
    for (const b of [ranges, flow]) assert.ok(Math.max(...b.cells.map((r) => r.length)) <= rep.layout.widths.length);
  });
});

describe("engine: the CLV month by month as columns of the customers' sheet", () => {
  it("orderList.monthlyClv adds one column per month after the CLV, their sum the CLV; off by default", async () => {
    const { segmentOrderList, orderListColumns } = await import("../../src/engine/orders/orderlist.js");
    const a = cdnow();
    const off = orderListColumns(segmentOrderList(a, {}, "Customers").models);
    assert.equal(off.some((c) => c.key === "clvMonth"), false);
    const { models } = segmentOrderList(a, { orderList: { monthlyClv: true, horizonMonths: 6 }, language: "nl" }, "Klanten");
    const cols = orderListColumns(models, "nl");
    const months = cols.filter((c) => c.key === "clvMonth");
    assert.equal(months.length, 6);
    // After the CLV and the holdout check's two columns.
    assert.deepEqual(cols.slice(cols.findIndex((c) => c.key === "clv") + 1).map((c) => c.key).slice(0, 3), ["holdoutPredicted", "holdoutActual", "clvMonth"]);
    assert.equal(months[0]!.header, "CLV maand 1 (t/m 1998-07-30)");
    const clv = cols.find((c) => c.key === "clv")!;
    clv.values.forEach((v, i) => {
      const sum = months.reduce((t, m) => t + ((m.values[i] as number | null) ?? 0), 0);
      if (v === null) assert.ok(months.every((m) => m.values[i] === null));
      else assert.ok(Math.abs(sum - (v as number)) < 1e-6 * Math.max(1, v as number));
    });
    const { validateSettings, resolveSettings } = await import("../../src/engine/reading/settings.js");
    assert.ok(validateSettings({ ...resolveSettings({}), orderList: { ...resolveSettings({}).orderList, monthlyClv: "yes" } }).some((p) => p.startsWith("orderList.monthlyClv must be true or false")));
  });
});

describe("engine: P(alive) on a date far away, and on a list without dates", () => {
  it("stays a number years ahead (the expansion around 1 where the series is slow), equal to a numerical integral over the posterior", async () => {
    const { survivalAfter, hyp2f1, hyp2f1Near1 } = await import("../../src/engine/orders/bgnbd.js");
    const { lbeta } = await import("../../src/engine/orders/optimize.js");
    // E[(1 + p c)^−m] for p ~ Beta(a, b'), b' ≥ 1, by the midpoint rule after p = s^(1/a).
    const integral = (a: number, b: number, m: number, c: number) => {
      const n = 400_000;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const p = ((i + 0.5) / n) ** (1 / a);
        sum += (1 - p) ** (b - 1) * (1 + c * p) ** -m;
      }
      return sum / n / (a * Math.exp(lbeta(a, b)));
    };
    for (const [r, alpha, a, b, x, T, t] of [[0.8, 0.1, 0.9, 2.5, 0, 0, 52], [0.243, 4.414, 0.793, 2.426, 0, 0, 2948], [2, 0.5, 0.4, 1.2, 10, 2, 700]] as const) {
      const got = survivalAfter({ r, alpha, a, b }, x, T, t, b + x);
      assert.ok(Number.isFinite(got));
      const want = integral(a, b + x, r + x, t / (alpha + T));
      assert.ok(Math.abs(got - want) < 1e-6 * want, `t = ${t}: ${got} against ${want}`);
    }
    // Where both converge they agree.
    for (const [A, B, C, z] of [[2.1, 0.9, 3.4, 0.9], [-1.3, 0.8, 2.7, 0.95], [5.5, 1.7, 4.25, 0.97]] as const) {
      const direct = hyp2f1(A, B, C, z);
      assert.ok(Math.abs(hyp2f1Near1(A, B, C, 1 - z) - direct) < 1e-9 * Math.abs(direct), `2F1(${A}, ${B}; ${C}; ${z})`);
    }
  });

  it("a customer summary without dates: the months have no dates, and P(alive) on a date is left out with a note", async () => {
    const { summaryAggregation, detectCustomerSummary } = await import("../../src/engine/orders/summary.js");
    const table: (string | number)[][] = [["Customer", "Revenue", "x", "t_x", "T"]];
    for (const [i, h] of cdnowHistories().entries()) table.push([`C${i}`, 20 + (i % 50), h.x, h.tx, h.T]);
    const a = summaryAggregation(table, detectCustomerSummary(table)!);
    assert.equal(a.undated, true);
    const m = orderListModels(a, { aliveAt: 20_000, model: "bgnbd" });
    assert.equal(m.aliveAt, null);
    assert.ok(m.notes.some((n) => n.startsWith("P(alive) on 2024-10-04 left out: the list has no dates")), m.notes.join("\n"));
    assert.ok(m.cashFlow.length === 12 && m.cashFlow.every((c) => c.until === null));
  });
});
