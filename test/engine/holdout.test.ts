/**
 * Calibration and holdout (issue 19) on the CDNOW sample, as Fader, Hardie and Lee validate BG/NBD:
 * 39 weeks of calibration (1997-01-01 to 1997-09-30), 39 weeks of holdout. The calibration fit is the
 * paper's (r 0.243, alpha 4.414, a 0.793, b 2.426); the holdout figures are measured per customer.
 */
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { aggregateTransactions } from "../../src/engine/orders/transactions.js";
import { validateModels } from "../../src/engine/orders/holdout.js";
import { main } from "../../src/cli/main.js";
import { scratchDir } from "../scratch.js";

function cdnowLines(): (string | number)[][] {
  const rows: (string | number)[][] = [["Date", "Customer", "Amount"]];
  for (const line of readFileSync("test/fixtures/CDNOW_sample.txt", "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 5) rows.push([f[2]!, f[0]!, Number(f[4])]);
  }
  return rows;
}

const day = (iso: string) => Date.parse(iso) / 86_400_000;

describe("engine/holdout: calibration and holdout on CDNOW (39 + 39 weeks)", function () {
  this.timeout(120_000);
  const a = aggregateTransactions(cdnowLines());
  const v = validateModels(a, { calibrationEnd: day("1997-09-30") });

  it("fits the calibration part as the paper does, and predicts the holdout close to what happened", () => {
    assert.equal(v.calibrationEnd, "1997-09-30");
    assert.equal(Math.round(v.holdoutWeeks), 39);
    const bg = v.models.find((m) => m.model === "bgnbd")!;
    const p = bg.calibration.params!;
    assert.deepEqual([p.r, p.alpha, p.a, p.b].map((x) => x!.toFixed(3)), ["0.243", "4.414", "0.793", "2.426"]);
    assert.equal(bg.calibration.logLikelihood!.toFixed(1), "-9582.4");
    const h = bg.holdout!;
    assert.equal(h.customers, 2357);
    // Every customer's actual holdout purchases are counted (order days after the split).
    const actual = a.customers.reduce((t, c) => t + c.days.filter((d) => d > day("1997-09-30")).length, 0);
    assert.equal(h.actual, actual);
    // BG/NBD predicts somewhat fewer repeat purchases than the 1,882 order days that came (1,653 here): close, not exact.
    assert.ok(Math.abs(h.predicted - h.actual) / h.actual < 0.15, `predicted ${h.predicted.toFixed(0)} against ${h.actual}`);
    assert.ok(h.mae > 0 && h.rmse >= h.mae && Math.abs(h.bias) < h.mae);
    assert.ok(Math.abs(h.bias * h.customers - (h.predicted - h.actual)) < 1e-6);
    console.log(`      (CDNOW holdout, ${h.customers} customers: BG/NBD predicted ${h.predicted.toFixed(0)} repeat purchases against ${h.actual}; MAE ${h.mae.toFixed(3)}, RMSE ${h.rmse.toFixed(3)}, bias ${h.bias.toFixed(3)}; MBG/NBD MAE ${v.models[1]!.holdout!.mae.toFixed(3)} (${v.models[1]!.holdout!.predicted.toFixed(0)}); Pareto/NBD MAE ${v.models[2]!.holdout!.mae.toFixed(3)} (${v.models[2]!.holdout!.predicted.toFixed(0)}); chosen ${v.chosen})`);
  });

  it("tracks cumulative repeat purchases week by week, actual against the model, over both periods", () => {
    const tr = v.tracking!;
    assert.equal(tr.calibrationWeek, 39);
    assert.equal(tr.week.length, 78);
    for (let k = 1; k < tr.week.length; k++) assert.ok(tr.actual[k]! >= tr.actual[k - 1]! && tr.model[k]! >= tr.model[k - 1]!);
    // At the split the model (fitted on the calibration) is close to what happened; at the end too.
    const at = (k: number) => [tr.model[k - 1]!, tr.actual[k - 1]!] as const;
    for (const w of [39, 78]) {
      const [m, act] = at(w);
      assert.ok(Math.abs(m - act) / act < 0.12, `week ${w}: model ${m.toFixed(0)} against ${act}`);
    }
  });

  it("chooses the model by the holdout error, names the runner-up, and forecasts with the whole period's fit", () => {
    const ranked = [...v.models].sort((x, y) => x.holdout!.mae - y.holdout!.mae);
    assert.equal(v.chosen, ranked[0]!.model);
    assert.equal(v.runnerUp, ranked[1]!.model);
    const bg = v.models[0]!;
    // The whole period (78 weeks) gives other parameters than the calibration part.
    assert.notEqual(bg.params!.r!.toFixed(3), bg.calibration.params!.r!.toFixed(3));
  });

  it("says in words why a model is left out, never NaN: nobody repeats, 20 customers, one huge customer", () => {
    const make = (rows: (string | number)[][]) => aggregateTransactions([["Date", "Customer", "Amount"], ...rows], { columns: { date: 0, customer: 1, amount: 2, cost: null, order: null } });
    const nobody = make(Array.from({ length: 50 }, (_, i) => [`2024-0${1 + (i % 9)}-1${i % 10}`, `C${i}`, 100]));
    const twenty = make(Array.from({ length: 60 }, (_, i) => [`2024-0${1 + (i % 9)}-1${i % 10}`, `C${i % 20}`, 100]));
    const huge = make([...Array.from({ length: 300 }, (_, i) => [`2024-${String(1 + (i % 12)).padStart(2, "0")}-0${1 + (i % 9)}`, "Big", 1e6]), ...Array.from({ length: 40 }, (_, i) => [`2024-0${1 + (i % 9)}-2${i % 8}`, `C${i % 25}`, 50])]);
    for (const [name, agg] of [["nobody repeats", nobody], ["20 customers", twenty], ["one huge customer", huge]] as const) {
      const r = validateModels(agg);
      const text = [...r.notes, ...r.models.flatMap((m) => m.notes)].join(" ");
      for (const m of r.models) {
        if (m.holdout) for (const x of Object.values(m.holdout)) assert.ok(Number.isFinite(x), `${name}: ${m.model} holdout ${JSON.stringify(m.holdout)}`);
        if (!m.params) assert.match(text, /too few repeat buyers \(\d+\) for a stable model|cannot be fitted/, `${name}: ${m.model} left out without a reason`);
      }
    }
  });

  it("writes the JSON contract: one object per model with params, calibration and holdout, and the chosen model", async () => {
    const dir = scratchDir("segment-holdout-");
    const file = join(dir, "cdnow.csv");
    writeFileSync(file, cdnowLines().map((r) => r.join(";")).join("\n"));
    const settings = join(dir, "settings.json");
    writeFileSync(settings, JSON.stringify({ orderList: { calibrationEnd: "1997-09-30" } }));
    let out = "";
    const code = await main([file, "--format", "json", "--out", "-", "--quiet", "--settings", settings], { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: () => true } });
    assert.equal(code, 0);
    const doc = JSON.parse(out) as { summary: { orderList: { models: { model: string; params: Record<string, number>; logLikelihood: number; calibration: { end: string; params: Record<string, number> }; holdout: Record<string, number> }[]; chosenModel: string } }; rows: { holdout?: { predicted: number; actual: number } }[] };
    const ol = doc.summary.orderList;
    assert.deepEqual(ol.models.map((m) => m.model), ["bgnbd", "mbgnbd", "paretonbd"]);
    for (const m of ol.models) {
      // Named as in the papers: r, alpha, a, b (BG/NBD, MBG/NBD); r, alpha, s, beta (Pareto/NBD).
      assert.deepEqual(Object.keys(m.params).sort(), m.model === "paretonbd" ? ["alpha", "beta", "r", "s"] : ["a", "alpha", "b", "r"]);
      assert.equal(m.calibration.end, "1997-09-30");
      assert.ok(Number.isFinite(m.logLikelihood) && Number.isFinite(m.holdout.mae));
    }
    assert.ok(["bgnbd", "mbgnbd", "paretonbd"].includes(ol.chosenModel));
    assert.ok(doc.rows.every((r) => r.holdout && Number.isFinite(r.holdout.predicted)));
  });
});

describe("engine/orderlist: Gamma-Gamma's assumption checked", () => {
  it("reports the correlation of purchase frequency and spend, and warns in words when it is large", async () => {
    const { orderListModels } = await import("../../src/engine/orders/orderlist.js");
    const { aggregateTransactions } = await import("../../src/engine/orders/transactions.js");
    // Customers who buy more often also spend more per order: the assumption does not hold.
    const rows: (string | number)[][] = [["Date", "Customer", "Amount"]];
    for (let c = 1; c <= 60; c++) for (let k = 0; k <= c % 12; k++) rows.push([`2024-${String(1 + k).padStart(2, "0")}-${String(1 + (c % 27)).padStart(2, "0")}`, `C${c}`, 20 + 15 * (c % 12) + (k % 3)]);
    const m = orderListModels(aggregateTransactions(rows), { validate: false });
    assert.ok(m.spendCorrelation && m.spendCorrelation.correlation > 0.5, JSON.stringify(m.spendCorrelation));
    assert.ok(m.notes.some((n) => /spend per purchase does not depend on how often a customer buys; here they go together \(correlation -?\d\.\d\d over \d+ customers\)/.test(n)), m.notes.join(" | "));
  });
});

describe("engine/holdout: the expectation for a new customer", () => {
  it("equals the conditional expectation at x = 0, T = 0, for both models", async () => {
    const { unconditionalPurchases } = await import("../../src/engine/orders/holdout.js");
    const { expectedPurchases } = await import("../../src/engine/orders/bgnbd.js");
    const { mbgExpectedPurchases } = await import("../../src/engine/orders/mbgnbd.js");
    const p = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614, logLikelihood: 0 };
    for (const t of [1, 13, 39, 78]) {
      assert.ok(Math.abs(unconditionalPurchases("bgnbd", p, t) - expectedPurchases(p, t, { x: 0, tx: 0, T: 0 })) < 1e-12);
      assert.ok(Math.abs(unconditionalPurchases("mbgnbd", p, t) - mbgExpectedPurchases(p, t, { x: 0, tx: 0, T: 0 })) < 1e-12);
    }
  });
});

describe("engine/uncertainty: how sure the forecast is", function () {
  this.timeout(120_000);
  it("gives standard errors and a 90% interval; on a small portfolio it says first, in words, that the forecast is uncertain", async () => {
    const { forecastUncertainty, inverse } = await import("../../src/engine/orders/uncertainty.js");
    const { countModel } = await import("../../src/engine/orders/holdout.js");
    const { fitBgNbd } = await import("../../src/engine/orders/bgnbd.js");
    const { cdnowHistories } = await import("./cdnow.js");
    // The inverse of a small matrix.
    const m = [[4, 1], [1, 3]];
    const inv = inverse(m)!;
    assert.ok(Math.abs(inv[0]![0]! - 3 / 11) < 1e-12 && Math.abs(inv[0]![1]! + 1 / 11) < 1e-12);
    const all = cdnowHistories();
    const big = forecastUncertainty(countModel("bgnbd"), fitBgNbd(all), all, 39);
    for (const v of Object.values(big.standardErrors)) assert.ok(v !== null && v > 0 && Number.isFinite(v));
    // As an independent implementation reports them for this fit (lifetimes' BetaGeoFitter summary on
    // CDNOW: se 0.012557, 0.378221, 0.185719, 0.705345), to three significant digits.
    const se = big.standardErrors;
    assert.deepEqual([se.r!.toPrecision(3), se.alpha!.toPrecision(3), se.a!.toPrecision(3), se.b!.toPrecision(3)], ["0.0126", "0.378", "0.186", "0.705"]);
    const p = big.purchases!;
    assert.ok(p.low < p.expected && p.expected < p.high, JSON.stringify(p));
    assert.doesNotMatch(big.sentence, /^Careful/);
    // 60 customers of the same data: a much wider interval, and a warning first.
    const few = all.filter((_, i) => i % 40 === 0);
    const small = forecastUncertainty(countModel("bgnbd"), fitBgNbd(few), few, 39);
    assert.match(small.sentence, /^Careful, this forecast is uncertain: it rests on 59 customers, of whom \d+ bought again\./);
    if (small.purchases) assert.ok((small.purchases.high - small.purchases.low) / small.purchases.expected > (p.high - p.low) / p.expected);
    console.log(`      (CDNOW, 39 weeks ahead: expected ${p.expected.toFixed(0)}, 90% ${p.low.toFixed(0)} to ${p.high.toFixed(0)}; SE r ${big.standardErrors.r!.toFixed(3)}, alpha ${big.standardErrors.alpha!.toFixed(3)}, a ${big.standardErrors.a!.toFixed(3)}, b ${big.standardErrors.b!.toFixed(3)})`);
  });
});

describe("engine/holdout: customers by repeat purchases in the calibration part", function () {
  this.timeout(120_000);
  it("counts them, 0 to 7+, and the model's expected counts add up to the customers (each model)", async () => {
    const { countDistribution } = await import("../../src/engine/orders/holdout.js");
    // A distribution sums to 1, for both models and a range of times.
    for (const name of ["bgnbd", "mbgnbd"] as const) for (const t of [0, 1, 20, 78]) {
      const d = countDistribution(name, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, t);
      assert.ok(Math.abs(d.reduce((s, v) => s + v, 0) - 1) < 1e-9 && d.every((v) => v >= 0), `${name} t ${t}: ${d}`);
    }
    const a = aggregateTransactions(cdnowLines());
    for (const fixed of ["bgnbd", "mbgnbd", "paretonbd"] as const) {
      const v = validateModels(a, { calibrationEnd: day("1997-09-30"), fixed });
      const pc = v.periodCounts!;
      assert.equal(pc.actual.reduce((s, x) => s + x, 0), 2357);
      assert.ok(Math.abs(pc.model.reduce((s, x) => s + x, 0) - 2357) < 1, `${fixed}: ${pc.model}`);
      // The customers who never bought again: the model within 5% of what happened.
      assert.ok(Math.abs(pc.model[0]! - pc.actual[0]!) / pc.actual[0]! < 0.05, `${fixed}: ${pc.model[0]} against ${pc.actual[0]}`);
    }
  });
});
