/**
 * A small, strict fake of the parts of the Excel object model the add-in uses, for tests in Node.
 *
 * Strict like Excel: a property read before load() and sync() throws (office-addin-mock would hand
 * back a sentinel string instead); writes take effect only at sync(); every sync is counted with the
 * bytes it would carry (writes sent, values returned), and a request over the payload limit fails
 * like Excel on the web's does. Sheets are sparse cell maps; names follow columns inserted with
 * insertColumns(), as Excel's do.
 *
 * What Excel does that the add-in must survive, each from the Office.js reference (and tested in
 * fake-excel.test.ts):
 * - `Range.values`: "If the value starts with a plus, minus, or equal sign, Excel interprets this value
 *   as a formula" (excel.range). Such a string becomes a formula (an invalid one fails the whole
 *   request); a string that reads as a number becomes a number unless the cell's format is text (`@`).
 *   A leading apostrophe (quote prefix) keeps the rest as text. The fake does not count on `@` against
 *   formulas (reports say the API does not honour it there): only the quote prefix protects those;
 *   and in a cell already formatted `@` it keeps the apostrophe as a character (as LibreOffice does;
 *   Excel's behaviour there is not documented), so a writer must not combine the two. A leading `@`
 *   (implicit intersection) is a formula too.
 *   `null` in a values array leaves that cell unchanged ("Blank and null values").
 * - Deleting columns (`Range.delete("Left")` on whole columns, or `deleteColumns()` as a user does):
 *   cells and names to the right move left; a name on deleted cells turns `#REF!` (type "Error", its
 *   getRangeOrNullObject() a null object) and stays in the workbook, so adding it again fails with
 *   ItemAlreadyExists until it is deleted.
 * - A chart made from a blank range has no series; from a range with values it has one series per
 *   column with values (series by columns). `getItemAt` past the end fails at sync.
 * - Payload limits: a request over the limit fails with code RequestPayloadSizeLimitExceeded and
 *   nothing of it is applied; a response over it with ResponsePayloadSizeLimitExceeded. Codes are not
 *   localized, messages are (`new FakeContext(..., limit, "nl")` answers in Dutch).
 */
import { columnLetter } from "../../src/engine/reading/columns.js";

export type Value = string | number | boolean;

/**
 * The key of a cell in the per-cell maps ("row,col"), made once per cell: a 200,000-row table makes
 * millions of lookups, and a new string for each (to hash again) made the fake, not the add-in, the
 * slowest part of a run.
 */
const KEYS: string[][] = [];
export function cellKey(row: number, col: number): string {
  const r = (KEYS[row] ??= []);
  return (r[col] ??= `${row},${col}`);
}

/**
 * A per-cell map keyed "row,col" (what the tests read), kept as a grid of rows: a lookup by row and
 * column neither makes nor hashes a string, and a 200,000-row sheet is not millions of map entries
 * (the fake, not the add-in, held the page's main thread and its garbage collector otherwise).
 */
export class GridStore<T> implements Map<string, T> {
  private grid: (T | undefined)[][] = [];
  private count = 0;
  readonly [Symbol.toStringTag] = "GridStore";
  constructor(entries?: Iterable<readonly [string, T]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }
  private static parse(k: string): [number, number] {
    const i = k.indexOf(",");
    return [Number(k.slice(0, i)), Number(k.slice(i + 1))];
  }
  get size(): number {
    return this.count;
  }
  at(row: number, col: number): T | undefined {
    return this.grid[row]?.[col];
  }
  setAt(row: number, col: number, v: T): void {
    const r = (this.grid[row] ??= []);
    if (r[col] === undefined) this.count++;
    r[col] = v;
  }
  deleteAt(row: number, col: number): boolean {
    const r = this.grid[row];
    if (!r || r[col] === undefined) return false;
    r[col] = undefined;
    this.count--;
    return true;
  }
  get(k: string): T | undefined {
    const [r, c] = GridStore.parse(k);
    return this.at(r, c);
  }
  has(k: string): boolean {
    return this.get(k) !== undefined;
  }
  set(k: string, v: T): this {
    const [r, c] = GridStore.parse(k);
    this.setAt(r, c, v);
    return this;
  }
  delete(k: string): boolean {
    const [r, c] = GridStore.parse(k);
    return this.deleteAt(r, c);
  }
  clear(): void {
    this.grid = [];
    this.count = 0;
  }
  *entries(): MapIterator<[string, T]> {
    for (let r = 0; r < this.grid.length; r++) {
      const row = this.grid[r];
      if (!row) continue;
      for (let c = 0; c < row.length; c++) if (row[c] !== undefined) yield [cellKey(r, c), row[c]!];
    }
  }
  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): MapIterator<T> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator](): MapIterator<[string, T]> {
    return this.entries();
  }
  forEach(f: (v: T, k: string, m: Map<string, T>) => void): void {
    for (const [k, v] of this.entries()) f(v, k, this);
  }
  /** The smallest box holding every non-empty value, or null. */
  bounds(): { row: number; col: number; rows: number; cols: number } | null {
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (let r = 0; r < this.grid.length; r++) {
      const row = this.grid[r];
      if (!row) continue;
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (v === undefined || (v as unknown) === "") continue;
        if (r < r0) r0 = r;
        if (r > r1) r1 = r;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      }
    }
    return r1 < 0 ? null : { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }
  /** Whether any value of row `row` from column `c0` to `c1` is there (and not ""). */
  rowHasAny(row: number, c0: number, c1: number): boolean {
    const r = this.grid[row];
    if (!r) return false;
    for (let c = Math.max(0, c0); c <= c1 && c < r.length; c++) if (r[c] !== undefined && (r[c] as unknown) !== "") return true;
    return false;
  }
}

/** The cells of a sheet. */
export class CellStore extends GridStore<Value> {}

export class FakeSheet {
  cells: CellStore = new CellStore();
  formats: GridStore<string> = new GridStore<string>();
  /** Cells holding a formula (the text written), and text cells written with a quote prefix. */
  formulas = new Map<string, string>();
  quotePrefix = new Set<string>();
  bold = new Set<string>();
  /** Sheet-scoped names: the area they refer to; `broken` once their cells were deleted (#REF!). */
  names = new Map<string, NameModel>();
  /** Conditional formats: "row,col,rows,cols" of the range → rules (text and fill colour). */
  conditional = new Map<string, { text: string; operator: string; fill: string }[]>();
  /** Colour scales: "row,col,rows,cols" of the range → criteria. */
  colourScales = new Map<string, unknown>();
  isProtected = false;
  /** Charts on the sheet, in the order they were added. */
  charts: ChartModel[] = [];
  fontSize = new Map<string, number>();
  columnWidths = new Map<number, number>();
  /** Excel tables on the sheet (header row included in the area). */
  tables: TableModel[] = [];
  /** Merged areas ("row,col,rows,cols"). */
  merged: { row: number; col: number; rows: number; cols: number }[] = [];
  /** Cells that wrap their text; row heights in points (rows not listed: the standard 15). */
  wrapped = new Set<string>();
  rowHeights = new Map<number, number>();
  /** Hidden columns. */
  hiddenColumns = new Set<number>();
  /** Page setup as set through Worksheet.pageLayout, and the manual row breaks (0-based rows they precede). */
  page: { orientation?: string; paperSize?: string; zoom?: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number }; margins: Record<string, number>; printArea?: string } = { margins: {} };
  rowBreaks: number[] = [];
  constructor(
    public name: string,
    data: Value[][] = [],
    origin = { row: 0, col: 0 },
  ) {
    data.forEach((r, i) => r.forEach((v, j) => v !== "" && this.cells.set(cellKey(origin.row + i, origin.col + j), v)));
  }
  get(row: number, col: number): Value {
    return this.cells.at(row, col) ?? "";
  }
  set(row: number, col: number, v: Value): void {
    if (v === "" || v === null || v === undefined) this.cells.deleteAt(row, col);
    else this.cells.setAt(row, col, v);
  }
  /** The used range: the smallest rectangle holding every non-empty cell, or null. */
  usedBounds(): { row: number; col: number; rows: number; cols: number } | null {
    return this.cells.bounds();
  }
  /**
   * Excel's current region: the box around the cell, grown while any non-empty cell touches it (also
   * diagonally). Passes over the sparse cells until the box stops growing.
   */
  regionAround(row: number, col: number): { row: number; col: number; rows: number; cols: number } {
    // Grow each side while the row or column just outside the box (corners included) holds a cell,
    // until no side grows: the same box as checking every cell against it, in one pass over the rows.
    let r0 = row, r1 = row, c0 = col, c1 = col;
    const colHasAny = (c: number, a: number, b: number) => {
      for (let r = Math.max(0, a); r <= b; r++) if (this.get(r, c) !== "") return true;
      return false;
    };
    for (let grew = true; grew; ) {
      grew = false;
      while (this.cells.rowHasAny(r1 + 1, c0 - 1, c1 + 1)) (r1++, (grew = true));
      while (r0 > 0 && this.cells.rowHasAny(r0 - 1, c0 - 1, c1 + 1)) (r0--, (grew = true));
      while (colHasAny(c1 + 1, r0 - 1, r1 + 1)) (c1++, (grew = true));
      while (c0 > 0 && colHasAny(c0 - 1, r0 - 1, r1 + 1)) (c0--, (grew = true));
    }
    return { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }
  /** Moves every per-cell map, set and range-keyed map of the sheet. */
  private moveAll(f: (r: number, c: number) => [number, number] | undefined): void {
    this.cells = new CellStore(moveKeys(this.cells, f));
    this.formats = new GridStore(moveKeys(this.formats, f));
    this.formulas = moveKeys(this.formulas, f);
    this.fontSize = moveKeys(this.fontSize, f);
    this.bold = moveSet(this.bold, f);
    this.quotePrefix = moveSet(this.quotePrefix, f);
    for (const m of [this.conditional, this.colourScales] as Map<string, unknown>[]) {
      const next = new Map<string, unknown>();
      for (const [k, v] of m) {
        const [r, c, rs, cs] = k.split(",").map(Number) as [number, number, number, number];
        const a = f(r, c);
        const b = f(r + rs - 1, c + cs - 1);
        if (a && b) next.set(`${a[0]},${a[1]},${b[0] - a[0] + 1},${b[1] - a[1] + 1}`, v);
      }
      m.clear();
      for (const [k, v] of next) m.set(k, v);
    }
  }
  /** What a user does: insert an empty column at `col`; cells and names to the right move along. */
  insertColumns(col: number, count = 1): void {
    this.moveAll((r, c) => [r, c >= col ? c + count : c]);
    for (const n of this.names.values()) {
      if (n.col >= col) n.col += count;
      else if (col < n.col + (n.cols ?? 1)) n.cols = (n.cols ?? 1) + count;
    }
    for (const t of this.tables) {
      if (t.col >= col) t.col += count;
      else if (col < t.col + t.cols) t.cols += count;
    }
  }
  /**
   * What a user does (or Range.delete("Left") on whole columns): delete columns `col`..`col+count-1`.
   * Cells, names and tables to the right move left; a name that referred only to deleted cells turns
   * #REF! and stays; a table loses those columns (and goes when all its columns go).
   */
  deleteColumns(col: number, count = 1): void {
    const end = col + count;
    this.moveAll((r, c) => (c < col ? [r, c] : c >= end ? [r, c - count] : undefined));
    for (const n of this.names.values()) {
      const w = n.cols ?? 1;
      if (n.col >= end) n.col -= count;
      else if (n.col + w > col) {
        const remaining = w - (Math.min(n.col + w, end) - Math.max(n.col, col));
        if (remaining <= 0) n.broken = true;
        else {
          n.cols = remaining;
          n.col = Math.min(n.col, col);
        }
      }
    }
    this.tables = this.tables.filter((t) => {
      const w = t.cols;
      const overlap = Math.max(0, Math.min(t.col + w, end) - Math.max(t.col, col));
      if (t.col >= end) t.col -= count;
      else if (overlap > 0) {
        t.cols -= overlap;
        t.col = Math.min(t.col, col);
      }
      return t.cols > 0;
    });
  }
  /** What a user does: cut column `col` and paste it on sheet `other` at `toCol`; names on it follow. */
  cutColumnTo(col: number, other: FakeSheet, toCol: number): void {
    for (const [k, v] of [...this.cells]) {
      const [r, c] = k.split(",").map(Number) as [number, number];
      if (c !== col) continue;
      this.cells.delete(k);
      other.set(r, toCol, v);
    }
    for (const n of this.names.values()) {
      if (n.col === col && (n.cols ?? 1) === 1) {
        n.elsewhere = other;
        n.col = toCol;
      }
    }
  }
  /** What a user does: sort the data rows (below `headerRow`) by a column, descending. */
  sortRows(headerRow: number, byCol: number): void {
    const b = this.usedBounds()!;
    const rows = [];
    for (let r = headerRow + 1; r < b.row + b.rows; r++) rows.push(Array.from({ length: b.cols }, (_, j) => this.get(r, b.col + j)));
    rows.sort((x, y) => Number(y[byCol - b.col]) - Number(x[byCol - b.col]));
    rows.forEach((vals, i) => vals.forEach((v, j) => this.set(headerRow + 1 + i, b.col + j, v)));
  }
  column(col: number, from: number, to: number): Value[] {
    return Array.from({ length: to - from + 1 }, (_, i) => this.get(from + i, col));
  }
}

export interface NameModel {
  row: number;
  col: number;
  rows?: number;
  cols?: number;
  visible: boolean;
  comment: string;
  /** The cells it referred to were deleted: the name reads #REF! (type "Error"). */
  broken?: boolean;
  /** Its cells were cut and pasted to another sheet: the name follows them there. */
  elsewhere?: FakeSheet;
}

/** Keys "row,col" of the per-cell maps and sets of a sheet, moved by a function (undefined drops the cell). */
function moveKeys<T>(m: Map<string, T>, f: (r: number, c: number) => [number, number] | undefined): Map<string, T> {
  const next = new Map<string, T>();
  for (const [k, v] of m) {
    const [r, c] = k.split(",").map(Number) as [number, number];
    const to = f(r, c);
    if (to) next.set(`${to[0]},${to[1]}`, v);
  }
  return next;
}
function moveSet(m: Set<string>, f: (r: number, c: number) => [number, number] | undefined): Set<string> {
  return new Set(moveKeys(new Map([...m].map((k) => [k, true])), f).keys());
}

/** A string Excel would not accept as a formula: ends in an operator, or a number followed by a word ("+31 Retail"). */
function invalidFormula(body: string): boolean {
  const t = body.trim();
  if (t === "") return true;
  if (/[-+*/^&=<>,(]$/.test(t)) return true;
  if (/^[-+]?\d+(\.\d+)?\s+[A-Za-z]/.test(t)) return true;
  let depth = 0;
  for (const ch of t) {
    if (ch === "(") depth++;
    if (ch === ")" && --depth < 0) return true;
  }
  return depth !== 0;
}

/** What Excel makes of a string written through Range.values into a cell with number format `format`. */
export function excelInput(v: string, format: string | undefined): { value: Value; formula?: string; quotePrefix?: boolean } {
  // Conservative where Excel's behaviour is not documented: in a text-formatted cell the apostrophe
  // is kept as a character (LibreOffice does so), and the text format does not stop a formula.
  if (v.startsWith("'")) return format === "@" ? { value: v } : { value: v.slice(1), quotePrefix: true };
  const numeric = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?%?$/.test(v.trim());
  if (format === "@" && !/^[=+\-@]/.test(v)) return { value: v };
  if (numeric && format !== "@") {
    const t = v.trim();
    return { value: t.endsWith("%") ? Number(t.slice(0, -1)) / 100 : Number(t) };
  }
  if (/^[=+\-@]/.test(v) && v.length > 1) {
    // "@" is the implicit-intersection operator of newer Excel: "@SUM(A1)" is a formula.
    const body = v.startsWith("=") ? v.slice(1) : v.startsWith("@") ? v.slice(1) : v;
    if (invalidFormula(body)) throw Object.assign(new Error(`InvalidArgument: Excel cannot read "${v}" as a formula`), { code: "InvalidArgument" });
    const f = `=${body}`;
    // The fake does not calculate: a formula reads as #NAME? unless it is plain arithmetic on numbers.
    const arithmetic = /^[-+*/().\d\s]+$/.test(body);
    let value: Value = "#NAME?";
    if (arithmetic) {
      try {
        value = Number(Function(`"use strict"; return (${body});`)());
      } catch {
        value = "#VALUE!";
      }
    }
    return { value, formula: f };
  }
  return { value: v };
}

export interface SeriesModel {
  /** Data labels: the series' (showValue, number format) and per point (index → text). */
  dataLabels: { showValue: boolean; numberFormat: string } | null;
  pointLabels: Map<number, string>;
  /** Where a point's label goes (Excel.ChartDataLabelPosition), where set. */
  pointPositions: Map<number, string>;
  /** A point label's font size in points, where set. */
  pointFontSizes: Map<number, number>;
  name: string;
  chartType: string;
  axisGroup: string;
  values: string;
  x: string;
  sizes: string;
  fill: string;
  line: string;
  lineStyle: string;
}
export interface AxisModel {
  title: string;
  numberFormat: string;
  positionAt: number | null;
  minimum: number | null;
  maximum: number | null;
  tickLabelSpacing?: number;
  tickLabelPosition?: string;
  majorUnit?: number;
}
export interface ChartModel {
  name: string;
  type: string;
  source: string;
  from: string;
  to: string;
  title: string;
  smallPrint: { start: number; length: number; size: number } | null;
  legend: string;
  /** Legend entries hidden (by index). */
  hiddenLegendEntries: Set<number>;
  /** Excel's default: hidden rows and columns are not plotted. */
  plotVisibleOnly: boolean;
  series: SeriesModel[];
  axes: { category: AxisModel; value: AxisModel; secondaryValue: AxisModel };
}
export interface TableModel {
  name: string;
  row: number;
  col: number;
  /** Rows including the header row, without the totals row. */
  rows: number;
  cols: number;
  /** A totals row below the data. */
  totals: boolean;
}

/** The Excel enums the add-in uses, as strings like Office.js's (install as globalThis.Excel in tests). */
export const EXCEL_ENUMS = {
  ConditionalFormatType: { containsText: "ContainsText" },
  ConditionalTextOperator: { beginsWith: "BeginsWith" },
  ChartType: { columnStacked: "ColumnStacked", bubble: "Bubble", xyscatterLinesNoMarkers: "XYScatterLinesNoMarkers", line: "Line" },
  ChartSeriesBy: { columns: "Columns" },
  ChartLegendPosition: { bottom: "Bottom" },
  ChartAxisGroup: { primary: "Primary", secondary: "Secondary" },
  ChartAxisType: { value: "Value", category: "Category" },
  ChartLineStyle: { dash: "Dash" },
  ClearApplyTo: { all: "All" },
};

class NotLoaded extends Error {
  constructor(what: string) {
    super(`PropertyNotLoaded: ${what} was read before load() and sync()`);
    this.name = "PropertyNotLoaded";
  }
}

type Pending = { bytesOut: number; run: () => number }; // run applies the op and returns bytes in the response

export class FakeContext {
  syncs = 0;
  largestRequest = 0;
  requests: number[] = [];
  suspendedCalculation = 0;
  suspendedScreen = 0;
  /** Fail the sync with this number (counting from 1, like `syncs` after it) with a GeneralException: Excel failing mid-run. */
  failAtSync: number | null = null;
  private attempts = 0;
  private queue: Pending[] = [];
  readonly workbook: FakeWorkbook;
  readonly application = {
    suspendApiCalculationUntilNextSync: () => void this.suspendedCalculation++,
    suspendScreenUpdatingUntilNextSync: () => void this.suspendedScreen++,
  };
  constructor(
    sheets: FakeSheet[],
    public payloadLimit = 5_000_000,
    /** The language of Excel's messages (codes are never localized). */
    public language: "en" | "nl" = "en",
  ) {
    this.workbook = new FakeWorkbook(this, sheets);
  }
  private payloadError(code: "RequestPayloadSizeLimitExceeded" | "ResponsePayloadSizeLimitExceeded"): Error {
    const request = code === "RequestPayloadSizeLimitExceeded";
    const message =
      this.language === "nl"
        ? `De grootte van de ${request ? "aanvraag" : "respons"}nettolading heeft de limiet overschreden.`
        : `The ${request ? "request" : "response"} payload size has exceeded the limit.`;
    return Object.assign(new Error(message), { name: "RichApi.Error", code, debugInfo: { code, message } });
  }
  enqueue(p: Pending): void {
    this.queue.push(p);
  }
  async sync(): Promise<void> {
    const q = this.queue;
    this.queue = [];
    const out = q.reduce((s, p) => s + p.bytesOut, 0);
    // Let other work run between syncs, as a real round trip to Excel does: the request goes to the
    // host and the answer comes back as a new task of the event loop, so the page (and a long-task
    // observer) sees the run in pieces, not as one long task.
    await nextTask();
    if (this.failAtSync !== null && this.syncs + 1 === this.failAtSync && this.attempts++ === 0) {
      throw Object.assign(new Error("GeneralException: An internal error has occurred."), { code: "GeneralException" });
    }
    // Too large a request is refused whole: nothing of the batch is applied.
    if (out > this.payloadLimit) throw this.payloadError("RequestPayloadSizeLimitExceeded");
    let back = 0;
    // Excel does a request's work in its own process: the page is free meanwhile. The fake does it
    // here, so it hands the event loop back every few milliseconds of its own work.
    let slice = performance.now();
    for (const p of q) {
      back += p.run();
      if (performance.now() - slice > 20) {
        await nextTask();
        slice = performance.now();
      }
    }
    if (back > this.payloadLimit) throw this.payloadError("ResponsePayloadSizeLimitExceeded");
    this.syncs++;
    this.requests.push(Math.max(out, back));
    this.largestRequest = Math.max(this.largestRequest, out, back);
  }
}

/** A new task of the event loop: setImmediate in Node, a message to itself in a browser (setTimeout clamps to 4 ms). */
function nextTask(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });
}

/**
 * The length of JSON.stringify(values), counted without making the string (the host serialises the
 * answer in its own process; the fake must not spend the page's time on it).
 */
export function jsonSize(values: Value[][] | null | undefined): number {
  if (!values) return 4;
  let n = 2 + Math.max(0, values.length - 1);
  for (const row of values) {
    n += 2 + Math.max(0, row.length - 1);
    for (const v of row) {
      if (typeof v === "number") n += Number.isFinite(v) ? String(v).length : 4;
      else if (typeof v === "string") n += v.length + 2 + (/["\\\u0000-\u001f]/.test(v) ? JSON.stringify(v).length - v.length - 2 : 0);
      else if (typeof v === "boolean") n += v ? 4 : 5;
      else n += 4;
    }
  }
  return n;
}

class FakeSettings {
  readonly store = new Map<string, unknown>();
  constructor(private ctx: FakeContext) {}
  getItemOrNullObject(key: string) {
    let known = false;
    const store = this.store;
    const item = {
      load: (_p: string) => item,
      get isNullObject(): boolean {
        if (!known) throw new NotLoaded(`Setting(${key}).isNullObject`);
        return !store.has(key);
      },
      get value(): unknown {
        if (!known) throw new NotLoaded(`Setting(${key}).value`);
        return store.get(key);
      },
    };
    this.ctx.enqueue({ bytesOut: 32, run: () => ((known = true), JSON.stringify(store.get(key) ?? null).length) });
    return item;
  }
  add(key: string, value: unknown): void {
    this.ctx.enqueue({ bytesOut: JSON.stringify(value).length, run: () => (this.store.set(key, value), 0) });
  }
}

export class FakeWorkbook {
  activeIndex = 0;
  readonly settings: FakeSettings;
  /** The selected cell on the active sheet (0-based). */
  selection = { row: 0, col: 0 };
  readonly names: FakeWorkbookNames;
  readonly worksheets: {
    getActiveWorksheet: () => FakeWorksheet;
    getItem: (name: string) => { activate: () => void; getRange: (a: string) => { select: () => void } };
    getItemOrNullObject: (name: string) => { isNullObject: boolean };
    add: (name: string) => FakeWorksheet;
  };
  constructor(
    private ctx: FakeContext,
    readonly sheets: FakeSheet[],
  ) {
    this.names = new FakeWorkbookNames(ctx, this);
    this.worksheets = {
      getActiveWorksheet: () => new FakeWorksheet(ctx, this.sheets[this.activeIndex]!, this),
      getItemOrNullObject: (name: string) => {
        let known = false;
        ctx.enqueue({ bytesOut: 32, run: () => ((known = true), 16) });
        const sheets = this.sheets;
        return {
          get isNullObject(): boolean {
            if (!known) throw new NotLoaded(`Worksheet(${name}).isNullObject`);
            return !sheets.some((x) => x.name.toLowerCase() === name.toLowerCase());
          },
        };
      },
      add: (name: string) => {
        const sheet = new FakeSheet(name);
        ctx.enqueue({
          bytesOut: 48,
          run: () => {
            if (this.sheets.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw new Error(`ItemAlreadyExists: sheet ${name}`);
            this.sheets.push(sheet);
            return 0;
          },
        });
        return new FakeWorksheet(ctx, sheet, this);
      },
      getItem: (name: string) => {
        const index = this.sheets.findIndex((s) => s.name === name);
        return {
          activate: () => ctx.enqueue({ bytesOut: 32, run: () => ((this.activeIndex = index < 0 ? (() => { throw new Error(`ItemNotFound: sheet ${name}`); })() : index), 0) }),
          getRange: (a: string) => ({
            select: () =>
              ctx.enqueue({
                bytesOut: 32,
                run: () => {
                  const m = /^([A-Z]+)(\d+)$/.exec(a)!;
                  const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
                  this.selection = { row: Number(m[2]) - 1, col };
                  return 0;
                },
              }),
          }),
        };
      },
    };
    this.settings = new FakeSettings(ctx);
  }
  getSelectedRange(): { getSurroundingRegion: () => FakeRange; getTables: (fullyContained?: boolean) => FakeTables } {
    const s = this.sheets[this.activeIndex]!;
    const sel = this.selection;
    return {
      getSurroundingRegion: () => new FakeRange(this.ctx, s, () => s.regionAround(sel.row, sel.col)),
      getTables: () => new FakeTables(this.ctx, s, (t) => sel.row >= t.row && sel.row < t.row + t.rows + (t.totals ? 1 : 0) && sel.col >= t.col && sel.col < t.col + t.cols),
    };
  }
}

/** A proxy's loaded state: properties requested by load() become readable after the next sync. */
class Loadable {
  protected loaded = new Map<string, unknown>();
  protected requested = new Set<string>();
  constructor(protected ctx: FakeContext) {}
  protected read<T>(name: string): T {
    if (!this.loaded.has(name)) throw new NotLoaded(`${this.constructor.name}.${name}`);
    return this.loaded.get(name) as T;
  }
  protected request(names: string[], snapshot: () => Record<string, unknown>, size: (v: Record<string, unknown>) => number = () => 64): void {
    this.ctx.enqueue({
      bytesOut: 64,
      run: () => {
        const snap = snapshot();
        for (const n of names) this.loaded.set(n, snap[n]);
        return size(snap);
      },
    });
  }
}

class FakeWorksheet extends Loadable {
  readonly protection: FakeProtection;
  readonly names: FakeNames;
  readonly charts: FakeCharts;
  constructor(
    ctx: FakeContext,
    readonly s: FakeSheet,
    private workbook: FakeWorkbook | null = null,
  ) {
    super(ctx);
    this.protection = new FakeProtection(ctx, s);
    this.names = new FakeNames(ctx, s, this);
    this.charts = new FakeCharts(ctx, s);
    const set = (f: () => void) => ctx.enqueue({ bytesOut: 32, run: () => (f(), 0) });
    const page = s.page;
    const margin = (side: string) => ({
      set(v: number) { set(() => (page.margins[side] = v)); },
      get(): number { throw new NotLoaded(`pageLayout.${side}Margin`); },
    });
    this.pageLayout = Object.defineProperties(
      {
        setPrintArea: (r: FakeRange) => set(() => (page.printArea = addressOf(r))),
      },
      {
        orientation: { set: (v: string) => set(() => (page.orientation = v)), get: () => { throw new NotLoaded("pageLayout.orientation"); } },
        paperSize: { set: (v: string) => set(() => (page.paperSize = v)), get: () => { throw new NotLoaded("pageLayout.paperSize"); } },
        zoom: { set: (v: { horizontalFitToPages?: number; verticalFitToPages?: number }) => set(() => (page.zoom = { ...v })), get: () => { throw new NotLoaded("pageLayout.zoom"); } },
        leftMargin: margin("left"),
        rightMargin: margin("right"),
        topMargin: margin("top"),
        bottomMargin: margin("bottom"),
        headerMargin: margin("header"),
        footerMargin: margin("footer"),
      },
    ) as FakeWorksheet["pageLayout"];
    this.horizontalPageBreaks = {
      // A break goes above the range's first row.
      add: (r: FakeRange) => set(() => {
        const row = r.area().row;
        if (!s.rowBreaks.includes(row)) s.rowBreaks = [...s.rowBreaks, row].sort((a, b) => a - b);
      }),
      removePageBreaks: () => set(() => (s.rowBreaks = [])),
    };
  }
  readonly pageLayout: { setPrintArea: (r: FakeRange) => void; orientation: string; paperSize: string; zoom: { horizontalFitToPages?: number; verticalFitToPages?: number }; leftMargin: number; rightMargin: number; topMargin: number; bottomMargin: number; headerMargin: number; footerMargin: number };
  readonly horizontalPageBreaks: { add: (r: FakeRange) => void; removePageBreaks: () => void };
  get name(): string {
    return this.read("name");
  }
  load(props: string | string[]): this {
    const names = Array.isArray(props) ? props : props.split(",").map((p) => p.trim());
    this.request(names, () => ({ name: this.s.name }));
    return this;
  }
  getUsedRange(_valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.ctx, this.s, () => {
      const b = this.s.usedBounds();
      return b ?? { row: 0, col: 0, rows: 1, cols: 1 };
    });
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.ctx, this.s, () => ({ row, col, rows, cols }), () => this.s, this.workbook);
  }
}

class FakeProtection extends Loadable {
  constructor(ctx: FakeContext, private s: FakeSheet) {
    super(ctx);
  }
  get protected(): boolean {
    return this.read("protected");
  }
  load(_p: string): this {
    this.request(["protected"], () => ({ protected: this.s.isProtected }));
    return this;
  }
}


export class FakeRange extends Loadable {
  readonly format: { font: { bold: boolean; size: number }; columnWidth: number; rowHeight: number; wrapText: boolean; verticalAlignment: string };
  readonly conditionalFormats: { clearAll: () => void; add: (type: string) => { textComparison: { format: { fill: { color: string } }; rule: { operator: string; text: string } } } };
  private known = false;
  constructor(
    ctx: FakeContext,
    sheet: FakeSheet | null,
    private where: () => { row: number; col: number; rows: number; cols: number },
    /** For a range from a name: the sheet it is on now (null when the name no longer refers to one). */
    private resolve: () => FakeSheet | null = () => sheet,
    private workbook: FakeWorkbook | null = null,
  ) {
    super(ctx);
    const range = this;
    const key = () => {
      const w = range.where();
      return `${w.row},${w.col},${w.rows},${w.cols}`;
    };
    this.conditionalFormats = {
      clearAll: () => range.ctx.enqueue({ bytesOut: 32, run: () => (range.sheetModel.conditional.delete(key()), 0) }),
      add: (type: string) => {
        if (type === "ColorScale") {
          return {
            colorScale: {
              set criteria(c: unknown) {
                range.ctx.enqueue({ bytesOut: 160, run: () => (range.sheetModel.colourScales.set(key(), c), 0) });
              },
              get criteria(): unknown {
                throw new NotLoaded("colorScale.criteria");
              },
            },
          } as never;
        }
        if (type !== "ContainsText") throw new Error(`fake: conditional format ${type} not modelled`);
        const rule = { text: "", operator: "", fill: "" };
        range.ctx.enqueue({ bytesOut: 96, run: () => (range.sheetModel.conditional.set(key(), [...(range.sheetModel.conditional.get(key()) ?? []), rule]), 0) });
        return {
          textComparison: {
            format: { fill: { set color(c: string) { rule.fill = c; }, get color(): string { throw new NotLoaded("fill.color"); } } },
            set rule(r: { operator: string; text: string }) { rule.operator = r.operator; rule.text = r.text; },
            get rule(): { operator: string; text: string } { throw new NotLoaded("textComparison.rule"); },
          },
        };
      },
    };
    const setEach = (f: (key: string) => void) =>
      range.ctx.enqueue({
        bytesOut: 32,
        run: () => {
          const w = range.where();
          for (let i = 0; i < w.rows; i++) for (let j = 0; j < w.cols; j++) f(cellKey(w.row + i, w.col + j));
          return 0;
        },
      });
    this.format = {
      get rowHeight(): number {
        throw new NotLoaded("format.rowHeight");
      },
      set rowHeight(v: number) {
        range.ctx.enqueue({ bytesOut: 32, run: () => {
          const w = range.where();
          for (let i = 0; i < w.rows; i++) v === 15 ? range.sheetModel.rowHeights.delete(w.row + i) : range.sheetModel.rowHeights.set(w.row + i, v);
          return 0;
        } });
      },
      get wrapText(): boolean {
        throw new NotLoaded("format.wrapText");
      },
      set wrapText(v: boolean) {
        setEach((k) => (v ? range.sheetModel.wrapped.add(k) : range.sheetModel.wrapped.delete(k)));
      },
      get verticalAlignment(): string {
        throw new NotLoaded("format.verticalAlignment");
      },
      set verticalAlignment(_v: string) {
        setEach(() => undefined);
      },
      get columnWidth(): number {
        throw new NotLoaded("format.columnWidth");
      },
      set columnWidth(v: number) {
        range.ctx.enqueue({ bytesOut: 32, run: () => (range.sheetModel.columnWidths.set(range.where().col, v), 0) });
      },
      font: {
        get size(): number {
          throw new NotLoaded("format.font.size");
        },
        set size(v: number) {
          setEach((k) => range.sheetModel.fontSize.set(k, v));
        },
        get bold(): boolean {
          throw new NotLoaded("format.font.bold");
        },
        set bold(v: boolean) {
          range.ctx.enqueue({
            bytesOut: 32,
            run: () => {
              const w = range.where();
              for (let i = 0; i < w.rows; i++) for (let j = 0; j < w.cols; j++) v ? range.sheetModel.bold.add(cellKey(w.row + i, w.col + j)) : range.sheetModel.bold.delete(cellKey(w.row + i, w.col + j));
              return 0;
            },
          });
        },
      },
    };
  }
  get sheetModel(): FakeSheet {
    const sheet = this.resolve();
    if (!sheet) throw new Error("InvalidReference: the range's sheet is gone");
    return sheet;
  }
  area(): { row: number; col: number; rows: number; cols: number } {
    return this.where();
  }
  /** Known after a sync, like Excel's: true when a name's range no longer exists. */
  get isNullObject(): boolean {
    if (!this.known) throw new NotLoaded("Range.isNullObject");
    return this.resolve() === null;
  }
  get worksheet(): FakeWorksheet {
    return new FakeWorksheet(this.ctx, this.sheetModel, this.workbook);
  }
  /** The merged areas within the range, as Excel's RangeAreas (null object when there are none). */
  getMergedAreasOrNullObject(): { isNullObject: boolean; address: string; load: (p: string) => void } {
    let found: string | null | undefined;
    const range = this;
    return {
      load: () =>
        range.ctx.enqueue({
          bytesOut: 32,
          run: () => {
            const w = range.where();
            const hits = range.sheetModel.merged.filter((m) => m.row < w.row + w.rows && m.row + m.rows > w.row && m.col < w.col + w.cols && m.col + m.cols > w.col);
            found = hits.length ? hits.map((m) => `${range.sheetModel.name}!${columnLetter(m.col)}${m.row + 1}:${columnLetter(m.col + m.cols - 1)}${m.row + m.rows}`).join(",") : null;
            return 64;
          },
        }),
      get isNullObject(): boolean {
        if (found === undefined) throw new NotLoaded("RangeAreas.isNullObject");
        return found === null;
      },
      get address(): string {
        if (found === undefined || found === null) throw new NotLoaded("RangeAreas.address");
        return found;
      },
    };
  }
  /**
   * Range.merge: each row apart (`across`) or the whole range. As in Excel, only the upper-left cell of
   * a merged area keeps its value; the others' values are lost. A merge partly over an existing merged
   * area fails, as Excel's does.
   */
  merge(across = false): void {
    this.ctx.enqueue({
      bytesOut: 32,
      run: () => {
        const w = this.where();
        const s = this.sheetModel;
        const areas = across ? Array.from({ length: w.rows }, (_, i) => ({ row: w.row + i, col: w.col, rows: 1, cols: w.cols })) : [{ ...w }];
        for (const a of areas) {
          const clash = s.merged.find((m) => m.row < a.row + a.rows && m.row + m.rows > a.row && m.col < a.col + a.cols && m.col + m.cols > a.col);
          if (clash) throw Object.assign(new Error("InvalidOperation: cannot merge cells overlapping a merged area"), { code: "InvalidOperation" });
          for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) if (i || j) s.set(a.row + i, a.col + j, "");
          if (a.rows * a.cols > 1) s.merged.push(a);
        }
        return 0;
      },
    });
  }
  /** Range.unmerge: every merged area meeting the range is split again. (Range.clear does not unmerge here: the docs do not say it does.) */
  unmerge(): void {
    this.ctx.enqueue({
      bytesOut: 32,
      run: () => {
        const w = this.where();
        const s = this.sheetModel;
        s.merged = s.merged.filter((m) => !(m.row < w.row + w.rows && m.row + m.rows > w.row && m.col < w.col + w.cols && m.col + m.cols > w.col));
        return 0;
      },
    });
  }
  /** Range.columnHidden (set): hides or shows the range's columns. */
  set columnHidden(v: boolean) {
    this.ctx.enqueue({
      bytesOut: 32,
      run: () => {
        const w = this.where();
        for (let j = 0; j < w.cols; j++) v ? this.sheetModel.hiddenColumns.add(w.col + j) : this.sheetModel.hiddenColumns.delete(w.col + j);
        return 0;
      },
    });
  }
  get columnHidden(): boolean {
    throw new NotLoaded("Range.columnHidden");
  }
  /** Range.delete: only whole columns shifted left are modelled (what a user does with Delete Column). */
  delete(shift: string): void {
    this.ctx.enqueue({
      bytesOut: 32,
      run: () => {
        const w = this.where();
        if (shift !== "Left" || w.row !== 0 || w.rows < 1_048_576) throw new Error("fake: only deleting whole columns (shift Left) is modelled");
        this.sheetModel.deleteColumns(w.col, w.cols);
        return 0;
      },
    });
  }
  /** Clear values and formats (the add-in clears only what it owns). */
  clear(_applyTo?: string): void {
    this.ctx.enqueue({
      bytesOut: 32,
      run: () => {
        const w = this.where();
        const s = this.sheetModel;
        for (let i = 0; i < w.rows; i++)
          for (let j = 0; j < w.cols; j++) {
            const k = cellKey(w.row + i, w.col + j);
            s.cells.delete(k);
            s.formats.delete(k);
            s.formulas.delete(k);
            s.quotePrefix.delete(k);
            s.bold.delete(k);
            s.fontSize.delete(k);
            s.wrapped.delete(k);
          }
        // Conditional formats of ranges inside the cleared area go with it.
        for (const m of [s.conditional, s.colourScales]) {
          for (const k of [...m.keys()]) {
            const [r, c, rs, cs] = k.split(",").map(Number) as [number, number, number, number];
            if (r >= w.row && c >= w.col && r + rs <= w.row + w.rows && c + cs <= w.col + w.cols) m.delete(k);
          }
        }
        return 0;
      },
    });
  }
  load(props: string | string[]): this {
    const names = Array.isArray(props) ? props : props.split(",").map((p) => p.trim());
    this.ctx.enqueue({ bytesOut: 0, run: () => ((this.known = true), 0) });
    this.request(
      names,
      () => {
        if (this.resolve() === null) return {}; // a null object loads nothing
        const w = this.where();
        const sheet = this.sheetModel;
        const values: Value[][] = new Array(w.rows);
        for (let i = 0; i < w.rows; i++) {
          const row: Value[] = new Array(w.cols);
          for (let j = 0; j < w.cols; j++) row[j] = sheet.get(w.row + i, w.col + j);
          values[i] = row;
        }
        return {
          address: `${this.sheetModel.name}!${columnLetter(w.col)}${w.row + 1}:${columnLetter(w.col + w.cols - 1)}${w.row + w.rows}`,
          rowIndex: w.row,
          columnIndex: w.col,
          rowCount: w.rows,
          columnCount: w.cols,
          values,
        };
      },
      (snap) => (names.includes("values") ? jsonSize(snap.values as Value[][]) : 64),
    );
    return this;
  }
  get address(): string { return this.read("address"); }
  get rowIndex(): number { return this.read("rowIndex"); }
  get columnIndex(): number { return this.read("columnIndex"); }
  get rowCount(): number { return this.read("rowCount"); }
  get columnCount(): number { return this.read("columnCount"); }
  get values(): Value[][] { return this.read("values"); }
  set values(v: Value[][]) {
    this.ctx.enqueue({
      bytesOut: JSON.stringify(v).length,
      run: () => {
        const w = this.where();
        if (v.length !== w.rows || v.some((r) => r.length !== w.cols)) throw new Error(`InvalidArgument: ${v.length}×${v[0]?.length} values for a ${w.rows}×${w.cols} range`);
        const s = this.sheetModel;
        // What Excel makes of each value (an invalid formula fails the request before this write).
        const made = v.map((r, i) => r.map((x, j) => (x === null || x === undefined ? null : typeof x === "string" ? excelInput(x, s.formats.at(w.row + i, w.col + j)) : { value: x })));
        made.forEach((r, i) =>
          r.forEach((m, j) => {
            if (m === null) return; // null leaves the cell as it is
            const k = cellKey(w.row + i, w.col + j);
            s.set(w.row + i, w.col + j, m.value);
            if (m.formula) s.formulas.set(k, m.formula);
            else s.formulas.delete(k);
            if (m.quotePrefix) s.quotePrefix.add(k);
            else s.quotePrefix.delete(k);
          }),
        );
        return 0;
      },
    });
  }
  get numberFormat(): string[][] { return this.read("numberFormat"); }
  set numberFormat(f: string[][]) {
    this.ctx.enqueue({
      bytesOut: JSON.stringify(f).length,
      run: () => {
        const w = this.where();
        if (f.length !== w.rows || f.some((r) => r.length !== w.cols)) throw new Error("InvalidArgument: numberFormat shape");
        const formats = this.sheetModel.formats;
        f.forEach((r, i) => r.forEach((x, j) => formats.setAt(w.row + i, w.col + j, x)));
        return 0;
      },
    });
  }
}

/** A sheet-scoped name: `type` is "Error" (value #REF!) once its cells were deleted, and its range a null object. */
class FakeNamedItem extends Loadable {
  isNullObject = false;
  constructor(ctx: FakeContext, private s: FakeSheet, private key: string) {
    super(ctx);
  }
  private model(): NameModel {
    const n = this.s.names.get(this.key);
    if (!n) throw Object.assign(new Error(`ItemNotFound: name ${this.key}`), { code: "ItemNotFound" });
    return n;
  }
  load(props: string | string[]): this {
    const names = Array.isArray(props) ? props : props.split(",").map((p) => p.trim());
    this.request(names, () => {
      const n = this.model();
      return { name: this.key, type: n.broken ? "Error" : "Range", value: n.broken ? "#REF!" : `${this.s.name}!${columnLetter(n.col)}${n.row + 1}`, visible: n.visible };
    });
    return this;
  }
  /** For the collection's load. */
  markLoaded(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) this.loaded.set(k, v);
  }
  get name(): string { return this.read("name"); }
  get type(): string { return this.read("type"); }
  get value(): string { return this.read("value"); }
  set visible(v: boolean) {
    this.ctx.enqueue({ bytesOut: 32, run: () => ((this.model().visible = v), 0) });
  }
  delete(): void {
    this.ctx.enqueue({ bytesOut: 32, run: () => (this.model(), this.s.names.delete(this.key), 0) });
  }
  getRangeOrNullObject(): FakeRange {
    const alive = () => {
      const n = this.s.names.get(this.key);
      return n && !n.broken ? n : null;
    };
    return new FakeRange(
      this.ctx,
      this.s,
      () => {
        const n = alive()!;
        return { row: n.row, col: n.col, rows: n.rows ?? 1, cols: n.cols ?? 1 };
      },
      () => {
        const n = alive();
        return n ? (n.elsewhere ?? this.s) : null;
      },
    );
  }
}

class FakeNames {
  private loadedItems: FakeNamedItem[] | null = null;
  constructor(private ctx: FakeContext, private s: FakeSheet, private sheet: FakeWorksheet) {}
  getItemOrNullObject(name: string): FakeNamedItem {
    const item = new FakeNamedItem(this.ctx, this.s, name);
    // isNullObject becomes known at the next sync
    let known = false;
    this.ctx.enqueue({ bytesOut: 32, run: () => ((known = true), (item.isNullObject = !this.s.names.has(name)), 16) });
    Object.defineProperty(item, "isNullObject", {
      get: () => {
        if (!known) throw new NotLoaded(`NamedItem(${name}).isNullObject`);
        return !this.s.names.has(name);
      },
      set: () => undefined,
    });
    return item;
  }
  /** A name by its name; a missing one fails at the next sync (ItemNotFound). */
  getItem(name: string): FakeNamedItem {
    return new FakeNamedItem(this.ctx, this.s, name);
  }
  /** The sheet's names with name, type and value (visible ones and hidden ones alike). */
  load(_props: string): this {
    this.ctx.enqueue({
      bytesOut: 32,
      run: () => {
        this.loadedItems = [...this.s.names].map(([key, n]) => {
          const item = new FakeNamedItem(this.ctx, this.s, key);
          item.markLoaded({ name: key, type: n.broken ? "Error" : "Range", value: n.broken ? "#REF!" : `${this.s.name}!${columnLetter(n.col)}${n.row + 1}`, visible: n.visible });
          return item;
        });
        return 64 * this.s.names.size;
      },
    });
    return this;
  }
  get items(): FakeNamedItem[] {
    if (!this.loadedItems) throw new NotLoaded("names.items");
    return this.loadedItems;
  }
  add(name: string, ref: FakeRange, comment = ""): FakeNamedItem {
    this.ctx.enqueue({
      bytesOut: 64 + comment.length,
      run: () => {
        // Names are case-insensitive in Excel.
        if ([...this.s.names.keys()].some((k) => k.toLowerCase() === name.toLowerCase())) throw Object.assign(new Error(`ItemAlreadyExists: name ${name}`), { code: "ItemAlreadyExists" });
        const w = ref.area();
        this.s.names.set(name, { row: w.row, col: w.col, rows: w.rows, cols: w.cols, visible: true, comment });
        return 0;
      },
    });
    void this.sheet;
    return new FakeNamedItem(this.ctx, this.s, name);
  }
}

/** "Sheet!A1:B2" of a fake range, at the time the queued operation runs. */
function addressOf(r: FakeRange): string {
  const w = r.area();
  return `${r.sheetModel.name}!${columnLetter(w.col)}${w.row + 1}:${columnLetter(w.col + w.cols - 1)}${w.row + w.rows}`;
}

function newAxis(): AxisModel {
  return { title: "", numberFormat: "General", positionAt: null, minimum: null, maximum: null };
}

class FakeAxis {
  readonly title: { text: string };
  constructor(private ctx: FakeContext, private chart: () => ChartModel, private which: keyof ChartModel["axes"]) {
    const axis = this;
    this.title = {
      set text(t: string) { axis.set((a) => (a.title = t)); },
      get text(): string { throw new NotLoaded("axis.title.text"); },
    };
  }
  private set(f: (a: AxisModel) => void): void {
    this.ctx.enqueue({ bytesOut: 48, run: () => (f(this.chart().axes[this.which]), 0) });
  }
  set numberFormat(v: string) { this.set((a) => (a.numberFormat = v)); }
  set tickLabelSpacing(v: number) { this.set((a) => (a.tickLabelSpacing = v)); }
  set tickLabelPosition(v: string) { this.set((a) => (a.tickLabelPosition = v)); }
  set minimum(v: number) { this.set((a) => (a.minimum = v)); }
  set maximum(v: number) { this.set((a) => (a.maximum = v)); }
  // ChartAxis.majorUnit: the distance between ticks; Excel refuses 0, a negative or a non-number.
  set majorUnit(v: number) {
    this.set((a) => {
      if (!(v > 0) || !Number.isFinite(v)) throw Object.assign(new Error(`InvalidArgument: majorUnit ${v}`), { code: "InvalidArgument" });
      a.majorUnit = v;
    });
  }
  setPositionAt(v: number): void { this.set((a) => (a.positionAt = v)); }
}

class FakeSeries {
  readonly format: { fill: { setSolidColor: (c: string) => void }; line: { color: string; lineStyle: string } };
  private resolved: SeriesModel | null = null;
  private series: () => SeriesModel;
  constructor(private ctx: FakeContext, find: () => SeriesModel, private chart: () => ChartModel) {
    // A series proxy stays with the series it first found, also when others are deleted before it.
    this.series = () => (this.resolved ??= find());
    const me = this;
    this.format = {
      fill: { setSolidColor: (c: string) => me.set((s) => (s.fill = c)) },
      line: {
        set color(c: string) { me.set((s) => (s.line = c)); },
        get color(): string { throw new NotLoaded("series.format.line.color"); },
        set lineStyle(v: string) { me.set((s) => (s.lineStyle = v)); },
        get lineStyle(): string { throw new NotLoaded("series.format.line.lineStyle"); },
      },
    };
  }
  private set(f: (s: SeriesModel) => void): void {
    this.ctx.enqueue({ bytesOut: 48, run: () => (f(this.series()), 0) });
  }
  set name(v: string) { this.set((s) => (s.name = v)); }
  get name(): string { throw new NotLoaded("series.name"); }
  set chartType(v: string) { this.set((s) => (s.chartType = v)); }
  set axisGroup(v: string) { this.set((s) => (s.axisGroup = v)); }
  set gapWidth(_v: number) { this.set(() => undefined); }
  set hasDataLabels(v: boolean) { this.set((s) => (s.dataLabels = v ? (s.dataLabels ?? { showValue: false, numberFormat: "General" }) : null)); }
  get dataLabels(): { showValue: boolean; numberFormat: string } {
    const me = this;
    const on = (f: (d: { showValue: boolean; numberFormat: string }) => void) =>
      me.set((s) => {
        if (!s.dataLabels) throw Object.assign(new Error("InvalidOperation: the series has no data labels (set hasDataLabels first)"), { code: "InvalidOperation" });
        f(s.dataLabels);
      });
    return {
      set showValue(v: boolean) { on((d) => (d.showValue = v)); },
      get showValue(): boolean { throw new NotLoaded("dataLabels.showValue"); },
      set numberFormat(v: string) { on((d) => (d.numberFormat = v)); },
      get numberFormat(): string { throw new NotLoaded("dataLabels.numberFormat"); },
    };
  }
  /** Points: a label's text per point (a point past the series' values fails, as in Excel). */
  get points(): { getItemAt: (k: number) => { hasDataLabel: boolean; dataLabel: { text: string; position: string; format: { font: { size: number } } } } } {
    const me = this;
    return {
      getItemAt: (k: number) => {
        const check = (s: SeriesModel) => {
          const m = /![A-Z]+(\d+):[A-Z]+(\d+)$/.exec(s.values);
          const n = m ? Number(m[2]) - Number(m[1]) + 1 : 0;
          if (k >= n) throw Object.assign(new Error(`ItemNotFound: the series has no point ${k}`), { code: "ItemNotFound" });
        };
        return {
          set hasDataLabel(v: boolean) { me.set((s) => { check(s); if (!v) s.pointLabels.delete(k); }); },
          get hasDataLabel(): boolean { throw new NotLoaded("point.hasDataLabel"); },
          dataLabel: {
            set text(t: string) { me.set((s) => { check(s); s.pointLabels.set(k, t); }); },
            get text(): string { throw new NotLoaded("dataLabel.text"); },
            // Excel.ChartDataLabelPosition: a bubble's or a scatter point's label takes Center, Left,
            // Right, Top or Bottom; any other place (OutsideEnd, BestFit, ...) fails, as in Excel.
            set position(p: string) {
              me.set((s) => {
                check(s);
                if (!["Center", "Left", "Right", "Top", "Bottom"].includes(p)) throw Object.assign(new Error(`InvalidArgument: a data label of this chart type cannot go at ${p}`), { code: "InvalidArgument" });
                s.pointPositions.set(k, p);
              });
            },
            get position(): string { throw new NotLoaded("dataLabel.position"); },
            // ChartDataLabelFormat (ExcelApi 1.8): the label's font size in points.
            format: {
              font: {
                set size(v: number) {
                  me.set((s) => {
                    check(s);
                    if (!(v >= 1 && v <= 409)) throw Object.assign(new Error(`InvalidArgument: font size ${v}`), { code: "InvalidArgument" });
                    s.pointFontSizes.set(k, v);
                  });
                },
                get size(): number { throw new NotLoaded("dataLabel.format.font.size"); },
              },
            },
          },
        };
      },
    };
  }
  setValues(r: FakeRange): void { this.set((s) => (s.values = addressOf(r))); }
  setXAxisValues(r: FakeRange): void { this.set((s) => (s.x = addressOf(r))); }
  setBubbleSizes(r: FakeRange): void { this.set((s) => (s.sizes = addressOf(r))); }
  delete(): void {
    this.ctx.enqueue({ bytesOut: 32, run: () => {
      const m = this.chart();
      const s = this.series();
      m.series = m.series.filter((x) => x !== s);
      return 0;
    } });
  }
}

export class FakeChart extends Loadable {
  readonly title: { text: string; getSubstring: (start: number, length: number) => { font: { size: number } } };
  readonly legend: { position: string; legendEntries: { getItemAt: (k: number) => { visible: boolean } } };
  readonly series: { getItemAt: (i: number) => FakeSeries; add: (name: string) => FakeSeries; load: (p: string) => void; readonly count: number };
  readonly axes: { categoryAxis: FakeAxis; valueAxis: FakeAxis; getItem: (type: string, group: string) => FakeAxis };
  constructor(ctx: FakeContext, private sheetModel: FakeSheet, private model: () => ChartModel) {
    super(ctx);
    const me = this;
    const set = (f: (m: ChartModel) => void) => ctx.enqueue({ bytesOut: 48, run: () => (f(me.model()), 0) });
    this.title = {
      set text(t: string) { set((m) => (m.title = t)); },
      get text(): string { throw new NotLoaded("chart.title.text"); },
      getSubstring: (start: number, length: number) => ({
        font: {
          set size(v: number) { set((m) => (m.smallPrint = { start, length, size: v })); },
          get size(): number { throw new NotLoaded("font.size"); },
        },
      }),
    };
    this.legend = {
      set position(p: string) { set((m) => (m.legend = p)); },
      get position(): string { throw new NotLoaded("legend.position"); },
      legendEntries: {
        getItemAt: (k: number) => ({
          set visible(v: boolean) {
            set((m) => {
              if (k >= m.series.length) throw Object.assign(new Error(`ItemNotFound: the legend has no entry ${k}`), { code: "ItemNotFound" });
              v ? m.hiddenLegendEntries.delete(k) : m.hiddenLegendEntries.add(k);
            });
          },
          get visible(): boolean { throw new NotLoaded("legendEntry.visible"); },
        }),
      },
    };
    let count: number | null = null;
    this.series = {
      getItemAt: (i: number) =>
        new FakeSeries(
          ctx,
          () => {
            const found = me.model().series[i];
            if (!found) throw Object.assign(new Error(`ItemNotFound: the chart has no series ${i}`), { code: "ItemNotFound" });
            return found;
          },
          me.model,
        ),
      add: (name: string) => {
        const made = newSeries(name, "");
        set((m) => m.series.push(made));
        return new FakeSeries(ctx, () => made, me.model);
      },
      load: (_p: string) => ctx.enqueue({ bytesOut: 32, run: () => ((count = me.model().series.length), 16) }),
      get count(): number {
        if (count === null) throw new NotLoaded("series.count");
        return count;
      },
    };
    this.axes = {
      categoryAxis: new FakeAxis(ctx, me.model, "category"),
      valueAxis: new FakeAxis(ctx, me.model, "value"),
      getItem: (type: string, group: string) => {
        if (type !== "Value" || group !== "Secondary") throw new Error(`fake: axis ${type}/${group} not modelled`);
        return new FakeAxis(ctx, me.model, "secondaryValue");
      },
    };
  }
  get name(): string { return this.read("name"); }
  set name(v: string) { this.ctx.enqueue({ bytesOut: 48, run: () => ((this.model().name = v), 0) }); }
  set plotVisibleOnly(v: boolean) { this.ctx.enqueue({ bytesOut: 32, run: () => ((this.model().plotVisibleOnly = v), 0) }); }
  get plotVisibleOnly(): boolean { throw new NotLoaded("chart.plotVisibleOnly"); }
  setPosition(from: FakeRange, to: FakeRange): void {
    this.ctx.enqueue({ bytesOut: 64, run: () => {
      const m = this.model();
      m.from = addressOf(from);
      m.to = addressOf(to);
      return 0;
    } });
  }
  delete(): void {
    this.ctx.enqueue({ bytesOut: 32, run: () => {
      const m = this.model();
      this.sheetModel.charts = this.sheetModel.charts.filter((c) => c !== m);
      return 0;
    } });
  }
  /** For the collection's load. */
  markLoaded(name: string): void { this.loaded.set("name", name); }
}

function newSeries(name: string, values: string): SeriesModel {
  return { name, chartType: "", axisGroup: "Primary", values, x: "", sizes: "", fill: "", line: "", lineStyle: "", dataLabels: null, pointLabels: new Map(), pointPositions: new Map(), pointFontSizes: new Map() };
}

export class FakeCharts {
  private loadedItems: FakeChart[] | null = null;
  constructor(private ctx: FakeContext, private s: FakeSheet) {}
  add(type: string, source: FakeRange, _seriesBy: string): FakeChart {
    let model: ChartModel | null = null;
    this.ctx.enqueue({
      bytesOut: 96,
      run: () => {
        const src = addressOf(source);
        // Excel makes one series per column of the source that holds values; a blank source gives none.
        const w = source.area();
        const s = source.sheetModel;
        const series: SeriesModel[] = [];
        for (let j = 0; j < w.cols; j++) {
          let filled = false;
          for (let i = 0; i < w.rows && !filled; i++) filled = s.get(w.row + i, w.col + j) !== "";
          if (filled) series.push(newSeries(`Series${series.length + 1}`, `${s.name}!${columnLetter(w.col + j)}${w.row + 1}:${columnLetter(w.col + j)}${w.row + w.rows}`));
        }
        model = {
          name: `Chart ${this.s.charts.length + 1}`, type, source: src, from: "", to: "", title: "", smallPrint: null, legend: "", hiddenLegendEntries: new Set(), plotVisibleOnly: true,
          series,
          axes: { category: newAxis(), value: newAxis(), secondaryValue: newAxis() },
        };
        this.s.charts.push(model);
        return 0;
      },
    });
    return new FakeChart(this.ctx, this.s, () => model!);
  }
  load(_props: string): this {
    this.ctx.enqueue({
      bytesOut: 32,
      run: () => {
        this.loadedItems = this.s.charts.map((m) => {
          const c = new FakeChart(this.ctx, this.s, () => m);
          c.markLoaded(m.name);
          return c;
        });
        return 32 * this.s.charts.length;
      },
    });
    return this;
  }
  get items(): FakeChart[] {
    if (!this.loadedItems) throw new NotLoaded("charts.items");
    return this.loadedItems;
  }
}

/** Workbook-scoped names: each refers to an area of a sheet (gone when the sheet is deleted). */
export class FakeWorkbookNames {
  readonly store = new Map<string, { sheet: FakeSheet; area: { row: number; col: number; rows: number; cols: number }; visible: boolean; comment: string }>();
  constructor(private ctx: FakeContext, private workbook: FakeWorkbook) {}
  getItemOrNullObject(name: string) {
    let known = false;
    const store = this.store;
    const ctx = this.ctx;
    const workbook = this.workbook;
    ctx.enqueue({ bytesOut: 32, run: () => ((known = true), 16) });
    return {
      get isNullObject(): boolean {
        if (!known) throw new NotLoaded(`NamedItem(${name}).isNullObject`);
        return !store.has(name);
      },
      delete: () => ctx.enqueue({ bytesOut: 32, run: () => (store.delete(name), 0) }),
      getRangeOrNullObject: () => {
        const r = new FakeRange(ctx, null, () => store.get(name)!.area, () => store.get(name)?.sheet ?? null, workbook);
        return r;
      },
    };
  }
  add(name: string, ref: FakeRange, comment = "") {
    const item = { visible: true };
    this.ctx.enqueue({
      bytesOut: 64 + comment.length,
      run: () => {
        if ([...this.store.keys()].some((k) => k.toLowerCase() === name.toLowerCase())) throw Object.assign(new Error(`ItemAlreadyExists: name ${name}`), { code: "ItemAlreadyExists" });
        this.store.set(name, { sheet: ref.sheetModel, area: ref.area(), visible: true, comment });
        return 0;
      },
    });
    const store = this.store;
    const ctx = this.ctx;
    return {
      set visible(v: boolean) { ctx.enqueue({ bytesOut: 32, run: () => ((store.get(name)!.visible = v), 0) }); },
      get visible(): boolean { return item.visible; },
    };
  }
}

/** The tables around the selection (Range.getTables). */
class FakeTables {
  private loadedItems: FakeTable[] | null = null;
  constructor(private ctx: FakeContext, private s: FakeSheet, private touches: (t: TableModel) => boolean) {}
  load(_props: string): this {
    this.ctx.enqueue({
      bytesOut: 32,
      run: () => {
        this.loadedItems = this.s.tables.filter(this.touches).map((t) => new FakeTable(this.ctx, this.s, t));
        return 64;
      },
    });
    return this;
  }
  get items(): FakeTable[] {
    if (!this.loadedItems) throw new NotLoaded("tables.items");
    return this.loadedItems;
  }
}

/**
 * An Excel table. columns.add() at the right edge does what Excel does: the table's rows (header,
 * body and totals) get a new cell at the right, pushing whatever was there one column on.
 */
class FakeTable {
  readonly columns: { add: (index?: number, values?: unknown, name?: string) => void };
  constructor(private ctx: FakeContext, private s: FakeSheet, private t: TableModel) {
    this.columns = {
      add: (index?: number, values?: unknown, name?: string) => {
        if (index !== undefined && index !== null && index !== -1) throw new Error("fake: table columns are added at the end only");
        if (values !== undefined && values !== null) throw new Error("fake: add columns empty and write the values in blocks");
        ctx.enqueue({
          bytesOut: 64,
          run: () => {
            const at = t.col + t.cols;
            const last = t.row + t.rows + (t.totals ? 1 : 0);
            const moved = new Map<string, Value>();
            for (const [k, v] of [...s.cells]) {
              const [r, c] = k.split(",").map(Number) as [number, number];
              if (r >= t.row && r < last && c >= at) {
                s.cells.delete(k);
                moved.set(`${r},${c + 1}`, v);
              }
            }
            for (const [k, v] of moved) s.cells.set(k, v);
            t.cols++;
            s.set(t.row, at, name ?? `Column${t.cols}`);
            return 0;
          },
        });
      },
    };
  }
  get name(): string {
    return this.t.name;
  }
  get showTotals(): boolean {
    return this.t.totals;
  }
  getRange(): FakeRange {
    return new FakeRange(this.ctx, this.s, () => ({ row: this.t.row, col: this.t.col, rows: this.t.rows + (this.t.totals ? 1 : 0), cols: this.t.cols }));
  }
}

/**
 * The points a reader sees of a series: its values that are numbers, less those in hidden columns when
 * the chart plots visible cells only (Excel's default).
 */
export function drawnPoints(sheets: readonly FakeSheet[], chart: ChartModel, series: SeriesModel): number {
  const m = /^(.*)!([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(series.values);
  if (!m) return 0;
  const sheet = sheets.find((x) => x.name === m[1]);
  if (!sheet) return 0;
  const col = columnIndex(m[2]!);
  const [r0, r1] = [Number(m[3]) - 1, Number(m[5]) - 1];
  if (chart.plotVisibleOnly && sheet.hiddenColumns.has(col)) return 0;
  let n = 0;
  for (let r = r0; r <= r1; r++) if (typeof sheet.get(r, col) === "number") n++;
  return n;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
