import { strict as assert } from "node:assert";
import fc from "fast-check";
import { segment } from "../../src/engine/index.js";
import { addressesNeeded, bcgQuadrantGrid, clvOf, cumShareOf, FunctionError, paretoClassOf, paretoGrid, scoreGrid, segmentGrid, tierFor } from "../../src/functions/core.js";
import { clvFromLifetime, clvFromRetention } from "../../src/engine/insights/clv.js";

const col = (xs: unknown[]) => xs.map((x) => [x]);
const fails = (f: () => unknown, code: string, message: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof FunctionError && e.code === code && message.test(e.message));

/** The engine's results on a one-column revenue table, for comparison. */
function engine(revenues: unknown[], extra: Record<string, unknown[]> = {}, settings = {}) {
  const headers = ["Customer", "Revenue", ...Object.keys(extra)];
  const rows = revenues.map((r, i) => [`C${i}`, r, ...Object.values(extra).map((c) => c[i])]);
  return segment([headers, ...rows] as never, settings);
}

const EDGE_CASES: Record<string, unknown[]> = {
  "one customer": [42],
  "all equal": [5, 5, 5, 5, 5],
  "all zero": [0, 0, 0],
  ties: [10, 20, 10, 20, 5],
  negatives: [100, -50, 0, 300, 25],
  "text in both notations": ["1.234,50", "€ 2.500", 800, "12,5"],
  blanks: [100, "", 50, "", 25],
};

describe("functions/core: PARETO, PARETOCLASS, CUMSHARE equal the engine", () => {
  for (const [name, revenues] of Object.entries(EDGE_CASES)) {
    it(name, () => {
      const r = engine(revenues);
      const grid = paretoGrid(col(revenues));
      assert.equal(grid.length, revenues.length);
      grid.forEach((row, i) => {
        const expected = r.columns.rank[i] ? [r.columns.rank[i], r.columns.cumulativeShare[i], r.columns.paretoClass[i]] : ["", "", ""];
        assert.deepEqual(row, expected, `row ${i}`);
      });
      // the scalar functions agree with the first of equal revenues
      revenues.forEach((v, i) => {
        if (v === "") return;
        const first = revenues.indexOf(v);
        if (first !== i) return;
        assert.equal(paretoClassOf(v, col(revenues)), r.columns.paretoClass[i]);
        assert.equal(cumShareOf(v, col(revenues)), r.columns.cumulativeShare[i]);
      });
    });
  }

  it("agrees with the engine on random revenues (fast-check)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: 1000 }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0.05, max: 0.9, noNaN: true }), (revs, a) => {
        const r = engine(revs, {}, { pareto: { aCutoff: a, bCutoff: 0.95 } });
        const grid = paretoGrid(col(revs), a, 0.95);
        grid.forEach((row, i) => assert.deepEqual(row, [r.columns.rank[i], r.columns.cumulativeShare[i], r.columns.paretoClass[i]]));
      }),
    );
  });

  it("gives Excel's errors for bad input", () => {
    fails(() => paretoGrid(col([1, "abc", 3])), "#VALUE!", /"abc" is not a number \(row 2, column 1 of the range\)/);
    fails(() => paretoGrid(col(["", ""])), "#N/A", /empty/);
    fails(() => paretoGrid(col([1, 2]), 0.9, 0.8), "#VALUE!", /out of order/);
    fails(() => paretoClassOf(7, col([1, 2])), "#N/A", /does not occur/);
    fails(() => paretoClassOf(1, col([1, 2]), 80), "#VALUE!", /between 0/);
  });
});

describe("functions/core: BCGQUADRANT equals the engine", () => {
  const margin = [0.1, 0.3, -0.1, 0.3, 0.2, 0.25];
  const growth = [5, 1, 4, 2, 3, ""];
  it("with default thresholds (the medians)", () => {
    const r = engine([100, 100, 100, 100, 100, 100], { Margin: margin, Growth: growth });
    const q = bcgQuadrantGrid(col(margin), col(growth));
    q.forEach((row, i) => assert.equal(row[0], r.columns.quadrant[i] ?? "", `row ${i}`));
    assert.equal(q[5]![0], "");
  });

  it("with fixed numbers and with ranges as thresholds", () => {
    assert.deepEqual(bcgQuadrantGrid([[0.3]], [[5]], [[0.25]], [[3]]), [["Star"]]);
    assert.deepEqual(bcgQuadrantGrid([[0.2]], [[5]], [[0.25]], [[3]]), [["Question Mark"]]);
    // a range threshold means its median (0.2 here): 0.2 is at the threshold, so high
    assert.deepEqual(bcgQuadrantGrid([[0.2]], [[1]], col([0.1, 0.2, 0.9]), [[3]]), [["Cash Cow"]]);
    assert.deepEqual(bcgQuadrantGrid([["12%"]], [["4"]], [[0.1]], [[3]]), [["Star"]]);
  });

  it("gives Excel's errors for bad input", () => {
    fails(() => bcgQuadrantGrid(col([1, 2]), col([1])), "#VALUE!", /same size/);
    fails(() => bcgQuadrantGrid([["hoog"]], [[1]]), "#VALUE!", /profitability: "hoog" is not a number/);
    fails(() => bcgQuadrantGrid([[""]], [[1]]), "#N/A", /empty/);
  });
});

describe("functions/core: SCORE and TIER equal the engine", () => {
  it("scores like the engine, payment days reversed, blanks left out", () => {
    const rev = [400, 250, 150, 100, 50];
    const days = [30, 14, "", 30, 45];
    const innov = [3, 2, 5, 1, 4];
    const r = engine(rev, { "Payment days": days, Innovation: innov }, { score: { criteria: [{ criterion: "revenue", weight: 2 }, { criterion: "paymentDays", weight: 1 }, { criterion: "innovation", weight: 1 }] } });
    const values = rev.map((v, i) => [v, days[i], innov[i]]);
    const s = scoreGrid(values, [[2, 1, 1]], [[false, true, "ONWAAR"]]);
    s.forEach((row, i) => assert.ok(Math.abs((row[0] as number) - r.columns.score[i]!) < 1e-12, `row ${i}: ${row[0]} vs ${r.columns.score[i]}`));
  });

  it("tiers like the engine", () => {
    assert.equal(tierFor(75), "A");
    assert.equal(tierFor(74.9), "B");
    assert.equal(tierFor(10), "D");
    assert.equal(tierFor(60, [[90, 60, 30]]), "B");
  });

  it("gives Excel's errors for bad input", () => {
    fails(() => scoreGrid([[1, 2]], [[1]]), "#VALUE!", /1 values for 2 criteria/);
    fails(() => scoreGrid([[1]], [[-1]]), "#VALUE!", /negative weight/);
    fails(() => scoreGrid([[1]], [[0]]), "#VALUE!", /above 0/);
    fails(() => scoreGrid([[""], [""]], [[1]]), "#N/A", /empty/);
    fails(() => scoreGrid([[1]], [[1]], [["misschien"]]), "#VALUE!", /not TRUE or FALSE/);
    fails(() => tierFor(50, [[25, 50, 75]]), "#VALUE!", /out of order/);
    fails(() => tierFor(50, [[90, 60]]), "#VALUE!", /three numbers/);
    fails(() => tierFor("veel"), "#VALUE!", /not a number/);
  });
});

describe("functions/core: SEGMENT equals the engine", () => {
  const table = [
    ["Klant", "Omzet", "Winst", "Groei"],
    ["Jansen", "1.200", 100, 4],
    ["De Vries", 500, -20, 2],
    ["", 300, 10, 1],
    ["Bakker", 800, 90, 5],
  ];

  it("spills a header row and the result columns per row", () => {
    const r = segment(table);
    const g = segmentGrid(table);
    assert.deepEqual(g[0], ["Customer", "Rank", "Revenue share", "Cumulative share", "Pareto class", "Profit rank", "Cumulative profit share", "BCG quadrant", "Score", "Tier", "Problems"]);
    assert.equal(g.length, table.length);
    assert.deepEqual(g[1]!.slice(0, 5), ["Jansen", 1, r.columns.revenueShare[0], r.columns.cumulativeShare[0], r.columns.paretoClass[0]]);
    assert.deepEqual(g[3]!.slice(1, 10), ["", "", "", "", "", "", "", "", ""]);
    assert.match(String(g[3]![10]), /customer name is blank/);
  });

  it("takes settings as JSON text, in Dutch", () => {
    const g = segmentGrid(table, '{"language":"nl","pareto":{"aCutoff":0.5}}');
    assert.equal(g[0]![0], "Klant");
    assert.equal(g[0]![4], "Paretoklasse");
  });

  it("gives Excel's errors for bad input", () => {
    fails(() => segmentGrid(table, "{nope"), "#VALUE!", /not valid JSON/);
    fails(() => segmentGrid(table, '{"pareto":{"aCutoff":0.9,"bCutoff":0.5}}'), "#VALUE!", /out of order/);
    fails(() => segmentGrid([["Klant", "Plaats"], ["A", "B"]]), "#VALUE!", /No revenue column/);
    fails(() => segmentGrid([["", ""]]), "#N/A", /empty/);
  });
});

describe("functions/core: ADDRESSESNEEDED and CLV equal the engine", () => {
  it("ADDRESSESNEEDED works back from the target with rates as fractions or percentages in a range", () => {
    assert.equal(addressesNeeded(100_000, 2_500, [[0.2, 0.5, 0.4]]), 1000);
    assert.equal(addressesNeeded("250.000", "3.000", [["15%"], ["60%"], ["30%"], ["70%"]]), 4449);
    assert.throws(() => addressesNeeded(1000, 100, [[0.2, 0.5]]), (e: FunctionError) => e.code === "#VALUE!" && /3 rates/.test(e.message));
    assert.throws(() => addressesNeeded(1000, 0, [[0.2, 0.5, 0.4]]), (e: FunctionError) => e.code === "#VALUE!");
    assert.throws(() => addressesNeeded(1000, 100, [[0.2, 0.5, 1.4]]), (e: FunctionError) => e.code === "#VALUE!" && /quote to order/.test(e.message));
  });

  it("CLV from retention, or from years, with the engine's formulas", () => {
    assert.equal(clvOf(1000, 0.8, 0.1), clvFromRetention(1000, 0.8, 0.1));
    assert.equal(clvOf(1000, "", 0.1, 5), clvFromLifetime(1000, 5, 0.1));
    assert.equal(clvOf(1000, undefined, undefined, 5), 5000);
    assert.throws(() => clvOf(1000, 0.8, 0.1, 5), (e: FunctionError) => e.code === "#VALUE!");
    assert.throws(() => clvOf(1000), (e: FunctionError) => e.code === "#N/A");
    assert.throws(() => clvOf(1000, 1.2, 0.1), (e: FunctionError) => e.code === "#VALUE!" && /retention/.test(e.message));
  });
});
