/**
 * What an order list adds to the customer view: RFM per customer and, when the data allow a fit, the
 * BG/NBD and Gamma-Gamma models (time in weeks, "now" = the last date of the list): P(alive), expected
 * purchases over the horizon (default 12 months), expected spend per purchase, and the customer
 * lifetime value over the horizon.
 *
 * CLV over the horizon: month by month, the purchases the BG/NBD model expects in that month
 * (E[Y(t_k)] − E[Y(t_{k−1})], t_k = k months after the last date of the list) times the expected
 * spend per purchase (Gamma-Gamma) times the customer's margin (profit / revenue when the list has a
 * cost column, else 1: then it is revenue), each month discounted at `discount` a year to the end of
 * that month: Σ ΔE_k × spend × margin / (1 + discount)^(k/12).
 *
 * @example
 * const o = orderListModels(aggregateTransactions(lines), { horizonMonths: 24, discount: 0.1 });
 * o.customers[0] // { rfm: { cell: "545", segment: "Champions", ... }, pAlive: 0.93, expectedPurchases: 8.1, expectedSpend: 212, clv: 1480 }
 */
import { expectedPurchases, expectedSpend, fitGammaGamma, ModelError, type BgNbd, type GammaGamma, type RepeatHistory } from "./bgnbd.js";
import { countModel, curveOf, fitInPlace, modelLabel, validateModels, validationFits, validationPlan, wholeHistories, type ExpectedCurve, type FitJob, type FitRunner, type ModelName, type Validation } from "./holdout.js";
import { drawInterval, evenSample, forecastUncertainty, type Uncertainty } from "./uncertainty.js";
import { DEFAULT_RFM_RULES, rfm, type RfmRule, type RfmScore } from "./rfm.js";
import { resolveSettings, type Settings, type SettingsInput } from "../reading/settings.js";
import { formatAmount, type Language } from "../reading/text.js";
import { segment, type SegmentResult } from "../analysis/segment.js";
import { formatDate, type Aggregation } from "./transactions.js";

/** A forecast with its 90% interval. */
export interface Interval {
  expected: number;
  low: number;
  high: number;
}

/** Customers sampled over all RFM segments for their intervals (each segment at least 30, all when fewer). */
const SEGMENT_SAMPLE = 1_000;

export interface ModelledCustomer {
  customer: string;
  rfm: RfmScore;
  pAlive: number | null;
  /** P(alive) on the settings' future date (orderList.aliveAt); undefined when none was asked for. */
  pAliveAt?: number | null;
  /** Purchases expected over the horizon. */
  expectedPurchases: number | null;
  /** Expected spend per purchase (Gamma-Gamma). */
  expectedSpend: number | null;
  /** Discounted value over the horizon: profit when the list has costs, else revenue. */
  clv: number | null;
  /** The CLV month by month (discounted values; their sum is `clv`), null where there is no CLV. */
  cashFlow: number[] | null;
}

/** One month of the portfolio's expected cash flow. */
export interface CashFlowMonth {
  /** 1 … horizon. */
  month: number;
  /** The month's last day (ISO), counted from the list's last date in months of 4.35 weeks; null for a list without dates. */
  until: string | null;
  /** Purchases expected in the month, all customers. */
  purchases: number;
  /** The month's discounted value, over the customers with a CLV. */
  value: number;
}

export interface OrderListModels {
  customers: ModelledCustomer[];
  /** Customers, revenue and mean P(alive) per RFM segment, most customers first. */
  /** Per RFM segment; `expectedPurchases` and `clvInterval` are the forecast's totals over the horizon with their 90% intervals. */
  segments: { segment: string; customers: number; revenue: number; pAlive: number | null; clv: number | null; expectedPurchases: Interval | null; clvInterval: Interval | null }[];
  /** Whether the customers' sheet gets a CLV column per month. */
  monthlyClv: boolean;
  /** The date of the customers' `pAliveAt` (ISO), or null. */
  aliveAt: string | null;
  /** The portfolio's expected purchases and discounted value month by month over the horizon (empty without a forecast). */
  cashFlow: CashFlowMonth[];
  /** The portfolio's CLV over the horizon with its 90% interval (parameter uncertainty of the count model; the spend model's is not in it). */
  clvInterval: Interval | null;
  bgnbd: BgNbd | null;
  gammaGamma: GammaGamma | null;
  horizonMonths: number;
  discount: number;
  /** What the CLV counts: profit (the list has a cost column) or revenue. */
  clvBasis: "profit" | "revenue";
  /** Why there is no BG/NBD or Gamma-Gamma fit, when there is none. */
  notes: string[];
  /** The models measured on a holdout period and the one chosen for the forecasts (null when not asked for). */
  validation: Validation | null;
  /**
   * Gamma-Gamma's assumption checked: the correlation (Pearson) between repeat purchases and the mean
   * spend per repeat purchase, over the repeat buyers; near 0 is what the model needs.
   */
  spendCorrelation: { correlation: number; customers: number } | null;
  /** Standard errors of the forecast model's parameters and a 90% interval for the portfolio's expected purchases. */
  uncertainty: Uncertainty | null;
}

export interface OrderListOptions {
  horizonMonths?: number;
  /** Yearly discount rate for the CLV (0.1 = 10%). */
  discount?: number;
  rules?: readonly RfmRule[];
  language?: Language;
  /** The split for the holdout check (days since 1970-01-01); default two thirds into the period. */
  calibrationEnd?: number;
  /** Columns with each customer's CLV month by month (orderListColumns). */
  monthlyClv?: boolean;
  /** A future day (days since 1970-01-01) for each customer's P(alive) on that date. */
  aliveAt?: number;
  /** false: no holdout check and BG/NBD for the forecasts (quicker). */
  validate?: boolean;
  /** The model for the forecasts: "auto" (the smaller holdout error) or fixed. */
  model?: "auto" | ModelName;
  /** Who makes the model fits (default: one after the other, here); the outcomes are the same. */
  fitter?: FitRunner;
}

/** Pearson's correlation of x and m, or null with fewer than three customers or no spread. */
function pearson(list: readonly { x: number; m: number }[]): { correlation: number; customers: number } | null {
  const n = list.length;
  if (n < 3) return null;
  let sx = 0, sm = 0;
  for (const c of list) (sx += c.x), (sm += c.m);
  const mx = sx / n, mm = sm / n;
  let cov = 0, vx = 0, vm = 0;
  for (const c of list) {
    cov += (c.x - mx) * (c.m - mm);
    vx += (c.x - mx) ** 2;
    vm += (c.m - mm) ** 2;
  }
  if (!(vx > 0 && vm > 0)) return null;
  return { correlation: cov / Math.sqrt(vx * vm), customers: n };
}

/** Weeks in a month (365.25 / 7 / 12): the models count time in weeks. */
export const WEEKS_PER_MONTH = 365.25 / 7 / 12;

/** The month ends of a horizon in weeks: 1, 2, …, `months` months. */
const monthEnds = new Map<number, number[]>();
function weeksOfMonths(months: number): number[] {
  let w = monthEnds.get(months);
  if (!w) monthEnds.set(months, (w = Array.from({ length: months }, (_, k) => (k + 1) * WEEKS_PER_MONTH)));
  return w;
}

/**
 * A customer's expected cash flow per month over the next `months` months: the purchases expected in
 * each month times the spend per purchase and the margin, discounted to today at `discount` a year
 * (month k by (1 + discount)^(k/12)). `purchases` are the month's expected purchases, `value` the
 * discounted value.
 *
 * @example
 * monthlyCashFlow(bg, { x: 2, tx: 30.4, T: 38.9 }, 35.1, 1, 12, 0.1).value  // twelve discounted amounts
 */
export function monthlyCashFlow(p: BgNbd, history: RepeatHistory, spend: number, margin: number, months: number, discount: number, curve: ExpectedCurve = curveOf(expectedPurchases)): { purchases: number[]; value: number[] } {
  return cashFlowOf(curve(p, weeksOfMonths(months), history), spend, margin, discount);
}

/** {@link monthlyCashFlow} from the expected purchases by each month's end (`upTo`). */
function cashFlowOf(upTo: readonly number[], spend: number, margin: number, discount: number): { purchases: number[]; value: number[] } {
  const months = upTo.length;
  const purchases: number[] = [];
  const value: number[] = [];
  let before = 0;
  for (let k = 1; k <= months; k++) {
    const inMonth = upTo[k - 1]! - before;
    purchases.push(inMonth);
    value.push((inMonth * spend * margin) / (1 + discount) ** (k / 12));
    before = upTo[k - 1]!;
  }
  return { purchases, value };
}

/**
 * Discounted value of a customer's purchases over the next `months` months: the sum of
 * {@link monthlyCashFlow}.
 *
 * @example
 * horizonClv(bg, { x: 2, tx: 30.4, T: 38.9 }, 35.1, 1, 12, 0.1)  // expected revenue over a year, discounted
 */
export function horizonClv(bg: BgNbd, history: RepeatHistory, spend: number, margin: number, months: number, discount: number, curve: ExpectedCurve = curveOf(expectedPurchases)): number {
  return monthlyCashFlow(bg, history, spend, margin, months, discount, curve).value.reduce((t, v) => t + v, 0);
}

export function orderListModels(a: Aggregation, options: OrderListOptions = {}): OrderListModels {
  const horizonMonths = options.horizonMonths ?? 12;
  const discount = options.discount ?? 0.1;
  const nl = options.language === "nl";
  const horizonWeeks = horizonMonths * WEEKS_PER_MONTH;
  const scores = rfm(
    a.customers.map((c) => ({ recencyDays: a.end - c.last, frequency: c.orders, monetary: c.revenue })),
    options.rules ?? DEFAULT_RFM_RULES,
  ).scores;
  // The holdout check's plan (its split and models), and the whole period's histories (the plan's own).
  const fixed = options.model && options.model !== "auto" ? options.model : null;
  const plan = options.validate === false ? null : validationPlan(a, { calibrationEnd: options.calibrationEnd, language: options.language, fixed });
  const histories = plan?.whole ?? wholeHistories(a);
  const spend = a.customers.map((c, i) => {
    const x = histories[i]!.x;
    const repeat = c.repeatRevenue ?? c.dayRevenue.slice(1).reduce((t, v) => t + v, 0);
    return { x, m: x > 0 ? repeat / x : 0 };
  });
  let bg: BgNbd | null = null;
  let gg: GammaGamma | null = null;
  const notes: string[] = [];
  // Every count-model fit, made at once by the fitter (the command line makes some on a second
  // thread): BG/NBD on the whole period, and those of the holdout check.
  const jobs: FitJob[] = [...(histories.some((h) => h.x > 0) ? [{ model: "bgnbd" as const, part: "whole" as const, histories }] : []), ...(plan ? validationFits(plan, { bgnbd: null }) : [])];
  const made = (options.fitter ?? fitInPlace)(jobs);
  const outcomes = new Map(jobs.map((j, k) => [`${j.model}:${j.part}`, made[k]!]));
  try {
    const wholeBg = outcomes.get("bgnbd:whole");
    if (wholeBg instanceof ModelError) throw wholeBg;
    if (wholeBg) bg = wholeBg;
    else notes.push(nl ? "BG/NBD: geen klant bestelde op meer dan één dag, dus er valt niets te schatten." : "BG/NBD: no customer ordered on more than one day, so there is nothing to fit.");
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    notes.push(nl ? `BG/NBD: niet te schatten op deze lijst (${e.message}).` : `BG/NBD: cannot be fitted on this list (${e.message}).`);
  }
  try {
    gg = fitGammaGamma(spend);
    if (gg.q <= 1) notes.push(nl ? "Gamma-Gamma: de schatting heeft q ≤ 1, dus geen eindige verwachte orderwaarde; weggelaten." : "Gamma-Gamma: the fit has q ≤ 1, so the expected spend is not finite; left out.");
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    notes.push(nl ? `Gamma-Gamma: niet te schatten op deze lijst (${e.message}).` : `Gamma-Gamma: cannot be fitted on this list (${e.message}).`);
  }
  // The models measured on a holdout period; the forecasts use the one that predicted it best.
  const validation = plan ? validateModels(a, { calibrationEnd: options.calibrationEnd, language: options.language, fitted: { bgnbd: bg }, fixed, plan, outcomes }) : null;
  const model = countModel(fixed ?? validation?.chosen ?? "bgnbd");
  const forecastFit = validation ? validation.fits[model.name] : bg;
  if (validation) {
    notes.push(...validation.notes, ...validation.models.flatMap((m) => m.notes));
    const label = (n: ModelName) => modelLabel(n);
    const chosen = validation.models.find((m) => m.model === model.name);
    if (chosen?.holdout) {
      const other = validation.models.find((m) => m.model === validation.runnerUp);
      notes.push(
        nl
          ? `Voorspellingen met ${label(model.name)}: op de laatste ${validation.holdoutWeeks.toFixed(0)} weken (na ${validation.calibrationEnd}) voorspelde het ${chosen.holdout.predicted.toFixed(0)} herhaalaankopen tegen ${chosen.holdout.actual} werkelijk (gemiddelde afwijking per klant ${chosen.holdout.mae.toFixed(2)})${other?.holdout ? `; ${label(other.model)} ${other.holdout.mae.toFixed(2)}` : ""}.`
          : `Forecasts by ${label(model.name)}: on the last ${validation.holdoutWeeks.toFixed(0)} weeks (after ${validation.calibrationEnd}) it predicted ${chosen.holdout.predicted.toFixed(0)} repeat purchases against ${chosen.holdout.actual} actual (mean error per customer ${chosen.holdout.mae.toFixed(2)})${other?.holdout ? `; ${label(other.model)} ${other.holdout.mae.toFixed(2)}` : ""}.`,
      );
    }
  }
  // How sure the forecast is: said first when it is unsure, before any number.
  let uncertainty: Uncertainty | null = null;
  if (forecastFit) {
    try {
      uncertainty = forecastUncertainty(model, forecastFit, histories, horizonWeeks, options.language);
      const unsure = uncertainty.sentence.startsWith("Careful") || uncertainty.sentence.startsWith("Let op");
      if (unsure) notes.unshift(uncertainty.sentence);
      else notes.push(uncertainty.sentence);
    } catch (e) {
      if (!(e instanceof ModelError)) throw e;
    }
  }
  // Gamma-Gamma assumes the spend per purchase does not depend on how often a customer buys.
  const spendCorrelation = pearson(spend.filter((s) => s.x > 0 && s.m > 0));
  if (spendCorrelation && gg && Math.abs(spendCorrelation.correlation) >= 0.3) {
    const c = spendCorrelation.correlation.toFixed(2);
    notes.push(
      nl
        ? `Gamma-Gamma gaat ervan uit dat het bedrag per aankoop niet afhangt van hoe vaak iemand koopt; hier hangen ze samen (correlatie ${c.replace(".", ",")} over ${spendCorrelation.customers} klanten). Lees de verwachte orderwaarde en de CLV met zorg.`
        : `Gamma-Gamma assumes the spend per purchase does not depend on how often a customer buys; here they go together (correlation ${c} over ${spendCorrelation.customers} customers). Read the expected order value and the CLV with care.`,
    );
  }
  if (bg?.atLimit) {
    notes.push(
      nl
        ? "BG/NBD: de schatting loopt tegen een grens van het model aan (een parameter vrijwel 0 of heel groot): deze lijst laat nauwelijks zien welke klanten afhaken. Lees P(actief) en de verwachte orders als ruwe indicatie."
        : "BG/NBD: the estimate runs to a limit of the model (a parameter near 0 or very large): this list hardly shows which customers stop buying. Read P(alive) and the expected orders as a rough indication.",
    );
  }
  const once = histories.filter((h) => h.x === 0).length;
  if (bg && once > 0 && model.name === "bgnbd") {
    notes.push(
      nl
        ? `${once} klanten kochten op één dag: BG/NBD geeft hun P(actief) 100%, want het model laat een klant pas na een herhaalaankoop afhaken; hun verwachte orders zeggen meer.`
        : `${once} customers bought on one day only: BG/NBD gives them P(alive) 100%, as the model lets a customer stop only after a repeat purchase; their expected orders say more.`,
    );
  }
  const sane = (v: number) => (Number.isFinite(v) ? v : null);
  const clvBasis = a.columns.cost !== null ? "profit" : "revenue";

  // P(alive) on a later date: weeks after the list's last date (a date not after it is said and left out).
  let aliveWeeks: number | null = null;
  if (options.aliveAt !== undefined && a.undated) notes.push(nl ? `P(actief) op ${formatDate(options.aliveAt)} weggelaten: de lijst heeft geen datums, dus de afstand tot die datum is onbekend.` : `P(alive) on ${formatDate(options.aliveAt)} left out: the list has no dates, so how far away that date is is unknown.`);
  else if (options.aliveAt !== undefined) {
    if (options.aliveAt > a.end) aliveWeeks = (options.aliveAt - a.end) / 7;
    else notes.push(nl ? `P(actief) op ${formatDate(options.aliveAt)} weggelaten: die datum ligt niet na de laatste datum van de lijst (${formatDate(a.end)}).` : `P(alive) on ${formatDate(options.aliveAt)} left out: that date is not after the list's last date (${formatDate(a.end)}).`);
  }
  const monthPurchases = new Array<number>(horizonMonths).fill(0);
  const monthValue = new Array<number>(horizonMonths).fill(0);
  const margins = a.customers.map((c) => (clvBasis === "revenue" ? 1 : c.profit !== null && c.revenue > 0 ? c.profit / c.revenue : null));
  const customers = a.customers.map((c, i): ModelledCustomer => {
    const h = histories[i]!;
    // Never a negative order value: a customer whose repeat purchases net to nothing is outside the model.
    const raw = gg && gg.q > 1 && !(spend[i]!.x > 0 && spend[i]!.m <= 0) ? sane(expectedSpend(gg, spend[i]!)) : null;
    const value = raw !== null && raw >= 0 ? raw : null;
    const margin = margins[i]!;
    // The month-by-month purchases of every customer; their value where there is a spend and a margin.
    const months = forecastFit ? cashFlowOf(model.curve(forecastFit, weeksOfMonths(horizonMonths), h), value ?? 0, margin ?? 0, discount) : null;
    const flow = months && value !== null && margin !== null ? months : null;
    if (months) {
      for (let k = 0; k < horizonMonths; k++) {
        if (Number.isFinite(months.purchases[k]!)) monthPurchases[k]! += months.purchases[k]!;
        if (flow && Number.isFinite(flow.value[k]!)) monthValue[k]! += flow.value[k]!;
      }
    }
    return {
      customer: c.customer,
      rfm: scores[i]!,
      pAlive: forecastFit ? sane(model.alive(forecastFit, h)) : null,
      ...(aliveWeeks !== null ? { pAliveAt: forecastFit ? sane(model.aliveAt(forecastFit, h, aliveWeeks)) : null } : {}),
      expectedPurchases: forecastFit ? sane(model.expected(forecastFit, horizonWeeks, h)) : null,
      expectedSpend: value,
      clv: flow ? sane(flow.value.reduce((t, v) => t + v, 0)) : null,
      cashFlow: flow && flow.value.every(Number.isFinite) ? flow.value : null,
    };
  });
  type Acc = { customers: number; revenue: number; alive: number; aliveN: number; clv: number; clvN: number };
  const by = new Map<string, Acc>();
  // Each segment's customers (for its intervals), gathered in the same pass.
  const members = new Map<string, number[]>();
  customers.forEach((m, i) => {
    const acc = by.get(m.rfm.segment) ?? { customers: 0, revenue: 0, alive: 0, aliveN: 0, clv: 0, clvN: 0 };
    acc.customers++;
    acc.revenue += a.customers[i]!.revenue;
    if (m.pAlive !== null) (acc.alive += m.pAlive), acc.aliveN++;
    if (m.clv !== null) (acc.clv += m.clv), acc.clvN++;
    by.set(m.rfm.segment, acc);
    const list = members.get(m.rfm.segment) ?? [];
    list.push(i);
    members.set(m.rfm.segment, list);
  });
  // Intervals per RFM segment and for the portfolio's CLV, from the same parameter draws as the
  // portfolio's purchases: each segment's sample (all its customers up to a share of SEGMENT_SAMPLE,
  // at least 30) under each draw, as a ratio to the estimate on that sample.
  const draws = uncertainty?.draws ?? [];
  const intervals = new Map<string, { purchases: Interval | null; clv: Interval | null }>();
  let clvInterval: Interval | null = null;
  if (forecastFit && draws.length) {
    const clvOf = (p: BgNbd, i: number) => {
      const m = customers[i]!;
      if (m.clv === null || m.expectedSpend === null) return 0;
      return horizonClv(p, histories[i]!, m.expectedSpend, margins[i]!, horizonMonths, discount, model.curve);
    };
    // The portfolio's CLV: the segments' samples weighted by their size.
    const portfolio: { i: number; w: number }[] = [];
    for (const [segment, list] of members) {
      const sample = evenSample(list.length, Math.max(30, Math.ceil((SEGMENT_SAMPLE * list.length) / customers.length))).map((k) => list[k]!);
      sample.forEach((i) => portfolio.push({ i, w: list.length / sample.length }));
      const purchasesOn = (p: BgNbd) => sample.reduce((t, i) => t + model.expected(p, horizonWeeks, histories[i]!), 0);
      const clvOn = (p: BgNbd) => sample.reduce((t, i) => t + clvOf(p, i), 0);
      const expected = list.reduce((t, i) => t + (customers[i]!.expectedPurchases ?? 0), 0);
      const clv = list.reduce((t, i) => t + (customers[i]!.clv ?? 0), 0);
      intervals.set(segment, { purchases: drawInterval(draws, expected, purchasesOn, purchasesOn(forecastFit)), clv: drawInterval(draws, clv, clvOn, clvOn(forecastFit)) });
    }
    const clvTotal = customers.reduce((t, m) => t + (m.clv ?? 0), 0);
    const clvOn = (p: BgNbd) => portfolio.reduce((t, { i, w }) => t + w * clvOf(p, i), 0);
    clvInterval = drawInterval(draws, clvTotal, clvOn, clvOn(forecastFit));
    if (clvInterval) {
      const whole = (v: number) => formatAmount(v, nl ? "nl" : "en");
      notes.push(
        nl
          ? `CLV over de komende ${horizonMonths} maanden: ${whole(clvInterval.expected)} (90%-interval ${whole(clvInterval.low)} tot ${whole(clvInterval.high)}, door de onzekerheid van de geschatte parameters).`
          : `CLV over the next ${horizonMonths} months: ${whole(clvInterval.expected)} (90% interval ${whole(clvInterval.low)} to ${whole(clvInterval.high)}, from the uncertainty of the estimated parameters).`,
      );
    }
  }
  const segments = [...by.entries()]
    .map(([segment, x]) => ({
      segment,
      customers: x.customers,
      revenue: Math.round(x.revenue * 100) / 100,
      pAlive: x.aliveN ? x.alive / x.aliveN : null,
      clv: x.clvN ? x.clv : null,
      expectedPurchases: intervals.get(segment)?.purchases ?? null,
      clvInterval: intervals.get(segment)?.clv ?? null,
    }))
    .sort((x, y) => y.customers - x.customers || y.revenue - x.revenue);
  const cashFlow: CashFlowMonth[] = forecastFit ? monthPurchases.map((purchases, k) => ({ month: k + 1, until: a.undated ? null : formatDate(Math.round(a.end + (k + 1) * WEEKS_PER_MONTH * 7)), purchases, value: monthValue[k]! })) : [];
  return { customers, segments, bgnbd: bg, gammaGamma: gg, horizonMonths, discount, clvBasis, notes, validation, spendCorrelation, uncertainty, clvInterval, cashFlow, aliveAt: aliveWeeks !== null ? formatDate(options.aliveAt!) : null, monthlyClv: options.monthlyClv === true && cashFlow.length > 0 };
}

export interface ModelColumn {
  key: "r" | "f" | "m" | "cell" | "segment" | "pAlive" | "pAliveAt" | "expectedPurchases" | "expectedSpend" | "clv" | "holdoutPredicted" | "holdoutActual" | "clvMonth";
  header: string;
  format: string;
  values: (string | number | null)[];
}

/**
 * The per-customer model columns as the writers put them next to the aggregated customer table
 * (after its columns, before the segmentation's): RFM scores, cell and segment, P(alive), expected
 * purchases and order value, and CLV over the horizon. Missing values are null.
 */
export function orderListColumns(models: OrderListModels, language: Language = "en"): ModelColumn[] {
  const nl = language === "nl";
  const h = models.horizonMonths;
  const c = models.customers;
  const basis = models.clvBasis === "profit" ? (nl ? "winst" : "profit") : nl ? "omzet" : "revenue";
  return [
    { key: "r", header: "R", format: "0", values: c.map((x) => x.rfm.r) },
    { key: "f", header: "F", format: "0", values: c.map((x) => x.rfm.f) },
    { key: "m", header: "M", format: "0", values: c.map((x) => x.rfm.m) },
    { key: "cell", header: nl ? "RFM-cel" : "RFM cell", format: "@", values: c.map((x) => x.rfm.cell) },
    { key: "segment", header: nl ? "RFM-segment" : "RFM segment", format: "@", values: c.map((x) => x.rfm.segment) },
    { key: "pAlive", header: nl ? "P(actief)" : "P(alive)", format: "0%", values: c.map((x) => x.pAlive) },
    ...(models.aliveAt ? [{ key: "pAliveAt" as const, header: nl ? `P(actief) op ${models.aliveAt}` : `P(alive) on ${models.aliveAt}`, format: "0%", values: c.map((x) => x.pAliveAt ?? null) }] : []),
    { key: "expectedPurchases", header: nl ? `Verwachte orders (${h} mnd)` : `Expected orders (${h} months)`, format: "0.0", values: c.map((x) => x.expectedPurchases) },
    { key: "expectedSpend", header: nl ? "Verwachte orderwaarde" : "Expected order value", format: "#,##0.00", values: c.map((x) => x.expectedSpend) },
    { key: "clv", header: nl ? `CLV ${h} mnd (${basis}, verdisconteerd)` : `CLV ${h} months (${basis}, discounted)`, format: "#,##0", values: c.map((x) => x.clv) },
    // The holdout check per customer: the chosen model's prediction for the part after the split (fitted
    // before it) against the repeat purchases made there.
    ...holdoutColumns(models, nl),
    // The CLV month by month (its sum is the CLV column), when asked for.
    ...(models.monthlyClv ? models.cashFlow.map((m, k) => ({ key: "clvMonth" as const, header: nl ? `CLV maand ${m.month}${m.until ? ` (t/m ${m.until})` : ""}` : `CLV month ${m.month}${m.until ? ` (to ${m.until})` : ""}`, format: "#,##0.00", values: c.map((x) => x.cashFlow?.[k] ?? null) })) : []),
  ];
}

function holdoutColumns(models: OrderListModels, nl: boolean): ModelColumn[] {
  const v = models.validation;
  const chosen = v?.models.find((m) => m.model === v.chosen);
  if (!v || !chosen?.holdout) return [];
  const held = chosen.perCustomer;
  return [
    { key: "holdoutPredicted", header: nl ? `Toets: voorspeld na ${v.calibrationEnd}` : `Check: predicted after ${v.calibrationEnd}`, format: "0.0", values: held.map((h) => h?.predicted ?? null) },
    { key: "holdoutActual", header: nl ? `Toets: gekocht na ${v.calibrationEnd}` : `Check: bought after ${v.calibrationEnd}`, format: "0", values: held.map((h) => h?.actual ?? null) },
  ];
}

/**
 * The settings to segment an order list's customers with: the BCG growth threshold is the order-list
 * one (fixed, default 0: growing against shrinking customers), as a median of 12-month growth is often
 * −100% (half the customers of last year did not buy this year).
 */
export function orderListSettings(input: SettingsInput, resolved: Settings): SettingsInput {
  // The column mapping named the order lines' columns; the customer table made from them has columns of its own.
  return { ...input, columns: {}, bcg: { ...(input.bcg ?? {}), yThreshold: { method: "fixed", value: resolved.orderList.growthThreshold } } };
}

/**
 * New customers (first order in the last 12 months) have no growth figure: instead of two warnings
 * on each of their rows ("no growth", "no quadrant"), one note says so. Changes `result` in place.
 */
export function noteNewCustomers(result: SegmentResult, a: Aggregation): void {
  const g = a.kinds.indexOf("growth");
  if (g < 0) return;
  const header = String(a.table[0]![g]);
  let dropped = 0;
  let fresh = 0;
  const messages = result.columns.messages;
  a.customers.forEach((c, i) => {
    if (c.growth !== null || c.first <= a.end - 365) return;
    fresh++;
    const before = messages[i]!;
    const kept = before.filter((m) => !(m.column === header && (m.code === "missingCriterion" || m.code === "noGrowth")));
    if (kept.length !== before.length) {
      dropped += before.length - kept.length;
      messages[i] = kept;
    }
  });
  if (!fresh) return;
  result.summary.counts.warnings -= dropped;
  const nl = result.settings.language === "nl";
  result.summary.notes.push(
    nl
      ? `${fresh} klanten zijn nieuw (eerste order in de laatste 12 maanden): zonder groeicijfer krijgen ze geen BCG-kwadrant en telt hun score zonder groei.`
      : `${fresh} customers are new (first order in the last 12 months): without a growth figure they get no BCG quadrant, and their score leaves growth out.`,
  );
}

/** What the writers show of the models: the parameters as text, totals over the customers and the discount rate. */
export interface ModelFigures {
  /** "r 0.243, α 4.414, a 0.793, b 2.426", or null without a fit. */
  bgnbd: string | null;
  /** The model the forecasts use ("BG/NBD", "MBG/NBD", "Pareto/NBD") and its parameters as the papers name them. */
  model: string;
  params: string | null;
  /** "p 6.25, q 3.74, γ 15.44", or null without a fit. */
  gammaGamma: string | null;
  /** Orders expected over the horizon, all customers together. */
  orders: number;
  /** CLV over the horizon, all customers together; null when no customer has one. */
  clv: number | null;
  /** The yearly discount rate as a percentage: "10%". */
  discount: string;
}

export function modelFigures(m: OrderListModels): ModelFigures {
  const b = m.bgnbd;
  const g = m.gammaGamma;
  let orders = 0;
  let clv = 0;
  let valued = false;
  for (const c of m.customers) {
    orders += c.expectedPurchases ?? 0;
    if (c.clv !== null) (clv += c.clv), (valued = true);
  }
  const chosen = m.validation?.chosen ?? "bgnbd";
  const fit = m.validation ? (m.validation.fits[chosen] ?? null) : b;
  const greek: Record<string, string> = { alpha: "α", beta: "β" };
  const params = fit ? Object.entries(countModel(chosen).named(fit)).map(([k, v]) => `${greek[k] ?? k} ${v.toFixed(3)}`).join(", ") : null;
  return {
    model: modelLabel(chosen),
    params,
    bgnbd: b ? `r ${b.r.toFixed(3)}, α ${b.alpha.toFixed(3)}, a ${b.a.toFixed(3)}, b ${b.b.toFixed(3)}` : null,
    gammaGamma: g ? `p ${g.p.toFixed(2)}, q ${g.q.toFixed(2)}, γ ${g.gamma.toFixed(2)}` : null,
    orders,
    clv: valued ? clv : null,
    discount: `${Math.round(m.discount * 1000) / 10}%`,
  };
}

/**
 * An order list's customers segmented and modelled, as every writer does it: the order-list settings
 * (growth threshold, horizon, discount, RFM rules) applied, new customers noted once.
 */
export function segmentOrderList(a: Aggregation, input: SettingsInput, sheet: string, fitter?: FitRunner): { result: SegmentResult; models: OrderListModels } {
  const settings = resolveSettings(input);
  const result = segment(a.table, orderListSettings(input, settings), { sheet, headerRow: 1, firstColumn: 0 });
  noteNewCustomers(result, a);
  const models = orderListModels(a, {
    horizonMonths: settings.orderList.horizonMonths,
    discount: settings.clv.discount,
    rules: settings.orderList.rfmRules,
    language: settings.language,
    model: settings.orderList.model,
    ...(settings.orderList.calibrationEnd ? { calibrationEnd: Math.floor(Date.parse(settings.orderList.calibrationEnd) / 86_400_000) } : {}),
    ...(settings.orderList.aliveAt ? { aliveAt: Math.floor(Date.parse(settings.orderList.aliveAt) / 86_400_000) } : {}),
    monthlyClv: settings.orderList.monthlyClv,
    ...(fitter ? { fitter } : {}),
  });
  return { result, models };
}
