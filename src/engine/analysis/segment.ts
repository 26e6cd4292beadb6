/**
 * `segment(table, settings)`: the whole analysis in one call.
 *
 * Input: a header row plus rows of raw cell values, exactly as Excel hands them over.
 * Output: one {@link RowResult} per data row in sheet order (a left-out row has empty results and
 * says why), and a {@link Summary} with the 80/20 sentence, the profit curve, BCG and tier counts and
 * the concentration figures.
 *
 * @example
 * const { rows, summary } = segment([
 *   ["Klant", "Omzet", "Marge %", "Groeipotentie"],
 *   ["Jansen BV", "€ 120.000", "22%", 4],
 *   ["De Vries", 30000, "35%", 2],
 * ]);
 * rows[0].paretoClass   // "A"
 * rows[1].quadrant      // "Cash Cow"
 * summary.pareto.sentence // "50% of your customers (1 of 2) bring 80% of your revenue."
 */
import { bcg, QUADRANTS, type Quadrant } from "./bcg.js";
import type { Role } from "../reading/columns.js";
import { concentration } from "./concentration.js";
import { pareto, type ParetoClass } from "./pareto.js";
import { normalizeCriterion, pyramidCutoffs, tierOf, weightedScore, type Tier } from "./score.js";
import { resolveSettings, type Settings, type SettingsInput } from "../reading/settings.js";
import { addMessage, dataRowCount, readTable, TableError, type Message, type TableInput, type TableOptions } from "../reading/table.js";
import { formatAmount, formatDecimal, formatPercent, say, type Language } from "../reading/text.js";
import { whaleCurve } from "./whale.js";
import { ARENA_BYTES_PER_ROW, f64, u32, withArena } from "../reading/memory.js";

export interface RowResult {
  /** Sheet row number. */
  row: number;
  customer: string;
  /** False when the row is left out of the analysis (see its problems) or empty. */
  included: boolean;
  revenue: number | null;
  profit: number | null;
  margin: number | null;
  growth: number | null;
  /** Revenue rank, 1 = largest. */
  rank: number | null;
  revenueShare: number | null;
  cumulativeShare: number | null;
  paretoClass: ParetoClass | null;
  profitRank: number | null;
  cumulativeProfitShare: number | null;
  /** The BCG x value: margin or profit, as chosen in the settings. */
  profitability: number | null;
  quadrant: Quadrant | null;
  score: number | null;
  tier: Tier | null;
  /** Customer lifetime value, when profit and a retention rate or lifetime are known. */
  clv: number | null;
  messages: Message[];
}

export interface GroupFigure<K extends string> {
  key: K;
  label: string;
  count: number;
  revenue: number;
  /** Share of positive revenue. */
  revenueShare: number;
}

export interface Summary {
  language: Language;
  sheet: string | null;
  headerRow: number;
  columns: { role: Role; header: string; letter: string; index: number; source: "detected" | "settings"; alternatives?: string[] }[];
  counts: { rows: number; included: number; leftOut: number; empty: number; problems: number; warnings: number };
  pareto: {
    customers: number;
    totalRevenue: number;
    aCutoff: number;
    bCutoff: number;
    aCount: number;
    bCount: number;
    cCount: number;
    /** Share of customers in class A: the "x% of customers" of the 80/20 sentence. */
    aCustomerShare: number;
    aRevenueShare: number;
    nonPositive: { row: number; customer: string; revenue: number }[];
    sentence: string;
    classes: GroupFigure<ParetoClass>[];
  };
  profit: {
    source: "profit" | "margin";
    total: number;
    customers: number;
    peak: { count: number; customerShare: number; profitShare: number } | null;
    destroyers: { row: number; customer: string; profit: number }[];
    destroyed: number;
    sentences: string[];
  } | null;
  bcg: {
    x: "margin" | "profit";
    xThreshold: number;
    yThreshold: number;
    quadrants: (GroupFigure<Quadrant> & { action: string })[];
  } | null;
  score: {
    criteria: { criterion: string; header: string; weight: number; lowerIsBetter: boolean }[];
    /** The score cut-offs the tiers were given by (under the pyramid: the scores where each tier ends). */
    tierCutoffs: { a: number; b: number; c: number };
    tierMethod: "pyramid" | "fixed";
    /** Each tier with its meaning and treatment (time and attention), as the quadrants have their action. */
    tiers: (GroupFigure<Tier> & { action: string })[];
  };
  concentration: {
    top1: number;
    top5: number;
    top10: number;
    hhi: number;
    gini: number;
    largest: { row: number; customer: string } | null;
    thresholds: Settings["concentration"];
    warnings: string[];
  };
  notes: string[];
}

/**
 * The results per row as columns (one entry per data row, in sheet order): what the Excel writer
 * and the command line write. NaN (numbers), 0 (ranks) and null (labels) mean "no result".
 */
export interface SegmentColumns {
  /** Sheet row number of the first data row; row i is on sheet row firstRow + i. */
  firstRow: number;
  included: Uint8Array;
  customer: string[];
  revenue: Float64Array;
  profit: Float64Array;
  margin: Float64Array;
  growth: Float64Array;
  rank: Uint32Array;
  revenueShare: Float64Array;
  cumulativeShare: Float64Array;
  paretoClass: (ParetoClass | null)[];
  profitRank: Uint32Array;
  cumulativeProfitShare: Float64Array;
  profitability: Float64Array;
  quadrant: (Quadrant | null)[];
  score: Float64Array;
  tier: (Tier | null)[];
  clv: Float64Array;
  messages: Message[][];
}

export interface SegmentResult {
  settings: Settings;
  columns: SegmentColumns;
  summary: Summary;
  /** The same results as one object per row, built on first use (a million objects take a while). */
  readonly rows: RowResult[];
  /** The numeric columns as read, by column index of the table (NaN: blank or not a number; rows left out masked), so other analyses need not parse them again. */
  readonly parsed?: ReadonlyMap<number, Float64Array>;
}

/** Row `i` of the columns as an object. */
export function rowAt(c: SegmentColumns, i: number): RowResult {
  const included = c.included[i] === 1;
  return {
    row: c.firstRow + i,
    customer: c.customer[i]!,
    included,
    revenue: num(c.revenue[i]!),
    profit: num(c.profit[i]!),
    margin: num(c.margin[i]!),
    growth: num(c.growth[i]!),
    rank: c.rank[i] || null,
    revenueShare: num(c.revenueShare[i]!),
    cumulativeShare: num(c.cumulativeShare[i]!),
    paretoClass: c.paretoClass[i]!,
    profitRank: c.profitRank[i] || null,
    cumulativeProfitShare: num(c.cumulativeProfitShare[i]!),
    profitability: num(c.profitability[i]!),
    quadrant: c.quadrant[i]!,
    score: num(c.score[i]!),
    tier: c.tier[i]!,
    clv: num(c.clv[i]!),
    messages: c.messages[i]!,
  };
}

class Result implements SegmentResult {
  #rows: RowResult[] | null = null;
  constructor(
    readonly settings: Settings,
    readonly columns: SegmentColumns,
    readonly summary: Summary,
  ) {}
  get rows(): RowResult[] {
    if (!this.#rows) {
      const n = this.columns.customer.length;
      const rows: RowResult[] = new Array(n);
      for (let i = 0; i < n; i++) rows[i] = rowAt(this.columns, i);
      this.#rows = rows;
    }
    return this.#rows;
  }
  toJSON() {
    return { settings: this.settings, summary: this.summary, rows: this.rows };
  }
}

const QUADRANT_KEYS: Record<Quadrant, "star" | "cashCow" | "questionMark" | "dog"> = {
  Star: "star",
  "Cash Cow": "cashCow",
  "Question Mark": "questionMark",
  Dog: "dog",
};

/** The quadrant's name in the language: `quadrantLabel("Cash Cow", "nl")` is "Melkkoe". */
export function quadrantLabel(q: Quadrant, lang: Language): string {
  return say(lang, `quadrant.${QUADRANT_KEYS[q]}` as const);
}

/** The one-line recommended action for a quadrant. */
export function quadrantAction(q: Quadrant, lang: Language): string {
  return say(lang, `action.${QUADRANT_KEYS[q]}` as const);
}

function num(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

export function segment(
  table: TableInput,
  settingsInput: SettingsInput | Settings | null = {},
  options: TableOptions = {},
): SegmentResult {
  const settings = resolveSettings(settingsInput);
  return withArena(dataRowCount(table) * ARENA_BYTES_PER_ROW, () => run(table, settings, options));
}

function run(table: TableInput, settings: Settings, options: TableOptions): SegmentResult {
  const lang = settings.language;
  const t = readTable(table, settings, options);
  const n = t.rowCount;

  // Every array has one entry per data row; left-out rows hold NaN (readTable sees to that), which
  // every analysis reads as "not a customer".
  let m = 0;
  for (let i = 0; i < n; i++) m += t.included[i]!;
  const revenue = t.revenue;
  const profit = t.profit;
  const margin = t.margin;
  const growth = t.growth;

  // Sums must stay finite: amounts near 1.8e308 (a damaged export, a unit error) would add up to
  // Infinity and every share to NaN. Stop with the column named instead.
  for (const [values, role] of [[revenue, "revenue"], [profit, "profit"]] as const) {
    if (!values) continue;
    let sum = 0;
    let abs = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      // NaN marks a row left out; an infinite amount (a sum of order lines that overflowed) is overflow.
      if (!Number.isNaN(v)) {
        sum += v;
        abs += Math.abs(v);
      }
    }
    if (!Number.isFinite(sum) || !Number.isFinite(abs)) {
      const col = t.columns.find((c) => c.role === role) ?? t.columns.find((c) => c.role === "revenue")!;
      const where = options.sheet ? ` on sheet "${options.sheet}"` : "";
      throw new TableError(
        settings.language === "nl"
          ? `De bedragen in kolom ${col.letter} (${col.header})${where} zijn te groot om op te tellen (samen meer dan 1,8 × 10^308): controleer de eenheid of de export.`
          : `The amounts in column ${col.letter} (${col.header})${where} are too large to add up (together more than 1.8 × 10^308): check the unit or the export.`,
      );
    }
  }
  const par = pareto(revenue, settings.pareto);
  const whale = profit ? whaleCurve(profit) : null;
  const xs = settings.bcg.x === "profit" ? profit : margin;
  const bcgResult = xs && growth ? bcg(xs, growth, settings.bcg.xThreshold, settings.bcg.yThreshold) : null;
  const normalized = t.criteria.map((c) =>
    c.values === revenue ? normalizeCriterion(revenue, c.lowerIsBetter, par.order) : normalizeCriterion(c.values, c.lowerIsBetter),
  );
  const scores = weightedScore(normalized, t.criteria.map((c) => c.weight), n);
  const conc = concentration(par.sorted, true);
  const tiers: (Tier | null)[] = new Array(n);
  // The customer pyramid by default (A the top 10% by score, B the next 20%, C the next 30%), or fixed cut-offs.
  const cutoffs = settings.score.tiers === "pyramid" ? pyramidCutoffs(scores, settings.score.pyramid) : settings.score.tierCutoffs;
  for (let i = 0; i < n; i++) tiers[i] = tierOf(scores[i]!, cutoffs);

  const where = { lang, sheet: t.sheet, headerRow: t.headerRow };
  // BCG warnings for customers that get no quadrant because a value is blank (an unreadable value
  // or a credit was already reported on its own cell).
  if (bcgResult && xs && growth) {
    const growthCol = t.columns.find((c) => c.role === "growth")!;
    const xCol = t.columns.find((c) => c.role === (settings.bcg.x === "profit" ? "profit" : "margin")) ?? t.columns.find((c) => c.role === "profit" || c.role === "margin")!;
    const warnedAbout = (i: number, letter: string) => t.messages[i]!.some((msg) => msg.columnLetter === letter && (msg.code === "unreadableValue" || msg.code === "errorValue"));
    for (let i = 0; i < n; i++) {
      if (!t.included[i] || bcgResult.quadrants[i]) continue;
      if (Number.isNaN(growth[i]!) && !warnedAbout(i, growthCol.letter)) {
        addMessage(t.messages, where, i, "warning", "noGrowth", growthCol);
      }
      if (Number.isNaN(xs[i]!) && !warnedAbout(i, xCol.letter) && revenue[i]! > 0) {
        addMessage(t.messages, where, i, "warning", "noProfitability", xCol);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (t.included[i] && Number.isNaN(scores[i]!)) addMessage(t.messages, where, i, "warning", "noScore", null);
  }

  const nothing = (): Float64Array => f64(n).fill(NaN);
  const columns: SegmentColumns = {
    firstRow: t.headerRow + 1,
    included: t.included,
    customer: t.customer,
    revenue,
    profit: profit ?? nothing(),
    margin: margin ?? nothing(),
    growth: growth ?? nothing(),
    rank: par.rank,
    revenueShare: par.share,
    cumulativeShare: par.cumulative,
    paretoClass: par.classes,
    profitRank: whale ? whale.rank : u32(n),
    cumulativeProfitShare: whale ? whale.cumulative : nothing(),
    profitability: xs ?? nothing(),
    quadrant: bcgResult ? bcgResult.quadrants : new Array(n).fill(null),
    score: scores,
    tier: tiers,
    clv: t.clv ?? nothing(),
    messages: t.messages,
  };

  // Summary.
  const firstRow = t.headerRow + 1;
  let problems = 0;
  let warnings = 0;
  for (let i = 0; i < n; i++) {
    const list = t.messages[i]!;
    for (let j = 0; j < list.length; j++) list[j]!.severity === "problem" ? problems++ : warnings++;
  }
  let emptyCount = 0;
  for (let i = 0; i < n; i++) emptyCount += t.empty[i]!;

  // Customers and revenue per label (class, quadrant, tier); labels are interned strings, so a Map
  // keyed by them is quick.
  const group = <K extends string>(keys: readonly K[], labels: readonly (K | null)[], label: (key: K) => string): GroupFigure<K>[] => {
    const at = new Map<K, number>(keys.map((k, g) => [k, g]));
    const count = new Float64Array(keys.length);
    const rev = new Float64Array(keys.length);
    for (let i = 0; i < n; i++) {
      const key = labels[i];
      if (key === null || key === undefined) continue;
      const g = at.get(key)!;
      count[g]!++;
      rev[g]! += revenue[i]!;
    }
    return keys.map((key, g) => ({
      key,
      label: label(key),
      count: count[g]!,
      revenue: rev[g]!,
      revenueShare: par.totalPositive > 0 ? rev[g]! / par.totalPositive : 0,
    }));
  };

  const paretoSentence =
    par.totalPositive > 0
      ? say(lang, "summary.pareto", {
          customerShare: formatPercent(par.aCount / m, lang),
          count: par.aCount,
          total: m,
          revenueShare: formatPercent(par.aRevenueShare, lang),
        })
      : say(lang, "summary.paretoNone");

  let profitSummary: Summary["profit"] = null;
  if (whale && profit) {
    const sentences: string[] = [];
    const peak = whale.peak ? { count: whale.peak.count, customerShare: whale.peak.count / whale.counted, profitShare: whale.peak.share } : null;
    if (peak && whale.destroyers.length > 0 && whale.total > 0) {
      // In plain words: the profitable customers, and what the others cost.
      sentences.push(
        say(lang, "summary.whalePlain", {
          count: peak.count,
          profitShare: formatPercent(peak.profitShare, lang),
          others: whale.destroyers.length,
          lossShare: formatPercent(-whale.destroyed / whale.total, lang),
          amount: formatAmount(-whale.destroyed, lang),
        }),
      );
    } else if (peak) {
      sentences.push(say(lang, "summary.whale", { customerShare: formatPercent(peak.customerShare, lang), count: peak.count, total: whale.counted, profitShare: formatPercent(peak.profitShare, lang) }));
    } else sentences.push(say(lang, "summary.whaleFlat", { total: formatAmount(whale.total, lang) }));
    sentences.push(
      whale.destroyers.length > 1
        ? say(lang, "summary.destroyers", { count: whale.destroyers.length, amount: formatAmount(-whale.destroyed, lang) })
        : whale.destroyers.length === 1
          ? say(lang, "summary.destroyer", { amount: formatAmount(-whale.destroyed, lang) })
          : say(lang, "summary.noDestroyers"),
    );
    // The loss-makers by name, the largest loss first (ten at most; the rest counted).
    if (whale.destroyers.length) {
      const worst = [...whale.destroyers].sort((a, b) => profit[a]! - profit[b]! || a - b);
      const named = worst.slice(0, 10).map((i) => `${t.customer[i]} (${formatAmount(profit[i]!, lang)})`);
      if (worst.length > 10) named.push(lang === "nl" ? `en nog ${worst.length - 10}` : `and ${worst.length - 10} more`);
      sentences.push(say(lang, "summary.losers", { list: named.join(", ") }));
    }
    profitSummary = {
      source: t.columns.some((c) => c.role === "profit") ? "profit" : "margin",
      total: whale.total,
      customers: whale.counted,
      peak,
      destroyers: whale.destroyers.map((i) => ({ row: firstRow + i, customer: t.customer[i]!, profit: profit[i]! })),
      destroyed: whale.destroyed,
      sentences,
    };
  }

  const notes = [...t.notes];
  if (!growth) notes.push(say(lang, "note.noGrowth"));

  const concWarnings: string[] = [];
  const th = settings.concentration;
  const largestPos = par.order.length && revenue[par.order[0]!]! > 0 ? par.order[0]! : -1;
  if (conc.total > 0) {
    if (conc.top1 >= th.top1 && largestPos >= 0) concWarnings.push(say(lang, "warn.top1", { customer: t.customer[largestPos]!, share: formatPercent(conc.top1, lang) }));
    if (m > 5 && conc.top5 >= th.top5) concWarnings.push(say(lang, "warn.top5", { share: formatPercent(conc.top5, lang) }));
    if (m > 10 && conc.top10 >= th.top10) concWarnings.push(say(lang, "warn.top10", { share: formatPercent(conc.top10, lang) }));
    if (conc.hhi >= th.hhi) concWarnings.push(say(lang, "warn.hhi", { hhi: `${formatDecimal(conc.hhi, 2, lang)} (${Math.round(conc.hhi * 10000)})` }));
  }

  const summary: Summary = {
    language: lang,
    sheet: t.sheet,
    headerRow: t.headerRow,
    columns: t.columns.map((c) => ({ role: c.role, header: c.header, letter: c.letter, index: c.index, source: c.source, ...(c.alternatives?.length ? { alternatives: c.alternatives } : {}) })),
    counts: { rows: n, included: m, leftOut: n - m - emptyCount, empty: emptyCount, problems, warnings },
    pareto: {
      customers: m,
      totalRevenue: par.totalPositive,
      aCutoff: settings.pareto.aCutoff,
      bCutoff: settings.pareto.bCutoff,
      aCount: par.aCount,
      bCount: par.bCount,
      cCount: par.cCount,
      aCustomerShare: m > 0 ? par.aCount / m : 0,
      aRevenueShare: par.aRevenueShare,
      nonPositive: par.nonPositive.map((i) => ({ row: firstRow + i, customer: t.customer[i]!, revenue: revenue[i]! })),
      sentence: paretoSentence,
      classes: group(["A", "B", "C"] as const, par.classes, (c) => c),
    },
    profit: profitSummary,
    bcg: bcgResult
      ? {
          x: settings.bcg.x,
          xThreshold: bcgResult.xThreshold,
          yThreshold: bcgResult.yThreshold,
          quadrants: group(QUADRANTS, bcgResult.quadrants, (q) => quadrantLabel(q, lang)).map((g) => ({ ...g, action: quadrantAction(g.key, lang) })),
        }
      : null,
    score: {
      criteria: t.criteria.map((c) => ({ criterion: c.criterion, header: c.header, weight: c.weight, lowerIsBetter: c.lowerIsBetter })),
      tierCutoffs: { ...cutoffs },
      tierMethod: settings.score.tiers,
      tiers: group(["A", "B", "C", "D"] as const, tiers, (c) => c).map((g) => ({ ...g, action: say(lang, `action.tier${g.key}` as const) })),
    },
    concentration: {
      top1: conc.top1,
      top5: conc.top5,
      top10: conc.top10,
      hhi: conc.hhi,
      gini: conc.gini,
      largest: largestPos >= 0 ? { row: firstRow + largestPos, customer: t.customer[largestPos]! } : null,
      thresholds: { ...th },
      warnings: concWarnings,
    },
    notes,
  };
  const result = new Result(settings, columns, summary);
  // Not enumerable: the result's JSON and copies stay as they were.
  Object.defineProperty(result, "parsed", { value: t.parsed, enumerable: false });
  return result;
}
