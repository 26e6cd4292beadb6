/**
 * The "Segmentation" sheet, described once for every writer (the add-in and the command line's
 * workbook): blocks of cells with their number formats, and charts as plain specifications bound to
 * ranges of those cells. Positions are 0-based row and column indexes on that sheet.
 *
 * Layout: the summary tables in columns A:E, the charts over columns G:Q, the data the charts are
 * bound to from column S on (each block headed, so a user can read it too).
 *
 * @example
 * const rep = report(segment(table), { source: "Klanten!A1:K251" });
 * rep.blocks[0].cells[0][0]   // "Customer segmentation"
 * rep.charts.map(c => c.key)  // ["pareto", "bcg", "whale"]
 */
import { QUADRANTS, type Quadrant } from "../analysis/bcg.js";
import { chartData, type ChartData } from "./charts.js";
import { insights, type Insights } from "../insights/insights.js";
import { modelFigures, type OrderListModels } from "../orders/orderlist.js";
import type { Aggregation } from "../orders/transactions.js";
import { NOTABLE } from "../insights/profile.js";
import type { SegmentResult } from "../analysis/segment.js";
import { quadrantLabel } from "../analysis/segment.js";
import type { Cell } from "../reading/table.js";
import { formatPercent, say } from "../reading/text.js";

export type ReportCell = string | number | null;

export interface Block {
  row: number;
  col: number;
  cells: ReportCell[][];
  /** Number format per column of the block (null: General). */
  formats: (string | null)[];
  /** Number format per row for the block's second column on (overrides `formats`). */
  rowFormats?: (string | null)[];
  /** The first row is a header (bold); `title` marks a one-cell title (bold, larger), `title2` a section title (bold). */
  style: "table" | "title" | "title2" | "text";
  /** A colour scale (low red, high green) over the block's cells below its header row and right of its first column. */
  heatmap?: boolean;
}

/** A rectangle on the Segmentation sheet. */
export interface Area {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface SeriesSpec {
  name: string;
  /** A cell holding the name (for writers that bind series names to cells). */
  nameCell: Area;
  kind: "column" | "line" | "bubble" | "scatterLine" | "scatterPoints";
  axis: "primary" | "secondary";
  /** Categories (column/line) or x values (bubble/scatter). */
  x: Area;
  values: Area;
  sizes?: Area;
  /** Fill or line colour, "#RRGGBB". */
  colour: string;
  dashed?: boolean;
}

export interface ChartSpec {
  key: "pareto" | "bcg" | "whale" | "dependency" | "alive";
  /** columns: stacked columns (with line series where given); bubble; scatter: x-y lines. */
  type: "columns" | "bubble" | "scatter";
  /** The chart's name in the workbook: how a re-run finds and replaces its own charts. */
  name: string;
  title: string;
  note: string;
  series: SeriesSpec[];
  axes: {
    /** crossesAt: the y value where the horizontal axis lies; labelEvery: label every n-th category. */
    x: { title: string; format: string; crossesAt?: number; labelEvery?: number };
    y: { title: string; format: string; crossesAt?: number; min?: number; max?: number };
    y2?: { title: string; format: string; min: number; max: number };
  };
  /** Where the chart sits: the cells it covers. */
  at: Area;
}

export interface Report {
  blocks: Block[];
  charts: ChartSpec[];
  data: ChartData;
  /** Every cell the report writes lies within this area, the same every run (the writer clears it on a re-run). */
  extent: Area;
}

export const CHART_PREFIX = "SEG_chart_";

/**
 * The area of the Segmentation sheet the add-in owns, A1:BZ300: the same on every run whatever the
 * data, so a re-run never reaches cells it did not clear (the grouping limits of the charts keep
 * every block inside it; an order list with every chart takes about 50 columns).
 */
export const REPORT_AREA: Area = { row: 0, col: 0, rows: 300, cols: 78 };

export const QUADRANT_COLOURS: Record<Quadrant, string> = { Star: "#2E7D32", "Cash Cow": "#1F6FB2", "Question Mark": "#C98A00", Dog: "#7F7F7F" };
const CLASS_COLOURS = { A: "#2E7D32", B: "#C98A00", C: "#B0B0B0" } as const;

const PCT = "0.0%";
const AMOUNT = "#,##0";

/** Text of the insight blocks, by language. */
const IT = {
  en: {
    top: (n: number, by: string) => `Your top ${n} (by ${by}) against the rest`,
    revenue: "revenue", score: "score",
    segments: (c: string) => `Segment ranking (${c}): index 100 = average`,
    segHead: ["Segment", "Customers", "Revenue share", "Margin", "Index"],
    penetration: "Market penetration (customers / potential)",
    more: (k: number) => `… and ${k} more`,
    dependency: "Dependency",
    depHead: ["Customer", "Share"],
    funnel: "Sales funnel: what the revenue target takes",
    funnelHead: ["Step", "Number"],
    steps: ["Orders", "Quotes", "Appointments", "Calls", "Prospect addresses"],
    fill: "Addresses from segment",
    shortfall: "Not available in any segment",
    dependencyTitle: "Dependency: your largest customers' share",
    critical: "At or above the threshold",
    others: "Below the threshold",
    threshold: "Threshold",
    profitShare: "Share of profit",
    revenueShare: "Share of revenue",
    heatTitle: "RFM: mean revenue by recency (R) and frequency (F) score",
    heatCorner: "R \\ F",
    aliveTitle: "Chance a customer is still active (BG/NBD)",
    alive: "P(alive)",
    recency: "Days since the last order",
    aliveNote: (n: number, k: number) => `${k} of ${n} customers, evenly by recency.`,
    aliveNoteAll: "One point per customer.",
    rfmSegments: "RFM segments",
    rfmHead: (h: number) => ["RFM segment", "Customers", "Revenue", "Mean P(alive)", `CLV ${h} months`],
    fit: "Model fit (time in weeks)",
  },
  nl: {
    top: (n: number, by: string) => `Je top ${n} (op ${by}) tegen de rest`,
    revenue: "omzet", score: "score",
    segments: (c: string) => `Ranking van segmenten (${c}): index 100 = gemiddeld`,
    segHead: ["Segment", "Klanten", "Omzetaandeel", "Marge", "Index"],
    penetration: "Marktpenetratie (klanten / potentieel)",
    more: (k: number) => `… en nog ${k}`,
    dependency: "Afhankelijkheid",
    depHead: ["Klant", "Aandeel"],
    funnel: "Verkooptrechter: wat het omzetdoel vraagt",
    funnelHead: ["Stap", "Aantal"],
    steps: ["Orders", "Offertes", "Afspraken", "Telefoontjes", "Prospectadressen"],
    fill: "Adressen uit segment",
    shortfall: "In geen segment beschikbaar",
    dependencyTitle: "Afhankelijkheid: aandeel van je grootste klanten",
    critical: "Op of boven de drempel",
    others: "Onder de drempel",
    threshold: "Drempel",
    profitShare: "Aandeel in de winst",
    revenueShare: "Aandeel in de omzet",
    heatTitle: "RFM: gemiddelde omzet naar recentheid (R) en frequentie (F)",
    heatCorner: "R \\ F",
    aliveTitle: "Kans dat een klant nog actief is (BG/NBD)",
    alive: "P(actief)",
    recency: "Dagen sinds de laatste order",
    aliveNote: (n: number, k: number) => `${k} van ${n} klanten, gelijk verdeeld naar recentheid.`,
    aliveNoteAll: "Eén punt per klant.",
    rfmSegments: "RFM-segmenten",
    rfmHead: (h: number) => ["RFM-segment", "Klanten", "Omzet", "Gem. P(actief)", `CLV ${h} mnd`],
    fit: "Modelschatting (tijd in weken)",
  },
};

export function report(
  r: SegmentResult,
  options: { source?: string; table?: readonly (readonly Cell[])[]; insights?: Insights; orderList?: { aggregation: Aggregation; models: OrderListModels } } = {},
): Report {
  const s = r.summary;
  const lang = r.settings.language;
  const nl = lang === "nl";
  const data = chartData(r);
  const blocks: Block[] = [];
  let row = 0;
  const put = (cells: ReportCell[][], formats: (string | null)[], style: Block["style"], col = 0) => {
    blocks.push({ row, col, cells, formats, style });
    row += cells.length + 1;
  };

  // Summary, columns A:E.
  put([[nl ? "Klantsegmentatie" : "Customer segmentation"]], [null], "title");
  row--;
  const intro: ReportCell[][] = [];
  if (options.source) intro.push([(nl ? "Gegevens: " : "Data: ") + options.source]);
  intro.push([s.pareto.sentence]);
  if (s.profit) for (const t of s.profit.sentences) intro.push([t]);
  for (const w of s.concentration.warnings) intro.push([w]);
  for (const note of s.notes) intro.push([note]);
  put(intro, [null], "text");

  const c = s.concentration;
  const figures: [string, number, string][] = [
    [nl ? "Klanten" : "Customers", s.counts.included, "#,##0"],
    [nl ? "Omzet (positief)" : "Revenue (positive)", s.pareto.totalRevenue, AMOUNT],
    ...(s.profit ? [[nl ? "Winst" : "Profit", s.profit.total, AMOUNT] as [string, number, string]] : []),
    [nl ? "Rijen niet meegeteld" : "Rows left out", s.counts.leftOut, "0"],
    [nl ? "Grootste klant, omzetaandeel" : "Largest customer, revenue share", c.top1, PCT],
    [nl ? "Top 5, omzetaandeel" : "Top 5, revenue share", c.top5, PCT],
    [nl ? "Top 10, omzetaandeel" : "Top 10, revenue share", c.top10, PCT],
    ["Herfindahl-Hirschman index", c.hhi, "0.000"],
    ["Gini", c.gini, "0.00"],
  ];
  blocks.push({
    row,
    col: 0,
    cells: [[nl ? "Kengetal" : "Figure", nl ? "Waarde" : "Value"], ...figures.map(([label, value]) => [label, value])],
    formats: [null, null],
    rowFormats: [null, ...figures.map((f) => f[2])],
    style: "table",
  });
  row += figures.length + 2;

  const group = (title: string, rows: { label: string; count: number; revenue: number; revenueShare: number; action?: string }[], withAction = false) =>
    put(
      [
        [title, nl ? "Klanten" : "Customers", nl ? "Omzet" : "Revenue", nl ? "Omzetaandeel" : "Revenue share", ...(withAction ? [nl ? "Aanpak" : "Action"] : [])],
        ...rows.map((x) => [x.label, x.count, x.revenue, x.revenueShare, ...(withAction ? [x.action ?? ""] : [])]),
      ],
      [null, "0", AMOUNT, PCT, null],
      "table",
    );
  group(nl ? "Paretoklasse" : "Pareto class", s.pareto.classes);
  if (s.bcg) group(nl ? "BCG-kwadrant" : "BCG quadrant", s.bcg.quadrants, true);
  group(nl ? "Scoreklasse" : "Tier (score)", s.score.tiers, true);

  // Portfolio insights, when the table is at hand.
  // The insights of the run when the caller has them already, else from the table.
  const ins = options.insights ?? (options.table ? insights(options.table, r) : null);
  if (ins) {
    const it = IT[lang];
    const settings = r.settings.insights;
    const notable = ins.profile.findings.filter((f) => f.difference >= NOTABLE);
    if (notable.length) {
      put([[it.top(settings.topN, settings.topBy === "score" ? it.score : it.revenue)]], [null], "title2");
      row--;
      put(notable.slice(0, 8).map((f) => [f.sentence]), [null], "text");
    }
    if (ins.segments) {
      const list = ins.segments.segments;
      const shown = list.slice(0, 25);
      put([[it.segments(ins.segments.column)]], [null], "title2");
      row--;
      // Five columns, A:E, so the table stays clear of the charts.
      put(
        [
          it.segHead,
          ...shown.map((x) => [`${x.rank}. ${x.segment}`, x.customers, x.revenueShare, x.margin, x.index === null ? null : Math.round(x.index)]),
          ...(list.length > shown.length ? [[it.more(list.length - shown.length)]] : []),
        ],
        [null, "0", PCT, PCT, "0"],
        "table",
      );
      const pen = shown.filter((x) => x.penetration !== null);
      if (pen.length) {
        row--;
        put([[`${it.penetration}: ${pen.map((x) => `${x.segment} ${formatPercent(x.penetration!, lang)}`).join(", ")}`]], [null], "text");
      }
    }
    put([[it.dependency]], [null], "title2");
    row--;
    put(ins.dependency.sentences.map((t) => [t]), [null], "text");
    if (ins.dependency.critical.length) {
      put([it.depHead, ...ins.dependency.critical.slice(0, 10).map((x) => [x.customer, x.share])], [null, PCT], "table");
    }
    if (ins.funnel) {
      const f = ins.funnel;
      put([[it.funnel]], [null], "title2");
      row--;
      put(
        [
          it.funnelHead,
          ...[f.orders, f.quotes, f.appointments, f.calls, f.addresses].map((v, k) => [it.steps[k]!, v]),
          ...f.allocation.filter((a) => a.addresses > 0).slice(0, 12).map((a) => [`${it.fill} ${a.segment}`, a.addresses]),
          ...(f.shortfall > 0 && !f.unallocated ? [[it.shortfall, f.shortfall]] : []),
        ],
        [null, "#,##0"],
        "table",
      );
    }
    if (ins.notes.length) put(ins.notes.map((t) => [t]), [null], "text");
  }
  const summaryRows = row;

  // Chart data from column S (18) on, each block side by side; charts over G:Q (6..16).
  const charts: ChartSpec[] = [];
  const chartCol = 6;
  const chartCols = 11;
  const chartRows = 22;
  let dataCol = 18;
  let chartRow = 0;
  let dataRows = 0;
  const title = (key: Parameters<typeof say>[1]) => say(lang, key);
  const place = (): Area => {
    const at = { row: chartRow, col: chartCol, rows: chartRows, cols: chartCols };
    chartRow += chartRows + 1;
    return at;
  };
  const col = (c0: number, k: number, n: number): Area => ({ row: 2, col: c0 + k, rows: n, cols: 1 });
  const head = (c0: number, k: number): Area => ({ row: 1, col: c0 + k, rows: 1, cols: 1 });

  if (data.pareto) {
    const p = data.pareto;
    const n = p.points.length;
    const c0 = dataCol;
    blocks.push({ row: 0, col: c0, cells: [[title("chart.paretoTitle")]], formats: [null], style: "text" });
    blocks.push({
      row: 1,
      col: c0,
      cells: [
        [p.grouped ? title("chart.customerShare") : title("chart.customer"), "A", "B", "C", title("chart.cumulative"), title("chart.cutoff")],
        ...p.points.map((pt) => [pt.label, pt.paretoClass === "A" ? pt.value : null, pt.paretoClass === "B" ? pt.value : null, pt.paretoClass === "C" ? pt.value : null, pt.cumulative, p.aCutoff]),
      ],
      formats: [p.grouped ? "0%" : null, p.grouped ? PCT : AMOUNT, p.grouped ? PCT : AMOUNT, p.grouped ? PCT : AMOUNT, PCT, PCT],
      style: "table",
    });
    dataRows = Math.max(dataRows, n + 2);
    charts.push({
      key: "pareto",
      type: "columns",
      name: CHART_PREFIX + "pareto",
      title: title("chart.paretoTitle"),
      note: p.note,
      series: [
        ...(["A", "B", "C"] as const).map((k, i) => ({ name: k, nameCell: head(c0, 1 + i), kind: "column" as const, axis: "primary" as const, x: col(c0, 0, n), values: col(c0, 1 + i, n), colour: CLASS_COLOURS[k] })),
        { name: title("chart.cumulative"), nameCell: head(c0, 4), kind: "line", axis: "secondary", x: col(c0, 0, n), values: col(c0, 4, n), colour: "#C00000" },
        { name: title("chart.cutoff"), nameCell: head(c0, 5), kind: "line", axis: "secondary", x: col(c0, 0, n), values: col(c0, 5, n), colour: "#404040", dashed: true },
      ],
      axes: {
        x: { title: p.grouped ? title("chart.customerShare") : title("chart.customer"), format: p.grouped ? "0%" : "General", ...(p.grouped ? { labelEvery: Math.max(1, Math.round(n / 10)) } : {}) },
        y: { title: p.grouped ? title("chart.revenueShare") : title("chart.revenue"), format: p.grouped ? "0%" : AMOUNT },
        y2: { title: title("chart.cumulative"), format: "0%", min: 0, max: 1 },
      },
      at: place(),
    });
    dataCol += 7;
  }

  if (data.bcg) {
    const b = data.bcg;
    const c0 = dataCol;
    // Rows sorted by quadrant, so each quadrant's bubbles are one contiguous range (one series each).
    const sorted = QUADRANTS.flatMap((q) => b.bubbles.filter((x) => x.quadrant === q));
    const xFormat = b.x === "margin" ? "0%" : AMOUNT;
    blocks.push({ row: 0, col: c0, cells: [[title("chart.bcgTitle")]], formats: [null], style: "text" });
    blocks.push({
      row: 1,
      col: c0,
      cells: [
        [title("chart.customer"), nl ? "Kwadrant" : "Quadrant", b.x === "margin" ? title("chart.margin") : title("chart.profit"), title("chart.growth"), title("chart.size"), title("chart.count")],
        ...sorted.map((x) => [x.label, quadrantLabel(x.quadrant, lang), x.x, x.y, x.size, x.count]),
      ],
      formats: [null, null, b.x === "margin" ? PCT : AMOUNT, "0.0##", AMOUNT, "0"],
      style: "table",
    });
    dataRows = Math.max(dataRows, sorted.length + 2);
    let start = 0;
    const series: SeriesSpec[] = [];
    for (const q of QUADRANTS) {
      const k = sorted.filter((x) => x.quadrant === q).length;
      if (k > 0) {
        series.push({
          name: quadrantLabel(q, lang),
          nameCell: { row: 2 + start, col: c0 + 1, rows: 1, cols: 1 },
          kind: "bubble",
          axis: "primary",
          x: { row: 2 + start, col: c0 + 2, rows: k, cols: 1 },
          values: { row: 2 + start, col: c0 + 3, rows: k, cols: 1 },
          sizes: { row: 2 + start, col: c0 + 4, rows: k, cols: 1 },
          colour: QUADRANT_COLOURS[q],
        });
      }
      start += k;
    }
    charts.push({
      key: "bcg",
      type: "bubble",
      name: CHART_PREFIX + "bcg",
      title: title("chart.bcgTitle"),
      note: b.note,
      series,
      axes: {
        x: { title: b.x === "margin" ? title("chart.margin") : title("chart.profit"), format: xFormat, crossesAt: b.yThreshold },
        y: { title: title("chart.growth"), format: "General", crossesAt: b.xThreshold },
      },
      at: place(),
    });
    dataCol += 7;
  }

  if (data.whale) {
    const w = data.whale;
    const c0 = dataCol;
    blocks.push({ row: 0, col: c0, cells: [[title("chart.whaleTitle")]], formats: [null], style: "text" });
    blocks.push({
      row: 1,
      col: c0,
      cells: [[title("chart.customerShare"), title("chart.profitShare")], ...w.points.map((p) => [p.customerShare, p.profitShare])],
      formats: [PCT, PCT],
      style: "table",
    });
    dataRows = Math.max(dataRows, w.points.length + 2);
    charts.push({
      key: "whale",
      type: "scatter",
      name: CHART_PREFIX + "whale",
      title: title("chart.whaleTitle"),
      note: w.note,
      series: [{ name: title("chart.profitShare"), nameCell: head(c0, 1), kind: "scatterLine", axis: "primary", x: col(c0, 0, w.points.length), values: col(c0, 1, w.points.length), colour: "#1F6FB2" }],
      axes: { x: { title: title("chart.customerShare"), format: "0%" }, y: { title: title("chart.profitShare"), format: "0%", min: 0 } },
      at: place(),
    });
    dataCol += 3;
  }

  // Dependency: the largest shares of profit (revenue without profit), critical ones in red, the threshold as a line.
  if (ins) {
    const d = ins.dependency;
    const c = r.columns;
    const values = d.basis === "profit" ? c.profit : c.revenue;
    const total = d.basis === "profit" ? r.summary.profit!.total : r.summary.pareto.totalRevenue;
    const largest: number[] = [];
    for (let i = 0; i < values.length; i++) if (c.included[i] && values[i]! > 0) largest.push(i);
    largest.sort((a, b) => values[b]! - values[a]! || a - b);
    const top = largest.slice(0, 10);
    if (top.length && total > 0) {
      const c0 = dataCol;
      const n = top.length;
      const it = IT[lang];
      const shareTitle = d.basis === "profit" ? it.profitShare : it.revenueShare;
      blocks.push({ row: 0, col: c0, cells: [[it.dependencyTitle]], formats: [null], style: "text" });
      blocks.push({
        row: 1,
        col: c0,
        cells: [
          [title("chart.customer"), it.critical, it.others, it.threshold],
          ...top.map((i) => {
            const share = values[i]! / total;
            return [c.customer[i]!, share >= d.threshold ? share : null, share >= d.threshold ? null : share, d.threshold];
          }),
        ],
        formats: [null, PCT, PCT, PCT],
        style: "table",
      });
      dataRows = Math.max(dataRows, n + 2);
      charts.push({
        key: "dependency",
        type: "columns",
        name: CHART_PREFIX + "dependency",
        title: it.dependencyTitle,
        note: d.sentences[0]!,
        series: [
          { name: it.critical, nameCell: head(c0, 1), kind: "column", axis: "primary", x: col(c0, 0, n), values: col(c0, 1, n), colour: "#C00000" },
          { name: it.others, nameCell: head(c0, 2), kind: "column", axis: "primary", x: col(c0, 0, n), values: col(c0, 2, n), colour: "#A6A6A6" },
          { name: it.threshold, nameCell: head(c0, 3), kind: "line", axis: "primary", x: col(c0, 0, n), values: col(c0, 3, n), colour: "#404040", dashed: true },
        ],
        axes: { x: { title: title("chart.customer"), format: "General" }, y: { title: shareTitle, format: "0%" } },
        at: place(),
      });
      dataCol += 5;
    }
  }

  // Order lists: the RFM heat map (recency × frequency, mean revenue) and P(alive) against recency.
  if (options.orderList) {
    const { aggregation: agg, models } = options.orderList;
    const it = IT[lang];
    const c0 = dataCol;
    const sum = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    const count = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    models.customers.forEach((m, i) => {
      sum[5 - m.rfm.r]![m.rfm.f - 1]! += agg.customers[i]!.revenue;
      count[5 - m.rfm.r]![m.rfm.f - 1]!++;
    });
    blocks.push({ row: 0, col: c0, cells: [[it.heatTitle]], formats: [null], style: "text" });
    blocks.push({
      row: 1,
      col: c0,
      cells: [[it.heatCorner, "F1", "F2", "F3", "F4", "F5"], ...sum.map((rowSums, k) => [`R${5 - k}`, ...rowSums.map((s, f) => (count[k]![f]! ? Math.round(s / count[k]![f]!) : null))])],
      formats: [null, AMOUNT, AMOUNT, AMOUNT, AMOUNT, AMOUNT],
      style: "table",
      heatmap: true,
    });
    // The RFM segments with their revenue, mean P(alive) and CLV, and the models' parameters.
    const segRow = 9;
    blocks.push({ row: segRow, col: c0, cells: [[it.rfmSegments]], formats: [null], style: "title2" });
    blocks.push({
      row: segRow + 1,
      col: c0,
      cells: [it.rfmHead(models.horizonMonths), ...models.segments.map((g) => [g.segment, g.customers, g.revenue, g.pAlive, g.clv === null ? null : Math.round(g.clv)])],
      formats: [null, "0", AMOUNT, PCT, AMOUNT],
      style: "table",
    });
    const fitRow = segRow + 3 + models.segments.length;
    const fit = modelFigures(models);
    const fitLines: ReportCell[][] = [[it.fit]];
    if (fit.bgnbd) fitLines.push([`BG/NBD: ${fit.bgnbd}`]);
    if (fit.gammaGamma) fitLines.push([`Gamma-Gamma: ${fit.gammaGamma}`]);
    for (const note of models.notes) fitLines.push([note]);
    blocks.push({ row: fitRow, col: c0, cells: fitLines, formats: [null], style: "text" });
    dataRows = Math.max(dataRows, fitRow + fitLines.length + 1);
    const points = agg.customers
      .map((cu, i) => ({ recency: agg.end - cu.last, alive: models.customers[i]!.pAlive }))
      .filter((p): p is { recency: number; alive: number } => p.alive !== null)
      .sort((a, b) => a.recency - b.recency);
    const step = Math.max(1, Math.ceil(points.length / 200));
    const shown = points.filter((_, k) => k % step === 0);
    if (shown.length > 1) {
      const p0 = c0 + 7;
      blocks.push({ row: 0, col: p0, cells: [[it.aliveTitle]], formats: [null], style: "text" });
      blocks.push({ row: 1, col: p0, cells: [[it.recency, it.alive], ...shown.map((p) => [p.recency, p.alive])], formats: ["0", PCT], style: "table" });
      dataRows = Math.max(dataRows, shown.length + 2);
      charts.push({
        key: "alive",
        type: "scatter",
        name: CHART_PREFIX + "alive",
        title: it.aliveTitle,
        note: step > 1 ? it.aliveNote(points.length, shown.length) : it.aliveNoteAll,
        series: [{ name: it.alive, nameCell: head(p0, 1), kind: "scatterPoints", axis: "primary", x: col(p0, 0, shown.length), values: col(p0, 1, shown.length), colour: "#1F6FB2" }],
        axes: { x: { title: it.recency, format: "0" }, y: { title: it.alive, format: "0%", min: 0, max: 1 } },
        at: place(),
      });
      dataCol += 10;
    } else dataCol += 7;
  }

  const rows = Math.max(summaryRows, dataRows, chartRow);
  if (rows > REPORT_AREA.rows || dataCol > REPORT_AREA.cols) throw new Error(`report: ${rows} rows × ${dataCol} columns do not fit the report area`);
  return { blocks, charts, data, extent: REPORT_AREA };
}

/** The number format of a block's cell: per-row formats where the block has them, else per column. */
export function cellFormat(b: Block, i: number, j: number): string | null {
  if (b.rowFormats && j > 0) return b.rowFormats[i] ?? null;
  return b.formats[j] ?? null;
}

/**
 * Whether a chart series has anything to draw: a number in at least one cell of its values in the
 * report's blocks. A writer leaves out series without points (a chart made from, or given, a blank
 * range has no series in Excel).
 *
 * @example
 * seriesHasPoints(rep, rep.charts[0].series[2]) // false when no customer is in class C
 */
export function seriesHasPoints(rep: Pick<Report, "blocks">, s: Pick<SeriesSpec, "values">): boolean {
  const a = s.values;
  for (const b of rep.blocks) {
    for (let i = 0; i < b.cells.length; i++) {
      const row = b.row + i;
      if (row < a.row || row >= a.row + a.rows) continue;
      const cells = b.cells[i]!;
      for (let j = 0; j < cells.length; j++) {
        const col = b.col + j;
        if (col >= a.col && col < a.col + a.cols && typeof cells[j] === "number" && Number.isFinite(cells[j])) return true;
      }
    }
  }
  return false;
}
