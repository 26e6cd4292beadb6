import { strict as assert } from "node:assert";
import { CHART_PREFIX, chartData, REPORT_AREA } from "../../src/engine/index.js";
import { REPORT_NAME } from "../../src/excel/report-sheet.js";
import { segmentActiveSheet } from "../../src/excel/segment-sheet.js";
import { drawnPoints, EXCEL_ENUMS, FakeContext, FakeSheet, type Value } from "./fake-excel.js";

const DATA: Value[][] = [["Klant", "Omzet", "Winst", "Marge", "Groei"]];
for (let i = 0; i < 12; i++) DATA.push([`Klant ${i + 1}`, 1000 * (12 - i) + 17 * i, 100 * (6 - i), (6 - i) / 40 + 0.1, (i * 7) % 5]);

const run = (ctx: FakeContext, settings = {}) => segmentActiveSheet(ctx as unknown as Excel.RequestContext, settings);
const report = (ctx: FakeContext, name = "Segmentation") => ctx.workbook.sheets.find((s) => s.name === name)!;

describe("excel/report-sheet: the Segmentation sheet and its charts (strict fake workbook)", () => {
  const g = globalThis as Record<string, unknown>;
  before(() => (g.Excel = EXCEL_ENUMS));
  after(() => delete g.Excel);

  it("makes the sheet with the summary and four native charts bound to its cells", async () => {
    const ctx = new FakeContext([new FakeSheet("Klanten", DATA)]);
    const out = await run(ctx);
    assert.equal(out.reportSheet, "Segmentation");
    const s = report(ctx);
    assert.equal(s.get(0, 0), "Customer segmentation");
    assert.equal(s.get(2, 0), out.result.summary.pareto.sentence);
    assert.deepEqual(s.charts.map((c) => [c.name, c.type]), [
      [CHART_PREFIX + "pareto", "ColumnStacked"],
      [CHART_PREFIX + "bcg", "Bubble"],
      [CHART_PREFIX + "whale", "XYScatterLinesNoMarkers"],
      [CHART_PREFIX + "dependency", "ColumnStacked"],
    ]);
    // Dependency: the largest shares of profit, critical ones apart, the threshold as a line on the same
    // axis. Every customer with profit reaches the threshold here: the series of those below it would
    // be blank and is left out (a series from a blank range is no series in Excel).
    assert.ok(out.insights.dependency.critical.length > 0);
    assert.deepEqual(s.charts[3]!.series.map((x) => [x.name, x.chartType || "ColumnStacked", x.axisGroup]), [
      ["At or above the threshold", "ColumnStacked", "Primary"], ["Threshold", "Line", "Primary"],
    ]);
    const [pareto, bcg, whale] = s.charts as [typeof s.charts[0], typeof s.charts[0], typeof s.charts[0]];
    // Pareto: bars A, B, C on the primary axis, the cumulative share and the A cut-off as lines on the secondary axis.
    assert.deepEqual(pareto.series.map((x) => [x.name, x.chartType || "ColumnStacked", x.axisGroup]), [
      ["A", "ColumnStacked", "Primary"], ["B", "ColumnStacked", "Primary"], ["C", "ColumnStacked", "Primary"],
      ["Cumulative share", "Line", "Secondary"], ["A cut-off", "Line", "Secondary"],
    ]);
    // The data lie in hidden columns from H on; the charts plot them (a chart plots only visible
    // cells unless told otherwise), every series draws its points.
    assert.match(pareto.series[0]!.x, /^Segmentation!H3:H14$/);
    assert.deepEqual([s.get(2, 7), s.get(13, 7)], ["Klant 1", "Klant 12"]);
    for (let col = 7; col < REPORT_AREA.cols; col++) assert.ok(s.hiddenColumns.has(col), `column ${col} hidden`);
    for (let col = 0; col < 7; col++) assert.ok(!s.hiddenColumns.has(col), `column ${col} shown`);
    for (const c of s.charts) {
      assert.equal(c.plotVisibleOnly, false, c.name);
      for (const x of c.series) assert.ok(drawnPoints(ctx.workbook.sheets, c, x) > 0, `${c.name}/${x.name} draws points`);
    }
    // BCG: the largest customers carry their names, the quadrant names label the corners (not in the legend).
    const labelled = bcg.series.flatMap((x) => [...x.pointLabels.values()]);
    assert.ok(labelled.includes("Klant 1"), labelled.join(", "));
    // Each name on the side the engine found room for it; the quadrant names where Excel puts them.
    const sides = { r: "Right", l: "Left", t: "Top", b: "Bottom" } as const;
    const places = bcg.series.flatMap((x) => [...x.pointLabels.entries()].filter(([, t]) => !["Star", "Cash Cow", "Question Mark", "Dog"].includes(t)).map(([k, t]) => [t, x.pointPositions.get(k)]));
    assert.ok(places.length > 0);
    const engine = new Map(chartData(out.result).bcg!.bubbles.filter((x) => x.labelled).map((x) => [x.label, sides[x.labelAt!]]));
    for (const [t, at] of places) assert.equal(at, engine.get(t as string), t as string);
    // At the 8 pt the placement gave them room for.
    const named = bcg.series.flatMap((x) => [...x.pointLabels.keys()].map((k) => x.pointFontSizes.get(k)));
    assert.ok(named.length > 0 && named.every((size) => size === 8), named.join(", "));
    const corners = bcg.series.findIndex((x) => x.name === "Quadrants");
    assert.deepEqual([...bcg.series[corners]!.pointLabels.values()], ["Star", "Cash Cow", "Question Mark", "Dog"]);
    assert.ok(bcg.hiddenLegendEntries.has(corners));
    assert.equal(bcg.axes.category.numberFormat, "0%");
    // Ticks at round steps from round bounds.
    const spec = chartData(out.result).bcg!;
    assert.ok(bcg.axes.category.majorUnit! > 0 && bcg.axes.value.majorUnit! > 0);
    assert.deepEqual([bcg.axes.category.minimum, bcg.axes.category.maximum], spec.bounds.x);
    for (const a of [bcg.axes.category, bcg.axes.value]) for (const v of [a.minimum!, a.maximum!]) assert.ok(Math.abs(v / a.majorUnit! - Math.round(v / a.majorUnit!)) < 1e-9, `${v} on a tick of ${a.majorUnit}`);
    assert.equal(bcg.axes.category.tickLabelPosition, "Low");
    // Dependency: the bars show their values.
    assert.deepEqual(s.charts[3]!.series[0]!.dataLabels, { showValue: true, numberFormat: "0%" });
    // The dashboard: no chart covers a written cell, the explanation is in the merged cells under each chart.
    const rowsOf = (a: string) => a.replace(/^.*!/, "").split(":").map((x) => Number(/\d+/.exec(x)![0]) - 1);
    const colsOf = (a: string) => a.replace(/^.*!/, "").split(":").map((x) => /[A-Z]+/.exec(x)![0].charCodeAt(0) - 65);
    for (const c of s.charts) {
      const [r0, r1] = [rowsOf(c.from)[0]!, rowsOf(c.to)[0]!];
      const [c0, c1] = [colsOf(c.from)[0]!, colsOf(c.to)[0]!];
      for (let r = r0; r <= r1; r++) for (let col = c0; col <= c1; col++) assert.equal(s.get(r, col), "", `${c.name} covers ${r},${col}`);
      assert.ok(s.merged.some((m) => m.row === r1 + 1 && m.col === c0 && m.cols === c1 - c0 + 1), `${c.name}: merged note under it`);
      assert.ok(String(s.get(r1 + 1, c0)).length > 20);
    }
    assert.equal(pareto.title, "Pareto: revenue by customer");
    // Printing: landscape A4, one page wide, breaks between blocks, the dashboard as print area.
    assert.deepEqual([s.page.orientation, s.page.paperSize, s.page.zoom], ["Landscape", "A4", { horizontalFitToPages: 1, verticalFitToPages: 0 }]);
    assert.match(s.page.printArea!, /^Segmentation!A1:E\d+$/);
    assert.ok(s.rowBreaks.length >= 1);
    // The owned area is recorded in a hidden workbook name.
    const name = ctx.workbook.names.store.get(REPORT_NAME)!;
    assert.equal(name.visible, false);
    assert.deepEqual(name.area, REPORT_AREA);
  });

  it("replaces its own charts and cells on a re-run, never duplicating them, even after the sheet was renamed", async () => {
    const data = DATA.map((r) => [...r]);
    const sheet = new FakeSheet("Klanten", data);
    const ctx = new FakeContext([sheet]);
    await run(ctx);
    const s = report(ctx);
    s.name = "Mijn analyse"; // the user renames it; the name follows the sheet
    s.set(300, 0, "my own note, below the add-in's area");
    s.charts.push({ ...s.charts[0]!, name: "Chart 9", series: [] }); // a chart of the user's own
    // fewer customers now: the chart data shrink, the old rows must not linger
    for (let r = 8; r <= 12; r++) for (let c = 0; c < 5; c++) sheet.set(r, c, "");
    const out = await run(ctx);
    assert.equal(out.reportSheet, "Mijn analyse");
    assert.equal(ctx.workbook.sheets.length, 2, "no second Segmentation sheet");
    assert.deepEqual(s.charts.map((c) => c.name), ["Chart 9", CHART_PREFIX + "pareto", CHART_PREFIX + "bcg", CHART_PREFIX + "whale", CHART_PREFIX + "dependency"]);
    assert.equal(s.charts[1]!.series[0]!.x, "Mijn analyse!H3:H9");
    assert.equal(s.get(9, 7), "", "rows of the earlier, longer chart data are cleared");
    // Merges and page breaks are made anew, not piled up.
    const merges = s.merged.map((m) => `${m.row},${m.col},${m.cols}`);
    assert.equal(new Set(merges).size, merges.length);
    assert.equal(s.get(300, 0), "my own note, below the add-in's area");
  });

  it("leaves a sheet called Segmentation that is not its own alone and uses the next free name", async () => {
    const mine = new FakeSheet("Segmentation", [["my", "own", "work"]]);
    const ctx = new FakeContext([new FakeSheet("Klanten", DATA), mine]);
    const out = await run(ctx);
    assert.equal(out.reportSheet, "Segmentation 2");
    assert.deepEqual([...mine.cells.entries()], [["0,0", "my"], ["0,1", "own"], ["0,2", "work"]]);
    assert.equal(mine.charts.length, 0);
  });

  it("names the sheet and everything on it in Dutch for a Dutch user", async () => {
    const ctx = new FakeContext([new FakeSheet("Klanten", DATA)]);
    const out = await run(ctx, { language: "nl" });
    assert.equal(out.reportSheet, "Segmentatie");
    const s = report(ctx, "Segmentatie");
    assert.equal(s.get(0, 0), "Klantsegmentatie");
    assert.equal(s.charts[0]!.title, "Pareto: omzet per klant");
    assert.ok(s.charts[1]!.series.some((x) => ["Ster", "Melkkoe", "Vraagteken", "Hond"].includes(x.name)));
  });

  it("makes no BCG or whale chart when there is no profit or growth column", async () => {
    const ctx = new FakeContext([new FakeSheet("Klanten", [["Customer", "Revenue"], ["a", 10], ["b", 5], ["c", 1]])]);
    await run(ctx);
    assert.deepEqual(report(ctx).charts.map((c) => c.name), [CHART_PREFIX + "pareto", CHART_PREFIX + "dependency"]);
  });
});
