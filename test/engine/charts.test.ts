import { strict as assert } from "node:assert";
import { segment } from "../../src/engine/analysis/segment.js";
import { chartData, CHART_LIMITS } from "../../src/engine/report/charts.js";
import { bcgQuadrant } from "../../src/engine/analysis/bcg.js";
import { report, REPORT_AREA, type Area } from "../../src/engine/report/report.js";
import type { Cell } from "../../src/engine/reading/table.js";

const H = ["Klant", "Omzet", "Winst", "Marge %", "Groeipotentie"];

/** A deterministic customer list: revenue falls off like a real one; some customers lose money. */
function customers(n: number, seed = 7): Cell[][] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const rows: Cell[][] = [H];
  for (let i = 0; i < n; i++) {
    const revenue = Math.round(1_000_000 / (1 + i) ** 0.9 + rnd() * 1000);
    const margin = rnd() * 0.5 - 0.08;
    rows.push([`Klant ${i + 1}`, revenue, Math.round(revenue * margin), margin, Math.round(rnd() * 100) / 10]);
  }
  return rows;
}

describe("engine/charts: what the charts plot", () => {
  it("plots every customer when there are a few dozen: bars by revenue, largest first, with the cumulative share and class", () => {
    const r = segment([H, ["a", 50, 5, 0.1, 1], ["b", 300, 30, 0.1, 5], ["c", 150, -20, -0.13, 3], ["d", 500, 80, 0.16, 2]]);
    const c = chartData(r);
    assert.equal(c.pareto!.grouped, false);
    assert.deepEqual(c.pareto!.points.map((p) => p.label), ["d", "b", "c", "a"]);
    assert.deepEqual(c.pareto!.points.map((p) => p.value), [500, 300, 150, 50]);
    assert.deepEqual(c.pareto!.points.map((p) => Math.round(p.cumulative * 1000)), [500, 800, 950, 1000]);
    assert.deepEqual(c.pareto!.points.map((p) => p.paretoClass), ["A", "A", "B", "C"]);
    assert.equal(c.bcg!.grouped, false);
    assert.equal(c.bcg!.bubbles.length, 4);
    for (const b of c.bcg!.bubbles) assert.equal(b.count, 1);
    // Whale: profit ranked 80, 30, 5, -20 of total 95.
    assert.deepEqual(c.whale!.points.map((p) => [p.customerShare, Math.round(p.profitShare * 1000) / 1000]), [[0, 0], [0.25, 0.842], [0.5, 1.158], [0.75, 1.211], [1, 1]]);
  });

  it("groups past a few dozen customers and says so, keeping every figure", () => {
    const n = 5000;
    const r = segment(customers(n));
    const c = chartData(r);
    const p = c.pareto!;
    assert.equal(p.grouped, true);
    assert.equal(p.points.length, CHART_LIMITS.paretoBuckets);
    assert.equal(p.points.at(-1)!.label, 1);
    assert.equal(p.points.at(-1)!.cumulative, 1);
    assert.ok(Math.abs(p.points.reduce((t, x) => t + x.value, 0) - 1) < 1e-9, "the bars' shares add up to all revenue");
    for (let k = 1; k < p.points.length; k++) assert.ok(p.points[k]!.cumulative >= p.points[k - 1]!.cumulative);
    assert.match(p.note, /5,000 customers.*each bar is 50 customers/);

    const b = c.bcg!;
    assert.equal(b.grouped, true);
    assert.equal(b.bubbles.reduce((t, x) => t + x.count, 0), r.summary.bcg!.quadrants.reduce((t, q) => t + q.count, 0));
    assert.ok(b.bubbles.length <= CHART_LIMITS.namedBubbles + 4 * CHART_LIMITS.grid ** 2);
    // A group never crosses a threshold: its mean position lies in its own quadrant.
    for (const x of b.bubbles) assert.equal(bcgQuadrant(x.x, x.y, b.xThreshold, b.yThreshold), x.quadrant, x.label);
    assert.match(b.note, /The 15 largest customers one by one; the other 4,985 grouped by position/);

    const w = c.whale!;
    assert.ok(w.points.length <= CHART_LIMITS.whalePoints + 3);
    assert.deepEqual(w.points[0], { customerShare: 0, profitShare: 0 });
    assert.deepEqual(w.points.at(-1), { customerShare: 1, profitShare: 1 });
    const peak = r.summary.profit!.peak!;
    assert.ok(w.points.some((q) => q.customerShare === peak.count / n && q.profitShare === peak.profitShare), "the peak is on the curve");
  });

  it("has no chart where there is nothing to plot", () => {
    const r = segment([["Customer", "Revenue"], ["a", 10], ["b", 5]]);
    const c = chartData(r);
    assert.ok(c.pareto);
    assert.equal(c.bcg, null);
    assert.equal(c.whale, null);
    assert.deepEqual(report(r).charts.map((x) => x.key), ["pareto"]);
  });
});

describe("engine/report: the Segmentation sheet", () => {
  const inside = (a: Area, b: Area) => a.row >= b.row && a.col >= b.col && a.row + a.rows <= b.row + b.rows && a.col + a.cols <= b.col + b.cols;
  const blockArea = (b: { row: number; col: number; cells: unknown[][] }): Area => ({ row: b.row, col: b.col, rows: b.cells.length, cols: Math.max(...b.cells.map((r) => r.length)) });

  for (const n of [4, 45, 20_000]) {
    it(`keeps every block and chart inside the owned area, without overlaps, and binds the series to their data (${n} customers)`, () => {
      const r = segment(customers(n));
      const rep = report(r, { source: "Klanten!A1:E" + (n + 1), table: customers(n) });
      assert.deepEqual(rep.charts.map((c) => c.key), ["pareto", "bcg", "whale", "dependency"]);
      const areas = rep.blocks.map(blockArea);
      for (const a of areas) assert.ok(inside(a, REPORT_AREA), JSON.stringify(a));
      // The summary and insight blocks stay in A:E, clear of the charts (G on).
      for (const a of areas) if (a.col === 0) assert.ok(a.cols <= 5, `a summary block ${a.cols} columns wide`);
      for (let i = 0; i < areas.length; i++)
        for (let j = i + 1; j < areas.length; j++) {
          const a = areas[i]!, b = areas[j]!;
          const apart = a.row + a.rows <= b.row || b.row + b.rows <= a.row || a.col + a.cols <= b.col || b.col + b.cols <= a.col;
          assert.ok(apart, `blocks ${i} and ${j} overlap`);
        }
      for (const c of rep.charts) {
        assert.ok(inside(c.at, REPORT_AREA));
        for (const s of c.series) {
          for (const a of [s.x, s.values, s.sizes].filter(Boolean) as Area[]) {
            assert.ok(areas.some((b) => inside(a, { ...b, row: b.row + 1, rows: b.rows - 1 })), `${c.key}/${s.name} is bound to data cells`);
          }
        }
        // The chart does not cover the summary (columns A:E) or the chart data.
        assert.ok(c.at.col >= 6 && c.at.col + c.at.cols <= 18);
      }
      const pareto = rep.charts[0]!;
      assert.equal(pareto.series[0]!.values.rows, rep.data.pareto!.points.length);
      assert.deepEqual(pareto.series.map((s) => [s.kind, s.axis]), [["column", "primary"], ["column", "primary"], ["column", "primary"], ["line", "secondary"], ["line", "secondary"]]);
      const bcg = rep.charts[1]!;
      assert.equal(bcg.series.reduce((t, s) => t + s.values.rows, 0), rep.data.bcg!.bubbles.length);
      assert.equal(bcg.axes.x.crossesAt, r.summary.bcg!.yThreshold);
      assert.equal(bcg.axes.y.crossesAt, r.summary.bcg!.xThreshold);
      assert.deepEqual(bcg.series.map((s) => s.name), r.summary.bcg!.quadrants.filter((q) => q.count > 0).map((q) => q.label));
    });
  }

  it("writes the summary figures and the 80/20 sentence, in Dutch when asked", () => {
    const r = segment(customers(30), { language: "nl" });
    const rep = report(r);
    const text = rep.blocks.flatMap((b) => b.cells.flat()).filter((x) => typeof x === "string");
    assert.ok(text.includes("Klantsegmentatie"));
    assert.ok(text.includes(r.summary.pareto.sentence));
    assert.ok(text.includes("Melkkoe") || text.includes("Ster"));
    const figures = rep.blocks.find((b) => b.cells[0]![0] === "Kengetal")!;
    assert.deepEqual(figures.cells[1], ["Klanten", 30]);
  });
});
