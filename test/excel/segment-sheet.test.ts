import { strict as assert } from "node:assert";
import { resultCells, segment } from "../../src/engine/index.js";
import { OUTPUT_COLUMNS, OWNER_PREFIX, segmentActiveSheet, SheetError } from "../../src/excel/segment-sheet.js";
import { EXCEL_ENUMS, FakeContext, FakeSheet, type Value } from "./fake-excel.js";

const DATA: Value[][] = [
  ["Klant", "Omzet", "Winst", "Groei"],
  ["Jansen", 1200, 100, 4],
  ["De Vries", 500, -20, 2],
  ["Bakker", 800, 90, 5],
  ["", 300, 10, 1],
  ["Smit", "1.050,50", 40, 3],
];
const W = DATA[0]!.length;
const run = (ctx: FakeContext, opts = {}) => ctx.workbook.worksheets.getActiveWorksheet() && segmentActiveSheet(ctx as unknown as Excel.RequestContext, {}, opts);

function rowsOf(sheet: FakeSheet, fromRow: number, toRow: number, fromCol: number, toCol: number): Value[][] {
  const out: Value[][] = [];
  for (let r = fromRow; r <= toRow; r++) out.push(Array.from({ length: toCol - fromCol + 1 }, (_, j) => sheet.get(r, fromCol + j)));
  return out;
}

describe("excel/segmentActiveSheet (strict fake workbook)", () => {
  const g = globalThis as Record<string, unknown>;
  before(() => {
    g.Excel = EXCEL_ENUMS;
  });
  after(() => delete g.Excel);

  it("the fake is strict: reading before load and sync fails", async () => {
    const ctx = new FakeContext([new FakeSheet("Klanten", DATA)]);
    const ws = ctx.workbook.worksheets.getActiveWorksheet();
    const r = ws.getUsedRange();
    assert.throws(() => r.values, /PropertyNotLoaded/);
    r.load("values");
    assert.throws(() => r.values, /PropertyNotLoaded/);
    await ctx.sync();
    assert.equal(r.values.length, DATA.length);
  });

  it("writes the result columns to the first empty columns on the right of a plain range", async () => {
    const sheet = new FakeSheet("Klanten", DATA, { row: 2, col: 1 }); // table at B3
    const ctx = new FakeContext([sheet]);
    const out = await run(ctx);
    assert.deepEqual(out.outputColumns, [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    assert.equal(out.updatedInPlace, false);
    // the user's cells are unchanged
    assert.deepEqual(rowsOf(sheet, 2, 7, 1, 4), DATA.map((r) => r.map((v) => v)));
    // headers and values equal the engine's
    assert.deepEqual(rowsOf(sheet, 2, 2, 5, 14)[0], ["Rank", "Revenue share", "Cumulative share", "Pareto class", "Profit rank", "Cumulative profit share", "BCG quadrant", "Score", "Tier", "Problems"]);
    const expected = segment(DATA, {}, { sheet: "Klanten", headerRow: 3, firstColumn: 1 });
    for (let i = 0; i < DATA.length - 1; i++) {
      assert.deepEqual(rowsOf(sheet, 3 + i, 3 + i, 5, 14)[0], resultCells(expected, i).map((v) => v ?? ""), `row ${i}`);
    }
    assert.match(String(sheet.get(6, 14)), /customer name is blank/);
    // formats, bold headers, hidden ownership names on the header cells
    assert.equal(sheet.formats.get("3,6"), "0.0%");
    assert.equal(sheet.formats.get("3,12"), "0.0");
    assert.ok(sheet.bold.has("2,5"));
    for (const [k, c] of OUTPUT_COLUMNS.entries()) {
      const name = sheet.names.get(OWNER_PREFIX + c.key)!;
      assert.deepEqual([name.row, name.col, name.visible], [2, 5 + k, false]);
    }
    // colour coding on class, quadrant and tier, one rule per label
    const cf = sheet.conditional.get(`3,${5 + 3},5,1`)!;
    assert.deepEqual(cf.map((r) => [r.operator, r.text, r.fill]), [["BeginsWith", "A", "#C6EFCE"], ["BeginsWith", "B", "#FFEB9C"], ["BeginsWith", "C", "#F8CBAD"]]);
    assert.equal(sheet.conditional.get(`3,${5 + 6},5,1`)!.length, 4);
    assert.equal(sheet.conditional.get(`3,${5 + 8},5,1`)!.length, 4);
    assert.equal(sheet.conditional.size, 3);
    // a second run replaces the rules instead of adding more
    await run(ctx);
    assert.equal(sheet.conditional.get(`3,${5 + 3},5,1`)!.length, 3);
    // messages name the sheet, the row and the column where the user sees them
    assert.match(out.result.rows[3]!.messages[0]!.location, /Sheet "Klanten", row 7, column B \(Klant\)/);
    assert.ok(ctx.suspendedScreen > 0 && ctx.suspendedCalculation > 0);
  });

  it("updates its own columns in place after the user sorted, inserted a column and added a row", async () => {
    const sheet = new FakeSheet("Klanten", DATA);
    const ctx = new FakeContext([sheet]);
    await run(ctx);
    const before = new Map(sheet.names);
    sheet.sortRows(0, 1); // by revenue, descending (text numbers sort as NaN: stays put)
    sheet.insertColumns(2); // a new empty column C between Omzet and Winst
    sheet.set(0, 2, "Notitie");
    sheet.set(1, 2, "bellen");
    // a new customer at the bottom
    const last = 1 + DATA.length - 1;
    sheet.set(last, 0, "Visser");
    sheet.set(last, 1, 2500);
    sheet.set(last, 2, "");
    sheet.set(last, 3, 300);
    sheet.set(last, 4, 5);
    const out = await run(ctx);
    assert.equal(out.updatedInPlace, true);
    // same columns as before, moved one to the right by the insert; nothing new added
    assert.deepEqual(out.outputColumns, OUTPUT_COLUMNS.map((c) => before.get(OWNER_PREFIX + c.key)!.col));
    assert.equal(sheet.usedBounds()!.cols, W + 1 + OUTPUT_COLUMNS.length);
    // the new customer has results, and each row's results belong to its own customer
    const rankCol = out.outputColumns[0]!;
    const rows = sheet.usedBounds()!.rows;
    const ranks = new Map<string, Value>();
    for (let r = 1; r < rows; r++) ranks.set(String(sheet.get(r, 0)), sheet.get(r, rankCol));
    assert.equal(ranks.get("Visser"), 1);
    assert.equal(ranks.get("Jansen"), 2);
    // the user's note column was read as data, not overwritten
    assert.equal(sheet.get(0, 2), "Notitie");
    assert.equal(out.result.summary.counts.rows, DATA.length);
  });

  it("refuses to write into a cell it does not own, and writes nothing", async () => {
    // A second block of data further down on the right, not touching the customer table: the
    // table's region ends at column D, but the target columns E..N hold the other block's cells.
    const sheet = new FakeSheet("Klanten", DATA);
    sheet.set(4, W + 3, "andere tabel");
    sheet.set(5, W + 3, 42);
    const ctx = new FakeContext([sheet]);
    const snapshot = [...sheet.cells];
    await assert.rejects(run(ctx), (e: unknown) => e instanceof SheetError && /Cell H5 on sheet "Klanten" is not empty.*nothing was written/.test((e as Error).message));
    assert.deepEqual([...sheet.cells], snapshot);
    assert.equal(sheet.names.size, 0);
  });

  it("treats a column whose ownership name was removed as foreign", async () => {
    const sheet = new FakeSheet("Klanten", DATA);
    const ctx = new FakeContext([sheet]);
    await run(ctx);
    sheet.names.delete(OWNER_PREFIX + "tier"); // e.g. the user deleted the name in the Name Manager
    const snapshot = [...sheet.cells];
    // the tier column is now data next to the table; the new tier column goes to the right of it
    const out = await run(ctx);
    assert.equal(out.outputColumns[8], W + OUTPUT_COLUMNS.length);
    assert.deepEqual(snapshot.filter(([k]) => Number(k.split(",")[1]) === W + 8).map(([, v]) => v), snapshot.filter(([k]) => Number(k.split(",")[1]) === W + 8).map(([k]) => sheet.cells.get(k)));
  });

  it("stops with a clear message for a protected sheet, an empty sheet and a sheet too large to read", async () => {
    const p = new FakeSheet("Klanten", DATA);
    p.isProtected = true;
    await assert.rejects(run(new FakeContext([p])), /Sheet "Klanten" is protected/);
    await assert.rejects(run(new FakeContext([new FakeSheet("Leeg", [["Klant", "Omzet"]])])), /Sheet "Leeg" has no data/);
    const big = new FakeSheet("Groot", [["Klant", "Omzet"]]);
    big.set(999_999, 9, 1);
    await assert.rejects(run(new FakeContext([big])), /uses 10,000,000 cells.*at most 5,000,000/);
  });

  it("reads and writes 100,000 rows in requests well under 5 MB, with few syncs", async function () {
    this.timeout(120_000);
    const n = 100_000;
    const data: Value[][] = [["Customer", "Revenue", "Margin", "Growth"]];
    for (let i = 0; i < n; i++) data.push([`C${i}`, 1000 + ((i * 7919) % 100_000), ((i * 31) % 50) / 100, 1 + (i % 5)]);
    const sheet = new FakeSheet("Big", data);
    const ctx = new FakeContext([sheet]);
    const out = await run(ctx);
    assert.equal(out.result.summary.counts.included, n);
    assert.ok(ctx.largestRequest <= 1_500_000, `largest request ${ctx.largestRequest} bytes`);
    // ~4 MB read, ~3 MB probed and ~24 MB written in requests of about 1 MB, plus a few fixed syncs
    // (5 before the write, 4 for the Segmentation sheet)
    assert.ok(ctx.syncs >= 20 && ctx.syncs <= 56, `${ctx.syncs} syncs, largest ${ctx.largestRequest} bytes`);
    // the charts stay small: grouped points, not 100,000
    const seg = ctx.workbook.sheets.find((x) => x.name === "Segmentation")!;
    const charts = seg.charts;
    assert.equal(charts.length, 4);
    assert.match(charts[0]!.series[0]!.values, /!I3:I102$/, "100 bars, one per 1% of the customers");
    assert.ok([...seg.cells.values()].some((v) => typeof v === "string" && v.includes("100,000 customers, largest first, in bars of 1% of the customers (1,000 customers each)")));
    assert.equal(sheet.get(n, out.outputColumns[0]!) !== "", true);
  });

  it("retries smaller when Excel rejects a payload", async () => {
    const data: Value[][] = [["Customer", "Revenue"]];
    for (let i = 0; i < 2000; i++) data.push([`C${i}`, i + 1]);
    const sheet = new FakeSheet("S", data);
    const ctx = new FakeContext([sheet], 60_000); // a host with a much smaller limit than we plan for
    const out = await run(ctx, { targetPayload: 200_000 });
    assert.ok(ctx.largestRequest <= 60_000);
    // the last customer has the highest revenue: rank 1; the first has rank 2000
    assert.equal(sheet.get(2000, out.outputColumns[0]!), 1);
    assert.equal(sheet.get(1, out.outputColumns[0]!), 2000);
    assert.ok(ctx.syncs > 10, "the rejected requests were split");
  });
});
