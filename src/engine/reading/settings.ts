/**
 * Settings: one plain, versioned, JSON-serialisable object shared by the task pane (saved in the
 * workbook), the ribbon button, the worksheet functions and the command line (`--settings file.json`).
 *
 * Every field is optional in what users write: {@link resolveSettings} fills in the defaults and
 * {@link validateSettings} lists every mistake in plain language.
 *
 * @example
 * resolveSettings({ pareto: { aCutoff: 0.7 } }).pareto // { aCutoff: 0.7, bCutoff: 0.95 }
 */
import { isMappableRole, ORDER_LIST_ROLES, ROLES, type MappableRole } from "./columns.js";
import { DEFAULT_RFM_RULES, type RfmRule } from "../orders/rfm.js";

export const SETTINGS_VERSION = 1;

export type ThresholdSetting =
  | { method: "median" }
  | { method: "mean" }
  | { method: "fixed"; value: number };

export interface CriterionSetting {
  /** A column role (`revenue`, `margin`, `paymentDays`, ...) or the header text of any numeric column. */
  criterion: string;
  /** 0 or more; at least one criterion needs a weight above 0. */
  weight: number;
  /** Lower values score better (payment days, cost to serve). Defaults by role. */
  lowerIsBetter?: boolean;
}

export interface Settings {
  version: number;
  /** Language of messages and labels. */
  language: "en" | "nl";
  /** Role → header text, or null to leave a detected role out. */
  columns: Partial<Record<MappableRole, string | null>>;
  pareto: { aCutoff: number; bCutoff: number };
  bcg: {
    /** Profitability axis: the margin (profit / revenue, or the margin column) or absolute profit. */
    x: "margin" | "profit";
    xThreshold: ThresholdSetting;
    yThreshold: ThresholdSetting;
  };
  score: {
    criteria: CriterionSetting[];
    /** Minimum score (0..100) for tiers A, B and C; the rest is D. */
    tierCutoffs: { a: number; b: number; c: number };
    /**
     * How customers get their tier: `pyramid` (the default, the customer pyramid of the articles): A is
     * the top share `pyramid.a` of the scored customers (10%), B the next `pyramid.b` (20%), C the next
     * `pyramid.c` (30%), D the rest; `fixed`: the score cut-offs `tierCutoffs`.
     */
    tiers: "pyramid" | "fixed";
    pyramid: { a: number; b: number; c: number };
  };
  insights: InsightSettings;
  /**
   * Customer lifetime value per customer, from its annual profit: with a retention rate (the
   * retention column, else `retention`) or an expected lifetime in years (the lifetime column, else
   * `years`), discounted at `discount` a year. Used by the score criterion "clv".
   */
  clv: { retention: number | null; discount: number; years: number | null };
  /**
   * Order lists: the horizon (months) of the expected purchases and of the model-based CLV (which is
   * discounted at `clv.discount` a year), and the RFM segment rules, tried in order (the first rule
   * whose R range and FM range hold the customer's scores names it; no match is "Other"), and the
   * BCG growth threshold for an order list's customers (its growth is the last 12 months against the
   * 12 before, where a median is often "−100%": 0 splits growing from shrinking customers).
   */
  orderList: {
    horizonMonths: number;
    rfmRules: RfmRule[];
    growthThreshold: number;
    /** Where the holdout check splits the list (ISO date); null: two thirds into the period. */
    calibrationEnd: string | null;
    /** A future date (ISO) for an extra column "P(alive) on <date>"; null: none. */
    aliveAt: string | null;
    /** Each customer's CLV month by month as columns of the customers' sheet (one per month of the horizon). */
    monthlyClv: boolean;
    /** The model for the forecasts: "auto" (the smaller holdout error), or fixed. */
    model: "auto" | "bgnbd" | "mbgnbd" | "paretonbd";
  };
  concentration: {
    /** Warn when the largest customer has at least this share of revenue. */
    top1: number;
    /** Warn when the five largest customers together have at least this share. */
    top5: number;
    /** Warn when the ten largest customers together have at least this share. */
    top10: number;
    /** Warn when the Herfindahl-Hirschman index (0..1 scale) is at least this. */
    hhi: number;
  };
}

/** The portfolio insights: top-N profile, segment ranking, dependency and the sales-funnel planner. */
export interface InsightSettings {
  /** How many best customers the profile looks at, and ranked by what. */
  topN: number;
  topBy: "revenue" | "score";
  /** Customers whose profit share is at least this count as ones the business depends on. */
  dependencyShare: number;
  /** Header of the column to group segments by; null: the column detected as segment (Branche, ...). */
  segmentColumn: string | null;
  /** Potential companies per segment (segment name → number), for market penetration. */
  potentials: Record<string, number>;
  segmentWeights: { margin: number; cost: number; effort: number; penetration: number };
  /** The sales-funnel planner's inputs; null when not used. Rates are fractions. */
  funnel: { target: number; orderValue: number; callToAppointment: number; appointmentToQuote: number; quoteToOrder: number; addressToCall: number } | null;
}

/** Roles where a lower value is better. */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(["paymentDays", "costToServe", "salesEffort"]);

/** The five criteria of the articles (revenue, margin, payment speed, innovation, network) plus growth and fit. */
export const DEFAULT_CRITERIA: readonly CriterionSetting[] = Object.freeze([
  { criterion: "revenue", weight: 1 },
  { criterion: "margin", weight: 1 },
  { criterion: "paymentDays", weight: 1, lowerIsBetter: true },
  { criterion: "innovation", weight: 1 },
  { criterion: "network", weight: 1 },
  { criterion: "growth", weight: 1 },
  { criterion: "strategicFit", weight: 1 },
  { criterion: "culturalFit", weight: 1 },
  // Optional: lifetime value, counted once the user gives it a weight (and a retention rate or lifetime).
  { criterion: "clv", weight: 0 },
]);

export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    language: "en",
    columns: {},
    pareto: { aCutoff: 0.8, bCutoff: 0.95 },
    bcg: { x: "margin", xThreshold: { method: "median" }, yThreshold: { method: "median" } },
    score: { criteria: DEFAULT_CRITERIA.map((c) => ({ ...c })), tierCutoffs: { a: 75, b: 50, c: 25 }, tiers: "pyramid", pyramid: { a: 0.1, b: 0.2, c: 0.3 } },
    insights: defaultInsights(),
    clv: { retention: null, discount: 0.1, years: null },
    orderList: { horizonMonths: 12, growthThreshold: 0, calibrationEnd: null, aliveAt: null, monthlyClv: false, model: "auto", rfmRules: DEFAULT_RFM_RULES.map((x) => ({ segment: x.segment, r: [x.r[0], x.r[1]], fm: [x.fm[0], x.fm[1]] })) },
    concentration: { top1: 0.1, top5: 0.4, top10: 0.6, hhi: 0.15 },
  };
}

export function defaultInsights(): InsightSettings {
  return {
    topN: 10,
    topBy: "revenue",
    dependencyShare: 0.05,
    segmentColumn: null,
    potentials: {},
    segmentWeights: { margin: 1, cost: 1, effort: 1, penetration: 1 },
    funnel: null,
  };
}

export type SettingsInput = {
  version?: number;
  language?: Settings["language"];
  columns?: Settings["columns"];
  pareto?: Partial<Settings["pareto"]>;
  bcg?: Partial<Settings["bcg"]>;
  score?: { criteria?: CriterionSetting[]; tierCutoffs?: Partial<Settings["score"]["tierCutoffs"]>; tiers?: "pyramid" | "fixed"; pyramid?: Partial<Settings["score"]["pyramid"]> };
  insights?: Partial<Omit<InsightSettings, "funnel" | "segmentWeights">> & {
    funnel?: (Omit<NonNullable<InsightSettings["funnel"]>, "addressToCall"> & { addressToCall?: number }) | null;
    segmentWeights?: Partial<InsightSettings["segmentWeights"]>;
  };
  clv?: Partial<Settings["clv"]>;
  orderList?: Partial<Settings["orderList"]>;
  concentration?: Partial<Settings["concentration"]>;
};

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Invalid settings: ${problems[0]}` : `Invalid settings:\n- ${problems.join("\n- ")}`);
    this.name = "SettingsError";
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const KNOWN_KEYS: Record<string, readonly string[]> = {
  "": ["version", "language", "columns", "pareto", "bcg", "score", "insights", "clv", "orderList", "concentration"],
  clv: ["retention", "discount", "years"],
  orderList: ["horizonMonths", "rfmRules", "growthThreshold", "calibrationEnd", "aliveAt", "monthlyClv", "model"],
  insights: ["topN", "topBy", "dependencyShare", "segmentColumn", "potentials", "segmentWeights", "funnel"],
  "insights.segmentWeights": ["margin", "cost", "effort", "penetration"],
  "insights.funnel": ["target", "orderValue", "callToAppointment", "appointmentToQuote", "quoteToOrder", "addressToCall"],
  pareto: ["aCutoff", "bCutoff"],
  bcg: ["x", "xThreshold", "yThreshold"],
  score: ["criteria", "tierCutoffs", "tiers", "pyramid"],
  "score.tierCutoffs": ["a", "b", "c"],
  "score.pyramid": ["a", "b", "c"],
  concentration: ["top1", "top5", "top10", "hhi"],
};

function unknownKeys(obj: Record<string, unknown>, path: string, problems: string[]): void {
  const known = KNOWN_KEYS[path];
  if (!known) return;
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) problems.push(`unknown setting "${path ? path + "." : ""}${k}" (known: ${known.join(", ")})`);
  }
}

/** What is wrong with a list of RFM rules (empty when nothing). */
export function rfmRuleProblems(rules: unknown): string[] {
  const problems: string[] = [];
  if (!Array.isArray(rules) || rules.length === 0) return ["orderList.rfmRules must be a list of rules {segment, r: [from, to], fm: [from, to]}"];
  const range = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x) && x >= 1 && x <= 5) && (v[0] as number) <= (v[1] as number);
  rules.forEach((rule, k) => {
    const at = `orderList.rfmRules[${k}]`;
    if (!isObject(rule)) return void problems.push(`${at} must be an object {segment, r, fm}`);
    for (const key of Object.keys(rule)) if (!["segment", "r", "fm"].includes(key)) problems.push(`unknown setting "${at}.${key}" (known: segment, r, fm)`);
    if (typeof rule.segment !== "string" || !rule.segment.trim()) problems.push(`${at}.segment must be the segment's name; got ${JSON.stringify(rule.segment)}`);
    for (const key of ["r", "fm"] as const) if (!range(rule[key])) problems.push(`${at}.${key} must be [from, to] with whole scores 1 to 5 and from ≤ to, e.g. [4, 5]; got ${JSON.stringify(rule[key])}`);
  });
  return problems;
}

function checkFraction(v: unknown, name: string, problems: string[], allowZero = false): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v > 1 || (allowZero ? v < 0 : v <= 0)) {
    problems.push(`${name} must be a share between ${allowZero ? "0" : "0 (exclusive)"} and 1, e.g. 0.8 for 80%; got ${JSON.stringify(v)}`);
  }
}

function checkThreshold(v: unknown, name: string, problems: string[]): void {
  if (!isObject(v)) {
    problems.push(`${name} must be {"method":"median"}, {"method":"mean"} or {"method":"fixed","value":<number>}`);
    return;
  }
  if (v.method === "median" || v.method === "mean") return;
  if (v.method === "fixed") {
    if (typeof v.value !== "number" || !Number.isFinite(v.value)) problems.push(`${name}.value must be a number for a fixed threshold`);
    return;
  }
  problems.push(`${name}.method must be "median", "mean" or "fixed"; got ${JSON.stringify(v.method)}`);
}

/**
 * Check a complete settings object; returns the list of problems (empty when valid).
 * Criteria are checked for shape here; whether a named column exists is checked against the table.
 */
/** A real calendar date written as 2024-06-30 (not 2025-02-30, which Date.parse rolls over to March). */
function isIsoDate(v: unknown): boolean {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const t = Date.parse(v);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
}

export function validateSettings(s: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(s)) return ["settings must be an object"];
  unknownKeys(s, "", problems);
  if (s.version !== SETTINGS_VERSION) problems.push(`version must be ${SETTINGS_VERSION}; got ${JSON.stringify(s.version)}`);
  if (s.language !== "en" && s.language !== "nl") problems.push(`language must be "en" or "nl"; got ${JSON.stringify(s.language)}`);
  if (!isObject(s.columns)) problems.push("columns must be an object of role → header text");
  else {
    for (const [role, header] of Object.entries(s.columns)) {
      if (!isMappableRole(role)) problems.push(`columns: unknown role "${role}" (known: ${[...ROLES, ...ORDER_LIST_ROLES, "customerId"].join(", ")})`);
      else if (header !== null && typeof header !== "string") problems.push(`columns.${role} must be a header text or null`);
    }
  }
  const pareto = s.pareto;
  if (!isObject(pareto)) problems.push("pareto must be an object");
  else {
    unknownKeys(pareto, "pareto", problems);
    checkFraction(pareto.aCutoff, "pareto.aCutoff", problems);
    checkFraction(pareto.bCutoff, "pareto.bCutoff", problems);
    if (typeof pareto.aCutoff === "number" && typeof pareto.bCutoff === "number" && pareto.aCutoff > pareto.bCutoff) {
      problems.push(`Pareto cut-offs out of order: the A cut-off (${pareto.aCutoff}) must not be above the B cut-off (${pareto.bCutoff})`);
    }
  }
  const bcg = s.bcg;
  if (!isObject(bcg)) problems.push("bcg must be an object");
  else {
    unknownKeys(bcg, "bcg", problems);
    if (bcg.x !== "margin" && bcg.x !== "profit") problems.push(`bcg.x must be "margin" or "profit"; got ${JSON.stringify(bcg.x)}`);
    checkThreshold(bcg.xThreshold, "bcg.xThreshold", problems);
    checkThreshold(bcg.yThreshold, "bcg.yThreshold", problems);
  }
  const score = s.score;
  if (!isObject(score)) problems.push("score must be an object");
  else {
    unknownKeys(score, "score", problems);
    if (!Array.isArray(score.criteria) || score.criteria.length === 0) problems.push("score.criteria must be a non-empty list");
    else {
      const seen = new Set<string>();
      let positive = 0;
      score.criteria.forEach((c: unknown, i: number) => {
        if (!isObject(c) || typeof c.criterion !== "string" || c.criterion.trim() === "") {
          problems.push(`score.criteria[${i}] needs a criterion name`);
          return;
        }
        const label = `criterion "${c.criterion}"`;
        if (seen.has(c.criterion)) problems.push(`${label} is listed twice`);
        seen.add(c.criterion);
        if (typeof c.weight !== "number" || !Number.isFinite(c.weight)) problems.push(`${label}: weight must be a number`);
        else if (c.weight < 0) problems.push(`${label}: negative weight ${c.weight}; weights are 0 or more`);
        else if (c.weight > MAX_WEIGHT) {
          problems.push(`${label}: weight ${c.weight} is above ${MAX_WEIGHT.toLocaleString("en-US")}; weights count relative to each other, so 0 to 10 is plenty`);
          positive++;
        }
        else if (c.weight > 0) positive++;
        if (c.lowerIsBetter !== undefined && typeof c.lowerIsBetter !== "boolean") problems.push(`${label}: lowerIsBetter must be true or false`);
        for (const k of Object.keys(c)) {
          if (!["criterion", "weight", "lowerIsBetter"].includes(k)) problems.push(`${label}: unknown field "${k}"`);
        }
      });
      if (positive === 0 && score.criteria.length > 0) problems.push("at least one criterion needs a weight above 0");
    }
    const t = score.tierCutoffs;
    if (!isObject(t)) problems.push("score.tierCutoffs must be an object {a, b, c}");
    else {
      unknownKeys(t, "score.tierCutoffs", problems);
      checkABC(t, "score.tierCutoffs", 100, "a score from 0 to 100", problems);
      if (typeof t.a === "number" && typeof t.b === "number" && typeof t.c === "number" && !(t.a >= t.b && t.b >= t.c)) {
        problems.push(`tier cut-offs out of order: A (${t.a}) ≥ B (${t.b}) ≥ C (${t.c}) is required`);
      }
    }
    if (score.tiers !== undefined && score.tiers !== "pyramid" && score.tiers !== "fixed") problems.push(`score.tiers must be "pyramid" or "fixed"; got ${JSON.stringify(score.tiers)}`);
    const pyr = score.pyramid;
    if (pyr !== undefined) {
      if (!isObject(pyr)) problems.push("score.pyramid must be an object {a, b, c} of shares");
      else {
        unknownKeys(pyr, "score.pyramid", problems);
        checkABC(pyr, "score.pyramid", 1, "a share from 0 to 1", problems);
        if ([pyr.a, pyr.b, pyr.c].every((v) => typeof v === "number") && (pyr.a as number) + (pyr.b as number) + (pyr.c as number) > 1 + 1e-9) problems.push("score.pyramid: the shares of A, B and C add up to more than 100%");
      }
    }
  }
  const ins = s.insights;
  if (!isObject(ins)) problems.push("insights must be an object");
  else {
    unknownKeys(ins, "insights", problems);
    if (!Number.isInteger(ins.topN) || (ins.topN as number) < 1) problems.push(`insights.topN must be a whole number of 1 or more; got ${JSON.stringify(ins.topN)}`);
    if (ins.topBy !== "revenue" && ins.topBy !== "score") problems.push(`insights.topBy must be "revenue" or "score"; got ${JSON.stringify(ins.topBy)}`);
    checkFraction(ins.dependencyShare, "insights.dependencyShare", problems);
    if (ins.segmentColumn !== null && typeof ins.segmentColumn !== "string") problems.push("insights.segmentColumn must be a header text or null");
    if (!isObject(ins.potentials)) problems.push("insights.potentials must be an object of segment → number of potential companies");
    else for (const [k, v] of Object.entries(ins.potentials)) if (typeof v !== "number" || !(v > 0)) problems.push(`insights.potentials["${k}"] must be a number above 0; got ${JSON.stringify(v)}`);
    const w = ins.segmentWeights;
    if (!isObject(w)) problems.push("insights.segmentWeights must be an object {margin, cost, effort, penetration}");
    else {
      unknownKeys(w, "insights.segmentWeights", problems);
      for (const k of ["margin", "cost", "effort", "penetration"]) if (typeof w[k] !== "number" || !((w[k] as number) >= 0)) problems.push(`insights.segmentWeights.${k} must be 0 or more; got ${JSON.stringify(w[k])}`);
    }
    const f = ins.funnel;
    if (f !== null) {
      if (!isObject(f)) problems.push("insights.funnel must be an object or null");
      else {
        unknownKeys(f, "insights.funnel", problems);
        if (typeof f.target !== "number" || !(f.target >= 0)) problems.push(`insights.funnel.target must be a revenue target of 0 or more; got ${JSON.stringify(f.target)}`);
        if (typeof f.orderValue !== "number" || !(f.orderValue > 0)) problems.push(`insights.funnel.orderValue must be above 0; got ${JSON.stringify(f.orderValue)}`);
        for (const k of ["callToAppointment", "appointmentToQuote", "quoteToOrder", "addressToCall"]) checkFraction(f[k], `insights.funnel.${k}`, problems);
      }
    }
  }
  const clv = s.clv;
  if (!isObject(clv)) problems.push("clv must be an object {retention, discount, years}");
  else {
    unknownKeys(clv, "clv", problems);
    if (clv.retention !== null && (typeof clv.retention !== "number" || !(clv.retention >= 0 && clv.retention < 1))) problems.push(`clv.retention must be a rate from 0 to below 1 (0.8 for 80%), or null; got ${JSON.stringify(clv.retention)}`);
    if (typeof clv.discount !== "number" || !(clv.discount >= 0 && clv.discount < 1)) problems.push(`clv.discount must be a rate from 0 to below 1 (0.1 for 10%); got ${JSON.stringify(clv.discount)}`);
    if (clv.years !== null && (typeof clv.years !== "number" || !(clv.years >= 0))) problems.push(`clv.years must be 0 or more, or null; got ${JSON.stringify(clv.years)}`);
  }
  const ol = s.orderList;
  if (!isObject(ol)) problems.push("orderList must be an object {horizonMonths, rfmRules, growthThreshold}");
  else {
    unknownKeys(ol, "orderList", problems);
    if (!Number.isInteger(ol.horizonMonths) || (ol.horizonMonths as number) < 1 || (ol.horizonMonths as number) > 120) problems.push(`orderList.horizonMonths must be a whole number of months from 1 to 120; got ${JSON.stringify(ol.horizonMonths)}`);
    problems.push(...rfmRuleProblems(ol.rfmRules));
    if (ol.calibrationEnd !== null && !isIsoDate(ol.calibrationEnd)) problems.push(`orderList.calibrationEnd must be a date as 2024-06-30, or null for two thirds into the period; got ${JSON.stringify(ol.calibrationEnd)}`);
    if (ol.aliveAt !== null && ol.aliveAt !== undefined && !isIsoDate(ol.aliveAt)) problems.push(`orderList.aliveAt must be a date as 2025-06-30, or null for no such column; got ${JSON.stringify(ol.aliveAt)}`);
    if (ol.monthlyClv !== undefined && typeof ol.monthlyClv !== "boolean") problems.push(`orderList.monthlyClv must be true or false; got ${JSON.stringify(ol.monthlyClv)}`);
    if (!["auto", "bgnbd", "mbgnbd", "paretonbd"].includes(ol.model as string)) problems.push(`orderList.model must be "auto", "bgnbd", "mbgnbd" or "paretonbd"; got ${JSON.stringify(ol.model)}`);
    if (typeof ol.growthThreshold !== "number" || !Number.isFinite(ol.growthThreshold) || ol.growthThreshold < -1) problems.push(`orderList.growthThreshold must be a growth rate of −1 (−100%) or more, e.g. 0.05 for 5%; got ${JSON.stringify(ol.growthThreshold)}`);
  }
  const conc = s.concentration;
  if (!isObject(conc)) problems.push("concentration must be an object");
  else {
    unknownKeys(conc, "concentration", problems);
    for (const k of ["top1", "top5", "top10", "hhi"] as const) checkFraction(conc[k], `concentration.${k}`, problems);
  }
  return problems;
}

/**
 * Defaults filled in, then validated. Accepts older or partial objects as users write them;
 * throws a {@link SettingsError} listing every problem.
 */
/** Each of `a`, `b` and `c` of a tier setting a number from 0 to `max` (`what` says which, in the message). */
function checkABC(o: Record<string, unknown>, path: string, max: number, what: string, problems: string[]): void {
  for (const k of ["a", "b", "c"] as const) {
    const v = o[k];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > max) problems.push(`${path}.${k} must be ${what}; got ${JSON.stringify(v)}`);
  }
}

/** The largest weight: weights are relative, and far larger ones only make sums overflow. */
export const MAX_WEIGHT = 1_000_000;

export function resolveSettings(input: SettingsInput | Settings | null | undefined = {}): Settings {
  if (input !== null && input !== undefined && !isObject(input)) throw new SettingsError(["settings must be a JSON object"]);
  const i = (input ?? {}) as Record<string, unknown> & SettingsInput;
  const d = defaultSettings();
  const merged: Record<string, unknown> = {
    ...i,
    version: i.version ?? d.version,
    language: i.language ?? d.language,
    columns: i.columns ?? d.columns,
    pareto: isObject(i.pareto) ? { ...d.pareto, ...i.pareto } : (i.pareto ?? d.pareto),
    bcg: isObject(i.bcg) ? { ...d.bcg, ...i.bcg } : (i.bcg ?? d.bcg),
    score: isObject(i.score)
      ? {
          ...i.score,
          criteria: i.score.criteria ?? d.score.criteria,
          tierCutoffs: isObject(i.score.tierCutoffs) ? { ...d.score.tierCutoffs, ...i.score.tierCutoffs } : (i.score.tierCutoffs ?? d.score.tierCutoffs),
          // Cut-offs given without a method mean fixed cut-offs; otherwise the customer pyramid.
          tiers: i.score.tiers ?? (i.score.tierCutoffs !== undefined ? "fixed" : d.score.tiers),
          pyramid: isObject(i.score.pyramid) ? { ...d.score.pyramid, ...i.score.pyramid } : (i.score.pyramid ?? d.score.pyramid),
        }
      : (i.score ?? d.score),
    insights: isObject(i.insights)
      ? {
          ...d.insights,
          ...i.insights,
          segmentWeights: isObject(i.insights.segmentWeights) ? { ...d.insights.segmentWeights, ...i.insights.segmentWeights } : (i.insights.segmentWeights ?? d.insights.segmentWeights),
          funnel: isObject(i.insights.funnel) ? { ...i.insights.funnel, addressToCall: i.insights.funnel.addressToCall ?? 1 } : (i.insights.funnel ?? null),
        }
      : (i.insights ?? d.insights),
    clv: isObject(i.clv) ? { ...d.clv, ...i.clv } : (i.clv ?? d.clv),
    orderList: isObject(i.orderList) ? { ...d.orderList, ...i.orderList } : (i.orderList ?? d.orderList),
    concentration: isObject(i.concentration) ? { ...d.concentration, ...i.concentration } : (i.concentration ?? d.concentration),
  };
  const problems = validateSettings(merged);
  if (problems.length) throw new SettingsError(problems);
  return structuredCloneSettings(merged as unknown as Settings);
}

function structuredCloneSettings(s: Settings): Settings {
  return JSON.parse(JSON.stringify(s)) as Settings;
}
