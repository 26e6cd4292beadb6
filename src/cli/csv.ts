/**
 * CSV as Excel writes it: comma or semicolon separated (Dutch Excel writes semicolons), fields in
 * double quotes with "" for a quote, UTF-8 with or without a byte-order mark, CRLF or LF.
 * Every cell comes back as text (or "" for an empty cell), exactly like a text cell in Excel: the
 * engine reads the numbers.
 *
 * @example
 * parseCsv("Klant;Omzet\r\nJansen;\"1.234,50\"\r\n") // [["Klant", "Omzet"], ["Jansen", "1.234,50"]]
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
export function detectDelimiter(text: string): "," | ";" | "\t" {
  // Count separators outside quotes on the first line.
  const counts = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && (c === "," || c === ";" || c === "\t")) counts[c]++;
  }
  if (counts[";"] >= counts[","] && counts[";"] >= counts["\t"] && counts[";"] > 0) return ";";
  if (counts["\t"] > counts[","]) return "\t";
  return ",";
}

export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvError";
  }
}

/** Excel's limit for the text of one cell; a longer field is not a spreadsheet's CSV. */
export const MAX_FIELD = 32_767;
/** Excel's columns per row. */
export const MAX_FIELDS = 16_384;
/** Lines read at most: ten times Excel's rows, room for long order lists, not for a file of blank lines. */
export const MAX_LINES = 10_000_000;
/** One shared row for every blank line (a file of blank lines costs a pointer each, not an array). */
export const BLANK_ROW: string[] = Object.freeze([""]) as string[];

/**
 * A CSV parser fed in pieces (a file of any size is read as a stream: no string ever holds it
 * whole). `push` takes the next piece of text, `end` closes the last row and returns all rows.
 */
export class CsvParser {
  readonly rows: string[][] = [];
  /** The current row's fields, in a scratch array reused for every row; each row is copied out at its exact length. */
  private row: string[] = [];
  private count = 0;
  private field = "";
  private quoted = false;
  private quoteLine = 0;
  private line = 1;
  /** A quote inside a quoted field, waiting for the next character (a second quote, or the end of the field). */
  private pendingQuote = false;
  /** A carriage return, waiting to see whether a line feed follows. */
  private pendingCR = false;
  private first = true;
  /** Rows ended so far. */
  private lines = 0;
  /**
   * With a sink, each row goes to it as it ends, in the scratch array (valid until the next row; the
   * sink copies what it keeps), and `rows` stays empty.
   */
  constructor(
    readonly sep: "," | ";" | "\t",
    private readonly sink?: (row: string[], count: number) => void,
  ) {}

  private tooLong(): never {
    throw new CsvError(`Line ${this.line}, field ${this.count + 1}: a field of more than ${MAX_FIELD.toLocaleString("en-US")} characters, more than a spreadsheet cell holds; is this a CSV file of a customer table?`);
  }

  push(piece: string): void {
    let text = piece;
    if (this.first && text !== "") {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const sep = this.sep;
    const sepCode = sep.charCodeAt(0);
    let field = this.field;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.pendingQuote) {
        this.pendingQuote = false;
        if (c === '"') {
          field += '"';
          continue;
        }
        this.quoted = false;
      }
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === "\n") continue;
      }
      if (this.quoted) {
        if (c === '"') {
          this.pendingQuote = true;
          continue;
        }
        // The run of text up to the next quote, taken as one slice (a string per character made
        // most of the garbage of reading a large file).
        let j = i;
        while (j < text.length && text.charCodeAt(j) !== 34) {
          if (text.charCodeAt(j) === 10) this.line++;
          j++;
        }
        field = field === "" ? text.slice(i, j) : field + text.slice(i, j);
        i = j - 1;
        if (field.length > MAX_FIELD) {
          this.field = field;
          this.tooLong();
        }
        continue;
      }
      if (c === '"' && field === "") {
        this.quoted = true;
        this.quoteLine = this.line;
      } else if (c === sep) {
        this.row[this.count++] = field;
        field = "";
        if (this.count >= MAX_FIELDS) throw new CsvError(`Line ${this.line} has more than ${MAX_FIELDS.toLocaleString("en-US")} fields, more columns than a spreadsheet has; is this a CSV file of a customer table?`);
      } else if (c === "\r" || c === "\n") {
        this.row[this.count++] = field;
        // One allocation of the row's exact size (pushing onto a fresh array reserved twice the room).
        if (this.sink) this.sink(this.row, this.count);
        else this.rows.push(this.count === 1 && field === "" ? BLANK_ROW : this.row.slice(0, this.count));
        this.count = 0;
        field = "";
        this.line++;
        if (++this.lines >= MAX_LINES) throw new CsvError(`The file has more than ${MAX_LINES.toLocaleString("en-US")} lines; this tool reads at most that many (a spreadsheet holds ${(1_048_576).toLocaleString("en-US")} rows).`);
        if (c === "\r") this.pendingCR = true;
      } else {
        // The run up to the next delimiter or line end, as one slice (a quote inside it is text).
        let j = i + 1;
        for (; j < text.length; j++) {
          const k = text.charCodeAt(j);
          if (k === sepCode || k === 10 || k === 13) break;
        }
        field = field === "" ? text.slice(i, j) : field + text.slice(i, j);
        i = j - 1;
        if (field.length > MAX_FIELD) {
          this.field = field;
          this.tooLong();
        }
      }
    }
    this.field = field;
  }

  end(): string[][] {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.quoted = false;
    }
    if (this.quoted) throw new CsvError(`A quoted field that starts on line ${this.quoteLine} is never closed.`);
    if (this.field !== "" || this.count > 0) {
      this.row[this.count++] = this.field;
      if (this.sink) this.sink(this.row, this.count);
      else this.rows.push(this.row.slice(0, this.count));
    }
    this.row = [];
    this.count = 0;
    this.field = "";
    return this.rows;
  }
}

export function parseCsv(input: string, delimiter?: "," | ";" | "\t"): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const parser = new CsvParser(delimiter ?? detectDelimiter(text));
  parser.push(text);
  return parser.end();
}

/** The text encodings a CSV file is read in: what Excel and older Dutch programs write. */
export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/**
 * Read a CSV file as a stream, in pieces of `piece` bytes: UTF-8 with or without a byte-order mark,
 * UTF-16 LE or BE with one (Excel's "Unicode text", tab separated), and Windows-1252 when the bytes
 * are not valid UTF-8 (older Dutch Excel: `Café Zoë`, `€`); `encoding` says which was used. The
 * delimiter is decided on the first line. A UTF-8 file with NUL bytes in its first piece is not a
 * text file. `onProgress` gets the fraction read.
 */
export function readCsvFile(path: string, piece = 8 * 2 ** 20, onProgress?: (done: number) => void, sinkFor?: () => RowSink): { rows: string[][]; delimiter: "," | ";" | "\t"; encoding: CsvEncoding } {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(4);
    const got = readSync(fd, head, 0, 4, 0);
    const bom = head.subarray(0, got);
    let encoding: CsvEncoding = bom[0] === 0xff && bom[1] === 0xfe ? "utf-16le" : bom[0] === 0xfe && bom[1] === 0xff ? "utf-16be" : "utf-8";
    try {
      return { ...readAs(fd, size, encoding, piece, onProgress, sinkFor?.()), encoding };
    } catch (e) {
      // Not valid UTF-8: read again as Windows-1252, which every byte is.
      if (encoding !== "utf-8" || !(e instanceof NotUtf8)) throw e;
      encoding = "windows-1252";
      return { ...readAs(fd, size, encoding, piece, onProgress, sinkFor?.()), encoding };
    }
  } finally {
    closeSync(fd);
  }
}

/** The bytes are not valid UTF-8 (the decoder's error, told apart from any other). */
class NotUtf8 extends Error {}

/** Text of the bytes; invalid UTF-8 throws {@link NotUtf8}. */
function decodeOrFail(decoder: TextDecoder, bytes?: Uint8Array): string {
  try {
    return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
  } catch (e) {
    if (e instanceof TypeError) throw new NotUtf8(e.message);
    throw e;
  }
}

/** Where a streamed file's rows go, one by one, in a scratch array valid until the next (see {@link CsvParser}). */
export type RowSink = (row: string[], count: number) => void;

function readAs(fd: number, size: number, encoding: CsvEncoding, piece: number, onProgress?: (done: number) => void, sink?: RowSink): { rows: string[][]; delimiter: "," | ";" | "\t" } {
  const buf = Buffer.alloc(Math.max(2, Math.min(piece, size || 2)));
  const decoder = new TextDecoder(encoding, { fatal: encoding === "utf-8" });
  // The delimiter is decided on the first line (or the first 64 KiB), gathered before parsing starts.
  let head = "";
  let parser: CsvParser | null = null;
  const parserFor = (text: string): CsvParser => {
    const p = new CsvParser(detectDelimiter(text.replace(/^\ufeff/, "")), sink);
    p.push(text);
    return p;
  };
  let done = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, done);
    if (n === 0) break;
    const bytes = buf.subarray(0, n);
    if (done === 0 && encoding === "utf-8" && bytes.includes(0)) throw new CsvError("not a text (CSV) file: it holds NUL bytes");
    const text = decodeOrFail(decoder, bytes);
    if (parser) parser.push(text);
    else {
      head += text;
      if (/[\r\n]/.test(head) || head.length >= 65_536) parser = parserFor(head);
    }
    done += n;
    onProgress?.(size ? done / size : 1);
  }
  const rest = decodeOrFail(decoder);
  if (parser) parser.push(rest);
  else parser = parserFor(head + rest);
  return { rows: parser.end(), delimiter: parser.sep };
}
