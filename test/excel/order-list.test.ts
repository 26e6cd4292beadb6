import { strict as assert } from "node:assert";
import { aggregateTransactions, orderListModels, resolveSettings } from "../../src/engine/index.js";
import { CUSTOMERS_NAME } from "../../src/excel/order-list.js";
import { readPreview, segmentActiveSheet, SheetError } from "../../src/excel/segment-sheet.js";
import { EXCEL_ENUMS, FakeContext, FakeSheet, type Value } from "./fake-excel.js";

/** An order list: 40 customers, 1 to 8 order days each over 2024, amounts and costs, one line without a customer. */
function orders(): Value[][] {
  const rows: Value[][] = [["Factuurdatum", "Factuurnummer", "Klant", "Bedrag", "Kostprijs"]];
  let invoice = 1;
  for (let c = 0; c < 40; c++) {
    const days = 1 + (c % 8);
    for (let d = 0; d < days; d++) {
      const day = 1 + ((c * 37 + d * 41) % 360);
      const amount = 50 + ((c * 13 + d * 7) % 20) * 25;
      // Excel serial dates, as a real sheet holds them (45292 = 2024-01-01).
      rows.push([45292 + day, `F${invoice++}`, `Klant ${c + 1}`, amount, Math.round(amount * (0.5 + (c % 4) / 10))]);
    }
  }
  rows.push([45300, `F${invoice}`, "", 100, 60]);
  return rows;
}

const run = (ctx: FakeContext, settings = {}) => segmentActiveSheet(ctx as unknown as Excel.RequestContext, settings);
const sheet = (ctx: FakeContext, name: string) => ctx.workbook.sheets.find((s) => s.name === name);

describe("excel/segmentActiveSheet: an order list (transactions mode)", () => {
  const g = globalThis as Record<string, unknown>;
  before(() => (g.Excel = EXCEL_ENUMS));
  after(() => delete g.Excel);

  it("a run cancelled while it aggregates or fits the models writes nothing: no Customers sheet, no report", async () => {
    for (const when of ["before", "during"] as const) {
      const source = new FakeSheet("Orders", orders());
      const ctx = new FakeContext([source]);
      const stop = new AbortController();
      if (when === "before") stop.abort();
      const running = segmentActiveSheet(ctx as unknown as Excel.RequestContext, {}, {
        signal: stop.signal,
        onProgress: (_done, what) => {
          if (what === "models") stop.abort(); // the user clicks Cancel while the models are fitted
        },
      });
      await assert.rejects(running, /Cancelled: nothing was written/);
      assert.deepEqual(ctx.workbook.sheets.map((x) => x.name), ["Orders"], `cancelled ${when}: no sheet added`);
    }
  });

  it("writes the customers with RFM, the models and the result columns on a sheet of their own; the order lines stay as they were", async () => {
    const data = orders();
    const source = new FakeSheet("Orders", data);
    const before = new Map(source.cells);
    const ctx = new FakeContext([source]);
    const out = await run(ctx);
    assert.deepEqual(new Map(source.cells), before, "not one cell of the order list changed");
    assert.equal(out.sheet, "Customers");
    assert.equal(out.orderList!.sourceSheet, "Orders");
    assert.equal(out.orderList!.lines, data.length - 1);
    assert.equal(out.orderList!.customers, 40);
    assert.deepEqual(out.orderList!.problems.map((p) => [p.row, p.cell]), [[data.length, `C${data.length}`]]);
    const c = sheet(ctx, "Customers")!;
    const header = Array.from({ length: 30 }, (_, j) => c.get(0, j));
    assert.deepEqual(header.slice(0, 9), ["Customer", "Revenue", "Profit", "Orders", "First order", "Last order", "Lifetime (days)", "Revenue per year", "R"]);
    assert.equal(header[13], "P(alive)");
    assert.match(String(header[17]), /^Check: predicted after \d{4}-\d{2}-\d{2}$/);
    assert.match(String(header[18]), /^Check: bought after \d{4}-\d{2}-\d{2}$/);
    assert.equal(header[19], "Rank");
    // The same figures as the engine on the same lines.
    const a = aggregateTransactions(data);
    const m = orderListModels(a, { horizonMonths: 12, discount: 0.1 });
    const k = a.customers.findIndex((x) => x.customer === "Klant 8");
    const row = 1 + k;
    assert.equal(c.get(row, 0), "Klant 8");
    assert.equal(c.get(row, 1), a.customers[k]!.revenue);
    assert.equal(c.get(row, 4), a.customers[k]!.first + 25569, "dates as Excel serial numbers");
    assert.equal(c.formats.get(`${row},4`), "yyyy-mm-dd");
    assert.equal(c.formats.get(`${row},0`), "@", "names are text (a name such as =1+1 stays text)");
    assert.equal(c.get(row, 12), m.customers[k]!.rfm.segment);
    assert.equal(c.get(row, 13), m.customers[k]!.pAlive ?? "");
    assert.equal(c.get(row, 16), m.customers[k]!.clv ?? "");
    const held = m.validation!.models.find((v) => v.model === m.validation!.chosen)!.perCustomer[k];
    assert.equal(c.get(row, 17), held?.predicted ?? "");
    assert.equal(c.get(row, 18), held?.actual ?? "");
    assert.equal(c.get(row, 19), out.result.columns.rank[k]);
    assert.deepEqual(out.outputColumns, Array.from({ length: out.outputColumns.length }, (_, j) => 19 + j));
    assert.ok([...c.conditional.keys()].length >= 3, "class, quadrant and tier colours");
    // The Segmentation sheet has the RFM heat map with a colour scale and the P(alive) chart.
    const rep = sheet(ctx, "Segmentation")!;
    assert.equal(rep.colourScales.size, 1);
    assert.ok(rep.charts.some((ch) => ch.name.endsWith("alive") && ch.type === "XYScatterLinesNoMarkers"));
    assert.ok(ctx.workbook.names.store.has(CUSTOMERS_NAME));
  });

  it("a second run rewrites its own customers sheet, keeps the user's cells beside it and never duplicates", async () => {
    const ctx = new FakeContext([new FakeSheet("Orders", orders())]);
    await run(ctx);
    const c = sheet(ctx, "Customers")!;
    c.set(0, 40, "my note");
    // Fewer lines now: the customers sheet shrinks, nothing of the old rows stays.
    const fewer = orders().filter((r, i) => i === 0 || !String(r[2]).endsWith(" 40"));
    ctx.workbook.sheets[0] = new FakeSheet("Orders", fewer);
    const out = await run(ctx);
    assert.equal(out.sheet, "Customers");
    assert.equal(out.updatedInPlace, true);
    assert.equal(ctx.workbook.sheets.filter((s) => s.name.startsWith("Customers")).length, 1);
    assert.equal(c.get(0, 40), "my note");
    assert.equal(out.orderList!.customers, 39);
    assert.equal(c.get(40, 0), "", "the 40th customer's old row is gone");
  });

  it("refuses to grow over the user's cells, naming the cell, and writes nothing", async () => {
    const ctx = new FakeContext([new FakeSheet("Orders", orders().filter((r, i) => i === 0 || !String(r[2]).endsWith(" 40")))]);
    await run(ctx);
    const c = sheet(ctx, "Customers")!;
    c.set(40, 0, "below the table");
    const snapshot = new Map(c.cells);
    ctx.workbook.sheets[0] = new FakeSheet("Orders", orders());
    await assert.rejects(run(ctx), (e: Error) => e instanceof SheetError && /Cell A41 on sheet "Customers" is not empty/.test(e.message));
    assert.deepEqual(new Map(c.cells), snapshot);
  });

  it("will not segment its own customers sheet, and leaves a user's sheet called Customers alone", async () => {
    const mine = new FakeSheet("Customers", [["Note"], ["mine"]]);
    const ctx = new FakeContext([new FakeSheet("Orders", orders()), mine]);
    const out = await run(ctx);
    assert.equal(out.sheet, "Customers 2");
    assert.equal(mine.get(1, 0), "mine");
    ctx.workbook.activeIndex = ctx.workbook.sheets.findIndex((s) => s.name === "Customers 2");
    await assert.rejects(run(ctx), /holds the customers the add-in made from an order list/);
  });

  it("uses the saved horizon and RFM rules, in Dutch", async () => {
    const ctx = new FakeContext([new FakeSheet("Orders", orders())]);
    const settings = { language: "nl" as const, orderList: { horizonMonths: 24, rfmRules: [{ segment: "Actief", r: [3, 5] as [number, number], fm: [1, 5] as [number, number] }] } };
    const out = await run(ctx, settings);
    assert.equal(out.sheet, "Klanten");
    const c = sheet(ctx, "Klanten")!;
    assert.equal(c.get(0, 14), "Verwachte orders (24 mnd)");
    const segments = new Set(Array.from({ length: 40 }, (_, i) => c.get(i + 1, 12)));
    assert.deepEqual([...segments].sort(), ["Actief", "Other"]);
    assert.equal(out.orderList!.models.horizonMonths, 24);
    assert.equal(resolveSettings(settings).orderList.rfmRules.length, 1);
    assert.ok(sheet(ctx, "Segmentatie"));
  });

  it("the pane's preview of an order list is its customers", async () => {
    const ctx = new FakeContext([new FakeSheet("Orders", orders())]);
    const p = await readPreview(ctx as unknown as Excel.RequestContext, 50);
    assert.deepEqual(p.orderList, { lines: orders().length - 1, customers: 40 });
    assert.equal(p.rows.length, 41);
    assert.equal(p.rows[0]![0], "Customer");
  });
});
