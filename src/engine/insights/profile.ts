/**
 * Top-10 profile: what do my best customers have in common? The ten best customers (by revenue, or
 * by score) against the rest, column by column:
 * - a column of categories (branche, region, size class): its most common value among the top, its
 *   share there against its share among the rest, and the lift (the ratio of the two);
 * - a column of numbers: the median of the top against the median of the rest.
 * Findings are sorted by how much the top differ: for categories the difference of the two shares,
 * for numbers how far the top's median lies from the middle of the rest (0: at the rest's median,
 * 1: beyond all of them), so both read on the same 0..1 scale.
 *
 * Findings that barely differ (below {@link NOTABLE}) are kept in the list but not worth a sentence
 * on a summary; writers show the notable ones.
 *
 * Columns are the table's own, except the customer name and number and the ranking column itself. A
 * text column with (nearly) a different value per customer (addresses, contact names) says nothing
 * about a group and is left out.
 *
 * @example
 * topProfile(table, segment(table)).findings[0].sentence
 * // "7 of your top 10 are in Groothandel (Branche), against 18% of the rest."
 */
import { detectNotation, isBlank, parseNumber } from "../reading/numbers.js";
import type { SegmentResult } from "../analysis/segment.js";
import { argsort, median } from "../analysis/stats.js";
import { cellAt, rowAt, type Cell, type TableInput } from "../reading/table.js";
import { formatAmount, formatPercent, type Language } from "../reading/text.js";

/** A difference from which a finding is worth telling (10 points of share, or a median beyond 55% of the rest). */
export const NOTABLE = 0.1;

export interface ProfileFinding {
  column: string;
  kind: "category" | "number";
  /** Categories: the most common value among the top. */
  value?: string;
  topCount?: number;
  topShare?: number;
  restShare?: number;
  /** topShare / restShare; Infinity when no customer of the rest has the value. */
  lift?: number;
  /** Numbers: medians of the top and of the rest. */
  topMedian?: number;
  restMedian?: number;
  /** How much the top differ, 0..1. */
  difference: number;
  sentence: string;
}

export interface TopProfile {
  by: "revenue" | "score";
  /** The top customers, best first. */
  top: { row: number; customer: string }[];
  rest: number;
  findings: ProfileFinding[];
}

const T = {
  en: {
    cat: (k: number, n: number, v: string, c: string, rest: string) => `${k} of your top ${n} have ${c} ${v}, against ${rest} of the rest.`,
    catOnly: (k: number, n: number, v: string, c: string) => `${k} of your top ${n} have ${c} ${v}; none of the rest do.`,
    num: (n: number, c: string, a: string, b: string) => `Your top ${n} have a median ${c} of ${a}, against ${b} for the rest.`,
  },
  nl: {
    cat: (k: number, n: number, v: string, c: string, rest: string) => `${k} van je top ${n} hebben ${c} ${v}, tegen ${rest} van de rest.`,
    catOnly: (k: number, n: number, v: string, c: string) => `${k} van je top ${n} hebben ${c} ${v}; niemand van de rest.`,
    num: (n: number, c: string, a: string, b: string) => `Je top ${n} heeft een mediaan ${c} van ${a}, tegen ${b} voor de rest.`,
  },
};

function formatNumber(v: number, lang: Language): string {
  if (Math.abs(v) >= 1000) return formatAmount(v, lang);
  const s = String(Math.round(v * 100) / 100);
  return lang === "nl" ? s.replace(".", ",") : s;
}

export function topProfile(table: TableInput, r: SegmentResult, options: { by?: "revenue" | "score"; n?: number } = {}): TopProfile {
  const by = options.by ?? "revenue";
  const size = options.n ?? 10;
  const lang = r.settings.language;
  const c = r.columns;
  // The customers best first, in linear time: by revenue the rank is the position; by score a stable
  // radix sort of the scores over the customers in rank order (ties: the better revenue rank first).
  const byRank = new Int32Array(c.rank.length).fill(-1);
  for (let i = 0; i < c.rank.length; i++) if (c.included[i] && c.rank[i]) byRank[c.rank[i]! - 1] = i;
  let count = 0;
  for (let k = 0; k < byRank.length; k++) if (byRank[k]! >= 0) count++;
  const ranked = new Int32Array(count);
  for (let k = 0, q = 0; k < byRank.length; k++) if (byRank[k]! >= 0) ranked[q++] = byRank[k]!;
  let customers: Int32Array;
  if (by === "revenue") customers = ranked;
  else {
    const scored = ranked.filter((i) => !Number.isNaN(c.score[i]!));
    const order = argsort(Float64Array.from(scored, (i) => c.score[i]!), true);
    customers = Int32Array.from(order, (k) => scored[k]!);
  }
  const topIdx = Array.from(customers.subarray(0, size));
  const restIdx = customers.subarray(Math.min(size, customers.length));
  const n = topIdx.length;
  const top = topIdx.map((i) => ({ row: c.firstRow + i, customer: c.customer[i]! }));
  if (restIdx.length === 0) return { by, top, rest: 0, findings: [] };
  // 1: among the rest, 2: in the top, per data row; columns are read in sheet order (sequentially).
  const group = new Uint8Array(c.customer.length);
  for (const i of restIdx) group[i] = 1;
  for (const i of topIdx) group[i] = 2;

  const header = rowAt(table, 0) ?? []; // data row i is table row i + 1
  const skip = new Set<number>();
  for (const col of r.summary.columns) {
    if (col.role === "customer" || col.role === "id" || (by === "revenue" && col.role === "revenue")) skip.add(col.index);
  }
  const marginColumn = r.summary.columns.find((col) => col.role === "margin")?.index ?? -1;
  const t = T[lang];
  const findings: ProfileFinding[] = [];
  for (let j = 0; j < header.length; j++) {
    const name = String(header[j] ?? "").trim();
    if (!name || skip.has(j)) continue;
    const cell = (i: number) => cellAt(table, i + 1, j);
    const rows = group.length;
    // A numeric column the engine read already is not parsed again.
    const known = r.parsed?.get(j);
    let filledCount = 0;
    let ok = 0;
    let number: Float64Array = known ?? new Float64Array(0);
    const filled: Cell[] = [];
    if (known && known.length === rows) {
      // A column the engine read as numbers (revenue, margin, a criterion) is one: its numbers are
      // counted from the parsed values, without reading the table's cells again.
      number = known;
      for (let i = 0; i < rows; i++) if (group[i] && !Number.isNaN(known[i]!)) ok++;
      filledCount = ok;
    } else {
      for (let i = 0; i < rows; i++) {
        if (!group[i]) continue;
        const v = cellAt(table, i + 1, j);
        if (!isBlank(v)) filled.push(v);
      }
      filledCount = filled.length;
      // A column of words (branche, region) is not read as numbers cell by cell: when an evenly spread
      // sample is mostly not numbers, the column cannot reach the 80% a numeric column needs.
      if (filledCount > 2000) {
        const step = filledCount / 1000;
        let numbers = 0;
        for (let k = 0; k < 1000; k++) if (parseNumber(filled[Math.floor(k * step)]).ok) numbers++;
        if (numbers < 500) ok = -1;
      }
    }
    if (ok === -1) {
      number = new Float64Array(0);
      ok = 0;
    } else if (!known || known.length !== rows) {
      const notation = detectNotation(filled);
      // Each row's number (NaN: blank or not a number), parsed once.
      number = new Float64Array(rows).fill(NaN);
      for (let i = 0; i < rows; i++) {
        if (!group[i]) continue;
        const v = cellAt(table, i + 1, j);
        if (isBlank(v)) continue;
        const p = parseNumber(v, notation);
        if (p.ok) {
          number[i] = p.value;
          ok++;
        }
      }
    }
    if (filledCount === 0) continue;
    const numeric = ok >= 0.8 * filledCount;
    if (numeric) {
      const tv = Float64Array.from(topIdx, (i) => number[i]!).filter((v) => !Number.isNaN(v));
      // The rest's numbers: at most those of the top and the rest (ok) but the top's.
      const room = new Float64Array(Math.max(0, ok - tv.length));
      let m = 0;
      for (let i = 0; i < rows && m < room.length; i++) if (group[i] === 1 && !Number.isNaN(number[i]!)) room[m++] = number[i]!;
      const rv = room.subarray(0, m);
      if (tv.length === 0 || rv.length === 0) continue;
      const topMedian = median(tv);
      // Counted without branches (the values come in no order a branch could predict).
      let less = 0;
      let equal = 0;
      for (let k = 0; k < rv.length; k++) {
        const v = rv[k]!;
        less += +(v < topMedian);
        equal += +(v === topMedian);
      }
      const below = less + equal / 2;
      const restMedian = median(rv, true); // rv is this function's own: reordered, not copied
      // Equal medians: no difference worth telling, however the ties fall.
      const difference = topMedian === restMedian ? 0 : Math.abs((2 * below) / rv.length - 1);
      // Margins read as shares are shown as percentages.
      const show = (v: number) => (marginColumn === j && Math.abs(v) <= 1.5 ? formatPercent(v, lang) : formatNumber(v, lang));
      findings.push({ column: name, kind: "number", topMedian, restMedian, difference, sentence: t.num(n, name, show(topMedian), show(restMedian)) });
      continue;
    }
    // Categories, compared case-insensitively; shown as first written.
    // Keys per distinct cell text, made once (a million rows hold a handful of branches).
    const keys = new Map<unknown, string>();
    const key = (v: unknown) => {
      let k = keys.get(v);
      if (k === undefined) {
        k = String(v ?? "").trim().toLowerCase();
        if (keys.size < 100_000) keys.set(v, k);
      }
      return k;
    };
    const limit = Math.max(10, 0.5 * customers.length);
    // How many different values (a column of names or addresses says nothing about a group), and
    // their counts among the rest, in one pass in sheet order.
    // Each different cell's tally found once, the same cell as the row before without a lookup.
    const inRest = new Map<string, { rest: number }>();
    const tallyOf = new Map<unknown, { rest: number }>();
    let lastV: unknown = undefined;
    let lastTally: { rest: number } | undefined;
    let distinct = 0;
    for (let i = 0; i < rows && distinct <= limit; i++) {
      if (!group[i]) continue;
      const v = cellAt(table, i + 1, j);
      if (isBlank(v)) continue;
      let tally = lastTally !== undefined && v === lastV ? lastTally : tallyOf.get(v);
      if (tally === undefined) {
        const k = key(v);
        tally = inRest.get(k);
        if (!tally) {
          inRest.set(k, (tally = { rest: 0 }));
          distinct++;
        }
        if (tallyOf.size < 100_000) tallyOf.set(v, tally);
      }
      lastV = v;
      lastTally = tally;
      if (group[i] === 1) tally.rest++;
    }
    if (distinct > limit) continue;
    // The top's values, counted and shown as the best of them wrote them first.
    const inTop = new Map<string, number>();
    const shown = new Map<string, string>();
    for (const i of topIdx) {
      const v = cell(i);
      if (isBlank(v)) continue;
      const k = key(v);
      if (!shown.has(k)) shown.set(k, String(v).trim());
      inTop.set(k, (inTop.get(k) ?? 0) + 1);
    }
    let best: ProfileFinding | null = null;
    for (const [k, topCount] of inTop) {
      const topShare = topCount / n;
      const restShare = (inRest.get(k)?.rest ?? 0) / restIdx.length;
      const lift = restShare > 0 ? topShare / restShare : Infinity;
      const value = shown.get(k)!;
      const candidate: ProfileFinding = {
        column: name,
        kind: "category",
        value,
        topCount,
        topShare,
        restShare,
        lift,
        difference: topShare - restShare,
        sentence: restShare > 0 ? t.cat(topCount, n, value, name, formatPercent(restShare, lang)) : t.catOnly(topCount, n, value, name),
      };
      if (!best || topCount > best.topCount! || (topCount === best.topCount && candidate.difference > best.difference)) best = candidate;
    }
    if (best) findings.push(best);
  }
  findings.sort((a, b) => b.difference - a.difference);
  return { by, top, rest: restIdx.length, findings };
}
