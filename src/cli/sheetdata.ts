/**
 * Cells written straight into sheet XML instead of cell by cell through excelize (Go on WebAssembly:
 * about a minute for 60,000 customers × 27 columns, minutes for a 200,000-row input sheet; this takes
 * a second or two):
 * - {@link fillSheet}: the sheets the command line makes itself (a CSV file's table, an order list's
 *   customers, the Segmentation sheet), into the empty `<sheetData>` excelize wrote for them;
 * - {@link addCells} + {@link withCells}: the result columns into the user's input sheet, whose original
 *   `<sheetData>` is kept byte for byte (excelize only saw the sheet without its cells, {@link withoutCells}).
 * Everything else (conditional formats, column widths, styles, charts) stays excelize's: the style ids
 * used here are the ones excelize made. Text is written as inline strings, so the shared strings stay
 * as they were.
 *
 * @example
 * const cols = [{ col: 0, top: 0, values: ["Klant", "Jansen BV"] }];
 * fillSheet(zipEntries, "Klanten", cols)   // the sheet's part now holds A1 and A2
 */
import { columnLetter } from "../engine/index.js";
import { columnOf, workbookSheets } from "./xlsxread.js";

export interface StreamColumn {
  /** 0-based sheet column. */
  col: number;
  /** 0-based sheet row of values[0]. */
  top: number;
  values: readonly (string | number | boolean | null | undefined)[];
  /** excelize style ids: of the first cell (a header) and of the others; or `styles`, one per value. */
  headStyle?: number;
  bodyStyle?: number;
  styles?: readonly (number | undefined)[];
}

const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(s: string): string {
  return s.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** One cell's XML; `p` is the namespace prefix of the sheet's elements ("" or e.g. "x:"). */
function cellXml(ref: string, v: string | number | boolean | null | undefined, style: number | undefined, p = ""): string {
  if (v === null || v === undefined || v === "") return style !== undefined ? `<${p}c r="${ref}" s="${style}"/>` : "";
  const s = style !== undefined ? ` s="${style}"` : "";
  if (typeof v === "number") return Number.isFinite(v) ? `<${p}c r="${ref}"${s}><${p}v>${v}</${p}v></${p}c>` : "";
  if (typeof v === "boolean") return `<${p}c r="${ref}"${s} t="b"><${p}v>${v ? 1 : 0}</${p}v></${p}c>`;
  // Excel keeps at most 32,767 characters in a cell.
  const text = escapeXml(v.length > 32_767 ? v.slice(0, 32_767) : v);
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : "";
  return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is><${p}t${space}>${text}</${p}t></${p}is></${p}c>`;
}

/** The columns' cells row by row: `cells(row)` is one row's `<c>` elements in column order. */
function cellRows(columns: readonly StreamColumn[], p = "") {
  const cols = [...columns].sort((a, b) => a.col - b.col);
  const letters = cols.map((c) => columnLetter(c.col));
  const cells = (row: number) => {
    let out = "";
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k]!;
      const i = row - c.top;
      if (i < 0 || i >= c.values.length) continue;
      out += cellXml(`${letters[k]}${row + 1}`, c.values[i], c.styles ? c.styles[i] : i === 0 ? (c.headStyle ?? c.bodyStyle) : c.bodyStyle, p);
    }
    return out;
  };
  const { lastRow, lastCol } = extent(cols);
  return { cells, first: Math.min(...cols.map((c) => c.top)), last: lastRow, firstCol: cols[0]?.col ?? 0, lastCol };
}

/** The last row and column (0-based) the columns fill. */
function extent(columns: readonly StreamColumn[]): { lastRow: number; lastCol: number } {
  return { lastRow: Math.max(...columns.map((c) => c.top + c.values.length - 1)), lastCol: Math.max(0, ...columns.map((c) => c.col)) };
}

/** The zip part of a sheet, by its name: workbook.xml's sheet → its relationship's target. */
export function sheetPart(entries: Map<string, Buffer>, name: string): string {
  const sheet = workbookSheets(entries).sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`sheet "${name}" not found in the workbook written`);
  return sheet.part;
}

export class SheetXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SheetXmlError";
  }
}

/** Where a sheet part's cells are: the `<sheetData>` element (`open`..`close`), its content (`start`..`end`) and the prefix of its elements. */
export interface SheetDataSpan {
  prefix: string;
  open: number;
  start: number;
  end: number;
  close: number;
}

const isNameEnd = (byte: number | undefined) => byte === 0x20 || byte === 0x3e || byte === 0x2f || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/** The `<sheetData>` of a sheet part (bytes as in the package). */
export function findSheetData(xml: Buffer, what: string): SheetDataSpan {
  let i = xml.indexOf("sheetData");
  while (i >= 0 && !isNameEnd(xml[i + 9])) i = xml.indexOf("sheetData", i + 1);
  const lt = i < 0 ? -1 : xml.lastIndexOf("<", i);
  const prefix = lt < 0 ? "" : xml.toString("utf8", lt + 1, i);
  if (i < 0 || !/^(\w+:)?$/.test(prefix)) throw new SheetXmlError(`${what} has no cell data (<sheetData>)`);
  const gt = xml.indexOf(">", i);
  if (xml[gt - 1] === 0x2f) return { prefix, open: lt, start: gt + 1, end: gt + 1, close: gt + 1 };
  const closeTag = `</${prefix}sheetData>`;
  const end = xml.lastIndexOf(closeTag);
  if (end < gt) throw new SheetXmlError(`${what} is damaged (no </sheetData>)`);
  // Comments and CDATA sections never appear in cell data that Excel and other programs write; they
  // could hide what looks like a row, so such a sheet is not patched.
  for (const odd of ["<!--", "<![CDATA["]) {
    const at = xml.indexOf(odd, gt);
    if (at >= 0 && at < end) throw new SheetXmlError(`${what} has ${odd === "<!--" ? "an XML comment" : "a CDATA section"} among its cells, which this program does not rewrite`);
  }
  return { prefix, open: lt, start: gt + 1, end, close: end + closeTag.length };
}

/** The sheet part with its `<sheetData>` emptied: what excelize gets to open (fast), see xlsx.ts. */
export function withoutCells(xml: Buffer, span: SheetDataSpan): Buffer {
  return Buffer.concat([xml.subarray(0, span.open), Buffer.from(`<${span.prefix}sheetData/>`), xml.subarray(span.close)]);
}

/** Bytes written into large buffers one after another (few objects for the collector to trace). */
class Output {
  readonly chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(0);
  private len = 0;
  private room(n: number) {
    if (this.len + n <= this.buf.length) return;
    if (this.len) this.chunks.push(this.buf.subarray(0, this.len));
    this.buf = Buffer.allocUnsafe(Math.max(16 * 2 ** 20, n));
    this.len = 0;
  }
  bytes(src: Buffer, from: number, to: number) {
    this.room(to - from);
    this.len += src.copy(this.buf, this.len, from, to);
  }
  text(s: string) {
    this.room(s.length * 3);
    this.len += this.buf.write(s, this.len, "utf8");
  }
  done(): Buffer[] {
    if (this.len) this.chunks.push(this.buf.subarray(0, this.len));
    this.len = 0;
    this.buf = Buffer.allocUnsafe(0);
    return this.chunks;
  }
}

/**
 * The content of `<sheetData>` with the columns' cells added: each row of the original keeps its bytes
 * and gets the new cells in column order (rows the columns need that the sheet has not got are added
 * in row order). Cells already at the new columns must be empty (a style only): they are replaced; a
 * cell with a value or formula there stops it with the cell named, and nothing is written.
 */
export function addCells(xml: Buffer, span: SheetDataSpan, columns: readonly StreamColumn[], what: string, heights?: ReadonlyMap<number, number>, replace = false): Buffer[] {
  const p = span.prefix;
  const { cells, first, last, firstCol, lastCol } = cellRows(columns, p);
  const rowOpen = Buffer.from(`<${p}row`);
  const rowClose = `</${p}row>`;
  const rowCloseBytes = Buffer.from(rowClose);
  const cellOpen = Buffer.from(`<${p}c`);
  const out = new Output();
  let copied = span.start;
  let prev = -1;
  let next = first; // the first row of the columns not written yet
  const addRows = (upto: number) => {
    for (; next <= last && next < upto; next++) {
      const c = cells(next);
      const h = heights?.get(next);
      if (c) out.text(`<${p}row r="${next + 1}"${h ? ` ht="${h}" customHeight="1"` : ""}>${c}${rowClose}`);
    }
  };
  for (let pos = span.start; ; ) {
    let s = xml.indexOf(rowOpen, pos);
    while (s >= 0 && s < span.end && !isNameEnd(xml[s + rowOpen.length])) s = xml.indexOf(rowOpen, s + 1);
    if (s < 0 || s >= span.end) break;
    const gt = xml.indexOf(0x3e, s);
    const self = xml[gt - 1] === 0x2f;
    const tag = xml.toString("latin1", s, gt + 1);
    const r = /\sr\s*=\s*"(\d+)"/.exec(tag);
    const row = r ? Number(r[1]) - 1 : prev + 1;
    if (row <= prev) throw new SheetXmlError(`${what} lists its rows out of order (row ${row + 1} after row ${prev + 1})`);
    prev = row;
    const close = self ? gt + 1 : xml.indexOf(rowCloseBytes, gt);
    if (close < 0) throw new SheetXmlError(`${what} is damaged (row ${row + 1} has no end)`);
    const rowEnd = self ? gt + 1 : close + rowCloseBytes.length;
    pos = rowEnd;
    if (next > last || row < next) {
      // Refreshing our own columns: a row the new columns do not reach (fewer customers now) loses
      // what an earlier run wrote there, so no stale result lingers below the new ones.
      if (replace && !self && (row < first || row > last)) {
        const inner = xml.toString("utf8", gt + 1, close);
        const kept = insertCells(inner, "", row, firstCol, lastCol, p, what, true);
        if (kept !== inner) {
          out.bytes(xml, copied, s);
          out.text(xml.toString("utf8", s, gt + 1).replace(/\sspans\s*=\s*"[^"]*"/, "") + kept + rowClose);
          copied = rowEnd;
        }
      }
      continue;
    }
    out.bytes(xml, copied, s);
    copied = s;
    addRows(row);
    if (row > last) continue;
    const ours = cells(row);
    next = row + 1;
    copied = rowEnd;
    // `spans` (optional) is a hint of the row's first and last column, which the new cells change.
    if (self || tag.includes("spans")) out.text(xml.toString("utf8", s, gt + 1).replace(/\sspans\s*=\s*"[^"]*"/, "").replace(/\s*\/>$/, ">"));
    else out.bytes(xml, s, gt + 1);
    if (self) {
      out.text(ours + rowClose);
      continue;
    }
    // Nearly always the row's last cell is left of the new columns, and they go at its end.
    let lastCell = xml.lastIndexOf(cellOpen, close);
    while (lastCell > gt && !isNameEnd(xml[lastCell + cellOpen.length])) lastCell = xml.lastIndexOf(cellOpen, lastCell - 1);
    const ref = lastCell > gt ? /^[^>]*?\sr\s*=\s*"([A-Za-z]+)/.exec(xml.toString("latin1", lastCell, Math.min(close, lastCell + 200))) : null;
    if (!ours || lastCell <= gt || (ref && columnOf(ref[1]!) < firstCol)) {
      out.bytes(xml, gt + 1, close);
      out.text(ours + rowClose);
    } else out.text(insertCells(xml.toString("utf8", gt + 1, close), ours, row, firstCol, lastCol, p, what, replace) + rowClose);
  }
  out.bytes(xml, copied, span.end);
  addRows(last + 1);
  return out.done();
}

/** A row's content with `ours` (cells of columns firstCol..lastCol) put in column order, cell by cell. */
function insertCells(text: string, ours: string, row: number, firstCol: number, lastCol: number, p: string, what: string, replace = false): string {
  const tagRe = new RegExp(`<${p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}c(?=[\\s/>])[^>]*>`, "g");
  let out = "";
  let copied = 0;
  let col = -1;
  let placed = false;
  for (let m = tagRe.exec(text); m; m = tagRe.exec(text)) {
    const cellTag = m[0];
    const r = /\sr\s*=\s*"([A-Za-z]+)\d*"/.exec(cellTag);
    col = r ? columnOf(r[1]!) : col + 1;
    const self = cellTag.endsWith("/>");
    const endTag = `</${p}c>`;
    const cellEnd = self ? m.index + cellTag.length : text.indexOf(endTag, m.index) + endTag.length;
    tagRe.lastIndex = cellEnd;
    if (col < firstCol) continue;
    out += text.slice(copied, m.index);
    copied = cellEnd;
    if (col <= lastCol) {
      const content = text.slice(m.index + cellTag.length, self ? cellEnd : cellEnd - endTag.length);
      if (!replace && /<(\w+:)?(f|is)[\s/>]|<(\w+:)?v>[^<]/.test(content)) throw new SheetXmlError(`${what}: cell ${columnLetter(col)}${row + 1} holds something where the result columns go`);
      continue; // an empty cell (a style only): the new cell takes its place
    }
    if (!placed) out += ours;
    placed = true;
    // Cells right of the new ones keep their place: a cell without a reference gets one.
    out += r ? text.slice(m.index, cellEnd) : `<${p}c r="${columnLetter(col)}${row + 1}"` + text.slice(m.index + 1 + p.length + 1, cellEnd);
  }
  out += text.slice(copied);
  if (!placed) out += ours;
  return out;
}

/** "C3:H200" → its corners (0-based), "" → null. */
function area(ref: string): { c0: number; r0: number; c1: number; r1: number } | null {
  const m = /^\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  const c0 = columnOf(m[1]!);
  const r0 = Number(m[2]) - 1;
  return { c0, r0, c1: m[3] ? columnOf(m[3]) : c0, r1: m[4] ? Number(m[4]) - 1 : r0 };
}

/**
 * `frame` (a sheet part as excelize wrote it, its `<sheetData>` empty) with `content` as its cells, the
 * used range set to `ref` and `attributes` on `<sheetData>`.
 */
function splice(frame: Buffer, what: string, content: Buffer[], ref: string | null, attributes = ""): Buffer {
  const span = findSheetData(frame, what);
  if (frame.toString("utf8", span.start, span.end).trim()) throw new SheetXmlError(`${what} already has cells in the workbook written; only a sheet without cells is filled`);
  let head = frame.toString("utf8", 0, span.open);
  if (ref) head = head.replace(/(<(?:\w+:)?dimension\s+ref\s*=\s*")[^"]*"/, `$1${ref}"`);
  const p = span.prefix;
  return Buffer.concat([Buffer.from(`${head}<${p}sheetData${attributes}>`, "utf8"), ...content, Buffer.from(`</${p}sheetData>`, "utf8"), frame.subarray(span.close)]);
}

/**
 * The data sheet as written: excelize's part for it (`frame`: its `<sheetData>` empty, everything else
 * as excelize wrote it, e.g. the new conditional formats) with `content` as its cells (the original's,
 * with `columns` added). The used-range (`<dimension>`) covers the original's and the new columns';
 * namespace prefixes the original's cells use are declared on `<sheetData>` when excelize's root
 * element does not declare them.
 */
export function withCells(frame: Buffer, original: Buffer, span: SheetDataSpan, content: Buffer[], columns: readonly StreamColumn[]): Buffer {
  const rootOf = (xml: string) => /<(?![?!])[^>]*>/.exec(xml)?.[0] ?? "";
  const head = original.toString("utf8", 0, span.open);
  const declared = new Set([...rootOf(frame.toString("utf8", 0, Math.max(0, frame.indexOf("sheetData")))).matchAll(/\sxmlns:(\w+)\s*=/g)].map((d) => d[1]));
  const missing = [...rootOf(head).matchAll(/\sxmlns:(\w+)\s*=\s*("[^"]*"|'[^']*')/g)].filter((d) => !declared.has(d[1])).map((d) => ` xmlns:${d[1]}=${d[2]}`);
  const was = area(/<(?:\w+:)?dimension\s+ref\s*=\s*"([^"]*)"/.exec(head)?.[1] ?? "");
  const added = columns.length ? extent(columns) : undefined;
  let ref: string | null = null;
  if (was || added) {
    const a = was ?? { c0: 0, r0: 0, c1: 0, r1: 0 };
    const c1 = Math.max(a.c1, added?.lastCol ?? 0);
    const r1 = Math.max(a.r1, added?.lastRow ?? 0);
    ref = `${columnLetter(a.c0)}${a.r0 + 1}` + (c1 > a.c0 || r1 > a.r0 ? `:${columnLetter(c1)}${r1 + 1}` : "");
  }
  return splice(frame, "the data sheet's copy", content, ref, missing.join(""));
}

/**
 * Put the columns' cells into sheet `name`, whose `<sheetData>` must be empty (excelize wrote no cell
 * there): returns the part's new content.
 */
export function fillSheet(entries: Map<string, Buffer>, name: string, columns: readonly StreamColumn[], heights?: ReadonlyMap<number, number>): { part: string; data: Buffer } {
  const part = sheetPart(entries, name);
  const frame = entries.get(part)!;
  const what = `sheet "${name}"`;
  const content = addCells(frame, findSheetData(frame, what), columns, what, heights);
  const { lastRow, lastCol } = extent(columns);
  return { part, data: splice(frame, what, content, `A1:${columnLetter(lastCol)}${lastRow + 1}`) };
}
