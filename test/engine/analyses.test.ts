import { strict as assert } from "node:assert";
import { axisThreshold, bcg, bcgQuadrant } from "../../src/engine/analysis/bcg.js";
import { concentration } from "../../src/engine/analysis/concentration.js";
import { pareto } from "../../src/engine/analysis/pareto.js";
import { normalizeCriterion, tierOf, weightedScore } from "../../src/engine/analysis/score.js";
import { median, orderDescending, percentRankInc } from "../../src/engine/analysis/stats.js";
import { whaleCurve } from "../../src/engine/analysis/whale.js";

const cut = { aCutoff: 0.8, bCutoff: 0.95 };
const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

describe("engine/pareto", () => {
  it("ranks, shares and classes a simple list", () => {
    const p = pareto([50, 30, 15, 5], cut);
    assert.deepEqual([...p.rank], [1, 2, 3, 4]);
    assert.deepEqual([...p.cumulative], [0.5, 0.8, 0.95, 1]);
    assert.deepEqual(p.classes, ["A", "A", "B", "C"]);
    assert.equal(p.aCount, 2);
    close(p.aRevenueShare, 0.8);
  });

  it("keeps the customer that crosses the A line in A", () => {
    const p = pareto([70, 20, 10], cut);
    // 70% before the second customer, which takes it to 90%: still A. 90% before the third: B.
    assert.deepEqual(p.classes, ["A", "A", "B"]);
  });

  it("puts a customer that starts exactly at the cut-off in the next class", () => {
    const p = pareto([80, 15, 5], cut);
    assert.deepEqual(p.classes, ["A", "B", "C"]);
  });

  it("treats 0.1 + 0.7 as exactly the 80% line", () => {
    const p = pareto([10, 70, 20].map((x) => x / 100), cut);
    // order: 0.7 (A), 0.2 (cum before 0.7 → A), 0.1 (cum before 0.9 → B)
    assert.deepEqual(p.classes, ["B", "A", "A"]);
  });

  it("keeps sheet order for ties", () => {
    const p = pareto([10, 20, 10, 20], cut);
    assert.deepEqual([...p.rank], [3, 1, 4, 2]);
  });

  it("handles one customer", () => {
    const p = pareto([42], cut);
    assert.deepEqual([...p.rank], [1]);
    assert.deepEqual([...p.cumulative], [1]);
    assert.deepEqual(p.classes, ["A"]);
  });

  it("handles all revenue equal", () => {
    const p = pareto([5, 5, 5, 5, 5], cut);
    assert.deepEqual([...p.rank], [1, 2, 3, 4, 5]);
    assert.deepEqual(p.classes, ["A", "A", "A", "A", "B"]);
    assert.equal(p.cumulative[4], 1);
  });

  it("ranks zero and negative revenue last with cumulative 100%", () => {
    const p = pareto([0, 100, -50, 300], cut);
    assert.deepEqual([...p.rank], [3, 2, 4, 1]);
    assert.equal(p.totalPositive, 400);
    assert.equal(p.cumulative[0], 1);
    assert.equal(p.cumulative[2], 1);
    assert.equal(p.share[2], -50 / 400);
    assert.deepEqual(p.classes, ["C", "A", "C", "A"]);
    assert.deepEqual(p.nonPositive.sort(), [0, 2]);
  });

  it("handles all zero", () => {
    const p = pareto([0, 0, 0], cut);
    assert.deepEqual([...p.rank], [1, 2, 3]);
    assert.deepEqual([...p.cumulative], [1, 1, 1]);
    assert.deepEqual(p.classes, ["C", "C", "C"]);
    assert.equal(p.aCount, 0);
    assert.deepEqual([...p.share], [0, 0, 0]);
  });

  it("handles an empty list", () => {
    const p = pareto([], cut);
    assert.equal(p.rank.length, 0);
    assert.equal(p.aCount, 0);
  });
});

describe("engine/whale", () => {
  it("rises above 100% when customers lose money", () => {
    const w = whaleCurve([100, -20, 40]);
    assert.deepEqual([...w.rank], [1, 3, 2]);
    close(w.cumulative[0]!, 100 / 120);
    close(w.cumulative[2]!, 140 / 120);
    assert.equal(w.cumulative[1], 1);
    assert.deepEqual(w.peak, { count: 2, share: 140 / 120 });
    assert.deepEqual(w.destroyers, [1]);
    assert.equal(w.destroyed, -20);
  });

  it("lists destroyers most negative first and skips missing profit", () => {
    const w = whaleCurve([-5, NaN, 50, -30]);
    assert.deepEqual(w.destroyers, [3, 0]);
    assert.equal(w.rank[1], 0);
    assert.ok(Number.isNaN(w.cumulative[1]!));
    assert.equal(w.counted, 3);
  });

  it("has no peak when total profit is not positive", () => {
    const w = whaleCurve([10, -30]);
    assert.equal(w.peak, null);
    assert.ok(Number.isNaN(w.cumulative[0]!));
  });

  it("peaks at 100% at the end when nobody loses money", () => {
    const w = whaleCurve([1, 2, 3]);
    assert.deepEqual(w.peak, { count: 3, share: 1 });
  });
});

describe("engine/bcg", () => {
  it("names the quadrants; a value at the threshold is high", () => {
    assert.equal(bcgQuadrant(0.3, 5, 0.3, 5), "Star");
    assert.equal(bcgQuadrant(0.3, 4, 0.3, 5), "Cash Cow");
    assert.equal(bcgQuadrant(0.2, 5, 0.3, 5), "Question Mark");
    assert.equal(bcgQuadrant(0.2, 4, 0.3, 5), "Dog");
    assert.equal(bcgQuadrant(NaN, 4, 0.3, 5), null);
  });

  it("computes median, mean and fixed thresholds", () => {
    assert.equal(axisThreshold([1, 2, 3, 10], { method: "median" }), 2.5);
    assert.equal(axisThreshold([1, 2, 3, 10], { method: "mean" }), 4);
    assert.equal(axisThreshold([1, 2, 3, 10], { method: "fixed", value: 7 }), 7);
  });

  it("takes thresholds over customers that have both values", () => {
    const r = bcg([0.1, 0.2, 0.3, 0.9], [1, 2, 3, NaN], { method: "median" }, { method: "median" });
    assert.equal(r.xThreshold, 0.2);
    assert.equal(r.yThreshold, 2);
    assert.deepEqual(r.quadrants, ["Dog", "Star", "Star", null]);
  });
});

describe("engine/score", () => {
  it("normalises by PERCENTRANK.INC, ties sharing the lower rank", () => {
    assert.deepEqual([...normalizeCriterion([10, 20, 30], false)], [0, 0.5, 1]);
    assert.deepEqual([...normalizeCriterion([10, 20, 20, 40], false)], [0, 1 / 3, 1 / 3, 1]);
    assert.deepEqual([...normalizeCriterion([7], false)], [1]);
    assert.deepEqual([...normalizeCriterion([5, 5, 5], false)], [0, 0, 0]);
  });

  it("reverses where lower is better", () => {
    assert.deepEqual([...normalizeCriterion([10, 20, 30], true)], [1, 0.5, 0]);
  });

  it("leaves missing values out", () => {
    const v = normalizeCriterion([10, NaN, 30], false);
    assert.deepEqual([v[0], v[2]], [0, 1]);
    assert.ok(Number.isNaN(v[1]!));
  });

  it("matches Excel's PERCENTRANK.INC between points", () => {
    // =PERCENTRANK.INC({1,2,4}, 3, 15) = 0.75
    assert.equal(percentRankInc([1, 2, 4], 3), 0.75);
    assert.ok(Number.isNaN(percentRankInc([1, 2, 4], 5)));
  });

  it("takes the weighted mean over the criteria a row has", () => {
    const s = weightedScore([Float64Array.from([0, 1]), Float64Array.from([1, NaN])], [1, 3]);
    assert.deepEqual([...s], [75, 100]);
    const none = weightedScore([Float64Array.from([NaN])], [1]);
    assert.ok(Number.isNaN(none[0]!));
    const zeroWeight = weightedScore([Float64Array.from([1]), Float64Array.from([0])], [0, 1]);
    assert.deepEqual([...zeroWeight], [0]);
  });

  it("tiers by cut-offs, a score at a cut-off in the higher tier", () => {
    const c = { a: 75, b: 50, c: 25 };
    assert.deepEqual([100, 75, 74.99, 50, 25, 24.9, 0].map((s) => tierOf(s, c)), ["A", "A", "B", "B", "C", "D", "D"]);
    assert.equal(tierOf(NaN, c), null);
  });
});

describe("engine/concentration", () => {
  it("computes top shares, HHI and Gini", () => {
    const c = concentration([60, 20, 10, 10]);
    assert.equal(c.top1, 0.6);
    assert.equal(c.top5, 1);
    close(c.hhi, 0.36 + 0.04 + 0.01 + 0.01);
    // Gini by hand: sorted 10,10,20,60; sum (2i-n-1)x = -3*10 -1*10 +1*20 +3*60 = 160; /(4*100)
    close(c.gini, 0.4);
  });

  it("is 0 for equal customers and HHI 1/n", () => {
    const c = concentration([25, 25, 25, 25]);
    assert.equal(c.gini, 0);
    assert.equal(c.hhi, 0.25);
  });

  it("counts credits as zero and survives all-zero", () => {
    assert.equal(concentration([100, -50]).top1, 1);
    assert.deepEqual(concentration([0, 0]), { customers: 2, total: 0, top1: 0, top5: 0, top10: 0, hhi: 0, gini: 0 });
  });
});

describe("engine/stats", () => {
  it("medians like Excel", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([3, 1, 2, 10]), 2.5);
    assert.ok(Number.isNaN(median([])));
    assert.equal(median([NaN, 4]), 4);
  });

  it("counts the median of many whole numbers on a small scale, and gives what sorting gives", () => {
    // Past 1,024 whole numbers within 65,536 of each other the median is counted, not selected:
    // scores 1-5, payment days, negative days, both lengths, with gaps (NaN) and at the range's edge.
    let x = 7;
    const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const sorted = (a: number[]) => {
      const b = a.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
      const m = b.length >> 1;
      return b.length % 2 ? b[m]! : (b[m - 1]! + b[m]!) / 2;
    };
    for (const [n, lo, span] of [[1025, 1, 5], [2000, 1, 5], [5001, -30, 120], [4000, 0, 65536], [3000, 10, 1]] as const) {
      const a = Array.from({ length: n }, () => (rand() < 0.03 ? NaN : lo + Math.floor(rand() * (span + 1))));
      assert.equal(median(a), sorted(a), `${n} values from ${lo} over ${span}`);
      assert.equal(median(Float64Array.from(a)), sorted(a));
    }
    const halves = [...Array(1500).fill(1), ...Array(1500).fill(4)];
    assert.equal(median(halves), 2.5, "an even count between two values: their mean");
  });

  it("orders highest first, ties in input order, NaN left out", () => {
    assert.deepEqual([...orderDescending([5, 9, 5, NaN, 9])], [1, 4, 0, 2]);
  });
});

describe("engine/stats argsort", () => {
  it("radix and comparison sorts give the same stable order", async () => {
    const { argsort, argsortSmall, RADIX_MIN } = await import("../../src/engine/analysis/stats.js");
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pool = [0, -0, 1, -1, 1e-300, -1e-300, 1e300, -1e300, Infinity, -Infinity, 0.1, 0.2, 3.5];
    const values = Array.from({ length: RADIX_MIN * 3 }, () => {
      const u = rnd();
      return u < 0.3 ? pool[Math.floor(rnd() * pool.length)]! : u < 0.35 ? NaN : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12);
    });
    const n = values.filter((v) => !Number.isNaN(v)).length;
    for (const desc of [false, true]) {
      assert.deepEqual([...argsort(values, desc)], [...argsortSmall(values, n, desc)]);
    }
  });
});

describe("engine/stats firstOccurrence", () => {
  it("finds the first equal key, also past the radix threshold", async () => {
    const { firstOccurrence } = await import("../../src/engine/analysis/stats.js");
    assert.deepEqual([...firstOccurrence(["a", "b", "A", "a"], (s) => s.toLowerCase(), (s) => s.toLowerCase().length)], [-1, -1, 0, 0]);
    const keys = Array.from({ length: 10000 }, (_, i) => `k${i % 7000}`);
    const f = firstOccurrence(keys);
    for (let i = 0; i < keys.length; i++) assert.equal(f[i], i < 7000 ? -1 : i - 7000);
    // a hash that collides for everything still gives the right answer
    const g = firstOccurrence(["x", "y", "x", "z", "y"], (s) => s, () => 1);
    assert.deepEqual([...g], [-1, -1, 0, -1, 1]);
  });
});

describe("engine/score paths agree", () => {
  it("counting, sorting and a given order give the same percentile ranks", async () => {
    const { orderDescending } = await import("../../src/engine/analysis/stats.js");
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const size of [1, 2, 10, 5000]) {
      const ints = Array.from({ length: size }, () => (rnd() < 0.1 ? NaN : 1 + Math.floor(rnd() * 5)));
      const asFloats = ints.map((v) => v + 0.5); // same order, not whole: takes the sorting path
      for (const lower of [false, true]) {
        const a = normalizeCriterion(ints, lower);
        const b = normalizeCriterion(asFloats, lower);
        assert.deepEqual([...a], [...b]);
        const present = ints.map((v) => (Number.isNaN(v) ? 0 : v)); // a given order needs all values present
        assert.deepEqual([...normalizeCriterion(present, lower, orderDescending(present))], [...normalizeCriterion(present.map((v) => v + 0.5), lower)]);
      }
    }
  });

  it("concentration is the same with the Pareto order", async () => {
    const { orderDescending } = await import("../../src/engine/analysis/stats.js");
    const rev = [5, 300, -20, 0, 42, 42, 7, 1000, 3];
    assert.deepEqual(concentration([...orderDescending(rev)].map((i) => rev[i]!), true), concentration(rev));
  });
});

describe("engine/stats argsort on exact decimals", () => {
  it("sorts cents and per-mille values (the two-pass path) like the comparison sort", async () => {
    const { argsort, argsortSmall, RADIX_MIN } = await import("../../src/engine/analysis/stats.js");
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const cents = Array.from({ length: RADIX_MIN * 2 }, () => (rnd() < 0.05 ? NaN : Math.round((rnd() - 0.2) * 1e7) / 100));
    const mille = Array.from({ length: RADIX_MIN * 2 }, () => Math.round((rnd() - 0.3) * 1000) / 1000);
    const ints = Array.from({ length: RADIX_MIN * 2 }, () => Math.floor(rnd() * 5) - 2);
    for (const values of [cents, mille, ints]) {
      const n = values.filter((v) => !Number.isNaN(v)).length;
      for (const desc of [false, true]) assert.deepEqual([...argsort(values, desc)], [...argsortSmall(values, n, desc)]);
    }
  });
});
