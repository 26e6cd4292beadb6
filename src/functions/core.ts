/**
 * The worksheet functions as pure functions over the grids Excel passes (a range is a
 * two-dimensional array, a single cell a 1×1 one). They call the engine, so every answer equals the
 * Segment button's for the same data. Bad input throws a {@link FunctionError} with Excel's error and
 * a message; functions.ts turns it into `CustomFunctions.Error`.
 */
import { expectedPurchases as bgExpected, probabilityAlive as bgAlive } from "../engine/orders/bgnbd.js";
import { mbgExpectedPurchases, mbgProbabilityAlive } from "../engine/orders/mbgnbd.js";
import {
  bcg,
  clvFromLifetime,
  clvFromRetention,
  ClvError,
  detectNotation,
  FunnelError,
  salesFunnel,
  isBlank,
  median,
  normalizeCriterion,
  pareto,
  parseNumber,
  resolveSettings,
  resultCells,
  resultHeaders,
  segment,
  SettingsError,
  TableError,
  tierOf,
  weightedScore,
  type Cell,
  type SettingsInput,
  type ThresholdSetting,
} from "../engine/index.js";

/**
 * The errors a worksheet function returns. Only #VALUE! and #N/A can carry a message in Excel
 * (CustomFunctions.ErrorCode: "A custom error message can't be used" with #NUM!, #DIV/0! and #NULL!),
 * so bad numbers such as cut-offs out of order are #VALUE! with the reason, never a bare #NUM!.
 */
export type ExcelErrorCode = "#VALUE!" | "#N/A";

export class FunctionError extends Error {
  constructor(
    readonly code: ExcelErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "FunctionError";
  }
}

export type Grid = readonly (readonly unknown[])[];
type Out = (string | number)[][];

/** A parameter as a grid: Excel passes ranges as 2-D arrays; a plain value becomes a 1×1 grid. */
function asGrid(v: unknown): Grid {
  if (Array.isArray(v)) return Array.isArray(v[0]) ? (v as Grid) : [v];
  return [[v]];
}

function flat(grid: Grid): unknown[] {
  const out: unknown[] = [];
  for (const row of grid) for (const v of row) out.push(v);
  return out;
}

/**
 * Numbers of a range, read like the engine reads a column (text numbers in either notation); NaN
 * for blank cells. Text that is not a number is #VALUE!, naming the cell's place in the range.
 */
function numbers(grid: Grid, what: string): Float64Array {
  const cells = flat(grid);
  const width = grid[0]?.length ?? 1;
  const notation = detectNotation(cells);
  const out = new Float64Array(cells.length);
  cells.forEach((v, k) => {
    if (isBlank(v)) {
      out[k] = NaN;
      return;
    }
    const p = parseNumber(v, notation);
    if (!p.ok) {
      const where = cells.length > 1 ? ` (row ${Math.floor(k / width) + 1}, column ${(k % width) + 1} of the range)` : "";
      throw new FunctionError("#VALUE!", `${what}: "${String(v)}" is not a number${where}.`);
    }
    out[k] = p.value;
  });
  return out;
}

function present(values: Float64Array): number {
  let n = 0;
  for (const v of values) if (!Number.isNaN(v)) n++;
  return n;
}

function nonEmpty(values: Float64Array, what: string): void {
  if (present(values) === 0) throw new FunctionError("#N/A", `${what}: the range is empty.`);
}

function optionalNumber(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null || isBlank(v)) return undefined;
  const x = numbers(asGrid(v), what);
  if (x.length !== 1) throw new FunctionError("#VALUE!", `${what} must be one number.`);
  return Number.isNaN(x[0]!) ? undefined : x[0]!;
}

/** Cut-offs checked by the engine's settings rules: out of order or outside 0..1 is #VALUE! with the reason. */
function paretoCutoffs(a: unknown, b: unknown): { aCutoff: number; bCutoff: number } {
  const aCutoff = optionalNumber(a, "a_cutoff");
  const bCutoff = optionalNumber(b, "b_cutoff");
  try {
    return resolveSettings({ pareto: { ...(aCutoff !== undefined ? { aCutoff } : {}), ...(bCutoff !== undefined ? { bCutoff } : {}) } }).pareto;
  } catch (e) {
    throw new FunctionError("#VALUE!", (e as Error).message);
  }
}

/** A threshold parameter: omitted → the median of the values; one number → that number; a range → its median. */
function threshold(v: unknown, what: string): ThresholdSetting {
  if (v === undefined || v === null || (!Array.isArray(v) && isBlank(v))) return { method: "median" };
  const values = numbers(asGrid(v), what);
  nonEmpty(values, what);
  return { method: "fixed", value: present(values) === 1 ? values.find((x) => !Number.isNaN(x))! : median(values) };
}

/**
 * BCG quadrant per customer: "Star", "Cash Cow", "Question Mark" or "Dog" ("" for a blank).
 * Thresholds as the engine takes them: omitted means the median of the given values.
 */
export function bcgQuadrantGrid(profitability: unknown, growth: unknown, profitThreshold?: unknown, growthThreshold?: unknown): Out {
  const px = asGrid(profitability);
  const gy = asGrid(growth);
  if (px.length !== gy.length || (px[0]?.length ?? 0) !== (gy[0]?.length ?? 0)) {
    throw new FunctionError("#VALUE!", `profitability (${px.length}×${px[0]?.length ?? 0}) and growth (${gy.length}×${gy[0]?.length ?? 0}) must be the same size.`);
  }
  const xs = numbers(px, "profitability");
  const ys = numbers(gy, "growth");
  nonEmpty(xs, "profitability");
  nonEmpty(ys, "growth");
  const r = bcg(xs, ys, threshold(profitThreshold, "profit_threshold"), threshold(growthThreshold, "growth_threshold"));
  const width = px[0]?.length ?? 1;
  return px.map((row, i) => row.map((_, j) => r.quadrants[i * width + j] ?? ""));
}

function paretoOf(all: unknown, a: unknown, b: unknown) {
  const values = numbers(asGrid(all), "all_revenues");
  nonEmpty(values, "all_revenues");
  return { values, result: pareto(values, paretoCutoffs(a, b)) };
}

interface ParetoEntry {
  values: Float64Array;
  result: ReturnType<typeof pareto>;
  /** Where each revenue first occurs in the range, for a batch of calls over the same range. */
  first: Map<number, number> | null;
}

/**
 * Filling =SEG.PARETOCLASS(B2, B$2:B$100001) down 100,000 rows calls the function 100,000 times over
 * the same range, each call sorting it again (91 ms each on 100k values: hours). Within one batch of
 * calls Excel evaluates them in one calculation, so a range at the same address holds the same values:
 * its parsed values, Pareto result and positions are kept per address (and cut-offs) until the batch
 * is over (the next turn of the event loop). Without the address (hosts before CustomFunctionsRuntime
 * 1.5) every call works alone, as before.
 */
const batch = new Map<string, ParetoEntry>();
let clearing = false;

function paretoFor(all: unknown, a: unknown, b: unknown, address?: string): ParetoEntry {
  if (!address) return { ...paretoOf(all, a, b), first: null };
  // The address, the cut-offs and a cheap fingerprint of the values (size, first and last cell): should
  // a batch ever see the range at one address with other values, the key differs.
  const grid = asGrid(all);
  const lastRow = grid[grid.length - 1] ?? [];
  const key = `${address}|${String(a ?? "")}|${String(b ?? "")}|${grid.length}x${grid[0]?.length ?? 0}|${String(grid[0]?.[0])}|${String(lastRow[lastRow.length - 1])}`;
  let hit = batch.get(key);
  if (!hit) {
    const { values, result } = paretoOf(all, a, b);
    const first = new Map<number, number>();
    for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!) && !first.has(values[i]!)) first.set(values[i]!, i);
    hit = { values, result, first };
    batch.set(key, hit);
    if (!clearing) {
      clearing = true;
      setTimeout(() => {
        batch.clear();
        clearing = false;
      }, 0);
    }
  }
  return hit;
}

/** Position of a revenue in the range; equal revenues rank in range order, so the first is the one asked for. */
function find(values: Float64Array, revenue: unknown, first: Map<number, number> | null = null): number {
  const x = optionalNumber(revenue, "revenue");
  if (x === undefined) throw new FunctionError("#N/A", "revenue is empty.");
  const i = first ? (first.get(x) ?? -1) : values.indexOf(x);
  if (i < 0) throw new FunctionError("#N/A", `revenue ${x} does not occur in all_revenues.`);
  return i;
}

/** Pareto class ("A", "B", "C") of one revenue among all revenues. Of equal revenues the first in the range counts. */
export function paretoClassOf(revenue: unknown, allRevenues: unknown, aCutoff?: unknown, bCutoff?: unknown, rangeAddress?: string): string {
  const { values, result, first } = paretoFor(allRevenues, aCutoff, bCutoff, rangeAddress);
  return result.classes[find(values, revenue, first)] ?? "";
}

/** Cumulative revenue share (0..1) up to and including one revenue. Of equal revenues the first in the range counts. */
export function cumShareOf(revenue: unknown, allRevenues: unknown, rangeAddress?: string): number {
  const { values, result, first } = paretoFor(allRevenues, undefined, undefined, rangeAddress);
  return result.cumulative[find(values, revenue, first)]!;
}

/** Rank, cumulative share and class for every revenue in the range, in range order ("" for blanks). */
export function paretoGrid(allRevenues: unknown, aCutoff?: unknown, bCutoff?: unknown): Out {
  const { values, result } = paretoOf(allRevenues, aCutoff, bCutoff);
  const out: Out = [];
  for (let i = 0; i < values.length; i++) {
    out.push(Number.isNaN(values[i]!) ? ["", "", ""] : [result.rank[i]!, result.cumulative[i]!, result.classes[i]!]);
  }
  return out;
}

function truthy(v: unknown, what: string): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (isBlank(v)) return false;
  const s = String(v).trim().toLowerCase();
  if (["true", "waar", "ja", "yes", "1"].includes(s)) return true;
  if (["false", "onwaar", "nee", "no", "0"].includes(s)) return false;
  throw new FunctionError("#VALUE!", `${what}: "${String(v)}" is not TRUE or FALSE.`);
}

/**
 * Weighted score (0..100) per row of `values` (rows = customers, columns = criteria): each column
 * normalised by PERCENTRANK.INC (reversed where lower is better), a blank leaves that criterion out
 * for that row, exactly as the engine scores.
 */
export function scoreGrid(values: unknown, weights: unknown, lowerIsBetter?: unknown): Out {
  const grid = asGrid(values);
  const cols = grid[0]?.length ?? 0;
  const rows = grid.length;
  const w = numbers(asGrid(weights), "weights");
  if (w.length !== cols) throw new FunctionError("#VALUE!", `weights has ${w.length} values for ${cols} criteria (columns of values).`);
  for (const x of w) {
    if (Number.isNaN(x)) throw new FunctionError("#VALUE!", "weights: every criterion needs a weight.");
    if (x < 0) throw new FunctionError("#VALUE!", `weights: negative weight ${x}; weights are 0 or more.`);
  }
  if (!w.some((x) => x > 0)) throw new FunctionError("#VALUE!", "weights: at least one weight must be above 0.");
  let lower: boolean[] = new Array(cols).fill(false);
  if (lowerIsBetter !== undefined && lowerIsBetter !== null) {
    const l = flat(asGrid(lowerIsBetter));
    if (l.length !== cols) throw new FunctionError("#VALUE!", `lower_is_better has ${l.length} values for ${cols} criteria.`);
    lower = l.map((v) => truthy(v, "lower_is_better"));
  }
  const columns: Float64Array[] = [];
  for (let c = 0; c < cols; c++) {
    const col = numbers(grid.map((r) => [r[c]]), `values column ${c + 1}`);
    columns.push(normalizeCriterion(col, lower[c]!));
  }
  if (columns.every((c) => present(c) === 0)) throw new FunctionError("#N/A", "values: the range is empty.");
  const s = weightedScore(columns, [...w], rows);
  return Array.from(s, (x) => [Number.isNaN(x) ? "" : x]);
}

/** Tier "A".."D" for a score, with cut-offs {A, B, C} (default 75, 50, 25). */
export function tierFor(score: unknown, cutoffs?: unknown): string {
  const s = optionalNumber(score, "score");
  if (s === undefined) throw new FunctionError("#N/A", "score is empty.");
  let c = { a: 75, b: 50, c: 25 };
  if (cutoffs !== undefined && cutoffs !== null && !(typeof cutoffs === "string" && cutoffs === "")) {
    const v = numbers(asGrid(cutoffs), "cutoffs");
    if (v.length !== 3 || v.some((x) => Number.isNaN(x))) throw new FunctionError("#VALUE!", "cutoffs must be three numbers: the lowest score for A, B and C.");
    c = { a: v[0]!, b: v[1]!, c: v[2]! };
    if (!(c.a >= c.b && c.b >= c.c)) throw new FunctionError("#VALUE!", `cutoffs out of order: A (${c.a}) ≥ B (${c.b}) ≥ C (${c.c}) is required.`);
  }
  return tierOf(s, c) ?? "";
}

/**
 * The whole engine on a table range (header row first): one row per data row with the customer and
 * the result columns, under a header row.
 */
export function segmentGrid(table: unknown, settingsJson?: unknown): Out {
  const grid = asGrid(table) as Cell[][];
  let settings: SettingsInput = {};
  if (typeof settingsJson === "string" && settingsJson.trim() !== "") {
    try {
      settings = JSON.parse(settingsJson) as SettingsInput;
    } catch (e) {
      throw new FunctionError("#VALUE!", `settings_json is not valid JSON: ${(e as Error).message}`);
    }
  } else if (settingsJson !== undefined && settingsJson !== null && settingsJson !== "") {
    throw new FunctionError("#VALUE!", "settings_json must be text holding a JSON object.");
  }
  if (grid.length === 0 || grid.every((r) => r.every(isBlank))) throw new FunctionError("#N/A", "table: the range is empty.");
  let r;
  try {
    r = segment(grid, settings);
  } catch (e) {
    if (e instanceof SettingsError) throw new FunctionError("#VALUE!", e.message);
    if (e instanceof TableError) throw new FunctionError("#VALUE!", e.message);
    throw e;
  }
  const lang = r.settings.language;
  const out: Out = [[lang === "nl" ? "Klant" : "Customer", ...resultHeaders(lang)]];
  for (let i = 0; i < r.columns.customer.length; i++) out.push([r.columns.customer[i]!, ...resultCells(r, i).map((v) => v ?? "")]);
  return out;
}

/**
 * Prospect addresses needed for a revenue target: ADDRESSESNEEDED(target, order_value, hit_rates)
 * with hit_rates call→appointment, appointment→quote, quote→order (and optionally address→call),
 * as fractions or percentages. Rounded up at every step, like the engine's planner.
 */
export function addressesNeeded(target: unknown, orderValue: unknown, hitRates: unknown): number {
  const t = optionalNumber(target, "target");
  const v = optionalNumber(orderValue, "order_value");
  if (t === undefined || v === undefined) throw new FunctionError("#N/A", "target and order_value are required.");
  const r = Array.from(numbers(asGrid(hitRates), "hit_rates")).filter((x) => !Number.isNaN(x));
  if (r.length !== 3 && r.length !== 4) throw new FunctionError("#VALUE!", "hit_rates must be 3 rates (call to appointment, appointment to quote, quote to order) or 4 (and address to call).");
  try {
    return salesFunnel(t, v, { callToAppointment: r[0]!, appointmentToQuote: r[1]!, quoteToOrder: r[2]!, addressToCall: r[3] }).addresses;
  } catch (e) {
    if (e instanceof FunnelError) throw new FunctionError("#VALUE!", e.message);
    throw e;
  }
}

/**
 * Customer lifetime value: CLV(margin, retention, discount) = margin × retention / (1 + discount −
 * retention); with `years` instead of a retention rate (CLV(margin, , discount, years)), the
 * discounted margin of that many years.
 */
export function clvOf(margin: unknown, retention?: unknown, discount?: unknown, years?: unknown): number {
  const m = optionalNumber(margin, "margin");
  if (m === undefined) throw new FunctionError("#N/A", "margin is required.");
  const r = optionalNumber(retention, "retention");
  const d = optionalNumber(discount, "discount") ?? 0;
  const y = optionalNumber(years, "years");
  try {
    if (r !== undefined && y !== undefined) throw new FunctionError("#VALUE!", "give a retention rate or an expected lifetime in years, not both.");
    if (r !== undefined) return clvFromRetention(m, r, d);
    if (y !== undefined) return clvFromLifetime(m, y, d);
    throw new FunctionError("#N/A", "give a retention rate (e.g. 0.8) or an expected lifetime in years.");
  } catch (e) {
    if (e instanceof ClvError) throw new FunctionError("#VALUE!", e.message);
    throw e;
  }
}

/** A customer's history and a fitted model's parameters, checked: #VALUE! with the reason otherwise. */
function modelInputs(x: unknown, tx: unknown, T: unknown, params: unknown, model: unknown) {
  const one = (v: unknown, what: string) => {
    const n = optionalNumber(v, what);
    if (n === undefined) throw new FunctionError("#VALUE!", `${what} is empty.`);
    return n;
  };
  const h = { x: one(x, "x"), tx: one(tx, "t_x"), T: one(T, "T") };
  if (!Number.isInteger(h.x) || h.x < 0) throw new FunctionError("#VALUE!", `x (repeat purchases) must be a whole number of 0 or more; got ${h.x}.`);
  if (h.tx < 0 || h.T < h.tx) throw new FunctionError("#VALUE!", `t_x and T must be weeks with 0 ≤ t_x ≤ T; got t_x ${h.tx}, T ${h.T}.`);
  if (h.x === 0 && h.tx !== 0) throw new FunctionError("#VALUE!", `t_x must be 0 for a customer without repeat purchases (x = 0); got ${h.tx}.`);
  const p = numbers(asGrid(params), "params");
  if (p.length !== 4 || p.some((v) => !(v > 0))) throw new FunctionError("#VALUE!", "params must be the model's four positive parameters r, alpha, a, b (a range of four cells, as the JSON or the Segmentation sheet gives them).");
  const name = model === undefined || model === null || isBlank(model) ? "BGNBD" : String(model).replace(/[^a-z]/gi, "").toUpperCase();
  if (name !== "BGNBD" && name !== "MBGNBD") throw new FunctionError("#VALUE!", `model must be "BG/NBD" or "MBG/NBD"; got "${String(model)}".`);
  return { h, p: { r: p[0]!, alpha: p[1]!, a: p[2]!, b: p[3]!, logLikelihood: 0 }, mbg: name === "MBGNBD" };
}

/** P(alive): the chance a customer with this history (x, t_x, T in weeks) is still a customer, under BG/NBD or MBG/NBD. */
export function pAliveOf(x: unknown, tx: unknown, T: unknown, params: unknown, model?: unknown): number {
  const { h, p, mbg } = modelInputs(x, tx, T, params, model);
  return mbg ? mbgProbabilityAlive(p, h) : bgAlive(p, h);
}

/** Expected purchases in the next t weeks for a customer with this history, under BG/NBD or MBG/NBD. */
export function expectedPurchasesOf(t: unknown, x: unknown, tx: unknown, T: unknown, params: unknown, model?: unknown): number {
  const weeks = optionalNumber(t, "t");
  if (weeks === undefined || weeks < 0) throw new FunctionError("#VALUE!", "t must be a number of weeks, 0 or more.");
  const { h, p, mbg } = modelInputs(x, tx, T, params, model);
  const v = mbg ? mbgExpectedPurchases(p, weeks, h) : bgExpected(p, weeks, h);
  if (!Number.isFinite(v)) throw new FunctionError("#VALUE!", "these parameters give no finite expectation (a of exactly 1, or s of exactly 1 under Pareto/NBD, has none).");
  return v;
}
