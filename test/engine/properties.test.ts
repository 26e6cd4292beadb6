import { strict as assert } from "node:assert";
import fc from "fast-check";
import { parseNumber } from "../../src/engine/reading/numbers.js";
import { segment } from "../../src/engine/analysis/segment.js";
import type { Cell } from "../../src/engine/reading/table.js";

const HEADER = ["Customer", "Revenue", "Margin", "Growth", "Payment days"];

/** A customer row: revenue sometimes zero/negative/unreadable, optional values sometimes blank. */
const rowArb = fc.record({
  revenue: fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: 0.01, max: 1e7, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom<Cell>(0, -100, "", "#N/A", "abc") },
  ),
  margin: fc.oneof({ weight: 5, arbitrary: fc.double({ min: -0.5, max: 0.8, noNaN: true }) }, { weight: 1, arbitrary: fc.constant<Cell>("") }),
  growth: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constant<Cell>("") }),
  days: fc.integer({ min: 0, max: 120 }),
});

const tableOf = (rows: { revenue: Cell; margin: Cell; growth: Cell; days: number }[]): Cell[][] => [
  HEADER,
  ...rows.map((r, i) => [`Customer ${i + 1}`, r.revenue, r.margin, r.growth, r.days]),
];

/**
 * segment() on a generated table, or the case skipped when the revenue column is mostly text: the
 * engine then refuses the column on purpose (a column named like revenue that holds words is not
 * revenue), which these properties are not about.
 */
function segmentOrSkip(table: Cell[][], settings: Parameters<typeof segment>[1] = {}) {
  try {
    return segment(table, settings);
  } catch (e) {
    if (e instanceof Error && /named like revenue but holds text/.test(e.message)) {
      fc.pre(false);
    }
    throw e;
  }
}

describe("engine properties (fast-check)", () => {
  it("output row count equals input row count, in sheet order", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), (rows) => {
        const r = segmentOrSkip(tableOf(rows));
        assert.equal(r.rows.length, rows.length);
        r.rows.forEach((row, i) => assert.equal(row.row, i + 2));
      }),
    );
  });

  it("cumulative share is non-decreasing in rank order and ends at 100%", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 60 }), (rows) => {
        const r = segmentOrSkip(tableOf(rows));
        const ranked = r.rows.filter((x) => x.included).sort((a, b) => a.rank! - b.rank!);
        for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i]!.cumulativeShare! >= ranked[i - 1]!.cumulativeShare!);
        if (ranked.some((x) => x.revenue! > 0)) assert.equal(ranked[ranked.length - 1]!.cumulativeShare, 1);
        ranked.forEach((x, i) => assert.equal(x.rank, i + 1));
      }),
    );
  });

  it("A customers reach the A cut-off, and removing the last A would not", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 60 }), fc.double({ min: 0.05, max: 1, noNaN: true }), (rows, a) => {
        const r = segmentOrSkip(tableOf(rows), { pareto: { aCutoff: a, bCutoff: 1 } });
        const total = r.summary.pareto.totalRevenue;
        if (total <= 0) return;
        const aRows = r.rows.filter((x) => x.paretoClass === "A").sort((p, q) => p.rank! - q.rank!);
        const aRevenue = aRows.reduce((s, x) => s + x.revenue!, 0);
        assert.ok(aRevenue >= a * total * (1 - 1e-9), `${aRevenue} < ${a * total}`);
        const withoutLast = aRevenue - aRows[aRows.length - 1]!.revenue!;
        assert.ok(withoutLast < a * total * (1 + 1e-9));
        // A customers are exactly the top ranks
        aRows.forEach((x, i) => assert.equal(x.rank, i + 1));
      }),
    );
  });

  it("tiers follow scores", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 2, maxLength: 60 }), (rows) => {
        const r = segmentOrSkip(tableOf(rows));
        const order = { A: 3, B: 2, C: 1, D: 0 } as const;
        const scored = r.rows.filter((x) => x.score !== null);
        for (const x of scored) for (const y of scored) {
          if (x.score! > y.score!) assert.ok(order[x.tier!] >= order[y.tier!]);
        }
        for (const x of scored) assert.ok(x.score! >= 0 && x.score! <= 100);
      }),
    );
  });

  it("results do not depend on row order when revenues are distinct", () => {
    const distinct = fc
      .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 40 })
      .chain((revs) =>
        fc.tuple(
          fc.constant(revs),
          fc.array(fc.integer({ min: 1, max: 5 }), { minLength: revs.length, maxLength: revs.length }),
          fc.shuffledSubarray(revs.map((_, i) => i), { minLength: revs.length, maxLength: revs.length }),
        ),
      );
    fc.assert(
      fc.property(distinct, ([revs, growth, perm]) => {
        const rows: Cell[][] = revs.map((rev, i) => [`C${i}`, rev, ((i * 37) % 50) / 100, growth[i]!, (i * 13) % 90]);
        const a = segment([HEADER, ...rows]);
        const b = segment([HEADER, ...perm.map((i) => rows[i]!)]);
        // Revenues are distinct by construction; profits (revenue × margin) can still tie, and ties
        // keep sheet order, so the profit rank is compared only where the profit is unique.
        const profits = a.rows.map((x) => x.profit);
        const uniqueProfit = (p: number | null) => profits.filter((q) => q === p).length === 1;
        const key = (x: (typeof a.rows)[number]) =>
          JSON.stringify([x.rank, x.paretoClass, x.cumulativeShare, x.quadrant, x.score, x.tier, uniqueProfit(x.profit) ? x.profitRank : "tie"]);
        const byName = new Map(b.rows.map((x) => [x.customer, key(x)]));
        for (const x of a.rows) assert.equal(byName.get(x.customer), key(x));
      }),
    );
  });

  it("reads back any number written in either notation", () => {
    const fmt = (n: number, dec: string, grp: string) => {
      const [int, frac] = Math.abs(n).toFixed(2).split(".");
      return (n < 0 ? "-" : "") + int!.replace(/\B(?=(\d{3})+(?!\d))/g, grp) + dec + frac;
    };
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const n = whole + Math.sign(whole || 1) * cents / 100;
        const expected = Number(n.toFixed(2));
        const nl = parseNumber(fmt(n, ",", "."), "comma");
        const en = parseNumber(fmt(n, ".", ","), "dot");
        assert.ok(nl.ok && Math.abs(nl.value - expected) < 1e-6, `${fmt(n, ",", ".")} → ${JSON.stringify(nl)}`);
        assert.ok(en.ok && Math.abs(en.value - expected) < 1e-6, `${fmt(n, ".", ",")} → ${JSON.stringify(en)}`);
      }),
    );
  });
});

describe("engine/stats properties (fast-check)", () => {
  it("median by quickselect equals the median of the sorted values", async () => {
    const { median } = await import("../../src/engine/analysis/stats.js");
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 200 }), (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        const mid = s.length >> 1;
        const expected = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
        // === (not Object.is, which strict assert.equal uses): -0 and 0 are the same median.
        const got = median(xs);
        assert.ok(got === expected, `median ${got} ≠ ${expected}`);
      }),
    );
  });
});

describe("README example", () => {
  it("gives what the README says", () => {
    const result = segment(
      [
        ["Klant", "Omzet", "Marge %", "Groeipotentie"],
        ["Jansen BV", "€ 120.000", "22%", 4],
        ["De Vries", 30000, "35%", 2],
      ],
      { language: "nl", pareto: { aCutoff: 0.8 } },
      { sheet: "Klanten", headerRow: 1 },
    );
    assert.equal(result.summary.pareto.sentence, "50% van je klanten (1 van 2) brengt 80% van je omzet.");
    assert.equal(result.rows[1]!.quadrant, "Cash Cow");
    assert.ok(result.columns.cumulativeShare instanceof Float64Array);
    assert.deepEqual([...result.columns.cumulativeShare], [0.8, 1]);
  });
});
