#!/usr/bin/env node
/**
 * customer-segment: the segmentation engine on a file, without Excel.
 *
 *   customer-segment customers.xlsx                    summary on the terminal, result workbook next to the input
 *   customer-segment customers.csv --format json --out -
 */
import { dutch } from "./messages-nl.js";
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { aggregateTransactions, detectCustomerSummary, detectTransactions, summaryAggregation, insights, orderListColumns, resolveSettings, resultHeaders, segment, segmentOrderList, SettingsError, TableError, widestRow, type Aggregation, type Cell, type Language, type SettingsInput } from "../engine/index.js";
import { CsvError, type CsvEncoding } from "./csv.js";
import { readCsvTable, type ColumnsDecision } from "./csvtable.js";
import { parallelFits } from "./fitpool.js";
import { findHeaderRow } from "../engine/reading/columns.js";
import { orderDateColumn } from "../engine/orders/transactions.js";
import { isColumnTable, type TableInput } from "../engine/reading/table.js";
import { csvLines, jsonChunks, orderListText, summaryText, terminalSafe } from "./output.js";
import { Progress, type ProgressStream } from "./progress.js";
import { readXlsx, tableBounds, WorkbookError, writeXlsx, type ReadSheet } from "./xlsx.js";
import { checkTarget, FileError, ioError, removePending, TargetError, writeAtomically } from "./files.js";
import { ZipError } from "./zip.js";

const HELP = `Usage: customer-segment <file.xlsx|file.csv> [options]

Segments the customer table in an Excel workbook (.xlsx) or a CSV file (comma or semicolon separated,
as Excel writes it): 80/20 Pareto classes, profit curve, BCG quadrants, weighted score and A-D tier.
Prints the summary and writes the result next to the input: the input sheet as it was with the result
columns added, and a "Segmentation" sheet with the summary tables and charts.

Options:
  --out <path>           where to write the result; "-" for standard output (csv and json only)
                         (default: <file>.segmented.xlsx, .csv or .json next to the input)
  --format xlsx|csv|json output format (default: the --out file's extension, else xlsx;
                         json with --out -)
  --sheet <name>         the sheet to read from a workbook (default: the active sheet)
  --settings <file>      settings JSON (the object the task pane saves in the workbook),
                         e.g. {"pareto":{"aCutoff":0.7},"score":{"tierCutoffs":{"a":70}}}
  --map role=header      use this column for a role (repeatable); roles: customer, revenue, profit,
                         margin, growth, paymentDays, innovation, network, strategicFit, culturalFit,
                         segment, orders, costToServe, salesEffort, retention, lifetime, id (customerId);
                         and for an order list: date, amount, quantity, unitPrice, invoice, cost
  --lang en|nl           language of messages, labels and sheet names (default: from the settings, else en)
  --force                replace an existing --out file that customer-segment did not write
  --quiet                no summary on the terminal
  -V, --version          the version
  -h, --help             this text
  Every option also takes the form --option=value.

Order lists: a file with a date, a customer and an amount (or a quantity and a unit price) per line,
customers on several lines, is an order list (an invoice-line export of a bookkeeping package or a web
shop). Its lines become customers (revenue, orders by invoice number or else by day, first and last
purchase; credit notes net out but are no purchases) with RFM, BG/NBD and Gamma-Gamma, and those are
segmented. The terminal says which column became which role; --map date=..., amount=..., quantity=...,
unitPrice=..., invoice=..., cost=... pick others.

Examples:
  customer-segment assets/klanten-groothandel.csv
  customer-segment klanten.xlsx --sheet "Klanten 2025" --lang nl
  customer-segment klanten.xlsx --map revenue="Omzet 2025" --settings weging.json
  customer-segment klanten.csv --format json --out - > result.json

The input is never changed. The result is written to a temporary file beside the target and renamed
over it when complete, so a failure leaves no partial file; an existing file is replaced only when
customer-segment wrote it (else use --force). A .xlsm workbook's result is .xlsm, macros kept.

Exit codes: 0 done; 1 the file, the folder or the settings cannot be used (the message says what and
where); 2 wrong options (also --out naming the input or a folder); 3 an unexpected error (a bug:
please report it with the message).
`;

export class UsageError extends Error {}

/** The version of the package (package.json), as --version prints it. */
const VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    try {
      return (JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string }).version;
    } catch {
      return "unknown";
    }
  }
})();

interface Options {
  file: string;
  out: string | null;
  format: "xlsx" | "csv" | "json";
  sheet: string | null;
  settings: string | null;
  map: Record<string, string>;
  lang: "en" | "nl" | null;
  quiet: boolean;
  force: boolean;
}

export function parseArgs(argv: string[]): Options | "help" | "version" {
  const o: Options = { file: "", out: null, format: "xlsx", sheet: null, settings: null, map: {}, lang: null, quiet: false, force: false };
  let formatGiven = false;
  // --option=value is the same as --option value.
  const args = argv.flatMap((a) => (/^--[a-z]+=/.test(a) ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a]));
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === "-h" || a === "--help") return "help";
    if (a === "-V" || a === "--version") return "version";
    else if (a === "--out") o.out = value();
    else if (a === "--format") {
      const f = value();
      if (f !== "xlsx" && f !== "csv" && f !== "json") throw new UsageError(`--format must be xlsx, csv or json; got ${f}`);
      o.format = f;
      formatGiven = true;
    } else if (a === "--sheet") o.sheet = value();
    else if (a === "--settings") o.settings = value();
    else if (a === "--map") {
      const m = /^([A-Za-z]+)=(.*)$/.exec(value());
      if (!m) throw new UsageError(`--map takes role=header, e.g. --map revenue="Omzet 2025"`);
      o.map[m[1]!] = m[2]!;
    } else if (a === "--lang") {
      const l = value();
      if (l !== "en" && l !== "nl") throw new UsageError(`--lang must be en or nl; got ${l}`);
      o.lang = l;
    } else if (a === "--quiet") o.quiet = true;
    else if (a === "--force") o.force = true;
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
    else if (!o.file) o.file = a;
    else throw new UsageError(`one input file only; got also ${a}`);
  }
  if (!o.file) throw new UsageError("name the input file, e.g. customer-segment klanten.xlsx");
  // Without --format, the output file's extension says it.
  if (!formatGiven && o.out && o.out !== "-") {
    const ext = extname(o.out).toLowerCase().slice(1);
    if (ext === "csv" || ext === "json" || ext === "xlsx") o.format = ext;
  }
  if (!formatGiven && o.out === "-") o.format = "json";
  if (o.out === "-" && o.format === "xlsx") throw new UsageError(`--out - writes to standard output, which takes --format csv or json`);
  return o;
}

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: ProgressStream;
}

/** A sheet name Excel accepts: no []:*?/\\ and at most 31 characters. */
export function sheetName(file: string): string {
  const name = basename(file, extname(file)).replace(/[[\]:*?/\\]/g, " ").trim().slice(0, 31).trim();
  return name || "Customers";
}

function readInput(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw ioError(e, "read", file);
  }
}

/**
 * A CSV that is a result of this tool already ends in its result columns (Rank ... Problems, in English
 * or Dutch): those are dropped before the run, so running it again refreshes them instead of adding a
 * second set, and they are never read as the user's data.
 */
export function withoutOwnColumns(table: Cell[][]): Cell[][] {
  const k = ownColumnsAt(table[0] ?? []);
  return k === null ? table : table.map((row) => row.slice(0, k));
}

/** Where this tool's result columns start in a header row (the last columns, in English or Dutch), or null. */
export function ownColumnsAt(headerRow: readonly Cell[]): number | null {
  const header = headerRow.map((h) => String(h ?? "").trim());
  for (const lang of ["en", "nl"] as const) {
    const ours = resultHeaders(lang);
    for (let k = 0; k + ours.length <= header.length; k++) {
      if (ours.every((h, j) => header[k + j] === h) && header.slice(k + ours.length).every((h) => h === "")) return k;
    }
  }
  return null;
}

/**
 * The settings file: one JSON object (a UTF-8 byte-order mark is fine). `null`, an array, a number or
 * text is refused with a message saying what it holds.
 */
export function readSettings(file: string): SettingsInput {
  const text = readInput(file).toString("utf8").replace(/^\ufeff/, "");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not a readable settings JSON file (${(e as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const what = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    throw new UsageError(`${file}: the settings must be one JSON object ({...}, as the task pane saves them); this file holds ${what}`);
  }
  return value as SettingsInput;
}

/** A stream whose write failures (a full disk, a closed pipe) are one-line file errors, not stack traces. */
function guarded(target: { write(s: string | Uint8Array): unknown }, name: string): { write(s: string | Uint8Array): void } {
  return {
    write: (text: string | Uint8Array) => {
      try {
        target.write(text);
      } catch (e) {
        throw ioError(e, "write to", name);
      }
    },
  };
}

/** What a run reads: the table (an order list already made into its customers' table), where it is, and what came with it. */
interface Input {
  /** Rows; a CSV order list, or a CSV customer table for JSON output, comes as columns (see columnsDecision). */
  table: TableInput;
  where: { sheet: string; headerRow: number; firstColumn: number; nextColumn: number };
  opened: ReadSheet["workbook"] | null;
  delimiter: "," | ";" | "\t";
  csvAbove: Cell[][];
  refresh: boolean;
  readNotes: string[];
  lang: Language;
  orderList: Aggregation | null;
  newSheet: boolean;
}

/** The table's rows: only JSON output reads a table into columns (see {@link columnsDecision}). */
function asRows(table: TableInput): Cell[][] {
  if (isColumnTable(table)) throw new Error("a table read into columns is written as JSON only");
  return table as Cell[][];
}

/**
 * Whether a CSV file goes into columns, decided on its first rows (from its header row down, without
 * this tool's own result columns of an earlier run): a table with a date column, which may be an
 * order list, always does (its lines are never written back; their texts are kept once each); a
 * customer table only for JSON output (`customerTables`), since CSV and workbook output write its cells
 * back. A customer summary (x, t_x, T) is read as rows.
 */
export function columnsDecision(settings: SettingsInput, customerTables = true): ColumnsDecision {
  return (head) => {
    const top = findHeaderRow(head, settings.columns ?? {});
    if (top < 0) return null;
    const header = head[top]!;
    if (detectCustomerSummary([header])) return null;
    let dated: boolean;
    try {
      dated = orderDateColumn(header, settings.columns ?? {}) >= 0;
    } catch {
      return null; // a date mapped to a column the header lacks: the rows' reading says so
    }
    if (!dated && !customerTables) return null;
    const width = ownColumnsAt(header) ?? Infinity;
    // Nothing but this tool's own columns: the rows' reading says the file is empty.
    return width > 0 ? { top, width, internAll: dated } : null;
  };
}

/**
 * Read the input file's table and, for an order list, aggregate it into its customers. A function of
 * its own so that the lines' cells (millions of strings for a large order list) are unreachable once
 * it returns: held in the caller's frame they stayed alive through the model fits, and every full
 * garbage collection traced them again (a 5,000,000-line list spent 40 s of 100 s collecting).
 */
async function readTableOf(opts: Options, settings: SettingsInput, isWorkbook: boolean, progress: Progress): Promise<Input> {
  // The table, where it is on its sheet, and the CSV delimiter (for CSV output).
  let table: TableInput;
  let where: { sheet: string; headerRow: number; firstColumn: number; nextColumn: number };
  // Whether the read table has no data row with a value (columns know it without a pass over rows).
  let columnsEmpty = false;
  let opened: ReadSheet["workbook"] | null = null;
  let delimiter: "," | ";" | "\t" = ",";
  let csvAbove: Cell[][] = [];
  let refresh = false;
  const readNotes: string[] = [];
  if (isWorkbook) {
    const bytes = readInput(opts.file);
    if (opts.sheet === null && bytes.length === 0) throw new UsageError(`${opts.file}: the file is empty`);
    let read;
    try {
      read = await readXlsx(bytes, opts.sheet ?? undefined, settings.columns ?? {});
    } catch (e) {
      if (e instanceof WorkbookError) throw new UsageError(`${opts.file}: ${e.message}`);
      throw e;
    }
    table = read.table;
    opened = read.workbook;
    where = { sheet: read.sheet, headerRow: read.headerRow, firstColumn: read.firstColumn, nextColumn: read.nextColumn };
    // A result workbook run again: its result columns are refreshed in place, never read as data.
    const own = ownColumnsAt(table[0] ?? []);
    if (own !== null && own > 0) {
      table = table.map((row) => row.slice(0, own));
      where = { ...where, nextColumn: read.firstColumn + own };
      refresh = true;
    }
  } else {
    if (opts.sheet !== null) throw new UsageError(`--sheet is for workbooks; ${opts.file} is a CSV file`);
    let rows: string[][];
    let columns: Extract<TableInput, { kind: "columns" }> | null = null;
    let columnsTop = 0;
    try {
      let encoding: CsvEncoding;
      const onProgress = (done: number) => progress.update(0.05 + 0.15 * done, "reading");
      // An order list, and for JSON output (only the results are written) a customer table, is read
      // into columns: no string per number, and an order list's repeated texts kept once.
      const read = readCsvTable(opts.file, columnsDecision(settings, opts.format === "json"), onProgress);
      ({ rows, delimiter, encoding } = read);
      columns = read.columns;
      columnsTop = read.top;
      columnsEmpty = columns !== null && read.empty;
      if (encoding !== "utf-8") readNotes.push(encoding === "windows-1252" ? `${opts.file} is not valid UTF-8: read as Windows-1252, as older Excel writes it.` : `${opts.file} read as ${encoding.toUpperCase()} (its byte-order mark says so).`);
    } catch (e) {
      if (e instanceof CsvError) throw new CsvError(`${opts.file}: ${e.message}`);
      throw ioError(e, "read", opts.file);
    }
    if (columns) {
      csvAbove = rows;
      table = columns;
      where = { sheet: sheetName(opts.file), headerRow: columnsTop + 1, firstColumn: 0, nextColumn: columns.width };
    } else {
      // Title lines above the header are kept in the output file but are not customers.
      const top = Math.max(0, tableBounds(rows, settings.columns ?? {})?.top ?? 0);
      csvAbove = rows.slice(0, top);
      table = withoutOwnColumns(rows.slice(top));
      where = { sheet: sheetName(opts.file), headerRow: top + 1, firstColumn: 0, nextColumn: widestRow(table) };
    }
  }
  // A header without data rows is no customer table: nothing to write.
  const blank = (v: Cell) => v === "" || v === null || v === undefined;
  if (!isColumnTable(table) && (!table.length || table.every((row) => row.every(blank)))) throw new UsageError(`${opts.file}: the file is empty: it needs a header row and at least one customer row`);
  if (isColumnTable(table) ? columnsEmpty : table.slice(1).every((row) => row.every(blank))) throw new UsageError(`${opts.file}${isWorkbook ? `, sheet "${where.sheet}"` : ""}: no data: there is a header row (row ${where.headerRow}) but no customer rows below it`);
  // An order list (date, customer, amount; customers on several lines) becomes a customer table first.
  const lang = resolveSettings(settings).language;
  // A customer summary (x, t_x and T per customer, e.g. from docs/sql/customer-summary.sql) is model
  // input as an order list is, without the lines.
  // (A table read into columns is no summary: its header said so, see columnsDecision.)
  const summaryColumns = isColumnTable(table) ? null : detectCustomerSummary(table);
  const orderColumns = summaryColumns ? null : detectTransactions(table, settings.columns ?? {});
  // A table with a date column that is a customer table after all: its cells are written back as rows.
  if (!orderColumns && isColumnTable(table) && opts.format !== "json") {
    const t = table;
    table = Array.from({ length: t.length }, (_, r) => t.row(r));
  }
  let orderList: Aggregation | null = null;
  let newSheet = false;
  if (summaryColumns || orderColumns) {
    progress.update(0.2, "order lines");
    orderList = summaryColumns ? summaryAggregation(table as Cell[][], summaryColumns, { language: lang, headerRow: where.headerRow }) : aggregateTransactions(table, { language: lang, columns: orderColumns!, headerRow: where.headerRow });
    if (orderList.customers.length === 0) {
      const first = orderList.problems[0];
      throw new UsageError(`${opts.file}: an order list, but no line can be used${first ? ` (row ${first.row}: ${first.text})` : ""}; nothing was written`);
    }
    table = orderList.table;
    csvAbove = [];
    where = { sheet: lang === "nl" ? "Klanten" : "Customers", headerRow: 1, firstColumn: 0, nextColumn: widestRow(table) };
    newSheet = isWorkbook;
  }
  return { table, where, opened, delimiter, csvAbove, refresh, readNotes, lang, orderList, newSheet };
}

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  // Errors in the user's language: --lang nl (also when the options themselves are wrong), else the settings'.
  let dutchErrors = argv.some((a, k) => a === "--lang=nl" || (a === "--lang" && argv[k + 1] === "nl"));
  const say = (message: string) => (dutchErrors ? dutch(message) : message);
  let opts: Options | "help" | "version";
  try {
    opts = parseArgs(argv);
  } catch (e) {
    // One line, and where to look: the whole help text would bury the mistake.
    io.stderr.write(`customer-segment: ${say(`${(e as Error).message} (see customer-segment --help)`)}\n`);
    return 2;
  }
  if (opts === "help") {
    io.stdout.write(HELP);
    return 0;
  }
  if (opts === "version") {
    io.stdout.write(`customer-segment ${VERSION}\n`);
    return 0;
  }
  const progress = new Progress(io.stderr);
  try {
    const ext = extname(opts.file).toLowerCase();
    const isWorkbook = ext === ".xlsx" || ext === ".xlsm";
    if (ext === ".xls") throw new UsageError(`${opts.file}: an old Excel 97-2003 workbook (.xls) cannot be read; open it in Excel and save it as an Excel Workbook (.xlsx)`);
    if (!isWorkbook && ext !== ".csv" && ext !== ".txt") throw new UsageError(`${opts.file}: can read .xlsx, .xlsm and .csv files; save it as one of those from Excel`);
    // Where the result goes, checked before any work: never the input, a folder, or a file of someone else's.
    const macros = ext === ".xlsm" && opts.format === "xlsx";
    const out = opts.out ?? join(dirname(opts.file), `${basename(opts.file, extname(opts.file))}.segmented.${macros ? "xlsm" : opts.format}`);
    if (macros && out !== "-" && extname(out).toLowerCase() !== ".xlsm") throw new TargetError(`--out ${out}: the input has macros (.xlsm) and the result keeps them, so its name must end in .xlsm`);
    if (out !== "-") checkTarget(opts.file, out, opts.format, opts.force);
    let mode: number;
    try {
      mode = statSync(opts.file).mode;
    } catch (e) {
      throw ioError(e, "read", opts.file);
    }

    let settings: SettingsInput = {};
    if (opts.settings) settings = readSettings(opts.settings);
    if (!opts.lang && settings.language === "nl") dutchErrors = true;
    if (opts.lang) settings = { ...settings, language: opts.lang };
    if (Object.keys(opts.map).length) settings = { ...settings, columns: { ...(settings.columns ?? {}), ...opts.map } };

    const input = await readTableOf(opts, settings, isWorkbook, progress);
    let { table, where } = input;
    const { opened, delimiter, csvAbove, refresh, readNotes, lang, orderList, newSheet } = input;
    // `table` is the one reference left, so the JSON writer can let a million rows go before writing.
    input.table = [];
    progress.update(0.3, "segmenting");
    const { result, models } = orderList
      ? segmentOrderList(orderList, settings, where.sheet, parallelFits())
      : { result: segment(table, settings, { sheet: isWorkbook ? where.sheet : basename(opts.file), headerRow: where.headerRow, firstColumn: where.firstColumn }), models: null };
    // The insights go on the Segmentation sheet and the terminal; the JSON has no place for them, so a
    // quiet JSON run does not make them.
    const found = opts.format === "json" && opts.quiet ? undefined : insights(table, result);
    // An order list's customers get the model columns (RFM, P(alive), expected orders and value, CLV) before the result columns.
    const modelColumns = models ? orderListColumns(models, lang) : [];
    if (modelColumns.length && opts.format !== "xlsx") {
      table = asRows(table).map((row, i) => [...row, ...modelColumns.map((c) => (i === 0 ? c.header : (c.values[i - 1] ?? "")))]);
      where = { ...where, nextColumn: widestRow(table) };
    } else if (modelColumns.length) where = { ...where, nextColumn: where.nextColumn + modelColumns.length };
    progress.update(0.4, "writing");

    if (opts.format === "xlsx") {
      const workbook = await writeXlsx({ workbook: opened, newSheet, refresh: refresh && !newSheet, table: asRows(table), above: csvAbove, insights: found!, orderList: orderList && models ? { aggregation: orderList, models } : undefined, modelColumns, ...where }, result, (done, what) => progress.update(0.4 + 0.6 * done, what));
      writeAtomically(out, (chunk) => chunk(workbook), mode);
    } else {
      // The JSON needs the results only: the table's million cells can go before the rows' text is made.
      if (opts.format === "json") table = [];
      // Written as it is made: a million rows never become one string.
      const pieces = opts.format === "json" ? jsonChunks(result, orderList && models ? { aggregation: orderList, models } : undefined) : csvLines(asRows(table), result, delimiter, csvAbove);
      const emit = (chunk: (data: string | Uint8Array) => void, bom: boolean) => {
        if (bom && opts.format === "csv") chunk("\ufeff");
        let batch = "";
        for (const piece of pieces) {
          if (typeof piece !== "string") {
            // Bytes (the JSON rows): the text gathered before them goes first.
            if (batch) chunk(batch);
            batch = "";
            chunk(piece);
            continue;
          }
          batch += piece;
          if (batch.length >= 1 << 20) {
            chunk(batch);
            batch = "";
          }
        }
        if (batch) chunk(batch);
      };
      // Standard output may be a pipe, which Node writes later: bytes (a view of a buffer that is
      // reused for the next piece) are copied first.
      if (out === "-") emit((data) => guarded(io.stdout, "standard output").write(typeof data === "string" ? data : Buffer.from(data)), false);
      else writeAtomically(out, (chunk) => emit(chunk, true), mode);
    }
    progress.done();
    if (!opts.quiet) {
      const stream = out === "-" ? guarded(io.stderr, "standard error") : guarded(io.stdout, "standard output");
      for (const note of readNotes) stream.write(terminalSafe(say(note)) + "\n");
      if (orderList) stream.write(terminalSafe(orderListText(orderList, lang, 10, models ?? undefined)) + "\n\n");
      stream.write(terminalSafe(summaryText(result, 20, found)) + "\n");
      if (out !== "-") stream.write(`\n${result.settings.language === "nl" ? "Resultaat geschreven naar" : "Result written to"} ${out}\n`);
      if (out !== "-" && macros && opened?.file.entries.has("xl/vbaProject.bin")) stream.write(result.settings.language === "nl" ? "De macro's van de werkmap zijn behouden (xl/vbaProject.bin ongewijzigd).\n" : "The workbook's macros were kept (xl/vbaProject.bin unchanged).\n");
    }
    return 0;
  } catch (e) {
    progress.done();
    if (e instanceof TargetError) {
      io.stderr.write(`customer-segment: ${terminalSafe(say(e.message))}\n`);
      return 2;
    }
    if (e instanceof ZipError) {
      io.stderr.write(`customer-segment: ${terminalSafe(say(`${opts.file}: ${e.message}`))}\n`);
      return 1;
    }
    if (e instanceof UsageError || e instanceof TableError || e instanceof SettingsError || e instanceof CsvError || e instanceof WorkbookError || e instanceof FileError) {
      io.stderr.write(`customer-segment: ${terminalSafe(say(e.message))}\n`);
      return 1;
    }
    throw e;
  }
}

/** Run as a program: the exit code becomes the process's (3 for an unexpected error, with its stack). */
export function cli(argv: string[]): void {
  // Stopped (Ctrl-C, a kill): the temporary file of a write in progress goes, the target stays as it was.
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
    process.on(signal, () => {
      removePending();
      process.exit(code);
    });
  }
  // Standard output closed early (`| head`) or full (`> /dev/full`): one line, not a stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    process.stderr.write(`customer-segment: ${ioError(e, "write to", "standard output").message}\n`);
    process.exit(1);
  });
  main(argv).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`customer-segment: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 3;
    },
  );
}

// `tsx src/cli/main.ts ...` (npm run demo / npm run segment); the installed command goes through bin/.
if (process.argv[1] && /src[\\/]cli[\\/]main\.ts$/.test(process.argv[1])) cli(process.argv.slice(2));
