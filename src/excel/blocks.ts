/**
 * What every writer of the add-in shares: requests sized to stay well under Excel on the web's 5 MB
 * payload limit (blocks of rows, halved when Excel still reports the payload too large), the error
 * for sheets it cannot use, and the colour coding of label columns.
 */
import { LABEL_COLOURS } from "../engine/index.js";

/** A sheet the add-in cannot segment or write to; the message names the sheet (and cell). */
export class SheetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SheetError";
  }
}

/** Bytes per request we aim for: a fifth of Excel on the web's 5 MB limit. */
export const TARGET_PAYLOAD = 1_000_000;
/** Bytes a cell takes in a request, as JSON with separators: a value read, an (empty) cell probed, a value plus its number format written. */
export const BYTES_READ = 20;
export const BYTES_PROBE = 4;
export const BYTES_WRITE = 32;

/**
 * Excel's payload errors, by their code: codes are never localized (a Dutch Excel says the message in
 * Dutch). A request too large is refused whole; a response too large (a read) fails as well. Both
 * are retried with smaller blocks.
 */
export const PAYLOAD_ERRORS: readonly string[] = ["RequestPayloadSizeLimitExceeded", "ResponsePayloadSizeLimitExceeded"];

export function isPayloadError(e: unknown): boolean {
  const err = e as { code?: string; debugInfo?: { code?: string } } | null;
  return PAYLOAD_ERRORS.includes(err?.code ?? "") || PAYLOAD_ERRORS.includes(err?.debugInfo?.code ?? "");
}

/** Text that Excel reads as a formula (`=`, `+`, `-`, in some versions `@`) or whose first character it takes as the quote prefix (`'`). */
const NEEDS_PREFIX = /^[=+\-@'\t\r\n]/;

/**
 * A text as Range.values must get it to keep it as that text: Excel reads a string that starts with
 * `=`, `+` or `-` (in some versions `@`) as a formula, and takes a leading apostrophe as the quote
 * prefix. Those get an apostrophe of their own, which Excel keeps as the prefix and does not show.
 *
 * @example
 * asText("=HYPERLINK(\"x\")") // "'=HYPERLINK(\"x\")"
 * asText("'t Hoekje")          // "''t Hoekje"
 * asText("Jansen BV")          // "Jansen BV"
 */
export function asText(v: string): string {
  return NEEDS_PREFIX.test(v) ? `'${v}` : v;
}

export type CellValue = string | number | boolean | null;

/**
 * Write a block of cells so that text lands as the same text, never as a formula, a number or a
 * date: the number formats first, then the values. Text that Excel would read as a formula gets a
 * quote prefix ({@link asText}) and keeps its column's format; other text gets the text format `@`
 * (so "007", "1e3", "12%" or "3-4" stay text). Never both: in a cell already formatted as text, a
 * leading apostrophe may be kept as a character. Every writer of the add-in writes cells this way.
 */
export function writeCells(range: Excel.Range, values: readonly (readonly CellValue[])[], formats: readonly (readonly string[])[]): void {
  range.numberFormat = values.map((row, i) =>
    row.map((v, j) => {
      const f = formats[i]![j]!;
      if (typeof v !== "string" || v === "") return f;
      if (NEEDS_PREFIX.test(v)) return f === "@" ? "General" : f;
      return "@";
    }),
  );
  range.values = values.map((row) => row.map((v) => (typeof v === "string" ? asText(v) : v))) as (string | number | boolean)[][];
}
export function rowsPerRequest(columns: number, bytesPerCell: number, target: number): number {
  return Math.max(1, Math.floor(target / (Math.max(1, columns) * bytesPerCell)));
}

/** Run `step(start, count)` over `total` rows in blocks, halving the block on a payload error. */
export async function inBlocks(total: number, block: number, step: (start: number, count: number) => Promise<void>): Promise<void> {
  let start = 0;
  let size = block;
  while (start < total) {
    const count = Math.min(size, total - start);
    try {
      await step(start, count);
      start += count;
    } catch (e) {
      if (!isPayloadError(e) || count === 1) throw e;
      size = Math.max(1, Math.floor(count / 2));
    }
  }
}

/**
 * Colour coding of label columns (Pareto class, quadrant, tier): conditional formats on the body
 * rows, replaced (not stacked) on every run.
 */
export function colourColumns(sheet: Excel.Worksheet, top: number, n: number, columns: { col: number; key: string }[]): void {
  if (n === 0) return;
  for (const { col, key } of columns) {
    const colours = (LABEL_COLOURS as Record<string, Record<string, string> | undefined>)[key];
    if (!colours) continue;
    const body = sheet.getRangeByIndexes(top + 1, col, n, 1);
    body.conditionalFormats.clearAll();
    for (const [label, colour] of Object.entries(colours)) {
      const cf = body.conditionalFormats.add("ContainsText");
      cf.textComparison.format.fill.color = colour;
      cf.textComparison.rule = { operator: "BeginsWith", text: label };
    }
  }
}

/** A run the user cancelled: nothing was written. */
export class CancelledError extends Error {
  constructor(message = "Cancelled: nothing was written.") {
    super(message);
    this.name = "CancelledError";
  }
}
