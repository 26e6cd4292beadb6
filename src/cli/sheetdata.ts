/**
 * The cells of a sheet the command line makes itself (a CSV file's table, an order list's customers),
 * written straight into the sheet's `<sheetData>` of the workbook excelize wrote, instead of cell by
 * cell through excelize (Go on WebAssembly: about a minute for 60,000 customers × 27 columns; this
 * takes a second or two). Everything else of the sheet (conditional formats, column widths) and of
 * the workbook (styles, the Segmentation sheet and its charts) stays excelize's: the style ids used
 * here are the ones excelize made. Text is written as inline strings, so the shared strings stay as
 * excelize wrote them.
 *
 * @example
 * const cols = [{ col: 0, top: 0, values: ["Klant", "Jansen BV"] }];
 * fillSheet(zipEntries, "Klanten", cols)   // the sheet's part now holds A1 and A2
 */
import { columnLetter } from "../engine/index.js";

export interface StreamColumn {
  /** 0-based sheet column. */
  col: number;
  /** 0-based sheet row of values[0]. */
  top: number;
  values: readonly (string | number | boolean | null | undefined)[];
  /** excelize style ids: of the first cell (a header) and of the others. */
  headStyle?: number;
  bodyStyle?: number;
}

const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escapeXml(s: string): string {
  return s.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function cellXml(ref: string, v: string | number | boolean | null | undefined, style: number | undefined): string {
  if (v === null || v === undefined || v === "") return style !== undefined ? `<c r="${ref}" s="${style}"/>` : "";
  const s = style !== undefined ? ` s="${style}"` : "";
  if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : "";
  if (typeof v === "boolean") return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  // Excel keeps at most 32,767 characters in a cell.
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(v.length > 32_767 ? v.slice(0, 32_767) : v)}</t></is></c>`;
}

/** The `<row>` elements of these columns, rows in order, cells in column order. */
export function rowsXml(columns: readonly StreamColumn[]): { parts: string[]; lastRow: number; lastCol: number } {
  const cols = [...columns].sort((a, b) => a.col - b.col);
  const letters = cols.map((c) => columnLetter(c.col));
  const first = Math.min(...cols.map((c) => c.top));
  const last = Math.max(...cols.map((c) => c.top + c.values.length - 1));
  const parts: string[] = [];
  for (let row = first; row <= last; row++) {
    let cells = "";
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k]!;
      const i = row - c.top;
      if (i < 0 || i >= c.values.length) continue;
      cells += cellXml(`${letters[k]}${row + 1}`, c.values[i], i === 0 ? (c.headStyle ?? c.bodyStyle) : c.bodyStyle);
    }
    if (cells) parts.push(`<row r="${row + 1}">${cells}</row>`);
  }
  return { parts, lastRow: last, lastCol: cols[cols.length - 1]?.col ?? 0 };
}

/** The zip part of a sheet, by its name: workbook.xml's sheet → its relationship's target. */
export function sheetPart(entries: Map<string, Buffer>, name: string): string {
  const workbook = entries.get("xl/workbook.xml")?.toString("utf8") ?? "";
  const rels = entries.get("xl/_rels/workbook.xml.rels")?.toString("utf8") ?? "";
  const attr = (tag: string, key: string) => new RegExp(`\\s${key}="([^"]*)"`).exec(tag)?.[1];
  const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  const sheet = [...workbook.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)].map((m) => m[0]).find((tag) => unescape(attr(tag, "name") ?? "") === name);
  const id = sheet && /\sr:id="([^"]*)"/.exec(sheet)?.[1];
  const rel = id && [...rels.matchAll(/<Relationship\s[^>]*>/g)].map((m) => m[0]).find((tag) => attr(tag, "Id") === id);
  const target = rel && attr(rel, "Target");
  if (!target) throw new Error(`sheet "${name}" not found in the workbook written`);
  return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
}

/**
 * Put the columns' cells into sheet `name`, whose `<sheetData>` must be empty (excelize wrote no cell
 * there): returns the part's new content.
 */
export function fillSheet(entries: Map<string, Buffer>, name: string, columns: readonly StreamColumn[]): { part: string; data: Buffer } {
  const part = sheetPart(entries, name);
  const xml = entries.get(part)!.toString("utf8");
  const { parts, lastRow, lastCol } = rowsXml(columns);
  const m = /<sheetData\s*\/>|<sheetData>\s*<\/sheetData>/.exec(xml);
  if (!m) throw new Error(`sheet "${name}" already has cells; only a sheet without cells is filled`);
  const before = xml.slice(0, m.index).replace(/<dimension ref="[^"]*"\s*\/>/, `<dimension ref="A1:${columnLetter(lastCol)}${lastRow + 1}"/>`);
  const after = xml.slice(m.index + m[0].length);
  // Built as a list of buffers: a large sheet is more than a string should hold at once.
  const chunks: Buffer[] = [Buffer.from(before + "<sheetData>", "utf8")];
  for (let i = 0; i < parts.length; i += 5000) chunks.push(Buffer.from(parts.slice(i, i + 5000).join(""), "utf8"));
  chunks.push(Buffer.from("</sheetData>" + after, "utf8"));
  return { part, data: Buffer.concat(chunks) };
}
