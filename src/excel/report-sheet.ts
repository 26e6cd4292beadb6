/**
 * The "Segmentation" sheet: the summary tables, the data the charts are bound to, and the native
 * Excel charts (Pareto combo, BCG bubble matrix, profit whale curve, dependency), all from the engine's
 * {@link Report} description.
 *
 * The sheet is the add-in's own: a hidden workbook name (`_SEG_report`) points at the area it wrote
 * last time, wherever the user moved or renamed the sheet. A re-run clears that area, deletes the
 * charts it made (found by name) and writes everything anew, so charts are never duplicated. When a
 * sheet called "Segmentation" exists that the add-in did not make, it uses "Segmentation 2" (3, ...)
 * instead and leaves the user's sheet alone.
 *
 * Enum values are written as Office.js's strings, so the module loads without the Excel global.
 */
import { CHART_PREFIX, DASHBOARD, cellFormat, columnLetter, seriesHasPoints, type Area, type ChartSpec, type LabelPosition, type Report } from "../engine/index.js";
import { writeCells } from "./blocks.js";

export const REPORT_NAME = "_SEG_report";

function address(a: Area): string {
  return `${columnLetter(a.col)}${a.row + 1}:${columnLetter(a.col + a.cols - 1)}${a.row + a.rows}`;
}

function range(sheet: Excel.Worksheet, a: Area): Excel.Range {
  return sheet.getRangeByIndexes(a.row, a.col, a.rows, a.cols);
}

const CHART_TYPE = { columns: "ColumnStacked", bubble: "Bubble", scatter: "XYScatterLinesNoMarkers" } as const;

/**
 * Start a chart as Microsoft's samples do: made from a range that holds values (a chart made from a
 * blank range has no series at all), its default series loaded to be deleted; {@link fillChart} then
 * adds each series explicitly. Returns null when no series has a point to draw.
 */
function startChart(sheet: Excel.Worksheet, rep: Report, spec: ChartSpec): { chart: Excel.Chart; spec: ChartSpec } | null {
  const series = spec.series.filter((s) => seriesHasPoints(rep, s));
  if (series.length === 0) return null;
  const chart = sheet.charts.add(spec.clustered ? "ColumnClustered" : CHART_TYPE[spec.type], range(sheet, series[0]!.values), "Columns");
  chart.series.load("count");
  return { chart, spec: { ...spec, series } };
}

/** The engine's label places as Excel names them. */
const LABEL_POSITIONS = { r: "Right", l: "Left", t: "Top", b: "Bottom" } as const satisfies Record<LabelPosition, Excel.ChartDataLabelPosition | `${Excel.ChartDataLabelPosition}`>;

function fillChart(sheet: Excel.Worksheet, chart: Excel.Chart, spec: ChartSpec): void {
  // The default series Excel made from the source range go; ours are added one by one.
  for (let i = chart.series.count - 1; i >= 0; i--) chart.series.getItemAt(i).delete();
  chart.name = spec.name;
  chart.setPosition(range(sheet, { ...spec.at, rows: 1, cols: 1 }), range(sheet, { row: spec.at.row + spec.at.rows - 1, col: spec.at.col + spec.at.cols - 1, rows: 1, cols: 1 }));
  // A short title; what the chart shows (and what it grouped) is in the cells under it.
  chart.title.text = spec.title;
  chart.legend.position = "Bottom";
  // The data lie in hidden columns: the chart plots them all the same.
  chart.plotVisibleOnly = false;
  spec.series.forEach((s, k) => {
    const series = chart.series.add(s.name);
    series.setValues(range(sheet, s.values));
    series.setXAxisValues(range(sheet, s.x));
    if (s.sizes) series.setBubbleSizes(range(sheet, s.sizes));
    if (s.kind === "line") {
      series.chartType = "Line";
      series.axisGroup = s.axis === "secondary" ? "Secondary" : "Primary";
      series.format.line.color = s.colour;
      if (s.dashed) series.format.line.lineStyle = "Dash";
    } else if (s.kind === "scatterLine") {
      series.format.line.color = s.colour;
      if (s.dashed) series.format.line.lineStyle = "Dash";
    } else if (s.kind === "scatterPoints") {
      series.chartType = "XYScatter";
      series.format.fill.setSolidColor(s.colour);
    } else {
      series.format.fill.setSolidColor(s.colour);
    }
    if (s.kind === "column") series.gapWidth = 20;
    if (s.labels && "values" in s.labels) {
      series.hasDataLabels = true;
      series.dataLabels.showValue = true;
      series.dataLabels.numberFormat = s.labels.values;
    } else if (s.labels) {
      const positions = s.labels.positions;
      s.labels.texts.forEach((text, i) => {
        if (text === null) return;
        const point = series.points.getItemAt(i);
        point.hasDataLabel = true;
        point.dataLabel.text = text;
        // At the size the engine gave each name room for (Excel's default is larger).
        point.dataLabel.format.font.size = 8;
        // Where the engine found the name room beside its bubble (none overlapping another).
        const at = positions?.[i];
        if (at) point.dataLabel.position = LABEL_POSITIONS[at];
      });
    }
    if (s.inLegend === false) chart.legend.legendEntries.getItemAt(k).visible = false;
  });
  const x = spec.axes.x;
  const y = spec.axes.y;
  chart.axes.categoryAxis.title.text = x.title;
  chart.axes.valueAxis.title.text = y.title;
  if (x.format !== "General") chart.axes.categoryAxis.numberFormat = x.format;
  if (x.labelEvery) chart.axes.categoryAxis.tickLabelSpacing = x.labelEvery;
  chart.axes.valueAxis.numberFormat = y.format;
  if (x.min !== undefined) chart.axes.categoryAxis.minimum = x.min;
  if (x.max !== undefined) chart.axes.categoryAxis.maximum = x.max;
  // Axes crossing inside the plot (the BCG matrix) keep their tick labels at the edges.
  if (x.crossesAt !== undefined) chart.axes.categoryAxis.tickLabelPosition = "Low";
  if (y.crossesAt !== undefined) chart.axes.valueAxis.tickLabelPosition = "Low";
  if (y.min !== undefined) chart.axes.valueAxis.minimum = y.min;
  if (y.max !== undefined) chart.axes.valueAxis.maximum = y.max;
  // Ticks at round values from the (rounded) bounds: -30%, -20%, ... not Excel's own from the minimum.
  if (x.major !== undefined) chart.axes.categoryAxis.majorUnit = x.major;
  if (y.major !== undefined) chart.axes.valueAxis.majorUnit = y.major;
  // The axes cross at the thresholds: the horizontal axis lies at y = x.crossesAt, the vertical one at x = y.crossesAt.
  if (x.crossesAt !== undefined) chart.axes.valueAxis.setPositionAt(x.crossesAt);
  if (y.crossesAt !== undefined) chart.axes.categoryAxis.setPositionAt(y.crossesAt);
  if (spec.axes.y2) {
    const y2 = chart.axes.getItem("Value", "Secondary");
    y2.title.text = spec.axes.y2.title;
    y2.numberFormat = spec.axes.y2.format;
    y2.minimum = spec.axes.y2.min;
    y2.maximum = spec.axes.y2.max;
  }
}

/**
 * A sheet the add-in owns, found by the hidden workbook name `key` over the area it wrote last time
 * (wherever the user moved or renamed it), else a new sheet with the first free name of `baseName`,
 * `baseName 2`, ... (a sheet of the user's with that name is left alone). `previous` is the area to
 * clear before writing anew; `owner` is the name, to delete and add again over the new area.
 */
export async function claimSheet(context: Excel.RequestContext, key: string, baseName: string): Promise<{ sheet: Excel.Worksheet; previous: Excel.Range | null; owner: Excel.NamedItem }> {
  const found = await findSheet(context, key, baseName);
  return { ...found, sheet: found.sheet ?? context.workbook.worksheets.add(found.name) };
}

/**
 * As {@link claimSheet}, without making the sheet: the add-in's own sheet if there is one, else null
 * and the name a new one gets. Reads only, so a run may still be cancelled after it.
 */
export async function findSheet(context: Excel.RequestContext, key: string, baseName: string): Promise<{ sheet: Excel.Worksheet | null; name: string; previous: Excel.Range | null; owner: Excel.NamedItem }> {
  const workbook = context.workbook;
  const owner = workbook.names.getItemOrNullObject(key);
  const candidates = Array.from({ length: 20 }, (_, k) => (k === 0 ? baseName : `${baseName} ${k + 1}`));
  const existing = candidates.map((name) => workbook.worksheets.getItemOrNullObject(name));
  await context.sync();

  let sheet: Excel.Worksheet | null = null;
  let previous: Excel.Range | null = null;
  if (!owner.isNullObject) {
    const r = owner.getRangeOrNullObject();
    r.load(["address", "rowIndex", "columnIndex", "rowCount", "columnCount"]);
    await context.sync();
    if (!r.isNullObject) {
      previous = r;
      sheet = r.worksheet;
    }
  }
  if (sheet) {
    sheet.load("name");
    await context.sync();
    return { sheet, name: sheet.name, previous, owner };
  }
  const free = candidates.findIndex((_, k) => existing[k]!.isNullObject);
  if (free < 0) throw new Error(`There are already sheets "${baseName}" to "${candidates[candidates.length - 1]}"; delete one so the add-in can write there.`);
  return { sheet: null, name: candidates[free]!, previous, owner };
}

/**
 * Write the report onto the add-in's Segmentation sheet (made when needed); returns the sheet's name.
 * `baseName` is the sheet name in the user's language ("Segmentation" or "Segmentatie").
 */
export async function writeReport(context: Excel.RequestContext, rep: Report, baseName: string): Promise<string> {
  const workbook = context.workbook;
  const { sheet, previous, owner } = await claimSheet(context, REPORT_NAME, baseName);
  sheet.load("name");
  const charts = sheet.charts;
  charts.load("items/name");
  await context.sync();

  // Replace what the add-in wrote last time: its charts (by name) and its cells.
  for (const chart of charts.items) if (chart.name.startsWith(CHART_PREFIX)) chart.delete();
  if (previous) {
    previous.clear("All");
    previous.unmerge();
    previous.format.rowHeight = DASHBOARD.rowPoints;
    previous.columnHidden = false;
  }
  sheet.horizontalPageBreaks.removePageBreaks();
  if (!owner.isNullObject) owner.delete();
  // The area is the add-in's again at once, in the same request: should a later one fail, the next
  // run still finds this sheet its own instead of making "Segmentation 2".
  workbook.names.add(REPORT_NAME, range(sheet, rep.extent), "Customer Segmentation add-in: the area of its summary sheet.").visible = false;

  for (const b of rep.blocks) {
    const cols = Math.max(...b.cells.map((r) => r.length));
    const cells = b.cells.map((r) => Array.from({ length: cols }, (_, j) => r[j] ?? ""));
    const r = range(sheet, { row: b.row, col: b.col, rows: cells.length, cols });
    // Names of customers, segments and rules are text, whatever they start with.
    writeCells(r, cells, cells.map((row, i) => row.map((_, j) => cellFormat(b, i, j) ?? "General")));
    if (b.style === "table") range(sheet, { row: b.row, col: b.col, rows: 1, cols }).format.font.bold = true;
    if (b.style === "title2") r.format.font.bold = true;
    if (b.heatmap && cells.length > 1 && cols > 1) {
      // A colour scale from red (low) to green (high) over the values (ExcelApi 1.6).
      const cf = range(sheet, { row: b.row + 1, col: b.col + 1, rows: cells.length - 1, cols: cols - 1 }).conditionalFormats.add("ColorScale");
      cf.colorScale.criteria = {
        minimum: { type: "LowestValue", color: "#F8696B" },
        midpoint: { formula: "50", type: "Percentile", color: "#FFEB84" },
        maximum: { type: "HighestValue", color: "#63BE7B" },
      };
    }
    if (b.style === "title") {
      r.format.font.bold = true;
      r.format.font.size = 14;
    }
    // Text across the dashboard: each row merged over the span and wrapped; a table's action column wraps.
    if (b.span && b.span > 1) range(sheet, { row: b.row, col: b.col, rows: cells.length, cols: b.span }).merge(true);
    if (b.span) {
      const t = range(sheet, { row: b.row, col: b.col, rows: cells.length, cols: b.span });
      t.format.wrapText = true;
      t.format.verticalAlignment = "Top";
    } else if (b.wrap) {
      const t = range(sheet, { row: b.row, col: b.col + cols - 1, rows: cells.length, cols: 1 });
      t.format.wrapText = true;
      t.format.verticalAlignment = "Top";
    }
    (b.heights ?? []).forEach((h, i) => {
      if (h) range(sheet, { row: b.row + i, col: 0, rows: 1, cols: 1 }).format.rowHeight = h;
    });
  }
  const layout = rep.layout;
  // Column widths: characters to points (Excel: 7 pixels per character and 5 of padding; 0.75 points per pixel).
  layout.widths.forEach((w, col) => (range(sheet, { row: 0, col, rows: 1, cols: 1 }).format.columnWidth = Math.round((w * 7 + 5) * 0.75)));
  // The charts' data: hidden columns, within the area the add-in owns.
  range(sheet, { row: rep.extent.row, col: layout.hiddenFrom, rows: rep.extent.rows, cols: rep.extent.col + rep.extent.cols - layout.hiddenFrom }).columnHidden = true;
  // Printing: A4 landscape, one page wide, breaks between blocks.
  const page = sheet.pageLayout;
  page.orientation = "Landscape";
  page.paperSize = "A4";
  page.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  const m = DASHBOARD.margins;
  page.leftMargin = m.left * 72;
  page.rightMargin = m.right * 72;
  page.topMargin = m.top * 72;
  page.bottomMargin = m.bottom * 72;
  page.headerMargin = 0;
  page.footerMargin = 0;
  page.setPrintArea(range(sheet, layout.printArea));
  for (const row of layout.pageBreaks) sheet.horizontalPageBreaks.add(range(sheet, { row, col: 0, rows: 1, cols: 1 }));
  const started = rep.charts.map((spec) => startChart(sheet, rep, spec));
  await context.sync();
  for (const c of started) if (c) fillChart(sheet, c.chart, c.spec);
  await context.sync();
  return sheet.name;
}

export { address as areaAddress };
