/**
 * The fake workbook itself: it must behave as the Office.js reference says Excel does, or the tests
 * that use it prove nothing. One test per behaviour the add-in has to survive.
 */
import { strict as assert } from "node:assert";
import { excelInput, FakeContext, FakeSheet } from "./fake-excel.js";

const ws = (ctx: FakeContext) => ctx.workbook.worksheets.getActiveWorksheet();

describe("test/excel/fake-excel: Excel's behaviour, modelled", () => {
  it("reads a string starting with =, + or - as a formula, unless it has a quote prefix", async () => {
    const sheet = new FakeSheet("S");
    const ctx = new FakeContext([sheet]);
    ws(ctx).getRangeByIndexes(0, 0, 1, 4).values = [["=HYPERLINK(\"http://x\")", "=1+2", "'=HYPERLINK(\"http://x\")", "'- Diversen -"]];
    await ctx.sync();
    assert.equal(sheet.get(0, 0), "#NAME?", "a live formula, not the text");
    assert.equal(sheet.formulas.get("0,0"), "=HYPERLINK(\"http://x\")");
    assert.equal(sheet.get(0, 1), 3);
    assert.equal(sheet.get(0, 2), "=HYPERLINK(\"http://x\")", "the quote prefix keeps the text");
    assert.ok(sheet.quotePrefix.has("0,2") && !sheet.formulas.has("0,2"));
    assert.equal(sheet.get(0, 3), "- Diversen -");
    // "@" (implicit intersection) starts a formula too; in a text-formatted cell an apostrophe stays a character
    const r = ws(ctx).getRangeByIndexes(1, 0, 1, 2);
    r.numberFormat = [["General", "@"]];
    r.values = [["@SUM(A1)", "'t Hoekje"]];
    await ctx.sync();
    assert.ok(sheet.formulas.has("1,0"));
    assert.equal(sheet.get(1, 1), "'t Hoekje");
  });

  it("fails the request on text Excel cannot read as a formula, and the text format does not protect against it", async () => {
    for (const text of ["- Diversen -", "+31 Retail"]) {
      const sheet = new FakeSheet("S");
      const ctx = new FakeContext([sheet]);
      const r = ws(ctx).getRangeByIndexes(0, 0, 1, 1);
      r.numberFormat = [["@"]];
      r.values = [[text]];
      await assert.rejects(ctx.sync(), /InvalidArgument/, text);
      assert.equal(sheet.get(0, 0), "");
    }
    assert.throws(() => excelInput("=SUM(", undefined), /InvalidArgument/);
  });

  it("turns text that reads as a number into a number, unless the cell's format is text", async () => {
    const sheet = new FakeSheet("S");
    const ctx = new FakeContext([sheet]);
    const r = ws(ctx).getRangeByIndexes(0, 0, 2, 3);
    r.numberFormat = [["General", "General", "General"], ["@", "@", "@"]];
    r.values = [["007", "1e3", "12%"], ["007", "1e3", "12%"]];
    await ctx.sync();
    assert.deepEqual([sheet.get(0, 0), sheet.get(0, 1), sheet.get(0, 2)], [7, 1000, 0.12]);
    assert.deepEqual([sheet.get(1, 0), sheet.get(1, 1), sheet.get(1, 2)], ["007", "1e3", "12%"]);
  });

  it("leaves a cell unchanged where the values array holds null", async () => {
    const sheet = new FakeSheet("S", [["keep", "old"]]);
    const ctx = new FakeContext([sheet]);
    ws(ctx).getRangeByIndexes(0, 0, 1, 2).values = [[null as unknown as string, "new"]];
    await ctx.sync();
    assert.deepEqual([sheet.get(0, 0), sheet.get(0, 1)], ["keep", "new"]);
  });

  it("turns a name on deleted columns into #REF!: type Error, a null range, and the name still taken", async () => {
    const sheet = new FakeSheet("S", [["a", "b", "c", "d"]]);
    const ctx = new FakeContext([sheet]);
    const w = ws(ctx);
    w.names.add("_x", w.getRangeByIndexes(0, 2, 3, 1));
    w.names.add("_right", w.getRangeByIndexes(0, 3, 1, 1));
    await ctx.sync();
    w.getRangeByIndexes(0, 1, 1_048_576, 2).delete("Left"); // columns B:C
    await ctx.sync();
    assert.deepEqual([sheet.get(0, 0), sheet.get(0, 1)], ["a", "d"]);
    const names = w.names;
    names.load("items/name,items/type,items/value");
    const item = w.names.getItemOrNullObject("_x");
    const range = item.getRangeOrNullObject();
    range.load("address");
    const right = w.names.getItemOrNullObject("_right").getRangeOrNullObject();
    right.load("columnIndex");
    await ctx.sync();
    const x = names.items.find((n) => n.name === "_x")!;
    assert.deepEqual([x.type, x.value], ["Error", "#REF!"]);
    assert.equal(item.isNullObject, false, "the name is still there");
    assert.equal(range.isNullObject, true, "but refers to nothing");
    assert.equal(right.columnIndex, 1, "a name to the right moved left");
    w.names.add("_x", w.getRangeByIndexes(0, 0, 1, 1));
    await assert.rejects(ctx.sync(), /ItemAlreadyExists/);
    item.delete();
    w.names.add("_x", w.getRangeByIndexes(0, 0, 1, 1));
    await ctx.sync();
    assert.equal(sheet.names.get("_x")!.broken, undefined);
  });

  it("makes a chart from a blank range without series, and one series per filled column otherwise", async () => {
    const sheet = new FakeSheet("S", [[1, "", 3], [2, "", 4]]);
    const ctx = new FakeContext([sheet]);
    const w = ws(ctx);
    const blank = w.charts.add("ColumnStacked", w.getRangeByIndexes(0, 1, 2, 1), "Columns");
    const filled = w.charts.add("ColumnStacked", w.getRangeByIndexes(0, 0, 2, 3), "Columns");
    blank.series.load("count");
    filled.series.load("count");
    await ctx.sync();
    assert.equal(blank.series.count, 0);
    assert.equal(filled.series.count, 2);
    blank.series.getItemAt(0).name = "x";
    await assert.rejects(ctx.sync(), /ItemNotFound/);
    const first = filled.series.getItemAt(0);
    const second = filled.series.getItemAt(1);
    first.name = "first";
    second.name = "second";
    await ctx.sync();
    first.delete(); // the second series is now at index 0; its proxy still finds it
    second.delete();
    await ctx.sync();
    assert.equal(sheet.charts[1]!.series.length, 0, "both deleted, each proxy kept its own series");
  });

  it("refuses too large a request whole, with the code and a localized message", async () => {
    const sheet = new FakeSheet("S", [["x"]]);
    const ctx = new FakeContext([sheet], 1000, "nl");
    const w = ws(ctx);
    w.getRangeByIndexes(5, 0, 1, 1).values = [["small"]];
    w.getRangeByIndexes(0, 1, 100, 1).values = Array.from({ length: 100 }, () => ["a long enough text"]);
    await assert.rejects(ctx.sync(), (e: { code?: string; message: string }) => e.code === "RequestPayloadSizeLimitExceeded" && /limiet/.test(e.message));
    assert.equal(sheet.get(5, 0), "", "nothing of the refused request was applied");
    const big = new FakeSheet("Big", Array.from({ length: 200 }, (_, i) => [`customer ${i}`, i]));
    const ctx2 = new FakeContext([big], 1000, "nl");
    const r = ws(ctx2).getRangeByIndexes(0, 0, 200, 2);
    r.load("values");
    await assert.rejects(ctx2.sync(), (e: { code?: string }) => e.code === "ResponsePayloadSizeLimitExceeded");
  });
});
