/**
 * Can the forecast be trusted? Each customer-base model is fitted on a calibration part of the order
 * list and asked to predict what each customer bought afterwards (the holdout part), as Fader, Hardie
 * and Lee do for CDNOW (39 weeks and 39 weeks). The split is at `calibrationEnd`, by default two thirds
 * into the list's period. Reported per model: the parameters from the whole period (for the
 * forecasts) and from the calibration part, and for the holdout per customer predicted against actual
 * repeat purchases, with the mean absolute error, root mean square error, bias (mean of predicted −
 * actual) and the predicted and actual totals. The model with the smallest holdout error is chosen for
 * the forecasts; the log-likelihood alone does not choose (a better fit of the past is not a better
 * forecast).
 *
 * Models: BG/NBD (Fader, Hardie and Lee 2005) and MBG/NBD (Batislam, Denizel and Filiztekin 2007).
 *
 * @example
 * const v = validateModels(aggregation);               // split two thirds into the period
 * v.models[0].holdout                                  // { mae: 0.62, rmse: 1.1, bias: -0.02, predicted: 1801, actual: 1788, customers: 2357 }
 * v.chosen                                             // "bgnbd" or "mbgnbd"
 */
import { bgNbdObjective, expectedPurchases, fitBgNbd, hyp2f1, probabilityAliveAt, ModelError, probabilityAlive, sameHistories, type BgNbd, type RepeatHistory } from "./bgnbd.js";
import { fitMbgNbd, mbgExpectedPurchases, mbgNbdObjective, mbgProbabilityAliveAt, mbgProbabilityAlive } from "./mbgnbd.js";
import { fitParetoNbd, paretoExpectedCurve, paretoExpectedPurchases, paretoNbdObjective, paretoProbabilityAlive, paretoProbabilityAliveAt, paretoUnconditional } from "./paretonbd.js";
import { formatDate, type Aggregation } from "./transactions.js";
import { lgamma as lgammaOf } from "./optimize.js";
import { gammaDraw, seededUniform } from "../analysis/stats.js";
import type { Language } from "../reading/text.js";

export type ModelName = "bgnbd" | "mbgnbd" | "paretonbd";

/** Above this many distinct customer histories Pareto/NBD is fitted only when chosen in the settings. */
export const PARETO_MAX_HISTORIES = 250_000;

/** A model's expected purchases by each of `weeks` (cumulative, ascending), for one history. */
export type ExpectedCurve = (p: BgNbd, weeks: readonly number[], h: RepeatHistory) => number[];

/** The curve of a model that has only the single-horizon expectation. */
export const curveOf = (expected: (p: BgNbd, t: number, h: RepeatHistory) => number): ExpectedCurve => (p, weeks, h) => weeks.map((t) => expected(p, t, h));

/** A fitted model's functions: the forecasts go through these, whichever model was chosen. */
export interface CountModel {
  name: ModelName;
  fit: (h: readonly RepeatHistory[]) => BgNbd;
  /** The negative log-likelihood over the logarithms of the four parameters (in BgNbd's slot order). */
  objective: (h: readonly RepeatHistory[]) => (z: readonly number[]) => number;
  expected: (p: BgNbd, t: number, h: RepeatHistory) => number;
  /** Expected purchases by each of several horizons (weeks, ascending), for one history. */
  curve: ExpectedCurve;
  alive: (p: BgNbd, h: RepeatHistory) => number;
  /** P(alive) `t` weeks after the history's end. */
  aliveAt: (p: BgNbd, h: RepeatHistory, t: number) => number;
  /** The parameters as the papers name them. */
  named: (p: { r: number; alpha: number; a: number; b: number }) => Record<string, number>;
}

/** Pareto/NBD's (s, β) ride in BG/NBD's (a, b) slots here; `named` gives them their own names. */
const pareto = (p: { r: number; alpha: number; a: number; b: number }) => ({ r: p.r, alpha: p.alpha, s: p.a, beta: p.b });
const bgNames = (p: { r: number; alpha: number; a: number; b: number }) => ({ r: p.r, alpha: p.alpha, a: p.a, b: p.b });

export const COUNT_MODELS: readonly CountModel[] = [
  { name: "bgnbd", fit: fitBgNbd, objective: bgNbdObjective, expected: expectedPurchases, curve: curveOf(expectedPurchases), alive: probabilityAlive, aliveAt: probabilityAliveAt, named: bgNames },
  { name: "mbgnbd", fit: fitMbgNbd, objective: mbgNbdObjective, expected: mbgExpectedPurchases, curve: curveOf(mbgExpectedPurchases), alive: mbgProbabilityAlive, aliveAt: mbgProbabilityAliveAt, named: bgNames },
  {
    name: "paretonbd",
    objective: paretoNbdObjective,
    fit: (h) => {
      const f = fitParetoNbd(h);
      return { r: f.r, alpha: f.alpha, a: f.s, b: f.beta, logLikelihood: f.logLikelihood, ...(f.atLimit ? { atLimit: true } : {}) };
    },
    expected: (p, t, h) => paretoExpectedPurchases(pareto(p), t, h),
    // P(alive) (a hypergeometric series) once for all horizons.
    curve: (p, weeks, h) => paretoExpectedCurve(pareto(p), weeks, h),
    alive: (p, h) => paretoProbabilityAlive(pareto(p), h),
    aliveAt: (p, h, t) => paretoProbabilityAliveAt(pareto(p), h, t),
    named: pareto,
  },
];

export interface HoldoutFigures {
  mae: number;
  rmse: number;
  bias: number;
  predicted: number;
  actual: number;
  customers: number;
}

export interface ModelReport {
  model: ModelName;
  /** From the fit on the whole period: what the forecasts use (named as in the papers). */
  params: Record<string, number> | null;
  logLikelihood: number | null;
  calibration: { end: string; params: Record<string, number> | null; logLikelihood: number | null };
  holdout: HoldoutFigures | null;
  /** Per customer (in the aggregation's order; null: not yet a customer at the split): predicted and actual holdout purchases. */
  perCustomer: ({ predicted: number; actual: number } | null)[];
  /** Why a fit is missing or weak, in words. */
  notes: string[];
}

export interface Validation {
  models: ModelReport[];
  /** The model the forecasts use: the smallest holdout error (BG/NBD where no holdout could be made). */
  chosen: ModelName;
  runnerUp: ModelName | null;
  calibrationEnd: string;
  /** Holdout length in weeks. */
  holdoutWeeks: number;
  notes: string[];
  /** The whole-period fits, for the forecasts (not in the JSON: `models[].params` has them). */
  fits: Record<ModelName, BgNbd | null>;
  /**
   * Cumulative repeat purchases week by week over the whole list, actual against the chosen model
   * fitted on the calibration part (each customer's expected purchases since their first), as
   * Figure 3 of Fader, Hardie and Lee; `calibrationWeek` marks the split.
   */
  tracking: { week: number[]; actual: number[]; model: number[]; calibrationWeek: number } | null;
  /**
   * Customers by their repeat purchases in the calibration part, 0, 1, …, 6 and 7 or more: actual,
   * and as the chosen model's calibration fit expects them (exact for BG/NBD and MBG/NBD; for
   * Pareto/NBD by simulation of the model, seeded).
   */
  periodCounts: { repeats: string[]; actual: number[]; model: number[] } | null;
}

const COUNT_CLASSES = 8;

/** log of the NBD term Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j, j = 0..k. */
function nbdTerms(r: number, alpha: number, t: number, k: number): number[] {
  const out: number[] = [];
  const la = Math.log(alpha / (alpha + t));
  const lt = Math.log(t / (alpha + t));
  let lg = 0; // log Γ(r+j)/(Γ(r) j!)
  for (let j = 0; j <= k; j++) {
    if (j > 0) lg += Math.log((r + j - 1) / j);
    out.push(lg + r * la + (t > 0 ? j * lt : j === 0 ? 0 : -Infinity));
  }
  return out;
}

/** P(X(t) = x) for x = 0..k−1 and P(X(t) ≥ k) as the last entry, under BG/NBD or MBG/NBD. */
export function countDistribution(name: "bgnbd" | "mbgnbd", p: { r: number; alpha: number; a: number; b: number }, t: number, k = COUNT_CLASSES - 1): number[] {
  const { r, alpha, a, b } = p;
  const nb = nbdTerms(r, alpha, t, k).map(Math.exp);
  const lb = (x: number, y: number) => lbetaOf(x, y) - lbetaOf(a, b);
  const out: number[] = [];
  let below = 0; // Σ_{j<x} NB(j)
  for (let x = 0; x < k; x++) {
    const alive = name === "bgnbd" ? Math.exp(lb(a, b + x)) : Math.exp(lb(a, b + x + 1));
    const died = name === "bgnbd" ? (x > 0 ? Math.exp(lb(a + 1, b + x - 1)) : 0) : Math.exp(lb(a + 1, b + x));
    out.push(alive * nb[x]! + died * (1 - below));
    below += nb[x]!;
  }
  out.push(Math.max(0, 1 - out.reduce((s, v) => s + v, 0)));
  return out;
}

function lbetaOf(x: number, y: number): number {
  return lgammaOf(x) + lgammaOf(y) - lgammaOf(x + y);
}

/** The counts for Pareto/NBD by simulating the model for each customer's calibration time (seeded). */
function simulatedCounts(p: { r: number; alpha: number; a: number; b: number }, times: readonly number[], k = COUNT_CLASSES - 1, reps = 20): number[] {
  const counts = new Array<number>(k + 1).fill(0);
  const u = seededUniform(20_261_130);
  const gamma = (shape: number) => gammaDraw(u, shape);
  for (const T of times) {
    for (let k2 = 0; k2 < reps; k2++) {
      const lambda = gamma(p.r) / p.alpha;
      const mu = gamma(p.a) / p.b; // s, β in the a, b slots
      const life = -Math.log(u()) / mu;
      const span = Math.min(life, T);
      let x = 0;
      for (let at = -Math.log(u()) / lambda; at <= span && x < k; at += -Math.log(u()) / lambda) x++;
      counts[x]! += 1 / reps;
    }
  }
  return counts;
}

/**
 * Expected repeat purchases by time t after a customer's first purchase: BG/NBD eq. 9 of Fader,
 * Hardie and Lee; MBG/NBD the same with b + 1 and the lead b/(a − 1). Equal to the conditional
 * expectation of a customer with x = 0 at T = 0 (a test checks).
 */
export function unconditionalPurchases(name: ModelName, p: { r: number; alpha: number; a: number; b: number }, t: number): number {
  const { r, alpha, a, b } = p;
  if (t <= 0) return 0;
  if (name === "paretonbd") return paretoUnconditional({ r, alpha, s: a, beta: b }, t);
  const z = t / (alpha + t);
  const lead = Math.exp(r * (Math.log(alpha) - Math.log(alpha + t)));
  // The lead is E[1/p] under BG/NBD, E[(1 − p)/p] under MBG/NBD (a customer may leave at the first purchase).
  return name === "bgnbd" ? ((a + b - 1) / (a - 1)) * (1 - lead * hyp2f1(r, b, a + b - 1, z)) : (b / (a - 1)) * (1 - lead * hyp2f1(r, b + 1, a + b, z));
}

/** The tracking figures for model `name` with calibration parameters `p`. */
function trackingOf(a: Aggregation, name: ModelName, p: BgNbd, start: number, cut: number): Validation["tracking"] {
  const weeks = Math.ceil((a.end - start) / 7);
  if (weeks < 2 || weeks > 2000) return null;
  // Customers by the day of their first purchase: the expectation depends only on the time since.
  const cohort = new Map<number, number>();
  const repeatDays: number[] = [];
  for (const c of a.customers) {
    if (!c.days.length) continue;
    cohort.set(c.days[0]!, (cohort.get(c.days[0]!) ?? 0) + 1);
    for (let k = 1; k < c.days.length; k++) repeatDays.push(c.days[k]!);
  }
  repeatDays.sort((x, y) => x - y);
  const week: number[] = [];
  const actual: number[] = [];
  const model: number[] = [];
  let j = 0;
  for (let w = 1; w <= weeks; w++) {
    const t = start + 7 * w;
    while (j < repeatDays.length && repeatDays[j]! <= t) j++;
    let expected = 0;
    for (const [first, n] of cohort) if (first < t) expected += n * unconditionalPurchases(name, p, (t - first) / 7);
    week.push(w);
    actual.push(j);
    model.push(expected);
  }
  return { week, actual, model, calibrationWeek: Math.round((cut - start) / 7) };
}



/** The customers' histories up to `cut` (a day number), and their purchase days after it. */
function split(a: Aggregation, cut: number): { histories: (RepeatHistory | null)[]; actual: number[] } {
  const histories: (RepeatHistory | null)[] = [];
  const actual: number[] = [];
  for (const c of a.customers) {
    const days = c.days;
    if (!days.length || days[0]! > cut) {
      histories.push(null);
      actual.push(0);
      continue;
    }
    let k = 0;
    while (k < days.length && days[k]! <= cut) k++;
    const first = days[0]!;
    histories.push({ x: k - 1, tx: (days[k - 1]! - first) / 7, T: (cut - first) / 7 });
    actual.push(days.length - k);
  }
  return { histories, actual };
}

/** A fit to make: a model on the whole period's histories or on the calibration part's. */
export interface FitJob {
  model: ModelName;
  part: "whole" | "calibration";
  histories: readonly RepeatHistory[];
}

/** A fit's outcome: its parameters, or the ModelError it failed with. */
export type FitOutcome = BgNbd | ModelError;

/**
 * Makes the fits asked for and gives their outcomes in the jobs' order; where and in which order it
 * makes them is its own affair (the command line fits one model on a second thread meanwhile). The
 * fits are pure: the outcomes are the same whichever way.
 */
export type FitRunner = (jobs: readonly FitJob[]) => FitOutcome[];

/** One fit, its ModelError as its outcome. */
export function fitJob(job: FitJob): FitOutcome {
  try {
    return countModel(job.model).fit(job.histories);
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
}

/** The fits one after the other, on this thread. */
export const fitInPlace: FitRunner = (jobs) => jobs.map(fitJob);

/** Fewer repeat buyers than this: no model is fitted (said in a note). */
const MIN_REPEATERS = 10;

const repeatersOf = (h: readonly RepeatHistory[]) => h.filter((x) => x.x > 0).length;

function fitOrNote(m: CountModel, h: readonly RepeatHistory[], what: string, nl: boolean, notes: string[], outcome?: FitOutcome): BgNbd | null {
  const repeaters = repeatersOf(h);
  const label = modelLabel(m.name);
  if (repeaters < MIN_REPEATERS) {
    notes.push(nl ? `${label} (${what}): te weinig klanten met een herhaalaankoop (${repeaters}) voor een stabiel model; weggelaten.` : `${label} (${what}): too few repeat buyers (${repeaters}) for a stable model; left out.`);
    return null;
  }
  try {
    if (outcome instanceof ModelError) throw outcome;
    const p = outcome ?? m.fit(h);
    if (!Number.isFinite(p.logLikelihood)) throw new ModelError("the likelihood is not finite");
    if (p.atLimit) notes.push(nl ? `${label} (${what}): de schatting loopt tegen een grens van het model aan; lees de uitkomst als ruwe indicatie.` : `${label} (${what}): the estimate runs to a limit of the model; read the outcome as a rough indication.`);
    return p;
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    notes.push(nl ? `${label} (${what}): niet te schatten (${e.message}).` : `${label} (${what}): cannot be fitted (${e.message}).`);
    return null;
  }
}

/** What a validation fits and measures on: the split, the histories on both sides, the models compared. */
export interface ValidationPlan {
  start: number;
  end: number;
  cut: number;
  holdoutWeeks: number;
  withDays: boolean;
  /** Per customer: the history up to the split (null: no purchase before it), and the purchases after. */
  histories: (RepeatHistory | null)[];
  actual: number[];
  calibration: RepeatHistory[];
  whole: RepeatHistory[];
  candidates: readonly CountModel[];
  notes: string[];
}

export interface ValidationOptions {
  calibrationEnd?: number;
  language?: Language;
  /** Whole-period fits made already (null: none possible; their notes are the caller's). */
  fitted?: Partial<Record<ModelName, BgNbd | null>>;
  fixed?: ModelName | null;
  /** Fits made already, by `${model}:${part}` (see {@link validationFits}). */
  outcomes?: ReadonlyMap<string, FitOutcome>;
  plan?: ValidationPlan;
}

/** Each customer's history over the whole period: from order lines their order days, from a customer summary its x, t_x and T as given. */
export function wholeHistories(a: Aggregation): RepeatHistory[] {
  return a.customers.map((c) => c.history ?? { x: c.days.length - 1, tx: (c.last - c.first) / 7, T: (a.end - c.first) / 7 });
}

/** The split and the models to compare (see {@link validateModels}). */
export function validationPlan(a: Aggregation, options: ValidationOptions = {}): ValidationPlan {
  const nl = options.language === "nl";
  let start = Infinity;
  for (const c of a.customers) if (c.days.length && c.days[0]! < start) start = c.days[0]!;
  const end = a.end;
  const notes: string[] = [];
  const withDays = a.customers.some((c) => c.days.length > 0);
  let cut = options.calibrationEnd ?? Math.floor(start + ((end - start) * 2) / 3);
  if (!withDays || !Number.isFinite(start)) {
    notes.push(nl ? "Geen toets op een latere periode: die vraagt de orderregels (een klantsamenvatting heeft ze niet)." : "No holdout check: it needs the order lines (a customer summary has none).");
    cut = end;
  } else if (cut <= start || cut >= end) {
    notes.push(nl ? `Het splitsmoment ${formatDate(cut)} ligt niet binnen de periode van de lijst (${formatDate(start)} tot ${formatDate(end)}); gesplitst op twee derde.` : `The split date ${formatDate(cut)} is not within the list's period (${formatDate(start)} to ${formatDate(end)}); split two thirds in instead.`);
    cut = Math.floor(start + ((end - start) * 2) / 3);
  }
  const holdoutWeeks = (end - cut) / 7;
  const { histories, actual } = split(a, cut);
  const calibration = histories.filter((h): h is RepeatHistory => h !== null);
  const whole = wholeHistories(a);
  // Pareto/NBD's likelihood costs a hypergeometric series per customer history and evaluation: on
  // large lists it joins only when asked for (orderList.model), so a run stays quick.
  const distinct = sameHistories(whole).length;
  const candidates = COUNT_MODELS.filter((m) => m.name !== "paretonbd" || options.fixed === "paretonbd" || distinct <= PARETO_MAX_HISTORIES);
  if (candidates.length < COUNT_MODELS.length) {
    notes.push(nl ? `Pareto/NBD niet meegewogen: ${distinct.toLocaleString("nl-NL")} verschillende klantgeschiedenissen maken het te traag; kies het in de instellingen om het toch te gebruiken.` : `Pareto/NBD not compared: ${distinct.toLocaleString("en-US")} different customer histories make it too slow; choose it in the settings to use it anyway.`);
  }
  return { start, end, cut, holdoutWeeks, withDays, histories, actual, calibration, whole, candidates, notes };
}

/** The fits a validation by `plan` makes (those `fitted` holds already left out), to be made ahead by a {@link FitRunner}. */
export function validationFits(plan: ValidationPlan, fitted: ValidationOptions["fitted"] = {}): FitJob[] {
  const jobs: FitJob[] = [];
  const wholeOk = repeatersOf(plan.whole) >= MIN_REPEATERS;
  const calOk = plan.withDays && plan.holdoutWeeks > 0 && repeatersOf(plan.calibration) >= MIN_REPEATERS;
  for (const m of plan.candidates) {
    if (!(m.name in fitted) && wholeOk) jobs.push({ model: m.name, part: "whole", histories: plan.whole });
    if (calOk) jobs.push({ model: m.name, part: "calibration", histories: plan.calibration });
  }
  return jobs;
}

/**
 * Fit every model on the calibration part and on the whole period, and measure each on the holdout.
 * `calibrationEnd` is a day number (days since 1970-01-01), within the list's period.
 */
export function validateModels(a: Aggregation, options: ValidationOptions = {}): Validation {
  const nl = options.language === "nl";
  const plan = options.plan ?? validationPlan(a, options);
  const { start, cut, holdoutWeeks, withDays, histories, actual, calibration, whole, candidates } = plan;
  const notes = [...plan.notes];
  const outcome = (m: CountModel, part: FitJob["part"]) => options.outcomes?.get(`${m.name}:${part}`);
  const fits = {} as Record<ModelName, BgNbd | null>;
  const cals = {} as Record<ModelName, BgNbd | null>;
  const models: ModelReport[] = candidates.map((m) => {
    const mNotes: string[] = [];
    const full = options.fitted && m.name in options.fitted ? (options.fitted[m.name] ?? null) : fitOrNote(m, whole, nl ? "hele periode" : "whole period", nl, mNotes, outcome(m, "whole"));
    const cal = withDays && holdoutWeeks > 0 ? fitOrNote(m, calibration, nl ? "kalibratie" : "calibration", nl, mNotes, outcome(m, "calibration")) : null;
    let holdout: HoldoutFigures | null = null;
    const perCustomer: ModelReport["perCustomer"] = histories.map(() => null);
    if (cal) {
      let n = 0, abs = 0, sq = 0, diff = 0, pred = 0, act = 0;
      histories.forEach((h, i) => {
        if (!h) return;
        const p = m.expected(cal, holdoutWeeks, h);
        if (!Number.isFinite(p)) return;
        perCustomer[i] = { predicted: p, actual: actual[i]! };
        n++;
        abs += Math.abs(p - actual[i]!);
        sq += (p - actual[i]!) ** 2;
        diff += p - actual[i]!;
        pred += p;
        act += actual[i]!;
      });
      if (n > 0) holdout = { mae: abs / n, rmse: Math.sqrt(sq / n), bias: diff / n, predicted: pred, actual: act, customers: n };
    }
    fits[m.name] = full;
    cals[m.name] = cal;
    return { model: m.name, params: full ? m.named(full) : null, logLikelihood: full?.logLikelihood ?? null, calibration: { end: formatDate(cut), params: cal ? m.named(cal) : null, logLikelihood: cal?.logLikelihood ?? null }, holdout, perCustomer, notes: mNotes };
  });
  // The smallest holdout error chooses; without a holdout, BG/NBD (the better known model).
  const ranked = models.filter((m) => m.holdout && m.params).sort((x, y) => x.holdout!.mae - y.holdout!.mae);
  const chosen = options.fixed ?? ranked[0]?.model ?? (models.find((m) => m.params)?.model ?? "bgnbd");
  const runnerUp = ranked.find((m) => m.model !== chosen)?.model ?? null;
  const chosenCal = cals[chosen];
  const tracking = withDays && chosenCal ? trackingOf(a, chosen, chosenCal, start, cut) : null;
  let periodCounts: Validation["periodCounts"] = null;
  if (withDays && chosenCal) {
    const cal = histories.filter((h): h is RepeatHistory => h !== null);
    const actual = new Array<number>(COUNT_CLASSES).fill(0);
    for (const h of cal) actual[Math.min(h.x, COUNT_CLASSES - 1)]!++;
    let model = new Array<number>(COUNT_CLASSES).fill(0);
    if (chosen === "paretonbd") model = simulatedCounts(chosenCal, cal.map((h) => h.T));
    else for (const h of cal) countDistribution(chosen, chosenCal, h.T).forEach((v, k) => (model[k]! += v));
    periodCounts = { repeats: ["0", "1", "2", "3", "4", "5", "6", "7+"], actual, model };
  }
  return { models, chosen, runnerUp, calibrationEnd: formatDate(cut), holdoutWeeks, notes, tracking, periodCounts, fits };
}

export function modelLabel(name: ModelName): string {
  return name === "bgnbd" ? "BG/NBD" : name === "mbgnbd" ? "MBG/NBD" : "Pareto/NBD";
}

export function countModel(name: ModelName): CountModel {
  return COUNT_MODELS.find((m) => m.name === name)!;
}
