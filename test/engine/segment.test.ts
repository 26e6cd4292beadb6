import { strict as assert } from "node:assert";
import { segment } from "../../src/engine/analysis/segment.js";
import { pyramidCutoffs } from "../../src/engine/analysis/score.js";
import { TableError } from "../../src/engine/reading/table.js";
import { SettingsError } from "../../src/engine/reading/settings.js";
import type { Cell } from "../../src/engine/reading/table.js";

const H = ["Klant", "Omzet", "Marge %", "Groeipotentie", "Betaaltermijn"];
const codes = (r: { messages: { code: string }[] }) => r.messages.map((m) => m.code);

describe("engine/segment: rows and messages", () => {
  const table: Cell[][] = [
    H,
    ["Jansen BV", "€ 120.000", "22%", 4, 30],
    ["De Vries", 30000, "35%", 2, 60],
    ["", 500, "10%", 1, 10],
    ["Bakker", "abc", "10%", 1, 10],
    ["Smit", "1.234,50", "n.v.t.", "", 45],
    ["jansen  bv", "(500)", "5%", 3, 90],
    ["", "", "", "", ""],
    ["Mulder", 15000, "-12%", 5, 20],
    ["Visser", "#N/A", "10%", 1, 10],
    ["Bos", "", "10%", 1, 10],
    ["Kok", true, "10%", 1, 10],
    ["Meijer", 0, "#DIV/0!", 2, 30],
  ];
  const r = segment(table, {}, { sheet: "Klanten", headerRow: 3, firstColumn: 1 });

  it("returns every input row, in sheet order, with sheet row numbers", () => {
    assert.equal(r.rows.length, table.length - 1);
    assert.deepEqual(r.rows.map((x) => x.row), [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    assert.deepEqual(r.rows.map((x) => x.customer), ["Jansen BV", "De Vries", "", "Bakker", "Smit", "jansen  bv", "", "Mulder", "Visser", "Bos", "Kok", "Meijer"]);
  });

  it("leaves out rows with problems, with empty results", () => {
    for (const i of [2, 3, 8, 9, 10]) {
      const row = r.rows[i]!;
      assert.equal(row.included, false, row.customer);
      assert.equal(row.rank, null);
      assert.equal(row.paretoClass, null);
      assert.equal(row.quadrant, null);
      assert.equal(row.score, null);
      assert.equal(row.tier, null);
      assert.ok(row.messages.some((m) => m.severity === "problem"), row.customer);
    }
    assert.deepEqual(codes(r.rows[2]!), ["blankCustomer"]);
    assert.deepEqual(codes(r.rows[3]!), ["unreadableRevenue"]);
    assert.deepEqual(codes(r.rows[8]!), ["errorRevenue"]);
    assert.deepEqual(codes(r.rows[9]!), ["missingRevenue"]);
    assert.deepEqual(codes(r.rows[10]!), ["booleanRevenue"]);
  });

  it("skips empty rows quietly and counts them", () => {
    assert.equal(r.rows[6]!.included, false);
    assert.deepEqual(r.rows[6]!.messages, []);
    assert.equal(r.summary.counts.empty, 1);
    assert.equal(r.summary.counts.leftOut, 5);
    assert.equal(r.summary.counts.included, 6);
  });

  it("names sheet, row and column in every message", () => {
    const m = r.rows[3]!.messages[0]!;
    assert.equal(m.sheet, "Klanten");
    assert.equal(m.row, 7);
    assert.equal(m.column, "Omzet");
    assert.equal(m.columnLetter, "C"); // the table starts in column B
    assert.equal(m.location, 'Sheet "Klanten", row 7, column C (Omzet)');
    assert.equal(m.text, 'Revenue "abc" is not a number; the row is left out.');
  });

  it("warns about duplicates on both rows and keeps them", () => {
    assert.ok(codes(r.rows[0]!).includes("duplicateCustomer"));
    assert.ok(codes(r.rows[5]!).includes("duplicateCustomer"));
    assert.match(r.rows[5]!.messages.find((m) => m.code === "duplicateCustomer")!.text, /row 4/);
    assert.equal(r.rows[5]!.included, true);
  });

  it("ranks zero and negative revenue last with cumulative 100% and warns", () => {
    const neg = r.rows[5]!;
    const zero = r.rows[11]!;
    assert.equal(neg.revenue, -500);
    assert.equal(neg.cumulativeShare, 1);
    assert.equal(zero.cumulativeShare, 1);
    assert.deepEqual([zero.rank, neg.rank], [5, 6]);
    assert.ok(codes(neg).includes("nonPositiveRevenue"));
    // listed in rank order: zero before negative
    assert.deepEqual(r.summary.pareto.nonPositive.map((x) => x.customer), ["Meijer", "jansen  bv"]);
  });

  it("keeps rows with unreadable optional values and says so", () => {
    const smit = r.rows[4]!;
    assert.equal(smit.included, true);
    assert.equal(smit.revenue, 1234.5);
    assert.equal(smit.margin, null);
    assert.equal(smit.quadrant, null);
    assert.deepEqual(codes(smit), ["unreadableValue", "missingCriterion", "noGrowth"]);
    assert.deepEqual(codes(r.rows[11]!).filter((c) => c === "errorValue"), ["errorValue"]);
  });

  it("uses the denominator of positive revenue", () => {
    const total = 120000 + 30000 + 1234.5 + 15000;
    assert.equal(r.summary.pareto.totalRevenue, total);
    assert.equal(r.rows[0]!.revenueShare, 120000 / total);
  });

  it("counts problems and warnings", () => {
    const all = r.rows.flatMap((x) => x.messages);
    assert.equal(r.summary.counts.problems, all.filter((m) => m.severity === "problem").length);
    assert.equal(r.summary.counts.warnings, all.filter((m) => m.severity === "warning").length);
    assert.equal(r.summary.counts.problems, 5);
  });
});

describe("engine/segment: the analyses together", () => {
  // Ten customers with hand-checkable numbers.
  const rows: Cell[][] = [
    ["Customer", "Revenue", "Profit", "Growth", "Payment days", "Innovation"],
    ["A", 400, 40, 5, 30, 3],
    ["B", 250, 75, 1, 14, 2],
    ["C", 150, -15, 4, 60, 5],
    ["D", 100, 30, 2, 30, 1],
    ["E", 50, 10, 3, 45, 4],
    ["F", 30, 6, 5, 20, 3],
    ["G", 10, -5, 1, 90, 1],
    ["H", 5, 1, 2, 30, 2],
    ["I", 3, 1, 3, 15, 4],
    ["J", 2, 0.5, 1, 10, 5],
  ];
  const r = segment(rows);
  const by = (name: string) => r.rows.find((x) => x.customer === name)!;

  it("writes the 80/20 sentence", () => {
    // cumulative: 400/1000=.4, .65, .8 → A,B,C are A (C starts at 65%)
    assert.deepEqual(r.rows.map((x) => x.paretoClass), ["A", "A", "A", "B", "B", "C", "C", "C", "C", "C"]);
    assert.equal(r.summary.pareto.aCount, 3);
    assert.equal(r.summary.pareto.sentence, "30% of your customers (3 of 10) bring 80% of your revenue.");
  });

  it("ranks profit separately from revenue and finds the whale peak", () => {
    assert.equal(by("B").rank, 2);
    assert.equal(by("B").profitRank, 1);
    assert.equal(by("C").rank, 3);
    assert.equal(by("C").profitRank, 10);
    // total profit 143.5; top 8 (all profitable) earn 163.5
    assert.equal(r.summary.profit!.total, 143.5);
    assert.deepEqual(r.summary.profit!.peak, { count: 8, customerShare: 0.8, profitShare: 163.5 / 143.5 });
    assert.deepEqual(r.summary.profit!.destroyers.map((d) => d.customer), ["C", "G"]);
    assert.equal(r.summary.profit!.sentences[0], "Your 8 profitable customers earn 114% of your profit; the 2 that lose money cost you 14% (20).");
    assert.equal(r.summary.profit!.sentences[1], "2 customers lose money: together 20 of profit.");
    assert.match(r.summary.profit!.sentences[2]!, /^Losing money, largest loss first: C \(-\d+\), G \(-\d+\)\.$/);
  });

  it("places customers in BCG quadrants around the medians", () => {
    // margins: A .1, B .3, C -.1, D .3, E .2, F .2, G -.5, H .2, I .333, J .25 → median .2
    // growth median 2.5
    assert.equal(r.summary.bcg!.xThreshold, 0.2);
    assert.equal(r.summary.bcg!.yThreshold, 2.5);
    assert.equal(by("A").quadrant, "Question Mark");
    assert.equal(by("B").quadrant, "Cash Cow");
    assert.equal(by("E").quadrant, "Star");
    assert.equal(by("G").quadrant, "Dog");
    const total = r.summary.bcg!.quadrants.reduce((s, q) => s + q.count, 0);
    assert.equal(total, 10);
  });

  it("scores by PERCENTRANK.INC with payment days reversed", () => {
    // Criteria present: revenue, margin (from profit), payment days (lower better), innovation, growth.
    assert.deepEqual(r.summary.score.criteria.map((c) => c.criterion), ["revenue", "margin", "paymentDays", "innovation", "growth"]);
    // Customer J: revenue rank lowest → 0; margin .25: below it G,C,A,E,F,H (6) → 6/9;
    // payment 10 lowest → 1 - 0 = 1; innovation 5: below 8 → 8/9; growth 1: 0.
    const expected = (100 * (0 + 6 / 9 + 1 + 8 / 9 + 0)) / 5;
    assert.ok(Math.abs(by("J").score! - expected) < 1e-9, `${by("J").score} vs ${expected}`);
    // With fixed cut-offs (75/50/25) J's 51.1 is a B.
    const fixed = segment(rows, { score: { tiers: "fixed" } });
    assert.equal(fixed.rows.find((x) => x.customer === "J")!.tier, "B");
    assert.equal(fixed.summary.score.tierMethod, "fixed");
  });

  it("gives tiers by the customer pyramid by default: A the top 10% by score, B the next 20%, C the next 30%, D the rest", () => {
    assert.equal(r.summary.score.tierMethod, "pyramid");
    const scored = r.rows.filter((x) => x.score !== null);
    assert.equal(scored.length, 10);
    // 1, 2, 3 and 4 customers, where no two share a score at a border (equal scores share a tier).
    const counts = r.summary.score.tiers.map((t) => t.count);
    assert.equal(counts[0], 1);
    assert.ok(counts[0]! + counts[1]! >= 3 && counts[0]! + counts[1]! + counts[2]! >= 6 && counts.reduce((a, b) => a + b) === 10, String(counts));
    // The tiers follow the scores' order.
    const order = [...scored].sort((x, y) => y.score! - x.score!);
    const rankOf = (t: string | null) => "ABCD".indexOf(t!);
    for (let i = 1; i < order.length; i++) assert.ok(rankOf(order[i]!.tier) >= rankOf(order[i - 1]!.tier));
    assert.deepEqual(pyramidCutoffs(Float64Array.from([90, 80, 70, 60, 50, 40, 30, 20, 10, 0]), { a: 0.1, b: 0.2, c: 0.3 }), { a: 90, b: 70, c: 40 });
    assert.deepEqual(pyramidCutoffs(Float64Array.from([90, 80, 80, 60, NaN]), { a: 0.1, b: 0.2, c: 0.3 }), { a: 90, b: 80, c: 80 }, "the tie at 80 shares B; NaN is no score");
    // Cut-offs given without a method mean fixed cut-offs.
    assert.equal(segment(rows, { score: { tierCutoffs: { a: 70 } } }).summary.score.tierMethod, "fixed");
    // Each tier says what it means for your time, in English and Dutch.
    assert.match(r.summary.score.tiers[0]!.action, /most of your time and attention/);
    assert.match(segment(rows, { language: "nl" }).summary.score.tiers[3]!.action, /Minste moeite/);
  });

  it("reports concentration", () => {
    const c = r.summary.concentration;
    assert.equal(c.top1, 0.4);
    assert.equal(c.top5, 0.95);
    assert.equal(c.largest!.customer, "A");
    assert.ok(c.warnings.some((w) => w.includes("A, brings 40%")));
    assert.ok(c.hhi > 0.15);
  });

  it("can use absolute profit on the BCG x axis and fixed thresholds", () => {
    const p = segment(rows, { bcg: { x: "profit", xThreshold: { method: "fixed", value: 30 }, yThreshold: { method: "mean" } } });
    assert.equal(p.summary.bcg!.xThreshold, 30);
    assert.equal(p.summary.bcg!.yThreshold, 2.7);
    assert.equal(p.rows.find((x) => x.customer === "D")!.quadrant, "Cash Cow"); // profit 30 is at the threshold: high
    assert.equal(p.rows.find((x) => x.customer === "E")!.quadrant, "Question Mark");
    assert.equal(p.rows.find((x) => x.customer === "A")!.quadrant, "Star");
  });

  it("accepts any numeric column as a criterion, by header", () => {
    const p = segment(rows, { score: { criteria: [{ criterion: "Innovation", weight: 1 }, { criterion: "Payment days", weight: 0 }] } });
    // innovation 5 is shared by C and J: 8 of 10 values below → 8/9
    assert.equal(p.rows.find((x) => x.customer === "C")!.score, (100 * 8) / 9);
    assert.equal(p.rows.find((x) => x.customer === "D")!.score, 0);
  });

  it("rejects an unknown criterion", () => {
    assert.throws(() => segment(rows, { score: { criteria: [{ criterion: "Loyalty", weight: 1 }] } }), (e: unknown) => e instanceof SettingsError && /unknown criterion "Loyalty"/.test((e as Error).message));
  });
});

describe("engine/segment: inputs", () => {
  it("derives profit from revenue × margin and reads margins in percentage points", () => {
    const r = segment([["Naam", "Omzet", "Marge"], ["X", 1000, 25], ["Y", 500, 10], ["Z", 200, 30]]);
    assert.equal(r.rows[0]!.margin, 0.25);
    assert.equal(r.rows[0]!.profit, 250);
    assert.ok(r.summary.notes.some((n) => n.includes("percentage points")));
  });

  it("reads a margin column of amounts as profit", () => {
    const r = segment([["Naam", "Omzet", "Brutomarge"], ["X", 100000, 25000], ["Y", 50000, 10000]]);
    assert.equal(r.rows[0]!.profit, 25000);
    assert.equal(r.rows[0]!.margin, 0.25);
    assert.ok(r.summary.columns.some((c) => c.role === "profit" && c.header === "Brutomarge"));
  });

  it("reads text numbers in Dutch and English notation by column", () => {
    const r = segment([
      ["Klant", "Omzet", "Revenue 2"],
      ["A", "1.234", "1,234"],
      ["B", "2.500,50", "2,500.50"],
      ["C", "€ 1.000", "1000"],
    ], { columns: { revenue: "Omzet" } });
    assert.deepEqual(r.rows.map((x) => x.revenue), [1234, 2500.5, 1000]);
    const e = segment([["Klant", "Sales"], ["A", "1,234"], ["B", "2,500.50"]]);
    assert.deepEqual(e.rows.map((x) => x.revenue), [1234, 2500.5]);
  });

  it("needs a header row, a customer and a revenue column, naming the sheet", () => {
    assert.throws(() => segment([], {}, { sheet: "Blad1" }), (e: unknown) => e instanceof TableError && /No header row on sheet "Blad1"/.test((e as Error).message));
    assert.throws(() => segment([["", ""], [1, 2]]), TableError);
    assert.throws(() => segment([["Klant", "Plaats"], ["A", "Utrecht"]], {}, { sheet: "Blad1" }), (e: unknown) => e instanceof TableError && /No revenue column on sheet "Blad1".*"Klant", "Plaats"/.test((e as Error).message));
    assert.throws(() => segment([["Plaats", "Omzet"], ["Utrecht", 5]]), /No customer column/);
  });

  it("finds duplicate names whatever the case and spacing", () => {
    const r = segment([["Klant", "Omzet"], ["Bakker\u2003 BV", 1], ["BAKKER BV", 2], ["Bäkker BV", 3], ["bäkker  bv", 4]]);
    assert.deepEqual(r.rows.map((x) => x.messages.filter((m) => m.code === "duplicateCustomer").length), [1, 1, 1, 1]);
    assert.match(r.rows[1]!.messages[0]!.text, /row 2/);
    assert.match(r.rows[3]!.messages[0]!.text, /row 4/);
  });

  it("handles a header-only table", () => {
    const r = segment([["Klant", "Omzet"]]);
    assert.equal(r.rows.length, 0);
    assert.equal(r.summary.pareto.customers, 0);
  });

  it("handles one customer", () => {
    const r = segment([["Klant", "Omzet", "Winst", "Groei"], ["Solo", 100, 10, 3]]);
    const row = r.rows[0]!;
    assert.deepEqual([row.rank, row.cumulativeShare, row.paretoClass, row.quadrant], [1, 1, "A", "Star"]);
    assert.equal(row.score, 100);
    assert.equal(r.summary.pareto.sentence, "100% of your customers (1 of 1) bring 100% of your revenue.");
  });

  it("handles all revenue zero", () => {
    const r = segment([["Klant", "Omzet"], ["A", 0], ["B", 0]]);
    assert.deepEqual(r.rows.map((x) => x.paretoClass), ["C", "C"]);
    assert.equal(r.summary.pareto.sentence, "No customer has positive revenue, so there is no 80/20 split.");
    assert.deepEqual(r.summary.concentration.warnings, []);
  });

  it("writes Dutch when asked", () => {
    const r = segment([["Klant", "Omzet", "Winst", "Groei"], ["A", 100, 10, 3], ["B", 50, 20, 1]], { language: "nl" });
    assert.match(r.summary.pareto.sentence, /van je klanten/);
    assert.deepEqual(r.summary.bcg!.quadrants.map((q) => q.label), ["Ster", "Melkkoe", "Vraagteken", "Hond"]);
    assert.equal(r.rows[0]!.quadrant, "Question Mark"); // values stay English names
  });

  it("leaves out a role the settings set to null", () => {
    const r = segment([["Klant", "Omzet", "Groei"], ["A", 100, 3]], { columns: { growth: null } });
    assert.equal(r.summary.bcg, null);
    assert.equal(r.rows[0]!.growth, null);
  });
});

describe("engine/messages: the texts of a message", () => {
  it("says where, in both languages, with or without sheet, column letter and header", async () => {
    const { describeLocation } = await import("../../src/engine/reading/table.js");
    assert.equal(describeLocation("en", "Klanten", 12, "C", "Omzet"), 'Sheet "Klanten", row 12, column C (Omzet)');
    assert.equal(describeLocation("nl", "Klanten", 12, "C", "Omzet"), 'Blad "Klanten", rij 12, kolom C (Omzet)');
    assert.equal(describeLocation("en", null, 3, null, null), "Row 3");
    assert.equal(describeLocation("nl", "", 3, "B", null), "Rij 3, kolom B");
    assert.equal(describeLocation("en", "S", 7, "AA", ""), 'Sheet "S", row 7, column AA');
  });

  it("fills a text's parameters, any number of times, and leaves an unknown one as written", async () => {
    const { say } = await import("../../src/engine/reading/text.js");
    assert.equal(say("en", "duplicateCustomer", { customer: "Jansen", other: 4 }), '"Jansen" also appears in row 4; both rows are kept as separate customers.');
    assert.equal(say("nl", "duplicateCustomer", { customer: "Jansen", other: 4 }), '"Jansen" staat ook in rij 4; beide rijen tellen als aparte klanten.');
    assert.equal(say("en", "duplicateCustomer", { customer: "{other}" }), '"{other}" also appears in row {other}; both rows are kept as separate customers.', "a value is not read as a parameter");
    assert.equal(say("en", "duplicateCustomer"), '"{customer}" also appears in row {other}; both rows are kept as separate customers.');
  });
});
