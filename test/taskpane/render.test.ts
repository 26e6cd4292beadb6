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
    assert.match(html, /Klasse/);
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
