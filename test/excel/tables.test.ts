import { strict as assert } from "node:assert";
import { resultCells, segment } from "../../src/engine/index.js";
import { OUTPUT_COLUMNS, readPreview, runErrorMessage, segmentActiveSheet, SheetError } from "../../src/excel/segment-sheet.js";
import { EXCEL_ENUMS, FakeContext, FakeSheet, type Value } from "./fake-excel.js";

const DATA: Value[][] = [
  ["Klant", "Omzet", "Winst", "Groei"],
  ["Jansen", 1200, 100, 4],
  ["De Vries", 500, -20, 2],
  ["Bakker", 800, 90, 5],
  ["Smit", 1050, 40, 3],
];
const run = (ctx: FakeContext) => segmentActiveSheet(ctx as unknown as Excel.RequestContext, {});

describe("excel/segmentActiveSheet: Excel tables and merged cells", () => {
  const g = globalThis as Record<string, unknown>;
  before(() => (g.Excel = EXCEL_ENUMS));
  after(() => {
    delete g.Excel;
    delete g.Office;
  });

  function tableSheet(): { sheet: FakeSheet; ctx: FakeContext } {
    // A table at B2:E6 with a totals row on row 7, and a block of notes right below it that the
    // surrounding region would swallow.
    const sheet = new FakeSheet("Klanten", DATA, { row: 1, col: 1 });
    sheet.tables.push({ name: "Klanten2026", row: 1, col: 1, rows: DATA.length, cols: 4, totals: true });
    sheet.set(6, 1, "Totaal");
    sheet.set(6, 2, 3550);
    sheet.set(7, 1, "Notes: prices excl. VAT");
    const ctx = new FakeContext([sheet]);
    ctx.workbook.selection = { row: 3, col: 2 };
    return { sheet, ctx };
  }

  it("reads the Excel table the selection is in, without its totals row, and adds the results as table columns", async () => {
    const { sheet, ctx } = tableSheet();
    const out = await run(ctx);
    assert.equal(out.address, "Klanten!B2:E7");
    assert.equal(out.result.summary.counts.rows, 4, "the totals row and the notes are not customers");
    assert.deepEqual(out.outputColumns, [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const t = sheet.tables[0]!;
    assert.equal(t.cols, 4 + OUTPUT_COLUMNS.length, "the table grew by the result columns");
    assert.equal(sheet.get(1, 5), "Rank");
    const expected = segment(DATA, {}, { sheet: "Klanten", headerRow: 2, firstColumn: 1 });
    for (let i = 0; i < 4; i++) assert.deepEqual(OUTPUT_COLUMNS.map((_, k) => sheet.get(2 + i, 5 + k)), resultCells(expected, i).map((v) => v ?? ""));
    assert.deepEqual([sheet.get(6, 1), sheet.get(6, 2), sheet.get(6, 5), sheet.get(7, 1)], ["Totaal", 3550, "", "Notes: prices excl. VAT"]);
  });

  it("updates its table columns in place on a second run", async () => {
    const { sheet, ctx } = tableSheet();
    await run(ctx);
    sheet.set(2, 2, 99); // Jansen's revenue falls
    const out = await run(ctx);
    assert.equal(out.updatedInPlace, true);
    assert.equal(sheet.tables[0]!.cols, 4 + OUTPUT_COLUMNS.length, "no second set of columns");
    assert.equal(sheet.get(2, 5), 4, "Jansen now ranks last");
  });

  it("refuses to add table columns over cells that hold something, and writes nothing", async () => {
    const { sheet, ctx } = tableSheet();
    sheet.set(4, 7, "someone's remark");
    const before = new Map(sheet.cells);
    await assert.rejects(run(ctx), (e: Error) => e instanceof SheetError && /Cell H5 on sheet "Klanten" is to the right of table "Klanten2026".*Nothing was written/.test(e.message));
    assert.deepEqual(new Map(sheet.cells), before);
    assert.equal(sheet.tables[0]!.cols, 4);
  });

  it("stops on merged cells with the address, where Excel has the API, and writes nothing", async () => {
    g.Office = { context: { requirements: { isSetSupported: (set: string, v: string) => set === "ExcelApi" && Number(v) <= 1.13 } } };
    const sheet = new FakeSheet("Klanten", DATA);
    sheet.merged.push({ row: 2, col: 0, rows: 2, cols: 1 });
    const ctx = new FakeContext([sheet]);
    const before = new Map(sheet.cells);
    await assert.rejects(run(ctx), (e: Error) => e instanceof SheetError && /merged cells .*\(A3:A4\)/.test(e.message));
    assert.deepEqual(new Map(sheet.cells), before);
    delete g.Office;
  });

  it("explains Excel's own merged-cell error where the API is missing", () => {
    assert.match(runErrorMessage(new Error("Cannot change part of a merged cell.")), /^Excel could not write the results because of merged cells: unmerge/);
  });
});

describe("excel/segmentActiveSheet: a title line above the header", () => {
  const g = globalThis as Record<string, unknown>;
  before(() => (g.Excel = EXCEL_ENUMS));
  after(() => delete g.Excel);

  it("takes the row with the revenue column as the header and writes nothing into the title line", async () => {
    const sheet = new FakeSheet("Klanten", [["Klantenoverzicht 2025"], ...DATA]);
    const ctx = new FakeContext([sheet]);
    const out = await run(ctx);
    assert.equal(out.result.summary.headerRow, 2);
    assert.equal(out.result.summary.counts.rows, 4);
    assert.deepEqual([sheet.get(0, 0), sheet.get(0, 4)], ["Klantenoverzicht 2025", ""]);
    assert.equal(sheet.get(1, 4), "Rank");
    assert.equal(sheet.get(2, 4), 1, "Jansen ranks first");
  });

  it("the task pane's preview starts at the header too", async () => {
    const ctx = new FakeContext([new FakeSheet("Klanten", [["Klantenoverzicht 2025"], ...DATA])]);
    const p = await readPreview(ctx as unknown as Excel.RequestContext);
    assert.deepEqual(p.rows[0], DATA[0]);
    assert.equal(p.totalRows, 4);
  });
});
