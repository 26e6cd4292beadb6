/**
 * A customer summary as model input: one row per customer with the figures the customer-base models
 * need (repeat purchases x, t_x and T in weeks), computed where the order lines live (a database, a
 * data warehouse: see docs/sql/customer-summary.sql), so an order list too large for a laptop never
 * has to leave it. The summary becomes the same {@link Aggregation} an order list gives, and runs
 * through the same RFM, BG/NBD, Gamma-Gamma and segmentation.
 *
 * Columns (by header, English or Dutch, any case): customer, revenue, x (frequency, repeat purchases),
 * t_x (recency, in weeks), T (in weeks); optional: orders, first purchase, last purchase, profit,
 * repeat revenue (the revenue of the repeat purchases, for Gamma-Gamma's spend per repeat purchase;
 * without it: revenue / (x + 1)). Weeks are read to the day (t_x × 7 rounded), as the SQL writes them.
 *
 * @example
 * const cols = detectCustomerSummary(table);           // null for a table without x, t_x and T
 * const agg = summaryAggregation(table, cols!, { language: "nl" });
 * agg.customers[0].history                             // { x: 11, tx: 91.14, T: 102.29 }
 */
import { isBlank, parseNumber, detectNotation } from "../reading/numbers.js";
import { TableError, type Cell } from "../reading/table.js";
import type { Language } from "../reading/text.js";
import { customerTable, parseDate, type AggregatedCustomer, type Aggregation } from "./transactions.js";

export interface SummaryColumns {
  customer: number;
  revenue: number;
  x: number;
  tx: number;
  T: number;
  orders: number | null;
  first: number | null;
  last: number | null;
  profit: number | null;
  repeatRevenue: number | null;
}

const NAMES: Record<keyof SummaryColumns, readonly string[]> = {
  customer: ["customer", "klant", "customer_id", "customer id", "klantnummer", "klantnaam", "name", "naam"],
  revenue: ["revenue", "omzet", "monetary_total", "total revenue", "totale omzet"],
  // Only the models' own names: "recency", "frequency" or "age" in a customer table mean other things.
  x: ["x", "repeat_purchases", "repeat purchases", "herhaalaankopen"],
  tx: ["t_x", "tx"],
  T: ["t"],
  orders: ["orders", "aantal orders", "order_count"],
  first: ["first_purchase", "first purchase", "first order", "eerste aankoop", "eerste order"],
  last: ["last_purchase", "last purchase", "last order", "laatste aankoop", "laatste order"],
  profit: ["profit", "winst"],
  repeatRevenue: ["repeat_revenue", "repeat revenue", "herhaalomzet"],
};

const key = (h: Cell) => String(h ?? "").trim().toLowerCase().replace(/\s+/g, " ");

/** The summary's columns, or null when the header lacks customer, revenue, x, t_x or T. */
export function detectCustomerSummary(table: readonly (readonly Cell[])[]): SummaryColumns | null {
  const header = (table[0] ?? []).map(key);
  const find = (role: keyof SummaryColumns) => {
    for (const name of NAMES[role]) {
      const i = header.indexOf(name);
      if (i >= 0) return i;
    }
    return -1;
  };
  const cols = {} as Record<keyof SummaryColumns, number>;
  for (const role of Object.keys(NAMES) as (keyof SummaryColumns)[]) cols[role] = find(role);
  if (cols.customer < 0 || cols.revenue < 0 || cols.x < 0 || cols.tx < 0 || cols.T < 0) return null;
  const opt = (i: number) => (i >= 0 ? i : null);
  return { customer: cols.customer, revenue: cols.revenue, x: cols.x, tx: cols.tx, T: cols.T, orders: opt(cols.orders), first: opt(cols.first), last: opt(cols.last), profit: opt(cols.profit), repeatRevenue: opt(cols.repeatRevenue) };
}

/** The summary as an aggregation of an order list; rows that cannot be read are listed as problems. */
export function summaryAggregation(table: readonly (readonly Cell[])[], cols: SummaryColumns, options: { language?: Language; headerRow?: number } = {}): Aggregation {
  const lang = options.language ?? "en";
  const nl = lang === "nl";
  const headerRow = options.headerRow ?? 1;
  const n = table.length - 1;
  const notation = (col: number | null) => (col === null ? "mixed" : detectNotation(Array.from({ length: Math.min(n, 2000) }, (_, i) => table[i + 1]?.[col])));
  const nt = { revenue: notation(cols.revenue), x: notation(cols.x), tx: notation(cols.tx), T: notation(cols.T), profit: notation(cols.profit), repeat: notation(cols.repeatRevenue), orders: notation(cols.orders) };
  const problems: { row: number; text: string }[] = [];
  const customers: AggregatedCustomer[] = [];
  const header = table[0] ?? [];
  let end = -Infinity;
  const rows: { c: AggregatedCustomer; first: number | null; last: number | null }[] = [];
  for (let i = 0; i < n; i++) {
    const row = table[i + 1];
    if (!row || row.every((v) => isBlank(v))) continue;
    const sheetRow = headerRow + 1 + i;
    const name = String(row[cols.customer] ?? "").trim();
    const num = (col: number | null, nota: ReturnType<typeof detectNotation>) => (col === null ? NaN : (() => {
      const p = parseNumber(row[col], nota);
      return p.ok ? p.value : NaN;
    })());
    const revenue = num(cols.revenue, nt.revenue);
    const x = num(cols.x, nt.x);
    const txWeeks = num(cols.tx, nt.tx);
    const TWeeks = num(cols.T, nt.T);
    const bad = !name ? (nl ? "geen klant" : "no customer") : Number.isNaN(revenue) ? String(header[cols.revenue]) : !(Number.isInteger(x) && x >= 0) ? String(header[cols.x]) : !(txWeeks >= 0) ? String(header[cols.tx]) : !(TWeeks >= txWeeks) ? String(header[cols.T]) : null;
    if (bad) {
      problems.push({ row: sheetRow, text: nl ? `Rij ${sheetRow}: ${bad} ontbreekt of klopt niet (x een heel getal ≥ 0, T ≥ t_x ≥ 0); de klant telt niet mee.` : `Row ${sheetRow}: ${bad} is missing or wrong (x a whole number ≥ 0, T ≥ t_x ≥ 0); the customer is left out.` });
      continue;
    }
    // Weeks to the day, as the SQL writes them rounded.
    const txDays = Math.round(txWeeks * 7);
    const TDays = Math.round(TWeeks * 7);
    const firstDay = cols.first !== null ? parseDate(row[cols.first]) : NaN;
    const lastDay = cols.last !== null ? parseDate(row[cols.last]) : NaN;
    const repeat = num(cols.repeatRevenue, nt.repeat);
    const profit = num(cols.profit, nt.profit);
    const orders = num(cols.orders, nt.orders);
    const c: AggregatedCustomer = {
      customer: name,
      revenue,
      profit: Number.isNaN(profit) ? null : profit,
      orders: Number.isNaN(orders) ? x + 1 : orders,
      first: 0,
      last: 0,
      lifetimeDays: txDays,
      revenuePerYear: 0,
      growth: null,
      days: [],
      dayRevenue: [],
      history: { x, tx: txDays / 7, T: TDays / 7 },
      repeatRevenue: Number.isNaN(repeat) ? (x > 0 ? (revenue * x) / (x + 1) : 0) : repeat,
    };
    rows.push({ c, first: Number.isNaN(firstDay) ? null : firstDay, last: Number.isNaN(lastDay) ? null : lastDay });
    // The list's last day: a customer's first purchase plus T.
    if (!Number.isNaN(firstDay)) end = Math.max(end, firstDay + TDays);
  }
  if (!rows.length) throw new TableError(nl ? "Geen enkele klant in de samenvatting is leesbaar." : "No customer of the summary can be read.");
  // Without dates the list ends on day 0 and every date is counted back from it.
  const undated = !Number.isFinite(end);
  if (undated) end = 0;
  for (const { c, first } of rows) {
    const T = Math.round(c.history!.T * 7);
    const tx = Math.round(c.history!.tx * 7);
    c.first = first ?? end - T;
    c.last = c.first + tx;
    c.revenuePerYear = Math.round((c.revenue / Math.max(1, (end - c.first) / 365.25)) * 100) / 100;
    customers.push(c);
  }
  const { table: out, kinds } = customerTable(customers, lang, cols.profit !== null, false);
  const h = (i: number | null) => (i === null ? "" : String(header[i] ?? ""));
  return {
    ...(undated ? { undated: true } : {}),
    // Profit known (the cost column's part in an order list): the lifetime value is on profit.
    columns: { customer: cols.customer, date: -1, amount: cols.revenue, cost: cols.profit, order: cols.orders },
    customers,
    table: out,
    kinds,
    lines: n,
    end,
    problems,
    notes: [nl ? `Een klantsamenvatting (x, t_x, T per klant): de modellen zijn erop geschat, zonder orderregels.` : `A customer summary (x, t_x, T per customer): the models were fitted on it, without order lines.`],
    columnsUsed: [
      { role: "customer", header: h(cols.customer) },
      { role: "revenue", header: h(cols.revenue) },
      { role: "x", header: h(cols.x) },
      { role: "t_x", header: h(cols.tx) },
      { role: "T", header: h(cols.T) },
      ...(cols.repeatRevenue !== null ? [{ role: "repeat revenue", header: h(cols.repeatRevenue) }] : []),
    ],
    dateOrder: "dmy",
  };
}
