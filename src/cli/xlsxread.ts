/**
 * Reading an .xlsx workbook's cells fast: the package is unzipped with Node's zlib (zip.ts) and the
 * XML parts are parsed by `saxes`, a maintained streaming XML parser (the one jsdom and ExcelJS use);
 * this module only maps its events to cells. A 200,000-row sheet reads in about 2 s here, where
 * excelize-wasm took about 45 s and 2 GiB, which made the command line's speed target unreachable.
 * Excelize still writes the result workbook's styles, Segmentation sheet and charts (xlsx.ts).
 *
 * What a cell gives is what excelize's `GetRows(sheet, { RawCellValue: true })` gave, so nothing
 * changed for the rest of the command line: the stored value as text (numbers unformatted, shared
 * and inline strings as their text, rich text runs joined, booleans "1"/"0", errors like "#N/A",
 * formulas their cached value), "" for an empty cell; each row ends at its last non-empty cell and
 * the list of rows at the last non-empty row. One difference: a formula without a cached value (a
 * workbook saved by a program that does not calculate) is a cell "" here, where excelize left it out,
 * so the result columns go right of it instead of over it.
 *
 * @example
 * const book = openXlsx(readFileSync("klanten.xlsx"));
 * book.sheets.map((s) => s.name)            // ["Notes", "Klanten 2025"]
 * sheetRows(book, "Klanten 2025")[2]         // ["", "Klant", "Omzet", "Winst"]
 */
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { openZip, ZipError } from "./zip.js";

export class XlsxReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XlsxReadError";
  }
}

export interface XlsxSheet {
  name: string;
  /** Its part in the package, e.g. "xl/worksheets/sheet1.xml". */
  part: string;
}

export interface XlsxFile {
  /** Every part of the package, uncompressed, in archive order. */
  entries: Map<string, Buffer>;
  /** The worksheets in workbook order (chart sheets and dialog sheets are not listed). */
  sheets: XlsxSheet[];
  /** Index in `sheets` of the sheet the workbook opens on. */
  active: number;
  /** The shared strings, read on first need. */
  strings?: string[];
}

/** A character reference's character; one outside Unicode (or a NUL or surrogate) is a damaged part. */
function codePoint(n: number, ref: string, part: string): string {
  if (!Number.isInteger(n) || n < 1 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) throw new XlsxReadError(`${part} is damaged: the character reference ${ref.slice(0, 20)} is outside Unicode`);
  return String.fromCodePoint(n);
}
const unescape = (s: string, part: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (m, d: string) => codePoint(Number(d), m, part))
    .replace(/&#x([0-9a-f]+);/gi, (m, h: string) => codePoint(parseInt(h, 16), m, part))
    .replace(/&amp;/g, "&");
const attr = (tag: string, key: string, part: string) => {
  const v = new RegExp(`\\s${key}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return v ? unescape(v[1] ?? v[2] ?? "", part) : undefined;
};

/**
 * The part a relationship target names, relative to `base` ("xl/"), or absolute from the package
 * root; a target that leaves the package (`../../x`) is refused.
 */
function resolveTarget(base: string, target: string, from: string): string {
  const parts: string[] = [];
  for (const seg of (target.startsWith("/") ? target.slice(1) : base + target).split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (!parts.length) throw new XlsxReadError(`${from} refers to "${target.slice(0, 80)}", outside the package; the file was not made by a spreadsheet program`);
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join("/");
}

/** The parts workbook.xml refers to: relationship id → type (last path segment, e.g. "worksheet") and part. */
function workbookParts(entries: Map<string, Buffer>): Map<string, { type: string; part: string }> {
  const from = "xl/_rels/workbook.xml.rels";
  const rels = textPart(entries, from) ?? "";
  const parts = new Map<string, { type: string; part: string }>();
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
    const id = attr(m[0], "Id", from);
    const target = attr(m[0], "Target", from);
    if (!id || !target || /^External$/i.test(attr(m[0], "TargetMode", from) ?? "")) continue;
    const type = (attr(m[0], "Type", from) ?? "").split("/").pop()!;
    parts.set(id, { type, part: resolveTarget("xl/", target, from) });
  }
  return parts;
}

/** The worksheets of a package and the one it opens on, from workbook.xml and its relationships. */
export function workbookSheets(entries: Map<string, Buffer>): { sheets: XlsxSheet[]; active: number } {
  const workbook = textPart(entries, "xl/workbook.xml");
  if (workbook === undefined) throw new XlsxReadError("not an .xlsx workbook (it has no xl/workbook.xml)");
  const parts = workbookParts(entries);
  const sheets: XlsxSheet[] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)) {
    const id = /\s(?:\w+:)?id\s*=\s*"([^"]*)"/.exec(m[0])?.[1];
    const target = id ? parts.get(id) : undefined;
    const name = attr(m[0], "name", "xl/workbook.xml");
    if (!target || (target.type && target.type !== "worksheet") || name === undefined) continue;
    sheets.push({ name, part: target.part });
  }
  const tab = /<(?:\w+:)?workbookView\s[^>]*>/.exec(workbook);
  const active = Math.min(Math.max(0, Number((tab && attr(tab[0], "activeTab", "xl/workbook.xml")) ?? 0) || 0), Math.max(0, sheets.length - 1));
  return { sheets, active };
}

/** An OLE compound file (CFB): an old .xls workbook, or an encrypted .xlsx, which Excel stores that way. */
function compoundFile(buf: Uint8Array): "encrypted" | "xls" | null {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  if (buf.length < 8 || sig.some((b, i) => buf[i] !== b)) return null;
  // An encrypted package holds the streams "EncryptionInfo" and "EncryptedPackage" (names in UTF-16).
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).includes(Buffer.from("EncryptedPackage", "utf16le")) ? "encrypted" : "xls";
}

/** The package's parts and sheets; a file that is not a workbook gets an {@link XlsxReadError}. */
export function openXlsx(buffer: Uint8Array): XlsxFile {
  const cfb = compoundFile(buffer);
  if (cfb === "encrypted") throw new XlsxReadError("the workbook is protected with a password (encrypted), so it cannot be read. Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and run again.");
  if (cfb === "xls") throw new XlsxReadError("this is an old Excel 97-2003 workbook (.xls), which this tool does not read. Open it in Excel and save it as an Excel Workbook (.xlsx), then run again.");
  let entries: Map<string, Buffer>;
  try {
    entries = openZip(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength)).entries();
  } catch (e) {
    if (e instanceof ZipError) throw new XlsxReadError(`not a readable .xlsx workbook: ${e.message}`);
    throw e;
  }
  const { sheets, active } = asReadError(() => workbookSheets(entries));
  if (!sheets.length) throw new XlsxReadError("the workbook has no worksheets");
  return { entries, sheets, active };
}

/** Parts read whole as text (workbook, relationships, tables) are small; a large one is no spreadsheet's. */
const MAX_TEXT_PART = 32 * 2 ** 20;

function textPart(entries: Map<string, Buffer>, name: string): string | undefined {
  const data = getPart(entries, name);
  if (data && data.length > MAX_TEXT_PART) throw new XlsxReadError(`${name} is ${Math.round(data.length / 2 ** 20).toLocaleString("en-US")} MB, where a spreadsheet program writes a few KB; it was not read`);
  return data?.toString("utf8");
}

/** A part of the package, inflated now (a damaged one is an {@link XlsxReadError}); undefined when there is none. */
function getPart(entries: Map<string, Buffer>, name: string): Buffer | undefined {
  return asReadError(() => entries.get(name));
}

/** A part that turned out damaged when it was read, as an {@link XlsxReadError}. */
function asReadError<T>(job: () => T): T {
  try {
    return job();
  } catch (e) {
    if (e instanceof ZipError) throw new XlsxReadError(e.message);
    throw e;
  }
}

const local = (name: string) => name.slice(name.indexOf(":") + 1);

/** Run saxes over a part, fed in pieces (a large sheet is more than one string should hold). */
/** Excel's sheet size: rows and columns beyond it are no spreadsheet's. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;
/** Blank space that no spreadsheet program writes (a "zip bomb" padded to pass the ratio limit). */
const BLANK_WINDOW = 2 ** 19;

/**
 * Run saxes over a part, fed in pieces (a large sheet is more than one string should hold). A run of
 * more than 1 MiB of blank space (any aligned 512 KiB of it), or a text too long for a string, is a
 * damaged part, not a crash.
 */
function parse(part: Buffer, what: string, open: (tag: SaxesTagPlain) => void, text: (t: string) => void, close: (tag: SaxesTagPlain) => void): void {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  parser.on("opentag", open);
  parser.on("text", text);
  parser.on("closetag", close);
  parser.on("error", (e) => {
    throw new XlsxReadError(`${what} is damaged (${e.message})`);
  });
  const decoder = new TextDecoder("utf-8");
  const PIECE = 8 * 2 ** 20;
  const feed = (piece: string) => {
    // A window of 512 KiB that is all blank space ends the parse before saxes gathers it as one text
    // (the test stops at the first character that is not blank, so this costs next to nothing).
    for (let i = 0; i + BLANK_WINDOW <= piece.length; i += BLANK_WINDOW) {
      if (!/\S/.test(piece.slice(i, i + BLANK_WINDOW))) throw new XlsxReadError(`${what} is damaged: it holds more than half a MB of blank space in one run, which no spreadsheet program writes`);
    }
    try {
      parser.write(piece);
    } catch (e) {
      if (e instanceof RangeError) throw new XlsxReadError(`${what} is damaged: it holds a text too long to read (hundreds of MB in one value)`);
      throw e;
    }
  };
  for (let i = 0; i < part.length; i += PIECE) feed(decoder.decode(part.subarray(i, i + PIECE), { stream: true }));
  feed(decoder.decode());
  parser.close();
}

/** The shared strings table: each item's text (rich text runs joined, phonetic runs left out). */
export function sharedStrings(file: XlsxFile): string[] {
  if (file.strings) return file.strings;
  const strings: string[] = [];
  const target = [...workbookParts(file.entries).values()].find((t) => t.type === "sharedStrings");
  const part = getPart(file.entries, target?.part ?? "xl/sharedStrings.xml");
  if (part) {
    let item = "";
    let inText = false;
    let phonetic = 0;
    parse(
      part,
      "the shared strings",
      (tag) => {
        const n = local(tag.name);
        if (n === "si") item = "";
        else if (n === "rPh") phonetic++;
        else if (n === "t" && !phonetic) inText = true;
      },
      (t) => {
        if (inText) item += t;
      },
      (tag) => {
        const n = local(tag.name);
        if (n === "si") strings.push(item);
        else if (n === "rPh") phonetic--;
        else if (n === "t") inText = false;
      },
    );
  }
  file.strings = strings;
  return strings;
}

/** 27 → "AB". */
function columnLetterOf(col: number): string {
  let s = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s || "?";
}

/** "AB12" → 27 (0-based column); -1 when it is not a cell reference. */
export function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

/** The cells of sheet `name` as rows of text (see the module's description). */
export function sheetRows(file: XlsxFile, name: string): string[][] {
  return sheetCells(file, name, false) as string[][];
}

/**
 * The cells of sheet `name` with their type: a number cell as a number, a text cell (shared or
 * inline string, formula text) as text, so a text cell "007" or "1e3" stays text.
 */
export function sheetCells(file: XlsxFile, name: string, typed = true): (string | number)[][] {
  const sheet = file.sheets.find((s) => s.name === name);
  if (!sheet) throw new XlsxReadError(`there is no sheet "${name}"`);
  const part = getPart(file.entries, sheet.part);
  if (!part) throw new XlsxReadError(`sheet "${name}" is missing from the workbook (${sheet.part})`);
  const rows: (string | number)[][] = [];
  let row: (string | number)[] = [];
  let rowIndex = -1;
  let col = -1;
  let type = "";
  let value = "";
  let capture = false;
  let inline = false;
  let formula = false;
  let phonetic = 0;
  let strings: string[] | null = null;
  parse(
    part,
    `sheet "${name}"`,
    (tag) => {
      switch (local(tag.name)) {
        case "row": {
          const r = tag.attributes.r;
          rowIndex = r ? Number(r) - 1 : rowIndex + 1;
          if (!(rowIndex >= 0 && rowIndex < MAX_ROWS)) throw new XlsxReadError(`sheet "${name}" (${sheet.part}) is damaged: it has a row numbered ${String(r ?? rowIndex + 1).slice(0, 20)}, and a sheet has rows 1 to ${MAX_ROWS.toLocaleString("en-US")}`);
          row = [];
          col = -1;
          break;
        }
        case "c": {
          const r = tag.attributes.r;
          col = r ? columnOf(r) : col + 1;
          if (!(col >= 0 && col < MAX_COLUMNS) && (r === undefined || col !== -1)) throw new XlsxReadError(`sheet "${name}" (${sheet.part}) is damaged: it has a cell ${String(r ?? "").slice(0, 20)} beyond column XFD, the last a sheet has`);
          type = tag.attributes.t ?? "";
          value = "";
          inline = false;
          formula = false;
          break;
        }
        case "f":
          formula = true;
          break;
        case "v":
          if (!inline) capture = true;
          break;
        case "is":
          inline = true;
          break;
        case "rPh":
          phonetic++;
          break;
        case "t":
          if (inline && !phonetic) capture = true;
          break;
      }
    },
    (t) => {
      if (capture) {
        value += t;
        if (value.length > 32_767) throw new XlsxReadError(`sheet "${name}" (${sheet.part}) is damaged: cell ${columnLetterOf(col)}${rowIndex + 1} holds more than 32,767 characters, more than a cell can`);
      }
    },
    (tag) => {
      switch (local(tag.name)) {
        case "v":
        case "t":
          capture = false;
          break;
        case "rPh":
          phonetic--;
          break;
        case "c": {
          let v = value;
          if (type === "s") {
            strings ??= sharedStrings(file);
            const k = Number(value);
            if (strings.length === 0) throw new XlsxReadError(`sheet "${name}" (${sheet.part}) is damaged: cell ${columnLetterOf(col)}${rowIndex + 1} refers to a shared string, but the workbook has no shared strings part (xl/sharedStrings.xml)`);
            if (!Number.isInteger(k) || k < 0 || k >= strings.length) {
              throw new XlsxReadError(`sheet "${name}" (${sheet.part}) is damaged: cell ${columnLetterOf(col)}${rowIndex + 1} refers to shared string ${value.slice(0, 20)}, and the shared strings part has ${strings.length.toLocaleString("en-US")}`);
            }
            v = strings[k]!;
          }
          // A formula counts as a cell even without a value, so nothing is ever written over it.
          if ((v !== "" || formula) && col >= 0) {
            while (row.length < col) row.push("");
            // Numbers are cells without a type or of type "n"; shared, inline and formula strings stay text.
            const n = typed && (type === "" || type === "n") && v !== "" ? Number(v) : NaN;
            row[col] = Number.isFinite(n) ? n : v;
          }
          break;
        }
        case "row":
          if (row.length && rowIndex >= 0) {
            while (rows.length < rowIndex) rows.push([]);
            rows[rowIndex] = row;
          }
          break;
      }
    },
  );
  return rows;
}

/** A cell area, 0-based and inclusive: "B2:E7" → { top: 1, left: 1, bottom: 6, right: 4 }. */
export interface CellArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function parseArea(ref: string): CellArea | null {
  const m = /^\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?$/.exec(ref.trim());
  if (!m) return null;
  const a = { left: columnOf(m[1]!), top: Number(m[2]) - 1 };
  const b = m[3] ? { left: columnOf(m[3]), top: Number(m[4]) - 1 } : a;
  return { top: Math.min(a.top, b.top), left: Math.min(a.left, b.left), bottom: Math.max(a.top, b.top), right: Math.max(a.left, b.left) };
}

/** An Excel table (ListObject) on a sheet. */
export interface SheetTable {
  /** Its part, e.g. "xl/tables/table1.xml". */
  part: string;
  name: string;
  area: CellArea;
  /** Rows of the totals row at the bottom of `area` (0 or 1). */
  totalsRows: number;
  /** The column names, left to right. */
  columns: string[];
}

/** The Excel tables (ListObjects) on a sheet, from the sheet's relationships. */
export function sheetTables(file: XlsxFile, sheetPart: string): SheetTable[] {
  const slash = sheetPart.lastIndexOf("/");
  const dir = sheetPart.slice(0, slash + 1);
  const relsPart = `${dir}_rels/${sheetPart.slice(slash + 1)}.rels`;
  const rels = textPart(file.entries, relsPart);
  if (!rels) return [];
  const out: SheetTable[] = [];
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)) {
    if (!/\/table$/.test(attr(m[0], "Type", relsPart) ?? "")) continue;
    const target = attr(m[0], "Target", relsPart);
    if (!target) continue;
    const part = resolveTarget(dir, target, relsPart);
    const xml = textPart(file.entries, part);
    if (xml === undefined) throw new XlsxReadError(`${relsPart} refers to the table ${part}, which is missing from the package`);
    const head = /<(?:\w+:)?table\s[^>]*>/.exec(xml)?.[0] ?? "";
    const area = parseArea(attr(head, "ref", part) ?? "");
    if (!area) throw new XlsxReadError(`${part} is damaged: the table has no valid ref`);
    const columns = [...xml.matchAll(/<(?:\w+:)?tableColumn\s[^>]*>/g)].map((c) => attr(c[0], "name", part) ?? "");
    out.push({ part, name: attr(head, "displayName", part) ?? attr(head, "name", part) ?? part, area, totalsRows: Number(attr(head, "totalsRowCount", part) ?? 0) > 0 ? 1 : 0, columns });
  }
  return out;
}

/** The merged areas of a sheet (`<mergeCells>` comes after the cells, so it is looked for from the end). */
export function sheetMerges(file: XlsxFile, sheetPart: string): CellArea[] {
  const xml = getPart(file.entries, sheetPart);
  if (!xml) return [];
  const end = Math.max(0, xml.lastIndexOf("sheetData>"), xml.lastIndexOf("sheetData/>"));
  const at = xml.indexOf("mergeCell", end);
  if (at < 0) return [];
  if (xml.length - at > MAX_TEXT_PART) throw new XlsxReadError(`${sheetPart} is damaged: its merged cells take more than 32 MB`);
  const tail = xml.subarray(at - 1).toString("utf8");
  return [...tail.matchAll(/<(?:\w+:)?mergeCell\s[^>]*>/g)].flatMap((m) => {
    const a = parseArea(attr(m[0], "ref", sheetPart) ?? "");
    return a ? [a] : [];
  });
}
