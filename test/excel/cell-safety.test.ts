/**
 * The add-in never touches a cell that is not its own (issue 13): one test per way it used to lose
 * or damage user data, each on the fake workbook that now models the Excel behaviour behind it.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { parseCsv } from "../../src/cli/csv.js";
import { OUTPUT_COLUMNS, segmentActiveSheet, SheetError } from "../../src/excel/segment-sheet.js";
import { EXCEL_ENUMS, FakeContext, FakeSheet, type Value } from "./fake-excel.js";

const TABLE: Value[][] = [
  ["Klant", "Omzet", "Winst", "Groei"],
  ["Jansen", 1200, 100, 4],
  ["De Vries", 500, -20, 2],
  ["Bakker", 800, 90, 5],
  ["Smit", 1050, 40, 3],
  ["Visser", 300, 10, 1],
];

const run = (ctx: FakeContext, settings = {}, opts = {}) => segmentActiveSheet(ctx as unknown as Excel.RequestContext, settings, opts);
const headerRow = (s: FakeSheet, row: number) => Array.from({ length: 40 }, (_, j) => s.get(row, j));
const cellsOf = (s: FakeSheet) => new Map(s.cells);

describe("excel: the add-in writes only into cells it owns (issue 13)", () => {
  const g = globalThis as Record<string, unknown>;
  before(() => (g.Excel = EXCEL_ENUMS));
  after(() => delete g.Excel);

  it("gives a second table on the same sheet result columns of its own, right of its own cells", async () => {
    const sheet = new FakeSheet("Klanten", TABLE); // table 1: A1:D6
    // A second block lower down, A10:H12, with its own values in E:H, under table 1's result columns.
    const second: Value[][] = [
      ["Klant", "Omzet", "Winst", "Groei", "Regio", "Vertegenwoordiger", "Notitie", "Status"],
      ["Peters", 900, 80, 3, "Noord", "Anna", "bellen", "actief"],
      ["Mulder", 400, 30, 2, "Zuid", "Bram", "mailen", "actief"],
    ];
    second.forEach((r, i) => r.forEach((v, j) => sheet.set(9 + i, j, v)));
    const ctx = new FakeContext([sheet]);
    ctx.workbook.selection = { row: 1, col: 0 };
    const first = await run(ctx);
    assert.deepEqual(first.outputColumns, OUTPUT_COLUMNS.map((_, k) => 4 + k));
    const userCells = [...cellsOf(sheet)].filter(([k]) => Number(k.split(",")[0]) >= 9);

    ctx.workbook.selection = { row: 10, col: 0 };
    const out = await run(ctx);
    for (const [k, v] of userCells) assert.equal(sheet.cells.get(k), v, `the second block's cell ${k} is unchanged`);
    assert.deepEqual(out.outputColumns, OUTPUT_COLUMNS.map((_, k) => 8 + k), "right of the block's own cells (I:R)");
    assert.equal(out.updatedInPlace, false);
    assert.equal(sheet.get(9, 8), "Rank");
    assert.equal(sheet.names.size, 2 * OUTPUT_COLUMNS.length, "a set of names per table");

    // Each table's next run updates its own columns in place and nothing else.
    const before = cellsOf(sheet);
    ctx.workbook.selection = { row: 2, col: 1 };
    const again1 = await run(ctx);
    assert.deepEqual([again1.outputColumns, again1.updatedInPlace], [first.outputColumns, true]);
    ctx.workbook.selection = { row: 11, col: 1 };
    const again2 = await run(ctx);
    assert.deepEqual([again2.outputColumns, again2.updatedInPlace], [out.outputColumns, true]);
    assert.deepEqual(cellsOf(sheet), before);
  });

  it("refuses, naming the cell, when a table grows into other data under its own result columns", async () => {
    const sheet = new FakeSheet("Klanten", TABLE);
    const ctx = new FakeContext([sheet]);
    await run(ctx);
    // The user adds a customer right under the table, touching a block of notes below it.
    ["Kok", 700, 20, 2].forEach((v, j) => sheet.set(6, j, v as Value));
    ["notitie", "", "", "", "", "eigen waarde"].forEach((v, j) => v !== "" && sheet.set(7, j, v));
    const snapshot = cellsOf(sheet);
    await assert.rejects(run(ctx), (e: unknown) => e instanceof SheetError && /Cell F8 on sheet "Klanten" is not empty.*Nothing was written/.test((e as Error).message));
    assert.deepEqual(cellsOf(sheet), snapshot);
  });

  it("survives a deleted result column: the #REF! name is made anew, and later runs leave one column per result", async () => {
    const sheet = new FakeSheet("Klanten", TABLE);
    const ctx = new FakeContext([sheet]);
    const first = await run(ctx);
    const tierCol = first.outputColumns[8]!;
    sheet.deleteColumns(tierCol); // the user deletes the Tier column
    assert.equal(sheet.names.get("_SEG_tier")!.broken, true);
    for (const k of [2, 3]) {
      const out = await run(ctx);
      const headers = headerRow(sheet, 0);
      for (const h of ["Rank", "Tier", "Problems"]) assert.equal(headers.filter((x) => x === h).length, 1, `run ${k}: one ${h} column`);
      assert.equal(sheet.usedBounds()!.cols, 4 + OUTPUT_COLUMNS.length, `run ${k}: no column added`);
      assert.equal([...sheet.names.values()].filter((n) => n.broken).length, 0, `run ${k}: no #REF! name left`);
      assert.equal(sheet.names.size, OUTPUT_COLUMNS.length);
      // the colour rules follow the new tier column
      assert.equal(sheet.conditional.get(`1,${out.outputColumns[8]},5,1`)!.length, 4);
    }
  });

  it("treats a result column cut and pasted to another sheet as gone, and never writes over what the user put in its place", async () => {
    const sheet = new FakeSheet("Klanten", TABLE);
    const other = new FakeSheet("Archief");
    const ctx = new FakeContext([sheet, other]);
    const first = await run(ctx);
    const rankCol = first.outputColumns[0]!;
    sheet.cutColumnTo(rankCol, other, 0); // the user moves the Rank column to another sheet
    sheet.set(0, rankCol, "Mijn kolom");
    for (let r = 1; r <= 5; r++) sheet.set(r, rankCol, `eigen ${r}`);
    const out = await run(ctx);
    for (let r = 1; r <= 5; r++) assert.equal(sheet.get(r, rankCol), `eigen ${r}`, "the user's column stays");
    assert.notEqual(out.outputColumns[0], rankCol);
    assert.equal(sheet.get(0, out.outputColumns[0]!), "Rank");
    assert.equal(other.get(1, 0), first.result.columns.rank[0], "the moved column is left as it was");
  });

  it("names the sheet's own column letter for an input column right of its result columns", async () => {
    const sheet = new FakeSheet("Klanten", TABLE);
    const ctx = new FakeContext([sheet]);
    await run(ctx);
    // The user adds a column right of the result columns (O), with a value that is not a number.
    ["Betaaltermijn", 30, "veel", 14, 60, 30].forEach((v, i) => sheet.set(i, 14, v as Value));
    const out = await run(ctx);
    const messages = out.result.rows.flatMap((r) => r.messages.map((m) => m.location));
    assert.ok(messages.some((m) => /row 3, column O \(Betaaltermijn\)/.test(m)), messages.join("; "));
  });

  it("refuses to grow an Excel table when cells right of it would move, and writes nothing", async () => {
    const sheet = new FakeSheet("Klanten", TABLE);
    sheet.tables.push({ name: "Klanten2026", row: 0, col: 0, rows: TABLE.length, cols: 4, totals: false });
    sheet.set(2, 20, "notitie ver weg"); // U3, in the table's rows far to the right
    const ctx = new FakeContext([sheet]);
    ctx.workbook.selection = { row: 1, col: 1 };
    const snapshot = cellsOf(sheet);
    await assert.rejects(run(ctx), (e: unknown) => e instanceof SheetError && /Cell U3 .* to the right of table "Klanten2026".*Nothing was written/.test((e as Error).message));
    assert.deepEqual(cellsOf(sheet), snapshot);
    assert.equal(sheet.tables[0]!.cols, 4);
  });

  it("owns the columns it started even when a later request fails: the next run refreshes them, no second set", async () => {
    const data: Value[][] = [["Customer", "Revenue"]];
    for (let i = 0; i < 500; i++) data.push([`C${i}`, i + 1]);
    const sheet = new FakeSheet("S", data);
    const ctx = new FakeContext([sheet]);
    ctx.failAtSync = ctx.syncs + 9; // a data block, after the headers went
    await assert.rejects(run(ctx, {}, { targetPayload: 20_000 }), /GeneralException/);
    assert.equal(sheet.get(0, 2), "Rank", "the headers went in their own request");
    const out = await run(ctx);
    assert.equal(out.updatedInPlace, true);
    assert.equal(sheet.usedBounds()!.cols, 2 + OUTPUT_COLUMNS.length, "one column per result");
  });

  it("writes names that look like formulas, numbers or quote prefixes as the same text, on every sheet it writes", async () => {
    const names = ["=HYPERLINK(\"http://evil.example\",\"klik\")", "- Diversen -", "+31 Retail", "'t Hoekje", "007", "1e3", "@SUM(A1)"];
    const table: Value[][] = [["Klant", "Branche", "Omzet", "Winst", "Groei"]];
    names.forEach((n, i) => table.push([n, i % 2 ? "+31 Retail" : "- Diversen -", 1000 * (i + 1), 100 * (i + 1), i % 3]));
    const sheet = new FakeSheet("Klanten", table);
    const ctx = new FakeContext([sheet]);
    const out = await run(ctx);
    const seg = ctx.workbook.sheets.find((s) => s.name === out.reportSheet)!;
    const texts = new Set([...seg.cells.values()].filter((v) => typeof v === "string"));
    for (const n of names) assert.ok(texts.has(n), `"${n}" on the Segmentation sheet as text`);
    assert.ok(texts.has("- Diversen -") && texts.has("+31 Retail"), "segment names as text");
    for (const s of ctx.workbook.sheets) assert.equal(s.formulas.size, 0, `no formula on sheet ${s.name}`);

    // An order list: customer names and RFM rule names land on the Customers sheet as typed.
    const lines: Value[][] = [["Factuurdatum", "Klant", "Bedrag"]];
    for (let d = 0; d < 60; d++) lines.push([45292 + d * 5, names[d % names.length]!, 100 + d]);
    const orders = new FakeSheet("Orders", lines);
    const ctx2 = new FakeContext([orders]);
    const rules = [{ segment: "=Top", r: [1, 5] as [number, number], fm: [3, 5] as [number, number] }, { segment: "- rest -", r: [1, 5] as [number, number], fm: [1, 5] as [number, number] }];
    const o = await run(ctx2, { orderList: { rfmRules: rules } });
    const customers = ctx2.workbook.sheets.find((s) => s.name === o.sheet)!;
    const written = new Set([...customers.cells.values()]);
    for (const n of [...names, "=Top", "- rest -"]) assert.ok(written.has(n), `"${n}" on the customers sheet as text`);
    for (const s of ctx2.workbook.sheets) assert.equal(s.formulas.size, 0, `no formula on sheet ${s.name}`);
  });

  it("keeps the headers when Excel refuses a request as too large, and retries reads by the error code, in any language", async () => {
    const data: Value[][] = [["Customer", "Revenue"]];
    for (let i = 0; i < 3000; i++) data.push([`Customer ${i}`, i + 1]);
    const sheet = new FakeSheet("S", data);
    // A Dutch Excel with a far smaller limit than the add-in plans for: the first read, the first
    // data block (sent with the headers, before) and the probes are all refused.
    const ctx = new FakeContext([sheet], 40_000, "nl");
    const out = await run(ctx, {}, { targetPayload: 400_000 });
    assert.deepEqual(OUTPUT_COLUMNS.map((_, k) => sheet.get(0, out.outputColumns[k]!)), ["Rank", "Revenue share", "Cumulative share", "Pareto class", "Profit rank", "Cumulative profit share", "BCG quadrant", "Score", "Tier", "Problems"]);
    assert.equal(sheet.get(3000, out.outputColumns[0]!), 1);
    assert.ok(ctx.largestRequest <= 40_000);
  });

  it("builds each chart from a range with values, series by series, leaving out series without points (the bundled sample)", async () => {
    const text = readFileSync(new URL("../../assets/klanten-groothandel.csv", import.meta.url), "utf8").replace(/^\uFEFF/, "");
    const rows = parseCsv(text, ";") as Value[][];
    const ctx = new FakeContext([new FakeSheet("Klanten", rows)]);
    const out = await run(ctx);
    assert.equal(out.insights.dependency.critical.length, 0, "no customer reaches the dependency threshold in the sample");
    const seg = ctx.workbook.sheets.find((s) => s.name === out.reportSheet)!;
    assert.equal(seg.charts.length, 4);
    const dep = seg.charts.find((c) => c.name === "SEG_chart_dependency")!;
    assert.deepEqual(dep.series.map((x) => x.name), ["Below the threshold", "Threshold"]);
    for (const c of seg.charts) {
      assert.ok(c.series.length > 0, `${c.name} has series`);
      for (const x of c.series) {
        const m = /!([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(x.values)!;
        const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
        const filled = Array.from({ length: Number(m[4]) - Number(m[2]) + 1 }, (_, i) => seg.get(Number(m[2]) - 1 + i, col)).some((v) => typeof v === "number");
        assert.ok(filled, `${c.name}: series ${x.name} has points`);
        assert.ok(!/^Series\d/.test(x.name), `${c.name}: no default series left`);
      }
    }
  });

  it("suspends screen updating once per run, not once per block", async () => {
    const data: Value[][] = [["Customer", "Revenue"]];
    for (let i = 0; i < 2000; i++) data.push([`C${i}`, i + 1]);
    const ctx = new FakeContext([new FakeSheet("S", data)]);
    await run(ctx, {}, { targetPayload: 50_000 });
    assert.ok(ctx.syncs > 10, "many blocks");
    assert.equal(ctx.suspendedScreen, 1);
  });

  it("runs one segmentation at a time: a second one started meanwhile is refused and writes nothing", async () => {
    const sheet = new FakeSheet("Klanten", TABLE);
    const ctx = new FakeContext([sheet]);
    const first = run(ctx);
    await assert.rejects(run(ctx), (e: unknown) => e instanceof SheetError && /already in progress/.test((e as Error).message));
    const out = await first;
    assert.equal(out.updatedInPlace, false);
    assert.equal(sheet.names.size, OUTPUT_COLUMNS.length);
    // and once it finished, the next run goes ahead
    assert.equal((await run(ctx)).updatedInPlace, true);
  });
});
