/**
 * Workbooks for the command line: read the customer table from an .xlsx sheet (xlsxread.ts: saxes over
 * the package's XML), and write the result workbook: the input sheet as it was plus the add-in's
 * columns, number formats and colours, and the "Segmentation" sheet with the summary and native charts
 * described by the engine's report (the same as the add-in's).
 *
 * excelize-wasm (the Go Excelize library compiled to WebAssembly) writes the styles, colour rules and
 * charts, on the workbook without the bulk cells; those go into the sheet XML afterwards (sheetdata.ts).
 * The chart settings excelize has no option for (where the BCG bubble chart's axes cross, numeric x
 * values) are set in the chart parts afterwards (see {@link fixChartXml}).
 */
import { createRequire } from "node:module";
import type { NewFile } from "excelize-wasm";
import {
  cellFormat,
  columnLetter,
  DASHBOARD,
  REPORT_AREA,
  detectNotation,
  excelSerial,
  isExcelError,
  parseDate,
  parseNumber,
  findHeaderRow,
  LABEL_COLOURS,
  report,
  RESULT_COLUMNS,
  resultCells,
  resultHeaders,
  widestRow,
  type Area,
  type Cell,
  type Aggregation,
  type ChartSpec,
  type Insights,
  type ModelColumn,
  type OrderListModels,
  type Role,
  type SegmentResult,
} from "../engine/index.js";
import { addCells, escapeXml, fillSheet, findSheetData, SheetXmlError, sheetPart, withCells, withoutCells, type StreamColumn } from "./sheetdata.js";
import { columnOf, openXlsx, sheetCells, sheetMerges, sheetTables, XlsxReadError, type CellArea, type SheetTable, type XlsxFile } from "./xlsxread.js";
import { readZip, writeZip, ZipError } from "./zip.js";
import { OUTPUT_MARK } from "./files.js";

type Excelize = Awaited<ReturnType<typeof import("excelize-wasm").init>>;
type Workbook = NewFile;

export class WorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkbookError";
  }
}

let loading: Promise<Excelize> | null = null;

/** The WebAssembly module, loaded once (about half a second). */
export function loadExcelize(): Promise<Excelize> {
  if (!loading) {
    const req = createRequire(__filename);
    const { init } = req("excelize-wasm") as typeof import("excelize-wasm");
    loading = init(req.resolve("excelize-wasm/excelize.wasm.gz"));
  }
  return loading;
}

/** Large sheets stay in memory instead of excelize's temporary files. */
const OPEN = { UnzipXMLSizeLimit: 2 ** 31 - 1, UnzipSizeLimit: 2 ** 40 };

function check<T extends { error?: string | null }>(r: T, what: string): T {
  // excelize's Go runtime answers nothing at all when it stopped on a workbook it cannot handle.
  if (r === undefined || r === null) throw new WorkbookError(`${what}: the workbook writer stopped on this workbook (a part it needs may be missing or damaged)`);
  if (r.error) throw new WorkbookError(`${what}: ${r.error}`);
  return r;
}

/** The styles part every workbook needs to be written (minimal workbooks of some programs lack it). */
const MINIMAL_STYLES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** Give a package without a styles part one (with its relationship and content type). */
function ensureStyles(entries: Map<string, Buffer>): void {
  if (entries.has("xl/styles.xml")) return;
  entries.set("xl/styles.xml", Buffer.from(MINIMAL_STYLES, "utf8"));
  const rels = entries.get("xl/_rels/workbook.xml.rels")?.toString("utf8");
  if (rels) entries.set("xl/_rels/workbook.xml.rels", Buffer.from(rels.replace(/<\/(\w+:)?Relationships>\s*$/, (m, p: string | undefined) => `<${p ?? ""}Relationship Id="rIdSegStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>${m}`), "utf8"));
  const types = entries.get("[Content_Types].xml")?.toString("utf8");
  if (types) entries.set("[Content_Types].xml", Buffer.from(types.replace(/<\/Types>\s*$/, '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'), "utf8"));
}


/** A workbook as read: its package and the sheet the table was read from. */
export interface OpenedWorkbook {
  file: XlsxFile;
  sheet: string;
  /** The Excel table (ListObject) the customer table is, if it is one: the result columns extend it. */
  listObject?: SheetTable;
}

export interface ReadSheet {
  /** The sheet read. */
  sheet: string;
  sheets: string[];
  /** Header row first; numbers stored as numbers come back as numbers. */
  table: Cell[][];
  /** 1-based sheet row of the header. */
  headerRow: number;
  /** 0-based sheet column of the table's first column. */
  firstColumn: number;
  /** 0-based sheet column right of the table's rows: where the result columns go. */
  nextColumn: number;
  /** The opened workbook, for {@link writeXlsx} (saves unzipping it twice). */
  workbook: OpenedWorkbook;
}

/**
 * The customer table on a sheet of an .xlsx workbook: `sheet` by name, else the workbook's active
 * sheet, else the first sheet with data. The header is the first row whose names give a revenue
 * column (title lines above it are not part of the table; `columns` is the settings' mapping), else
 * the first non-empty row; the table starts at the first non-empty column from there down.
 */
export async function readXlsx(buffer: Uint8Array, sheet?: string, columns: Partial<Record<Role, string | null>> = {}): Promise<ReadSheet> {
  return asWorkbookError(() => readSheet(openXlsx(buffer), sheet, columns));
}

/** What the package reader and the sheet-XML writer say of the user's file, as a {@link WorkbookError}. */
function asWorkbookError<T>(job: () => T): T {
  try {
    return job();
  } catch (e) {
    if (e instanceof XlsxReadError || e instanceof SheetXmlError || e instanceof ZipError) throw new WorkbookError(e.message);
    throw e;
  }
}

/** Where the table is in rows of cells: the header row (0-based), first and next free column. */
export function tableBounds(rows: readonly (readonly unknown[])[], columns: Partial<Record<Role, string | null>> = {}): { top: number; left: number; right: number } | null {
  const top = findHeaderRow(rows, columns);
  if (top < 0) return null;
  let left = Infinity;
  let right = 0;
  for (let i = top; i < rows.length; i++) {
    const r = rows[i]!;
    const first = r.findIndex((v) => v !== "" && v !== null && v !== undefined);
    if (first >= 0) left = Math.min(left, first);
    right = Math.max(right, r.length);
  }
  return { top, left, right };
}

function readSheet(file: XlsxFile, wanted: string | undefined, columns: Partial<Record<Role, string | null>>): ReadSheet {
  return asWorkbookError(() => readSheetOf(file, wanted, columns));
}

function readSheetOf(file: XlsxFile, wanted: string | undefined, columns: Partial<Record<Role, string | null>>): ReadSheet {
  const sheets = file.sheets.map((s) => s.name);
  const rowsOf = (name: string) => sheetCells(file, name);
  let name: string;
  let rows: (string | number)[][];
  if (wanted !== undefined) {
    const found = sheets.find((s) => s === wanted) ?? sheets.find((s) => s.toLowerCase() === wanted.toLowerCase());
    if (!found) throw new WorkbookError(`there is no sheet "${wanted}"; the sheets are ${sheets.map((s) => `"${s}"`).join(", ")}`);
    name = found;
    rows = rowsOf(name);
  } else {
    const active = sheets[file.active]!;
    name = active;
    rows = rowsOf(active);
    for (let k = 0; rows.length === 0 && k < sheets.length; k++) {
      name = sheets[k]!;
      rows = rowsOf(name);
    }
  }
  const bounds = tableBounds(rows, columns);
  if (!bounds) throw new WorkbookError(`sheet "${name}" has no data: it needs a header row and at least one customer row`);
  const { top, left } = bounds;
  let right = bounds.right;
  let bottom = rows.length; // exclusive
  // An Excel table (ListObject) whose header row is the header: its rows are the customers (not its
  // totals row, not what lies below it), and the result columns extend it on its right.
  const part = file.sheets.find((s) => s.name === name)!.part;
  const listObject = sheetTables(file, part).find((t) => t.area.top === top && t.area.left <= left && left <= t.area.right);
  if (listObject) {
    const a = listObject.area;
    bottom = Math.min(rows.length, a.bottom + 1 - listObject.totalsRows);
    // Cells right of the table, in its rows, would end up inside it when it grows.
    for (let i = a.top; i <= a.bottom && i < rows.length; i++) {
      const r = rows[i]!;
      for (let j = a.right + 1; j < r.length; j++) {
        if (r[j] !== "" && r[j] !== undefined) throw new WorkbookError(`cell ${columnLetter(j)}${i + 1} on sheet "${name}" is right of table "${listObject.name}" (${columnLetter(a.left)}${a.top + 1}:${columnLetter(a.right)}${a.bottom + 1}), where the result columns extend the table; move it, then run again. Nothing was written.`);
      }
    }
    right = a.right + 1;
  }
  const table: Cell[][] = new Array(Math.max(0, bottom - top));
  for (let i = top; i < bottom; i++) {
    const r = rows[i]!;
    const out: Cell[] = new Array(Math.max(0, r.length - left));
    for (let j = left; j < r.length; j++) {
      // A number cell is a number; a text cell stays text, also "007" or "1e3".
      out[j - left] = r[j]!;
    }
    table[i - top] = out;
  }
  return { sheet: name, sheets, table, headerRow: top + 1, firstColumn: left, nextColumn: right, workbook: { file, sheet: name, ...(listObject ? { listObject } : {}) } };
}

/**
 * A table part (xl/tables/tableN.xml) grown by `headers` as new columns on its right: the ref and the
 * filter's ref reach further, and each new column gets an id after the highest and its header's name.
 */
export function extendTable(xml: string, t: SheetTable, headers: readonly string[]): string {
  const a = t.area;
  const right = columnLetter(a.right + headers.length);
  const newRef = `${columnLetter(a.left)}${a.top + 1}:${right}${a.bottom + 1}`;
  const esc = (v: string) => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  let out = xml.replace(/(<(?:\w+:)?table\s(?:[^>]*?\s)?ref=")[^"]*(")/, `$1${newRef}$2`);
  out = out.replace(/(<(?:\w+:)?autoFilter\s(?:[^>]*?\s)?ref=")([A-Z]+\d+):[A-Z]+(\d+)(")/, (_m, p1: string, from: string, toRow: string, p4: string) => `${p1}${from}:${right}${toRow}${p4}`);
  const ids = [...out.matchAll(/<(?:\w+:)?tableColumn\s(?:[^>]*?\s)?id="(\d+)"/g)].map((m) => Number(m[1]));
  let next = Math.max(0, ...ids) + 1;
  const prefix = /<(\w+:)?tableColumns[\s>]/.exec(out)?.[1] ?? "";
  const added = headers.map((h) => `<${prefix}tableColumn id="${next++}" name="${esc(h)}"/>`).join("");
  out = out.replace(new RegExp(`</${prefix}tableColumns>`), `${added}</${prefix}tableColumns>`);
  out = out.replace(/(<(?:\w+:)?tableColumns\s(?:[^>]*?\s)?count=")(\d+)(")/, (_m, p1: string, n: string, p3: string) => `${p1}${Number(n) + headers.length}${p3}`);
  return out;
}

/** "'Segmentation'!$S$3:$S$14" */
function ref(sheet: string, a: Area): string {
  const q = `'${sheet.replace(/'/g, "''")}'`;
  return `${q}!$${columnLetter(a.col)}$${a.row + 1}:$${columnLetter(a.col + a.cols - 1)}$${a.row + a.rows}`;
}

function cell(col: number, row0: number): string {
  return `${columnLetter(col)}${row0 + 1}`;
}

const CHART_TYPE = { clustered: 21, column: 22, line: 41, bubble: 53, scatter: 48 } as const; // excelize ChartType: Col, ColStacked, Line, Bubble, Scatter

function fill(colour: string) {
  return { Type: "pattern", Pattern: 1, Color: [colour] };
}

/** Pixels of the dashboard columns a chart spans (Excel: a column of w characters is 7w + 5 pixels). */
function widthPx(at: Area): number {
  let px = 0;
  for (let j = at.col; j < at.col + at.cols; j++) px += Math.round((DASHBOARD.widths[j] ?? 8.43) * 7 + 5);
  return px;
}

/**
 * Data labels and legend entries excelize has no option for, set in the chart part: per series, its
 * values in a number format (the dependency chart) or a text per point (the BCG chart's customer
 * names, the quadrant names in the corners); series with `inLegend: false` leave the legend. Series
 * are matched by their index, in the order of the specification.
 */
export function labelChartXml(xml: string, spec: Pick<ChartSpec, "series"> & { axes?: Pick<ChartSpec["axes"], "x"> }): string {
  const flags = (v: boolean) => `<c:showLegendKey val="0"/><c:showVal val="${v ? 1 : 0}"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>`;
  let out = xml.replace(/<((?:c:)?)ser>([\s\S]*?)<\/\1ser>/g, (ser, c: string, inner: string) => {
    const idx = Number(new RegExp(`<${c}idx val="(\\d+)"`).exec(inner)?.[1]);
    const labels = spec.series[idx]?.labels;
    if (!labels) return ser;
    const p = (x: string) => x.replace(/<c:/g, `<${c}`).replace(/<\/c:/g, `</${c}`);
    let dl: string;
    if ("values" in labels) {
      dl = p(`<c:dLbls><c:numFmt formatCode="${escapeXml(labels.values)}" sourceLinked="0"/><c:dLblPos val="outEnd"/>${flags(true)}</c:dLbls>`);
      // Stacked columns take no outside-end position.
      if (/<(c:)?grouping val="stacked"/.test(xml)) dl = dl.replace(/<(c:)?dLblPos val="outEnd"\/>/, "");
    } else {
      const points = labels.texts
        // On one line (wrap="none"): the engine found each name room beside its bubble at that width.
        .map((t, k) => (t === null ? "" : `<c:dLbl><c:idx val="${k}"/><c:tx><c:rich><a:bodyPr wrap="none"/><a:p><a:pPr><a:defRPr sz="800"/></a:pPr><a:r><a:rPr lang="en-US" sz="800"/><a:t>${escapeXml(t)}</a:t></a:r></a:p></c:rich></c:tx><c:dLblPos val="${labels.positions?.[k] ?? "r"}"/>${flags(true)}</c:dLbl>`))
        .join("");
      dl = p(`<c:dLbls>${points}${flags(false)}</c:dLbls>`);
    }
    const body = /<((?:c:)?)dLbls>[\s\S]*?<\/\1dLbls>/.test(inner) ? inner.replace(/<((?:c:)?)dLbls>[\s\S]*?<\/\1dLbls>/, dl) : inner.replace(new RegExp(`(<${c}(?:xVal|cat)>)`), `${dl}$1`);
    return `<${c}ser>${body}</${c}ser>`;
  });
  // Category labels shown every n-th bar ("0%", "10%", ... under a hundred bars): LibreOffice breaks a
  // category axis's labels into lines one bar wide ("1", "0", "%") unless the labels are turned, so
  // they are turned by one degree, which neither it nor Excel shows.
  if (spec.axes?.x.labelEvery) out = out.replace(/(<((?:c:)?)catAx>(?:(?!<\/\2catAx>)[\s\S])*?<\/(?:c:)?title>(?:(?!<\/\2catAx>)[\s\S])*?<(?:c:)?txPr><a:bodyPr[^>]*?)rot="0"/, '$1rot="-60000"');
  // A vertical axis's title is turned in its text (Excel reads that) and in its text properties too,
  // which LibreOffice reads: left at 0 there, the title lay flat and took half the plot's width.
  out = out.replace(/<((?:c:)?)title>[\s\S]*?<\/\1title>/g, (title) => (/<a:bodyPr[^>]*rot="-5400000"/.test(title) ? title.replace(/<((?:c:)?)txPr><a:bodyPr([^>]*?)rot="0"/, (_m, c: string, before: string) => `<${c}txPr><a:bodyPr${before}rot="-5400000"${/\bvert="/.test(before) ? "" : ' vert="horz"'}`) : title));
  // Axis labels in Excel's standard dark grey, not excelize's pale 15% (hard to read on paper).
  out = out.replace(/(<a:defRPr[^>]*><a:solidFill><a:schemeClr val="tx1">)<a:lumMod val="15000"><\/a:lumMod><a:lumOff val="85000"><\/a:lumOff>/g, '$1<a:lumMod val="65000"></a:lumMod><a:lumOff val="35000"></a:lumOff>');
  const hidden = spec.series.map((s, k) => (s.inLegend === false ? k : -1)).filter((k) => k >= 0);
  if (hidden.length) {
    out = out.replace(/(<((?:c:)?)legendPos val="\w+"\s*(?:\/>|><\/\2legendPos>))/, (m, _all: string, c: string) => m + hidden.map((k) => `<${c}legendEntry><${c}idx val="${k}"/><${c}delete val="1"/></${c}legendEntry>`).join(""));
  }
  return out;
}

/**
 * The drawing of the Segmentation sheet with each chart anchored exactly over its cells (`at`):
 * excelize computes the far corner from pixel sizes of its own, which lands a row lower and partway
 * into a column, over the explanation under the chart. Anchors are in the order the charts were added.
 */
export function anchorCharts(xml: string, charts: readonly Pick<ChartSpec, "at">[]): string {
  let k = 0;
  return xml.replace(/<((?:xdr:)?)twoCellAnchor([^>]*)>([\s\S]*?)<\/\1twoCellAnchor>/g, (anchor, x: string, attrs: string, inner: string) => {
    const at = charts[k++]?.at;
    if (!at) return anchor;
    const corner = (tag: string, col: number, row: number) => `<${x}${tag}><${x}col>${col}</${x}col><${x}colOff>0</${x}colOff><${x}row>${row}</${x}row><${x}rowOff>0</${x}rowOff></${x}${tag}>`;
    const body = inner
      .replace(new RegExp(`<${x}from>[\\s\\S]*?</${x}from>`), corner("from", at.col, at.row))
      .replace(new RegExp(`<${x}to>[\\s\\S]*?</${x}to>`), corner("to", at.col + at.cols, at.row + at.rows));
    return `<${x}twoCellAnchor${attrs.replace(/\seditAs="[^"]*"/, "")} editAs="twoCell">${body}</${x}twoCellAnchor>`;
  });
}

function chartOf(sheet: string, spec: ChartSpec): { chart: Record<string, unknown>; combo?: Record<string, unknown> } {
  const series = (kinds: string[]) =>
    spec.series
      .filter((s) => kinds.includes(s.kind))
      .map((s) => ({
        Name: ref(sheet, s.nameCell),
        Categories: ref(sheet, s.x),
        Values: ref(sheet, s.values),
        ...(s.sizes ? { Sizes: ref(sheet, s.sizes) } : {}),
        ...(s.kind === "line" || s.kind === "scatterLine"
          ? { Line: { Type: 1, Width: 2, Fill: fill(s.colour), ...(s.dashed ? { Dash: 3 } : {}) }, Marker: { Symbol: "none" } } // solid (dashed) line, no markers
          : s.kind === "scatterPoints"
            ? { Line: { Type: 2 }, Marker: { Symbol: "circle", Size: 4, Fill: fill(s.colour) } } // markers, no line
            : { Fill: fill(s.colour) }),
      }));
  const axisTitle = (text: string) => ({ Title: { Paragraph: [{ Text: text, Font: { Size: 9 } }] } });
  const x = spec.axes.x;
  const y = spec.axes.y;
  const chart: Record<string, unknown> = {
    Type: spec.type === "columns" ? (spec.clustered ? CHART_TYPE.clustered : CHART_TYPE.column) : spec.type === "bubble" ? CHART_TYPE.bubble : CHART_TYPE.scatter,
    Series: series(spec.type === "columns" ? ["column"] : spec.type === "bubble" ? ["bubble"] : ["scatterLine", "scatterPoints"]),
    Title: { Paragraph: [{ Text: spec.title, Font: { Bold: true, Size: 12 } }] },
    Legend: { Position: "bottom" },
    Dimension: { Width: widthPx(spec.at), Height: spec.at.rows * 20 },
    Format: { PrintObject: true },
    VaryColors: false,
    GapWidth: 20,
    Overlap: spec.clustered ? 0 : 100,
    XAxis: {
      ...axisTitle(x.title),
      ...(x.format !== "General" ? { NumFmt: { CustomNumFmt: x.format } } : {}),
      ...(x.labelEvery ? { TickLabelSkip: x.labelEvery } : {}),
      ...(x.min !== undefined ? { Minimum: x.min } : {}),
      ...(x.crossesAt !== undefined ? { TickLabelPosition: 2 } : {}),
      ...(x.max !== undefined ? { Maximum: x.max } : {}),
      ...(x.major !== undefined ? { MajorUnit: x.major } : {}),
    },
    YAxis: {
      ...axisTitle(y.title),
      MajorGridLines: true,
      NumFmt: { CustomNumFmt: y.format },
      ...(y.crossesAt !== undefined ? { TickLabelPosition: 2 } : {}),
      ...(y.min !== undefined && (y.min !== 0 || spec.type === "bubble") ? { Minimum: y.min } : {}),
      ...(y.max !== undefined ? { Maximum: y.max } : {}),
      ...(y.major !== undefined ? { MajorUnit: y.major } : {}),
    },
  };
  if (spec.type !== "columns" || !spec.series.some((s) => s.kind === "line")) return { chart };
  const y2 = spec.axes.y2;
  const combo = {
    Type: CHART_TYPE.line,
    Series: series(["line"]),
    // Lines on a secondary axis (the Pareto chart's cumulative share) or on the columns' own axis.
    YAxis: y2 ? { Secondary: true, Maximum: y2.max, NumFmt: { CustomNumFmt: y2.format }, ...axisTitle(y2.title) } : { None: true },
  };
  return { chart, combo };
}

/**
 * What excelize writes differently from what the charts need, set in the chart part afterwards:
 * - x values of bubble and scatter charts are numbers (`numRef`; excelize writes them as text
 *   categories, which would plot the points at 1, 2, 3, ...);
 * - with `cross` (the BCG chart), the horizontal value axis crosses at y = `cross.y` and the
 *   vertical one at x = `cross.x` (`crossesAt`, which excelize has no option for).
 * The chart XML may or may not use the `c:` prefix.
 */
export function fixChartXml(xml: string, cross?: { x: number; y: number }, major?: { x?: number; y?: number }): string {
  let out = xml.replace(/<((?:c:)?)xVal><\1strRef>([\s\S]*?)<\/\1strRef><\/\1xVal>/g, (_m, c: string, inner: string) => `<${c}xVal><${c}numRef>${inner}</${c}numRef></${c}xVal>`);
  if (cross) {
    out = out.replace(/<((?:c:)?)valAx>[\s\S]*?<\/\1valAx>/g, (axis, c: string) => {
      const position = new RegExp(`<${c}axPos val="(\\w)"`).exec(axis)?.[1];
      const at = position === "b" || position === "t" ? cross.y : cross.x;
      const crossing = `<${c}crossesAt val="${at}"></${c}crossesAt>`;
      const existing = new RegExp(`<${c}crosses(At)? val="[^"]*"\\s*(/>|></${c}crosses(At)?>)`);
      return existing.test(axis) ? axis.replace(existing, crossing) : axis.replace(`</${c}valAx>`, `${crossing}</${c}valAx>`);
    });
  }
  // The distance between ticks where excelize left it out (the horizontal value axis of a bubble
  // chart): after the crossing, where the schema has it.
  if (major) {
    out = out.replace(/<((?:c:)?)valAx>[\s\S]*?<\/\1valAx>/g, (axis, c: string) => {
      const position = new RegExp(`<${c}axPos val="(\\w)"`).exec(axis)?.[1];
      const unit = position === "b" || position === "t" ? major.x : major.y;
      if (unit === undefined || new RegExp(`<${c}majorUnit`).test(axis)) return axis;
      const tag = `<${c}majorUnit val="${unit}"></${c}majorUnit>`;
      // After crossBetween where there is one (the schema's order), else after the crossing.
      const between = new RegExp(`(<${c}crossBetween val="[^"]*"\\s*(?:/>|></${c}crossBetween>))`);
      const crossing = new RegExp(`(<${c}crosses(?:At)? val="[^"]*"\\s*(?:/>|></${c}crosses(?:At)?>))`);
      const after = between.test(axis) ? between : crossing.test(axis) ? crossing : null;
      return after ? axis.replace(after, `$1${tag}`) : axis.replace(`</${c}valAx>`, `${tag}</${c}valAx>`);
    });
  }
  return out;
}

export interface WriteInput {
  /** The input workbook as read (kept as it is), or null for a new workbook with `table` on sheet `sheet`. */
  workbook: OpenedWorkbook | null;
  sheet: string;
  /** The table as read (for a new workbook: written as it was, numbers as numbers). */
  table: Cell[][];
  /** For a new workbook: the lines above the header (titles), written above it. */
  above?: Cell[][];
  /** The run's insights, when the caller has them already. */
  insights?: Insights;
  /** Write `table` on a new sheet named `sheet` of the input workbook (an order list's customers). */
  newSheet?: boolean;
  /** An order list's aggregation and models: RFM heat map and P(alive) chart on the Segmentation sheet. */
  orderList?: { aggregation: Aggregation; models: OrderListModels };
  /** An order list's model columns, written after `table` (new sheet only); `nextColumn` is past them. */
  modelColumns?: ModelColumn[];
  headerRow: number;
  firstColumn: number;
  nextColumn: number;
  /**
   * The input sheet already holds this tool's result columns at `nextColumn` (a result workbook run
   * again): they are written over, rows they no longer reach are cleared, and the workbook's own
   * Segmentation sheet is replaced instead of adding a second one.
   */
  refresh?: boolean;
}

/** The Segmentation sheet a result of this tool made: its document property SegmentationSheet, or null. */
function ownSegmentationSheet(entries: Map<string, Buffer>): string | null {
  if (!isOwnWorkbook(entries)) return null;
  const custom = entries.get("docProps/custom.xml")?.toString("utf8") ?? "";
  const m = /<property\b[^>]*\bname="SegmentationSheet"[^>]*>\s*<vt:lpwstr>([^<]*)<\/vt:lpwstr>/.exec(custom);
  return m ? m[1]!.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'") : null;
}

/** Whether a workbook is a result of this tool: its document property Generator says so. */
function isOwnWorkbook(entries: Map<string, Buffer>): boolean {
  const custom = entries.get("docProps/custom.xml")?.toString("utf8") ?? "";
  return /<property\b[^>]*\bname="Generator"[^>]*>\s*<vt:lpwstr>customer-segment<\/vt:lpwstr>/.test(custom);
}

const LEADING_ZERO = /^\s*[-+]?0\d/;

/**
 * Typed cells for a column of a sheet the command line makes: a column of an order list's customers
 * by its kind (dates, money, growth as a percentage), a CSV column by its values. A CSV column becomes
 * numbers when at least 80% of its values read as numbers and none has a leading zero (a code such as
 * 007 stays text); the format follows how they were typed (grouping, decimals, percent). Dates written
 * as ISO dates become dates. Returns null for a column that stays text. `headerAt` is the header's
 * index in `values`; rows above it (titles) and the header are kept.
 */
export function typedCells(values: readonly (string | number | boolean | null | undefined)[], headerAt: number, kind?: string): { values: (string | number | boolean | null | undefined)[]; formats: (string | undefined)[] } | null {
  const out = [...values];
  const formats: (string | undefined)[] = values.map(() => undefined);
  const body = (f: (v: string | number | boolean | null | undefined, i: number) => void) => {
    for (let i = headerAt + 1; i < values.length; i++) f(values[i], i);
  };
  if (kind) {
    if (kind === "customer") return null;
    const format = kind === "first" || kind === "last" ? "yyyy-mm-dd" : kind === "growth" ? "0%" : kind === "orders" || kind === "lifetime" ? "0" : "#,##0.00";
    body((v, i) => {
      if (kind === "first" || kind === "last") {
        const d = typeof v === "string" ? parseDate(v) : NaN;
        if (!Number.isNaN(d)) out[i] = excelSerial(d);
      }
      if (v !== "" && v !== null && v !== undefined) formats[i] = format;
    });
    return { values: out, formats };
  }
  const texts: string[] = [];
  body((v) => {
    // Error values (#N/A) say nothing about the column; they stay text.
    if (typeof v === "string" && v.trim() !== "" && !isExcelError(v)) texts.push(v);
  });
  if (!texts.length) return null;
  // Dates typed as ISO dates (2024-03-01): dates.
  if (texts.every((t) => /^\d{4}-\d{2}-\d{2}$/.test(t.trim()))) {
    body((v, i) => {
      const d = typeof v === "string" ? parseDate(v) : NaN;
      if (!Number.isNaN(d)) {
        out[i] = excelSerial(d);
        formats[i] = "yyyy-mm-dd";
      }
    });
    return { values: out, formats };
  }
  const notation = detectNotation(texts);
  const parsed = texts.map((t) => parseNumber(t, notation));
  const numbers = parsed.filter((p) => p.ok).length;
  if (numbers < 0.8 * texts.length || texts.some((t) => LEADING_ZERO.test(t))) return null;
  body((v, i) => {
    if (typeof v !== "string" || v.trim() === "") return;
    const p = parseNumber(v, notation);
    if (!p.ok) return; // "zie contract", "#N/A": text, as typed
    out[i] = p.value;
    // Decimals when the value has them, or was typed with two ("1.250,00").
    const decimals = !Number.isInteger(p.percent ? p.value * 100 : p.value) || /[.,]\d{1,2}\s*%?\s*$/.test(v.trim());
    if (p.percent) formats[i] = /[.,]\d/.test(v) ? "0.0%" : "0%";
    else if (/\d[.,]\d{3}(?!\d)/.test(v) || /[€$£]|EUR/i.test(v)) formats[i] = decimals ? "#,##0.00" : "#,##0";
    else formats[i] = decimals ? "0.00" : "0";
  });
  return { values: out, formats };
}

/**
 * The result workbook: the input sheet untouched except for the result columns added in the first
 * empty columns on its right, and the Segmentation sheet. `onStep` is called between steps.
 *
 * An input workbook goes to excelize without the cells of the sheet read (opening and saving a
 * 200,000-row sheet in excelize-wasm took minutes and gigabytes): excelize adds the styles, the
 * colour rules, the Segmentation sheet and its charts; then that sheet's cells are put back byte for
 * byte, with the result cells added to its rows (sheetdata.ts: {@link addCells}). Shared strings and
 * styles keep their numbers (excelize only appends to them), so the original cells mean what they did.
 */
export async function writeXlsx(input: WriteInput, r: SegmentResult, onStep: (done: number, what: string) => void = () => undefined): Promise<Buffer> {
  const excelize = await loadExcelize();
  const lang = r.settings.language;
  let f: Workbook;
  let sheet = input.sheet;
  // A sheet the command line makes itself (a CSV file's table, an order list's customers) gets its
  // cells streamed in after excelize has written the workbook; see sheetdata.ts.
  const own = !input.workbook || !!input.newSheet;
  const streamed: StreamColumn[] = [];
  const tableColumns: StreamColumn[] = [];
  const writeTable = () => {
    const all = [...(input.above ?? []), ...input.table];
    const width = widestRow(all);
    const top0 = input.headerRow - 1 - (input.above?.length ?? 0);
    for (let j = 0; j < width; j++) {
      const column: StreamColumn = { col: input.firstColumn + j, top: top0, values: all.map((row) => row[j] as string | number | boolean | null | undefined) };
      streamed.push(column);
      tableColumns.push(column);
    }
  };
  const source = input.workbook;
  let original: { xml: Buffer; span: ReturnType<typeof findSheetData> } | null = null;
  const headersOut = resultHeaders(r.settings.language);
  if (source && !input.newSheet) {
    const part = source.file.sheets.find((s) => s.name === source.sheet)!.part;
    // Merged cells where the result columns go: Excel keeps only a merged area's first cell.
    const area: CellArea = { top: input.headerRow - 1, bottom: input.headerRow - 1 + r.columns.customer.length, left: input.nextColumn, right: input.nextColumn + RESULT_COLUMNS.length - 1 };
    const hit = asWorkbookError(() => sheetMerges(source.file, part)).find((m) => m.top <= area.bottom && m.bottom >= area.top && m.left <= area.right && m.right >= area.left);
    if (hit) {
      const row = Math.max(hit.top, area.top);
      const col = Math.max(hit.left, area.left);
      throw new WorkbookError(`cell ${columnLetter(col)}${row + 1} on sheet "${source.sheet}" is part of the merged cells ${columnLetter(hit.left)}${hit.top + 1}:${columnLetter(hit.right)}${hit.bottom + 1}, where the result columns go; unmerge them (Home > Merge & Center) or move them, then run again. Nothing was written.`);
    }
    const lo = source.listObject;
    const clash = input.refresh ? undefined : lo?.columns.find((c) => headersOut.some((h) => h.toLowerCase() === c.toLowerCase()));
    if (lo && clash) throw new WorkbookError(`table "${lo.name}" on sheet "${source.sheet}" already has a column "${clash}", the name of a result column; table columns need names of their own, so rename it, then run again. Nothing was written.`);
  }
  if (source) {
    const part = source.file.sheets.find((s) => s.name === source.sheet)!.part;
    const xml = source.file.entries.get(part)!;
    const span = asWorkbookError(() => findSheetData(xml, `sheet "${source.sheet}"`));
    original = { xml, span };
    ensureStyles(source.file.entries);
    f = check(excelize.OpenReader(writeZip(source.file.entries, new Map([[part, withoutCells(xml, span)]]), { store: true }), OPEN), "the workbook");
    if (input.newSheet) {
      const taken = f.GetSheetList().list.map((s) => s.toLowerCase());
      for (let k = 2; taken.includes(sheet.toLowerCase()); k++) sheet = `${input.sheet} ${k}`;
      check(f.NewSheet(sheet), `sheet "${sheet}"`);
      writeTable();
    }
  } else {
    f = check(excelize.NewFile(), "new workbook");
    check(f.SetSheetName("Sheet1", sheet), `sheet "${sheet}"`);
    writeTable();
  }
  const n = r.columns.customer.length;
  const top = input.headerRow - 1; // 0-based header row
  const headers = resultHeaders(lang);
  const styles = new Map<string, number>();
  const style = (key: string, def: Record<string, unknown>) => {
    if (!styles.has(key)) styles.set(key, check(f.NewStyle(def), "style").style);
    return styles.get(key)!;
  };
  const bold = style("bold", { Font: { Bold: true } });
  const numberStyle = (format: string) => style(`fmt:${format}`, format === "@" ? { NumFmt: 49 } : { CustomNumFmt: format });

  // A sheet the command line makes from text (a CSV file, an order list's customers) gets typed cells:
  // numbers as numbers in the format they were typed in, dates as dates, so SUM and filters work.
  const headerAt = (input.above?.length ?? 0);
  const kinds = input.orderList?.aggregation.kinds;
  tableColumns.forEach((column, j) => {
    const typed = typedCells(column.values, headerAt, kinds?.[j]);
    if (!typed) return;
    column.values = typed.values;
    column.styles = typed.formats.map((fmt, i) => (i === headerAt ? bold : fmt ? numberStyle(fmt) : undefined));
  });
  if (tableColumns.length) {
    // The header row stays in view, and the table has a filter.
    const headerRow0 = input.headerRow - 1;
    check(f.SetPanes(sheet, { Freeze: true, Split: false, XSplit: 0, YSplit: headerRow0 + 1, TopLeftCell: cell(0, headerRow0 + 1), ActivePane: "bottomLeft" }), "freeze panes");
    const lastCol = input.nextColumn + (own ? RESULT_COLUMNS.length : 0) - 1;
    if (n > 0) check(f.AutoFilter(sheet, `${cell(input.firstColumn, headerRow0)}:${cell(lastCol, headerRow0 + n)}`, []), "filter");
    tableColumns.forEach((column) => {
      const longest = Math.max(8, ...column.values.slice(headerAt, headerAt + 200).map((v) => String(v ?? "").length));
      const letter = columnLetter(column.col);
      check(f.SetColWidth(sheet, letter, letter, Math.min(40, longest + 2)), "column width");
    });
  }

  // An order list's model columns (RFM, P(alive), expected orders and value, CLV) on the customers sheet.
  if (own) {
    const at = input.firstColumn + widestRow(input.table);
    (input.modelColumns ?? []).forEach((c, k) => streamed.push({ col: at + k, top: input.headerRow - 1, values: [c.header, ...c.values], headStyle: bold, bodyStyle: numberStyle(c.format) }));
  }

  // The result columns: header, values, number format, colours. On the input sheet they are added to
  // its rows after excelize has written the rest (see above).
  const added: StreamColumn[] = [];
  const columns: (string | number | null)[][] = RESULT_COLUMNS.map((_, k) => {
    const values: (string | number | null)[] = new Array(n + 1);
    values[0] = headers[k]!;
    return values;
  });
  for (let i = 0; i < n; i++) {
    const cells = resultCells(r, i);
    for (let k = 0; k < columns.length; k++) columns[k]![i + 1] = cells[k] ?? null;
  }
  if (input.refresh && original) {
    // The colour rules an earlier run put on its result columns go; the new ones follow.
    const from = input.nextColumn;
    const to = input.nextColumn + RESULT_COLUMNS.length - 1;
    const head = original.xml.toString("utf8", original.span.end);
    for (const m of head.matchAll(/<(?:\w+:)?conditionalFormatting\s[^>]*sqref="([^"]+)"/g)) {
      const cols = m[1]!.split(/\s+/).flatMap((ref) => ref.split(":").map((c) => /^\$?([A-Z]+)/.exec(c)?.[1] ?? ""));
      if (cols.length && cols.every((c) => c && columnOf(c) >= from && columnOf(c) <= to)) check(f.UnsetConditionalFormat(sheet, m[1]!), "colours");
    }
  }
  RESULT_COLUMNS.forEach((c, k) => {
    const col = input.nextColumn + k;
    const format = numberStyle(c.format);
    (own ? streamed : added).push({ col, top, values: columns[k]!, headStyle: bold, bodyStyle: format });
    if (n > 0) {
      const colours = LABEL_COLOURS[c.key];
      if (colours) {
        const rules = Object.entries(colours).map(([label, colour]) => ({
          Type: "cell",
          Criteria: "==",
          Value: `"${label}"`,
          Format: check(f.NewConditionalStyle({ Fill: fill(colour) }), "colour").style,
        }));
        check(f.SetConditionalFormat(sheet, `${cell(col, top + 1)}:${cell(col, top + n)}`, rules), "colours");
      }
    }
    onStep((k + 1) / (RESULT_COLUMNS.length + 2), "columns");
  });

  // The Segmentation sheet.
  const rep = report(r, { table: input.table, insights: input.insights, orderList: input.orderList, source: `${sheet}!${cell(input.firstColumn, top)}:${cell(input.firstColumn + Math.max(1, widestRow(input.table)) - 1, top + n)}` });
  const base = lang === "nl" ? "Segmentatie" : "Segmentation";
  // A result workbook run again: its own Segmentation sheet is replaced, the one the document property
  // SegmentationSheet names (a sheet of the user's called "Segmentation" is never touched).
  const ownSheet = source ? ownSegmentationSheet(source.file.entries) : null;
  if (ownSheet && f.GetSheetList().list.includes(ownSheet)) check(f.DeleteSheet(ownSheet), `sheet "${ownSheet}"`);
  const sheets = f.GetSheetList().list.map((s) => s.toLowerCase());
  let name = base;
  for (let k = 2; sheets.includes(name.toLowerCase()); k++) name = `${base} ${k}`;
  check(f.NewSheet(name), `sheet "${name}"`);
  // Its cells are streamed in too (like the sheets above): excelize never loads the input's shared strings.
  const summary: StreamColumn[] = [];
  const rowHeights = new Map<number, number>();
  for (const b of rep.blocks) {
    const cols = Math.max(...b.cells.map((x) => x.length));
    if (b.heatmap && b.cells.length > 1 && cols > 1) {
      const area = `${cell(b.col + 1, b.row + 1)}:${cell(b.col + cols - 1, b.row + b.cells.length - 1)}`;
      check(f.SetConditionalFormat(name, area, [{ Type: "3_color_scale", Criteria: "=", MinType: "min", MidType: "percentile", MidValue: "50", MaxType: "max", MinColor: "#F8696B", MidColor: "#FFEB84", MaxColor: "#63BE7B" }]), "heat map");
    }
    // Text across the dashboard: each row merged over the span and wrapped, as high as its lines.
    if (b.span && b.span > 1) for (let i = 0; i < b.cells.length; i++) check(f.MergeCell(name, cell(b.col, b.row + i), cell(b.col + b.span - 1, b.row + i)), "merged text");
    (b.heights ?? []).forEach((h, i) => h && rowHeights.set(b.row + i, Math.max(h, rowHeights.get(b.row + i) ?? 0)));
    for (let j = 0; j < cols; j++) {
      const wrap = !!b.span || (!!b.wrap && j === cols - 1);
      const styles = b.cells.map((_, i) => {
        const format = cellFormat(b, i, j);
        const header = (b.style === "table" && i === 0) || b.style === "title" || b.style === "title2";
        if (!format && !header && !wrap) return undefined;
        const key = `${format ?? ""}|${header ? (b.style === "title" ? "title" : "bold") : ""}|${wrap ? "wrap" : ""}`;
        return style(key, {
          ...(format ? { CustomNumFmt: format } : {}),
          ...(header ? { Font: { Bold: true, ...(b.style === "title" ? { Size: 14 } : {}) } } : {}),
          ...(wrap ? { Alignment: { WrapText: true, Vertical: "top" } } : {}),
        });
      });
      summary.push({ col: b.col + j, top: b.row, values: b.cells.map((row) => row[j] as StreamColumn["values"][number]), styles });
    }
  }
  const layout = rep.layout;
  layout.widths.forEach((w, j) => check(f.SetColWidth(name, columnLetter(j), columnLetter(j), w), "column width"));
  // The charts' data: hidden columns (the charts plot hidden cells: excelize writes plotVisOnly 0).
  check(f.SetColVisible(name, `${columnLetter(layout.hiddenFrom)}:${columnLetter(REPORT_AREA.col + REPORT_AREA.cols - 1)}`, false), "hidden chart data");
  // Printing: A4 landscape, one page wide, as many pages tall as it takes, breaks between blocks.
  check(f.SetPageLayout(name, { Size: 9, Orientation: "landscape", FitToWidth: 1, FitToHeight: 0 }), "page layout");
  // Rows 15 points high as in Excel, also where another program's default differs (the layout counts on it).
  check(f.SetSheetProps(name, { FitToPage: true, CustomHeight: true, DefaultRowHeight: DASHBOARD.rowPoints }), "fit to page");
  const m = DASHBOARD.margins;
  check(f.SetPageMargins(name, { Left: m.left, Right: m.right, Top: m.top, Bottom: m.bottom, Header: 0, Footer: 0 }), "page margins");
  for (const k of layout.pageBreaks) check(f.InsertPageBreak(name, cell(0, k)), "page break");
  check(f.SetDefinedName({ Name: "_xlnm.Print_Area", RefersTo: ref(name, layout.printArea), Scope: name }), "print area");
  for (const spec of rep.charts) {
    const { chart, combo } = chartOf(name, spec);
    const res = combo ? f.AddChart(name, cell(spec.at.col, spec.at.row), chart as never, combo as never) : f.AddChart(name, cell(spec.at.col, spec.at.row), chart as never);
    check(res, `chart ${spec.key}`);
  }
  onStep((RESULT_COLUMNS.length + 1) / (RESULT_COLUMNS.length + 2), "charts");

  // Marks the file as this tool's result: a later run may replace it without --force.
  check(f.SetCustomProps({ Name: "Generator", Value: OUTPUT_MARK }), "document properties");
  check(f.SetCustomProps({ Name: "SegmentationSheet", Value: name }), "document properties");
  const written = check(f.WriteToBuffer(), "writing the workbook");
  // Then the cells of the sheets above go in, and the chart settings excelize has no option for.
  const parts = readZip(Buffer.from(written.buffer as Uint8Array));
  const bcg = rep.charts.find((c) => c.key === "bcg");
  const replace = new Map<string, Buffer>();
  for (const [on, columns] of [[sheet, streamed], [name, summary]] as const) {
    if (!columns.length) continue;
    const filled = fillSheet(parts, on, columns, on === name ? rowHeights : undefined);
    replace.set(filled.part, filled.data);
  }
  if (source && original) {
    const part = sheetPart(parts, source.sheet);
    const what = `sheet "${source.sheet}"`;
    const content = added.length ? asWorkbookError(() => addCells(original.xml, original.span, added, what, undefined, !!input.refresh)) : [original.xml.subarray(original.span.start, original.span.end)];
    replace.set(part, withCells(parts.get(part)!, original.xml, original.span, content, added));
  }
  // The Excel table grows by the result columns: its ref, its filter and a column per result.
  const lo = source && !input.newSheet ? source.listObject : undefined;
  if (lo && !input.refresh && parts.has(lo.part)) replace.set(lo.part, Buffer.from(extendTable(parts.get(lo.part)!.toString("utf8"), lo, headersOut), "utf8"));
  // The charts over exactly their cells.
  const dashboardPart = sheetPart(parts, name);
  const rels = parts.get(dashboardPart.replace(/([^/]+)$/, "_rels/$1.rels"))?.toString("utf8") ?? "";
  const drawing = /Target="\.\.\/drawings\/(drawing\d+\.xml)"/.exec(rels)?.[1];
  if (drawing && parts.has(`xl/drawings/${drawing}`)) replace.set(`xl/drawings/${drawing}`, Buffer.from(anchorCharts(parts.get(`xl/drawings/${drawing}`)!.toString("utf8"), rep.charts), "utf8"));
  for (const [part, data] of parts) {
    if (!/^xl\/charts\/chart\d+\.xml$/.test(part)) continue;
    const xml = data.toString("utf8");
    // Our charts, told apart by their title (an input workbook's own charts are left as they are).
    const spec = rep.charts.find((c) => xml.includes(`<a:t>${escapeXml(c.title)}</a:t>`));
    if (!spec) continue;
    let out = labelChartXml(xml, spec);
    if (spec.type !== "columns") out = fixChartXml(out, spec === bcg ? { x: bcg.axes.y.crossesAt!, y: bcg.axes.x.crossesAt! } : undefined, { x: spec.axes.x.major, y: spec.axes.y.major });
    replace.set(part, Buffer.from(out, "utf8"));
  }
  const out = writeZip(parts, replace);
  onStep(1, "saved");
  return out;
}
