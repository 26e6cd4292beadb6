/**
 * Randomized user sessions on the fake workbook (issue 13): Segment, sort, insert and delete columns
 * (result columns too), add rows, type into result columns, rename headers, put a second block on
 * the sheet, change the settings, in any order, on a plain range or an Excel table, with now and then
 * a request that Excel fails part way through a run. After every run:
 *
 * - a run that stops (a refusal, or a table it cannot read) leaves every cell and name as it was;
 * - a run that goes through changes only cells in its own result columns, on its table's header row
 *   and the rows below it, and each such cell was either empty or already this table's own result
 *   cell of the same result (inside a name a run on this table made, which covers what the user
 *   typed into a result column); a run that Excel failed part way wrote only such cells as well, all
 *   inside the add-in's names, so the next run refreshes them;
 * - a table gets at most one column per result (a run adds one only where the table had none), and
 *   no name gone #REF! outlives a run;
 * - nothing fails in any other way (an Excel error such as ItemAlreadyExists, a formula, ...).
 *
 * `npm test` plays SAFETY_RUNS sequences (500 unless set); `npm run test:safety` plays 5,000.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { TableError } from "../../src/engine/index.js";
import { OUTPUT_COLUMNS, segmentActiveSheet, SheetError } from "../../src/excel/segment-sheet.js";
import { EXCEL_ENUMS, FakeContext, FakeSheet, type NameModel, type Value } from "./fake-excel.js";

const RUNS = Number(process.env.SAFETY_RUNS ?? 500);
const SEED = process.env.SAFETY_SEED ? Number(process.env.SAFETY_SEED) : undefined;

type Step =
  | { kind: "segment"; table: number; settings: number; fail: number | null }
  | { kind: "sort"; table: number }
  | { kind: "insertColumn"; at: number }
  | { kind: "deleteColumn"; at: number; result: boolean }
  | { kind: "addRow"; table: number; revenue: number }
  | { kind: "typeIntoResult"; table: number; k: number; row: number; value: Value }
  | { kind: "renameHeader"; table: number; at: number; to: string }
  | { kind: "secondBlock"; gap: number; width: number; right: boolean };

const SETTINGS = [{}, { language: "nl" as const }, { pareto: { aCutoff: 0.7, bCutoff: 0.95 } }, { bcg: { x: "profit" as const } }];
const NAMES = ["Jansen", "De Vries", "Bakker", "=HYPERLINK(\"x\")", "- Diversen -", "+31 Retail", "'t Hoekje", "Smit", "Visser", "Mulder"];

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("segment" as const), table: fc.nat(1), settings: fc.nat(SETTINGS.length - 1), fail: fc.option(fc.integer({ min: 1, max: 20 }), { freq: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sort" as const), table: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("insertColumn" as const), at: fc.nat(20) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("deleteColumn" as const), at: fc.nat(20), result: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("addRow" as const), table: fc.nat(1), revenue: fc.integer({ min: 1, max: 5000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("typeIntoResult" as const), table: fc.nat(1), k: fc.nat(OUTPUT_COLUMNS.length - 1), row: fc.nat(9), value: fc.oneof(fc.constant<Value>("mijn notitie"), fc.integer({ min: -5, max: 99 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("renameHeader" as const), table: fc.nat(1), at: fc.nat(15), to: fc.constantFrom("Groeipotentie", "Opmerking", "Rang (eigen)", "Omzet 2025") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("secondBlock" as const), gap: fc.integer({ min: 0, max: 2 }), width: fc.integer({ min: 4, max: 9 }), right: fc.boolean() }) },
);

/** The session's state besides the sheet: where each table's header is (row, and a column inside it). */
interface World {
  sheet: FakeSheet;
  ctx: FakeContext;
  tables: { row: number; col: number }[];
  /** Which table last made each of the add-in's names: its header row and left column (moved along with inserted and deleted columns). */
  owner: Map<string, { row: number; col: number }>;
  runs: number;
  refused: number;
  failed: number;
}

/** A customer table at A1, as a plain range or as an Excel table (ListObject). */
function newWorld(rows: number, listObject: boolean): World {
  const data: Value[][] = [["Klant", "Omzet", "Winst", "Groei"]];
  for (let i = 0; i < rows; i++) data.push([NAMES[i % NAMES.length]! + (i >= NAMES.length ? ` ${i}` : ""), 100 * ((i * 7) % 13) + 50, 10 * ((i * 5) % 9) - 20, (i * 3) % 6]);
  const sheet = new FakeSheet("Klanten", data);
  if (listObject) sheet.tables.push({ name: "Klanten", row: 0, col: 0, rows: data.length, cols: 4, totals: false });
  return { sheet, ctx: new FakeContext([sheet]), tables: [{ row: 0, col: 0 }], owner: new Map(), runs: 0, refused: 0, failed: 0 };
}

const key = (r: number, c: number) => `${r},${c}`;
const inside = (n: NameModel, r: number, c: number) => !n.broken && r >= n.row && r < n.row + (n.rows ?? 1) && c >= n.col && c < n.col + (n.cols ?? 1);

/** The rows of a table: its header row down to the last row of the region around it. */
function region(w: World, t: number): { row: number; col: number; rows: number; cols: number } | null {
  const { row, col } = w.tables[t % w.tables.length]!;
  if (w.sheet.get(row, col) === "" && w.sheet.get(row + 1, col) === "") return null;
  return w.sheet.regionAround(row + 1, col);
}

function apply(w: World, s: Step): void {
  const sheet = w.sheet;
  switch (s.kind) {
    case "sort": {
      // Excel's Sort on the region: the rows below the header, every column of the region, by revenue.
      const g = region(w, s.table);
      if (!g) return;
      const top = w.tables[s.table % w.tables.length]!.row;
      const revenue = Array.from({ length: g.cols }, (_, j) => sheet.get(top, g.col + j)).indexOf("Omzet");
      if (revenue < 0) return;
      const rows: Value[][] = [];
      for (let r = top + 1; r < g.row + g.rows; r++) rows.push(Array.from({ length: g.cols }, (_, j) => sheet.get(r, g.col + j)));
      rows.sort((a, b) => (Number(b[revenue]) || 0) - (Number(a[revenue]) || 0));
      rows.forEach((vals, i) => vals.forEach((v, j) => sheet.set(top + 1 + i, g.col + j, v)));
      return;
    }
    case "insertColumn":
      sheet.insertColumns(s.at);
      for (const t of [...w.tables, ...w.owner.values()]) if (t.col >= s.at) t.col++;
      return;
    case "deleteColumn": {
      // Half the time one of the add-in's result columns (by its name), else any column.
      const names = [...sheet.names.values()].filter((n) => !n.broken);
      const at = s.result && names.length ? names[s.at % names.length]!.col : s.at;
      sheet.deleteColumns(at);
      for (const t of [...w.tables, ...w.owner.values()]) if (t.col > at) t.col--;
      return;
    }
    case "addRow": {
      const g = region(w, s.table);
      if (!g) return;
      const { col } = w.tables[s.table % w.tables.length]!;
      const r = g.row + g.rows;
      [`Nieuw ${r}`, s.revenue, Math.round(s.revenue / 10), 2].forEach((v, j) => sheet.set(r, col + j, v));
      return;
    }
    case "typeIntoResult": {
      const top = w.tables[s.table % w.tables.length]!.row;
      const names = [...sheet.names.entries()].filter(([n, m]) => !m.broken && m.row === top && n.startsWith(`_SEG_${OUTPUT_COLUMNS[s.k]!.key}`));
      if (!names.length) return;
      const n = names[0]![1];
      sheet.set(n.row + 1 + (s.row % Math.max(1, (n.rows ?? 1) - 1)), n.col, s.value);
      return;
    }
    case "renameHeader": {
      const { row, col } = w.tables[s.table % w.tables.length]!;
      if (sheet.get(row, col + s.at) !== "" && sheet.get(row, col + s.at) !== "Klant" && sheet.get(row, col + s.at) !== "Omzet") sheet.set(row, col + s.at, s.to);
      return;
    }
    case "secondBlock": {
      if (w.tables.length > 1) return;
      const b = sheet.usedBounds()!;
      // Below everything (with `gap` empty rows: 0 makes it touch the table), or on the header row to the right.
      const row = s.right ? 0 : b.row + b.rows + s.gap;
      const col = s.right ? b.col + b.cols + Math.max(1, s.gap) : 0;
      const header = ["Klant", "Omzet", "Winst", "Groei", "Regio", "Notitie", "Status", "Contact", "Extra"].slice(0, s.width);
      header.forEach((h, j) => sheet.set(row, col + j, h));
      for (let i = 1; i <= 3; i++) header.forEach((_, j) => sheet.set(row + i, col + j, j === 0 ? `Blok ${i}` : j < 4 ? 10 * i + j : `waarde ${i}.${j}`));
      w.tables.push({ row, col });
      return;
    }
    case "segment":
      return;
  }
}

async function segment(w: World, s: Extract<Step, { kind: "segment" }>): Promise<void> {

  const t = w.tables[s.table % w.tables.length]!;
  const sheet = w.sheet;
  w.ctx.workbook.selection = { row: t.row + 1, col: t.col };
  // Excel failing part way through the run (any of its requests), now and then.
  w.ctx.failAtSync = s.fail === null ? null : w.ctx.syncs + s.fail;
  const before = new Map(sheet.cells);
  const namesBefore = new Map([...sheet.names].map(([k, n]) => [k, { ...n }]));
  const changed = () => [...new Set([...before.keys(), ...sheet.cells.keys()])].filter((k) => before.get(k) !== sheet.cells.get(k)).map((k) => k.split(",").map(Number) as [number, number]);
  let out: Awaited<ReturnType<typeof segmentActiveSheet>>;
  try {
    out = await segmentActiveSheet(w.ctx as unknown as Excel.RequestContext, SETTINGS[s.settings]!);
  } catch (e) {
    if (/GeneralException/.test((e as Error).message)) {
      // Excel failed mid-run: what was written lies in the add-in's own named columns (so the next
      // run refreshes it), over cells that were empty or already the add-in's.
      w.failed++;
      for (const [r, c] of changed()) {
        assert.ok([...sheet.names.values()].some((m) => inside(m, r, c)), `a failed run left cell ${r},${c} outside the add-in's names`);
        assert.ok(before.get(key(r, c)) === undefined || [...namesBefore.values()].some((m) => inside(m, r, c)), `a failed run overwrote the user's cell ${r},${c}`);
      }
      return;
    }
    // A refusal or a table it cannot read: allowed, if nothing was written.
    if (!(e instanceof SheetError || e instanceof TableError)) throw e;
    w.refused++;
    assert.deepEqual(new Map(sheet.cells), before, `a stopped run changed cells (${(e as Error).message})`);
    assert.deepEqual(new Map([...sheet.names].map(([k, n]) => [k, { ...n }])), namesBefore, "a stopped run changed names");
    return;
  }
  w.runs++;
  // The table's header row (a block that touches the table is part of its region, under its header).
  const headerRow = out.headerRow;
  assert.ok([...sheet.names.values()].some((m) => !m.broken && m.row === headerRow && m.col === out.outputColumns[0]), "the rank column is named on the header row");
  const n = out.result.columns.customer.length;
  const region = /!([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(out.address)!;
  const left = colIndex(region[1]!);
  const within = (a: { row: number; col: number }) => a.row >= Number(region[2]) - 1 && a.row <= Number(region[4]) - 1 && a.col >= colIndex(region[1]!) && a.col <= colIndex(region[3]!);
  for (const [r, c] of changed()) {
    const k = out.outputColumns.indexOf(c);
    assert.ok(k >= 0 && r >= headerRow && r <= headerRow + n, `cell ${r},${c} changed outside the run's result columns (${before.get(key(r, c))} → ${sheet.cells.get(key(r, c))})`);
    if (before.get(key(r, c)) === undefined) continue;
    // A cell that held something must have been this table's own result cell, of the same result:
    // inside a name on its header row, made by a run on the table that starts where this one does
    // (the same header row and first column), or lying in the region the run read (the user joined
    // two tables, or split one with an empty column: Excel sees one block).
    const mine = [...namesBefore].some(([name, m]) => {
      if (m.row !== headerRow || !inside(m, r, c) || !name.startsWith(`_SEG_${OUTPUT_COLUMNS[k]!.key}`)) return false;
      const o = w.owner.get(name);
      return o === undefined || (o.row === headerRow && o.col === left) || within(m);
    });
    assert.ok(mine, `cell ${r},${c} held "${before.get(key(r, c))}" and was overwritten with "${sheet.cells.get(key(r, c))}"`);
  }
  assert.equal(sheet.formulas.size, 0, "no text became a formula");
  for (const [name, m] of sheet.names) if (!m.broken && m.row === headerRow && out.outputColumns.includes(m.col)) w.owner.set(name, { row: headerRow, col: left });
  // One column per result in the table: a run adds a result's column only where the table had none
  // (two tables the user joined keep what they had; the run adds no third).
  const from = colIndex(region[1]!);
  const to = Math.max(...out.outputColumns);
  const was = namesPerKey(namesBefore, headerRow, from, to);
  const now = namesPerKey(sheet.names, headerRow, from, to);
  for (const c of OUTPUT_COLUMNS) assert.equal(now.get(c.key), Math.max(1, was.get(c.key) ?? 0), `columns for ${c.key} in the table`);
  assert.ok(![...sheet.names.values()].some((m) => m.broken), "no #REF! name outlives a run");
}

/** Column index of a letter reference ("N" → 13). */
const colIndex = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** Live names per result key on a header row, between two columns. */
function namesPerKey(names: Map<string, NameModel>, row: number, from: number, to: number): Map<string, number> {
  const count = new Map<string, number>();
  for (const [name, n] of names) {
    if (n.broken || n.row !== row || n.col < from || n.col > to) continue;
    const k = /^_SEG_([A-Za-z]+)/.exec(name)![1]!;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  return count;
}

describe("excel: randomized user sessions never lose a cell of the user's (issue 13)", () => {
  const g = globalThis as Record<string, unknown>;
  before(() => (g.Excel = EXCEL_ENUMS));
  after(() => delete g.Excel);

  it(`plays ${RUNS} random sessions: each run refreshes its own columns or refuses and writes nothing`, async function () {
    this.timeout(600_000);
    const totals = { runs: 0, refused: 0, failed: 0, steps: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 3, max: 9 }), fc.boolean(), fc.array(step, { minLength: 2, maxLength: 12 }), async (rows, listObject, steps) => {
        const w = newWorld(rows, listObject);
        // Every session starts with a run, so there are result columns to play with.
        for (const s of [{ kind: "segment", table: 0, settings: 0, fail: null } as Step, ...steps]) {
          if (s.kind === "segment") await segment(w, s);
          else apply(w, s);
        }
        totals.runs += w.runs;
        totals.refused += w.refused;
        totals.failed += w.failed;
        totals.steps += steps.length + 1;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The sessions must exercise both outcomes, or the property proves little.
    assert.ok(totals.runs > RUNS, `${totals.runs} runs went through`);
    assert.ok(totals.refused > RUNS / 50, `${totals.refused} runs were refused`);
    assert.ok(totals.failed > 0, "some runs met a failing request");
    if (process.env.SAFETY_REPORT) console.log(`      ${RUNS} sessions, ${totals.steps} steps: ${totals.runs} runs went through, ${totals.refused} refused and wrote nothing, ${totals.failed} met a failing Excel request`);
  });
});
