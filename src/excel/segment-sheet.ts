/**
 * The Segment run on the active sheet: read the customer table, run the engine, write the result
 * columns back, without ever writing into a cell the add-in does not own.
 *
 * Ownership: each result column carries a hidden, sheet-scoped name (`_SEG_rank`, `_SEG_rank_2` for
 * a second table on the sheet, ...) over the cells it wrote: its header cell and the rows below.
 * Excel keeps a name pointing at its cells when the user inserts, deletes or moves columns, sorts or
 * renames the sheet, so a second run finds its own columns wherever they are now (not by header text)
 * and updates them in place. A name belongs to the table whose header row it starts on, within that
 * table's columns or right next to them: another table on the sheet gets columns of its own. Any
 * cell it writes outside its names (new columns, rows the table grew by) must be empty before it
 * writes; otherwise it stops with a message naming the cell and writes nothing. A name whose column
 * the user deleted reads #REF!: it is deleted and made anew in the run's last batch.
 *
 * Requests are sized to stay well under Excel on the web's 5 MB payload limit, with one sync per
 * block of some thousands of rows, retried smaller when Excel still reports the payload too large.
 */
import { aggregateTransactions, columnLetter, detectTransactions, findHeaderRow, type Insights, resolveSettings, RESULT_COLUMNS, resultCells, resultHeaders, runTableJob, SettingsError, TableError, type Cell, type SegmentResult, type SettingsInput, type TableJob, type TableJobResult } from "../engine/index.js";
import { BYTES_PROBE, BYTES_READ, BYTES_WRITE, CancelledError, colourColumns, inBlocks, rowsPerRequest, SheetError, TARGET_PAYLOAD, writeCells } from "./blocks.js";
import { oneRunAtATime } from "./run-lock.js";
import { refuseOwnCustomersSheet, runOrderList, type OrderListRun, type OrderListRunner } from "./order-list.js";
export { inProcessOrderList, type OrderListRunner } from "./order-list.js";
import { writeReport } from "./report-sheet.js";

export { SheetError, TARGET_PAYLOAD };

/** Excel returns no values above 5 million cells in one read: the size is checked first. */
export const MAX_CELLS_PER_READ = 5_000_000;

/**
 * What to tell the user when a run stopped: the message itself for the problems the add-in explains
 * (sheet, table and settings errors), "Unexpected error: ..." for anything else.
 */
export function runErrorMessage(e: unknown): string {
  const known = e instanceof SheetError || e instanceof TableError || e instanceof SettingsError || e instanceof CancelledError;
  if (known) return (e as Error).message;
  const message = (e as Error)?.message ?? String(e);
  if (/merged cell/i.test(message)) return `Excel could not write the results because of merged cells: unmerge the cells of the customer table and the columns to its right (Home > Merge & Center), then run Segment again. (${message})`;
  return `Unexpected error: ${message}`;
}

/** The result columns and their colours: the engine's, shared with the command line's workbook. */
export const OUTPUT_COLUMNS = RESULT_COLUMNS;

export const OWNER_PREFIX = "_SEG_";

/**
 * Runs the engine's job: in-process by default; the task pane passes one that runs it in a Web
 * Worker, so Excel and the pane stay usable meanwhile. It rejects with {@link CancelledError} when
 * the signal aborts.
 */
export type EngineRunner = (job: TableJob, onProgress: (done: number) => void, signal?: AbortSignal) => Promise<TableJobResult>;

export { CancelledError };

export const inProcessEngine: EngineRunner = async (job, onProgress, signal) => {
  if (signal?.aborted) throw new CancelledError();
  return runTableJob(job, (done) => onProgress(done));
};

export interface RunOptions {
  /** Called with a fraction (0..1) and a short label as the run progresses ("read", "segment", "write", ...). */
  onProgress?: (done: number, what: string) => void;
  /** Largest payload per request, in bytes (for tests; default {@link TARGET_PAYLOAD}). */
  targetPayload?: number;
  /** Where the engine runs (default: in-process). */
  engine?: EngineRunner;
  /** Where an order list's engine work runs (default: in-process). */
  orderListEngine?: OrderListRunner;
  /**
   * Cancels the run while it reads and computes; once it starts writing (progress "write") it
   * finishes, so a cancelled run writes nothing and a run is never left half written.
   */
  signal?: AbortSignal;
}

export interface RunResult {
  result: SegmentResult;
  sheet: string;
  address: string;
  /** 0-based sheet row of the table's header (below any title lines), where the result columns start. */
  headerRow: number;
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

/** One of the add-in's ownership names on a sheet. */
interface OwnerName {
  name: string;
  /** The result column's key (`rank`, `tier`, ...). */
  key: string;
  /** Where it points: its header cell and the rows below it that the add-in wrote. */
  row: number;
  col: number;
  rows: number;
}

/** The add-in's names on the sheet: those that point at cells, and those whose cells were deleted (#REF!). */
interface OwnerNames {
  live: OwnerName[];
  stale: string[];
  /** Every name of the sheet (lower case): a new name must be none of these. */
  taken: Set<string>;
}

const OWNER_NAME = /^_SEG_([A-Za-z]+)(?:_(\d+))?$/;

/** The sheet an address such as `'Klanten 2025'!E1:E9` is on. */
function sheetOf(address: string): string {
  const at = address.lastIndexOf("!");
  const name = at < 0 ? "" : address.slice(0, at);
  return /^'.*'$/.test(name) ? name.slice(1, -1).replace(/''/g, "'") : name;
}

/**
 * The add-in's names on the sheet. A name is live when it refers to cells of this sheet; it is stale
 * when those cells were deleted (type Error, #REF!) or cut and pasted to another sheet: stale names
 * own nothing and are deleted by the next run. Names of the user's that only look like ours (a
 * constant called `_SEG_rank`) are left alone.
 */
async function ownerNames(context: Excel.RequestContext, sheet: Excel.Worksheet, sheetName: string): Promise<OwnerNames> {
  const all = sheet.names;
  all.load("items/name,items/type");
  await context.sync();
  const keys = new Set(OUTPUT_COLUMNS.map((c) => c.key));
  const ours = all.items.filter((n) => keys.has(OWNER_NAME.exec(n.name)?.[1] ?? "") && (n.type === "Error" || n.type === "Range"));
  const ranges = ours.map((n) => (n.type === "Error" ? null : n.getRangeOrNullObject()));
  for (const r of ranges) r?.load(["address", "rowIndex", "columnIndex", "rowCount"]);
  if (ranges.some((r) => r)) await context.sync();
  const live: OwnerName[] = [];
  const stale: string[] = [];
  ours.forEach((n, k) => {
    const r = ranges[k];
    if (!r || r.isNullObject || sheetOf(r.address) !== sheetName) stale.push(n.name);
    else live.push({ name: n.name, key: OWNER_NAME.exec(n.name)![1]!, row: r.rowIndex, col: r.columnIndex, rows: r.rowCount });
  });
  const gone = new Set(stale.map((x) => x.toLowerCase()));
  return { live, stale, taken: new Set(all.items.map((n) => n.name.toLowerCase()).filter((n) => !gone.has(n))) };
}

/**
 * The result columns a table owns: the add-in's names that start on its header row, within its
 * columns or right of them with nothing but the add-in's columns and empty header cells in between
 * (`headerRight` holds the header row right of the table). Another table's names are not this one's.
 */
function ownedBy(names: OwnerNames, headerRow: number, left: number, width: number, headerRight: readonly Cell[]): (OwnerName | null)[] {
  const onRow = names.live.filter((n) => n.row === headerRow && n.col >= left);
  const inside = onRow.filter((n) => n.col < left + width);
  const right = new Map(onRow.filter((n) => n.col >= left + width).map((n) => [n.col, n]));
  for (let c = left + width; right.size > 0 && c <= Math.max(...right.keys()); c++) {
    if (right.has(c)) inside.push(right.get(c)!);
    else if (!isBlank(headerRight[c - left - width])) break;
  }
  return OUTPUT_COLUMNS.map((c) => inside.find((n) => n.key === c.key) ?? null);
}

const isBlank = (v: Cell | undefined) => v === "" || v === null || v === undefined;

/** A free name for a result column: `_SEG_rank`, else `_SEG_rank_2`, ... */
function freeName(taken: Set<string>, key: string): string {
  for (let k = 1; ; k++) {
    const name = OWNER_PREFIX + key + (k === 1 ? "" : `_${k}`);
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
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

/** Rows `from` to `to` (0-based in the source), all its columns, into `into`, in blocks; `onBlock` gets the rows read so far. */
async function readRows(context: Excel.RequestContext, source: Source, from: number, to: number, into: Cell[][], target: number, onBlock?: (done: number) => void): Promise<void> {
  await inBlocks(to - from, rowsPerRequest(source.columnCount, BYTES_READ, target), async (start, n) => {
    const block = source.sheet.getRangeByIndexes(source.rowIndex + from + start, source.columnIndex, n, source.columnCount);
    block.load("values");
    await context.sync();
    const v = block.values as Cell[][];
    for (let i = 0; i < n; i++) into[from + start + i] = v[i]!;
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

/** What a run knows of the table once it has read it: the header row, its own columns and the input. */
interface Layout {
  names: OwnerNames;
  /** Title lines above the header. */
  skip: number;
  /** Sheet row (0-based) of the header. */
  top: number;
  /** The add-in's name per result column (in {@link OUTPUT_COLUMNS} order), null for a column it has not written for this table. */
  owned: (OwnerName | null)[];
  /** The source's columns (0-based from its left edge) that are input: all but the add-in's own. */
  inputCols: number[];
  /** The input rows from the header down (header first), only the input columns. */
  values: Cell[][];
}

/**
 * Read the table (its first `count` rows) and work out its header row and which of its columns are
 * the add-in's (read as they are now, before anything is written).
 */
async function readLayout(context: Excel.RequestContext, source: Source, count: number, target: number, columns: Parameters<typeof findHeaderRow>[1] = {}, onBlock?: (done: number) => void): Promise<Layout & { raw: Cell[][] }> {
  const names = await ownerNames(context, source.sheet, source.sheet.name);
  const raw: Cell[][] = new Array(count);
  await readRows(context, source, 0, count, raw, target, onBlock);
  const left = source.columnIndex;
  // Title lines are found without any column the add-in may own (their headers name no input).
  const mine = new Set(names.live.filter((n) => n.row >= source.rowIndex && n.row < source.rowIndex + source.rowCount && n.col >= left && n.col < left + source.columnCount).map((n) => n.col - left));
  const visible = (r: readonly Cell[]) => r.filter((_, j) => !mine.has(j));
  const skip = titleLines(raw.map(visible), source.table !== null, columns);
  const top = source.rowIndex + skip;
  // The header row right of the table, where the add-in's names lie beyond it (a column inserted among them).
  const beyond = names.live.filter((n) => n.row === top && n.col >= left + source.columnCount);
  let headerRight: Cell[] = [];
  if (beyond.length) {
    const r = source.sheet.getRangeByIndexes(top, left + source.columnCount, 1, Math.max(...beyond.map((n) => n.col)) - left - source.columnCount + 1);
    r.load("values");
    await context.sync();
    headerRight = (r.values as Cell[][])[0]!;
  }
  const owned = ownedBy(names, top, left, source.columnCount, headerRight);
  const ownCols = new Set(owned.flatMap((n) => (n ? [n.col - left] : [])));
  const inputCols: number[] = [];
  for (let j = 0; j < source.columnCount; j++) if (!ownCols.has(j)) inputCols.push(j);
  const values = raw.slice(skip).map((r) => inputCols.map((j) => r[j]!));
  return { names, skip, top, owned, inputCols, values, raw };
}

/**
 * The first rows of the customer table (header included), without the add-in's own columns: what
 * the task pane shows the column lists and the live tier preview from.
 */
export async function readPreview(context: Excel.RequestContext, maxRows = 20_000): Promise<{ source: Source; rows: Cell[][]; totalRows: number; orderList: { lines: number; customers: number } | null }> {
  const source = await locateSource(context);
  const count = Math.min(source.rowCount, maxRows + 1);
  const { values: rows, skip, inputCols } = await readLayout(context, source, count, TARGET_PAYLOAD);
  // An order list previews as what a run makes of it: its customers (all its lines are needed for that).
  const columns = detectTransactions(rows);
  if (columns) {
    if (count < source.rowCount) {
      const rest: Cell[][] = new Array(source.rowCount);
      await readRows(context, source, count, source.rowCount, rest, TARGET_PAYLOAD);
      for (let i = count; i < source.rowCount; i++) rows.push(inputCols.map((j) => rest[i]![j]!));
    }
    const a = aggregateTransactions(rows, { columns });
    return { source, rows: a.table, totalRows: a.customers.length, orderList: { lines: a.lines, customers: a.customers.length } };
  }
  return { source, rows, totalRows: source.rowCount - 1 - skip, orderList: null };
}

/**
 * Segment the customer table around the selection: read it, run the engine, write the result
 * columns (and the Segmentation sheet). One run at a time: a second one while this runs is refused.
 */
export function segmentActiveSheet(context: Excel.RequestContext, settings: SettingsInput, options: RunOptions = {}): Promise<RunResult> {
  return oneRunAtATime(() => segmentRun(context, settings, options));
}

async function segmentRun(context: Excel.RequestContext, settings: SettingsInput, options: RunOptions): Promise<RunResult> {
  const progress = options.onProgress ?? (() => undefined);
  const target = options.targetPayload ?? TARGET_PAYLOAD;
  const source = await locateSource(context);
  const { sheet, table } = source;
  const used = source;
  await refuseOwnCustomersSheet(context, sheet.name);
  const left = used.columnIndex;
  const width = used.columnCount;
  const total = used.rowCount;

  // Read the table in blocks of rows; the add-in's own columns are not input.
  const resolved = resolveSettings(settings);
  const cancelled = () => {
    if (options.signal?.aborted) throw new CancelledError(resolved.language === "nl" ? "Geannuleerd: er is niets geschreven." : "Cancelled: nothing was written.");
  };
  const layout = await readLayout(context, source, total, target, resolved.columns, (done) => {
    cancelled();
    progress((0.4 * done) / total, "read");
  });
  cancelled();
  const { names, owned, inputCols, values, top } = layout;
  const rows = total - layout.skip;
  const firstInput = left + (inputCols[0] ?? 0);
  // An order list: the customers are made from its lines and written on a sheet of their own.
  const orderColumns = detectTransactions(values, resolved.columns);
  if (orderColumns) return runOrderList(context, values, orderColumns, { sourceSheet: sheet.name, headerRow: top + 1, firstColumn: firstInput }, settings, resolved, progress, target, options.signal, options.orderListEngine);
  // Messages name the sheet's own column letters, also where a result column sits between input columns.
  const engine = options.engine ?? inProcessEngine;
  const job: TableJob = { values, settings, table: { sheet: sheet.name, headerRow: top + 1, firstColumn: firstInput, sheetColumns: inputCols.map((j) => left + j) }, source: used.address };
  let computed: TableJobResult;
  try {
    computed = await engine(job, (done) => progress(0.4 + 0.1 * done, "segment"), options.signal);
  } catch (e) {
    if (e instanceof CancelledError) cancelled(); // in the user's language
    throw e;
  }
  const { result, insights: found, report: summarySheet } = computed;
  cancelled();
  progress(0.5, "segment");
  const n = result.columns.customer.length;
  const lang = result.settings.language;
  const headers = resultHeaders(lang);

  // Target columns: the owned ones where they are, the others in the first empty columns on the right.
  let next = Math.max(left + width, ...owned.map((o) => (o === null ? 0 : o.col + 1)));
  const outputColumns = owned.map((o) => (o === null ? next++ : o.col));
  await checkMerged(context, sheet, top, left, rows, Math.max(left + width, ...outputColumns.map((c) => c + 1)) - left);
  cancelled();
  // Adding a column to an Excel table moves the cells right of the table, in its rows, one column on
  // (as Insert Table Column does): those must be empty too, up to the end of the used range.
  if (table && owned.some((o) => o === null)) {
    const usedRange = sheet.getUsedRange(true);
    usedRange.load(["columnIndex", "columnCount"]);
    await context.sync();
    const from = left + width;
    const to = usedRange.columnIndex + usedRange.columnCount;
    const tableRows = total + (table.showTotals ? 1 : 0);
    if (to > from) {
      await inBlocks(tableRows, rowsPerRequest(to - from, BYTES_PROBE, target), async (start, count) => {
        const r = sheet.getRangeByIndexes(used.rowIndex + start, from, count, to - from);
        r.load("values");
        await context.sync();
        (r.values as Cell[][]).forEach((row, i) => {
          const j = row.findIndex((v) => !isBlank(v));
          if (j >= 0) {
            throw new SheetError(`Cell ${columnLetter(from + j)}${used.rowIndex + start + i + 1} on sheet "${sheet.name}" is to the right of table "${table.name}": adding the result columns to the table would move it. Nothing was written. Move it away from the table's rows, then run Segment again.`);
          }
        });
      });
    }
  }
  // Every cell it writes outside its own names must be empty: new columns from the header down,
  // owned columns below the rows they covered last time (the table grew, or met other data).
  const probe = outputColumns.map((c, k) => ({ c, from: owned[k] ? Math.max(top + 1, owned[k]!.row + owned[k]!.rows) : top }));
  const end = top + 1 + n;
  const longest = Math.max(0, ...probe.map((p) => end - p.from));
  if (longest > 0) {
    await inBlocks(longest, rowsPerRequest(probe.length, BYTES_PROBE, target), async (start, count) => {
      const probes = probe.flatMap(({ c, from }) => {
        const n0 = Math.min(count, end - from - start);
        if (n0 <= 0) return [];
        const r = sheet.getRangeByIndexes(from + start, c, n0, 1);
        r.load("values");
        return [{ c, row: from + start, r }];
      });
      await context.sync();
      for (const { c, row, r } of probes) {
        const i = (r.values as Cell[][]).findIndex((x) => !isBlank(x[0]));
        if (i >= 0 && owned[outputColumns.indexOf(c)]) {
          throw new SheetError(`Cell ${columnLetter(c)}${row + 1 + i} on sheet "${sheet.name}" is not empty: it is in the add-in's column "${headers[outputColumns.indexOf(c)]}", below the rows it wrote last time, so it may be data of your own. Nothing was written. Clear the cell if it is a copy of the results (the add-in fills it), or move your data away from the table.`);
        }
        if (i >= 0) {
          throw new SheetError(`Cell ${columnLetter(c)}${row + 1 + i} on sheet "${sheet.name}" is not empty, and the add-in writes only into empty cells or its own columns: nothing was written. Move what is there, or leave an empty row or column between your table and other data.`);
        }
      }
    });
  }

  // From here on the run writes and is not cancelled any more.
  cancelled();
  progress(0.5, "write");
  // Write. First the headers, the new table columns and the ownership names, in a request of their
  // own: a request that is too large is refused whole, and the retry of a data block must not lose
  // them; and should a later request fail, the next run finds these columns its own instead of
  // adding a second set. Names gone #REF! (their column was deleted) or moved to another sheet are
  // deleted in the same batch, and each result column's name is made anew over the header and the
  // rows it writes now. Screen updating is suspended once per run, as Office.js asks (repeated calls
  // make Excel flicker); it holds until the next sync, so it covers this first request.
  // Calculation is suspended for each request.
  context.application.suspendScreenUpdatingUntilNextSync();
  context.application.suspendApiCalculationUntilNextSync();
  // In an Excel table, new columns are added as table columns (at its right edge, which the probes
  // above found empty); elsewhere they are plain cells.
  let tableEnd = left + width;
  for (const name of names.stale) sheet.names.getItem(name).delete();
  outputColumns.forEach((c, k) => {
    if (table && owned[k] === null && c === tableEnd) {
      table.columns.add(undefined, undefined, headers[k]!);
      tableEnd++;
    }
    const h = sheet.getRangeByIndexes(top, c, 1, 1);
    writeCells(h, [[headers[k]!]], [["General"]]);
    h.format.font.bold = true;
    const mine = owned[k];
    if (mine) sheet.names.getItem(mine.name).delete();
    const name = mine ? mine.name : freeName(names.taken, OUTPUT_COLUMNS[k]!.key);
    sheet.names.add(name, sheet.getRangeByIndexes(top, c, n + 1, 1), "Customer Segmentation add-in: this column is written by the add-in.").visible = false;
  });
  await context.sync();
  await inBlocks(n, rowsPerRequest(OUTPUT_COLUMNS.length, BYTES_WRITE, target), async (start, count) => {
    context.application.suspendApiCalculationUntilNextSync();
    const block: (string | number)[][][] = OUTPUT_COLUMNS.map(() => new Array(count));
    for (let i = 0; i < count; i++) {
      const cellsOfRow = resultCells(result, start + i);
      for (let k = 0; k < OUTPUT_COLUMNS.length; k++) block[k]![i] = [cellsOfRow[k] ?? ""];
    }
    outputColumns.forEach((c, k) => {
      const r = sheet.getRangeByIndexes(top + 1 + start, c, count, 1);
      writeCells(r, block[k]!, Array.from({ length: count }, () => [OUTPUT_COLUMNS[k]!.format]));
    });
    await context.sync();
    progress(0.5 + (0.5 * (start + count)) / Math.max(1, n), "write");
  });

  // Colour coding: conditional formats on the class, quadrant and tier columns, replaced on every run.
  colourColumns(sheet, top, n, outputColumns.map((col, k) => ({ col, key: OUTPUT_COLUMNS[k]!.key })));
  await context.sync();

  // The summary sheet with the charts.
  progress(0.95, "charts");
  const reportSheet = await writeReport(context, summarySheet, lang === "nl" ? "Segmentatie" : "Segmentation");
  progress(1, "done");
  return { result, sheet: sheet.name, address: used.address, headerRow: top, outputColumns, updatedInPlace: owned.every((o) => o !== null), reportSheet, insights: found };
}
