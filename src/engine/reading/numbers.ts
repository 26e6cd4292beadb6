/**
 * Reading numbers the way people type them in spreadsheets.
 *
 * A cell is either a real number (Excel hands those over as numbers) or text such as `1.234,50`,
 * `€ 1.234`, `12%`, `(500)`. Text is read with the notation of its column: Dutch/Flemish
 * (`1.234,5`, comma decimal) or English (`1,234.5`, dot decimal).
 *
 * Rules:
 * - With both separators in a value the last one is the decimal mark.
 * - A separator that occurs more than once groups thousands.
 * - A lone separator followed by anything but exactly three digits (or after a leading `0`, or after
 *   more than three digits) is a decimal mark.
 * - A lone separator followed by exactly three digits (`1.234`, `1,234`) is ambiguous: the notation of
 *   the rest of the column decides (see {@link detectNotation}). In a column that shows both notations or
 *   neither, a dot groups thousands (`€ 2.500` is 2500) and a lone comma is a decimal comma (`1,234` is 1.234).
 *
 * @example
 * parseNumber("1.234,50")        // { ok: true, value: 1234.5 }
 * parseNumber("€ 2.500")         // { ok: true, value: 2500 }
 * parseNumber("1,234", "dot")    // { ok: true, value: 1234 }
 * parseNumber("(500)")           // { ok: true, value: -500 }
 * parseNumber("12%")             // { ok: true, value: 0.12, percent: true }
 * parseNumber("n.v.t.")          // { ok: false, reason: "not-a-number" }
 */

/** Decimal notation of a column: `dot` = 1,234.5 (English); `comma` = 1.234,5 (Dutch); `mixed` = both or neither seen. */
export type Notation = "dot" | "comma" | "mixed";

export type ParseFailure = "empty" | "error-value" | "boolean" | "not-a-number";

export type ParsedNumber =
  | { ok: true; value: number; percent: boolean }
  | { ok: false; reason: ParseFailure; errorValue?: string };

const EXCEL_ERRORS = new Set([
  "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
  "#GETTING_DATA", "#BUSY!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#UNKNOWN!", "#PYTHON!", "#EXTERNAL!",
]);

/** True when the value is one of Excel's error values such as `#N/A` or `#DIV/0!`. */
export function isExcelError(value: unknown): value is string {
  return typeof value === "string" && value.length > 1 && value[0] === "#" && EXCEL_ERRORS.has(value.trim().toUpperCase());
}

/** True when a cell is blank: `""`, whitespace only, `null` or `undefined`. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

// Currency signs and codes, spaces (incl. no-break and thin spaces) and apostrophes used as group separators.
const CURRENCY = /(?:€|\$|£|¥|₣|\bEUR\b|\bUSD\b|\bGBP\b|\bCHF\b|\bfl\.?|ƒ)/gi;
const SPACES = /[\s\u00a0\u202f\u2009\u2007]+/g;
const NUMBER_SHAPE = /^[0-9][0-9.,']*$|^[.,][0-9]+$/;

interface Cleaned {
  negative: boolean;
  percent: boolean;
  body: string; // digits and separators only
}

function clean(text: string): Cleaned | null {
  let s = text.trim();
  let negative = false;
  let percent = false;
  // Accounting negatives: (500) or (€ 500)
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  s = s.replace(CURRENCY, " ").trim();
  // Whole euros as Dutch people write them: "1.250,-" and "1.250,--" (not a trailing minus).
  if (/\d[.,]-{1,2}$/.test(s)) s = s.replace(/[.,]-{1,2}$/, "");
  // Sign before or after the currency sign, or a trailing minus ("500-") as some bookkeeping exports write it.
  if (s.startsWith("-") || s.startsWith("\u2212")) {
    if (negative) return null;
    negative = true;
    s = s.slice(1).trim();
  } else if (s.startsWith("+")) {
    s = s.slice(1).trim();
  } else if (s.endsWith("-") && s.length > 1) {
    if (negative) return null;
    negative = true;
    s = s.slice(0, -1).trim();
  }
  if (!percent && s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1).trim();
  }
  // Spaces inside a number are thousands groups ("1 234 567,89"): each group after a space has 3 digits.
  if (/\s/.test(s)) {
    const parts = s.split(SPACES);
    for (let i = 1; i < parts.length; i++) {
      if (!/^[0-9]{3}(?:[.,][0-9]*)?$/.test(parts[i]!)) return null;
    }
    if (!/^[0-9]{1,3}$/.test(parts[0]!)) return null;
    s = parts.join("");
  }
  if (!NUMBER_SHAPE.test(s)) return null;
  return { negative, percent, body: s };
}

/**
 * The common shapes read without regular expressions or copies: `-`? digits, then at most one `.` or
 * `,` with digits after it, not exactly three (those are ambiguous: 1,500). Returns the separator
 * (`""` for none) and where the sign ends, or null for anything else (the full reading decides).
 * Millions of CSV cells go through here; the answers equal the full path's (a property test checks).
 */
function quickShape(text: string): { sep: "" | "." | ","; start: number; ambiguous: boolean } | null {
  const n = text.length;
  let i = 0;
  if (n === 0) return null;
  if (text.charCodeAt(0) === 45) i = 1; // "-"
  const start = i;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch < 48 || ch > 57) break;
    i++;
  }
  const before = i - start;
  if (before === 0 || before > 15) return null;
  if (i === n) return { sep: "", start, ambiguous: false };
  const sep = text.charCodeAt(i);
  if (sep !== 46 && sep !== 44) return null;
  const afterStart = ++i;
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch < 48 || ch > 57) return null;
    i++;
  }
  const after = i - afterStart;
  if (after === 0 || after > 15) return null;
  // 1,500 or 2.500: a lone separator before exactly three digits, after one to three (not "0"), as shapeOf says.
  const ambiguous = after === 3 && before <= 3 && !(before === 1 && text.charCodeAt(start) === 48);
  return { sep: sep === 46 ? "." : ",", start, ambiguous };
}

/** A common number shape read fast (see {@link quickShape}), or undefined for the full reading. */
function quickNumber(text: string, notation: Notation): number | undefined {
  const q = quickShape(text);
  if (!q) return undefined;
  // An ambiguous separator: the column decides; where it shows both notations or neither, a comma is decimal.
  return valueOfShape(text, q, q.ambiguous ? q.sep === (notation === "dot" ? "." : ",") : true);
}

/** Powers of ten that are exact doubles. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** The number of a quick shape: its separator read as the decimal mark, or as a thousands group. */
function valueOfShape(text: string, q: { sep: "" | "." | ","; start: number }, decimal: boolean): number {
  if (decimal) {
    // Up to 15 digits are an exact integer m and the decimals k a power of ten 10^k that is exact too,
    // so m / 10^k is one correctly rounded division: the double Number() gives, without a copy of the text.
    let m = 0;
    let digits = 0;
    let decimals = -1;
    for (let i = q.start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 46) decimals = 0;
      else {
        m = m * 10 + (c - 48);
        digits++;
        if (decimals >= 0) decimals++;
      }
    }
    if (digits <= 15) {
      const v = decimals > 0 ? m / POW10[decimals]! : m;
      return v === 0 ? 0 : q.start === 1 ? -v : v;
    }
  }
  const v = Number(!q.sep ? text : decimal ? (q.sep === "," ? text.replace(",", ".") : text) : text.replace(q.sep, ""));
  return v === 0 ? 0 : v; // no -0
}

/**
 * A cell's number when it has one of the common unambiguous shapes (plain digits, or a decimal mark
 * that cannot be a thousands group), else NaN; the mark seen is noted in `seen`, the evidence
 * {@link columnNotation} would take from the cell. For hot loops over millions of cells: no object per
 * cell. Equal to {@link parseNumber} on those shapes whatever the notation.
 */
export function quickParse(text: string, seen: { dot: boolean; comma: boolean }): number {
  const q = quickShape(text);
  if (!q || q.ambiguous) return NaN;
  if (q.sep === ".") seen.dot = true;
  else if (q.sep === ",") seen.comma = true;
  return valueOfShape(text, q, true);
}

/** Groups after the first must be exactly three digits, the first one to three digits. */
function validGrouping(intPart: string, sep: string): boolean {
  const groups = intPart.split(sep);
  if (!/^[0-9]{1,3}$/.test(groups[0]!)) return false;
  for (let i = 1; i < groups.length; i++) if (!/^[0-9]{3}$/.test(groups[i]!)) return false;
  return true;
}

type Shape =
  | { kind: "plain" } // digits only
  | { kind: "decimal"; mark: "." | "," } // unambiguous decimal mark
  | { kind: "grouped"; group: "." | "," | "'"; mark: "." | "," | null } // unambiguous grouping (and maybe a decimal mark)
  | { kind: "ambiguous"; sep: "." | "," } // a lone separator followed by exactly three digits
  | { kind: "invalid" };

function shapeOf(body: string): Shape {
  const dots = countOf(body, ".");
  const commas = countOf(body, ",");
  const apostrophes = countOf(body, "'");
  if (apostrophes > 0) {
    // Swiss style 1'234.50
    const lastOther = Math.max(body.lastIndexOf("."), body.lastIndexOf(","));
    const markChar = lastOther >= 0 ? (body[lastOther] as "." | ",") : null;
    if (markChar && countOf(body, markChar) > 1) return { kind: "invalid" };
    if (markChar && body.lastIndexOf("'") > lastOther) return { kind: "invalid" };
    const intPart = markChar ? body.slice(0, lastOther) : body;
    if (/[.,]/.test(intPart) || !validGrouping(intPart, "'")) return { kind: "invalid" };
    return { kind: "grouped", group: "'", mark: markChar };
  }
  if (dots === 0 && commas === 0) return { kind: "plain" };
  if (dots > 0 && commas > 0) {
    const mark: "." | "," = body.lastIndexOf(".") > body.lastIndexOf(",") ? "." : ",";
    const group: "." | "," = mark === "." ? "," : ".";
    if (countOf(body, mark) > 1) return { kind: "invalid" };
    const markAt = body.lastIndexOf(mark);
    const intPart = body.slice(0, markAt);
    if (intPart.includes(mark) || !validGrouping(intPart, group)) return { kind: "invalid" };
    return { kind: "grouped", group, mark };
  }
  const sep: "." | "," = dots > 0 ? "." : ",";
  const count = dots > 0 ? dots : commas;
  if (count > 1) {
    return validGrouping(body, sep) ? { kind: "grouped", group: sep, mark: null } : { kind: "invalid" };
  }
  const at = body.indexOf(sep);
  const intPart = body.slice(0, at);
  const frac = body.slice(at + 1);
  if (frac.length === 0) return intPart.length > 0 ? { kind: "decimal", mark: sep } : { kind: "invalid" };
  if (frac.length === 3 && intPart.length >= 1 && intPart.length <= 3 && intPart !== "0") {
    return { kind: "ambiguous", sep };
  }
  return { kind: "decimal", mark: sep };
}

function countOf(s: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === ch) n++;
  return n;
}

/** The notation a text value shows on its own, or null when it shows none (`1234`, `1.234`, `1,234`). */
export function notationOf(text: string): "dot" | "comma" | null {
  const q = quickShape(text);
  if (q) return q.ambiguous ? null : q.sep === "." ? "dot" : q.sep === "," ? "comma" : null;
  return notationOfSlow(text);
}

/** For the property test: the full reading of a value's notation, without the quick path. */
export function notationOfSlow(text: string): "dot" | "comma" | null {
  const c = clean(text);
  if (!c) return null;
  const shape = shapeOf(c.body);
  switch (shape.kind) {
    case "decimal":
      return shape.mark === "." ? "dot" : "comma";
    case "grouped":
      if (shape.mark) return shape.mark === "." ? "dot" : "comma";
      if (shape.group === "'") return null;
      return shape.group === "," ? "dot" : "comma";
    default:
      return null;
  }
}

/**
 * The notation of a column from the text values in it: `dot` when only English notation is seen,
 * `comma` when only Dutch notation is seen, `mixed` when both or neither.
 *
 * @example
 * detectNotation(["1.234,50", "12,5", "1.234"]) // "comma"
 * detectNotation([1234, "1,234"])                // "mixed"
 */
export function detectNotation(values: Iterable<unknown>): Notation {
  return columnNotation(values).notation;
}

/** Currency signs that come with English notation ($1,500.00) or with Dutch notation (€ 1.500,00). */
const DOT_CURRENCY = /\$|£|\bUSD\b|\bGBP\b/i;
const COMMA_CURRENCY = /€|\bEUR\b|\bfl\.?|ƒ/i;

/**
 * The notation of a column from all its text values, and whether the values settled it. Values that
 * show a notation decide (both: `mixed`). Where none does (only `1,500` or `2.500` shapes), the
 * currency sign decides ($ or £: dot notation, € or EUR: comma notation), and otherwise the reading is
 * assumed (`settled: false`, `ambiguous` counts the values it decides): a dot groups thousands, a lone
 * comma is a decimal comma.
 *
 * @example
 * columnNotation(["$1,500", "$12,000", "$950"]) // { notation: "dot", settled: true, ambiguous: 2 }
 * columnNotation(["1,500", "950"])              // { notation: "mixed", settled: false, ambiguous: 1 }
 */
export function columnNotation(values: Iterable<unknown>, seen: { dot: boolean; comma: boolean } = { dot: false, comma: false }): { notation: Notation; settled: boolean; ambiguous: number } {
  let dot = seen.dot;
  let comma = seen.comma;
  let dotSign = false;
  let commaSign = false;
  let ambiguous = 0;
  for (const v of values) {
    if (typeof v !== "string") continue;
    // The common shapes: a decimal mark decides, plain digits say nothing (and carry no currency sign).
    const q = quickShape(v);
    if (q) {
      if (q.ambiguous) ambiguous++;
      else if (q.sep === ".") dot = true;
      else if (q.sep === ",") comma = true;
      continue;
    }
    // Whole euros written "1.250,-" are Dutch notation.
    const n = /\d,-{1,2}\s*$/.test(v) ? "comma" : notationOf(v);
    if (n === "dot") dot = true;
    else if (n === "comma") comma = true;
    else {
      const c = clean(v);
      if (c && shapeOf(c.body).kind === "ambiguous") ambiguous++;
    }
    if (DOT_CURRENCY.test(v)) dotSign = true;
    if (COMMA_CURRENCY.test(v)) commaSign = true;
  }
  if (dot && comma) return { notation: "mixed", settled: true, ambiguous };
  if (dot) return { notation: "dot", settled: true, ambiguous };
  if (comma) return { notation: "comma", settled: true, ambiguous };
  if (dotSign !== commaSign) return { notation: dotSign ? "dot" : "comma", settled: true, ambiguous };
  return { notation: "mixed", settled: ambiguous === 0, ambiguous };
}

/**
 * Read one cell as a number. Numbers pass through; text is read with the column's notation.
 * Blank cells, booleans, Excel errors and text that is not a number are failures, never zero.
 */
export function parseNumber(value: unknown, notation: Notation = "mixed"): ParsedNumber {
  if (typeof value === "number") {
    return Number.isFinite(value) ? { ok: true, value, percent: false } : { ok: false, reason: "not-a-number" };
  }
  if (value === null || value === undefined) return { ok: false, reason: "empty" };
  if (typeof value === "boolean") return { ok: false, reason: "boolean" };
  if (typeof value === "bigint") return { ok: true, value: Number(value), percent: false };
  if (typeof value !== "string") return { ok: false, reason: "not-a-number" };
  const quick = quickNumber(value, notation);
  if (quick !== undefined) return { ok: true, value: quick, percent: false };
  return parseFull(value, notation);
}

function parseFull(value: string, notation: Notation): ParsedNumber {
  if (value.trim() === "") return { ok: false, reason: "empty" };
  if (isExcelError(value)) return { ok: false, reason: "error-value", errorValue: value.trim().toUpperCase() };
  const c = clean(value);
  if (!c) return { ok: false, reason: "not-a-number" };
  const shape = shapeOf(c.body);
  let normalized: string;
  switch (shape.kind) {
    case "plain":
      normalized = c.body;
      break;
    case "decimal":
      normalized = c.body.replace(shape.mark, ".");
      if (normalized.endsWith(".")) normalized = normalized.slice(0, -1);
      if (normalized.startsWith(".")) normalized = "0" + normalized;
      break;
    case "grouped": {
      normalized = c.body.split(shape.group).join("");
      if (shape.mark) normalized = normalized.replace(shape.mark, ".");
      if (normalized.endsWith(".")) normalized = normalized.slice(0, -1);
      break;
    }
    case "ambiguous": {
      // The column decides; where it shows both notations or neither, a dot groups and a comma is decimal.
      const decimalMark = notation === "dot" ? "." : notation === "comma" ? "," : ",";
      normalized = shape.sep === decimalMark ? c.body.replace(shape.sep, ".") : c.body.replace(shape.sep, "");
      break;
    }
    default:
      return { ok: false, reason: "not-a-number" };
  }
  let n = Number(normalized);
  if (!Number.isFinite(n)) return { ok: false, reason: "not-a-number" };
  if (c.percent) n = n / 100;
  if (c.negative) n = -n;
  if (Object.is(n, -0)) n = 0;
  return { ok: true, value: n, percent: c.percent };
}

/** For the property test: the full reading alone, without the quick path. */
export function parseNumberSlow(value: string, notation: Notation = "mixed"): ParsedNumber {
  return parseFull(value, notation);
}
