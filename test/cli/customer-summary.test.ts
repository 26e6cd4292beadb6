/**
 * Beyond one machine (issue 18): the customer summary computed in SQL where the order lines live
 * (docs/sql/customer-summary.sql), run here in DuckDB on the bundled order list, equals the tool's own
 * aggregation customer by customer; and the tool given that summary instead of the lines fits the same
 * models and gives every customer the same P(alive), expected orders and lifetime value.
 */
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { parseCsv } from "../../src/cli/csv.js";
import { main } from "../../src/cli/main.js";
import { aggregateTransactions, formatDate } from "../../src/engine/index.js";
import { scratchDir } from "../scratch.js";

const SAMPLE = "assets/orderregels-groothandel.csv";

async function summaryRows(): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  await c.run(`CREATE VIEW order_lines AS
    SELECT try_strptime(Factuurdatum, '%d-%m-%Y')::DATE AS order_date, Factuurnummer AS invoice, Klant AS customer, Bedrag AS amount, Kostprijs AS cost
    FROM read_csv('${SAMPLE}', delim=';', decimal_separator=',', header=true, all_varchar=false, types={'Factuurdatum': 'VARCHAR'})`);
  const r = await c.runAndReadAll(readFileSync("docs/sql/customer-summary.sql", "utf8"));
  return r.getRowObjectsJS() as Record<string, unknown>[];
}

describe("cli: a customer summary from SQL instead of the order lines (DuckDB)", function () {
  this.timeout(120_000);
  let rows: Record<string, unknown>[];
  before(async () => (rows = await summaryRows()));

  it("computes in SQL exactly what the tool's own aggregation gives, customer by customer", () => {
    const agg = aggregateTransactions(parseCsv(readFileSync(SAMPLE, "utf8").replace(/^\uFEFF/, ""), ";"));
    assert.equal(rows.length, agg.customers.length);
    const byName = new Map(rows.map((r) => [String(r.customer).toLowerCase(), r]));
    const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
    for (const c of agg.customers) {
      const r = byName.get(c.customer.toLowerCase());
      assert.ok(r, c.customer);
      const x = c.days.length - 1;
      const repeat = c.dayRevenue.slice(1).reduce((t, v) => t + v, 0);
      assert.equal(Number(r.revenue), c.revenue, `${c.customer}: revenue`);
      assert.equal(r.profit === null ? null : Number(r.profit), c.profit, `${c.customer}: profit`);
      assert.equal(Number(r.orders), c.orders, `${c.customer}: orders`);
      assert.equal(day(r.first_purchase), formatDate(c.first), `${c.customer}: first purchase`);
      assert.equal(day(r.last_purchase), formatDate(c.last), `${c.customer}: last purchase`);
      assert.equal(Number(r.x), x, `${c.customer}: x`);
      assert.ok(Math.abs(Number(r.t_x) - (c.last - c.first) / 7) < 1e-4, `${c.customer}: t_x`);
      assert.ok(Math.abs(Number(r.T) - (agg.end - c.first) / 7) < 1e-4, `${c.customer}: T`);
      assert.ok(Math.abs(Number(r.repeat_revenue) - repeat) < 0.006, `${c.customer}: repeat revenue`);
    }
  });

  it("given the summary, fits the same models and gives each customer the same forecasts as from the lines", async () => {
    const dir = scratchDir("segment-summary-");
    const cols = ["customer", "revenue", "profit", "orders", "first_purchase", "last_purchase", "x", "t_x", "T", "repeat_revenue"];
    const cell = (v: unknown) => (v === null || v === undefined ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
    const csv = [cols.join(","), ...rows.map((r) => cols.map((k) => JSON.stringify(cell(r[k]))).join(","))].join("\n");
    const summary = join(dir, "summary.csv");
    writeFileSync(summary, csv);
    // The model fixed to BG/NBD: from the lines the holdout check could choose MBG/NBD, a summary has no lines to check on.
    const settings = join(dir, "settings.json");
    writeFileSync(settings, JSON.stringify({ orderList: { model: "bgnbd" } }));
    const run = async (file: string) => {
      let out = "";
      let err = "";
      const code = await main([file, "--format", "json", "--out", "-", "--quiet", "--settings", settings], { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } });
      assert.equal(code, 0, err);
      return JSON.parse(out) as { summary: { orderList: { bgnbd: Record<string, number>; gammaGamma: Record<string, number> } }; rows: { customer: string; pAlive: number; expectedPurchases: number; modelClv: number; rfm: { r: number; f: number; m: number } }[] };
    };
    const fromLines = await run(SAMPLE);
    const fromSummary = await run(summary);
    const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a)), `${what}: ${a} vs ${b}`);
    for (const k of ["r", "alpha", "a", "b"]) close(fromSummary.summary.orderList.bgnbd[k]!, fromLines.summary.orderList.bgnbd[k]!, `BG/NBD ${k}`);
    for (const k of ["p", "q", "gamma"]) close(fromSummary.summary.orderList.gammaGamma[k]!, fromLines.summary.orderList.gammaGamma[k]!, `Gamma-Gamma ${k}`);
    const lines = new Map(fromLines.rows.map((r) => [r.customer.toLowerCase(), r]));
    assert.equal(fromSummary.rows.length, fromLines.rows.length);
    for (const r of fromSummary.rows) {
      const l = lines.get(r.customer.toLowerCase())!;
      close(r.pAlive, l.pAlive, `${r.customer}: P(alive)`);
      close(r.expectedPurchases, l.expectedPurchases, `${r.customer}: expected purchases`);
      if (l.modelClv !== null) close(r.modelClv, l.modelClv, `${r.customer}: CLV`);
      assert.deepEqual(r.rfm, l.rfm, `${r.customer}: RFM`);
    }
  });
});
