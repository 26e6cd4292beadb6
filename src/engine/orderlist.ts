/**
 * What an order list adds to the customer view: RFM per customer and, when the data allow a fit, the
 * BG/NBD and Gamma-Gamma models (time in weeks, "now" = the last date of the list): P(alive), expected
 * purchases in the next 52 weeks and expected spend per purchase.
 *
 * @example
 * const o = orderListModels(aggregateTransactions(lines));
 * o.customers[0] // { rfm: { cell: "545", segment: "Champions", ... }, pAlive: 0.93, expectedPurchases: 4.1, expectedSpend: 212 }
 */
import { expectedPurchases, expectedSpend, fitBgNbd, fitGammaGamma, ModelError, probabilityAlive, type BgNbd, type GammaGamma } from "./bgnbd.js";
import { rfm, type RfmScore } from "./rfm.js";
import type { Aggregation } from "./transactions.js";

export interface OrderListModels {
  customers: { customer: string; rfm: RfmScore; pAlive: number | null; expectedPurchases: number | null; expectedSpend: number | null }[];
  segments: { segment: string; customers: number }[];
  bgnbd: BgNbd | null;
  gammaGamma: GammaGamma | null;
}

export function orderListModels(a: Aggregation, horizonWeeks = 52): OrderListModels {
  const scores = rfm(a.customers.map((c) => ({ recencyDays: a.end - c.last, frequency: c.orders, monetary: c.revenue }))).scores;
  const histories = a.customers.map((c) => ({ x: c.days.length - 1, tx: (c.last - c.first) / 7, T: (a.end - c.first) / 7 }));
  const spend = a.customers.map((c, i) => {
    const x = histories[i]!.x;
    const repeat = c.dayRevenue.slice(1).reduce((t, v) => t + v, 0);
    return { x, m: x > 0 ? repeat / x : 0 };
  });
  let bg: BgNbd | null = null;
  let gg: GammaGamma | null = null;
  try {
    if (histories.some((h) => h.x > 0)) bg = fitBgNbd(histories);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
  }
  try {
    gg = fitGammaGamma(spend);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
  }
  const sane = (v: number) => (Number.isFinite(v) ? v : null);
  const customers = a.customers.map((c, i) => ({
    customer: c.customer,
    rfm: scores[i]!,
    pAlive: bg ? sane(probabilityAlive(bg, histories[i]!)) : null,
    expectedPurchases: bg ? sane(expectedPurchases(bg, horizonWeeks, histories[i]!)) : null,
    expectedSpend: gg && gg.q > 1 ? sane(expectedSpend(gg, spend[i]!)) : null,
  }));
  const counts = new Map<string, number>();
  for (const s of scores) counts.set(s.segment, (counts.get(s.segment) ?? 0) + 1);
  const segments = [...counts.entries()].map(([segment, n]) => ({ segment, customers: n })).sort((x, y) => y.customers - x.customers);
  return { customers, segments, bgnbd: bg, gammaGamma: gg };
}
