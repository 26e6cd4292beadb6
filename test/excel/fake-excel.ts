/**
 * A small, strict fake of the parts of the Excel object model the add-in uses, for tests in Node.
 *
 * Strict like Excel: a property read before load() and sync() throws (office-addin-mock would hand
 * back a sentinel string instead); writes take effect only at sync(); every sync is counted with the
 * bytes it would carry (writes sent, values returned), and a request over the payload limit fails
 * like Excel on the web's does. Sheets are sparse cell maps; names follow columns inserted with
 * insertColumns(), as Excel's do.
 */
import { columnLetter } from "../../src/engine/columns.js";

export type Value = string | number | boolean;

export class FakeSheet {
  cells = new Map<string, Value>();
  formats = new Map<string, string>();
  bold = new Set<string>();
  names = new Map<string, { row: number; col: number; visible: boolean; comment: string }>();
  /** Conditional formats: "row,col,rows,cols" of the range → rules (text and fill colour). */
  conditional = new Map<string, { text: string; operator: string; fill: string }[]>();
  isProtected = false;
  constructor(
    public name: string,
    data: Value[][] = [],
    origin = { row: 0, col: 0 },
  ) {
    data.forEach((r, i) => r.forEach((v, j) => v !== "" && this.cells.set(`${origin.row + i},${origin.col + j}`, v)));
  }
  get(row: number, col: number): Value {
    return this.cells.get(`${row},${col}`) ?? "";
  }
  set(row: number, col: number, v: Value): void {
    if (v === "" || v === null || v === undefined) this.cells.delete(`${row},${col}`);
    else this.cells.set(`${row},${col}`, v);
  }
  /** The used range: the smallest rectangle holding every non-empty cell, or null. */
  usedBounds(): { row: number; col: number; rows: number; cols: number } | null {
    if (this.cells.size === 0) return null;
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (const k of this.cells.keys()) {
      const [r, c] = k.split(",").map(Number) as [number, number];
      r0 = Math.min(r0, r); c0 = Math.min(c0, c); r1 = Math.max(r1, r); c1 = Math.max(c1, c);
    }
    return { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }
  /**
   * Excel's current region: the box around the cell, grown while any non-empty cell touches it (also
   * diagonally). Passes over the sparse cells until the box stops growing.
   */
  regionAround(row: number, col: number): { row: number; col: number; rows: number; cols: number } {
    let r0 = row, r1 = row, c0 = col, c1 = col;
    const pts = [...this.cells.keys()].map((k) => k.split(",").map(Number) as [number, number]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [r, c] of pts) {
        if (r >= r0 - 1 && r <= r1 + 1 && c >= c0 - 1 && c <= c1 + 1 && (r < r0 || r > r1 || c < c0 || c > c1)) {
          r0 = Math.min(r0, r); r1 = Math.max(r1, r); c0 = Math.min(c0, c); c1 = Math.max(c1, c);
          grew = true;
        }
      }
    }
    return { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }
  /** What a user does: insert an empty column at `col`; cells and names to the right move along. */
  insertColumns(col: number, count = 1): void {
    const move = <T>(m: Map<string, T>) => {
      const next = new Map<string, T>();
      for (const [k, v] of m) {
        const [r, c] = k.split(",").map(Number) as [number, number];
        next.set(`${r},${c >= col ? c + count : c}`, v);
      }
      return next;
    };
    this.cells = move(this.cells);
    this.formats = move(this.formats);
    for (const n of this.names.values()) if (n.col >= col) n.col += count;
  }
  /** What a user does: sort the data rows (below `headerRow`) by a column, descending. */
  sortRows(headerRow: number, byCol: number): void {
    const b = this.usedBounds()!;
    const rows = [];
    for (let r = headerRow + 1; r < b.row + b.rows; r++) rows.push(Array.from({ length: b.cols }, (_, j) => this.get(r, b.col + j)));
    rows.sort((x, y) => Number(y[byCol - b.col]) - Number(x[byCol - b.col]));
    rows.forEach((vals, i) => vals.forEach((v, j) => this.set(headerRow + 1 + i, b.col + j, v)));
  }
  column(col: number, from: number, to: number): Value[] {
    return Array.from({ length: to - from + 1 }, (_, i) => this.get(from + i, col));
  }
}

class NotLoaded extends Error {
  constructor(what: string) {
    super(`PropertyNotLoaded: ${what} was read before load() and sync()`);
    this.name = "PropertyNotLoaded";
  }
}

type Pending = { bytesOut: number; run: () => number }; // run applies the op and returns bytes in the response

export class FakeContext {
  syncs = 0;
  largestRequest = 0;
  requests: number[] = [];
  suspendedCalculation = 0;
  suspendedScreen = 0;
  private queue: Pending[] = [];
  readonly workbook: FakeWorkbook;
  readonly application = {
    suspendApiCalculationUntilNextSync: () => void this.suspendedCalculation++,
    suspendScreenUpdatingUntilNextSync: () => void this.suspendedScreen++,
  };
  constructor(
    sheets: FakeSheet[],
    public payloadLimit = 5_000_000,
  ) {
    this.workbook = new FakeWorkbook(this, sheets);
  }
  enqueue(p: Pending): void {
    this.queue.push(p);
  }
  async sync(): Promise<void> {
    const q = this.queue;
    this.queue = [];
    const out = q.reduce((s, p) => s + p.bytesOut, 0);
    if (out > this.payloadLimit) {
      throw Object.assign(new Error("The request payload size has exceeded the limit."), { code: "RequestPayloadSizeLimitExceeded" });
    }
    let back = 0;
    for (const p of q) back += p.run();
    if (back > this.payloadLimit) {
      throw Object.assign(new Error("The response payload size has exceeded the limit."), { code: "RequestPayloadSizeLimitExceeded" });
    }
    this.syncs++;
    this.requests.push(Math.max(out, back));
    this.largestRequest = Math.max(this.largestRequest, out, back);
  }
}

class FakeSettings {
  readonly store = new Map<string, unknown>();
  constructor(private ctx: FakeContext) {}
  getItemOrNullObject(key: string) {
    let known = false;
    const store = this.store;
    const item = {
      load: (_p: string) => item,
      get isNullObject(): boolean {
        if (!known) throw new NotLoaded(`Setting(${key}).isNullObject`);
        return !store.has(key);
      },
      get value(): unknown {
        if (!known) throw new NotLoaded(`Setting(${key}).value`);
        return store.get(key);
      },
    };
    this.ctx.enqueue({ bytesOut: 32, run: () => ((known = true), JSON.stringify(store.get(key) ?? null).length) });
    return item;
  }
  add(key: string, value: unknown): void {
    this.ctx.enqueue({ bytesOut: JSON.stringify(value).length, run: () => (this.store.set(key, value), 0) });
  }
}

class FakeWorkbook {
  activeIndex = 0;
  readonly settings: FakeSettings;
  /** The selected cell on the active sheet (0-based). */
  selection = { row: 0, col: 0 };
  readonly worksheets: { getActiveWorksheet: () => FakeWorksheet; getItem: (name: string) => { activate: () => void; getRange: (a: string) => { select: () => void } } };
  constructor(
    private ctx: FakeContext,
    readonly sheets: FakeSheet[],
  ) {
    this.worksheets = {
      getActiveWorksheet: () => new FakeWorksheet(ctx, this.sheets[this.activeIndex]!),
      getItem: (name: string) => {
        const index = this.sheets.findIndex((s) => s.name === name);
        return {
          activate: () => ctx.enqueue({ bytesOut: 32, run: () => ((this.activeIndex = index < 0 ? (() => { throw new Error(`ItemNotFound: sheet ${name}`); })() : index), 0) }),
          getRange: (a: string) => ({
            select: () =>
              ctx.enqueue({
                bytesOut: 32,
                run: () => {
                  const m = /^([A-Z]+)(\d+)$/.exec(a)!;
                  const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
                  this.selection = { row: Number(m[2]) - 1, col };
                  return 0;
                },
              }),
          }),
        };
      },
    };
    this.settings = new FakeSettings(ctx);
  }
  getSelectedRange(): { getSurroundingRegion: () => FakeRange } {
    const s = this.sheets[this.activeIndex]!;
    const sel = this.selection;
    return { getSurroundingRegion: () => new FakeRange(this.ctx, s, () => s.regionAround(sel.row, sel.col)) };
  }
}

/** A proxy's loaded state: properties requested by load() become readable after the next sync. */
class Loadable {
  protected loaded = new Map<string, unknown>();
  protected requested = new Set<string>();
  constructor(protected ctx: FakeContext) {}
  protected read<T>(name: string): T {
    if (!this.loaded.has(name)) throw new NotLoaded(`${this.constructor.name}.${name}`);
    return this.loaded.get(name) as T;
  }
  protected request(names: string[], snapshot: () => Record<string, unknown>, size: (v: Record<string, unknown>) => number = () => 64): void {
    this.ctx.enqueue({
      bytesOut: 64,
      run: () => {
        const snap = snapshot();
        for (const n of names) this.loaded.set(n, snap[n]);
        return size(snap);
      },
    });
  }
}

class FakeWorksheet extends Loadable {
  readonly protection: FakeProtection;
  readonly names: FakeNames;
  constructor(
    ctx: FakeContext,
    readonly s: FakeSheet,
  ) {
    super(ctx);
    this.protection = new FakeProtection(ctx, s);
    this.names = new FakeNames(ctx, s, this);
  }
  get name(): string {
    return this.read("name");
  }
  load(props: string | string[]): this {
    const names = Array.isArray(props) ? props : props.split(",").map((p) => p.trim());
    this.request(names, () => ({ name: this.s.name }));
    return this;
  }
  getUsedRange(_valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.ctx, this.s, () => {
      const b = this.s.usedBounds();
      return b ?? { row: 0, col: 0, rows: 1, cols: 1 };
    });
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.ctx, this.s, () => ({ row, col, rows, cols }));
  }
}

class FakeProtection extends Loadable {
  constructor(ctx: FakeContext, private s: FakeSheet) {
    super(ctx);
  }
  get protected(): boolean {
    return this.read("protected");
  }
  load(_p: string): this {
    this.request(["protected"], () => ({ protected: this.s.isProtected }));
    return this;
  }
}


export class FakeRange extends Loadable {
  readonly format: { font: { bold: boolean } };
  readonly conditionalFormats: { clearAll: () => void; add: (type: string) => { textComparison: { format: { fill: { color: string } }; rule: { operator: string; text: string } } } };
  isNullObject = false;
  constructor(
    ctx: FakeContext,
    private s: FakeSheet,
    private where: () => { row: number; col: number; rows: number; cols: number },
  ) {
    super(ctx);
    const range = this;
    const key = () => {
      const w = range.where();
      return `${w.row},${w.col},${w.rows},${w.cols}`;
    };
    this.conditionalFormats = {
      clearAll: () => range.ctx.enqueue({ bytesOut: 32, run: () => (range.s.conditional.delete(key()), 0) }),
      add: (type: string) => {
        if (type !== "ContainsText") throw new Error(`fake: conditional format ${type} not modelled`);
        const rule = { text: "", operator: "", fill: "" };
        range.ctx.enqueue({ bytesOut: 96, run: () => (range.s.conditional.set(key(), [...(range.s.conditional.get(key()) ?? []), rule]), 0) });
        return {
          textComparison: {
            format: { fill: { set color(c: string) { rule.fill = c; }, get color(): string { throw new NotLoaded("fill.color"); } } },
            set rule(r: { operator: string; text: string }) { rule.operator = r.operator; rule.text = r.text; },
            get rule(): { operator: string; text: string } { throw new NotLoaded("textComparison.rule"); },
          },
        };
      },
    };
    this.format = {
      font: {
        get bold(): boolean {
          throw new NotLoaded("format.font.bold");
        },
        set bold(v: boolean) {
          range.ctx.enqueue({
            bytesOut: 32,
            run: () => {
              const w = range.where();
              for (let i = 0; i < w.rows; i++) for (let j = 0; j < w.cols; j++) v ? range.s.bold.add(`${w.row + i},${w.col + j}`) : range.s.bold.delete(`${w.row + i},${w.col + j}`);
              return 0;
            },
          });
        },
      },
    };
  }
  load(props: string | string[]): this {
    const names = Array.isArray(props) ? props : props.split(",").map((p) => p.trim());
    this.request(
      names,
      () => {
        const w = this.where();
        const values = Array.from({ length: w.rows }, (_, i) => Array.from({ length: w.cols }, (_, j) => this.s.get(w.row + i, w.col + j)));
        return {
          address: `${this.s.name}!${columnLetter(w.col)}${w.row + 1}:${columnLetter(w.col + w.cols - 1)}${w.row + w.rows}`,
          rowIndex: w.row,
          columnIndex: w.col,
          rowCount: w.rows,
          columnCount: w.cols,
          values,
        };
      },
      (snap) => (names.includes("values") ? JSON.stringify(snap.values).length : 64),
    );
    return this;
  }
  get address(): string { return this.read("address"); }
  get rowIndex(): number { return this.read("rowIndex"); }
  get columnIndex(): number { return this.read("columnIndex"); }
  get rowCount(): number { return this.read("rowCount"); }
  get columnCount(): number { return this.read("columnCount"); }
  get values(): Value[][] { return this.read("values"); }
  set values(v: Value[][]) {
    this.ctx.enqueue({
      bytesOut: JSON.stringify(v).length,
      run: () => {
        const w = this.where();
        if (v.length !== w.rows || v.some((r) => r.length !== w.cols)) throw new Error(`InvalidArgument: ${v.length}×${v[0]?.length} values for a ${w.rows}×${w.cols} range`);
        v.forEach((r, i) => r.forEach((x, j) => this.s.set(w.row + i, w.col + j, x)));
        return 0;
      },
    });
  }
  get numberFormat(): string[][] { return this.read("numberFormat"); }
  set numberFormat(f: string[][]) {
    this.ctx.enqueue({
      bytesOut: JSON.stringify(f).length,
      run: () => {
        const w = this.where();
        if (f.length !== w.rows || f.some((r) => r.length !== w.cols)) throw new Error("InvalidArgument: numberFormat shape");
        f.forEach((r, i) => r.forEach((x, j) => this.s.formats.set(`${w.row + i},${w.col + j}`, x)));
        return 0;
      },
    });
  }
}

class FakeNamedItem extends Loadable {
  isNullObject = false;
  constructor(ctx: FakeContext, private s: FakeSheet, private key: string) {
    super(ctx);
  }
  set visible(v: boolean) {
    this.ctx.enqueue({ bytesOut: 32, run: () => ((this.s.names.get(this.key)!.visible = v), 0) });
  }
  getRangeOrNullObject(): FakeRange {
    const r = new FakeRange(this.ctx, this.s, () => {
      const n = this.s.names.get(this.key)!;
      return { row: n.row, col: n.col, rows: 1, cols: 1 };
    });
    return r;
  }
}

class FakeNames {
  constructor(private ctx: FakeContext, private s: FakeSheet, private sheet: FakeWorksheet) {}
  getItemOrNullObject(name: string): FakeNamedItem {
    const item = new FakeNamedItem(this.ctx, this.s, name);
    // isNullObject becomes known at the next sync
    let known = false;
    this.ctx.enqueue({ bytesOut: 32, run: () => ((known = true), (item.isNullObject = !this.s.names.has(name)), 16) });
    Object.defineProperty(item, "isNullObject", {
      get: () => {
        if (!known) throw new NotLoaded(`NamedItem(${name}).isNullObject`);
        return !this.s.names.has(name);
      },
      set: () => undefined,
    });
    return item;
  }
  add(name: string, ref: FakeRange, comment = ""): FakeNamedItem {
    const where = (ref as unknown as { where: () => { row: number; col: number } }).where;
    this.ctx.enqueue({
      bytesOut: 64 + comment.length,
      run: () => {
        if (this.s.names.has(name)) throw new Error(`ItemAlreadyExists: name ${name}`);
        const w = where();
        this.s.names.set(name, { row: w.row, col: w.col, visible: true, comment });
        return 0;
      },
    });
    void this.sheet;
    return new FakeNamedItem(this.ctx, this.s, name);
  }
}
