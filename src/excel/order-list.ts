/**
 * Transactions mode in the add-in: when the table the user runs Segment on is an order list (a date,
 * a customer and an amount column, customers on several lines), the lines are aggregated to one row
 * per customer and that customer table is written, with the RFM and model columns and the
 * segmentation's result columns, on a sheet of the add-in's own ("Customers" / "Klanten"). The order
 * lines themselves are not touched.
 *
 * The customers sheet is owned like the Segmentation sheet: a hidden workbook name (`_SEG_customers`)
 * points at the area written last time. A re-run clears that area and writes anew; a cell outside it
 * that the new area needs must be empty, else the run stops with the cell named and writes nothing.
 * Whatever the user put beside the area stays.
 */
import {
  excelSerial,
  columnLetter,
  insights,
  orderListColumns,
  report,
  RESULT_COLUMNS,
  resultCells,
  resultHeaders,
  runOrderListJob,
  type AggregateColumn,
  type Aggregation,
  type Cell,
  type OrderListModels,
  type SegmentResult,
  type Settings,
  type SettingsInput,
  type TransactionColumns,
  type OrderListJob,
  type OrderListJobResult,
} from "../engine/index.js";
import { BYTES_PROBE, BYTES_WRITE, CancelledError, colourColumns, inBlocks, rowsPerRequest, SheetError, writeCells } from "./blocks.js";
import { findSheet, writeReport } from "./report-sheet.js";
import type { RunResult } from "./segment-sheet.js";

export const CUSTOMERS_NAME = "_SEG_customers";

/** What a run on an order list did, for the task pane. */
export interface OrderListRun {
  /** The sheet with the order lines (left as it was). */
  sourceSheet: string;
  lines: number;
  customers: number;
  /** Lines left out, with their row on the order sheet and the cell of the line's customer. */
  problems: { row: number; text: string; cell: string }[];
  models: OrderListModels;
  /** Which column became which role, and what the reading assumed. */
  columnsUsed: { role: string; header: string }[];
  notes: string[];
}

const FORMATS: Record<AggregateColumn, string> = {
  customer: "@",
  revenue: "#,##0.00",
  profit: "#,##0.00",
  orders: "0",
  first: "yyyy-mm-dd",
  last: "yyyy-mm-dd",
  lifetime: "0",
  perYear: "#,##0",
  growth: "0%",
};


interface Column {
  header: string;
  format: string;
  value: (i: number) => string | number;
  /** Label columns get the colour coding. */
  key?: string;
}

/** The customers sheet's columns: the aggregation's, the models', then the segmentation's result columns. */
function customerColumns(a: Aggregation, models: OrderListModels, result: SegmentResult): Column[] {
  const lang = result.settings.language;
  const head = a.table[0]!;
  const own: Column[] = a.kinds.map((kind, j) => ({
    header: String(head[j]),
    format: FORMATS[kind],
    value: (i: number) => {
      const c = a.customers[i]!;
      if (kind === "first") return excelSerial(c.first);
      if (kind === "last") return excelSerial(c.last);
      const v = a.table[i + 1]![j];
      return v === null || v === undefined ? "" : (v as string | number);
    },
  }));
  const model: Column[] = orderListColumns(models, lang).map((c) => ({ header: c.header, format: c.format, value: (i: number) => c.values[i] ?? "" }));
  const headers = resultHeaders(lang);
  let cache = { i: -1, cells: [] as (string | number | null)[] };
  const results: Column[] = RESULT_COLUMNS.map((c, k) => ({
    header: headers[k]!,
    format: c.format,
    key: c.key,
    value: (i: number) => {
      if (cache.i !== i) cache = { i, cells: resultCells(result, i) };
      return cache.cells[k] ?? "";
    },
  }));
  return [...own, ...model, ...results];
}


/** Runs an order list's job (aggregate, segment, fit the models) in-process or in a worker. */
export type OrderListRunner = (job: OrderListJob, onProgress: (done: number) => void, signal?: AbortSignal) => Promise<OrderListJobResult>;

export const inProcessOrderList: OrderListRunner = async (job, onProgress, signal) => {
  if (signal?.aborted) throw new CancelledError();
  return runOrderListJob(job, (done) => onProgress(done));
};

/**
 * Aggregate the order lines (`values`, header first, as read from `sourceSheet` with the header on
 * sheet row `headerRow`), segment the customers and write them, the models and the report.
 */
export async function runOrderList(
  context: Excel.RequestContext,
  values: Cell[][],
  columns: TransactionColumns,
  where: { sourceSheet: string; headerRow: number; firstColumn: number },
  settingsInput: SettingsInput,
  settings: Settings,
  progress: (done: number, what: string) => void,
  target: number,
  signal?: AbortSignal,
  engine: OrderListRunner = inProcessOrderList,
): Promise<RunResult & { orderList: OrderListRun }> {
  const lang = settings.language;
  // Cancelled before anything is written: nothing is (once writing starts the run finishes).
  const cancelled = () => {
    if (signal?.aborted) throw new CancelledError(lang === "nl" ? "Geannuleerd: er is niets geschreven." : "Cancelled: nothing was written.");
  };
  // The customers' sheet is found (its name, for the messages) but not made yet: a run cancelled
  // during the models adds no sheet.
  const place = await findSheet(context, CUSTOMERS_NAME, lang === "nl" ? "Klanten" : "Customers");
  cancelled();
  // Aggregating and fitting the models is the long part: in the task pane it runs in a Web Worker.
  const job = await engine({ values, columns, language: lang, headerRow: where.headerRow, settings: settingsInput, sheet: place.name }, (done) => progress(0.05 + 0.5 * done, "models"), signal);
  const a = job.aggregation;
  if (!job.result || !job.models || a.customers.length === 0) {
    const first = a.problems[0];
    throw new SheetError(
      lang === "nl"
        ? `Sheet "${where.sourceSheet}" is een orderlijst, maar geen enkele regel is bruikbaar${first ? ` (rij ${first.row}: ${first.text})` : ""}.`
        : `Sheet "${where.sourceSheet}" is an order list, but no line can be used${first ? ` (row ${first.row}: ${first.text})` : ""}.`,
    );
  }
  const { result, models } = job;
  progress(0.55, "models");
  // Let a click on Cancel during the models be seen before anything is written.
  await new Promise((resolve) => setTimeout(resolve, 0));
  cancelled();
  progress(0.55, "write");
  const { previous, owner } = place;
  const sheet = place.sheet ?? context.workbook.worksheets.add(place.name);
  sheet.load("name");
  await context.sync();
  const cols = customerColumns(a, models, result);
  const n = a.customers.length;
  const width = cols.length;

  // Cells the new area needs outside the add-in's previous area must be empty.
  const before = previous ? { row: previous.rowIndex, col: previous.columnIndex, rows: previous.rowCount, cols: previous.columnCount } : null;
  const inside = (r: number, c: number) => before !== null && r >= before.row && r < before.row + before.rows && c >= before.col && c < before.col + before.cols;
  const grownBeyond = !before || n + 1 > before.row + before.rows || width > before.col + before.cols || before.row > 0 || before.col > 0;
  if (previous && grownBeyond) {
    await inBlocks(n + 1, rowsPerRequest(width, BYTES_PROBE, target), async (start, count) => {
      const probe = sheet.getRangeByIndexes(start, 0, count, width);
      probe.load("values");
      await context.sync();
      (probe.values as Cell[][]).forEach((row, i) =>
        row.forEach((v, j) => {
          if (v !== "" && v !== null && v !== undefined && !inside(start + i, j)) {
            throw new SheetError(`Cell ${columnLetter(j)}${start + i + 1} on sheet "${sheet.name}" is not empty, and the add-in writes the customers of the order list there: nothing was written. Move what is there and run Segment again.`);
          }
        }),
      );
    });
  }

  // Replace what the add-in wrote last time, then write the header and the rows in blocks.
  if (previous) previous.clear("All");
  if (!owner.isNullObject) owner.delete();
  // The new area is the add-in's at once, in the header's request: should a later request fail, the
  // next run still finds this sheet its own.
  context.workbook.names.add(CUSTOMERS_NAME, sheet.getRangeByIndexes(0, 0, n + 1, width), "Customer Segmentation add-in: the customers it made from an order list.").visible = false;
  // Screen updating is suspended once for the run (more calls make Excel flicker). The header goes
  // in a request of its own, so a data block retried smaller never loses it.
  context.application.suspendScreenUpdatingUntilNextSync();
  context.application.suspendApiCalculationUntilNextSync();
  const header = sheet.getRangeByIndexes(0, 0, 1, width);
  writeCells(header, [cols.map((c) => c.header)], [cols.map(() => "General")]);
  header.format.font.bold = true;
  await context.sync();
  await inBlocks(n, rowsPerRequest(width, BYTES_WRITE, target), async (start, count) => {
    context.application.suspendApiCalculationUntilNextSync();
    const r = sheet.getRangeByIndexes(1 + start, 0, count, width);
    const formats: string[][] = new Array(count);
    const cells: (string | number)[][] = new Array(count);
    for (let i = 0; i < count; i++) {
      formats[i] = cols.map((c) => c.format);
      cells[i] = cols.map((c) => c.value(start + i));
    }
    // Text as text: a name such as "=1+1" or "'t Hoekje" lands as typed.
    writeCells(r, cells, formats);
    await context.sync();
    progress(0.55 + (0.35 * (start + count)) / n, "write");
  });
  const outputColumns = RESULT_COLUMNS.map((_, k) => width - RESULT_COLUMNS.length + k);
  colourColumns(sheet, 0, n, cols.flatMap((c, j) => (c.key ? [{ col: j, key: c.key }] : [])));
  await context.sync();

  progress(0.95, "charts");
  const found = insights(a.table, result);
  const address = `${sheet.name}!A1:${columnLetter(width - 1)}${n + 1}`;
  const reportSheet = await writeReport(context, report(result, { source: address, table: a.table, insights: found, orderList: { aggregation: a, models } }), lang === "nl" ? "Segmentatie" : "Segmentation");
  progress(1, "done");
  return {
    result,
    sheet: sheet.name,
    address,
    headerRow: 0,
    outputColumns,
    updatedInPlace: previous !== null,
    reportSheet,
    insights: found,
    orderList: { sourceSheet: where.sourceSheet, lines: a.lines, customers: n, problems: a.problems.map((p) => ({ ...p, cell: `${columnLetter(where.firstColumn + columns.customer)}${p.row}` })), models, columnsUsed: a.columnsUsed, notes: a.notes },
  };
}

/**
 * Stop a run on the add-in's own customers sheet: it is written from an order list, and segmenting it
 * as a customer table would add a second set of result columns.
 */
export async function refuseOwnCustomersSheet(context: Excel.RequestContext, activeSheet: string): Promise<void> {
  const owner = context.workbook.names.getItemOrNullObject(CUSTOMERS_NAME);
  await context.sync();
  if (owner.isNullObject) return;
  const r = owner.getRangeOrNullObject();
  r.load("address");
  await context.sync();
  if (r.isNullObject) return;
  const sheet = r.worksheet;
  sheet.load("name");
  await context.sync();
  if (sheet.name === activeSheet) {
    throw new SheetError(`Sheet "${activeSheet}" holds the customers the add-in made from an order list; it is rewritten on every run. Select a cell in the order list and run Segment again.`);
  }
}
