import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { parseCsv } from "../../src/cli/csv.js";
import { jsonChunks, jsonRowText, toJson } from "../../src/cli/output.js";
import { aggregateTransactions, detectCustomerSummary, formatDate, segment, segmentOrderList, summaryAggregation, type Aggregation, type Cell, type OrderListModels, type SegmentResult, type SettingsInput } from "../../src/engine/index.js";
import { rowAt } from "../../src/engine/analysis/segment.js";

describe("cli/output: the JSON rows written straight from the columns", () => {
  it("are exactly what JSON.stringify gives for the row objects: problems, blanks, ties, Dutch", () => {
    const sample = parseCsv(readFileSync("assets/klanten-groothandel.csv", "utf8").replace(/^\uFEFF/, ""), ";");
    const odd = [["Klant", "Omzet", "Marge", "Groei"], ["A \"quoted\" \\ name\u2028", "1.000", "0,2", "3"], ["", "500", "", ""], ["C", "#N/A", "0,1", "2"], ["D", "-0", "0", "1"], ["E", "1e400", "x", "y"]];
    for (const [table, settings] of [[sample, {}], [sample, { language: "nl" as const }], [odd, {}]] as const) {
      const r = segment(table as string[][], settings);
      const rows = (toJson(r) as { rows: unknown[] }).rows;
      rows.forEach((row, i) => assert.equal(jsonRowText(r, i), JSON.stringify(row), `row ${i + 2}`));
    }
  });
});

/**
 * The order list's JSON row as it was first written: the parts spread together (the specification of
 * the one-shape object jsonRow now builds; the two must give the same text).
 */
function specRow(r: SegmentResult, i: number, models: OrderListModels, agg: Aggregation): unknown {
  const x = rowAt(r.columns, i);
  const o = models.customers[i];
  const held = models.validation?.models.find((v) => v.model === models.validation!.chosen)?.perCustomer[i];
  const c = agg.customers[i]!;
  const week = (d: number) => Math.round((d / 7) * 10_000) / 10_000;
  const aggregation = { revenue: c.revenue, orders: c.orders, firstPurchase: formatDate(c.first), lastPurchase: formatDate(c.last), x: c.history?.x ?? c.days.length - 1, tx: c.history ? Math.round(c.history.tx * 10_000) / 10_000 : week(c.last - c.first), T: c.history ? Math.round(c.history.T * 10_000) / 10_000 : week(agg.end - c.first) };
  return {
    ...(o ? { rfm: { r: o.rfm.r, f: o.rfm.f, m: o.rfm.m, cell: o.rfm.cell, segment: o.rfm.segment }, pAlive: o.pAlive, ...(o.pAliveAt !== undefined ? { pAliveAt: o.pAliveAt } : {}), expectedPurchases: o.expectedPurchases, expectedSpend: o.expectedSpend, modelClv: o.clv, cashFlow: o.cashFlow } : {}),
    ...(held ? { holdout: { predicted: held.predicted, actual: held.actual } } : {}),
    ...aggregation,
    row: x.row,
    customer: x.customer,
    rank: x.rank,
    revenueShare: x.revenueShare,
    cumulativeShare: x.cumulativeShare,
    paretoClass: x.paretoClass,
    profitRank: x.profitRank,
    cumulativeProfitShare: x.cumulativeProfitShare,
    quadrant: x.quadrant,
    score: x.score,
    tier: x.tier,
    clv: x.clv,
    problems: x.messages.map((m) => ({ severity: m.severity, column: m.column, text: m.text })),
  };
}

describe("cli/output: an order list's JSON rows", () => {
  it("are the text of the parts spread together: with and without P(alive) on a date, a holdout, a customer summary", () => {
    const lines = parseCsv(readFileSync("assets/orderregels-groothandel.csv", "utf8").replace(/^\uFEFF/, ""), ";");
    const agg = aggregateTransactions(lines);
    // The list's customers as a customer summary (x, t_x, T; no lines): the models' other input.
    const summary: Cell[][] = [["customer", "revenue", "x", "t_x", "T"], ...agg.customers.map((c) => [c.customer, c.revenue, c.days.length - 1, (c.last - c.first) / 7, (agg.end - c.first) / 7])];
    const cases: [Aggregation, SettingsInput][] = [
      [agg, {}],
      [agg, { orderList: { aliveAt: "2026-06-30", monthlyClv: true }, language: "nl" }],
      [agg, { orderList: { calibrationEnd: null, model: "paretonbd" } }],
      [summaryAggregation(summary, detectCustomerSummary(summary)!), {}],
    ];
    let held = 0;
    for (const [aggregation, settings] of cases) {
      const { result, models } = segmentOrderList(aggregation, settings, "Klanten");
      const text = [...jsonChunks(result, { aggregation, models: models! })].map((p) => (typeof p === "string" ? p : Buffer.from(p).toString("utf8"))).join("");
      const rows = (JSON.parse(text) as { rows: unknown[] }).rows;
      const written = text.slice(text.indexOf('"rows": [') + 9).split(/,?\n    /).slice(1).map((t) => t.replace(/\n  \]\n\}\n$/, ""));
      assert.equal(written.length, rows.length);
      written.forEach((t, i) => assert.equal(t, JSON.stringify(specRow(result, i, models!, aggregation)), `row ${i + 2}`));
      if (text.includes('"holdout"')) held++;
      assert.equal(text.includes('"pAliveAt"'), Boolean(settings.orderList?.aliveAt));
    }
    assert.ok(held > 0, "some case has the holdout figures");
  });
});
