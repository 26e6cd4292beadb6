import { strict as assert } from "node:assert";
import { resolveSettings, segment, type Cell } from "../../src/engine/index.js";
import { AUTO, formToSettings, NONE, renderPreview, renderSettingsForm, segmentValues } from "../../src/taskpane/settings-form.js";

/** What FormData would give for the rendered form: inputs' values and selects' selected options (disabled fields left out). */
function formValues(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input ([^>]*)\/>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (!name || /\bdisabled\b/.test(attrs)) continue;
    out[name] = unescape(/value="([^"]*)"/.exec(attrs)?.[1] ?? "");
  }
  for (const m of html.matchAll(/<select [^>]*name="([^"]*)"[^>]*>(.*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(m[2]!) ?? /<option value="([^"]*)"/.exec(m[2]!);
    out[m[1]!] = unescape(selected![1]!);
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

const HEADERS: Cell[] = ["Klant", "Omzet (€)", "Brutomarge %", "Groeipotentie", "Betaaltermijn", "Regio <noord>"];

describe("taskpane/settings-form", () => {
  it("lists every column role with what the headers give, and the columns to choose from, escaped", () => {
    const html = renderSettingsForm(resolveSettings({}), HEADERS, "en");
    assert.match(html, /<label for="col-revenue">Revenue<\/label><select id="col-revenue" name="col.revenue"><option value="__auto" selected>Automatic: Omzet \(€\)<\/option>/);
    assert.match(html, /<select id="col-profit" name="col.profit"><option value="__auto" selected>Automatic: not found<\/option>/);
    assert.match(html, /<option value="Regio &lt;noord&gt;">Regio &lt;noord&gt;<\/option>/);
    assert.ok(!html.includes("<noord>"));
  });

  it("has a weight and a direction per criterion, marking criteria without a column", () => {
    const html = renderSettingsForm(resolveSettings({}), HEADERS, "nl");
    assert.match(html, /<label for="w-0">Omzet<\/label>/);
    assert.match(html, /<label for="w-3">Innovatie <span class="muted">\(kolom ontbreekt\)<\/span><\/label>/);
    assert.match(html, /name="d.2" [^>]*><option value="higher">Hoger is beter<\/option><option value="lower" selected>Lager is beter<\/option>/);
  });

  it("edits the order-list horizon and RFM rules: change, remove and add a rule", () => {
    const settings = resolveSettings({ orderList: { horizonMonths: 18, rfmRules: [{ segment: "Vast <A>", r: [4, 5], fm: [3, 5] }, { segment: "Slapers", r: [1, 2], fm: [1, 5] }] } });
    const html = renderSettingsForm(settings, HEADERS, "nl");
    assert.match(html, /<input id="ol-horizon" name="ol.horizon" type="number" min="1" max="120" step="1" value="18" \/>/);
    assert.match(html, /name="ol.rule.0.name" type="text" value="Vast &lt;A&gt;"/);
    const values = formValues(html);
    assert.deepEqual(resolveSettings(formToSettings(values, settings)).orderList, settings.orderList, "reads back what it shows; the empty row adds nothing");
    // Rename the first, drop the second (name cleared), add one in the empty last row.
    const edited = { ...values, "ol.horizon": "6", "ol.rule.0.name": "Vaste klanten", "ol.rule.0.r0": "3", "ol.rule.1.name": "", "ol.rule.2.name": "Rest", "ol.rule.2.fm1": "4" };
    assert.deepEqual(resolveSettings(formToSettings(edited, settings)).orderList, {
      horizonMonths: 6,
      growthThreshold: 0,
      calibrationEnd: null,
      aliveAt: null,
      monthlyClv: false,
      model: "auto",
      rfmRules: [{ segment: "Vaste klanten", r: [3, 5], fm: [3, 5] }, { segment: "Rest", r: [1, 5], fm: [1, 4] }],
    });
    // The model for the forecasts fixed, and the holdout split set: both read back.
    const fixed = resolveSettings(formToSettings({ ...values, "ol.model": "mbgnbd", "ol.cal": "2024-06-30" }, settings)).orderList;
    assert.deepEqual([fixed.model, fixed.calibrationEnd], ["mbgnbd", "2024-06-30"]);
    // A range the wrong way round is explained, not saved.
    assert.throws(() => resolveSettings(formToSettings({ ...values, "ol.rule.0.r0": "5", "ol.rule.0.r1": "2" }, settings)), /rfmRules\[0\]\.r must be \[from, to\]/);
  });

  it("reads back exactly the settings it shows", () => {
    const settings = resolveSettings({
      language: "nl",
      columns: { revenue: "Omzet (€)", segment: null },
      pareto: { aCutoff: 0.7, bCutoff: 0.9 },
      bcg: { x: "margin", xThreshold: { method: "fixed", value: 0.255 }, yThreshold: { method: "mean" } },
      score: { criteria: [{ criterion: "revenue", weight: 2.5 }, { criterion: "paymentDays", weight: 1, lowerIsBetter: true }, { criterion: "Regio <noord>", weight: 0 }], tierCutoffs: { a: 70, b: 45, c: 20 } },
    });
    const back = formToSettings(formValues(renderSettingsForm(settings, HEADERS, "nl")), settings);
    assert.deepEqual(resolveSettings(back), settings);
  });

  it("turns the user's edits into settings: a weight, a direction, a column, a fixed threshold in percent, cut-offs", () => {
    const base = resolveSettings({});
    const values = { ...formValues(renderSettingsForm(base, HEADERS, "en")), "w.0": "4", "d.1": "lower", "col.growth": NONE, "col.revenue": "Omzet (€)", "bcg.xMethod": "fixed", "bcg.xValue": "22,5", "pareto.a": "75", "tier.c": "30" };
    const s = resolveSettings(formToSettings(values, base));
    assert.equal(s.score.criteria[0]!.weight, 4);
    assert.equal(s.score.criteria[1]!.lowerIsBetter, true);
    assert.equal(s.columns.growth, null);
    assert.equal(s.columns.revenue, "Omzet (€)");
    assert.deepEqual(s.bcg.xThreshold, { method: "fixed", value: 0.225 });
    assert.equal(s.pareto.aCutoff, 0.75);
    assert.equal(s.score.tierCutoffs.c, 30);
    assert.equal(formToSettings({ ...values, "col.revenue": AUTO }, base).columns.revenue, undefined);
  });

  it("previews the tiers live, and says what is wrong with invalid settings instead of failing", () => {
    const rows: Cell[][] = [["Klant", "Omzet", "Betaaltermijn"], ["a", 100, 10], ["b", 50, 60], ["c", 10, 30], ["d", 5, 90]];
    const base = resolveSettings({});
    const p = renderPreview(rows, 4, base);
    assert.equal(p.ok, true);
    const tiers = segment(rows, base).summary.score.tiers;
    for (const t of tiers) assert.match(p.html, new RegExp(`<li><b>${t.key}</b> ${t.count} · \\d+%</li>`));
    const onlyPayment = formToSettings({ "w.0": "0" }, base);
    const q = renderPreview(rows, 4, onlyPayment);
    assert.notEqual(q.html, p.html, "the preview follows the weights");
    assert.match(renderPreview(rows, 1000, base).html, /of the first 4 of 1000 customers/);
    const bad = renderPreview(rows, 4, formToSettings({ "tier.a": "20", "tier.b": "50" }, base));
    assert.equal(bad.ok, false);
    assert.match(bad.html, /role="alert">Invalid settings/);
    const missing = renderPreview(rows, 4, formToSettings({ "col.revenue": "Omzet 2025" }, base));
    assert.match(missing.html, /no such column/);
  });
});

describe("taskpane/settings-form: insights", () => {
  const rows: Cell[][] = [["Klant", "Omzet", "Branche"], ["a", 100, "Zorg"], ["b", 50, "Bouw"], ["c", 10, "zorg"]];

  it("lists the segments for their potentials and reads back the insight settings it shows", () => {
    const settings = resolveSettings({
      insights: {
        topN: 5,
        topBy: "score",
        dependencyShare: 0.1,
        potentials: { Zorg: 40 },
        segmentWeights: { margin: 2, cost: 0 },
        funnel: { target: 100_000, orderValue: 2_500, callToAppointment: 0.2, appointmentToQuote: 0.5, quoteToOrder: 0.4 },
      },
    });
    const segs = segmentValues(rows, settings);
    assert.deepEqual(segs, ["Bouw", "Zorg"]);
    const html = renderSettingsForm(settings, rows[0]!, "en", segs);
    assert.match(html, /<label for="ins-pot-1">Zorg<\/label><input type="hidden" name="ins.potName.1" value="Zorg" \/><input id="ins-pot-1" name="ins.pot.1" type="number" min="1" step="1" value="40" \/>/);
    const back = resolveSettings(formToSettings(formValues(html), settings));
    assert.deepEqual(back.insights, settings.insights);
  });

  it("turns the funnel on when a target and an order value are filled in, and off when both are cleared", () => {
    const base = resolveSettings({});
    const values = { ...formValues(renderSettingsForm(base, rows[0]!, "nl", ["Bouw", "Zorg"])), "ins.f.target": "50000", "ins.f.orderValue": "1000", "ins.pot.0": "200" };
    const on = resolveSettings(formToSettings(values, base));
    assert.deepEqual(on.insights.funnel, { target: 50_000, orderValue: 1000, callToAppointment: 0.2, appointmentToQuote: 0.5, quoteToOrder: 0.4, addressToCall: 1 });
    assert.deepEqual(on.insights.potentials, { Bouw: 200 });
    const off = resolveSettings(formToSettings({ ...values, "ins.f.target": "", "ins.f.orderValue": "" }, on));
    assert.equal(off.insights.funnel, null);
  });
});
