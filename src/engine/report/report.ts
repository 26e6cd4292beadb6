/**
 * The "Segmentation" sheet, described once for every writer (the add-in and the command line's
 * workbook): blocks of cells with their number formats, and charts as plain specifications bound to
 * ranges of those cells. Positions are 0-based row and column indexes on that sheet.
 *
 * Layout: a dashboard over columns A:E that reads top to bottom: the findings in plain sentences,
 * then the tables, then the charts two by two, each with its explanation in the cells under it. No
 * block overlaps another ({@link overlaps} checks it). The data the charts are bound to lies from
 * column H on, in columns the writers hide (the charts plot hidden cells), so the dashboard shows
 * nothing else. It prints landscape, one page wide, with page breaks between blocks.
 *
 * @example
 * const rep = report(segment(table), { source: "Klanten!A1:K251" });
 * rep.blocks[0].cells[0][0]   // "Customer segmentation"
 * rep.charts.map(c => c.key)  // ["pareto", "bcg", "whale"]
 */
import { QUADRANTS, type Quadrant } from "../analysis/bcg.js";
import { chartData, quadrantCorners, type ChartData, type LabelPosition } from "./charts.js";
import { insights, type Insights } from "../insights/insights.js";
import { modelFigures, type OrderListModels } from "../orders/orderlist.js";
import { modelLabel } from "../orders/holdout.js";
import type { Aggregation } from "../orders/transactions.js";
import { NOTABLE } from "../insights/profile.js";
import type { SegmentResult } from "../analysis/segment.js";
import { quadrantLabel } from "../analysis/segment.js";
import type { Cell } from "../reading/table.js";
import { formatAmount, formatPercent, say } from "../reading/text.js";

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
  /** Text across this many columns: each row's cells merged and wrapped (the text is in the first cell). */
  span?: number;
  /** The cells wrap their text within their column (a table's action column). */
  wrap?: boolean;
  /** Row heights in points, one per row (null: the standard height). */
  heights?: (number | null)[];
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
  /** Data labels: each point's value in this number format, or a text per point (null: no label), right of it or where `positions` say. */
  labels?: { values: string } | { texts: (string | null)[]; positions?: (LabelPosition | null)[] };
  /** false: no legend entry (the BCG chart's quadrant names, which label the corners instead). */
  inLegend?: boolean;
}

export interface ChartSpec {
  key: "pareto" | "bcg" | "whale" | "dependency" | "alive" | "tracking" | "counts";
  /** Columns side by side instead of stacked (a comparison of two series). */
  clustered?: boolean;
  /** columns: stacked columns (with line series where given); bubble; scatter: x-y lines. */
  type: "columns" | "bubble" | "scatter";
  /** The chart's name in the workbook: how a re-run finds and replaces its own charts. */
  name: string;
  title: string;
  note: string;
  series: SeriesSpec[];
  axes: {
    /** crossesAt: the y value where the horizontal axis lies; labelEvery: label every n-th category; major: the distance between ticks. Where the axes cross inside the plot, the tick labels sit at the low edge. */
    x: { title: string; format: string; crossesAt?: number; labelEvery?: number; min?: number; max?: number; major?: number };
    y: { title: string; format: string; crossesAt?: number; min?: number; max?: number; major?: number };
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
  layout: Layout;
}

/** How the dashboard is laid out and printed, for every writer. */
export interface Layout {
  /** Widths of the dashboard's columns A, B, ..., in characters of the standard font. */
  widths: number[];
  /** The columns holding the charts' data, hidden: from `hiddenFrom` to the end of the report area. */
  hiddenFrom: number;
  /** What prints: the dashboard (landscape, one page wide). */
  printArea: Area;
  /** 0-based rows before which a page break goes. */
  pageBreaks: number[];
}

/** The dashboard's grid. */
export const DASHBOARD = {
  widths: [34, 12, 14, 14, 60],
  /** Characters of wrapped text per line across the whole width (Calibri 11 averages narrower than its digit width). */
  lineChars: 125,
  rowPoints: 15,
  /** Rows per chart; two charts per row of charts, at columns A:C and D:E. */
  chartRows: 13,
  slots: [{ col: 0, cols: 3 }, { col: 3, cols: 2 }],
  /** Page margins in inches (left, right, top, bottom); no header or footer. */
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5 },
  /**
   * The printable height of a landscape A4 page in points (595 less the margins and a safety), at
   * scale 100%: the dashboard (963 pixels = 722 points) fits the page's width (784 points) unscaled.
   */
  pagePoints: 510,
  /** First column of the charts' data (H). */
  dataCol: 7,
} as const;

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
    dependencyTitle: "Dependency: largest customers",
    critical: "At or above the threshold",
    others: "Below the threshold",
    threshold: "Threshold",
    profitShare: "Share of profit",
    revenueShare: "Share of revenue",
    heatTitle: "RFM: mean revenue by recency (R) and frequency (F) score",
    heatCorner: "R \\ F",
    aliveTitle: (m: string) => `Chance still active (${m})`,
    alive: "P(alive)",
    recency: "Days since the last order",
    aliveNote: (n: number, k: number) => `${k} of ${n} customers, evenly by recency.`,
    aliveNoteAll: "One point per customer.",
    rfmSegments: "RFM segments",
    rfmHead: (h: number) => ["RFM segment", "Customers", "Revenue", "Mean P(alive)", `CLV ${h} months`],
    rangeTitle: (h: number) => `Forecast per RFM segment, next ${h} months, with 90% intervals`,
    rangeHead: ["RFM segment", "Purchases", "Low (90%)", "High (90%)", "    CLV, with its 90% interval"],
    // Indented: the text starts right after the high (right-aligned in the column before).
    clvRange: (v: string, lo: string, hi: string) => `    ${v} (90%: ${lo} to ${hi})`,
    flowTitle: (basis: string) => `Expected ${basis} per month (discounted)`,
    flowHead: ["Month", "Purchases", "Value"],
    month: (k: number, until: string | null) => (until ? `Month ${k}, to ${until}` : `Month ${k}`),
    flowTotal: "Total",
    rangeNote: "The intervals show how far the forecast can be off because the model's parameters are estimated from this list (the spend per purchase is taken as estimated).",
    fit: "Model fit (time in weeks)",
    countsTitle: "Customers by repeat purchases",
    countsAxis: "Repeat purchases in the calibration part",
    countsNote: (m: string, w: string) => `Customers with 0, 1, …, 7 or more repeat purchases up to ${w}: actual, and as ${m} fitted on that part expects them.`,
    trackingTitle: "Repeat purchases: actual and model",
    trackingActual: "Actual",
    trackingModel: (m: string) => `${m} (calibration fit)`,
    trackingWeek: "Week",
    trackingNote: (m: string, w: number, p: number, a: number) => `Cumulative repeat purchases per week. ${m} was fitted on the weeks up to ${w} and predicts the rest: ${p.toLocaleString("en-US", { maximumFractionDigits: 0 })} in the holdout against ${a.toLocaleString("en-US")} that came.`,
    rfmExplain: "R5 = bought most recently, R1 = longest ago; F5 = ordered most often, F1 = least often. An empty cell: no customer has that combination.",
    oneTime: "Bought once",
    repeat: "Bought more than once",
    tables: "Figures",
    charts: "Charts",
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
    dependencyTitle: "Afhankelijkheid: grootste klanten",
    critical: "Op of boven de drempel",
    others: "Onder de drempel",
    threshold: "Drempel",
    profitShare: "Aandeel in de winst",
    revenueShare: "Aandeel in de omzet",
    heatTitle: "RFM: gemiddelde omzet naar recentheid (R) en frequentie (F)",
    heatCorner: "R \\ F",
    aliveTitle: (m: string) => `Kans nog actief (${m})`,
    alive: "P(actief)",
    recency: "Dagen sinds de laatste order",
    aliveNote: (n: number, k: number) => `${k} van ${n} klanten, gelijk verdeeld naar recentheid.`,
    aliveNoteAll: "Eén punt per klant.",
    rfmSegments: "RFM-segmenten",
    rfmHead: (h: number) => ["RFM-segment", "Klanten", "Omzet", "Gem. P(actief)", `CLV ${h} mnd`],
    rangeTitle: (h: number) => `Voorspelling per RFM-segment, komende ${h} maanden, met 90%-intervallen`,
    rangeHead: ["RFM-segment", "Aankopen", "Laag (90%)", "Hoog (90%)", "    CLV, met 90%-interval"],
    clvRange: (v: string, lo: string, hi: string) => `    ${v} (90%: ${lo} tot ${hi})`,
    flowTitle: (basis: string) => `Verwachte ${basis} per maand (verdisconteerd)`,
    flowHead: ["Maand", "Aankopen", "Waarde"],
    month: (k: number, until: string | null) => (until ? `Maand ${k}, tot ${until}` : `Maand ${k}`),
    flowTotal: "Totaal",
    rangeNote: "De intervallen tonen hoever de voorspelling ernaast kan zitten doordat de parameters van het model uit deze lijst geschat zijn (het bedrag per aankoop is genomen zoals geschat).",
    fit: "Modelschatting (tijd in weken)",
    countsTitle: "Klanten naar herhaalaankopen",
    countsAxis: "Herhaalaankopen in de kalibratieperiode",
    countsNote: (m: string, w: string) => `Klanten met 0, 1, …, 7 of meer herhaalaankopen tot en met ${w}: werkelijk, en zoals ${m}, geschat op die periode, ze verwacht.`,
    trackingTitle: "Herhaalaankopen: werkelijk en model",
    trackingActual: "Werkelijk",
    trackingModel: (m: string) => `${m} (geschat op de kalibratie)`,
    trackingWeek: "Week",
    trackingNote: (m: string, w: number, p: number, a: number) => `Cumulatieve herhaalaankopen per week. ${m} is geschat op de weken tot en met ${w} en voorspelt de rest: ${p.toLocaleString("nl-NL", { maximumFractionDigits: 0 })} in de toetsperiode tegen ${a.toLocaleString("nl-NL")} werkelijk.`,
    rfmExplain: "R5 = het kortst geleden gekocht, R1 = het langst geleden; F5 = het vaakst besteld, F1 = het minst vaak. Een lege cel: geen klant heeft die combinatie.",
    oneTime: "Eén keer gekocht",
    repeat: "Vaker gekocht",
    tables: "Cijfers",
    charts: "Grafieken",
  },
};

type Options = { source?: string; table?: readonly (readonly Cell[])[]; insights?: Insights; orderList?: { aggregation: Aggregation; models: OrderListModels } };

/**
 * The dashboard being laid out: blocks top to bottom over A:E, each step a unit a page break may
 * precede, and the charts' data side by side in the hidden columns.
 */
class Dashboard {
  readonly blocks: Block[] = [];
  readonly charts: ChartSpec[] = [];
  /** The next free row of the dashboard. */
  row = 0;
  /** Height in points of each row that is not the standard height. */
  readonly heights = new Map<number, number>();
  /** Rows where a unit (a block with its title) starts: where a page break may go. */
  readonly units: number[] = [];
  /** Rows before which a page break must go. */
  readonly forced = new Set<number>();
  /** The next free column of the charts' data, and the rows it takes. */
  dataCol: number = DASHBOARD.dataCol;
  dataRows = 0;
  /** Charts waiting for their row (two per row). */
  private pending: { spec: Omit<ChartSpec, "at">; note: string }[] = [];
  constructor(readonly r: SegmentResult, readonly lang: "en" | "nl") {}

  unit(): void {
    if (this.units[this.units.length - 1] !== this.row) this.units.push(this.row);
  }
  pageBreak(): void {
    this.unit();
    this.forced.add(this.row);
  }
  /** Lines `text` wraps to across `cols` dashboard columns. */
  lines(text: string, cols: number = DASHBOARD.widths.length, from = 0): number {
    const width = DASHBOARD.widths.slice(from, from + cols).reduce((a, b) => a + b, 0);
    const perLine = Math.max(10, Math.floor((width * DASHBOARD.lineChars) / DASHBOARD.widths.reduce((a, b) => a + b, 0)));
    let n = 0;
    for (const part of text.split("\n")) n += Math.max(1, Math.ceil(part.length / perLine));
    return n;
  }
  title(text: string): void {
    this.blocks.push({ row: this.row, col: 0, cells: [[text]], formats: [null], style: "title", heights: [22] });
    this.heights.set(this.row, 22);
    this.row += 1;
  }
  section(text: string): void {
    this.blocks.push({ row: this.row, col: 0, cells: [[text]], formats: [null], style: "title2", span: DASHBOARD.widths.length });
    this.row += 1;
  }
  /** Sentences, one per row, each across the dashboard's width and wrapped. */
  text(lines: readonly string[], gap = true): void {
    if (!lines.length) return;
    const heights = lines.map((t) => {
      const n = this.lines(t);
      return n > 1 ? n * DASHBOARD.rowPoints : null;
    });
    this.blocks.push({ row: this.row, col: 0, cells: lines.map((t) => [t]), formats: [null], style: "text", span: DASHBOARD.widths.length, heights });
    heights.forEach((h, i) => h && this.heights.set(this.row + i, h));
    this.row += lines.length + (gap ? 1 : 0);
  }
  table(cells: ReportCell[][], formats: (string | null)[], extra: Partial<Block> = {}): void {
    this.blocks.push({ row: this.row, col: 0, cells, formats, style: "table", ...extra });
    this.row += cells.length + 1;
  }
  /** A block of the charts' data in the hidden columns; returns its first column. */
  data(titleText: string, cells: ReportCell[][], formats: (string | null)[], width: number, extra: Partial<Block> = {}): number {
    const c0 = this.dataCol;
    this.blocks.push({ row: 0, col: c0, cells: [[titleText]], formats: [null], style: "text" });
    this.blocks.push({ row: 1, col: c0, cells, formats, style: "table", ...extra });
    this.dataRows = Math.max(this.dataRows, cells.length + 1);
    this.dataCol += width + 1;
    return c0;
  }
  chart(spec: Omit<ChartSpec, "at">): void {
    this.pending.push({ spec, note: spec.note });
    if (this.pending.length === DASHBOARD.slots.length) this.flushCharts();
  }
  /** Places the waiting charts side by side, each with its explanation in the cells under it. */
  flushCharts(): void {
    if (!this.pending.length) return;
    this.unit();
    const top = this.row;
    let noteLines = 1;
    this.pending.forEach((p, k) => {
      const slot = DASHBOARD.slots[k]!;
      this.charts.push({ ...p.spec, at: { row: top, col: slot.col, rows: DASHBOARD.chartRows, cols: slot.cols } });
      noteLines = Math.max(noteLines, this.lines(p.note, slot.cols, slot.col));
    });
    const noteRow = top + DASHBOARD.chartRows;
    const height = noteLines > 1 ? noteLines * DASHBOARD.rowPoints : null;
    this.pending.forEach((p, k) => {
      const slot = DASHBOARD.slots[k]!;
      this.blocks.push({ row: noteRow, col: slot.col, cells: [[p.note]], formats: [null], style: "text", span: slot.cols, heights: [height] });
    });
    if (height) this.heights.set(noteRow, height);
    this.row = noteRow + 2;
    this.pending = [];
  }
  /** Page breaks: before a unit that would not fit on the page any more, and where one is forced. */
  pageBreaks(): number[] {
    const breaks: number[] = [];
    const height = (from: number, to: number) => {
      let h = 0;
      for (let i = from; i < to; i++) h += this.heights.get(i) ?? DASHBOARD.rowPoints;
      return h;
    };
    const starts = [...this.units, this.row];
    let pageTop = 0;
    for (let k = 0; k + 1 < starts.length; k++) {
      const [from, to] = [starts[k]!, starts[k + 1]!];
      const fits = height(pageTop, to) <= DASHBOARD.pagePoints;
      if (from > pageTop && (this.forced.has(from) || !fits)) {
        breaks.push(from);
        pageTop = from;
      }
    }
    return breaks;
  }
}

/** The title, the data's source and the findings in plain sentences. */
function findings(d: Dashboard, ins: Insights | null, options: Options): void {
  const s = d.r.summary;
  const nl = d.lang === "nl";
  d.title(nl ? "Klantsegmentatie" : "Customer segmentation");
  const lines: string[] = [];
  if (options.source) lines.push((nl ? "Gegevens: " : "Data: ") + options.source);
  lines.push(s.pareto.sentence);
  if (s.profit) lines.push(...s.profit.sentences);
  lines.push(...s.concentration.warnings);
  if (ins) lines.push(...ins.dependency.sentences);
  d.unit();
  d.text(lines);
  if (ins) {
    const it = IT[d.lang];
    const settings = d.r.settings.insights;
    const notable = ins.profile.findings.filter((f) => f.difference >= NOTABLE);
    if (notable.length) {
      d.unit();
      d.section(it.top(settings.topN, settings.topBy === "score" ? it.score : it.revenue));
      d.text(notable.slice(0, 8).map((f) => f.sentence));
    }
  }
  const notes = [...s.notes, ...(ins?.notes ?? [])];
  if (notes.length) {
    d.unit();
    d.text(notes);
  }
}

/** Key figures, then the customers per Pareto class, BCG quadrant and tier with what to do. */
function figureTables(d: Dashboard): void {
  const s = d.r.summary;
  const nl = d.lang === "nl";
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
  d.unit();
  d.table([[nl ? "Kengetal" : "Figure", nl ? "Waarde" : "Value"], ...figures.map(([label, value]) => [label, value])], [null, null], { rowFormats: [null, ...figures.map((f) => f[2])] });
  const group = (title: string, rows: { label: string; count: number; revenue: number; revenueShare: number; action?: string }[], withAction = false) => {
    d.unit();
    const cells: ReportCell[][] = [
      [title, nl ? "Klanten" : "Customers", nl ? "Omzet" : "Revenue", nl ? "Omzetaandeel" : "Revenue share", ...(withAction ? [nl ? "Aanpak" : "Action"] : [])],
      ...rows.map((x) => [x.label, x.count, x.revenue, x.revenueShare, ...(withAction ? [x.action ?? ""] : [])]),
    ];
    // The action column wraps within column E: rows as high as its text.
    const heights = withAction ? cells.map((row, i) => (i === 0 ? null : heightOf(String(row[4] ?? ""), DASHBOARD.widths[4]!))) : undefined;
    const top = d.row;
    d.table(cells, [null, "0", AMOUNT, PCT, null], heights ? { heights, wrap: true } : {});
    heights?.forEach((h, i) => h && d.heights.set(top + i, h));
  };
  group(nl ? "Paretoklasse" : "Pareto class", s.pareto.classes);
  if (s.bcg) group(nl ? "BCG-kwadrant" : "BCG quadrant", s.bcg.quadrants, true);
  group(nl ? "Scoreklasse" : "Tier (score)", s.score.tiers, true);
}

/** Height in points of `text` wrapped in a column `width` characters wide (null: one line). */
function heightOf(text: string, width: number): number | null {
  const perLine = Math.floor(width * 1.1);
  const n = Math.ceil(text.length / perLine);
  return n > 1 ? n * DASHBOARD.rowPoints : null;
}

/** The portfolio's insight tables: segment ranking with market penetration, the sales funnel. */
function insightTables(d: Dashboard, ins: Insights): void {
  const it = IT[d.lang];
  if (ins.segments) {
    const list = ins.segments.segments;
    const shown = list.slice(0, 25);
    d.unit();
    d.section(it.segments(ins.segments.column));
    d.table(
      [
        it.segHead,
        ...shown.map((x) => [`${x.rank}. ${x.segment}`, x.customers, x.revenueShare, x.margin, x.index === null ? null : Math.round(x.index)]),
        ...(list.length > shown.length ? [[it.more(list.length - shown.length)]] : []),
      ],
      [null, "0", PCT, PCT, "0"],
    );
    const pen = shown.filter((x) => x.penetration !== null);
    if (pen.length) {
      d.row--;
      d.text([`${it.penetration}: ${pen.map((x) => `${x.segment} ${formatPercent(x.penetration!, d.lang)}`).join(", ")}`]);
    }
  }
  if (ins.funnel) {
    const f = ins.funnel;
    d.unit();
    d.section(it.funnel);
    d.table(
      [
        it.funnelHead,
        ...[f.orders, f.quotes, f.appointments, f.calls, f.addresses].map((v, k) => [it.steps[k]!, v]),
        ...f.allocation.filter((a) => a.addresses > 0).slice(0, 12).map((a) => [`${it.fill} ${a.segment}`, a.addresses]),
        ...(f.shortfall > 0 && !f.unallocated ? [[it.shortfall, f.shortfall]] : []),
      ],
      [null, "#,##0"],
    );
  }
}

/** An order list's RFM heat map (with what R and F mean), its RFM segments and the models' fit. */
function orderListTables(d: Dashboard, orderList: NonNullable<Options["orderList"]>): void {
  const { aggregation: agg, models } = orderList;
  const it = IT[d.lang];
  const sum = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  const count = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  models.customers.forEach((m, i) => {
    sum[5 - m.rfm.r]![m.rfm.f - 1]! += agg.customers[i]!.revenue;
    count[5 - m.rfm.r]![m.rfm.f - 1]!++;
  });
  d.unit();
  d.section(it.heatTitle);
  d.table(
    [[it.heatCorner, "F1", "F2", "F3", "F4", "F5"], ...sum.map((rowSums, k) => [`R${5 - k}`, ...rowSums.map((s, f) => (count[k]![f]! ? Math.round(s / count[k]![f]!) : null))])],
    [null, AMOUNT, AMOUNT, AMOUNT, AMOUNT, AMOUNT],
    { heatmap: true },
  );
  d.row--;
  d.text([it.rfmExplain]);
  d.unit();
  d.section(it.rfmSegments);
  d.table([it.rfmHead(models.horizonMonths), ...models.segments.map((g) => [g.segment, g.customers, g.revenue, g.pAlive, g.clv === null ? null : Math.round(g.clv)])], [null, "0", AMOUNT, PCT, AMOUNT]);
  if (models.segments.some((g) => g.expectedPurchases || g.clvInterval)) {
    const clv = (i: { expected: number; low: number; high: number } | null) => (i ? it.clvRange(formatAmount(i.expected, d.lang), formatAmount(i.low, d.lang), formatAmount(i.high, d.lang)) : null);
    const row = (label: string, p: { expected: number; low: number; high: number } | null, c: { expected: number; low: number; high: number } | null): ReportCell[] => [label, p ? Math.round(p.expected) : null, p ? Math.round(p.low) : null, p ? Math.round(p.high) : null, clv(c)];
    d.unit();
    d.section(it.rangeTitle(models.horizonMonths));
    d.table([it.rangeHead, ...models.segments.map((g) => row(g.segment, g.expectedPurchases, g.clvInterval)), row(d.lang === "nl" ? "Alle klanten" : "All customers", models.uncertainty?.purchases ?? null, models.clvInterval)], [null, "#,##0", "#,##0", "#,##0", null]);
    d.row--;
    d.text([it.rangeNote]);
  }
  if (models.cashFlow.length) {
    const basis = models.clvBasis === "profit" ? (d.lang === "nl" ? "winst" : "profit") : d.lang === "nl" ? "omzet" : "revenue";
    d.unit();
    d.section(it.flowTitle(basis));
    const total = models.cashFlow.reduce((t, m) => ({ purchases: t.purchases + m.purchases, value: t.value + m.value }), { purchases: 0, value: 0 });
    d.table(
      [it.flowHead, ...models.cashFlow.map((m): ReportCell[] => [it.month(m.month, m.until), Math.round(m.purchases), Math.round(m.value)]), [it.flowTotal, Math.round(total.purchases), Math.round(total.value)]],
      [null, "#,##0", AMOUNT],
    );
  }
  const fit = modelFigures(models);
  const lines = [it.fit + ":"];
  if (fit.params) lines.push(`${fit.model}: ${fit.params}`);
  if (fit.gammaGamma) lines.push(`Gamma-Gamma: ${fit.gammaGamma}`);
  lines.push(...models.notes);
  d.unit();
  d.text(lines);
}

const col = (c0: number, k: number, n: number): Area => ({ row: 2, col: c0 + k, rows: n, cols: 1 });
const head = (c0: number, k: number): Area => ({ row: 1, col: c0 + k, rows: 1, cols: 1 });

function paretoChart(d: Dashboard, p: NonNullable<ChartData["pareto"]>): void {
  const title = (key: Parameters<typeof say>[1]) => say(d.lang, key);
  const n = p.points.length;
  const c0 = d.data(
    title("chart.paretoTitle"),
    [
      [p.grouped ? title("chart.customerShare") : title("chart.customer"), "A", "B", "C", title("chart.cumulative"), title("chart.cutoff")],
      ...p.points.map((pt) => [pt.label, pt.paretoClass === "A" ? pt.value : null, pt.paretoClass === "B" ? pt.value : null, pt.paretoClass === "C" ? pt.value : null, pt.cumulative, p.aCutoff]),
    ],
    [null, p.grouped ? PCT : AMOUNT, p.grouped ? PCT : AMOUNT, p.grouped ? PCT : AMOUNT, PCT, PCT],
    6,
  );
  d.chart({
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
      x: { title: p.grouped ? title("chart.customerShare") : title("chart.customer"), format: "General", ...(p.labelEvery ? { labelEvery: p.labelEvery } : {}) },
      y: { title: p.grouped ? title("chart.revenueShare") : title("chart.revenue"), format: p.grouped ? "0%" : AMOUNT },
      y2: { title: title("chart.cumulative"), format: "0%", min: 0, max: 1 },
    },
  });
}

function bcgChart(d: Dashboard, b: NonNullable<ChartData["bcg"]>): void {
  const lang = d.lang;
  const nl = lang === "nl";
  const title = (key: Parameters<typeof say>[1]) => say(lang, key);
  // Rows sorted by quadrant, so each quadrant's bubbles are one contiguous range (one series each);
  // then the four corner points that carry the quadrants' names.
  const sorted = QUADRANTS.flatMap((q) => b.bubbles.filter((x) => x.quadrant === q));
  const xFormat = b.x === "margin" ? "0%" : AMOUNT;
  const [x0, x1] = b.bounds.x;
  const [y0, y1] = b.bounds.y;
  const largest = Math.max(0, ...sorted.map((x) => x.size));
  const corner = quadrantCorners(b.bounds);
  const corners = QUADRANTS.map((q) => [quadrantLabel(q, lang), "", corner[q][0], corner[q][1], largest > 0 ? largest / 2000 : 1, 0] as ReportCell[]);
  const c0 = d.data(
    title("chart.bcgTitle"),
    [
      [title("chart.customer"), nl ? "Kwadrant" : "Quadrant", b.x === "margin" ? title("chart.margin") : title("chart.profit"), title("chart.growth"), title("chart.size"), title("chart.count")],
      ...sorted.map((x) => [x.label, quadrantLabel(x.quadrant, lang), x.x, x.y, x.size, x.count]),
      ...corners,
    ],
    [null, null, b.x === "margin" ? PCT : AMOUNT, b.yFormat === "0%" ? PCT : "0.0##", AMOUNT, "0"],
    6,
  );
  let start = 0;
  const series: SeriesSpec[] = [];
  for (const q of QUADRANTS) {
    const members = sorted.filter((x) => x.quadrant === q);
    const k = members.length;
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
        ...(members.some((m) => m.labelled) ? { labels: { texts: members.map((m) => (m.labelled ? m.label : null)), positions: members.map((m) => (m.labelled ? (m.labelAt ?? "r") : null)) } } : {}),
      });
    }
    start += k;
  }
  const cornerRow = 2 + sorted.length;
  series.push({
    name: nl ? "Kwadranten" : "Quadrants",
    nameCell: head(c0, 1),
    kind: "bubble",
    axis: "primary",
    x: { row: cornerRow, col: c0 + 2, rows: 4, cols: 1 },
    values: { row: cornerRow, col: c0 + 3, rows: 4, cols: 1 },
    sizes: { row: cornerRow, col: c0 + 4, rows: 4, cols: 1 },
    colour: "#D9D9D9",
    labels: { texts: QUADRANTS.map((q) => quadrantLabel(q, lang)) },
    inLegend: false,
  });
  d.chart({
    key: "bcg",
    type: "bubble",
    name: CHART_PREFIX + "bcg",
    title: title("chart.bcgTitle"),
    note: b.note,
    series,
    axes: {
      x: { title: b.x === "margin" ? title("chart.margin") : title("chart.profit"), format: xFormat, crossesAt: b.yThreshold, min: x0, max: x1, major: b.ticks.x },
      y: { title: title("chart.growth"), format: b.yFormat, crossesAt: b.xThreshold, min: y0, max: y1, major: b.ticks.y },
    },
  });
}

function whaleChart(d: Dashboard, w: NonNullable<ChartData["whale"]>): void {
  const title = (key: Parameters<typeof say>[1]) => say(d.lang, key);
  const c0 = d.data(title("chart.whaleTitle"), [[title("chart.customerShare"), title("chart.profitShare")], ...w.points.map((p) => [p.customerShare, p.profitShare])], [PCT, PCT], 2);
  d.chart({
    key: "whale",
    type: "scatter",
    name: CHART_PREFIX + "whale",
    title: title("chart.whaleTitle"),
    note: w.note,
    series: [{ name: title("chart.profitShare"), nameCell: head(c0, 1), kind: "scatterLine", axis: "primary", x: col(c0, 0, w.points.length), values: col(c0, 1, w.points.length), colour: "#1F6FB2" }],
    axes: { x: { title: title("chart.customerShare"), format: "0%", min: 0, max: 1 }, y: { title: title("chart.profitShare"), format: "0%", min: 0 } },
  });
}

/** Dependency: the largest shares of profit (revenue without profit), critical ones in red with their values, the threshold as a line. */
function dependencyChart(d: Dashboard, ins: Insights): void {
  const r = d.r;
  const dep = ins.dependency;
  const c = r.columns;
  const values = dep.basis === "profit" ? c.profit : c.revenue;
  const total = dep.basis === "profit" ? r.summary.profit!.total : r.summary.pareto.totalRevenue;
  const largest: number[] = [];
  for (let i = 0; i < values.length; i++) if (c.included[i] && values[i]! > 0) largest.push(i);
  largest.sort((a, b) => values[b]! - values[a]! || a - b);
  const top = largest.slice(0, 10);
  if (!top.length || !(total > 0)) return;
  const n = top.length;
  const it = IT[d.lang];
  const title = (key: Parameters<typeof say>[1]) => say(d.lang, key);
  const shareTitle = dep.basis === "profit" ? it.profitShare : it.revenueShare;
  const c0 = d.data(
    it.dependencyTitle,
    [
      [title("chart.customer"), it.critical, it.others, it.threshold],
      ...top.map((i) => {
        const share = values[i]! / total;
        return [c.customer[i]!, share >= dep.threshold ? share : null, share >= dep.threshold ? null : share, dep.threshold];
      }),
    ],
    [null, PCT, PCT, PCT],
    4,
  );
  d.chart({
    key: "dependency",
    type: "columns",
    name: CHART_PREFIX + "dependency",
    title: it.dependencyTitle,
    note: dep.sentences[0]!,
    series: [
      { name: it.critical, nameCell: head(c0, 1), kind: "column", axis: "primary", x: col(c0, 0, n), values: col(c0, 1, n), colour: "#C00000", labels: { values: "0%" } },
      { name: it.others, nameCell: head(c0, 2), kind: "column", axis: "primary", x: col(c0, 0, n), values: col(c0, 2, n), colour: "#A6A6A6", labels: { values: "0%" } },
      { name: it.threshold, nameCell: head(c0, 3), kind: "line", axis: "primary", x: col(c0, 0, n), values: col(c0, 3, n), colour: "#404040", dashed: true },
    ],
    axes: { x: { title: title("chart.customer"), format: "General" }, y: { title: shareTitle, format: "0%" } },
  });
}

/** P(alive) against days since the last order, one-time buyers apart from repeat buyers. */
function aliveChart(d: Dashboard, orderList: NonNullable<Options["orderList"]>): void {
  const { aggregation: agg, models } = orderList;
  const it = IT[d.lang];
  const points = agg.customers
    .map((cu, i) => ({ recency: agg.end - cu.last, alive: models.customers[i]!.pAlive, once: (cu.history?.x ?? cu.days.length - 1) <= 0 }))
    .filter((p): p is { recency: number; alive: number; once: boolean } => p.alive !== null)
    .sort((a, b) => a.recency - b.recency);
  const step = Math.max(1, Math.ceil(points.length / 200));
  const shown = points.filter((_, k) => k % step === 0);
  if (shown.length < 2) return;
  // Two columns of P(alive): repeat buyers and one-time buyers, each blank where the other applies.
  const label = modelLabel(models.validation?.chosen ?? "bgnbd");
  const c0 = d.data(it.aliveTitle(label), [[it.recency, it.repeat, it.oneTime], ...shown.map((p) => [p.recency, p.once ? null : p.alive, p.once ? p.alive : null])], ["0", PCT, PCT], 3);
  const x = col(c0, 0, shown.length);
  d.chart({
    key: "alive",
    type: "scatter",
    name: CHART_PREFIX + "alive",
    title: it.aliveTitle(label),
    note: step > 1 ? it.aliveNote(points.length, shown.length) : it.aliveNoteAll,
    series: [
      { name: it.repeat, nameCell: head(c0, 1), kind: "scatterPoints", axis: "primary", x, values: col(c0, 1, shown.length), colour: "#1F6FB2" },
      { name: it.oneTime, nameCell: head(c0, 2), kind: "scatterPoints", axis: "primary", x, values: col(c0, 2, shown.length), colour: "#C98A00" },
    ],
    axes: { x: { title: it.recency, format: "0" }, y: { title: it.alive, format: "0%", min: 0, max: 1 } },
  });
}

/** Cumulative repeat purchases, actual against the chosen model's calibration fit (the holdout check). */
function trackingChart(d: Dashboard, orderList: NonNullable<Options["orderList"]>): void {
  const v = orderList.models.validation;
  const tr = v?.tracking;
  const chosen = v?.models.find((m) => m.model === v.chosen);
  if (!v || !tr || !chosen?.holdout || tr.week.length < 2) return;
  const it = IT[d.lang];
  const label = modelLabel(v.chosen);
  // At most about 200 points (a list of years has hundreds of weeks): every k-th week, the last always.
  const step = Math.max(1, Math.ceil(tr.week.length / 200));
  const keep = tr.week.map((_, k) => k).filter((k) => k % step === step - 1 || k === tr.week.length - 1);
  const n = keep.length;
  const c0 = d.data(it.trackingTitle, [[it.trackingWeek, it.trackingActual, it.trackingModel(label)], ...keep.map((k) => [tr.week[k]!, tr.actual[k]!, Math.round(tr.model[k]! * 10) / 10])], ["0", "#,##0", "#,##0"], 3);
  const x = col(c0, 0, n);
  d.chart({
    key: "tracking",
    type: "scatter",
    name: CHART_PREFIX + "tracking",
    title: it.trackingTitle,
    note: it.trackingNote(label, tr.calibrationWeek, chosen.holdout.predicted, chosen.holdout.actual),
    series: [
      { name: it.trackingActual, nameCell: head(c0, 1), kind: "scatterLine", axis: "primary", x, values: col(c0, 1, n), colour: "#404040" },
      { name: it.trackingModel(label), nameCell: head(c0, 2), kind: "scatterLine", axis: "primary", x, values: col(c0, 2, n), colour: "#C00000", dashed: true },
    ],
    axes: { x: { title: it.trackingWeek, format: "0" }, y: { title: it.trackingTitle, format: "#,##0", min: 0 } },
  });
}

/** Customers by repeat purchases in the calibration part, actual against the chosen model. */
function countsChart(d: Dashboard, orderList: NonNullable<Options["orderList"]>): void {
  const v = orderList.models.validation;
  const pc = v?.periodCounts;
  if (!v || !pc) return;
  const it = IT[d.lang];
  const label = modelLabel(v.chosen);
  const n = pc.repeats.length;
  const c0 = d.data(it.countsTitle, [[it.countsAxis, it.trackingActual, label], ...pc.repeats.map((k, i) => [k, pc.actual[i]!, Math.round(pc.model[i]! * 10) / 10])], ["@", "#,##0", "#,##0"], 3);
  d.chart({
    key: "counts",
    type: "columns",
    name: CHART_PREFIX + "counts",
    title: it.countsTitle,
    note: it.countsNote(label, v.calibrationEnd),
    series: [
      { name: it.trackingActual, nameCell: head(c0, 1), kind: "column", axis: "primary", x: col(c0, 0, n), values: col(c0, 1, n), colour: "#404040" },
      { name: label, nameCell: head(c0, 2), kind: "column", axis: "primary", x: col(c0, 0, n), values: col(c0, 2, n), colour: "#C00000" },
    ],
    axes: { x: { title: it.countsAxis, format: "General" }, y: { title: it.countsTitle, format: "#,##0", min: 0 } },
    clustered: true,
  });
}

export function report(r: SegmentResult, options: Options = {}): Report {
  const lang = r.settings.language;
  const data = chartData(r);
  // The insights of the run when the caller has them already, else from the table.
  const ins = options.insights ?? (options.table ? insights(options.table, r) : null);
  const d = new Dashboard(r, lang);
  findings(d, ins, options);
  figureTables(d);
  if (ins) insightTables(d, ins);
  if (options.orderList) orderListTables(d, options.orderList);
  d.pageBreak();
  if (data.pareto) paretoChart(d, data.pareto);
  if (data.bcg) bcgChart(d, data.bcg);
  if (data.whale) whaleChart(d, data.whale);
  if (ins) dependencyChart(d, ins);
  if (options.orderList) aliveChart(d, options.orderList);
  if (options.orderList) trackingChart(d, options.orderList);
  if (options.orderList) countsChart(d, options.orderList);
  d.flushCharts();
  const rows = Math.max(d.row, d.dataRows);
  if (rows > REPORT_AREA.rows || d.dataCol > REPORT_AREA.cols) throw new Error(`report: ${rows} rows × ${d.dataCol} columns do not fit the report area`);
  const layout: Layout = {
    widths: [...DASHBOARD.widths],
    hiddenFrom: DASHBOARD.dataCol,
    printArea: { row: 0, col: 0, rows: d.row, cols: DASHBOARD.widths.length },
    pageBreaks: d.pageBreaks(),
  };
  return { blocks: d.blocks, charts: d.charts, data, extent: REPORT_AREA, layout };
}

/**
 * Pairs of things on the dashboard that overlap: written cell areas (a block, or its merged text
 * rows) and charts. Empty for every report; a test checks it.
 *
 * @example
 * overlaps(report(segment(table))) // []
 */
export function overlaps(rep: Pick<Report, "blocks" | "charts">): string[] {
  const areas: { what: string; a: Area }[] = [
    ...rep.blocks.map((b, k) => ({ what: `block ${k} (${String(b.cells[0]?.[0] ?? "").slice(0, 30)})`, a: { row: b.row, col: b.col, rows: b.cells.length, cols: Math.max(b.span ?? 1, ...b.cells.map((c) => c.length)) } })),
    ...rep.charts.map((c) => ({ what: `chart ${c.key}`, a: c.at })),
  ];
  const out: string[] = [];
  const hit = (p: Area, q: Area) => p.row < q.row + q.rows && q.row < p.row + p.rows && p.col < q.col + q.cols && q.col < p.col + p.cols;
  for (let i = 0; i < areas.length; i++) for (let j = i + 1; j < areas.length; j++) if (hit(areas[i]!.a, areas[j]!.a)) out.push(`${areas[i]!.what} overlaps ${areas[j]!.what}`);
  return out;
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
