/** The ribbon's Segment command against the strict fake workbook, with stand-ins for Office and Excel. */
import { strict as assert } from "node:assert";
import { EXCEL_ENUMS, FakeContext, FakeSheet } from "../excel/fake-excel.js";
import { SETTINGS_KEY, saveSettings } from "../../src/excel/settings-store.js";

describe("commands: Segment on the ribbon", () => {
  let ctx: FakeContext;
  let mod: typeof import("../../src/commands/commands.js");
  const associated: string[] = [];
  const g = globalThis as Record<string, unknown>;
  before(async () => {
    g.Office = { onReady: (cb: () => void) => (cb(), Promise.resolve()), actions: { associate: (name: string) => associated.push(name) } };
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
    await mod.segmentFromRibbon({ completed: () => completed++ });
    assert.equal(completed, 1);
    assert.equal(mod.lastRun.ok, true);
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
    ctx = null as never; // Excel.run itself failing
    await mod.segmentFromRibbon({ completed: () => completed++ });
    assert.equal(completed, 2);
    assert.match(mod.lastRun.message, /Unexpected error/);
  });
});
