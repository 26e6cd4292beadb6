/**
 * What the command line writes: the result columns added to the input table, a CSV safe against
 * formula injection, the JSON document, and the terminal summary. Pure functions over the engine's
 * result, tested on their own.
 */
import { PIECE, rowPieces, textBytes, jsonRowText as rowText } from "./jsonrows.js";
import { criterionName, formatAmount, formatDate, formatDecimal, formatPercent, modelFigures, NOTABLE, parseNumber, resultCells, resultHeaders, widestRow, type Aggregation, type Insights, type Language, type OrderListModels, type SegmentResult } from "../engine/index.js";

/**
 * A text cell that a spreadsheet would run as a formula (starting with = + - @ or a control
 * character) gets a leading apostrophe, so it stays text. A number such as "-9,5%" or "+31" is left
 * as it is: a spreadsheet reads it as the number it is.
 */
export function safeText(s: string): string {
  if (!/^[=+\-@\t\r]/.test(s)) return s;
  // Only a plain number (digits, separators, an exponent, a percent sign) is left: "-fl1" or "+€5"
  // is not one, and a spreadsheet would read "-fl1" as a formula on cell FL1.
  if (PLAIN_SIGNED_NUMBER.test(s) && parseNumber(s).ok) return s;
  return `'${s}`;
}

/**
 * Text for the terminal: control characters and terminal escape sequences from the data (a customer
 * name holding ESC[2J, a bell, a carriage return that overwrites the line, bidirectional overrides)
 * are shown escaped, as \x1b or \u202e; line feeds stay.
 *
 * @example
 * terminalSafe("Jansen\x1b[2J BV") // "Jansen\\x1b[2J BV"
 */
export function terminalSafe(s: string): string {
  return s.replace(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

const PLAIN_SIGNED_NUMBER = /^[+-](\d[\d.,]*|[.,]\d+)([eE][+-]?\d+)?\s?%?$/;

/** A number for CSV: at most 10 decimals (no 0.30000000000000004), never "NaN" or "Infinity". */
function csvNumber(v: number, delimiter: string): string {
  if (!Number.isFinite(v)) return "";
  const s = String(Math.abs(v) < 1e5 ? Math.round(v * 1e10) / 1e10 : v);
  return delimiter === ";" ? s.replace(".", ",") : s;
}

/**
 * The input table with the result columns to its right, as CSV lines (each ending in CRLF) with the
 * given delimiter, one at a time: a large table is written as it goes. With `;` (Dutch Excel)
 * numbers get a decimal comma. Input cells are written as they were read, and the lines `above` the
 * table (titles) first.
 */
export function* csvLines(input: readonly (readonly unknown[])[], r: SegmentResult, delimiter: "," | ";" | "\t", above: readonly (readonly unknown[])[] = []): Generator<string> {
  const lang = r.settings.language;
  const width = widestRow(input);
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "number" ? csvNumber(v, delimiter) : safeText(String(v)); // text from the input and from the results alike
    return /["\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  // Title lines above the table, as they were.
  for (const row of above) yield row.map(cell).join(delimiter) + "\r\n";
  const header = [...Array.from({ length: width }, (_, j) => input[0]?.[j] ?? ""), ...resultHeaders(lang)];
  yield header.map(cell).join(delimiter) + "\r\n";
  for (let i = 1; i < input.length; i++) {
    const row = Array.from({ length: width }, (_, j) => input[i]?.[j] ?? "");
    yield [...row, ...resultCells(r, i - 1)].map(cell).join(delimiter) + "\r\n";
  }
}

/** The CSV of {@link csvLines} as one string (for small tables and tests). */
export function toCsv(input: readonly (readonly unknown[])[], r: SegmentResult, delimiter: "," | ";" | "\t", above: readonly (readonly unknown[])[] = []): string {
  return [...csvLines(input, r, delimiter, above)].join("");
}

type OrderListInput = { aggregation: Aggregation; models: OrderListModels };

/** To four decimals (an order list's t_x and T in weeks). */
const fourDecimals = (v: number) => Math.round(v * 10_000) / 10_000;
const weeks = (days: number) => fourDecimals(days / 7);

/**
 * One row of the JSON: for an order list's customer first the model figures (RFM, P(alive), expected
 * purchases and spend, CLV and its months, the holdout check of the forecasting model), then the
 * aggregation (revenue, orders, first and last purchase, and the BG/NBD inputs x, t_x and T in
 * weeks), then the customer table's results. One object of one shape for every row: JSON.stringify
 * leaves out what is undefined, so the text is that of the parts spread together, without four
 * objects per row (a test keeps the two equal).
 */
function jsonRow(r: SegmentResult, i: number, models?: OrderListModels, agg?: Aggregation, held?: readonly ({ predicted: number; actual: number } | null)[]): unknown {
  const c = r.columns;
  const o = models?.customers[i];
  const h = held?.[i];
  const a = agg?.customers[i];
  return {
    rfm: o ? { r: o.rfm.r, f: o.rfm.f, m: o.rfm.m, cell: o.rfm.cell, segment: o.rfm.segment } : undefined,
    pAlive: o?.pAlive,
    pAliveAt: o?.pAliveAt,
    expectedPurchases: o?.expectedPurchases,
    expectedSpend: o?.expectedSpend,
    modelClv: o?.clv,
    cashFlow: o?.cashFlow,
    holdout: h ? { predicted: h.predicted, actual: h.actual } : undefined,
    revenue: a?.revenue,
    orders: a?.orders,
    firstPurchase: a ? formatDate(a.first) : undefined,
    lastPurchase: a ? formatDate(a.last) : undefined,
    x: a ? (a.history?.x ?? a.days.length - 1) : undefined,
    tx: a ? (a.history ? fourDecimals(a.history.tx) : weeks(a.last - a.first)) : undefined,
    T: a ? (a.history ? fourDecimals(a.history.T) : weeks(agg!.end - a.first)) : undefined,
    row: c.firstRow + i,
    customer: c.customer[i],
    rank: c.rank[i] || null,
    revenueShare: c.revenueShare[i],
    cumulativeShare: c.cumulativeShare[i],
    paretoClass: c.paretoClass[i],
    profitRank: c.profitRank[i] || null,
    cumulativeProfitShare: c.cumulativeProfitShare[i],
    quadrant: c.quadrant[i],
    score: c.score[i],
    tier: c.tier[i],
    clv: c.clv[i],
    problems: c.messages[i]!.map((m) => ({ severity: m.severity, column: m.column, text: m.text })),
  };
}

/** The forecasting model's holdout figures per customer, when the list was checked on a holdout. */
function heldOut(models?: OrderListModels) {
  return models?.validation?.models.find((v) => v.model === models.validation!.chosen)?.perCustomer;
}

function jsonSummary(r: SegmentResult, orderList?: OrderListInput): unknown {
  if (!orderList) return r.summary;
  const a = orderList.aggregation;
  const m = orderList.models;
  const ol = {
    lines: a.lines,
    customers: a.customers.length,
    lastDate: formatDate(a.end),
    problems: a.problems,
    horizonMonths: m.horizonMonths,
    discount: m.discount,
    clvBasis: m.clvBasis,
    bgnbd: m.bgnbd,
    gammaGamma: m.gammaGamma,
    rfmSegments: m.segments,
    columns: a.columnsUsed,
    ordersCountedBy: a.columns.order !== null ? "invoice" : "day",
    dateOrder: a.dateOrder,
    notes: [...a.notes, ...m.notes],
    // One object per model: whole-period fit, calibration fit and holdout figures; the chosen one forecasts.
    models: (m.validation?.models ?? []).map(({ perCustomer: _p, notes: _n, ...model }) => model),
    chosenModel: m.validation?.chosen ?? (m.bgnbd ? "bgnbd" : null),
    spendCorrelation: m.spendCorrelation,
    tracking: m.validation?.tracking ?? null,
    periodCounts: m.validation?.periodCounts ?? null,
    uncertainty: m.uncertainty ? { standardErrors: m.uncertainty.standardErrors, purchases: m.uncertainty.purchases, clv: m.clvInterval, customers: m.uncertainty.customers, repeatBuyers: m.uncertainty.repeatBuyers } : null,
    runnerUp: m.validation?.runnerUp ?? null,
    cashFlow: m.cashFlow,
    aliveAt: m.aliveAt,
  };
  return { ...r.summary, orderList: ol };
}

/**
 * One row of a customer table's JSON, written straight from the result columns: exactly the text
 * JSON.stringify gives for {@link jsonRow} (a test checks), without an object per row.
 */
export function jsonRowText(r: SegmentResult, i: number): string {
  return rowText(r.columns, i);
}

/** The JSON document: which tool made it, the summary and one object per input data row, in sheet order. */
export function toJson(r: SegmentResult, orderList?: OrderListInput): unknown {
  return { generator: "customer-segment", summary: jsonSummary(r, orderList), rows: r.columns.customer.map((_, i) => jsonRow(r, i, orderList?.models, orderList?.aggregation, heldOut(orderList?.models))) };
}

/**
 * The same document as {@link toJson}, as text in pieces: the summary, then the rows a thousand at a
 * time, one row per line, so a million rows never make one giant string. Not-a-number values (none
 * should occur) are written as null, as JSON.stringify does.
 */
export function* jsonChunks(r: SegmentResult, orderList?: OrderListInput, threads?: number): Generator<string | Uint8Array> {
  const summary = JSON.stringify(jsonSummary(r, orderList), null, 2).replace(/\n/g, "\n  ");
  yield `{\n  "generator": "customer-segment",\n  "summary": ${summary},\n  "rows": [`;
  const n = r.columns.customer.length;
  if (orderList) {
    const held = heldOut(orderList.models);
    yield* textBytes((i) => JSON.stringify(jsonRow(r, i, orderList.models, orderList.aggregation, held)), 0, n, Buffer.allocUnsafeSlow(PIECE));
  }
  else yield* rowPieces(r.columns, threads);
  yield `${n ? "\n  " : ""}]\n}\n`;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

/** The terminal summary: what a person wants to read first; with `ins`, the portfolio insights after the tables. */
export function summaryText(r: SegmentResult, maxProblems = 20, ins?: Insights): string {
  const s = r.summary;
  const lang: Language = s.language;
  const nl = lang === "nl";
  const out: string[] = [];
  out.push(s.pareto.sentence);
  if (s.profit) out.push(...s.profit.sentences);
  out.push("");
  const table = (title: string, rows: { label: string; count: number; revenue: number; revenueShare: number }[]) => {
    const w = Math.max(title.length, ...rows.map((x) => x.label.length));
    out.push(`${pad(title, w)}  ${pad(nl ? "klanten" : "customers", 9, true)}  ${pad(nl ? "omzet" : "revenue", 14, true)}  ${pad(nl ? "aandeel" : "share", 7, true)}`);
    for (const x of rows) out.push(`${pad(x.label, w)}  ${pad(String(x.count), 9, true)}  ${pad(formatAmount(x.revenue, lang), 14, true)}  ${pad(formatPercent(x.revenueShare, lang), 7, true)}`);
    out.push("");
  };
  table(nl ? "Paretoklasse" : "Pareto class", s.pareto.classes);
  if (s.bcg) table(nl ? "BCG-kwadrant" : "BCG quadrant", s.bcg.quadrants);
  table(nl ? "Scoreklasse" : "Tier (score)", s.score.tiers);
  for (const x of s.score.tiers) if (x.count > 0) out.push(`  ${x.key}: ${x.action}`);
  out.push("");
  const c = s.concentration;
  out.push(
    nl
      ? `Concentratie: grootste klant ${formatPercent(c.top1, lang)}, top 5 ${formatPercent(c.top5, lang)}, top 10 ${formatPercent(c.top10, lang)}, HHI ${formatDecimal(c.hhi, 3, lang)}, Gini ${formatDecimal(c.gini, 2, lang)}.`
      : `Concentration: largest customer ${formatPercent(c.top1, lang)}, top 5 ${formatPercent(c.top5, lang)}, top 10 ${formatPercent(c.top10, lang)}, HHI ${c.hhi.toFixed(3)}, Gini ${c.gini.toFixed(2)}.`,
  );
  for (const w of c.warnings) out.push(`! ${w}`);
  for (const note of s.notes) out.push(`- ${note}`);
  out.push("", ...columnsText(s.columns, lang));
  if (ins) out.push("", ...insightsText(ins, lang));
  const messages = r.columns.messages.flat();
  if (messages.length) {
    out.push("");
    out.push(nl ? `Rijen om na te kijken (${messages.length}):` : `Rows to check (${messages.length}):`);
    for (const m of messages.slice(0, maxProblems)) out.push(`  ${m.severity === "problem" ? "✗" : "!"} ${m.location}: ${m.text}`);
    if (messages.length > maxProblems) out.push(nl ? `  ... en ${messages.length - maxProblems} meer` : `  ... and ${messages.length - maxProblems} more`);
  }
  return out.join("\n");
}

/** The portfolio insights as terminal lines: top-N profile, segment ranking, dependency, funnel. */
export function insightsText(ins: Insights, lang: Language): string[] {
  const nl = lang === "nl";
  const out: string[] = [];
  const notable = ins.profile.findings.filter((f) => f.difference >= NOTABLE);
  if (notable.length) {
    out.push(nl ? `Je top ${ins.profile.top.length} tegen de rest:` : `Your top ${ins.profile.top.length} against the rest:`);
    for (const f of notable.slice(0, 5)) out.push(`  ${f.sentence}`);
    out.push("");
  }
  if (ins.segments) {
    const rows = ins.segments.segments.slice(0, 10);
    const w = Math.max(7, ...rows.map((x) => x.segment.length));
    out.push(nl ? `Ranking van segmenten (${ins.segments.column}), index 100 = gemiddeld:` : `Segment ranking (${ins.segments.column}), index 100 = average:`);
    out.push(`  ${pad("#", 3)} ${pad("segment", w)}  ${pad(nl ? "klanten" : "customers", 9, true)}  ${pad(nl ? "omzet" : "revenue", 7, true)}  ${pad(nl ? "marge" : "margin", 7, true)}  ${pad("index", 5, true)}`);
    for (const x of rows) {
      out.push(
        `  ${pad(String(x.rank), 3)} ${pad(x.segment, w)}  ${pad(String(x.customers), 9, true)}  ${pad(formatPercent(x.revenueShare, lang), 7, true)}  ${pad(x.margin === null ? "-" : formatPercent(x.margin, lang), 7, true)}  ${pad(x.index === null ? "-" : String(Math.round(x.index)), 5, true)}`,
      );
    }
    if (ins.segments.segments.length > rows.length) out.push(nl ? `  ... en nog ${ins.segments.segments.length - rows.length}` : `  ... and ${ins.segments.segments.length - rows.length} more`);
    out.push("");
  }
  out.push(...ins.dependency.sentences.slice(0, 2));
  for (const x of ins.dependency.critical.slice(0, 5)) out.push(`  ${x.customer} (${nl ? "rij" : "row"} ${x.row}): ${formatPercent(x.share, lang)}`);
  if (ins.funnel) {
    const f = ins.funnel;
    out.push("");
    out.push(
      nl
        ? `Verkooptrechter: ${f.orders} orders, ${f.quotes} offertes, ${f.appointments} afspraken, ${f.calls} telefoontjes, ${f.addresses} prospectadressen.`
        : `Sales funnel: ${f.orders} orders, ${f.quotes} quotes, ${f.appointments} appointments, ${f.calls} calls, ${f.addresses} prospect addresses.`,
    );
    for (const a of f.allocation.filter((x) => x.addresses > 0)) out.push(`  ${a.segment}: ${a.addresses}`);
    if (f.shortfall > 0 && !f.unallocated) out.push(nl ? `  niet beschikbaar in de segmenten: ${f.shortfall}` : `  not available in the segments: ${f.shortfall}`);
  }
  for (const n of ins.notes) out.push(`- ${n}`);
  return out;
}

/** What became of an order list: lines read, customers, lines left out with their rows. */
/**
 * Which column became which role, and where another column could have been it: "Columns used:
 * Klant → customer (A), Omzet → revenue (D)"; "revenue: also possible "Omzet 2024"; choose with
 * --map revenue=...".
 */
export function columnsText(columns: SegmentResult["summary"]["columns"], lang: Language): string[] {
  const nl = lang === "nl";
  const out = [(nl ? "Gebruikte kolommen: " : "Columns used: ") + columns.map((c) => `"${c.header}" → ${criterionName(c.role, lang)} (${c.letter}${c.source === "settings" ? (nl ? ", instelling" : ", settings") : ""})`).join(", ") + "."];
  for (const c of columns) {
    if (!c.alternatives?.length) continue;
    const list = c.alternatives.slice(0, 4).map((h) => `"${h}"`).join(", ");
    out.push(nl ? `- ${c.role}: ook mogelijk ${list}; kies met --map ${c.role}="..." of in het taakvenster.` : `- ${c.role}: also possible ${list}; choose with --map ${c.role}="..." or in the task pane.`);
  }
  return out;
}

export function orderListText(a: Aggregation, lang: Language, maxProblems = 10, models?: OrderListModels): string {
  const nl = lang === "nl";
  const out = [
    nl
      ? `Orderlijst: ${a.lines} regels, ${a.customers.length} klanten (omzet, ${a.columns.cost !== null ? "winst, " : ""}orders, eerste en laatste order per klant).`
      : `Order list: ${a.lines} lines, ${a.customers.length} customers (revenue, ${a.columns.cost !== null ? "profit, " : ""}orders, first and last order per customer).`,
    (nl ? "Gebruikte kolommen: " : "Columns used: ") + a.columnsUsed.map((c) => `"${c.header}" → ${c.role}`).join(", ") + (a.columns.order !== null ? (nl ? " (orders geteld per factuur- of ordernummer)" : " (orders counted by invoice or order number)") : nl ? " (orders geteld per dag)" : " (orders counted by day)") + ".",
    ...a.notes,
  ];
  for (const p of a.problems.slice(0, maxProblems)) out.push(`  ✗ ${nl ? "rij" : "row"} ${p.row}: ${p.text}`);
  if (a.problems.length > maxProblems) out.push(nl ? `  ... en nog ${a.problems.length - maxProblems}` : `  ... and ${a.problems.length - maxProblems} more`);
  if (models) {
    out.push(`RFM: ${models.segments.map((s) => `${s.segment} ${s.customers}`).join(", ")}.`);
    const f = modelFigures(models);
    if (f.params) out.push(`${f.model} (${nl ? "weken" : "weeks"}): ${f.params}.`);
    if (f.gammaGamma) out.push(`Gamma-Gamma: ${f.gammaGamma}.`);
    const h = models.horizonMonths;
    if (f.params) {
      const basis = models.clvBasis === "profit" ? (nl ? "winst" : "profit") : nl ? "omzet" : "revenue";
      out.push(
        nl
          ? `Verwacht in de komende ${h} maanden: ${formatAmount(f.orders, lang)} orders${f.clv !== null ? `; CLV samen ${formatAmount(f.clv, lang)} (${basis}, ${f.discount} per jaar verdisconteerd)` : ""}.`
          : `Expected in the next ${h} months: ${formatAmount(f.orders, lang)} orders${f.clv !== null ? `; CLV together ${formatAmount(f.clv, lang)} (${basis}, discounted ${f.discount} a year)` : ""}.`,
      );
    }
    for (const note of models.notes) out.push(note);
  }
  return out.join("\n");
}
