/** The settings store against office-addin-mock, wrapped strict (test/excel/strict-mock.ts). */
import { strict as assert } from "node:assert";
import { OfficeMockObject } from "office-addin-mock";
import { resolveSettings } from "../../src/engine/index.js";
import { loadSettings, saveSettings, SETTINGS_KEY } from "../../src/excel/settings-store.js";
import { strictMock } from "./strict-mock.js";

/** A context whose workbook.settings keeps values in `store`, each item an office-addin-mock object. */
function context(store: Map<string, string>) {
  return strictMock<Excel.RequestContext>({
    workbook: {
      settings: {
        getItemOrNullObject: (key: string) =>
          new OfficeMockObject({ isNullObject: !store.has(key), value: store.get(key) ?? "" }),
        add: (key: string, value: string) => void store.set(key, value),
      },
    },
  });
}

describe("excel/settings-store (office-addin-mock, strict)", () => {
  it("the strict mock fails a read before load and sync, like Excel", async () => {
    const ctx = context(new Map([[SETTINGS_KEY, "{}"]]));
    const item = ctx.workbook.settings.getItemOrNullObject(SETTINGS_KEY);
    assert.throws(() => item.value, /PropertyNotLoaded: .*value/);
    item.load("value");
    assert.throws(() => item.value, /PropertyNotLoaded: .*sync/);
    await ctx.sync();
    assert.equal(item.value, "{}");
  });

  it("loads nothing when the workbook has no settings yet", async () => {
    assert.deepEqual(await loadSettings(context(new Map())), {});
  });

  it("saves the resolved, validated settings as JSON and loads them back", async () => {
    const store = new Map<string, string>();
    const saved = await saveSettings(context(store), { language: "nl", pareto: { aCutoff: 0.7 } });
    assert.deepEqual(saved, resolveSettings({ language: "nl", pareto: { aCutoff: 0.7 } }));
    assert.deepEqual(JSON.parse(store.get(SETTINGS_KEY)!), saved);
    assert.deepEqual(await loadSettings(context(store)), saved);
  });

  it("refuses invalid settings and saves nothing", async () => {
    const store = new Map<string, string>();
    await assert.rejects(saveSettings(context(store), { pareto: { aCutoff: 1.5 } }), /Invalid settings/);
    assert.equal(store.size, 0);
  });

  it("ignores a damaged saved value instead of failing the run", async () => {
    assert.deepEqual(await loadSettings(context(new Map([[SETTINGS_KEY, "{not json"]]))), {});
  });
});
