import { strict as assert } from "node:assert";
import { segment } from "../../src/engine/analysis/segment.js";
import { BCG_PLOT, chartData, CHART_LIMITS, placeLabels, quadrantCorners, roundBounds, tickStep, type LabelPosition } from "../../src/engine/report/charts.js";
import { bcgQuadrant } from "../../src/engine/analysis/bcg.js";
import { overlaps, report, REPORT_AREA, type Area } from "../../src/engine/report/report.js";
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
    // Past 1,000 customers one bar per 1% of them; the first of each tenth says the share before it,
    // and the axis shows every tenth label (each with ten bars' room).
    assert.equal(p.points.length, 100);
    assert.deepEqual(p.points.map((x, k) => [k, x.label]).filter(([, l]) => l), [[0, "0%"], [10, "10%"], [20, "20%"], [30, "30%"], [40, "40%"], [50, "50%"], [60, "60%"], [70, "70%"], [80, "80%"], [90, "90%"]]);
    assert.equal(p.labelEvery, 10);
    assert.equal(report(r).charts.find((x) => x.key === "pareto")!.axes.x.labelEvery, 10);
    assert.equal(p.points.at(-1)!.cumulative, 1);
    assert.ok(Math.abs(p.points.reduce((t, x) => t + x.value, 0) - 1) < 1e-9, "the bars' shares add up to all revenue");
    for (let k = 1; k < p.points.length; k++) assert.ok(p.points[k]!.cumulative >= p.points[k - 1]!.cumulative);
    assert.match(p.note, /5,000 customers, largest first, in bars of 1% of the customers \(50 customers each\)/);

    const b = c.bcg!;
    assert.equal(b.grouped, true);
    assert.equal(b.bubbles.reduce((t, x) => t + x.count, 0), r.summary.bcg!.quadrants.reduce((t, q) => t + q.count, 0));
    assert.ok(b.bubbles.length <= CHART_LIMITS.namedBubbles + 4 * CHART_LIMITS.grid ** 2);
    // A group never crosses a threshold: its mean position lies in its own quadrant.
    for (const x of b.bubbles) assert.equal(bcgQuadrant(x.x, x.y, b.xThreshold, b.yThreshold), x.quadrant, x.label);
    const named = b.bubbles.filter((x) => x.labelled).length;
    assert.ok(named >= 1 && named <= CHART_LIMITS.labelledBubbles, `${named} names`);
    assert.match(b.note, new RegExp(`The 15 largest customers one by one \\(${named} named where the name has room\\); the other 4,985 grouped by position`));
    for (const x of b.bubbles) assert.equal(x.labelAt !== undefined, x.labelled, x.label);

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

describe("engine/charts: names on the BCG matrix", () => {
  // The label boxes as the placement sees them (8 pt text: 4.4 pt a character, 12 pt high, 2 pt apart).
  const plot = BCG_PLOT;
  const boxOf = (p: { x: number; y: number; size: number; text: string }, at: LabelPosition, bounds: { x: [number, number]; y: [number, number] }, largest: number) => {
    const cx = ((p.x - bounds.x[0]) / (bounds.x[1] - bounds.x[0])) * plot.width;
    const cy = plot.height - ((p.y - bounds.y[0]) / (bounds.y[1] - bounds.y[0])) * plot.height;
    const r = (Math.min(plot.width, plot.height) / 8) * Math.sqrt(p.size / largest) + 2;
    const w = p.text.length * 4.4 + 4;
    const h = 12;
    return at === "r" ? [cx + r, cy - h / 2, cx + r + w, cy + h / 2] : at === "l" ? [cx - r - w, cy - h / 2, cx - r, cy + h / 2] : at === "t" ? [cx - w / 2, cy - r - h, cx + w / 2, cy - r] : [cx - w / 2, cy + r, cx + w / 2, cy + r + h];
  };
  const apart = (a: number[], b: number[]) => a[2]! <= b[0]! || b[2]! <= a[0]! || a[3]! <= b[1]! || b[3]! <= a[1]!;

  it("puts no name over another and none outside the plot; a name without room is left off", () => {
    const bounds = { x: [0, 10] as [number, number], y: [0, 10] as [number, number] };
    // Five customers on one spot: right, left, above, below, then no room.
    const same = Array.from({ length: 5 }, (_, k) => ({ x: 5, y: 5, size: 10 - k, text: `Klant ${k}` }));
    assert.deepEqual(placeLabels(same, bounds, 10), ["r", "l", "t", "b", null]);
    // At the right edge a name goes left; in the top right corner, left or below.
    assert.deepEqual(placeLabels([{ x: 9.9, y: 5, size: 1, text: "Groothandel Jansen B.V." }], bounds, 10), ["l"]);
    assert.deepEqual(placeLabels([{ x: 9.9, y: 9, size: 1, text: "Groothandel Jansen B.V." }], bounds, 10), ["l"]);
    assert.deepEqual(placeLabels([{ x: 9.9, y: 9.9, size: 1, text: "Groothandel Jansen B.V." }], bounds, 10), [null], "in the corner no side has room");
    // A quadrant's name at a corner keeps its place.
    const corner = quadrantCorners(bounds);
    const fixed = [{ x: corner.Star[0], y: corner.Star[1], text: "Star" }];
    assert.notEqual(placeLabels([{ x: corner.Star[0] - 1.3, y: corner.Star[1], size: 1, text: "Bakker" }], bounds, 10, fixed)[0], "r");
    // A name no plot can hold is left off.
    assert.deepEqual(placeLabels([{ x: 5, y: 5, size: 1, text: "x".repeat(200) }], bounds, 10), [null]);
  });

  it("of random crowded charts, the names placed never overlap and stay inside", () => {
    let seed = 11;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const bounds = { x: [-0.2, 0.5] as [number, number], y: [1, 5] as [number, number] };
    for (let run = 0; run < 200; run++) {
      const points = Array.from({ length: 8 }, (_, k) => ({ x: -0.2 + 0.7 * rand(), y: 1 + 4 * rand(), size: 100 - k * 10, text: "Klant " + "x".repeat(Math.floor(rand() * 22)) }));
      const places = placeLabels(points, bounds, 100);
      const boxes = points.flatMap((p, k) => (places[k] ? [boxOf(p, places[k]!, bounds, 100)] : []));
      for (const b of boxes) assert.ok(b[0]! >= 0 && b[1]! >= 0 && b[2]! <= plot.width && b[3]! <= plot.height, `inside: ${b}`);
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) assert.ok(apart(boxes[i]!, boxes[j]!), `run ${run}: ${boxes[i]} and ${boxes[j]}`);
      // The largest customer has its name wherever one of the four sides lies inside the plot.
      const inside = (b: number[]) => b[0]! >= 0 && b[1]! >= 0 && b[2]! <= plot.width && b[3]! <= plot.height;
      const fits = (["r", "l", "t", "b"] as const).some((at) => inside(boxOf(points[0]!, at, bounds, 100)));
      assert.equal(places[0] !== null, fits, `run ${run}`);
    }
  });

  it("names the customers drawn at the edge and counts the groups (a group of one is no customer name)", () => {
    const rows: Cell[][] = [["Klant", "Omzet", "Marge", "Groei"]];
    for (let i = 0; i < 200; i++) rows.push([`Klant ${i}`, 1000 + (i % 17) * 10, 0.1 + (i % 10) / 100, ((i * 7) % 11) / 100]);
    rows.push(["Grote Uitschieter BV", 900000, 0.95, 0.05], ["Kleine Uitschieter", 500, 0.12, 9.5]);
    const b = chartData(segment(rows)).bcg!;
    const clipped = b.bubbles.filter((x) => x.clipped);
    assert.deepEqual(clipped.map((x) => x.count === 1 && x.label === "Grote Uitschieter BV"), [true, false]);
    assert.match(b.note, /Off the scale, drawn at the edge: Grote Uitschieter BV and 1 group\.$/);
    const nl = chartData(segment(rows, { language: "nl" })).bcg!;
    assert.match(nl.note, /Buiten de schaal, op de rand getekend: Grote Uitschieter BV en 1 groep\.$/);
  });

  it("rounds the axes to ticks of 1, 2 or 5 times a power of ten", () => {
    assert.equal(tickStep(0.75), 0.1);
    assert.equal(tickStep(4.64), 1);
    assert.equal(tickStep(8.3), 2);
    assert.equal(tickStep(130_000), 20_000);
    assert.equal(tickStep(0), 1);
    assert.equal(tickStep(NaN), 1);
    // The step is the one the bounds were rounded with: worked out again from the wider bounds it
    // would be 0.2, and the ticks would read -30%, -10%, 10%, ...
    assert.deepEqual(roundBounds(-0.25, 0.54), { bounds: [-0.3, 0.6], step: 0.1 });
    for (const b of [chartData(segment(customers(40))).bcg!, chartData(segment(customers(3000))).bcg!]) {
      for (const [[lo, hi], step] of [[b.bounds.x, b.ticks.x], [b.bounds.y, b.ticks.y]] as const) {
        for (const v of [lo, hi]) assert.ok(Math.abs(v / step - Math.round(v / step)) < 1e-9, `${v} on a tick of ${step}`);
        assert.equal(String(lo).length < 8 && String(hi).length < 8, true, `clean bounds ${lo}, ${hi}`);
      }
    }
  });

  it("keeps room between the bounds when the values lie a rounding error apart", () => {
    const rows: Cell[][] = [H];
    const margins = [0.29999999999999993, 0.3, 0.30000000000000004];
    for (let i = 0; i < 90; i++) rows.push([`Klant ${i + 1}`, 1000 + i, Math.round((1000 + i) * margins[i % 3]!), margins[i % 3]!, (i % 7) / 10]);
    const b = chartData(segment(rows)).bcg!;
    assert.ok(b.bounds.x[0] < 0.29999999999999993 && b.bounds.x[1] > 0.30000000000000004, JSON.stringify(b.bounds.x));
    assert.ok(b.ticks.x > 0 && Number.isFinite(b.ticks.x));
    assert.equal(b.bubbles.filter((x) => x.clipped).length, 0, "no customer drawn at the edge");
  });

  it("prefers the side with fewer other bubbles under the name", () => {
    const bounds = { x: [0, 10] as [number, number], y: [0, 10] as [number, number] };
    const crowd = [6, 7, 8].map((x) => ({ x, y: 5, size: 5 }));
    assert.equal(placeLabels([{ x: 5, y: 5, size: 5, text: "Jansen" }], bounds, 10, [], crowd)[0], "l");
    assert.equal(placeLabels([{ x: 5, y: 5, size: 5, text: "Jansen" }], bounds, 10, [], [])[0], "r");
  });
});

describe("engine/report: the Segmentation sheet", () => {
  const inside = (a: Area, b: Area) => a.row >= b.row && a.col >= b.col && a.row + a.rows <= b.row + b.rows && a.col + a.cols <= b.col + b.cols;
  const blockArea = (b: { row: number; col: number; cells: unknown[][] }): Area => ({ row: b.row, col: b.col, rows: b.cells.length, cols: Math.max(...b.cells.map((r) => r.length)) });

  for (const n of [4, 45, 20_000]) {
    it(`lays out a dashboard: findings, tables, then charts, nothing overlapping, every series bound to its hidden data (${n} customers)`, () => {
      const r = segment(customers(n));
      const rep = report(r, { source: "Klanten!A1:E" + (n + 1), table: customers(n) });
      assert.deepEqual(rep.charts.map((c) => c.key), ["pareto", "bcg", "whale", "dependency"]);
      assert.deepEqual(overlaps(rep), []);
      const areas = rep.blocks.map(blockArea);
      for (const a of areas) assert.ok(inside(a, REPORT_AREA), JSON.stringify(a));
      const width = rep.layout.widths.length;
      // Blocks are on the dashboard (A:E) or in the hidden columns of the charts' data.
      const dashboard = rep.blocks.filter((b) => b.col < width);
      for (const b of dashboard) assert.ok(b.col + Math.max(b.span ?? 1, ...b.cells.map((c) => c.length)) <= width, `block at row ${b.row} wider than the dashboard`);
      for (const b of rep.blocks) if (b.col >= width) assert.ok(b.col >= rep.layout.hiddenFrom);
      // Top to bottom: title, findings (text), tables, charts.
      assert.equal(dashboard[0]!.style, "title");
      const firstTable = Math.min(...dashboard.filter((b) => b.style === "table").map((b) => b.row));
      const lastTable = Math.max(...dashboard.filter((b) => b.style === "table").map((b) => b.row + b.cells.length));
      assert.ok(dashboard.some((b) => b.style === "text" && b.row < firstTable && b.cells.some((c) => c[0] === r.summary.pareto.sentence)), "the findings come first");
      for (const c of rep.charts) {
        assert.ok(c.at.row >= lastTable, `chart ${c.key} below the tables`);
        assert.ok(c.at.col + c.at.cols <= width, `chart ${c.key} within the dashboard's width`);
        // The explanation is in the cells under the chart, the title stays short.
        const under = rep.blocks.find((b) => b.row === c.at.row + c.at.rows && b.col === c.at.col)!;
        assert.equal(under.cells[0]![0], c.note);
        assert.ok(c.title.length <= 40, c.title);
        for (const s of c.series) {
          for (const a of [s.x, s.values, s.sizes].filter(Boolean) as Area[]) {
            assert.ok(a.col >= rep.layout.hiddenFrom, `${c.key}/${s.name} data in the hidden columns`);
            assert.ok(areas.some((b) => inside(a, { ...b, row: b.row + 1, rows: b.rows - 1 })), `${c.key}/${s.name} is bound to data cells`);
          }
          if (s.labels && "texts" in s.labels) assert.equal(s.labels.texts.length, s.values.rows);
        }
      }
      // Two charts per row.
      assert.equal(rep.charts[0]!.at.row, rep.charts[1]!.at.row);
      assert.ok(rep.charts[2]!.at.row > rep.charts[0]!.at.row + rep.charts[0]!.at.rows);
      // Page breaks: between blocks, and before the charts.
      assert.deepEqual([...rep.layout.pageBreaks].sort((x, y) => x - y), rep.layout.pageBreaks);
      assert.ok(rep.layout.pageBreaks.includes(rep.charts[0]!.at.row));
      for (const k of rep.layout.pageBreaks) assert.ok(!rep.blocks.some((b) => b.col < width && b.row < k && k < b.row + b.cells.length), `break at ${k} cuts a block`);
      assert.deepEqual(rep.layout.printArea, { row: 0, col: 0, rows: rep.layout.printArea.rows, cols: width });
      const pareto = rep.charts[0]!;
      assert.equal(pareto.series[0]!.values.rows, rep.data.pareto!.points.length);
      assert.deepEqual(pareto.series.map((s) => [s.kind, s.axis]), [["column", "primary"], ["column", "primary"], ["column", "primary"], ["line", "secondary"], ["line", "secondary"]]);
      const bcg = rep.charts[1]!;
      const quadrants = bcg.series.filter((s) => s.inLegend !== false);
      assert.equal(quadrants.reduce((t, s) => t + s.values.rows, 0), rep.data.bcg!.bubbles.length);
      assert.equal(bcg.axes.x.crossesAt, r.summary.bcg!.yThreshold);
      assert.equal(bcg.axes.y.crossesAt, r.summary.bcg!.xThreshold);
      assert.deepEqual(quadrants.map((s) => s.name), r.summary.bcg!.quadrants.filter((q) => q.count > 0).map((q) => q.label));
      // The quadrant names label the corners, outside the legend.
      const corners = bcg.series.find((s) => s.inLegend === false)!;
      assert.deepEqual(corners.labels, { texts: ["Star", "Cash Cow", "Question Mark", "Dog"] });
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
