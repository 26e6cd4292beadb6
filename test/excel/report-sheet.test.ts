import { strict as assert } from "node:assert";
import { CHART_PREFIX, REPORT_AREA } from "../../src/engine/index.js";
import { REPORT_NAME } from "../../src/excel/report-sheet.js";
import { segmentActiveSheet } from "../../src/excel/segment-sheet.js";
import { EXCEL_ENUMS, FakeContext, FakeSheet, type Value } from "./fake-excel.js";

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
    assert.equal(pareto.series[0]!.x, "Segmentation!S3:S14");
    assert.equal(pareto.series[3]!.values, "Segmentation!W3:W14");
    assert.equal(pareto.series[4]!.lineStyle, "Dash");
    assert.deepEqual([pareto.axes.secondaryValue.minimum, pareto.axes.secondaryValue.maximum, pareto.axes.secondaryValue.numberFormat], [0, 1, "0%"]);
    // The customers on the chart, largest first, with their class.
    assert.deepEqual([s.get(2, 18), s.get(2, 19), s.get(13, 18)], ["Klant 1", 12000, "Klant 12"]);
    assert.equal(s.get(2, 22), out.result.columns.cumulativeShare[0]);
    // BCG: one bubble series per quadrant, axes crossing at the thresholds, names in the legend.
    const b = out.result.summary.bcg!;
    assert.deepEqual(bcg.series.map((x) => x.name), b.quadrants.filter((q) => q.count > 0).map((q) => q.key));
    assert.ok(bcg.series.every((x) => /^Segmentation!AD\d+:AD\d+$/.test(x.sizes)), "bubble sizes bound to the revenue column");
    assert.equal(bcg.axes.value.positionAt, b.yThreshold);
    assert.equal(bcg.axes.category.positionAt, b.xThreshold);
    assert.equal(bcg.legend, "Bottom");
    assert.match(bcg.title, /^BCG matrix: profitability and growth\nOne bubble per customer/);
    assert.deepEqual(bcg.smallPrint, { start: "BCG matrix: profitability and growth".length + 1, length: bcg.title.length - "BCG matrix: profitability and growth".length - 1, size: 9 });
    // Whale curve from (0, 0) to (100%, 100%).
    // 13 points, (0, 0) and one per customer, on sheet rows 3 to 15
    assert.deepEqual([whale.series[0]!.x, whale.series[0]!.values], ["Segmentation!AG3:AG15", "Segmentation!AH3:AH15"]);
    assert.deepEqual([s.get(2, 32), s.get(2, 33), s.get(14, 32), s.get(14, 33)], [0, 0, 1, 1]);
    // Charts sit over G:Q, away from the summary and the data.
    assert.match(pareto.from, /^Segmentation!G1:G1$/);
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
    assert.equal(s.charts[1]!.series[0]!.x, "Mijn analyse!S3:S9");
    assert.equal(s.get(9, 18), "", "rows of the earlier, longer chart data are cleared");
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
    assert.match(s.charts[0]!.title, /^Pareto: omzet per klant\nEén staaf per klant/);
    assert.ok(s.charts[1]!.series.some((x) => ["Ster", "Melkkoe", "Vraagteken", "Hond"].includes(x.name)));
  });

  it("makes no BCG or whale chart when there is no profit or growth column", async () => {
    const ctx = new FakeContext([new FakeSheet("Klanten", [["Customer", "Revenue"], ["a", 10], ["b", 5], ["c", 1]])]);
    await run(ctx);
    assert.deepEqual(report(ctx).charts.map((c) => c.name), [CHART_PREFIX + "pareto", CHART_PREFIX + "dependency"]);
  });
});
