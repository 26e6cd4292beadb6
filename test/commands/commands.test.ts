/** The ribbon's Segment command against the strict fake workbook, with stand-ins for Office and Excel. */
import { strict as assert } from "node:assert";
import { EXCEL_ENUMS, FakeContext, FakeSheet } from "../excel/fake-excel.js";
import { SETTINGS_KEY, saveSettings } from "../../src/excel/settings-store.js";

describe("commands: Segment on the ribbon", () => {
  let ctx: FakeContext;
  let mod: typeof import("../../src/commands/commands.js");
  const associated: string[] = [];
  let shown = 0;
  const g = globalThis as Record<string, unknown>;
  before(async () => {
    g.Office = {
      onReady: (cb: () => void) => (cb(), Promise.resolve()),
      actions: { associate: (name: string) => associated.push(name) },
      addin: { showAsTaskpane: async () => void shown++ },
    };
    g.Excel = {
      run: async (f: (c: unknown) => Promise<unknown>) => f(ctx),
    ...EXCEL_ENUMS,
    };
    mod = await import("../../src/commands/commands.js");
  });
  after(() => {
    delete g.Office;
    delete g.Excel;
  });

  it("registers the function the manifest names", () => assert.deepEqual(associated, ["segment"]));

  it("segments with the workbook's saved settings and completes the event", async () => {
    const sheet = new FakeSheet("Klanten", [["Klant", "Omzet"], ["A", 50], ["B", 30], ["C", 15], ["D", 5]]);
    ctx = new FakeContext([sheet]);
    await saveSettings(ctx as unknown as Excel.RequestContext, { language: "nl", pareto: { aCutoff: 0.5 } });
    assert.ok(ctx.workbook.settings.store.has(SETTINGS_KEY));
    let completed = 0;
    const heard: string[] = [];
    mod.ribbonListeners.push((r) => heard.push(r.message));
    await mod.segmentFromRibbon({ completed: () => completed++ });
    mod.ribbonListeners.length = 0;
    assert.equal(completed, 1);
    assert.equal(mod.lastRun.ok, true);
    assert.equal(shown, 0, "a run that worked does not open the pane");
    assert.deepEqual(heard, [mod.lastRun.message], "an open task pane hears the outcome");
    assert.equal(ctx.workbook.sheets[1]!.name, "Segmentatie", "the summary sheet with the charts, in Dutch");
    assert.match(mod.lastRun.message, /van je klanten \(1 van 4\)/); // the saved A cut-off of 50% and Dutch
    assert.equal(sheet.get(0, 2), "Rang");
    assert.equal(sheet.get(2, 5), "B"); // B: 50% before it, below 95%
  });

  it("completes the event on error too, and keeps the message for the task pane", async () => {
    const p = new FakeSheet("Klanten", [["Klant", "Omzet"], ["A", 1]]);
    p.isProtected = true;
    ctx = new FakeContext([p]);
    let completed = 0;
    await mod.segmentFromRibbon({ completed: () => completed++ });
    assert.equal(completed, 1);
    assert.equal(mod.lastRun.ok, false);
    assert.match(mod.lastRun.message, /protected/);
    assert.equal(shown, 1, "the pane opens to say why the run stopped");
    mod.ribbonListeners.push(() => {
      throw new Error("a broken listener");
    });
    ctx = null as never; // Excel.run itself failing
    await mod.segmentFromRibbon({ completed: () => completed++ });
    assert.equal(completed, 2, "completed even when Excel.run and a listener fail");
    assert.match(mod.lastRun.message, /Unexpected error/);
    mod.ribbonListeners.length = 0;
  });

  it("says a run is in progress when the pane's run is still busy, and writes nothing", async () => {
    const sheet = new FakeSheet("Klanten", [["Klant", "Omzet"], ["A", 50], ["B", 30], ["C", 15], ["D", 5]]);
    ctx = new FakeContext([sheet]);
    const { segmentActiveSheet } = await import("../../src/excel/segment-sheet.js");
    const pane = segmentActiveSheet(ctx as unknown as Excel.RequestContext, {}); // the pane's run, not yet done
    let completed = 0;
    await mod.segmentFromRibbon({ completed: () => completed++ });
    assert.equal(completed, 1);
    assert.equal(mod.lastRun.ok, false);
    assert.match(mod.lastRun.message, /already in progress/);
    await pane;
    assert.equal(sheet.names.size, 10, "only the pane's run wrote its columns");
    await mod.segmentFromRibbon({ completed: () => completed++ });
    assert.equal(mod.lastRun.ok, true, "the next ribbon run goes ahead");
  });
});
