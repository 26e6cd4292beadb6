/**
 * BG/NBD and Gamma-Gamma on the CDNOW sample the papers used (test/fixtures/CDNOW_sample.txt, 2,357
 * customers, 39-week calibration period 1997-01-01 to 1997-09-30, time in weeks, purchases on the
 * same day counted as one transaction).
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { expectedPurchases, fitBgNbd, fitGammaGamma, probabilityAlive, type RepeatHistory } from "../../src/engine/orders/bgnbd.js";
import { lgamma, nelderMead } from "../../src/engine/orders/optimize.js";

function cdnow(): { histories: RepeatHistory[]; spend: { x: number; m: number }[] } {
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) / 86_400_000;
  const end = day("19970930");
  const byCustomer = new Map<string, Map<number, number>>(); // customer → day → dollars that day
  for (const line of readFileSync("test/fixtures/CDNOW_sample.txt", "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const d = day(f[2]!);
    const days = byCustomer.get(f[0]!) ?? new Map<number, number>();
    days.set(d, (days.get(d) ?? 0) + Number(f[4]));
    byCustomer.set(f[0]!, days);
  }
  const histories: RepeatHistory[] = [];
  const spend: { x: number; m: number }[] = [];
  for (const days of byCustomer.values()) {
    const sorted = [...days.keys()].sort((a, b) => a - b);
    const first = sorted[0]!;
    const inCal = sorted.filter((d) => d <= end);
    const x = inCal.length - 1;
    histories.push({ x, tx: (inCal[inCal.length - 1]! - first) / 7, T: (end - first) / 7 });
    if (x > 0) spend.push({ x, m: inCal.slice(1).reduce((t, d) => t + days.get(d)!, 0) / x });
  }
  return { histories, spend };
}

describe("engine/optimize", () => {
  it("lgamma matches known values", () => {
    assert.ok(Math.abs(lgamma(5) - Math.log(24)) < 1e-13);
    assert.ok(Math.abs(lgamma(0.5) - 0.5 * Math.log(Math.PI)) < 1e-13);
    assert.ok(Math.abs(lgamma(100) - 359.13420536957540) < 1e-9);
  });
  it("Nelder-Mead finds the minimum of the Rosenbrock function", () => {
    const m = nelderMead(([x, y]) => 100 * (y! - x! ** 2) ** 2 + (1 - x!) ** 2, [-1.2, 1]);
    assert.ok(Math.abs(m.x[0]! - 1) < 1e-4 && Math.abs(m.x[1]! - 1) < 1e-4, JSON.stringify(m));
  });
});

describe("engine/bgnbd: the CDNOW estimates of the papers", function () {
  this.timeout(60_000);
  const data = cdnow();

  it("reads 2,357 customers", () => {
    assert.equal(data.histories.length, 2357);
    assert.equal(data.spend.length, 946, "946 customers made repeat purchases in the calibration period");
  });

  it("fits BG/NBD: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4 (Fader, Hardie and Lee 2005)", () => {
    const fit = fitBgNbd(data.histories);
    assert.equal(fit.r.toFixed(3), "0.243");
    assert.equal(fit.alpha.toFixed(3), "4.414");
    assert.equal(fit.a.toFixed(3), "0.793");
    assert.equal(fit.b.toFixed(3), "2.426");
    assert.equal(fit.logLikelihood.toFixed(1), "-9582.4");
    // The paper's worked example: x = 2, t_x = 30.43, T = 38.86: 1.226 expected purchases in the next 39 weeks.
    assert.equal(expectedPurchases(fit, 39, { x: 2, tx: 30.43, T: 38.86 }).toFixed(3), "1.226");
    const alive = probabilityAlive(fit, { x: 2, tx: 30.43, T: 38.86 });
    assert.ok(alive > 0 && alive < 1);
    assert.equal(probabilityAlive(fit, { x: 0, tx: 0, T: 38 }), 1);
  });

  it("fits Gamma-Gamma on the repeat buyers: p = 6.25, q = 3.74, γ = 15.44 (Fader, Hardie and Lee, RFM and CLV)", () => {
    const g = fitGammaGamma(data.spend);
    assert.equal(g.p.toFixed(2), "6.25");
    assert.equal(g.q.toFixed(2), "3.74");
    assert.equal(g.gamma.toFixed(2), "15.44");
  });
});

/** The CDNOW purchases of the 39-week calibration period as an order list (date, customer, amount). */
function cdnowOrderLines(): (string | number)[][] {
  const rows: (string | number)[][] = [["Date", "Customer", "Amount"]];
  for (const line of readFileSync("test/fixtures/CDNOW_sample.txt", "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 5 && f[2]! <= "19970930") rows.push([f[2]!, f[0]!, Number(f[4])]);
  }
  return rows;
}

describe("engine/orderlist: RFM and the models on an order list", function () {
  this.timeout(60_000);
  it("fits BG/NBD on the CDNOW lines read as an order list (weeks, now = the list's last date)", async () => {
    const { aggregateTransactions } = await import("../../src/engine/orders/transactions.js");
    const { orderListModels } = await import("../../src/engine/orders/orderlist.js");
    const rows = cdnowOrderLines();
    const a = aggregateTransactions(rows);
    assert.equal(a.customers.length, 2357);
    const m = orderListModels(a);
    // "Now" here is the last purchase in the calibration period (1997-09-30 happens to be one), so the fit
    // equals the paper's.
    assert.equal(m.bgnbd!.r.toFixed(3), "0.243");
    assert.equal(m.customers.length, 2357);
    assert.ok(m.customers.every((c) => c.pAlive === null || (c.pAlive >= 0 && c.pAlive <= 1)));
    assert.ok(m.segments.reduce((t, s) => t + s.customers, 0) === 2357);
  });
});

describe("engine/orderlist: CLV over a horizon, discounted", function () {
  // The paper's parameters and its worked example's customer (x = 2, t_x = 30.43, T = 38.86 weeks).
  const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: 0 };
  const h = { x: 2, tx: 30.43, T: 38.86 };

  it("without discount is the purchases expected over the horizon × spend × margin", async () => {
    const { horizonClv, WEEKS_PER_MONTH } = await import("../../src/engine/orders/orderlist.js");
    const { expectedPurchases } = await import("../../src/engine/orders/bgnbd.js");
    const e12 = expectedPurchases(bg, 12 * WEEKS_PER_MONTH, h);
    assert.ok(Math.abs(horizonClv(bg, h, 50, 0.3, 12, 0) - e12 * 50 * 0.3) < 1e-9);
  });

  it("discounts each month's expected purchases to the end of that month", async () => {
    const { horizonClv, WEEKS_PER_MONTH } = await import("../../src/engine/orders/orderlist.js");
    const { expectedPurchases } = await import("../../src/engine/orders/bgnbd.js");
    const e1 = expectedPurchases(bg, WEEKS_PER_MONTH, h);
    const e2 = expectedPurchases(bg, 2 * WEEKS_PER_MONTH, h);
    // Two months at 10% a year: month 1 over 1.1^(1/12), month 2 over 1.1^(2/12).
    const hand = (e1 * 100) / 1.1 ** (1 / 12) + ((e2 - e1) * 100) / 1.1 ** (2 / 12);
    assert.ok(Math.abs(horizonClv(bg, h, 100, 1, 2, 0.1) - hand) < 1e-9);
    assert.ok(horizonClv(bg, h, 100, 1, 24, 0.2) < horizonClv(bg, h, 100, 1, 24, 0.05), "a higher rate gives less");
    assert.ok(horizonClv(bg, h, 100, 1, 24, 0.1) > horizonClv(bg, h, 100, 1, 12, 0.1), "a longer horizon gives more");
  });

  it("per customer: profit-based with a cost column, the settings' horizon and RFM rules", async () => {
    const { aggregateTransactions } = await import("../../src/engine/orders/transactions.js");
    const { orderListModels, orderListColumns } = await import("../../src/engine/orders/orderlist.js");
    const rows: (string | number)[][] = [["Date", "Invoice", "Customer", "Amount", "Cost"]];
    const names = ["A", "B", "C", "D", "E", "F"];
    // Six customers with 1..6 order days each, spends varying, all costs 60% of the amount.
    names.forEach((name, k) => {
      for (let j = 0; j <= k; j++) {
        const amount = 100 + 37 * ((k * 7 + j * 3) % 5);
        rows.push([`2024-${String(1 + ((j * 2 + k) % 12)).padStart(2, "0")}-${String(1 + ((k * 5 + j) % 27)).padStart(2, "0")}`, `F${k}-${j}`, name, amount, amount * 0.6]);
      }
    });
    rows.push(["2024-12-31", "F-end", "A", 10, 6]);
    const a = aggregateTransactions(rows);
    const rules = [{ segment: "Recent", r: [4, 5] as [number, number], fm: [1, 5] as [number, number] }];
    const m = orderListModels(a, { horizonMonths: 6, discount: 0, rules });
    assert.equal(m.clvBasis, "profit");
    assert.equal(m.horizonMonths, 6);
    assert.ok(m.customers.every((c) => c.rfm.segment === "Recent" || c.rfm.segment === "Other"));
    assert.ok(m.customers.some((c) => c.rfm.segment === "Other"), "customers no rule matches are Other");
    if (m.bgnbd && m.gammaGamma && m.gammaGamma.q > 1) {
      for (const c of m.customers) {
        const agg = a.customers.find((x) => x.customer === c.customer)!;
        // discount 0: CLV = expected purchases × expected spend × margin (0.4 here).
        assert.ok(Math.abs(c.clv! - c.expectedPurchases! * c.expectedSpend! * (agg.profit! / agg.revenue)) < 1e-6 * Math.max(1, c.clv!));
      }
    } else assert.ok(m.notes.length > 0, "no fit is explained");
    const cols = orderListColumns(m, "nl");
    assert.deepEqual(cols.map((c) => c.header).slice(3), ["RFM-cel", "RFM-segment", "P(actief)", "Verwachte orders (6 mnd)", "Verwachte orderwaarde", "CLV 6 mnd (winst, verdisconteerd)"]);
    assert.ok(cols.every((c) => c.values.length === a.customers.length));
  });

  it("on the CDNOW lines: revenue-based, a value for every customer, the segments adding up", async () => {
    const { aggregateTransactions } = await import("../../src/engine/orders/transactions.js");
    const { orderListModels } = await import("../../src/engine/orders/orderlist.js");
    const rows = cdnowOrderLines();
    const m = orderListModels(aggregateTransactions(rows), { horizonMonths: 12, discount: 0.1 });
    assert.equal(m.clvBasis, "revenue");
    assert.ok(m.customers.every((c) => c.clv !== null && c.clv > 0));
    const total = m.customers.reduce((t, c) => t + c.clv!, 0);
    const bySegment = m.segments.reduce((t, s) => t + (s.clv ?? 0), 0);
    assert.ok(Math.abs(total - bySegment) < 1e-6 * total);
    // A customer who bought often and recently is worth more than one who bought once long ago.
    const best = m.customers.reduce((x, y) => (y.clv! > x.clv! ? y : x));
    assert.ok(best.rfm.r >= 4 && best.rfm.f >= 4, `best CLV ${best.customer} ${best.rfm.cell}`);
  });
});
