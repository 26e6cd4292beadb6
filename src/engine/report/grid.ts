/**
 * The engine's result as a grid of cells, the same for every writer: the command line's CSV, the
 * SEGMENT() worksheet function and the add-in's columns. Shares are fractions; empty results are null.
 *
 * @example
 * resultHeaders("nl")[3] // "Paretoklasse"
 * resultCells(result, 0) // [1, 0.42, 0.42, "A", 2, 0.31, "Star", 81.2, "A", null]
 */
import { rowAt, type SegmentResult } from "../analysis/segment.js";
import type { Language } from "../reading/text.js";

const HEADERS = {
  en: ["Rank", "Revenue share", "Cumulative share", "Pareto class", "Profit rank", "Cumulative profit share", "BCG quadrant", "Score", "Tier", "Problems"],
  nl: ["Rang", "Omzetaandeel", "Cumulatief aandeel", "Paretoklasse", "Winstrang", "Cumulatief winstaandeel", "BCG-kwadrant", "Score", "Scoreklasse", "Problemen"],
};

/** The result columns, in order: key (the add-in's ownership name) and number format, for every writer. */
export const RESULT_COLUMNS: readonly { key: string; format: string }[] = [
  { key: "rank", format: "0" },
  { key: "revenueShare", format: "0.0%" },
  { key: "cumulativeShare", format: "0.0%" },
  { key: "paretoClass", format: "@" },
  { key: "profitRank", format: "0" },
  { key: "cumulativeProfitShare", format: "0.0%" },
  { key: "quadrant", format: "@" },
  { key: "score", format: "0.0" },
  { key: "tier", format: "@" },
  { key: "problems", format: "@" },
];

/** Fill colours per label (light, readable in light and dark themes): class, quadrant and tier columns. */
export const LABEL_COLOURS: Record<string, Record<string, string>> = {
  paretoClass: { A: "#C6EFCE", B: "#FFEB9C", C: "#F8CBAD" },
  quadrant: { Star: "#C6EFCE", "Cash Cow": "#BDD7EE", "Question Mark": "#FFEB9C", Dog: "#D9D9D9" },
  tier: { A: "#C6EFCE", B: "#E2EFDA", C: "#FFEB9C", D: "#F8CBAD" },
};

/** The number of columns of the widest row (a loop: spreading a million rows into Math.max overflows the stack). */
export function widestRow(rows: readonly (readonly unknown[])[]): number {
  let w = 0;
  for (let i = 0; i < rows.length; i++) if (rows[i]!.length > w) w = rows[i]!.length;
  return w;
}

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
