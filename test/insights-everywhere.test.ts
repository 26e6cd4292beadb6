/** Issue 6: the same insight figures from the pane, the Segmentation sheet, the command line and the functions. */
import { strict as assert } from "node:assert";
import { insights, report, segment, type Cell } from "../src/engine/index.js";
import { renderInsights } from "../src/taskpane/render.js";
import { insightsText } from "../src/cli/output.js";
import { addressesNeeded, clvOf } from "../src/functions/core.js";

describe("insights: the same numbers in the pane, on the sheet, in the command line and from the functions", () => {
  const rows: Cell[][] = [
    ["Klant", "Omzet", "Winst", "Branche", "Retentie"],
    ...Array.from({ length: 20 }, (_, k) => [`K${k}`, 1000 * (20 - k), (k % 2 ? 50 : 150) * (20 - k), k % 2 ? "Bouw" : "Zorg", k % 4 === 0 ? "90%" : 0.7] as Cell[]),
  ];
  const settings = {
    insights: { topN: 4, potentials: { Zorg: 50, Bouw: 60 }, funnel: { target: 80_000, orderValue: 4_000, callToAppointment: 0.25, appointmentToQuote: 0.5, quoteToOrder: 0.5 } },
    clv: { discount: 0.1 },
  };
  const r = segment(rows, settings);
  const ins = insights(rows, r);
  const pane = renderInsights(ins, "en");
  const sheet = report(r, { table: rows }).blocks.flatMap((b) => b.cells.flat());
  const cli = insightsText(ins, "en").join("\n");

  it("segment indexes", () => {
    for (const s of ins.segments!.segments) {
      const index = Math.round(s.index!);
      assert.ok(pane.includes(`<td>${index}</td></tr>`), `pane: ${s.segment} ${index}`);
      assert.ok(sheet.includes(index), `sheet: ${s.segment} ${index}`);
      assert.match(cli, new RegExp(`${s.segment}\\s+${s.customers}\\s+\\S+\\s+\\S+\\s+${index}`), `cli: ${s.segment}`);
    }
  });

  it("the funnel, and ADDRESSESNEEDED", () => {
    const f = ins.funnel!;
    assert.deepEqual([f.orders, f.quotes, f.appointments, f.calls, f.addresses], [20, 40, 80, 320, 320]);
    assert.equal(addressesNeeded(80_000, 4_000, [[0.25, 0.5, 0.5]]), f.addresses);
    assert.ok(pane.includes(`<th scope="row">Prospect addresses</th><td>${f.addresses}</td>`));
    assert.ok(sheet.includes(f.addresses));
    assert.match(cli, new RegExp(`${f.addresses} prospect addresses`));
  });

  it("the dependency sentence and the profile sentences", () => {
    const first = ins.dependency.sentences[0]!;
    assert.ok(pane.includes(first) && sheet.includes(first) && cli.includes(first));
    for (const f of ins.profile.findings.filter((x) => x.difference >= 0.1).slice(0, 5)) {
      assert.ok(pane.includes(f.sentence.replace(/&/g, "&amp;")) && sheet.includes(f.sentence) && cli.includes(f.sentence), f.sentence);
    }
  });

  it("lifetime value per customer equals CLV()", () => {
    r.rows.forEach((x, i) => {
      const retention = i % 4 === 0 ? 0.9 : 0.7;
      assert.ok(Math.abs(x.clv! - clvOf(x.profit, retention, 0.1)) < 1e-9, `row ${x.row}`);
    });
  });
});
