import { strict as assert } from "node:assert";
import { clvFromLifetime, clvFromRetention, ClvError } from "../../src/engine/insights/clv.js";
import { dependency } from "../../src/engine/insights/dependency.js";
import { fillAddresses, salesFunnel, FunnelError } from "../../src/engine/insights/funnel.js";
import { segment } from "../../src/engine/analysis/segment.js";
import { topProfile, type ProfileFinding } from "../../src/engine/insights/profile.js";
import { segmentRanking, SegmentRankingError } from "../../src/engine/insights/segments.js";
import { insights } from "../../src/engine/insights/insights.js";
import { report } from "../../src/engine/report/report.js";
import { resolveSettings, SettingsError } from "../../src/engine/reading/settings.js";

describe("engine/funnel: addresses needed for a revenue target", () => {
  it("works back from the target, rounding up at every step", () => {
    // 100,000 / 2,500 = 40 orders; / 0.4 = 100 quotes; / 0.5 = 200 appointments; / 0.2 = 1,000 calls.
    assert.deepEqual(salesFunnel(100_000, 2_500, { callToAppointment: 0.2, appointmentToQuote: 0.5, quoteToOrder: 0.4 }), { orders: 40, quotes: 100, appointments: 200, calls: 1000, addresses: 1000 });
    // 250,000 / 3,000 = 83.3 → 84 orders; / 0.3 = 280 quotes; / 0.6 = 466.7 → 467; / 0.15 = 3,113.3 → 3,114 calls;
    // reaching 70% of addresses: 4,448.6 → 4,449 addresses.
    assert.deepEqual(salesFunnel(250_000, 3_000, { callToAppointment: 0.15, appointmentToQuote: 0.6, quoteToOrder: 0.3, addressToCall: 0.7 }), { orders: 84, quotes: 280, appointments: 467, calls: 3114, addresses: 4449 });
    assert.deepEqual(salesFunnel(0, 100, { callToAppointment: 1, appointmentToQuote: 1, quoteToOrder: 1 }), { orders: 0, quotes: 0, appointments: 0, calls: 0, addresses: 0 });
  });

  it("does not round 100 / 0.2 (500.00000000000006 in floating point) up to 501", () => {
    assert.equal(salesFunnel(100, 1, { callToAppointment: 0.2, appointmentToQuote: 1, quoteToOrder: 1 }).calls, 500);
  });

  it("refuses rates outside (0, 100%] and a non-positive order value, saying which", () => {
    assert.throws(() => salesFunnel(1000, 0, { callToAppointment: 0.2, appointmentToQuote: 0.5, quoteToOrder: 0.4 }), (e: Error) => e instanceof FunnelError && /order value/.test(e.message));
    assert.throws(() => salesFunnel(1000, 10, { callToAppointment: 0, appointmentToQuote: 0.5, quoteToOrder: 0.4 }), /call to appointment must be a rate/);
    assert.throws(() => salesFunnel(1000, 10, { callToAppointment: 0.2, appointmentToQuote: 1.5, quoteToOrder: 0.4 }), /appointment to quote/);
    assert.throws(() => salesFunnel(-1, 10, { callToAppointment: 0.2, appointmentToQuote: 0.5, quoteToOrder: 0.4 }), /target/);
  });

  it("fills the addresses from the most attractive segment down", () => {
    assert.deepEqual(fillAddresses(1000, [{ segment: "Bouw", available: 600 }, { segment: "Zorg", available: 900 }, { segment: "ICT", available: 50 }]), {
      allocation: [{ segment: "Bouw", addresses: 600 }, { segment: "Zorg", addresses: 400 }, { segment: "ICT", addresses: 0 }],
      shortfall: 0,
    });
    assert.deepEqual(fillAddresses(1000, [{ segment: "Bouw", available: 300 }]), { allocation: [{ segment: "Bouw", addresses: 300 }], shortfall: 700 });
  });
});

describe("engine/clv: customer lifetime value", () => {
  it("from retention: margin × r / (1 + d − r)", () => {
    assert.ok(Math.abs(clvFromRetention(1000, 0.8, 0.1) - 2666.6666666666665) < 1e-9); // 800 / 0.3
    assert.equal(clvFromRetention(1000, 0, 0.1), 0);
    assert.ok(Math.abs(clvFromRetention(500, 0.9, 0) - 4500) < 1e-9); // 450 / 0.1
  });

  it("from an expected lifetime: the discounted margin of those years", () => {
    assert.equal(clvFromLifetime(1000, 5), 5000);
    // 1000/1.1 + 1000/1.21 + 1000/1.331 + 1000/1.4641 + 1000/1.61051 = 3790.7868
    assert.ok(Math.abs(clvFromLifetime(1000, 5, 0.1) - 3790.786769) < 1e-5);
  });

  it("refuses rates it cannot use", () => {
    assert.throws(() => clvFromRetention(1000, 1, 0.1), (e: Error) => e instanceof ClvError && /retention/.test(e.message));
    assert.throws(() => clvFromRetention(1000, 0.8, -0.1), /discount/);
    assert.throws(() => clvFromLifetime(1000, -2), /lifetime/);
  });
});

describe("engine/dependency: customers the business depends on", () => {
  const table = [
    ["Klant", "Omzet", "Winst"],
    ["Jansen", 50_000, 30_000],
    ["De Vries", 30_000, 6_000],
    ["Bakker", 15_000, 4_000],
    ["Smit", 5_000, -1_000],
  ];

  it("lists the customers whose loss would cost more than the chosen share of profit, largest first", () => {
    // Total profit 39,000: Jansen 76.9%, De Vries 15.4%, Bakker 10.3%, Smit loses money.
    const d = dependency(segment(table), { threshold: 0.12 });
    assert.equal(d.basis, "profit");
    assert.deepEqual(d.critical.map((c) => [c.customer, Math.round(c.share * 1000)]), [["Jansen", 769], ["De Vries", 154]]);
    assert.ok(Math.abs(d.criticalShare - 36_000 / 39_000) < 1e-12);
    assert.equal(d.sentences[0], "2 customers each bring 12% or more of your profit; together 92%. Losing one of them would hurt.");
    assert.equal(d.sentences[1], "They are: Jansen (77%), De Vries (15%).", "every one of them by name");
    assert.match(d.sentences[2]!, /^Largest customer 50% of revenue, top 5 100%/);
  });

  it("uses revenue when there is no profit, and says so in Dutch", () => {
    const d = dependency(segment(table.map((r) => r.slice(0, 2)), { language: "nl" }), { threshold: 0.6 });
    assert.equal(d.basis, "revenue");
    assert.deepEqual(d.critical, []);
    assert.equal(d.sentences[0], "Geen enkele klant brengt 60% of meer van je omzet.");
  });
});

describe("engine/profile: what the top customers have in common", () => {
  // 12 customers; the 3 largest: two in Groothandel, one in Bouw, with 50, 40 and 30 employees.
  const rows = [
    ["Klant", "Omzet", "Branche", "Medewerkers", "Contactpersoon"],
    ["A", 900, "Groothandel", 50, "Piet"],
    ["B", 800, "groothandel ", 40, "Jan"],
    ["C", 700, "Bouw", 30, "Kees"],
    ...Array.from({ length: 9 }, (_, k) => [`R${k}`, 100 + k, k === 0 ? "Groothandel" : k < 5 ? "Bouw" : "Zorg", 5 + k, `Naam ${k}`]),
  ];

  it("compares the top with the rest, column by column, most different first", () => {
    const p = topProfile(rows, segment(rows), { n: 3 });
    assert.deepEqual(p.top.map((t) => t.customer), ["A", "B", "C"]);
    assert.equal(p.rest, 9);
    assert.deepEqual(p.findings.map((f) => f.column), ["Medewerkers", "Branche"], "names and contacts say nothing about a group; revenue is the ranking itself");
    const [staff, branche] = p.findings as [ProfileFinding, ProfileFinding];
    // Top median 40 against 9 (5..13): beyond every customer of the rest.
    assert.deepEqual([staff.topMedian, staff.restMedian, staff.difference], [40, 9, 1]);
    assert.equal(staff.sentence, "Your top 3 have a median Medewerkers of 40, against 9 for the rest.");
    // Groothandel: 2 of 3 in the top (case and spaces ignored), 1 of 9 in the rest.
    assert.equal(branche.value, "Groothandel");
    assert.equal(branche.topCount, 2);
    assert.ok(Math.abs(branche.restShare! - 1 / 9) < 1e-12);
    assert.ok(Math.abs(branche.lift! - 6) < 1e-12);
    assert.ok(Math.abs(branche.difference - (2 / 3 - 1 / 9)) < 1e-12);
    assert.equal(branche.sentence, "2 of your top 3 have Branche Groothandel, against 11% of the rest.");
  });

  it("ranks by score when asked, and in Dutch", () => {
    const p = topProfile(rows, segment(rows, { language: "nl", score: { criteria: [{ criterion: "Medewerkers", weight: 1 }] } }), { by: "score", n: 3 });
    assert.deepEqual(p.top.map((t) => t.customer), ["A", "B", "C"]);
    assert.ok(p.findings.some((f) => f.column === "Omzet"), "by score, revenue is a column like the others");
    assert.match(p.findings.find((f) => f.column === "Branche")!.sentence, /^2 van je top 3 hebben Branche Groothandel, tegen 11% van de rest\.$/);
  });

  it("says nothing when there is no rest to compare with", () => {
    assert.deepEqual(topProfile(rows.slice(0, 4), segment(rows.slice(0, 4)), { n: 10 }).findings, []);
  });
});

describe("engine/segments: a first ranking of interesting segments", () => {
  const rows = [
    ["Klant", "Omzet", "Winst", "Branche", "Verkoopkosten", "Uren"],
    ["A", 1000, 100, "Bouw", 50, 10],
    ["B", 1000, 100, "Bouw", 50, 10],
    ["C", 1000, 300, "Zorg", 20, 4],
    ["D", 2000, 600, "zorg", 40, 6],
    ["E", 5000, 500, "ICT", 100, 20],
  ];
  const close = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

  it("groups a segment's spellings however the rows run: repeated, alternating, blank, a number", () => {
    const mixed = [
      ["Klant", "Omzet", "Winst", "Branche"],
      ["A", 100, 10, "Bouw"],
      ["B", 200, 20, "Bouw"],
      ["C", 300, 30, " bouw"],
      ["D", 400, 40, "Zorg"],
      ["E", 500, 50, "BOUW "],
      ["F", 600, 60, ""],
      ["G", 700, 70, 7],
      ["H", 800, 80, "7"],
      ["I", 900, 90, "zorg"],
      ["J", 1000, 100, ""],
    ];
    const s = segmentRanking(mixed, segment(mixed));
    const by = new Map(s.segments.map((x) => [x.segment, x]));
    assert.deepEqual([...by.keys()].sort(), ["(no segment)", "7", "Bouw", "Zorg"].sort(), "shown as first written; blanks together");
    assert.deepEqual(["Bouw", "Zorg", "7", "(no segment)"].map((k) => by.get(k)?.customers), [4, 2, 2, 2]);
    close(by.get("Bouw")!.revenueShare, 1100 / 5500);
    close(by.get("(no segment)")!.revenueShare, 1600 / 5500);
    close(s.overall.margin, 0.1);
  });

  it("computes every figure per segment against the average and ranks by the attractiveness index", () => {
    const s = segmentRanking(rows, segment(rows), { potentials: { Bouw: 20, Zorg: 10 } });
    assert.equal(s.column, "Branche");
    assert.deepEqual(s.segments.map((x) => [x.rank, x.segment, x.customers]), [[1, "Zorg", 2], [2, "Bouw", 2], [3, "ICT", 1]]);
    close(s.overall.margin, 0.16); // 1,600 / 10,000
    close(s.overall.costPerCustomer, 52); // 260 / 5
    close(s.overall.effortPerCustomer, 10);
    close(s.overall.penetration, 4 / 30);
    const [zorg, bouw, ict] = s.segments as [NonNullable<(typeof s.segments)[0]>, NonNullable<(typeof s.segments)[0]>, NonNullable<(typeof s.segments)[0]>];
    close(zorg.revenueShare, 0.3);
    close(zorg.profitShare, 900 / 1600);
    close(zorg.margin, 0.3);
    close(zorg.marginIndex, 0.3 / 0.16);
    close(zorg.costIndex, 52 / 30);
    close(zorg.effortIndex, 2);
    close(zorg.penetration, 0.2);
    close(zorg.penetrationIndex, 1.5);
    close(zorg.index, (100 * (0.3 / 0.16 + 52 / 30 + 2 + 1.5)) / 4);
    close(bouw.index, (100 * (0.625 + 1.04 + 1 + 0.75)) / 4);
    // ICT has no potential given: its index leaves penetration out.
    assert.equal(ict.penetration, null);
    close(ict.index, (100 * (0.625 + 0.52 + 0.5)) / 3);
  });

  it("takes the user's weights: only margin counts", () => {
    const s = segmentRanking(rows, segment(rows), { weights: { cost: 0, effort: 0, penetration: 0 } });
    // Bouw and ICT both have a 10% margin (index 62.5): the larger revenue share (ICT, 50%) ranks first.
    assert.deepEqual(s.segments.map((x) => x.segment), ["Zorg", "ICT", "Bouw"]);
    close(s.segments[0]!.index, 187.5);
    close(s.segments[1]!.index, 62.5);
    close(s.segments[2]!.index, 62.5);
  });

  it("says which column is missing or unknown", () => {
    const noSegment = rows.map((r) => [r[0], r[1]]);
    assert.throws(() => segmentRanking(noSegment, segment(noSegment)), (e: Error) => e instanceof SegmentRankingError && /no segment column/.test(e.message));
    assert.throws(() => segmentRanking(rows, segment(rows), { column: "Regio" }), /there is no column "Regio"/);
    assert.throws(() => segmentRanking(rows, segment(rows), { potentials: { Bouw: 0 } }), /potential for "bouw" must be above 0/);
  });
});

describe("engine/insights: everything the settings ask for, for every writer", () => {
  const rows = [
    ["Klant", "Omzet", "Winst", "Branche"],
    ...Array.from({ length: 30 }, (_, k) => [`K${k}`, 1000 * (30 - k), 100 * (30 - k) * (k % 3 === 0 ? 2 : 1), k % 3 === 0 ? "Zorg" : k % 3 === 1 ? "Bouw" : "ICT"]),
  ];
  const settings = {
    insights: {
      topN: 5,
      potentials: { Zorg: 40, Bouw: 100 },
      funnel: { target: 60_000, orderValue: 2_000, callToAppointment: 0.25, appointmentToQuote: 0.5, quoteToOrder: 0.5 },
    },
  };

  it("plans the funnel and fills it from the best segments with a potential, up to what is left there", () => {
    const ins = insights(rows, segment(rows, settings));
    // 30 orders, 60 quotes, 120 appointments, 480 calls = 480 addresses.
    assert.deepEqual([ins.funnel!.orders, ins.funnel!.quotes, ins.funnel!.appointments, ins.funnel!.calls, ins.funnel!.addresses], [30, 60, 120, 480, 480]);
    assert.equal(ins.segments!.segments[0]!.segment, "Zorg", "double profit: the best margin");
    // Zorg: 40 potential − 10 customers = 30; Bouw: 100 − 10 = 90; ICT has no potential.
    assert.deepEqual(ins.funnel!.allocation, [{ segment: "Zorg", addresses: 30 }, { segment: "Bouw", addresses: 90 }]);
    assert.equal(ins.funnel!.shortfall, 360);
    assert.deepEqual(ins.profile.top.map((t) => t.customer), ["K0", "K1", "K2", "K3", "K4"]);
  });

  it("puts the insights on the Segmentation sheet when the table is given", () => {
    const r = segment(rows, settings);
    const text = report(r, { table: rows }).blocks.flatMap((b) => b.cells.flat()).filter((v) => typeof v === "string");
    assert.ok(text.includes("Sales funnel: what the revenue target takes"));
    assert.ok(text.includes("Prospect addresses"));
    assert.ok(text.some((t) => /^Segment ranking \(Branche\)/.test(t as string)));
    assert.ok(text.some((t) => /of your profit/.test(t as string)));
    assert.ok(!report(r).blocks.flatMap((b) => b.cells.flat()).includes("Prospect addresses"), "without the table, no insights");
  });

  it("validates the insight settings", () => {
    assert.deepEqual(resolveSettings({}).insights.funnel, null);
    assert.equal(resolveSettings(settings).insights.funnel!.addressToCall, 1);
    assert.throws(() => resolveSettings({ insights: { topN: 0 } }), (e: Error) => e instanceof SettingsError && /insights.topN/.test(e.message));
    assert.throws(() => resolveSettings({ insights: { potentials: { Zorg: -1 } } }), /insights.potentials\["Zorg"\]/);
    assert.throws(() => resolveSettings({ insights: { funnel: { target: 1000, orderValue: 100, callToAppointment: 2, appointmentToQuote: 0.5, quoteToOrder: 0.5 } } }), /insights.funnel.callToAppointment/);
  });
});

describe("engine: lifetime value per customer and as a score criterion", () => {
  const rows = [
    ["Klant", "Omzet", "Winst", "Retentie"],
    ["A", 1000, 100, "80%"],
    ["B", 1000, 300, 0.5],
    ["C", 1000, 200, ""],
  ];

  it("computes CLV per customer from profit and the retention column, else the settings' rate", () => {
    const r = segment(rows, { clv: { retention: 0.6, discount: 0.1 } });
    // A: 100 × 0.8 / 0.3; B: 300 × 0.5 / 0.6; C (no rate in the column): 200 × 0.6 / 0.5.
    const clv = r.rows.map((x) => x.clv!);
    assert.ok(Math.abs(clv[0]! - 266.6666666666667) < 1e-9);
    assert.ok(Math.abs(clv[1]! - 250) < 1e-9);
    assert.ok(Math.abs(clv[2]! - 240) < 1e-9);
  });

  it("scores on CLV once it has a weight, and leaves it out silently at weight 0", () => {
    const r = segment(rows, { score: { criteria: [{ criterion: "clv", weight: 1 }] } });
    // Ranks by CLV: A 266.7 > B 250 > C (no rate, no settings rate: no CLV, no score).
    assert.deepEqual(r.rows.map((x) => x.score), [100, 0, null]);
    assert.ok(!segment(rows).summary.notes.some((n) => /clv|lifetime value/i.test(n)), "weight 0: not reported missing");
    const noClv = segment(rows.map((x) => x.slice(0, 2)), { score: { criteria: [{ criterion: "revenue", weight: 1 }, { criterion: "clv", weight: 1 }] } });
    assert.ok(noClv.summary.notes.some((n) => /lifetime value/.test(n)), "asked for but not computable: reported");
  });
});
