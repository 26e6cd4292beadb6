import { strict as assert } from "node:assert";
import fc from "fast-check";
import { aggregateTransactions, detectTransactions, formatDate, parseDate } from "../../src/engine/orders/transactions.js";
import { segment } from "../../src/engine/analysis/segment.js";
import type { Cell } from "../../src/engine/reading/table.js";

describe("engine/transactions: from order lines to customers", () => {
  const lines: Cell[][] = [
    ["Factuurdatum", "Factuurnummer", "Klant", "Bedrag", "Kostprijs"],
    ["2024-01-10", "F1", "Jansen BV", 1000, 600],
    ["2024-01-10", "F1", "Jansen BV", 500, 300], // a second line of the same invoice
    ["15-3-2024", "F2", "jansen bv", "1.250,00", 700],
    ["2024-06-01", "F3", "Jansen BV", -250, -150], // credit note
    [45500, "F4", "De Vries", 800, 500], // Excel serial date 2024-07-27
    ["2024-12-31", "F5", "De Vries", 200, 120],
    ["2024-05-05", "F6", "", 300, 100],
    ["gisteren", "F7", "Bakker", 100, 50],
  ];

  it("recognises an order list: date, customer, amount and repeated customers", () => {
    assert.deepEqual(detectTransactions(lines), { customer: 2, date: 0, amount: 3, cost: 4, order: 1, quantity: null, unitPrice: null });
    assert.equal(detectTransactions([["Klant", "Omzet", "Klant sinds"], ["A", 10, "2020-01-01"], ["B", 5, "2021-01-01"]]), null, "a customer table, not an order list");
  });

  it("is not fooled by a customer table with a date column and a duplicate row", () => {
    const table: Cell[][] = [["Klant", "Omzet", "Datum laatste order"]];
    for (let i = 0; i < 40; i++) table.push([`Klant ${i}`, 100 + i, "2024-03-01"]);
    table.push(["Klant 3", 103, "2024-03-01"]);
    assert.equal(detectTransactions(table), null, "one repeat in 41 rows is a duplicate, not an order list");
    table.push(["Klant 4", 104, "2024-03-01"], ["Klant 5", 105, "2024-03-01"]);
    assert.ok(detectTransactions(table), "three repeats in 43 rows (7%) make it an order list");
  });

  it("decides order list or customer table as the whole-table rule says, however early it stops looking", () => {
    // The rule: half the lines name a customer, and at least two lines (and 5% of those that name one)
    // repeat a customer, names compared trimmed and in lowercase. The detection stops reading as soon
    // as the answer is certain; random tables near the bar check it gives the whole table's answer.
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 120 }), fc.integer({ min: 1, max: 400 }), fc.constantFrom(0, 0.1, 0.45, 0.5, 0.55, 0.7), fc.integer(), (n, pool, blanks, seed) => {
        let x = seed >>> 0 || 1;
        const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
        const table: Cell[][] = [["Datum", "Klant", "Bedrag"]];
        for (let i = 0; i < n; i++) {
          const k = Math.floor(rand() * pool);
          const name = rand() < blanks ? (rand() < 0.5 ? "" : "  ") : rand() < 0.2 ? ` KLANT ${k} ` : `Klant ${k}`;
          table.push(["2024-03-01", name, 10 + i]);
        }
        const names = table.slice(1).map((r) => String(r[1]).trim().toLowerCase()).filter(Boolean);
        const repeats = names.length - new Set(names).size;
        const expected = names.length * 2 >= n && names.length > 0 && repeats >= Math.max(2, 0.05 * names.length);
        assert.equal(detectTransactions(table) !== null, expected, JSON.stringify({ n, lines: names.length, repeats }));
      }),
      { numRuns: 400 },
    );
  });

  it("adds growth (last 12 months against the 12 before) for a list of about two years; new customers have none", async () => {
    const { noteNewCustomers, orderListSettings } = await import("../../src/engine/orders/orderlist.js");
    const { resolveSettings } = await import("../../src/engine/reading/settings.js");
    const two: Cell[][] = [
      ["Datum", "Klant", "Bedrag", "Kostprijs"],
      ["2023-01-05", "Groei BV", 100, 60],
      ["2023-06-01", "Groei BV", 100, 60],
      ["2024-06-01", "Groei BV", 300, 200], // 200 before, 300 in the last 12 months: +50%
      ["2023-03-01", "Krimp BV", 400, 300],
      ["2024-03-01", "Krimp BV", 100, 80], // -75%
      ["2024-11-01", "Nieuw BV", 50, 20],
      ["2024-12-31", "Nieuw BV", 70, 30],
    ];
    const a = aggregateTransactions(two);
    assert.deepEqual(a.table[0], ["Customer", "Revenue", "Profit", "Orders", "First order", "Last order", "Lifetime (days)", "Revenue per year", "Growth (12 months)"]);
    assert.deepEqual(a.kinds, ["customer", "revenue", "profit", "orders", "first", "last", "lifetime", "perYear", "growth"]);
    assert.deepEqual(a.customers.map((c) => [c.customer, c.growth]), [["Groei BV", 0.5], ["Krimp BV", -0.75], ["Nieuw BV", null]]);
    assert.equal(aggregateTransactions(lines).table[0]!.length, 8, "a list of one year has no growth column");
    // The BCG splits growing from shrinking customers (threshold 0), and the new customer gets one note, not row warnings.
    const r = segment(a.table, orderListSettings({}, resolveSettings({})));
    assert.equal(r.summary.bcg!.yThreshold, 0);
    assert.ok(r.columns.messages[2]!.some((m) => m.code === "noGrowth"));
    noteNewCustomers(r, a);
    assert.deepEqual(r.columns.messages[2], []);
    assert.match(r.summary.notes.join(" "), /1 customers are new/);
  });

  it("reads dates as people and Excel write them", () => {
    assert.equal(formatDate(parseDate("2024-03-01")), "2024-03-01");
    assert.equal(formatDate(parseDate("1-3-2024")), "2024-03-01");
    assert.equal(formatDate(parseDate("01/03/2024")), "2024-03-01");
    assert.equal(formatDate(parseDate(45352)), "2024-03-01");
    assert.equal(formatDate(parseDate("19970101")), "1997-01-01");
    assert.ok(Number.isNaN(parseDate("31-02-2024")));
    assert.ok(Number.isNaN(parseDate("gisteren")));
  });

  it("adds up per customer: credit notes net out, orders count invoices, problems name their row", () => {
    const a = aggregateTransactions(lines, { language: "nl" });
    assert.equal(a.customers.length, 2);
    const jansen = a.customers.find((c) => c.customer === "Jansen BV")!;
    // 1000 + 500 + 1250 − 250 = 2500 revenue; cost 600 + 300 + 700 − 150 = 1450; profit 1050.
    assert.equal(jansen.revenue, 2500);
    assert.equal(jansen.profit, 1050);
    assert.equal(jansen.orders, 2, "F1 (two lines) and F2; the credit note is not an order");
    assert.equal(formatDate(jansen.first), "2024-01-10");
    assert.equal(formatDate(jansen.last), "2024-03-15", "the credit note of 2024-06-01 is no purchase: the last purchase stays");
    assert.equal(jansen.lifetimeDays, 65);
    assert.deepEqual(jansen.days.map(formatDate), ["2024-01-10", "2024-03-15"], "purchase days only");
    const vries = a.customers.find((c) => c.customer === "De Vries")!;
    assert.deepEqual([vries.revenue, vries.profit, vries.orders, formatDate(vries.first)], [1000, 380, 2, "2024-07-27"]);
    assert.deepEqual(a.problems, [
      { row: 8, text: "Geen klant; de regel telt niet mee." },
      { row: 9, text: 'Datum "gisteren" is onleesbaar; de regel telt niet mee.' },
    ]);
    assert.deepEqual(a.table[0], ["Klant", "Omzet", "Winst", "Aantal orders", "Eerste order", "Laatste order", "Levensduur (dagen)", "Omzet per jaar"]);
    // Every analysis runs on the customer table.
    const r = segment(a.table, { language: "nl" });
    // Jansen brings 71%, below the 80% line, so De Vries, who crosses it, is A too.
    assert.deepEqual(r.rows.map((x) => [x.customer, x.rank, x.paretoClass]), [["Jansen BV", 1, "A"], ["De Vries", 2, "A"]]);
    assert.equal(r.summary.counts.included, 2);
  });

  it("handles 500,000 order lines", function () {
    this.timeout(60_000);
    const big: Cell[][] = [["Date", "Customer", "Amount"]];
    for (let i = 0; i < 500_000; i++) big.push([45000 + (i % 700), `C${i % 20_000}`, 10 + (i % 97)]);
    const a = aggregateTransactions(big);
    assert.equal(a.customers.length, 20_000);
    assert.equal(a.customers.reduce((t, c) => t + c.orders, 0) <= 500_000, true);
    assert.equal(segment(a.table).summary.counts.included, 20_000);
  });
});
