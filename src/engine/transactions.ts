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
 * Dates are read as Excel serial numbers, ISO (2024-03-01), day-first (1-3-2024, 01/03/2024) and
 * YYYYMMDD (19970101).
 *
 * @example
 * const agg = aggregateTransactions(orderRows);
 * segment(agg.table)  // the customer table: Customer, Revenue, Profit, Orders, First order, ...
 */
import { TableError } from "./table.js";
import { detectColumns, normalizeHeader, type Role } from "./columns.js";
import { detectNotation, isBlank, parseNumber } from "./numbers.js";
import type { Cell } from "./table.js";
import type { Language } from "./text.js";

const DATE_HEADERS = ["date", "datum", "order date", "orderdatum", "invoice date", "factuurdatum", "transaction date", "transactiedatum", "boekdatum", "besteldatum", "verkoopdatum"];
const ORDER_HEADERS = ["order", "order id", "order number", "ordernummer", "ordernr", "invoice", "invoice number", "factuur", "factuurnummer", "factuurnr", "bon", "bonnummer", "transaction id"];
const COST_HEADERS = ["cost", "costs", "kostprijs", "inkoopprijs", "inkoop", "kosten", "cost price", "cogs", "inkoopwaarde"];
const AMOUNT_HEADERS = ["amount", "bedrag", "total", "totaal", "line total", "regeltotaal", "value", "waarde", "sales", "omzet", "revenue", "netto", "net amount", "bedrag excl btw"];

/** Days since 1970-01-01 (UTC) of a cell, or NaN. */
export function parseDate(v: unknown): number {
  if (typeof v === "number") {
    if (v >= 19_000_101 && v <= 21_001_231 && Number.isInteger(v)) return parseDate(String(v));
    // Excel serial date (1900 system): 25569 is 1970-01-01.
    return v > 0 && v < 2_958_466 ? Math.floor(v) - 25_569 : NaN;
  }
  if (v instanceof Date) return Math.floor(v.getTime() / 86_400_000);
  const s = String(v ?? "").trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return utc(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) return utc(+m[3]!, +m[2]!, +m[1]!);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return utc(+m[1]!, +m[2]!, +m[3]!);
  return NaN;
}

function utc(y: number, mo: number, d: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCDate() !== d) return NaN; // 31-02
  return t / 86_400_000;
}

/** "2024-03-01" for days since 1970. */
export function formatDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

function findHeader(headers: string[], names: string[], taken: Set<number>): number {
  for (const name of names) {
    const i = headers.findIndex((h, k) => !taken.has(k) && h === name);
    if (i >= 0) return i;
  }
  for (const name of names) {
    const i = headers.findIndex((h, k) => !taken.has(k) && (h.endsWith(` ${name}`) || h.startsWith(`${name} `)));
    if (i >= 0) return i;
  }
  return -1;
}

export interface TransactionColumns {
  customer: number;
  date: number;
  amount: number;
  cost: number | null;
  order: number | null;
}

/**
 * The columns of an order list, or null when the table is not one: it needs a date column, a
 * customer column and an amount column, and at least one customer on more than one row.
 */
export function detectTransactions(table: readonly (readonly Cell[])[], overrides: Partial<Record<Role, string | null>> = {}): TransactionColumns | null {
  const header = table[0];
  if (!header || table.length < 3) return null;
  const headers = header.map(normalizeHeader);
  const taken = new Set<number>();
  const date = findHeader(headers, DATE_HEADERS, taken);
  if (date < 0) return null;
  taken.add(date);
  let roles: ReturnType<typeof detectColumns>;
  try {
    roles = detectColumns(header, overrides);
  } catch {
    return null;
  }
  const customerMatch = roles.find((m) => m.role === "customer" && m.index !== date);
  if (!customerMatch) return null;
  const customer = customerMatch.index;
  taken.add(customer);
  const order = findHeader(headers, ORDER_HEADERS, taken);
  if (order >= 0) taken.add(order);
  const cost = findHeader(headers, COST_HEADERS, taken);
  if (cost >= 0) taken.add(cost);
  let amount = findHeader(headers, AMOUNT_HEADERS, taken);
  if (amount < 0) amount = roles.find((m) => m.role === "revenue" && !taken.has(m.index))?.index ?? -1;
  if (amount < 0) return null;
  // Repeated customers: an order list, not a customer table with a date column (where a duplicate
  // row or two is a mistake). At least two lines, and 5% of the lines, repeat a customer.
  const seen = new Set<string>();
  let lines = 0;
  for (let i = 1; i < table.length; i++) {
    const c = String(table[i]?.[customer] ?? "").trim().toLowerCase();
    if (!c) continue;
    lines++;
    seen.add(c);
  }
  const repeats = lines - seen.size;
  if (repeats < Math.max(2, 0.05 * lines)) return null;
  return { customer, date, amount, cost: cost >= 0 ? cost : null, order: order >= 0 ? order : null };
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
}

const HEAD = {
  en: ["Customer", "Revenue", "Profit", "Orders", "First order", "Last order", "Lifetime (days)", "Revenue per year", "Growth (12 months)"],
  nl: ["Klant", "Omzet", "Winst", "Aantal orders", "Eerste order", "Laatste order", "Levensduur (dagen)", "Omzet per jaar", "Groei (12 mnd)"],
};

/** A list covering about two years or more gets the growth column: the last 12 months against the 12 before. */
const GROWTH_SPAN_DAYS = 700;

export function aggregateTransactions(table: readonly (readonly Cell[])[], options: { language?: Language; columns?: TransactionColumns; headerRow?: number } = {}): Aggregation {
  const lang = options.language ?? "en";
  const cols = options.columns ?? detectTransactions(table);
  if (!cols) throw new Error(lang === "nl" ? "Dit is geen orderlijst: er is een datum-, klant- en bedragkolom nodig, met klanten die vaker voorkomen." : "This is not an order list: it needs a date, a customer and an amount column, with customers that appear more than once.");
  const headerRow = options.headerRow ?? 1;
  const n = table.length - 1;
  const amountNotation = detectNotation(Array.from({ length: Math.min(n, 2000) }, (_, i) => table[i + 1]?.[cols.amount]));
  const costNotation = cols.cost !== null ? detectNotation(Array.from({ length: Math.min(n, 2000) }, (_, i) => table[i + 1]?.[cols.cost!])) : amountNotation;
  type Acc = { name: string; revenue: number; cost: number; costKnown: boolean; orders: Set<string>; days: Map<number, number> };
  const by = new Map<string, Acc>();
  const problems: { row: number; text: string }[] = [];
  let end = -Infinity;
  let start = Infinity;
  const nl = lang === "nl";
  for (let i = 0; i < n; i++) {
    const row = table[i + 1];
    if (!row || row.every((v) => isBlank(v))) continue;
    const sheetRow = headerRow + 1 + i;
    const name = String(row[cols.customer] ?? "").trim();
    if (!name) {
      problems.push({ row: sheetRow, text: nl ? "Geen klant; de regel telt niet mee." : "No customer; the line is left out." });
      continue;
    }
    const day = parseDate(row[cols.date]);
    if (Number.isNaN(day)) {
      problems.push({ row: sheetRow, text: nl ? `Datum "${String(row[cols.date] ?? "")}" is onleesbaar; de regel telt niet mee.` : `Date "${String(row[cols.date] ?? "")}" cannot be read; the line is left out.` });
      continue;
    }
    const amount = parseNumber(row[cols.amount], amountNotation);
    if (!amount.ok) {
      problems.push({ row: sheetRow, text: nl ? `Bedrag "${String(row[cols.amount] ?? "")}" is geen getal; de regel telt niet mee.` : `Amount "${String(row[cols.amount] ?? "")}" is not a number; the line is left out.` });
      continue;
    }
    const key = name.toLowerCase();
    let acc = by.get(key);
    if (!acc) {
      acc = { name, revenue: 0, cost: 0, costKnown: cols.cost !== null, orders: new Set(), days: new Map() };
      by.set(key, acc);
    }
    acc.revenue += amount.value;
    if (cols.cost !== null) {
      const c = parseNumber(row[cols.cost], costNotation);
      if (c.ok) acc.cost += c.value;
      else if (!isBlank(row[cols.cost])) acc.costKnown = false;
    }
    // Returns (negative amounts) net out but are not orders of their own.
    if (amount.value > 0) acc.orders.add(cols.order !== null ? String(row[cols.order] ?? "").trim() || `day:${day}` : `day:${day}`);
    acc.days.set(day, (acc.days.get(day) ?? 0) + amount.value);
    if (day > end) end = day;
    if (day < start) start = day;
  }
  // Sums that overflow (amounts near 1.8e308, a damaged export) stop here, the column named.
  let total = 0;
  for (const acc of by.values()) total += Math.abs(acc.revenue) + Math.abs(acc.cost);
  if (!Number.isFinite(total)) {
    const header = String(table[0]?.[cols.amount] ?? "");
    throw new TableError(
      nl
        ? `De bedragen in kolom ${header} zijn te groot om op te tellen (samen meer dan 1,8 × 10^308): controleer de eenheid of de export.`
        : `The amounts in column ${header} are too large to add up (together more than 1.8 × 10^308): check the unit or the export.`,
    );
  }
  const withGrowth = end - start >= GROWTH_SPAN_DAYS;
  const customers: AggregatedCustomer[] = [];
  for (const acc of by.values()) {
    const days = [...acc.days.keys()].sort((a, b) => a - b);
    const first = days[0]!;
    const last = days[days.length - 1]!;
    const years = Math.max(1, (end - first) / 365.25);
    let growth: number | null = null;
    if (withGrowth) {
      let recent = 0;
      let before = 0;
      for (const [d, v] of acc.days) {
        if (d > end - 365) recent += v;
        else if (d > end - 730) before += v;
      }
      growth = before > 0 ? Math.round(((recent - before) / before) * 10_000) / 10_000 : null;
    }
    customers.push({
      customer: acc.name,
      revenue: round2(acc.revenue),
      profit: cols.cost !== null && acc.costKnown ? round2(acc.revenue - acc.cost) : null,
      orders: acc.orders.size,
      first,
      last,
      lifetimeDays: last - first,
      revenuePerYear: round2(acc.revenue / years),
      growth,
      days,
      dayRevenue: days.map((d) => acc.days.get(d)!),
    });
  }
  const keep = (k: number) => (cols.cost !== null || ALL_KINDS[k] !== "profit") && (withGrowth || ALL_KINDS[k] !== "growth");
  const kinds = ALL_KINDS.filter((_, k) => keep(k));
  const out: Cell[][] = [HEAD[lang].filter((_, k) => keep(k))];
  for (const c of customers) {
    out.push([c.customer, c.revenue, c.profit ?? "", c.orders, formatDate(c.first), formatDate(c.last), c.lifetimeDays, c.revenuePerYear, c.growth ?? ""].filter((_, k) => keep(k)));
  }
  return { columns: cols, customers, table: out, kinds, lines: n, end, problems };
}

/** What a column of an aggregation's table holds. */
export type AggregateColumn = "customer" | "revenue" | "profit" | "orders" | "first" | "last" | "lifetime" | "perYear" | "growth";

/** All of them, in the order of HEAD. */
const ALL_KINDS: readonly AggregateColumn[] = ["customer", "revenue", "profit", "orders", "first", "last", "lifetime", "perYear", "growth"];

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
