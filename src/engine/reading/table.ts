/**
 * Reading a table: a header row plus rows of raw cell values exactly as Excel hands them over
 * (numbers, strings, booleans, "" for blanks, error strings like "#N/A").
 *
 * Finds the columns, reads every number with its column's notation and collects, per row, the
 * problems (the row is left out) and warnings (the row stays in) with sheet row, column and a plain
 * message. Nothing is dropped or reordered: the result has one entry per data row, in sheet order.
 *
 * @example
 * const t = readTable([["Klant", "Omzet"], ["Jansen BV", "€ 1.234,50"], ["", 10]], resolveSettings());
 * t.revenue        // Float64Array [1234.5, 10]
 * t.included       // Uint8Array [1, 0]
 * t.messages[1][0] // { severity: "problem", code: "blankCustomer", row: 3, column: "Klant", ... }
 */
import { columnLetter, detectColumns, isRole, NUMERIC_ROLES, normalizeHeader, type ColumnMatch, type Role } from "./columns.js";
import { columnNotation, detectNotation, isBlank, isExcelError, parseNumber, quickParse, type ParsedNumber } from "./numbers.js";
import { LOWER_IS_BETTER, SettingsError, type Settings } from "./settings.js";
import { firstOccurrence, median } from "../analysis/stats.js";
import { criterionName, formatAmount, say, type Language, type TextKey } from "./text.js";
import { f64, u8 } from "./memory.js";
import { clvColumn } from "../insights/clv.js";

export type Cell = number | string | boolean | null | undefined;

/**
 * A table held column by column, as the command line reads a large CSV file: the same cells a row
 * array would hold, without a string per number. `cell(r, j)` gives exactly what `rows[r][j]` would
 * (text as it was written, "" for an empty field, undefined past a row's end); `quick(j)` gives the
 * data rows of column j as {@link quickParse} reads them (NaN where it cannot: blank cells, text,
 * ambiguous shapes such as 1,500) with the decimal marks they showed, so the numbers of a million
 * rows are not read again from text.
 */
export interface ColumnTable {
  readonly kind: "columns";
  /** Rows, the header included (what a row array's `length` is). */
  readonly length: number;
  /** The widest row's length. */
  readonly width: number;
  cell(r: number, j: number): Cell;
  /** Table row `r` as an array (for the header and a few rows; not for a million). */
  row(r: number): Cell[];
  quick(j: number): { values: Float64Array; seen: { dot: boolean; comma: boolean } } | null;
}

/** What the engine reads a customer table from: rows of cells (Excel, a workbook), or a {@link ColumnTable}. */
export type TableInput = readonly (readonly Cell[])[] | ColumnTable;

export function isColumnTable(table: unknown): table is ColumnTable {
  return typeof table === "object" && table !== null && !Array.isArray(table) && (table as ColumnTable).kind === "columns";
}

/** Data rows below the header, whichever way the table is held (0 for anything that is no table). */
export function dataRowCount(table: unknown): number {
  return Array.isArray(table) || isColumnTable(table) ? Math.max(0, table.length - 1) : 0;
}

/** The cell of table row `r` (0: the header), column `j`, whichever way the table is held. */
export function cellAt(table: TableInput, r: number, j: number): Cell {
  return isColumnTable(table) ? table.cell(r, j) : table[r]?.[j];
}

/** Table row `r` as an array (undefined past the table's end). */
export function rowAt(table: TableInput, r: number): readonly Cell[] | undefined {
  if (isColumnTable(table)) return r >= 0 && r < table.length ? table.row(r) : undefined;
  return table[r];
}

export interface TableOptions {
  /** Sheet name, for messages. */
  sheet?: string | null;
  /** Sheet row number of the header row (1 when the table starts in row 1). */
  headerRow?: number;
  /** 0-based sheet column index of the table's first column (0 = column A). */
  firstColumn?: number;
  /**
   * 0-based sheet column of each of the table's columns, where they are not side by side (the
   * add-in's own columns between them); else `firstColumn` + the column's index.
   */
  sheetColumns?: readonly number[];
}

export interface Message {
  severity: "problem" | "warning";
  code: TextKey;
  sheet: string | null;
  /** Sheet row number. */
  row: number;
  /** Header text of the column, or null for the whole row. */
  column: string | null;
  /** Column letter on the sheet, e.g. "C". */
  columnLetter: string | null;
  /** The message itself, in the settings' language. */
  text: string;
  /** Where, in words: `Sheet "Klanten", row 12, column C (Omzet)`. */
  location: string;
}

/** A table that cannot be segmented at all: no header row, no revenue column, ... */
export class TableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TableError";
  }
}

export interface ResolvedColumn extends ColumnMatch {
  letter: string;
}

/** A numeric criterion's column, resolved against the table. */
export interface CriterionColumn {
  criterion: string;
  /** Header text the values come from (for margin/profit: the column they are derived from). */
  header: string;
  /** The sheet column the values come from (for margin/profit: the column they are derived from), or null. */
  source: { index: number; letter: string; header: string } | null;
  weight: number;
  lowerIsBetter: boolean;
  values: Float64Array;
}

export interface ReadTable {
  sheet: string | null;
  headerRow: number;
  headers: string[];
  columns: ResolvedColumn[];
  /** Data rows (everything below the header). */
  rowCount: number;
  customer: string[];
  /** 1 when the row takes part in the analysis. */
  included: Uint8Array;
  /** 1 when every cell of the row is blank. */
  empty: Uint8Array;
  revenue: Float64Array;
  /** Given profit, or revenue × margin; NaN when unknown. */
  profit: Float64Array | null;
  /** Given margin (as a fraction), or profit / revenue; NaN when unknown. */
  margin: Float64Array | null;
  growth: Float64Array | null;
  /** Parsed values of every numeric role column found. */
  numeric: Partial<Record<Role, Float64Array>>;
  /** The same by column index (NaN: blank or not a number), for analyses that read the table's columns again. */
  parsed: Map<number, Float64Array>;
  criteria: CriterionColumn[];
  /** Customer lifetime value per row (see clvColumn), or null when it cannot be computed. */
  clv: Float64Array | null;
  messages: Message[][];
  notes: string[];
}

const NO_MESSAGES: Message[] = Object.freeze([]) as unknown as Message[];

export interface MessageColumn {
  letter: string;
  header: string;
}

/** Add a message to data row `i` (0-based below the header); rows without messages share one frozen empty list. */
export function addMessage(
  messages: Message[][],
  where: { lang: Language; sheet: string | null; headerRow: number },
  i: number,
  severity: Message["severity"],
  code: TextKey,
  column: MessageColumn | null,
  params: Record<string, string | number> = {},
): void {
  const row = where.headerRow + 1 + i;
  const message: Message = {
    severity,
    code,
    sheet: where.sheet,
    row,
    column: column ? column.header : null,
    columnLetter: column ? column.letter : null,
    text: say(where.lang, code, params),
    location: describeLocation(where.lang, where.sheet, row, column ? column.letter : null, column ? column.header : null),
  };
  // A row's first message in a list of its size (an empty list pushed to reserves room for 17: a
  // warning on each of a million rows took 130 MB more).
  if (messages[i] === NO_MESSAGES || messages[i] === undefined) messages[i] = [message];
  else messages[i]!.push(message);
}

/** "Sheet "Klanten", row 12, column C (Omzet)" / "Blad "Klanten", rij 12, kolom C (Omzet)". */
export function describeLocation(lang: Language, sheet: string | null, row: number, letter: string | null, header: string | null): string {
  const nl = lang === "nl";
  // Joined into one flat text (pieces added up stay a chain, copied again when written or sent).
  const parts: (string | number)[] = sheet ? [nl ? 'Blad "' : 'Sheet "', sheet, nl ? '", rij ' : '", row ', row] : [nl ? "Rij " : "Row ", row];
  if (letter) parts.push(nl ? ", kolom " : ", column ", letter, header ? ` (${header})` : "");
  return parts.join("");
}

function displayValue(v: Cell): string {
  const s = String(v);
  return s.length > 40 ? s.slice(0, 37) + "..." : s;
}

/** Cell texts that stand for "nothing here": a dash (Excel's accounting zero "€ -"), n.v.t., n/a, nvt. */
const PLACEHOLDER = /^\s*(?:[€$£]|EUR)?\s*[-–—]{1,2}\s*(?:[€$£]|EUR)?\s*$|^\s*(?:n\.?v\.?t\.?|n\/a|na|nvt|geen|none|-)\s*$/i;

/** Text that reads as a date (12/1/2010 8:26, 2024-03-01, 1-3-2024): never an amount. */
const DATE_LIKE = /^\s*(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$/;

/** The first non-blank values of a column (at most `max`). */
function sampleOf(table: TableInput, index: number, max = 500): Cell[] {
  const out: Cell[] = [];
  for (let i = 1; i < table.length && out.length < max; i++) {
    const v = cellAt(table, i, index);
    if (!isBlank(v)) out.push(v as Cell);
  }
  return out;
}

/**
 * Whether a column's values fit a role: a numeric role (revenue, margin, growth, ...) needs at least
 * half of its values to read as numbers and fewer than half to read as dates. A column with fewer
 * than five values (errors and true/false not counted) fits: too little to overrule its header.
 * Other roles take any values.
 */
export function columnFits(table: TableInput, index: number, role: Role): boolean {
  if (role === "customer") {
    // A customer column names most customers: a mostly empty one (a web shop's company field) gives
    // way to the next candidate (the name, the e-mail).
    const rows = Math.min(table.length - 1, 500);
    if (rows < 5) return true;
    return sampleOf(table, index, rows).length * 2 >= rows;
  }
  if (!NUMERIC_ROLES.has(role)) return true;
  const sample = sampleOf(table, index);
  if (sample.length === 0) return true;
  const notation = detectNotation(sample);
  let numbers = 0;
  let dates = 0;
  let counted = 0;
  for (const v of sample) {
    // Excel's error values, true/false and placeholders for "none" (an accounting zero "€ -", "n.v.t.",
    // "n/a") say nothing about what the column is meant to hold.
    if (typeof v === "boolean" || isExcelError(v) || (typeof v === "string" && PLACEHOLDER.test(v))) continue;
    counted++;
    if (typeof v === "string" && DATE_LIKE.test(v)) dates++;
    else if (parseNumber(v, notation).ok) numbers++;
  }
  // A handful of values is too little to overrule a header: then the rows' own messages say what is wrong.
  return counted < 5 || (numbers * 2 >= counted && dates * 2 < counted);
}

/** What a column mostly holds, for a message: "dates", "text (such as "Jansen")" or "numbers". */
function valueKind(table: TableInput, index: number): string {
  const sample = sampleOf(table, index, 200);
  if (!sample.length) return "nothing";
  const dates = sample.filter((v) => typeof v === "string" && DATE_LIKE.test(v)).length;
  if (dates * 2 >= sample.length) return `dates (such as "${String(sample.find((v) => typeof v === "string" && DATE_LIKE.test(v)))}")`;
  const text = sample.find((v) => !parseNumber(v).ok && !isExcelError(v));
  return text === undefined ? "numbers" : `text (such as "${String(text).slice(0, 40)}")`;
}

/** What every step of {@link readTable} shares: the table, where it is, and the messages so far. */
interface ReadContext {
  table: TableInput;
  settings: Settings;
  lang: Language;
  sheet: string | null;
  headerRow: number;
  /** " on sheet "Klanten"" or "", for messages. */
  where: string;
  letterOf: (index: number) => string;
  /** Data rows. */
  n: number;
  notes: string[];
  add: (i: number, severity: Message["severity"], code: TextKey, c: MessageColumn | null, params?: Record<string, string | number>) => void;
}

/**
 * Read a customer table: find the columns, read every number with its column's notation, and collect
 * per row the problems (the row is left out) and warnings (it stays in). In named steps:
 * {@link headersOf}, {@link findColumns}, {@link readCustomers}, {@link checkRevenue},
 * {@link marginAndProfit}, {@link warnDuplicates}, {@link warnNonPositive}, {@link warnUnreadable},
 * {@link warnMissingCriteria}, {@link maskLeftOut}.
 */
export function readTable(table: TableInput, settings: Settings, options: TableOptions = {}): ReadTable {
  const sheet = options.sheet ?? null;
  const headerRow = options.headerRow ?? 1;
  const firstColumn = options.firstColumn ?? 0;
  const sheetColumns = options.sheetColumns;
  const n = dataRowCount(table);
  const messages: Message[][] = new Array(n).fill(NO_MESSAGES);
  const lang = settings.language;
  const ctx: ReadContext = {
    table,
    settings,
    lang,
    sheet,
    headerRow,
    where: sheet ? ` on sheet "${sheet}"` : "",
    letterOf: (index: number) => columnLetter(sheetColumns?.[index] ?? firstColumn + index),
    n,
    notes: [],
    add: (i, severity, code, c, params = {}) => addMessage(messages, { lang, sheet, headerRow }, i, severity, code, c, params),
  };
  const headers = headersOf(ctx);
  const { columns, revenueCol, customerCol } = findColumns(ctx, headers);

  // The numbers of every numeric column. Text cells are read once the column's notation is known.
  const numericCols = columns.filter((c) => NUMERIC_ROLES.has(c.role));
  const failures = new Map<number, Map<number, ParsedNumber>>(); // column index → parse failures per row (sparse)
  const percentText = new Map<number, Uint8Array>();
  const parsed = parseColumns(table, numericCols.map((c) => c.index), failures, percentText);
  const numeric: Partial<Record<Role, Float64Array>> = {};
  numericCols.forEach((c, k) => (numeric[c.role] = parsed[k]!));
  const parseColumn = (index: number): Float64Array => parseColumns(table, [index], failures, percentText)[0]!;

  // A column whose values never show their notation ("1,500" next to "950"): say which reading was used.
  for (const c of numericCols) {
    const notation = columnNotation(sampleOf(table, c.index, 2000));
    if (!notation.settled) ctx.notes.push(lang === "nl" ? `Kolom ${c.letter} (${c.header}): waarden zoals 1,500 kunnen 1,5 of 1500 zijn; gelezen met een decimale komma (1,500 = 1,5) en een punt als duizendtal (1.500 = 1500). Kies desnoods een vaste notatie in de kolom.` : `Column ${c.letter} (${c.header}): values such as 1,500 could be 1.5 or 1500; read with a decimal comma (1,500 = 1.5) and a dot for thousands (1.500 = 1500). Write them unambiguously if that is wrong.`);
  }
  const { customer, included, empty } = readCustomers(ctx, customerCol);
  const revenue = numeric.revenue!;
  checkRevenue(ctx, revenueCol, failures, empty, included);
  const { profit, margin } = marginAndProfit(ctx, columns, numeric, percentText, revenue);
  const growth = numeric.growth ?? null;
  warnDuplicates(ctx, customer, included, customerCol);
  warnNonPositive(ctx, revenue, included, revenueCol);
  const clv = clvColumn(profit, numeric.retention ?? null, numeric.lifetime ?? null, settings.clv);
  const criteria = resolveCriteria(settings, headers, columns, { revenue, profit, margin, numeric, clv }, ctx.notes, parseColumn, ctx.letterOf);
  warnUnreadable(ctx, columns, criteria, failures, included, revenueCol);
  warnMissingCriteria(ctx, criteria, included);
  maskLeftOut(ctx, included, [revenue, ...Object.values(numeric), ...criteria.map((c) => c.values), ...(profit ? [profit] : []), ...(margin ? [margin] : [])]);

  const byIndex = new Map<number, Float64Array>();
  numericCols.forEach((c, k) => byIndex.set(c.index, parsed[k]!));
  return { sheet, headerRow, headers, columns, rowCount: n, customer, included, empty, revenue, profit, margin, growth, numeric, parsed: byIndex, criteria, clv, messages, notes: ctx.notes };
}

/** The header row, trimmed; a table without one is an error. */
function headersOf(ctx: ReadContext): string[] {
  const { table } = ctx;
  const raw = (Array.isArray(table) || isColumnTable(table)) && table.length > 0 ? rowAt(table, 0) : undefined;
  if (!Array.isArray(raw) || raw.every(isBlank)) {
    throw new TableError(`No header row${ctx.where}: the first row of the table must hold column names such as "Customer" and "Revenue" (or "Klant" and "Omzet").`);
  }
  return Array.from({ length: raw.length }, (_, j) => (isBlank(raw[j]) ? "" : String(raw[j]).trim()));
}

/** Which column has which role (headers, the settings, and whether the values fit); revenue and customer are required. */
function findColumns(ctx: ReadContext, headers: string[]): { columns: ResolvedColumn[]; revenueCol: ResolvedColumn; customerCol: ResolvedColumn } {
  const { table, settings } = ctx;
  let matches: ColumnMatch[];
  try {
    matches = detectColumns(headers, settings.columns, (index, role) => columnFits(table, index, role));
  } catch (e) {
    throw new SettingsError([(e as Error).message]);
  }
  const columns: ResolvedColumn[] = matches.map((m) => ({ ...m, letter: ctx.letterOf(m.index) }));
  const headerList = headers.filter((h) => h !== "").map((h) => `"${h}"`).join(", ");
  const revenueCol = columns.find((c) => c.role === "revenue");
  if (!revenueCol) {
    // A column named like revenue whose values are no amounts: say which, and why it was not used.
    const named = detectColumns(headers, settings.columns).find((m) => m.role === "revenue");
    const why = named ? ` Column ${ctx.letterOf(named.index)} ("${named.header}") is named like revenue but holds ${valueKind(table, named.index)}, so it was not used.` : "";
    throw new TableError(`No revenue column${ctx.where} (header row ${ctx.headerRow}): name one "Revenue", "Sales", "Turnover" or "Omzet", or choose it in the settings.${why} Headers found: ${headerList}.`);
  }
  const customerCol = columns.find((c) => c.role === "customer");
  if (!customerCol) {
    throw new TableError(`No customer column${ctx.where} (header row ${ctx.headerRow}): name one "Customer", "Name", "Klant" or "Relatie", or choose it in the settings. Headers found: ${headerList}.`);
  }
  return { columns, revenueCol, customerCol };
}

/** Customer names; a row without one is left out, a fully empty row skipped and counted. */
function readCustomers(ctx: ReadContext, customerCol: ResolvedColumn): { customer: string[]; included: Uint8Array; empty: Uint8Array } {
  const { table, n } = ctx;
  const empty = u8(n);
  const included = u8(n);
  const customer: string[] = new Array(n);
  let emptyCount = 0;
  const ci = customerCol.index;
  for (let i = 0; i < n; i++) {
    const v = cellAt(table, i + 1, ci);
    if (!isBlank(v)) {
      customer[i] = typeof v === "string" ? v.trim() : String(v);
      if (isExcelError(v)) ctx.add(i, "problem", "blankCustomer", customerCol);
      else included[i] = 1;
      continue;
    }
    customer[i] = "";
    let blank = true;
    const r = rowAt(table, i + 1);
    if (r) for (let j = 0; j < r.length && blank; j++) if (!isBlank(r[j])) blank = false;
    if (blank) {
      empty[i] = 1;
      emptyCount++;
    } else ctx.add(i, "problem", "blankCustomer", customerCol);
  }
  if (emptyCount > 0) ctx.notes.push(say(ctx.lang, "note.emptyRows", { count: emptyCount }));
  return { customer, included, empty };
}

/** Revenue is required: a row without a readable one is left out, the reason named. */
function checkRevenue(ctx: ReadContext, revenueCol: ResolvedColumn, failures: Map<number, Map<number, ParsedNumber>>, empty: Uint8Array, included: Uint8Array): void {
  const revFails = failures.get(revenueCol.index);
  if (!revFails) return;
  for (const [i, f] of revFails) {
    if (empty[i]) continue;
    if (!f.ok) {
      const v = cellAt(ctx.table, i + 1, revenueCol.index);
      if (f.reason === "empty") ctx.add(i, "problem", "missingRevenue", revenueCol);
      else if (f.reason === "error-value") ctx.add(i, "problem", "errorRevenue", revenueCol, { value: f.errorValue ?? String(v) });
      else if (f.reason === "boolean") ctx.add(i, "problem", "booleanRevenue", revenueCol, { value: String(v).toUpperCase() });
      else ctx.add(i, "problem", "unreadableRevenue", revenueCol, { value: displayValue(v as Cell) });
      included[i] = 0;
    }
  }
}

/**
 * Margin and profit: a margin column holds fractions, percentage points (read as %) or amounts (read
 * as profit); each is derived from the other with revenue where only one is given.
 */
function marginAndProfit(ctx: ReadContext, columns: ResolvedColumn[], numeric: Partial<Record<Role, Float64Array>>, percentText: Map<number, Uint8Array>, revenue: Float64Array): { profit: Float64Array | null; margin: Float64Array | null } {
  const { n, lang } = ctx;
  let marginCol = columns.find((c) => c.role === "margin");
  let profitCol = columns.find((c) => c.role === "profit");
  let marginValues = numeric.margin ?? null;
  let profitValues = numeric.profit ?? null;
  if (marginCol && marginValues) {
    const pct = percentText.get(marginCol.index)!;
    const abs = f64(n).fill(NaN);
    let counted = 0;
    let overOne = 0;
    for (let i = 0; i < n; i++) {
      const v = marginValues[i]!;
      if (Number.isNaN(v) || pct[i]) continue;
      abs[i] = Math.abs(v);
      counted++;
      if (abs[i]! > 1) overOne++;
    }
    const med = counted ? median(abs) : 0;
    if (med > 100 && !profitCol) {
      ctx.notes.push(say(lang, "note.marginAmounts", { column: marginCol.header }));
      profitCol = { ...marginCol, role: "profit" };
      profitValues = marginValues;
      numeric.profit = marginValues;
      delete numeric.margin;
      columns.splice(columns.indexOf(marginCol), 1, profitCol);
      marginCol = undefined;
      marginValues = null;
    } else if (overOne * 2 > counted) {
      ctx.notes.push(say(lang, "note.marginPoints", { column: marginCol.header }));
      const scaled = f64(n);
      for (let i = 0; i < n; i++) scaled[i] = pct[i] ? marginValues[i]! : marginValues[i]! / 100;
      marginValues = scaled;
      numeric.margin = scaled;
    }
  }
  if (profitValues) {
    const margin = f64(n);
    if (marginValues) margin.set(marginValues);
    for (let i = 0; i < n; i++) {
      if (marginValues && !Number.isNaN(marginValues[i]!)) continue;
      const r = revenue[i]!;
      margin[i] = r > 0 ? profitValues[i]! / r : NaN;
    }
    return { profit: profitValues, margin };
  }
  if (marginValues) {
    const profit = f64(n);
    for (let i = 0; i < n; i++) profit[i] = revenue[i]! * marginValues[i]!;
    return { profit, margin: marginValues };
  }
  ctx.notes.push(say(lang, "note.noProfit"));
  return { profit: null, margin: null };
}

/** Duplicate customer names (case and spaces ignored): both rows stay, each names the other. */
function warnDuplicates(ctx: ReadContext, customer: string[], included: Uint8Array, customerCol: ResolvedColumn): void {
  const n = ctx.n;
  const skip = u8(n);
  for (let i = 0; i < n; i++) skip[i] = included[i] ? 0 : 1;
  const firstOf = firstOccurrence(customer, nameKey, nameHash, skip);
  const dupWarned = u8(n);
  for (let i = 0; i < n; i++) {
    const first = firstOf[i]!;
    if (!included[i] || first < 0) continue;
    ctx.add(i, "warning", "duplicateCustomer", customerCol, { customer: customer[i]!, other: ctx.headerRow + 1 + first });
    if (!dupWarned[first]) {
      ctx.add(first, "warning", "duplicateCustomer", customerCol, { customer: customer[first]!, other: ctx.headerRow + 1 + i });
      dupWarned[first] = 1;
    }
  }
}

/** Zero or negative revenue: kept, ranked last, and said. */
function warnNonPositive(ctx: ReadContext, revenue: Float64Array, included: Uint8Array, revenueCol: ResolvedColumn): void {
  for (let i = 0; i < ctx.n; i++) {
    if (included[i] && revenue[i]! <= 0) ctx.add(i, "warning", "nonPositiveRevenue", revenueCol, { value: formatAmount(revenue[i]!, ctx.lang) });
  }
}

/**
 * Unreadable optional values (once per cell): every numeric column but revenue, and every other
 * column used as a score criterion.
 */
function warnUnreadable(ctx: ReadContext, columns: ResolvedColumn[], criteria: CriterionColumn[], failures: Map<number, Map<number, ParsedNumber>>, included: Uint8Array, revenueCol: ResolvedColumn): void {
  const warnColumns: { index: number; letter: string; header: string }[] = columns.filter((c) => NUMERIC_ROLES.has(c.role) && c.role !== "revenue");
  for (const c of criteria) {
    if (c.source && c.source.index !== revenueCol.index && !warnColumns.some((w) => w.index === c.source!.index)) warnColumns.push(c.source);
  }
  for (const c of warnColumns) {
    const fails = failures.get(c.index);
    if (!fails) continue;
    for (const [i, f] of fails) {
      if (f.ok || f.reason === "empty" || !included[i]) continue;
      const v = cellAt(ctx.table, i + 1, c.index);
      if (f.reason === "error-value") ctx.add(i, "warning", "errorValue", c, { column: c.header, value: f.errorValue ?? String(v) });
      else ctx.add(i, "warning", "unreadableValue", c, { column: c.header, value: displayValue(v as Cell) });
    }
  }
}

/** A blank value of a score criterion leaves it out for that row, and says so. */
function warnMissingCriteria(ctx: ReadContext, criteria: CriterionColumn[], included: Uint8Array): void {
  for (const c of criteria) {
    if (c.weight <= 0) continue;
    for (let i = 0; i < ctx.n; i++) {
      if (!included[i] || !Number.isNaN(c.values[i]!)) continue;
      const cell = c.source ? cellAt(ctx.table, i + 1, c.source.index) : undefined;
      if (c.source && !isBlank(cell)) continue; // unreadable (warned above) or derived from a credit
      ctx.add(i, "warning", "missingCriterion", c.source, { column: c.header || c.criterion });
    }
  }
}

/** Left-out rows take no part in any analysis: their numbers become NaN ("no value"). */
function maskLeftOut(ctx: ReadContext, included: Uint8Array, arrays: Float64Array[]): void {
  const leftOut: number[] = [];
  for (let i = 0; i < ctx.n; i++) if (!included[i]) leftOut.push(i);
  if (!leftOut.length) return;
  for (const a of new Set(arrays)) for (const i of leftOut) a[i] = NaN;
}

/** Customer names compare without case and with runs of spaces as one. */
function nameKey(name: string): string {
  const lower = name.toLowerCase();
  return /[^\S ]| {2}/.test(lower) ? lower.replace(/\s+/g, " ") : lower;
}

/**
 * Numbers of several columns. Real numbers are taken as they are; text is read
 * afterwards with the notation its column shows. Failures and "written with %" flags are recorded
 * per column index.
 */
const WHITESPACE = /\s/;

/** FNV-1a over the name as {@link nameKey} sees it (ASCII folded here; other letters by toLowerCase). */
function nameHash(name: string): number {
  let h = 0x811c9dc5;
  let space = false;
  for (let c = 0; c < name.length; c++) {
    let code = name.charCodeAt(c);
    if (code === 32 || (code >= 9 && code <= 13) || (code > 127 && WHITESPACE.test(name[c]!))) {
      if (space) continue;
      space = true;
      code = 32;
    } else {
      space = false;
      if (code >= 65 && code <= 90) code += 32;
      else if (code > 127) code = name[c]!.toLowerCase().charCodeAt(0);
    }
    h = Math.imul(h ^ code, 0x01000193);
  }
  return h >>> 0;
}

function parseColumns(
  table: TableInput,
  indices: number[],
  failures: Map<number, Map<number, ParsedNumber>>,
  percentText: Map<number, Uint8Array>,
): Float64Array[] {
  const n = table.length - 1;
  const cols = indices.length;
  const values = indices.map(() => f64(n));
  const deferred: number[][] = indices.map(() => []); // rows whose cell is not a number
  // Column by column: a loop that reads one column is several times quicker in V8 than one that
  // reads all columns of a row.
  // Text in the common unambiguous shapes (as a CSV file gives every number) is read at once; its
  // decimal marks are noted as evidence of the column's notation, which the other cells settle.
  const seen = indices.map(() => ({ dot: false, comma: false }));
  for (let k = 0; k < cols; k++) {
    const j = indices[k]!;
    const out = values[k]!;
    const later = deferred[k]!;
    const marks = seen[k]!;
    if (isColumnTable(table)) {
      // Read already, as the loop below would: the values quickParse gives and the marks they showed.
      const quick = table.quick(j);
      if (quick) {
        out.set(quick.values.subarray(0, n));
        if (quick.seen.dot) marks.dot = true;
        if (quick.seen.comma) marks.comma = true;
      } else out.fill(NaN);
      for (let i = 0; i < n; i++) if (Number.isNaN(out[i]!)) later.push(i);
      continue;
    }
    for (let i = 0; i < n; i++) {
      const v = table[i + 1]?.[j];
      if (typeof v === "number") out[i] = Number.isFinite(v) ? v : NaN;
      else if (typeof v === "string") {
        const q = quickParse(v, marks);
        if (Number.isNaN(q)) later.push(i);
        else out[i] = q;
      } else later.push(i);
    }
  }
  for (let k = 0; k < cols; k++) {
    const index = indices[k]!;
    const rows = deferred[k]!;
    const pct = u8(n);
    percentText.set(index, pct);
    if (rows.length === 0) continue;
    const notation = columnNotation(rows.map((i) => cellAt(table, i + 1, index)), seen[k]).notation;
    const fails = new Map<number, ParsedNumber>(); // in row order
    let anyFail = false;
    for (const i of rows) {
      const p = parseNumber(cellAt(table, i + 1, index), notation);
      if (p.ok) {
        values[k]![i] = p.value;
        if (p.percent) pct[i] = 1;
      } else {
        values[k]![i] = NaN;
        fails.set(i, p);
        anyFail = true;
      }
    }
    if (anyFail) failures.set(index, fails);
  }
  return values;
}

function resolveCriteria(
  settings: Settings,
  headers: string[],
  columns: ResolvedColumn[],
  derived: { revenue: Float64Array; profit: Float64Array | null; margin: Float64Array | null; numeric: Partial<Record<Role, Float64Array>>; clv: Float64Array | null },
  notes: string[],
  parseColumn: (index: number) => Float64Array,
  letterOf: (index: number) => string,
): CriterionColumn[] {
  const lang = settings.language;
  const out: CriterionColumn[] = [];
  const byRole = (role: Role) => columns.find((c) => c.role === role);
  const src = (c: ResolvedColumn | undefined) => (c ? { index: c.index, letter: c.letter, header: c.header } : null);
  const missing: string[] = [];
  for (const c of settings.score.criteria) {
    const lowerIsBetter = c.lowerIsBetter ?? LOWER_IS_BETTER.has(c.criterion);
    // A criterion weighted 0 counts for nothing: not read, not reported missing.
    if (c.weight === 0) continue;
    if (c.criterion === "clv") {
      // Lifetime value, derived from profit and retention or lifetime (see clvColumn).
      if (!derived.clv) missing.push("clv");
      else out.push({ criterion: "clv", header: "CLV", source: null, weight: c.weight, lowerIsBetter, values: derived.clv });
      continue;
    }
    if (isRole(c.criterion)) {
      const role = c.criterion;
      let values: Float64Array | null = null;
      let source: ResolvedColumn | undefined;
      if (role === "revenue") {
        values = derived.revenue;
        source = byRole("revenue");
      } else if (role === "margin") {
        values = derived.margin;
        source = byRole("margin") ?? byRole("profit");
      } else if (role === "profit") {
        values = derived.profit;
        source = byRole("profit") ?? byRole("margin");
      } else if (NUMERIC_ROLES.has(role)) {
        values = derived.numeric[role] ?? null;
        source = byRole(role);
      } else {
        throw new SettingsError([`criterion "${role}" is not a numeric column and cannot be scored`]);
      }
      if (!values) {
        missing.push(role);
        continue;
      }
      out.push({ criterion: role, header: source?.header ?? "", source: src(source), weight: c.weight, lowerIsBetter, values });
      continue;
    }
    // Any other numeric column, named by its header.
    const want = normalizeHeader(c.criterion);
    let index = headers.findIndex((h) => h === c.criterion.trim());
    if (index < 0) index = headers.findIndex((h) => normalizeHeader(h) === want && want !== "");
    if (index < 0) {
      throw new SettingsError([`unknown criterion "${c.criterion}": it is neither a known role nor a column of this table`]);
    }
    const existing = columns.find((m) => m.index === index);
    if (existing && !NUMERIC_ROLES.has(existing.role)) {
      throw new SettingsError([`criterion "${c.criterion}" is the ${existing.role} column, which holds no numbers`]);
    }
    const values = existing ? (derived.numeric[existing.role] ?? parseColumn(index)) : parseColumn(index);
    const source = { index, letter: letterOf(index), header: headers[index]! };
    out.push({ criterion: c.criterion, header: headers[index]!, source, weight: c.weight, lowerIsBetter, values });
  }
  if (missing.length) notes.push(say(lang, "note.criterionMissing", { criterion: missing.map((m) => criterionName(m, lang)).join(", ") }));
  return out;
}
