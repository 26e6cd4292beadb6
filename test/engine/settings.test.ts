import { strict as assert } from "node:assert";
import { defaultSettings, resolveSettings, SettingsError, validateSettings } from "../../src/engine/reading/settings.js";

describe("engine/settings", () => {
  it("has valid, JSON-serialisable defaults", () => {
    const d = defaultSettings();
    assert.deepEqual(validateSettings(d), []);
    assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
    assert.equal(d.version, 1);
    assert.equal(d.pareto.aCutoff, 0.8);
    assert.equal(d.pareto.bCutoff, 0.95);
    assert.deepEqual(d.score.tierCutoffs, { a: 75, b: 50, c: 25 });
    assert.deepEqual(d.bcg.xThreshold, { method: "median" });
  });

  it("fills in defaults for a partial object", () => {
    const s = resolveSettings({ pareto: { aCutoff: 0.7 }, score: { tierCutoffs: { a: 80 } } });
    assert.deepEqual(s.pareto, { aCutoff: 0.7, bCutoff: 0.95 });
    assert.deepEqual(s.score.tierCutoffs, { a: 80, b: 50, c: 25 });
    assert.equal(s.score.criteria.length, 9, "the eight criteria of the articles and lifetime value (weight 0)");
  });

  it("does not share state between calls", () => {
    const a = resolveSettings({});
    a.score.criteria[0]!.weight = 9;
    assert.equal(resolveSettings({}).score.criteria[0]!.weight, 1);
  });

  const rejects = (input: unknown, pattern: RegExp) => {
    assert.throws(() => resolveSettings(input as never), (e: unknown) => e instanceof SettingsError && pattern.test(e.message));
  };

  it("rejects cut-offs out of order", () => {
    rejects({ pareto: { aCutoff: 0.9, bCutoff: 0.8 } }, /cut-offs out of order/);
    rejects({ score: { tierCutoffs: { a: 40, b: 50, c: 25 } } }, /tier cut-offs out of order/);
    rejects({ pareto: { aCutoff: 80 } }, /between 0.*and 1/);
  });

  it("rejects negative weights and all-zero weights", () => {
    rejects({ score: { criteria: [{ criterion: "revenue", weight: -1 }] } }, /negative weight/);
    rejects({ score: { criteria: [{ criterion: "revenue", weight: 0 }] } }, /at least one criterion needs a weight above 0/);
  });

  it("rejects unknown settings, roles and threshold methods", () => {
    rejects({ paretoo: {} }, /unknown setting "paretoo"/);
    rejects({ columns: { omzet: "Omzet" } }, /unknown role "omzet"/);
    rejects({ bcg: { xThreshold: { method: "mode" } } }, /"median", "mean" or "fixed"/);
    rejects({ bcg: { yThreshold: { method: "fixed" } } }, /value must be a number/);
    rejects({ version: 2 }, /version must be 1/);
    rejects({ language: "de" }, /language/);
    rejects("nonsense", /JSON object/);
  });

  it("takes an order-list horizon and RFM rules, and says what is wrong with them", () => {
    const s = resolveSettings({ orderList: { horizonMonths: 24 } });
    assert.equal(s.orderList.horizonMonths, 24);
    assert.equal(s.orderList.rfmRules[0]!.segment, "Champions", "the default rules stay when only the horizon is given");
    const own = resolveSettings({ orderList: { rfmRules: [{ segment: "Vaste klanten", r: [3, 5], fm: [3, 5] }] } });
    assert.deepEqual(own.orderList.rfmRules, [{ segment: "Vaste klanten", r: [3, 5], fm: [3, 5] }]);
    rejects({ orderList: { horizonMonths: 0 } }, /horizonMonths must be a whole number of months from 1 to 120; got 0/);
    rejects({ orderList: { growthThreshold: -2 } }, /growthThreshold must be a growth rate of −1 \(−100%\) or more/);
    assert.equal(resolveSettings({ orderList: { growthThreshold: 0.05 } }).orderList.growthThreshold, 0.05);
    rejects({ orderList: { rfmRules: [] } }, /rfmRules must be a list/);
    rejects({ orderList: { rfmRules: [{ segment: "X", r: [5, 4], fm: [1, 5] }] } }, /rfmRules\[0\]\.r must be \[from, to\].*got \[5,4\]/);
    rejects({ orderList: { rfmRules: [{ segment: "", r: [1, 5], fm: [1, 6] }] } }, /rfmRules\[0\]\.segment must be/);
    rejects({ orderList: { rfmRules: [{ segment: "X", r: [1, 5], fm: [1, 6] }] } }, /rfmRules\[0\]\.fm must be/);
    rejects({ orderList: { rfmRules: [{ segment: "X", r: [1, 5], fm: [1, 5], colour: "red" }] } }, /unknown setting "orderList.rfmRules\[0\].colour"/);
  });

  it("lists every problem at once", () => {
    try {
      resolveSettings({ pareto: { aCutoff: 2 }, score: { criteria: [{ criterion: "revenue", weight: -1 }] } });
      assert.fail("expected an error");
    } catch (e) {
      assert.ok(e instanceof SettingsError);
      // a cut-off above 1, a cut-off order, a negative weight, no positive weight
      assert.equal(e.problems.length, 4, e.problems.join("; "));
      assert.match(e.message, /pareto.aCutoff/);
      assert.match(e.message, /negative weight/);
    }
  });
});
