/**
 * The engine's result as a grid of cells, the same for every writer: the command line's CSV, the
 * SEGMENT() worksheet function and the add-in's columns. Shares are fractions; empty results are null.
 *
 * @example
 * resultHeaders("nl")[3] // "Paretoklasse"
 * resultCells(result, 0) // [1, 0.42, 0.42, "A", 2, 0.31, "Star", 81.2, "A", null]
 */
import { rowAt, type SegmentResult } from "./segment.js";
import type { Language } from "./text.js";

const HEADERS = {
  en: ["Rank", "Revenue share", "Cumulative share", "Pareto class", "Profit rank", "Cumulative profit share", "BCG quadrant", "Score", "Tier", "Problems"],
  nl: ["Rang", "Omzetaandeel", "Cumulatief aandeel", "Paretoklasse", "Winstrang", "Cumulatief winstaandeel", "BCG-kwadrant", "Score", "Klasse", "Problemen"],
};

export function resultHeaders(lang: Language): string[] {
  return [...HEADERS[lang]];
}

/** The result columns for data row i: numbers as numbers (shares as fractions), labels as text. */
export function resultCells(r: SegmentResult, i: number): (string | number | null)[] {
  const row = rowAt(r.columns, i);
  return [
    row.rank,
    row.revenueShare,
    row.cumulativeShare,
    row.paretoClass,
    row.profitRank,
    row.cumulativeProfitShare,
    row.quadrant,
    row.score,
    row.tier,
    row.messages.map((m) => m.text).join(" ") || null,
  ];
}
