/**
 * Transactions mode: from an order list (one row per invoice line: date, customer, amount, sometimes
 * cost) to one row per customer, so every analysis of the customer table runs on it.
 *
 * An order list is recognised by a date column next to a customer column whose values repeat (on at
 * least two lines and 5% of the lines: a customer table with a date column and a duplicate is not one). Per
 * customer: revenue (the amounts; returns and credit notes, negative amounts, net out), profit when a
 * cost column is given (amount − cost), the number of orders (distinct order numbers when there is an
 * order/invoice column, else distinct order dates), first and last order date, the customer's
 * lifetime (days from first to last order), revenue per year (revenue over the years from the
 * first order to the last date of the list, at least one) and, for a list of about two years or more,
 * growth: revenue of the last 12 months against the 12 before (the BCG matrix's growth axis). Rows without a customer, date or amount
 * are reported with their sheet row and left out.
 *
 * Dates are read as Excel serial numbers, ISO (2024-03-01), YYYYMMDD (19970101), and day or month
 * first (1-3-2024, 12/1/2010 8:26) as the column's values settle it ({@link dateOrderOf}).
 *
 * @example
 * const agg = aggregateTransactions(orderRows);
 * segment(agg.table)  // the customer table: Customer, Revenue, Profit, Orders, First order, ...
 */
import { cellAt, columnFits, isColumnTable, rowAt, TableError, type TableInput } from "../reading/table.js";
import { detectColumns, normalizeHeader, type MappableRole, type OrderListRole } from "../reading/columns.js";
import { detectNotation, isBlank, parseNumber } from "../reading/numbers.js";
import { ownText } from "../reading/memory.js";
import type { Cell } from "../reading/table.js";
import type { Language } from "../reading/text.js";

const DATE_HEADERS = ["date", "datum", "order date", "orderdatum", "invoice date", "factuurdatum", "transaction date", "transactiedatum", "boekdatum", "besteldatum", "verkoopdatum", "created at", "paid at", "document date", "documentdatum"];
const ORDER_HEADERS = ["order", "order id", "order number", "order no", "order nr", "ordernummer", "ordernr", "invoice", "invoice no", "invoice number", "invoice nr", "invoice id", "factuur", "factuurnummer", "factuurnr", "factuur nr", "bon", "bonnummer", "bonnr", "receipt number", "transaction id", "document number", "boekstuk", "boekstuknummer"];
const COST_HEADERS = ["cost", "costs", "kostprijs", "inkoopprijs", "inkoop", "kosten", "cost price", "cogs", "inkoopwaarde", "cost price fc"];
const AMOUNT_HEADERS = ["amount", "bedrag", "total", "totaal", "line total", "regeltotaal", "value", "waarde", "sales", "omzet", "revenue", "netto", "net amount", "bedrag excl btw", "order line total", "order line w o tax", "net sales", "lineitem total", "regelbedrag", "net price total", "order total", "order total amount"];
const QUANTITY_HEADERS = ["quantity", "qty", "aantal", "stuks", "aantal stuks", "hoeveelheid", "lineitem quantity", "item quantity", "items sold", "quantity refund"];
const PRICE_HEADERS = ["unit price", "price", "prijs", "stukprijs", "prijs per stuk", "eenheidsprijs", "lineitem price", "item price", "item cost", "verkoopprijs", "net price", "netto prijs", "unitprice"];

/** Days since 1970-01-01 (UTC) of a cell, or NaN. */
export function parseDate(v: unknown, order: DateOrder = "dmy"): number {
  if (typeof v === "number") {
    if (v >= 19_000_101 && v <= 21_001_231 && Number.isInteger(v)) return parseDate(String(v));
    // Excel serial date (1900 system): 25569 is 1970-01-01.
    return v > 0 && v < 2_958_466 ? Math.floor(v) - 25_569 : NaN;
  }
  if (v instanceof Date) return Math.floor(v.getTime() / 86_400_000);
  const s = String(v ?? "").trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return utc(+m[1]!, +m[2]!, +m[3]!);
  // Day and month first, with a time or not ("1-3-2024", "12/1/2010 8:26"); two-digit years are 20xx.
  m = SHORT_DATE.exec(s);
  if (m) {
    // Two-digit years as Excel reads them: 00-29 are 2000-2029, 30-99 are 1930-1999.
    const year = m[3]!.length === 2 ? (Number(m[3]) < 30 ? 2000 : 1900) + Number(m[3]) : Number(m[3]);
    return order === "mdy" ? utc(year, +m[1]!, +m[2]!) : utc(year, +m[2]!, +m[1]!);
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return utc(+m[1]!, +m[2]!, +m[3]!);
  return NaN;
}

/** Which part of a date such as 3/4/2024 is the day: day first (Dutch, most of Europe) or month first (US exports). */
export type DateOrder = "dmy" | "mdy";

const CREDIT_WORDS = /\bcredit ?nota\b|\bcredit ?note\b|\bcreditfactuur\b/i;

const SHORT_DATE = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp][Mm])?)?$/;

/**
 * Whether a date column is written day first or month first, from all its values: a first part
 * above 12 settles day first, a second part above 12 month first. `settled` is false when no value
 * settles it (all parts up to 12): then day first is assumed, as Dutch and Flemish files have it.
 *
 * @example
 * dateOrderOf(["12/1/2010 8:26", "12/13/2010 9:01"]) // { order: "mdy", settled: true }
 * dateOrderOf(["1-3-2024", "2-3-2024"])               // { order: "dmy", settled: false }
 */
export function dateOrderOf(values: Iterable<unknown>): { order: DateOrder; settled: boolean; contradictory?: boolean } {
  let dayFirst = false;
  let monthFirst = false;
  for (const v of values) {
    if (typeof v !== "string") continue;
    const m = SHORT_DATE.exec(v.trim());
    if (!m) continue;
    if (+m[1]! > 12) dayFirst = true;
    if (+m[2]! > 12) monthFirst = true;
    if (dayFirst && monthFirst) break;
  }
  if (monthFirst && !dayFirst) return { order: "mdy", settled: true };
  return { order: "dmy", settled: dayFirst && !monthFirst, ...(dayFirst && monthFirst ? { contradictory: true } : {}) };
}

function utc(y: number, mo: number, d: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCDate() !== d) return NaN; // 31-02
  return t / 86_400_000;
}

/** Days since 1970 as an Excel serial date (1900 date system): the inverse of parseDate's reading of a serial. */
export function excelSerial(days: number): number {
  return days + 25_569;
}

/** "2024-03-01" for days since 1970. */
export function formatDate(days: number): string {
  let text = DATE_TEXT.get(days);
  if (text === undefined) {
    text = new Date(days * 86_400_000).toISOString().slice(0, 10);
    // A list has a few thousand different days; the texts of millions of customers' first and last
    // purchases are made once each.
    if (DATE_TEXT.size < 100_000) DATE_TEXT.set(days, text);
  }
  return text;
}
const DATE_TEXT = new Map<number, string>();

function findHeader(headers: string[], names: string[], taken: Set<number>, fit: (i: number) => boolean = () => true): number {
  for (const name of names) {
    const i = headers.findIndex((h, k) => !taken.has(k) && h === name && fit(k));
    if (i >= 0) return i;
  }
  for (const name of names) {
    const i = headers.findIndex((h, k) => !taken.has(k) && (h.endsWith(` ${name}`) || h.startsWith(`${name} `)) && fit(k));
    if (i >= 0) return i;
  }
  return -1;
}

export interface TransactionColumns {
  customer: number;
  date: number;
  /** The line amount's column, or -1 when the amount is quantity × unit price. */
  amount: number;
  cost: number | null;
  order: number | null;
  quantity?: number | null;
  unitPrice?: number | null;
}

/** The column a setting names for an order-list role (by its header), or -1; a header that is not there is an error. */
function mapped(header: readonly Cell[], name: string | null | undefined, role: string): number {
  if (name === undefined || name === null || name === "") return -1;
  let i = header.findIndex((h) => String(h ?? "").trim() === name.trim());
  if (i < 0) i = header.findIndex((h) => normalizeHeader(h) === normalizeHeader(name) && normalizeHeader(name) !== "");
  if (i < 0) throw new TableError(`The settings map ${role} to the column "${name}", but the header row has no such column. Headers: ${header.map((h) => `"${String(h ?? "")}"`).join(", ")}.`);
  return i;
}

/**
 * The date column of an order list's header (the one the settings name, else found by its name), or
 * -1: a table without one is no order list (see {@link detectTransactions}).
 */
export function orderDateColumn(header: readonly Cell[], overrides: Partial<Record<MappableRole, string | null>> = {}): number {
  const given = mapped(header, overrides.date, "date");
  if (given >= 0) return given;
  if (overrides.date === null) return -1;
  return findHeader(header.map(normalizeHeader), DATE_HEADERS, new Set());
}

/**
 * The columns of an order list, or null when the table is not one: it needs a date column, a
 * customer column whose values repeat (at least two lines and 5% of the lines) and an amount: an
 * amount column whose values are amounts, or a quantity and a unit price (amount = quantity × unit
 * price). A table that has the first two but no amount is an order list the tool cannot read: that is
 * an error saying so, never a customer table made of a wrong column. `overrides` may name every
 * column (`date`, `amount`, `quantity`, `unitPrice`, `invoice`, `cost`, `customer`, `customerId`).
 */
export function detectTransactions(table: TableInput, overrides: Partial<Record<MappableRole, string | null>> = {}): TransactionColumns | null {
  const header = rowAt(table, 0);
  if (!header || table.length < 3) return null;
  const headers = header.map(normalizeHeader);
  const taken = new Set<number>();
  const pick = (role: OrderListRole, names: string[], fit?: (i: number) => boolean): number => {
    const given = mapped(header, overrides[role], role);
    if (given >= 0) {
      taken.add(given);
      return given;
    }
    if (overrides[role] === null) return -1;
    const i = findHeader(headers, names, taken, fit);
    if (i >= 0) taken.add(i);
    return i;
  };
  const date = orderDateColumn(header, overrides);
  if (date < 0) return null;
  taken.add(date);
  let roles: ReturnType<typeof detectColumns>;
  try {
    roles = detectColumns(header, overrides, (i, role) => columnFits(table, i, role));
  } catch {
    return null;
  }
  // The customer column: the best match. Only where it cannot be one (mostly empty, or a column of
  // order numbers such as Shopify's "Name" with #1001) does the next candidate take its place (the
  // billing name, the e-mail, the customer id); a column with names that do not repeat means a
  // customer table, not an order list.
  // Shopify's order number sits in a column "Name" (#1001): a column of #-numbers is an order number.
  const hashNumbers = (i: number) => {
    let hits = 0;
    let seen = 0;
    for (let r = 1; r < table.length && seen < 200; r++) {
      const v = cellAt(table, r, i);
      if (isBlank(v)) continue;
      seen++;
      if (/^#\d{2,}$/.test(String(v).trim())) hits++;
    }
    return seen > 0 && hits === seen;
  };
  const customerMatch = roles.find((m) => m.role === "customer" && m.index !== date);
  const idMatch = roles.find((m) => m.role === "id" && m.index !== date);
  const byHeader = (h: string) => header.findIndex((x) => String(x ?? "") === h);
  const candidates = [
    ...(customerMatch ? [customerMatch.index, ...(customerMatch.source === "settings" ? [] : (customerMatch.alternatives ?? []).map(byHeader))] : []),
    ...(idMatch && (!customerMatch || customerMatch.source !== "settings") ? [idMatch.index] : []),
  ].filter((i, k, all) => i >= 0 && i !== date && all.indexOf(i) === k);
  // Filled on most lines; where an order number sits in a column of #-numbers, on most orders' first
  // lines (the export leaves an order's other lines empty).
  const orderKey = header.findIndex((_, i) => hashNumbers(i));
  // Without such a column every line counts (and no list of all line numbers is made).
  let firstLines: number[] | null = null;
  if (orderKey >= 0) {
    firstLines = [];
    const seenKeys = new Set<string>();
    for (let i = 1; i < table.length; i++) {
      const k = String(cellAt(table, i, orderKey) ?? "").trim();
      if (k && seenKeys.has(k)) continue;
      if (k) seenKeys.add(k);
      firstLines.push(i);
    }
  }
  const filled = (col: number) => {
    const count = firstLines ? firstLines.length : table.length - 1;
    const need = Math.ceil(count / 2);
    // Decided as soon as half the lines have a value, or too few lines are left for that.
    let values = 0;
    for (let k = 0; k < count; k++) {
      if (!isBlank(cellAt(table, firstLines ? firstLines[k]! : k + 1, col))) values++;
      if (values >= need) return true;
      if (values + (count - k - 1) < need) return false;
    }
    return values * 2 >= count;
  };
  const usable = (col: number) => filled(col) && !hashNumbers(col);
  const repeatsIn = (col: number) => {
    const seen = new Set<string>();
    let lines = 0;
    // Each different text made lowercase once (a list repeats its customers line after line).
    const lower = new Map<Cell, string>();
    let lastV: Cell = undefined;
    let lastC = "";
    // The repeats only grow and the lines are at most table.length - 1: once the repeats reach the
    // bar for a full table the answer is yes (an order list says so within its first few percent).
    const enough = Math.max(2, 0.05 * (table.length - 1));
    for (let i = 1; i < table.length; i++) {
      const v = cellAt(table, i, col);
      let c = v === lastV && i > 1 ? lastC : lower.get(v);
      if (c === undefined) {
        c = String(v ?? "").trim().toLowerCase();
        lower.set(v, c);
      }
      lastV = v;
      lastC = c;
      if (!c) continue;
      lines++;
      seen.add(c);
      if (lines - seen.size >= enough) return true;
    }
    // At least two lines, and 5% of the lines, repeat a customer: an order list, not a customer
    // table with a date column (where a duplicate row or two is a mistake).
    return lines > 0 && lines - seen.size >= Math.max(2, 0.05 * lines);
  };
  const first = candidates.find((c) => customerMatch?.source === "settings" || usable(c));
  if (first === undefined || !repeatsIn(first)) return null;
  const customer = first;
  taken.add(customer);
  const amounts = (i: number) => columnFits(table, i, "revenue");
  // An invoice or order number has many distinct values ("Invoice status" has a handful).
  const numbers = (i: number) => {
    const seen = new Set<string>();
    let values = 0;
    for (let r = 1; r < table.length && values < 2000; r++) {
      const v = cellAt(table, r, i);
      if (isBlank(v)) continue;
      values++;
      seen.add(String(v).trim());
    }
    // More than ten numbers, or (in a short list) a number per three lines at least.
    return values > 0 && (seen.size > 10 || seen.size * 3 >= values);
  };
  let order = pick("invoice", ORDER_HEADERS, numbers);
  if (order < 0 && overrides.invoice !== null) {
    order = header.findIndex((_, i) => !taken.has(i) && hashNumbers(i));
    if (order >= 0) taken.add(order);
  }
  const cost = pick("cost", COST_HEADERS, amounts);
  const quantity = pick("quantity", QUANTITY_HEADERS, amounts);
  const unitPrice = pick("unitPrice", PRICE_HEADERS, amounts);
  let amount = pick("amount", AMOUNT_HEADERS, amounts);
  if (amount < 0) amount = roles.find((m) => m.role === "revenue" && !taken.has(m.index))?.index ?? -1;
  if (amount < 0 && (quantity < 0 || unitPrice < 0)) {
    throw new TableError(
      `This looks like an order list (dates in "${String(header[date] ?? "")}", customers in "${String(header[customer] ?? "")}" on several lines), but no amount can be formed: ` +
        `there is no amount column (Amount, Total, Bedrag, Omzet) and no quantity with a unit price (Quantity and UnitPrice, Aantal and Stukprijs). ` +
        `Name the columns in the settings (--map amount=..., or --map quantity=... --map unitPrice=...). Headers: ${header.map((h) => `"${String(h ?? "")}"`).join(", ")}.`,
    );
  }
  return { customer, date, amount, cost: cost >= 0 ? cost : null, order: order >= 0 ? order : null, quantity: amount < 0 ? quantity : null, unitPrice: amount < 0 ? unitPrice : null };
}

export interface AggregatedCustomer {
  customer: string;
  revenue: number;
  profit: number | null;
  orders: number;
  first: number;
  last: number;
  /** Days from first to last order. */
  lifetimeDays: number;
  revenuePerYear: number;
  /** Revenue of the last 12 months against the 12 before, as a fraction (0.25 = +25%); null when the list is shorter than about two years or the customer had no revenue in the earlier year. */
  growth: number | null;
  /** Distinct order days, sorted (for recency/frequency models). */
  days: number[];
  /** Revenue per order day, in the order of `days`. */
  dayRevenue: number[];
  /**
   * From a customer summary (no order lines): the repeat purchases and the weeks the models need,
   * and the revenue of the repeat purchases; `days` and `dayRevenue` are then empty.
   */
  history?: { x: number; tx: number; T: number };
  repeatRevenue?: number;
}

export interface Aggregation {
  columns: TransactionColumns;
  customers: AggregatedCustomer[];
  /** The customer table every other analysis reads (header row first). */
  table: Cell[][];
  /** What each column of `table` holds, in its order (profit only with a cost column, growth only for a list of about two years). */
  kinds: AggregateColumn[];
  lines: number;
  /** Last date of the list: "now" for recency. */
  end: number;
  problems: { row: number; text: string }[];
  /** What the reading assumed or left out, in plain sentences (date order, credit notes, growth). */
  notes: string[];
  /** Which column became which role of the order list (amount "Quantity × UnitPrice" for a line-level export). */
  columnsUsed: { role: string; header: string }[];
  /** How dates such as 3/4/2024 were read. */
  dateOrder: DateOrder;
  /** No dates at all (a customer summary without first-purchase dates): days are counted from the list's end as day 0. */
  undated?: boolean;
}

const HEAD = {
  en: ["Customer", "Revenue", "Profit", "Orders", "First order", "Last order", "Lifetime (days)", "Revenue per year", "Growth (12 months)"],
  nl: ["Klant", "Omzet", "Winst", "Aantal orders", "Eerste order", "Laatste order", "Levensduur (dagen)", "Omzet per jaar", "Groei (12 mnd)"],
};

/** A list covering about two years or more gets the growth column: the last 12 months against the 12 before. */
const GROWTH_SPAN_DAYS = 700;

export function aggregateTransactions(table: TableInput, options: { language?: Language; columns?: TransactionColumns; headerRow?: number } = {}): Aggregation {
  const lang = options.language ?? "en";
  const cols = options.columns ?? detectTransactions(table);
  if (!cols) throw new Error(lang === "nl" ? "Dit is geen orderlijst: er is een datum-, klant- en bedragkolom nodig, met klanten die vaker voorkomen." : "This is not an order list: it needs a date, a customer and an amount column, with customers that appear more than once.");
  const headerRow = options.headerRow ?? 1;
  const n = table.length - 1;
  // Cell j of data line i, whichever way the table is held; a table read into columns has its common
  // number shapes read already (as parseNumber reads them whatever the notation).
  const at = (i: number, j: number): Cell => cellAt(table, i + 1, j);
  const columnar = isColumnTable(table) ? table : null;
  const width = columnar ? columnar.width : 0;
  const quicks = columnar ? Array.from({ length: width }, (_, j) => columnar.quick(j)?.values ?? null) : [];
  const sample = (col: number) => Array.from({ length: Math.min(n, 2000) }, (_, i) => at(i, col));
  const amountNotation = cols.amount >= 0 ? detectNotation(sample(cols.amount)) : "mixed";
  const costNotation = cols.cost !== null ? detectNotation(sample(cols.cost)) : amountNotation;
  const qtyNotation = cols.quantity != null ? detectNotation(sample(cols.quantity)) : "mixed";
  const priceNotation = cols.unitPrice != null ? detectNotation(sample(cols.unitPrice)) : "mixed";
  // The date column's values without a line's repeat of the line before (the order is a matter of
  // which values occur): millions of lines hold a few hundred days.
  const dateValues: Cell[] = [];
  for (let i = 0, last: Cell = undefined; i < n; i++) {
    const v = at(i, cols.date);
    if (i > 0 && v === last) continue;
    dateValues.push(v);
    last = v;
  }
  const dates = dateOrderOf(dateValues);
  const hasShortDates = sample(cols.date).some((v) => typeof v === "string" && SHORT_DATE.test(v.trim()));
  type Acc = { name: string; revenue: number; cost: number; costKnown: boolean; firstRow: number; index: number };
  const by = new Map<string, Acc>();
  const accs: Acc[] = [];
  // The lines that count, in sheet order: their customer, day, amount, whether a credit, order key.
  // Gathered per customer afterwards, so millions of lines make no map per customer that lives
  // through the run (nor a random visit to one per line).
  const lines = Math.max(0, n);
  const lineAcc = new Int32Array(lines);
  const lineDay = new Float64Array(lines);
  const lineValue = new Float64Array(lines);
  const lineCredit = new Uint8Array(lines);
  const lineOrder: string[] = new Array(lines);
  let m = 0;
  const problems: { row: number; text: string }[] = [];
  const notes: string[] = [];
  const nl = lang === "nl";
  const dateHeader = String(cellAt(table, 0, cols.date) ?? "");
  if (hasShortDates && dates.contradictory) {
    notes.push(nl ? `De datums in "${dateHeader}" spreken elkaar tegen: sommige hebben de dag boven 12 voorop, andere de maand; gelezen als dag-maand-jaar, de rest telt niet mee.` : `The dates in "${dateHeader}" contradict each other: some have a day above 12 first, others a month; read day first, and lines that cannot be read so are left out.`);
  } else if (hasShortDates && !dates.settled) {
    notes.push(nl ? `De datums in "${dateHeader}" zijn gelezen als dag-maand-jaar; geen datum maakt het zeker (geen deel boven 12).` : `The dates in "${dateHeader}" were read day first (day-month-year); no date settles it (no part above 12).`);
  } else if (hasShortDates && dates.order === "mdy") {
    notes.push(nl ? `De datums in "${dateHeader}" zijn gelezen als maand-dag-jaar, zoals de waarden laten zien.` : `The dates in "${dateHeader}" were read month first (month/day/year), as their values show.`);
  }
  let end = -Infinity;
  let start = Infinity;
  let credits = 0;
  const carry = new Map<string, { name: string; date: Cell }>();
  // A cell's number, NaN when it has none (blank, text): no object per cell.
  const numberAt = (i: number, col: number, notation: ReturnType<typeof detectNotation>): number => {
    const q = columnar ? (quicks[col]?.[i] ?? NaN) : NaN;
    if (q === q) return q;
    const p = parseNumber(at(i, col), notation);
    return p.ok ? p.value : NaN;
  };
  const blankLine = (i: number): boolean => {
    if (!columnar) return (table as readonly (readonly Cell[])[])[i + 1]?.every((v) => isBlank(v)) ?? true;
    for (let j = 0; j < width; j++) if (!Number.isNaN(quicks[j]?.[i] ?? NaN) || !isBlank(columnar.cell(i + 1, j))) return false;
    return true;
  };
  // "Creditnota" anywhere on the line (a number never says it); each column's text of the line
  // before is not searched again (an order's lines repeat date, invoice and customer).
  const lastText: Cell[] = new Array(width).fill(undefined);
  const lastSays: boolean[] = new Array(width).fill(false);
  const saysCredit = (i: number): boolean => {
    if (!columnar) return (table as readonly (readonly Cell[])[])[i + 1]!.some((v) => typeof v === "string" && CREDIT_WORDS.test(v));
    for (let j = 0; j < width; j++) {
      if (!Number.isNaN(quicks[j]?.[i] ?? NaN)) continue;
      const v = columnar.cell(i + 1, j);
      if (typeof v !== "string" || v === "") continue;
      if (v !== lastText[j]) {
        lastText[j] = v;
        lastSays[j] = CREDIT_WORDS.test(v);
      }
      if (lastSays[j]) return true;
    }
    return false;
  };
  // Lines that take a customer or a date from their order's first line exist only where some line
  // lacks one: without such lines the order numbers need not be remembered.
  let carrying = false;
  if (cols.order !== null) for (let i = 0; i < n && !carrying; i++) carrying = isBlank(at(i, cols.customer)) || isBlank(at(i, cols.date));
  // Each different date cell read once (a list has a few hundred days for millions of lines).
  const dayOf = new Map<Cell, number>();
  // The customer of each different name text, found without making the name lowercase again.
  const byName = new Map<string, Acc>();
  let lastName = "";
  let lastAcc: Acc | undefined;
  for (let i = 0; i < n; i++) {
    if (blankLine(i)) continue;
    const sheetRow = headerRow + 1 + i;
    // Exports that fill the order's fields on its first line only (Shopify: customer and date on the
    // first line item): a line with the same invoice or order number takes them from that line.
    const invoiceKey = cols.order !== null ? String(at(i, cols.order) ?? "").trim() : "";
    const carried = invoiceKey && carrying ? carry.get(invoiceKey) : undefined;
    let name = String(at(i, cols.customer) ?? "").trim();
    if (!name && carried) name = carried.name;
    const ownDate = at(i, cols.date);
    const dateCell = isBlank(ownDate) && carried ? carried.date : ownDate;
    if (invoiceKey && name && !carried && carrying) carry.set(invoiceKey, { name, date: ownDate });
    if (!name) {
      problems.push({ row: sheetRow, text: nl ? "Geen klant; de regel telt niet mee." : "No customer; the line is left out." });
      continue;
    }
    let day = dayOf.get(dateCell);
    if (day === undefined) {
      day = parseDate(dateCell, dates.order);
      if (dayOf.size < 100_000) dayOf.set(dateCell, day);
    }
    if (Number.isNaN(day)) {
      problems.push({ row: sheetRow, text: nl ? `Datum "${String(dateCell ?? "")}" is onleesbaar; de regel telt niet mee.` : `Date "${String(dateCell ?? "")}" cannot be read; the line is left out.` });
      continue;
    }
    let value: number;
    if (cols.amount >= 0) {
      const amount = numberAt(i, cols.amount, amountNotation);
      if (Number.isNaN(amount)) {
        const bad = String(at(i, cols.amount) ?? "");
        problems.push({ row: sheetRow, text: nl ? `Bedrag "${bad}" is geen getal; de regel telt niet mee.` : `Amount "${bad}" is not a number; the line is left out.` });
        continue;
      }
      value = amount;
    } else {
      // A line-level export: amount = quantity × unit price.
      const q = numberAt(i, cols.quantity!, qtyNotation);
      const p = numberAt(i, cols.unitPrice!, priceNotation);
      if (Number.isNaN(q) || Number.isNaN(p)) {
        const bad = Number.isNaN(q) ? at(i, cols.quantity!) : at(i, cols.unitPrice!);
        problems.push({ row: sheetRow, text: nl ? `Aantal of prijs "${String(bad ?? "")}" is geen getal; de regel telt niet mee.` : `Quantity or unit price "${String(bad ?? "")}" is not a number; the line is left out.` });
        continue;
      }
      value = q * p;
    }
    // An order's lines follow each other: the same name as the line before is the same customer.
    let acc = name === lastName ? lastAcc : byName.get(name);
    if (!acc) {
      // Kept for the whole run: copies of their own, not views into the text they were read from (a
      // CSV reader's slices would keep each 8 MB piece of the file alive through the model fits).
      const owned = ownText(name);
      const key = name.toLowerCase();
      acc = by.get(key);
      if (!acc) {
        acc = { name: owned, revenue: 0, cost: 0, costKnown: cols.cost !== null, firstRow: sheetRow, index: accs.length };
        accs.push(acc);
        by.set(ownText(key), acc);
      }
      byName.set(owned, acc);
    }
    lastName = name;
    lastAcc = acc;
    acc.revenue += value;
    if (cols.cost !== null) {
      const c = numberAt(i, cols.cost, costNotation);
      if (!Number.isNaN(c)) acc.cost += c;
      else if (!isBlank(at(i, cols.cost))) acc.costKnown = false;
    }
    // Credit notes and cancellations (a negative amount, a zero amount on an invoice number starting
    // with C, a line that says "creditnota" / "credit note") net out of revenue but are no purchase:
    // they do not count as orders or order days, and do not move the first or last purchase. An
    // invoice series that starts with C is no credit by itself.
    const credit = value < 0 || (value === 0 && /^C\d/i.test(invoiceKey)) || saysCredit(i);
    lineAcc[m] = acc.index;
    lineDay[m] = day;
    lineValue[m] = value;
    lineCredit[m] = credit ? 1 : 0;
    lineOrder[m] = invoiceKey;
    m++;
    if (credit) {
      credits++;
      continue;
    }
    if (day > end) end = day;
    if (day < start) start = day;
  }
  if (credits > 0) notes.push(nl ? `${credits} creditnota's of annuleringen verlagen de omzet maar tellen niet als aankoop.` : `${credits} credit notes or cancellations reduce revenue but do not count as purchases.`);
  // Sums that overflow (amounts near 1.8e308, a damaged export) stop here, the column named.
  let total = 0;
  for (const acc of accs) total += Math.abs(acc.revenue) + Math.abs(acc.cost);
  if (!Number.isFinite(total)) {
    const header = String(cellAt(table, 0, cols.amount) ?? "");
    throw new TableError(
      nl
        ? `De bedragen in kolom ${header} zijn te groot om op te tellen (samen meer dan 1,8 × 10^308): controleer de eenheid of de export.`
        : `The amounts in column ${header} are too large to add up (together more than 1.8 × 10^308): check the unit or the export.`,
    );
  }
  // Growth (the last 12 months against the 12 before) only where both windows are covered: the
  // purchases span about two years, and neither window is nearly empty (one stray old line must not
  // switch it on).
  let withGrowth = false;
  if (end - start < GROWTH_SPAN_DAYS) {
    const months = Math.max(0, (end - start) / 30.44);
    if (Number.isFinite(months)) notes.push(nl ? `Geen groeikolom en dus geen BCG-kwadranten: de lijst beslaat ${months.toFixed(1).replace(".", ",")} maanden; groei vraagt twee jaar.` : `No growth column, so no BCG quadrants: the list covers ${months.toFixed(1)} months; growth needs two years.`);
  } else {
    let recent = 0;
    let before = 0;
    for (const d of lineDay.subarray(0, m)) {
      if (d > end - 365) recent++;
      else if (d > end - 730) before++;
    }
    const least = Math.max(2, 0.05 * (recent + before));
    withGrowth = recent >= least && before >= least;
    if (!withGrowth) notes.push(nl ? `Geen groeikolom en dus geen BCG-kwadranten: de 12 maanden vóór de laatste 12 hebben ${before} regels tegen ${recent}; te weinig om groei te meten.` : `No growth column, so no BCG quadrants: the 12 months before the last 12 hold ${before} lines against ${recent}; too few to measure growth.`);
  }
  // Each customer's lines in sheet order (a counting sort by customer), summed per day into maps that
  // are reused: the same additions in the same order as one map per customer gave.
  const from = new Int32Array(accs.length + 1);
  for (let k = 0; k < m; k++) from[lineAcc[k]! + 1]!++;
  for (let c = 0; c < accs.length; c++) from[c + 1]! += from[c]!;
  const sorted = new Int32Array(m);
  const next = from.slice(0, accs.length);
  for (let k = 0; k < m; k++) sorted[next[lineAcc[k]!]!++] = k;
  const orderKeys = new Set<string>();
  const dayMap = new Map<number, number>();
  const net = new Map<number, number>();
  const customers: AggregatedCustomer[] = [];
  for (const acc of accs) {
    orderKeys.clear();
    dayMap.clear();
    net.clear();
    // An order's lines follow each other: its key is added once per run of them.
    let lastKey = "";
    for (let q = from[acc.index]!; q < from[acc.index + 1]!; q++) {
      const k = sorted[q]!;
      const day = lineDay[k]!;
      const value = lineValue[k]!;
      net.set(day, (net.get(day) ?? 0) + value);
      if (lineCredit[k]) continue;
      const key = lineOrder[k] || `day:${day}`;
      if (key !== lastKey) {
        orderKeys.add(key);
        lastKey = key;
      }
      dayMap.set(day, (dayMap.get(day) ?? 0) + value);
    }
    const days = [...dayMap.keys()].sort((a, b) => a - b);
    if (days.length === 0) {
      // Only credit notes: no purchase to date the customer by.
      problems.push({ row: acc.firstRow, text: nl ? `Klant "${acc.name}" heeft alleen creditnota's of annuleringen; telt niet mee.` : `Customer "${acc.name}" has only credit notes or cancellations; left out.` });
      continue;
    }
    const first = days[0]!;
    const last = days[days.length - 1]!;
    const years = Math.max(1, (end - first) / 365.25);
    let growth: number | null = null;
    if (withGrowth) {
      let recent = 0;
      let before = 0;
      // Net revenue per window: credit notes lower the window they fall in.
      for (const [d, v] of net) {
        if (d > end - 365) recent += v;
        else if (d > end - 730) before += v;
      }
      growth = before > 0 ? Math.round(((recent - before) / before) * 10_000) / 10_000 : null;
    }
    customers.push({
      customer: acc.name,
      revenue: round2(acc.revenue),
      profit: cols.cost !== null && acc.costKnown ? round2(acc.revenue - acc.cost) : null,
      orders: orderKeys.size,
      first,
      last,
      lifetimeDays: last - first,
      revenuePerYear: round2(acc.revenue / years),
      growth,
      days,
      dayRevenue: days.map((d) => dayMap.get(d)!),
    });
  }
  const { table: out, kinds } = customerTable(customers, lang, cols.cost !== null, withGrowth);
  const h = (i: number | null | undefined) => String(cellAt(table, 0, i ?? -1) ?? "");
  const columnsUsed = [
    { role: "customer", header: h(cols.customer) },
    { role: "date", header: h(cols.date) },
    cols.amount >= 0 ? { role: "amount", header: h(cols.amount) } : { role: "amount", header: `${h(cols.quantity)} × ${h(cols.unitPrice)}` },
    ...(cols.order !== null ? [{ role: "invoice", header: h(cols.order) }] : []),
    ...(cols.cost !== null ? [{ role: "cost", header: h(cols.cost) }] : []),
  ];
  return { columns: cols, customers, table: out, kinds, lines: n, end, problems, notes, dateOrder: dates.order, columnsUsed };
}

/**
 * The customer table every other analysis reads, from aggregated customers: customer, revenue,
 * profit (when known), orders, first and last order, lifetime, revenue per year, growth (when measured).
 */
export function customerTable(customers: readonly AggregatedCustomer[], lang: Language, withProfit: boolean, withGrowth: boolean): { table: Cell[][]; kinds: AggregateColumn[] } {
  const keep = (k: number) => (withProfit || ALL_KINDS[k] !== "profit") && (withGrowth || ALL_KINDS[k] !== "growth");
  const kinds = ALL_KINDS.filter((_, k) => keep(k));
  const table: Cell[][] = [HEAD[lang].filter((_, k) => keep(k))];
  for (const c of customers) {
    table.push([c.customer, c.revenue, c.profit ?? "", c.orders, formatDate(c.first), formatDate(c.last), c.lifetimeDays, c.revenuePerYear, c.growth ?? ""].filter((_, k) => keep(k)));
  }
  return { table, kinds };
}

/** What a column of an aggregation's table holds. */
export type AggregateColumn = "customer" | "revenue" | "profit" | "orders" | "first" | "last" | "lifetime" | "perYear" | "growth";

/** All of them, in the order of HEAD. */
const ALL_KINDS: readonly AggregateColumn[] = ["customer", "revenue", "profit", "orders", "first", "last", "lifetime", "perYear", "growth"];

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
