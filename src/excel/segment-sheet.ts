/**
 * The Segment run on the active sheet: read the customer table, run the engine, write the result
 * columns back, without ever writing into a cell the add-in does not own.
 *
 * Ownership: each result column's header cell carries a hidden, sheet-scoped name (`_SEG_rank`, ...).
 * Excel keeps a name pointing at its cell when the user inserts, deletes or moves columns, sorts or
 * renames the sheet, so a second run finds its own columns wherever they are now (not by header text)
 * and updates them in place. A column it does not own must be completely empty before it writes there;
 * otherwise it stops with a message naming the cell and writes nothing.
 *
 * Requests are sized to stay well under Excel on the web's 5 MB payload limit, with one sync per
 * block of some thousands of rows, retried smaller when Excel still reports the payload too large.
 */
import { aggregateTransactions, columnLetter, detectTransactions, findHeaderRow, insights, type Insights, report, resolveSettings, RESULT_COLUMNS, resultCells, resultHeaders, segment, SettingsError, TableError, type Cell, type SegmentResult, type SettingsInput } from "../engine/index.js";
import { BYTES_PROBE, BYTES_READ, BYTES_WRITE, colourColumns, inBlocks, rowsPerRequest, SheetError, TARGET_PAYLOAD } from "./blocks.js";
import { refuseOwnCustomersSheet, runOrderList, type OrderListRun } from "./order-list.js";
import { writeReport } from "./report-sheet.js";

export { SheetError, TARGET_PAYLOAD };

/** Excel returns no values above 5 million cells in one read: the size is checked first. */
export const MAX_CELLS_PER_READ = 5_000_000;

/**
 * What to tell the user when a run stopped: the message itself for the problems the add-in explains
 * (sheet, table and settings errors), "Unexpected error: ..." for anything else.
 */
export function runErrorMessage(e: unknown): string {
  const known = e instanceof SheetError || e instanceof TableError || e instanceof SettingsError;
  if (known) return (e as Error).message;
  const message = (e as Error)?.message ?? String(e);
  if (/merged cell/i.test(message)) return `Excel could not write the results because of merged cells: unmerge the cells of the customer table and the columns to its right (Home > Merge & Center), then run Segment again. (${message})`;
  return `Unexpected error: ${message}`;
}

/** The result columns and their colours: the engine's, shared with the command line's workbook. */
export const OUTPUT_COLUMNS = RESULT_COLUMNS;

export const OWNER_PREFIX = "_SEG_";

export interface RunOptions {
  /** Called with a fraction (0..1) and a short label as the run progresses. */
  onProgress?: (done: number, what: string) => void;
  /** Largest payload per request, in bytes (for tests; default {@link TARGET_PAYLOAD}). */
  targetPayload?: number;
}

export interface RunResult {
  result: SegmentResult;
  sheet: string;
  address: string;
  /** 0-based sheet column of each result column, in {@link OUTPUT_COLUMNS} order. */
  outputColumns: number[];
  /** True when the columns were found from an earlier run and updated in place. */
  updatedInPlace: boolean;
  /** The add-in's summary sheet with the charts ("Segmentation"). */
  reportSheet: string;
  /** The portfolio insights of this run (profile, segment ranking, dependency, funnel). */
  insights: Insights;
  /** Set when the table was an order list: the customers were written on a sheet of their own (`sheet`). */
  orderList?: OrderListRun;
}

/**
 * Merged cells in the table or where the columns go: the engine needs one value per customer and
 * column, and Excel cannot write into part of a merged cell. Checked where the host has the API
 * (ExcelApi 1.13); elsewhere Excel's own error on the write is explained by {@link runErrorMessage}.
 */
async function checkMerged(context: Excel.RequestContext, sheet: Excel.Worksheet, top: number, left: number, rows: number, cols: number): Promise<void> {
  const supported = typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported?.("ExcelApi", "1.13");
  if (!supported) return;
  const merged = sheet.getRangeByIndexes(top, left, rows, cols).getMergedAreasOrNullObject();
  merged.load("address");
  await context.sync();
  if (!merged.isNullObject) {
    throw new SheetError(`Sheet "${sheet.name}" has merged cells in the customer table or where the add-in writes (${merged.address.replace(/^[^!]*!/, "")}): unmerge them (Home > Merge & Center) so every customer has one row and every value one cell. Nothing was written.`);
  }
}

/** Where the add-in's columns are now, from their names (null where a column was deleted or never written). */
async function findOwnedColumns(context: Excel.RequestContext, sheet: Excel.Worksheet): Promise<(number | null)[]> {
  const items = OUTPUT_COLUMNS.map((c) => sheet.names.getItemOrNullObject(OWNER_PREFIX + c.key));
  await context.sync();
  const ranges = items.map((item) => (item.isNullObject ? null : item.getRangeOrNullObject()));
  for (const r of ranges) r?.load(["columnIndex"]);
  await context.sync();
  return ranges.map((r) => (r && !r.isNullObject ? r.columnIndex : null));
}

export interface Source {
  sheet: Excel.Worksheet;
  /** The Excel table the selection is in, if any. */
  table: Excel.Table | null;
  kind: "table" | "region" | "used";
  address: string;
  rowIndex: number;
  columnIndex: number;
  /** Rows including the header row (an Excel table's totals row is not counted). */
  rowCount: number;
  columnCount: number;
  /** "Table "Klanten" on sheet "Data"" or "Sheet "Data"": for messages. */
  what: string;
}

/**
 * Which customer table a run reads: the Excel table the selection is in, else the data region
 * around the selection (bounded by blank rows and columns), else the used range of the active sheet.
 * Checks that the sheet is not protected, has data and is not too large to read.
 */
export async function locateSource(context: Excel.RequestContext): Promise<Source> {
  const sheet = context.workbook.worksheets.getActiveWorksheet();
  sheet.load("name");
  sheet.protection.load("protected");
  const selected = context.workbook.getSelectedRange();
  const tables = selected.getTables(false);
  tables.load("items/name,items/showTotals");
  const region = selected.getSurroundingRegion();
  region.load(["address", "rowIndex", "columnIndex", "rowCount", "columnCount"]);
  const usedRange = sheet.getUsedRange(true);
  usedRange.load(["address", "rowIndex", "columnIndex", "rowCount", "columnCount"]);
  await context.sync();
  const table = tables.items.length > 0 ? tables.items[0]! : null;
  const pick = region.rowCount >= 2 ? region : usedRange;
  let used = { kind: (region.rowCount >= 2 ? "region" : "used") as Source["kind"], address: pick.address, rowIndex: pick.rowIndex, columnIndex: pick.columnIndex, rowCount: pick.rowCount, columnCount: pick.columnCount };
  if (table) {
    const whole = table.getRange();
    whole.load(["address", "rowIndex", "columnIndex", "rowCount", "columnCount"]);
    await context.sync();
    // The totals row is not a customer.
    const rowCount = whole.rowCount - (table.showTotals ? 1 : 0);
    used = { kind: "table", address: whole.address, rowIndex: whole.rowIndex, columnIndex: whole.columnIndex, rowCount, columnCount: whole.columnCount };
  }
  if (sheet.protection.protected) {
    throw new SheetError(`Sheet "${sheet.name}" is protected: unprotect it (Review > Unprotect Sheet) so the add-in can add its columns.`);
  }
  const what = table ? `Table "${table.name}" on sheet "${sheet.name}"` : `Sheet "${sheet.name}"`;
  if (used.rowCount < 2) throw new SheetError(`${what} has no data: it needs a header row and at least one customer row.`);
  const cells = used.rowCount * used.columnCount;
  if (cells > MAX_CELLS_PER_READ) {
    throw new SheetError(`${what} uses ${cells.toLocaleString("en-US")} cells (${used.address}); the add-in reads at most ${MAX_CELLS_PER_READ.toLocaleString("en-US")}. Put the customer table on a sheet of its own.`);
  }
  return { sheet, table, what, ...used };
}

/** The source's columns (0-based from its left edge) that are input: all but the add-in's own result columns. */
async function inputColumns(context: Excel.RequestContext, source: Source, owned?: (number | null)[]): Promise<number[]> {
  const own = owned ?? (await findOwnedColumns(context, source.sheet));
  const cols: number[] = [];
  for (let j = 0; j < source.columnCount; j++) if (!own.includes(source.columnIndex + j)) cols.push(j);
  return cols;
}

/** Rows `from` to `to` (0-based in the source) of the input columns into `into`, in blocks; `onBlock` gets the rows read so far. */
async function readRows(context: Excel.RequestContext, source: Source, inputCols: number[], from: number, to: number, into: Cell[][], target: number, onBlock?: (done: number) => void): Promise<void> {
  await inBlocks(to - from, rowsPerRequest(source.columnCount, BYTES_READ, target), async (start, n) => {
    const block = source.sheet.getRangeByIndexes(source.rowIndex + from + start, source.columnIndex, n, source.columnCount);
    block.load("values");
    await context.sync();
    const v = block.values as Cell[][];
    for (let i = 0; i < n; i++) into[from + start + i] = inputCols.map((j) => v[i]![j]!);
    onBlock?.(start + n);
  });
}

/**
 * How many title lines sit above the header in rows read from a region: they belong to the region but
 * not to the table. The header is the first row whose names give a revenue column; an Excel table's
 * header is its own, and at least one data row stays.
 */
function titleLines(rows: readonly (readonly Cell[])[], isTable: boolean, columns: Parameters<typeof findHeaderRow>[1] = {}): number {
  if (isTable) return 0;
  const skip = findHeaderRow(rows, columns);
  return skip > 0 && skip < rows.length - 1 ? skip : 0;
}

/**
 * The first rows of the customer table (header included), without the add-in's own columns: what
 * the task pane shows the column lists and the live tier preview from.
 */
export async function readPreview(context: Excel.RequestContext, maxRows = 20_000): Promise<{ source: Source; rows: Cell[][]; totalRows: number; orderList: { lines: number; customers: number } | null }> {
  const source = await locateSource(context);
  const inputCols = await inputColumns(context, source);
  const read = (from: number, to: number, into: Cell[][]) => readRows(context, source, inputCols, from, to, into, TARGET_PAYLOAD);
  const count = Math.min(source.rowCount, maxRows + 1);
  let rows: Cell[][] = new Array(count);
  await read(0, count, rows);
  const drop = titleLines(rows, source.table !== null);
  // An order list previews as what a run makes of it: its customers (all its lines are needed for that).
  const columns = detectTransactions(rows.slice(drop));
  if (columns) {
    if (count < source.rowCount) {
      rows.length = source.rowCount;
      await read(count, source.rowCount, rows);
    }
    const a = aggregateTransactions(rows.slice(drop), { columns });
    return { source, rows: a.table, totalRows: a.customers.length, orderList: { lines: a.lines, customers: a.customers.length } };
  }
  rows = rows.slice(drop);
  return { source, rows, totalRows: source.rowCount - 1 - drop, orderList: null };
}

export async function segmentActiveSheet(context: Excel.RequestContext, settings: SettingsInput, options: RunOptions = {}): Promise<RunResult> {
  const progress = options.onProgress ?? (() => undefined);
  const target = options.targetPayload ?? TARGET_PAYLOAD;
  const source = await locateSource(context);
  const { sheet, table } = source;
  const used = source;
  await refuseOwnCustomersSheet(context, sheet.name);
  const owned = await findOwnedColumns(context, sheet);
  let top = used.rowIndex;
  const left = used.columnIndex;
  let rows = used.rowCount;
  const width = used.columnCount;

  // Read the table in blocks of rows; the add-in's own columns are not input.
  const inputCols = await inputColumns(context, source, owned);
  const values: Cell[][] = new Array(rows);
  await readRows(context, source, inputCols, 0, rows, values, target, (done) => progress((0.4 * done) / rows, "read"));
  const resolved = resolveSettings(settings);
  const skip = titleLines(values, table !== null, resolved.columns);
  values.splice(0, skip);
  top += skip;
  rows -= skip;
  // The input columns must be contiguous for column letters in messages; owned columns sit at the right.
  const firstInput = left + (inputCols[0] ?? 0);
  // An order list: the customers are made from its lines and written on a sheet of their own.
  const orderColumns = detectTransactions(values, resolved.columns);
  if (orderColumns) return runOrderList(context, values, orderColumns, { sourceSheet: sheet.name, headerRow: top + 1, firstColumn: firstInput }, settings, resolved, progress, target);
  const result = segment(values, settings, { sheet: sheet.name, headerRow: top + 1, firstColumn: firstInput });
  progress(0.5, "segment");

  // Target columns: the owned ones where they are, the others in the first empty columns on the right.
  let next = Math.max(left + width, ...owned.map((c) => (c === null ? 0 : c + 1)));
  const outputColumns = owned.map((c) => (c === null ? next++ : c));
  await checkMerged(context, sheet, top, left, rows, Math.max(left + width, ...outputColumns.map((c) => c + 1)) - left);
  // Columns it does not own yet must be empty over the table's rows (e.g. no second table below).
  const fresh = outputColumns.filter((_, k) => owned[k] === null);
  if (fresh.length) {
    await inBlocks(rows, rowsPerRequest(fresh.length, BYTES_PROBE, target), async (start, count) => {
      const probes = fresh.map((c) => {
        const r = sheet.getRangeByIndexes(top + start, c, count, 1);
        r.load("values");
        return { c, r };
      });
      await context.sync();
      for (const { c, r } of probes) {
        const i = (r.values as Cell[][]).findIndex((row) => row[0] !== "" && row[0] !== null && row[0] !== undefined);
        if (i >= 0) {
          throw new SheetError(`Cell ${columnLetter(c)}${top + start + 1 + i} on sheet "${sheet.name}" is not empty, and the add-in writes only into empty cells or its own columns: nothing was written. Move what is there, or leave an empty row or column between your table and other data.`);
        }
      }
    });
  }

  // Write: header row, then the data rows in blocks, formats with them. Screen updating and
  // calculation are suspended until each sync.
  const lang = result.settings.language;
  const headers = resultHeaders(lang);
  const n = result.columns.customer.length;
  context.application.suspendApiCalculationUntilNextSync();
  context.application.suspendScreenUpdatingUntilNextSync();
  // In an Excel table, new columns are added as table columns (at its right edge, which the probe
  // above found empty); elsewhere they are plain cells.
  let tableEnd = left + width;
  outputColumns.forEach((c, k) => {
    if (table && owned[k] === null && c === tableEnd) {
      table.columns.add(undefined, undefined, headers[k]!);
      tableEnd++;
    }
    const h = sheet.getRangeByIndexes(top, c, 1, 1);
    h.values = [[headers[k]!]];
    h.format.font.bold = true;
  });
  await inBlocks(n, rowsPerRequest(OUTPUT_COLUMNS.length, BYTES_WRITE, target), async (start, count) => {
    context.application.suspendApiCalculationUntilNextSync();
    context.application.suspendScreenUpdatingUntilNextSync();
    const block: (string | number)[][][] = OUTPUT_COLUMNS.map(() => new Array(count));
    for (let i = 0; i < count; i++) {
      const cellsOfRow = resultCells(result, start + i);
      for (let k = 0; k < OUTPUT_COLUMNS.length; k++) block[k]![i] = [cellsOfRow[k] ?? ""];
    }
    outputColumns.forEach((c, k) => {
      const r = sheet.getRangeByIndexes(top + 1 + start, c, count, 1);
      r.numberFormat = Array.from({ length: count }, () => [OUTPUT_COLUMNS[k]!.format]);
      r.values = block[k]!;
    });
    await context.sync();
    progress(0.5 + (0.5 * (start + count)) / Math.max(1, n), "write");
  });

  // Colour coding: conditional formats on the class, quadrant and tier columns, replaced on every run.
  colourColumns(sheet, top, n, outputColumns.map((col, k) => ({ col, key: OUTPUT_COLUMNS[k]!.key })));

  // Record ownership of new columns (hidden names on their header cells).
  outputColumns.forEach((c, k) => {
    if (owned[k] !== null) return;
    const item = sheet.names.add(OWNER_PREFIX + OUTPUT_COLUMNS[k]!.key, sheet.getRangeByIndexes(top, c, 1, 1), "Customer Segmentation add-in: this column is written by the add-in.");
    item.visible = false;
  });
  await context.sync();

  // The summary sheet with the charts.
  progress(0.95, "charts");
  const found = insights(values, result);
  const reportSheet = await writeReport(context, report(result, { source: used.address, insights: found }), lang === "nl" ? "Segmentatie" : "Segmentation");
  progress(1, "done");
  return { result, sheet: sheet.name, address: used.address, outputColumns, updatedInPlace: fresh.length === 0, reportSheet, insights: found };
}
