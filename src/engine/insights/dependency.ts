/**
 * Dependency view: which customers the business depends on. The concentration figures of the run
 * (largest customer, top 5, top 10, HHI, Gini) in sentences, and the customers whose loss would cost
 * more than a chosen share of profit (of revenue when the table has no profit or margin), largest first.
 *
 * @example
 * dependency(segment(table), { threshold: 0.05 }).critical
 * // [{ row: 2, customer: "Jansen BV", profit: 26000, profitShare: 0.31, revenueShare: 0.42 }, ...]
 */
import type { SegmentResult } from "../analysis/segment.js";
import { formatDecimal, formatPercent, type Language } from "../reading/text.js";

export interface CriticalCustomer {
  row: number;
  customer: string;
  /** Profit (or revenue, when there is no profit) of the customer. */
  value: number;
  /** Its share of total profit (or revenue). */
  share: number;
  revenueShare: number;
}

export interface Dependency {
  basis: "profit" | "revenue";
  threshold: number;
  critical: CriticalCustomer[];
  /** Share of profit (or revenue) the critical customers bring together. */
  criticalShare: number;
  sentences: string[];
}

const T = {
  en: {
    none: (t: string, b: string) => `No single customer brings ${t} or more of your ${b}.`,
    some: (n: number, t: string, b: string, s: string) => `${n === 1 ? "1 customer brings" : `${n} customers each bring`} ${t} or more of your ${b}; together ${s}. Losing ${n === 1 ? "it" : "one of them"} would hurt.`,
    who: (list: string) => `They are: ${list}.`,
    conc: (top1: string, top5: string, top10: string, hhi: string) => `Largest customer ${top1} of revenue, top 5 ${top5}, top 10 ${top10}; Herfindahl-Hirschman index ${hhi}.`,
    profit: "profit",
    revenue: "revenue",
  },
  nl: {
    none: (t: string, b: string) => `Geen enkele klant brengt ${t} of meer van je ${b}.`,
    some: (n: number, t: string, b: string, s: string) => `${n === 1 ? "1 klant brengt" : `${n} klanten brengen elk`} ${t} of meer van je ${b}; samen ${s}. ${n === 1 ? "Die" : "Eén van hen"} kwijtraken doet pijn.`,
    who: (list: string) => `Het gaat om: ${list}.`,
    conc: (top1: string, top5: string, top10: string, hhi: string) => `Grootste klant ${top1} van de omzet, top 5 ${top5}, top 10 ${top10}; Herfindahl-Hirschman-index ${hhi}.`,
    profit: "winst",
    revenue: "omzet",
  },
};

export function dependency(r: SegmentResult, options: { threshold?: number } = {}): Dependency {
  const threshold = options.threshold ?? 0.05;
  const lang: Language = r.settings.language;
  const c = r.columns;
  const total = r.summary.profit && r.summary.profit.total > 0 ? r.summary.profit.total : null;
  const basis: Dependency["basis"] = total !== null ? "profit" : "revenue";
  const values = basis === "profit" ? c.profit : c.revenue;
  const denominator = basis === "profit" ? total! : r.summary.pareto.totalRevenue;
  const critical: CriticalCustomer[] = [];
  if (denominator > 0) {
    for (let i = 0; i < values.length; i++) {
      if (!c.included[i] || !(values[i]! > 0)) continue;
      const share = values[i]! / denominator;
      if (share >= threshold) critical.push({ row: c.firstRow + i, customer: c.customer[i]!, value: values[i]!, share, revenueShare: c.revenueShare[i]! });
    }
  }
  critical.sort((a, b) => b.share - a.share || a.row - b.row);
  const criticalShare = critical.reduce((t, x) => t + x.share, 0);
  const t = T[lang];
  const k = r.summary.concentration;
  const sentences = [
    critical.length === 0
      ? t.none(formatPercent(threshold, lang), t[basis])
      : t.some(critical.length, formatPercent(threshold, lang), t[basis], formatPercent(criticalShare, lang)),
    // Every one of them by name, largest share first.
    ...(critical.length ? [t.who(critical.map((x) => `${x.customer} (${formatPercent(x.share, lang)})`).join(", "))] : []),
    t.conc(formatPercent(k.top1, lang), formatPercent(k.top5, lang), formatPercent(k.top10, lang), formatDecimal(k.hhi, 3, lang)),
  ];
  return { basis, threshold, critical, criticalShare, sentences };
}
