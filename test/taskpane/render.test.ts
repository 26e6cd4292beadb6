import { strict as assert } from "node:assert";
import { segment } from "../../src/engine/index.js";
import { escapeHtml, renderSummary } from "../../src/taskpane/render.js";

describe("taskpane/render", () => {
  const table = [
    ["Klant", "Omzet", "Winst", "Groei"],
    ["<script>alert(1)</script>", 1000, 100, 4],
    ["De Vries & Zn", 500, -20, 2],
    ["", 300, 10, 1],
  ];

  it("escapes everything that comes from the workbook", () => {
    const r = segment(table, {}, { sheet: "Klanten" });
    const html = renderSummary(r.summary, r.columns.messages.flat());
    assert.doesNotMatch(html, /<script>/);
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("shows the 80/20 sentence, quadrants, tiers and the rows to check", () => {
    const r = segment(table, { language: "nl" }, { sheet: "Klanten" });
    const html = renderSummary(r.summary, r.columns.messages.flat());
    assert.match(html, /van je klanten/);
    assert.match(html, /Ster/);
    assert.match(html, /Scoreklasse/);
    assert.match(html, /<details class="next"><summary>Wat nu<\/summary><ul><li><b>Ster<\/b>: Koesteren/);
    assert.match(html, /<a href="#" data-sheet="Klanten" data-cell="A4">Blad &quot;Klanten&quot;, rij 4, kolom A \(Klant\)<\/a>: De klantnaam is leeg/);
  });

  it("caps a long list of messages", () => {
    const many = [["Klant", "Omzet"], ...Array.from({ length: 80 }, () => ["", 1])];
    const r = segment(many);
    const html = renderSummary(r.summary, r.columns.messages.flat(), 50);
    assert.equal((html.match(/<li /g) ?? []).length, 50);
    assert.match(html, /\+ 30 more/);
  });
});

describe("taskpane/render: the Insights view", () => {
  it("shows the profile, the segment ranking, the dependency and the funnel, escaped", async () => {
    const { insights, segment } = await import("../../src/engine/index.js");
    const { renderInsights } = await import("../../src/taskpane/render.js");
    const rows = [["Klant", "Omzet", "Winst", "Branche"], ...Array.from({ length: 24 }, (_, k) => [`K${k}`, 1000 * (24 - k), 100 * (24 - k), k % 2 ? "<Zorg>" : "Bouw"])];
    const r = segment(rows, { insights: { topN: 4, funnel: { target: 10_000, orderValue: 1_000, callToAppointment: 0.5, appointmentToQuote: 0.5, quoteToOrder: 0.5 } } });
    const html = renderInsights(insights(rows, r), "en");
    assert.match(html, /<h2>Insights<\/h2>/);
    assert.match(html, /<h3>Segment ranking \(Branche\)<\/h3>/);
    assert.match(html, /&lt;Zorg&gt;/);
    assert.ok(!html.includes("<Zorg>"));
    assert.match(html, /<h3>Dependency<\/h3>/);
    assert.match(html, /<th scope="row">Prospect addresses<\/th><td>80<\/td>/); // 10 orders, 20 quotes, 40 appointments, 80 calls
    assert.match(html, /Give the number of potential companies per segment/);
  });
});

describe("taskpane/render: an order list's outcome", () => {
  it("says what was made of the lines, links the lines left out to their cells, lists the RFM segments, all escaped", async () => {
    const { renderOrderList } = await import("../../src/taskpane/render.js");
    const { aggregateTransactions, orderListModels } = await import("../../src/engine/index.js");
    const lines: (string | number)[][] = [["Datum", "Klant", "Bedrag"]];
    for (let c = 0; c < 60; c++) for (let d = 0; d <= c % 6; d++) lines.push([45292 + ((c * 31 + d * 67) % 730), c === 0 ? "<b>Bold</b> BV" : `Klant ${c}`, 100 + c * 10]);
    const a = aggregateTransactions(lines);
    const m = orderListModels(a, { language: "nl" });
    const html = renderOrderList({ sourceSheet: "Orders <2024>", lines: a.lines, customers: a.customers.length, problems: [{ row: 9, text: "Datum \"x\" is onleesbaar", cell: "B9" }], models: m }, "Klanten", "nl");
    assert.match(html, /^<p class="headline">Orderlijst op blad “Orders &lt;2024&gt;”: \d+ regels, 60 klanten\.<\/p>/);
    assert.match(html, /<a href="#" data-sheet="Orders &lt;2024&gt;" data-cell="B9">rij 9<\/a>: Datum &quot;x&quot; is onleesbaar/);
    assert.match(html, /data-sheet="Klanten" data-cell="A1">Klanten<\/a>/);
    const rfm = html.slice(html.indexOf('<table class="figures rfm">'), html.indexOf("</table>", html.indexOf('<table class="figures rfm">')));
    assert.equal((rfm.match(/<tr><th scope="row">/g) ?? []).length, m.segments.length);
    // The holdout check: one row per model measured, the chosen one marked, the figures as the engine has them.
    const checked = m.validation!.models.filter((x) => x.holdout);
    assert.ok(checked.length >= 2);
    assert.match(html, /<h3>Toets op de laatste \d+ weken \(na \d{4}-\d{2}-\d{2}\)<\/h3><table class="figures holdout">/);
    const chosen = checked.find((x) => x.model === m.validation!.chosen)!;
    assert.match(html, new RegExp(`<tr class="chosen"><th scope="row">${chosen.model === "bgnbd" ? "BG/NBD" : chosen.model === "mbgnbd" ? "MBG/NBD" : "Pareto/NBD"} <small>\\(voorspelt\\)</small></th><td>${chosen.holdout!.mae.toFixed(2).replace(".", ",")}</td>`));
    assert.equal((html.match(/<tr class="chosen">/g) ?? []).length, 1);
    assert.ok(!html.includes("<b>"));
  });
});
