/**
 * A large CSV customer table read straight into columns (a {@link ColumnTable}), without a string per
 * number or an array per row: each cell the engine reads as a number in a common shape (`6656,25`,
 * `64`, `-0.5`) is kept as a double, and its text is not kept where the double gives it back exactly;
 * other text (names, branches, `1.234,50`, `#N/A`) is kept as written. `cell(r, j)` gives the same
 * value a row array would hold, so every message and every reading is the same as from rows (tests
 * compare the two on real export shapes).
 *
 * A million-row table read as rows held eight million strings that survived two copies by the
 * garbage collector; read into columns it holds the names and a few branch names (repeated text of
 * a column with few different values is kept once).
 *
 * @example
 * const b = new ColumnTableBuilder(["Klant", "Omzet"], 2);
 * b.add(["Jansen", "1234,5"], 2);
 * const t = b.table();
 * t.cell(1, 1)           // "1234,5"
 * t.quick(1)?.values[0]  // 1234.5
 */
import { quickParse } from "../engine/reading/numbers.js";
import { ownText } from "../engine/reading/memory.js";
import type { Cell, ColumnTable } from "../engine/reading/table.js";
import { BLANK_ROW, readCsvFile, type CsvEncoding } from "./csv.js";

/** Different texts a column keeps once each before it stops looking (a column of names never repeats much). */
const INTERN_LIMIT = 1000;

class Column {
  values: Float64Array;
  /** Texts kept, by data row (holes where the cell is blank or its number gives the text back). */
  readonly texts: (string | undefined)[] = [];
  readonly seen = { dot: false, comma: false };
  /** The decimal mark of the cells kept as numbers only (0: none seen yet). */
  decimal = 0;
  /** Cells read as numbers. */
  numbers = 0;
  intern: Map<string, string> | null = new Map();
  /** The last text kept, as read and as kept. */
  lastText: string | undefined = undefined;
  lastKept: string | undefined = undefined;
  constructor(capacity: number) {
    this.values = new Float64Array(capacity).fill(NaN);
  }
}

/**
 * Whether `text`, which quickParse read as `v`, is exactly what `String(v)` gives with the column's
 * decimal mark: no leading or trailing zeros, no plus, at most 15 significant digits (those a double
 * gives back unchanged) and no exponent notation. Only then can the text be dropped.
 */
function givesBack(text: string, v: number, col: Column): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (v === 0) return n === 1 && text === "0";
  if (Math.abs(v) < 1e-6) return false;
  // Leading zeros: only "0" before a decimal mark.
  if (text.charCodeAt(i) === 48 && i + 1 < n && text.charCodeAt(i + 1) !== 44 && text.charCodeAt(i + 1) !== 46) return false;
  let significant = 0;
  let started = false;
  let mark = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 46) {
      mark = c;
      continue;
    }
    if (c !== 48) started = true;
    if (started) significant++;
  }
  if (significant > 15) return false;
  if (mark) {
    if (text.charCodeAt(n - 1) === 48) return false;
    if (col.decimal === 0) col.decimal = mark;
    else if (col.decimal !== mark) return false;
  }
  return true;
}

/**
 * Builds a {@link ColumnTable} row by row: the header first, then `add` for each data row (the row's
 * array may be reused by the caller after the call).
 */
export class ColumnTableBuilder {
  private readonly columns: Column[] = [];
  private lengths = new Uint16Array(1024);
  private rows = 0;
  private capacity = 1024;
  private widest: number;
  /**
   * `width`: columns beyond it are dropped (this tool's own result columns of an earlier run).
   * `internAll`: every text is kept once however many different ones a column has (an order list's
   * customers, invoices and dates repeat line after line); else a column stops after 1,000.
   */
  private readonly header: readonly string[];
  constructor(
    header: readonly string[],
    private readonly width: number,
    private readonly internAll = false,
  ) {
    // Copies of their own (a long header is a view of the file's first piece, see add).
    this.header = header.map(ownText);
    this.widest = Math.min(header.length, width);
  }

  add(row: readonly string[], count: number): void {
    const d = this.rows++;
    if (d === this.capacity) this.grow();
    const k = Math.min(count, this.width);
    this.lengths[d] = k;
    if (k > this.widest) this.widest = k;
    const columns = this.columns;
    while (columns.length < k) columns.push(new Column(this.capacity));
    for (let j = 0; j < k; j++) {
      const text = row[j]!;
      if (text === "") continue;
      const col = columns[j]!;
      const v = quickParse(text, col.seen);
      if (v === v) {
        col.values[d] = v;
        col.numbers++;
        if (givesBack(text, v, col)) continue;
      }
      // The text of the line before (an order's lines share date, invoice and customer) costs no lookup.
      if (text === col.lastText) {
        col.texts[d] = col.lastKept;
        continue;
      }
      const intern = col.intern;
      let kept = intern !== null ? intern.get(text) : undefined;
      if (kept === undefined) {
        // A copy of its own: a slice would keep the whole piece of the file it was cut from.
        kept = ownText(text);
        if (intern !== null) {
          if (this.internAll || intern.size < INTERN_LIMIT) intern.set(kept, kept);
          else col.intern = null;
        }
      }
      col.texts[d] = kept;
      col.lastText = text;
      col.lastKept = kept;
    }
  }

  private grow(): void {
    this.capacity *= 2;
    const lengths = new Uint16Array(this.capacity);
    lengths.set(this.lengths);
    this.lengths = lengths;
    for (const col of this.columns) {
      const values = new Float64Array(this.capacity).fill(NaN);
      values.set(col.values);
      col.values = values;
    }
  }

  /** Whether no data row has a value. */
  empty(): boolean {
    return this.columns.every((c) => c.texts.length === 0 && c.numbers === 0);
  }

  table(): ColumnTable {
    const { columns, lengths, rows } = this;
    const header = this.header.slice(0, this.width);
    for (const col of columns) {
      col.intern = null;
      col.lastText = col.lastKept = undefined;
      // Exactly as long as the table (the doubling left up to twice the room); none for a column of words.
      col.values = col.numbers ? col.values.slice(0, rows) : new Float64Array(0);
    }
    const cell = (r: number, j: number): Cell => {
      if (r === 0) return header[j];
      const d = r - 1;
      if (d < 0 || d >= rows || j >= lengths[d]!) return undefined;
      const col = columns[j]!;
      const text = col.texts[d];
      if (text !== undefined) return text;
      const v = col.numbers ? col.values[d]! : NaN;
      if (Number.isNaN(v)) return "";
      const s = String(v);
      return col.decimal === 44 ? s.replace(".", ",") : s;
    };
    return {
      kind: "columns",
      length: rows + 1,
      width: this.widest,
      cell,
      row: (r) => (r === 0 ? header.slice() : Array.from({ length: r - 1 < rows ? lengths[r - 1]! : 0 }, (_, j) => cell(r, j))),
      quick: (j) => (j < columns.length && columns[j]!.numbers ? { values: columns[j]!.values, seen: columns[j]!.seen } : null),
    };
  }
}

/** Rows read before deciding where the header is (findHeaderRow looks at 50 from the first filled row). */
const HEAD = 60;

/**
 * How a file's first rows decide its reading: the header row's index and the columns to keep (a
 * customer table, read into columns), or null (read as rows: an order list, a customer summary).
 */
export type ColumnsDecision = (head: string[][]) => { top: number; width: number; internAll?: boolean } | null;

export interface CsvTableRead {
  /** The rows, when `decide` chose rows; else the rows above the header. */
  rows: string[][];
  /** The table from the header down, when `decide` chose columns. */
  columns: ColumnTable | null;
  /** Index of the header row in the file's rows (with `columns`). */
  top: number;
  /** Whether the columns hold no data row with a value. */
  empty: boolean;
  delimiter: "," | ";" | "\t";
  encoding: CsvEncoding;
}

/**
 * Read a CSV file as {@link readCsvFile} does, into columns from the header down when `decide` says so
 * on the first rows (a customer table), else into rows.
 */
export function readCsvTable(path: string, decide: ColumnsDecision, onProgress?: (done: number) => void, piece?: number): CsvTableRead {
  let state: { rows: string[][]; builder: ColumnTableBuilder | null; top: number; decided: boolean; first: number };
  const settle = () => {
    state.decided = true;
    const choice = decide(state.rows);
    if (!choice) return;
    const { top, width, internAll } = choice;
    const builder = new ColumnTableBuilder(state.rows[top] ?? [], width, internAll);
    for (let r = top + 1; r < state.rows.length; r++) builder.add(state.rows[r]!, state.rows[r]!.length);
    state.builder = builder;
    state.top = top;
    state.rows = state.rows.slice(0, top);
  };
  const sinkFor = () => {
    state = { rows: [], builder: null, top: 0, decided: false, first: -1 };
    return (row: string[], count: number) => {
      if (state.builder) return state.builder.add(row, count);
      state.rows.push(count === 1 && row[0] === "" ? BLANK_ROW : row.slice(0, count));
      if (state.decided) return;
      if (state.first < 0 && row.some((v, j) => j < count && v !== "")) state.first = state.rows.length - 1;
      if (state.first >= 0 && state.rows.length >= state.first + HEAD) settle();
    };
  };
  const read = readCsvFile(path, piece, onProgress, sinkFor);
  if (!state!.decided) settle();
  const { rows, builder, top } = state!;
  return { rows, columns: builder?.table() ?? null, top, empty: builder?.empty() ?? true, delimiter: read.delimiter, encoding: read.encoding };
}
