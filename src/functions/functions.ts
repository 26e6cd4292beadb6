/**
 * Worksheet functions (namespace SEG, set in the manifest): the same answers as the Segment button,
 * cell by cell. custom-functions-metadata-plugin reads the JSDoc below to write functions.json at
 * build time and registers each function with CustomFunctions.associate.
 *
 * Each function calls its pure twin in core.ts; a FunctionError becomes Excel's own error with the
 * message, and any other failure becomes #VALUE! with a message: never a JavaScript exception.
 */
/* global CustomFunctions */
import { addressesNeeded, bcgQuadrantGrid, clvOf, cumShareOf, expectedPurchasesOf, FunctionError, paretoClassOf, paretoGrid, pAliveOf, scoreGrid, segmentGrid, tierFor } from "./core.js";

// Outside Excel (the task pane opened in a plain browser, tests) there is no custom-functions
// runtime; the registration calls the build appends to this file then have nothing to call.
if (typeof CustomFunctions === "undefined") {
  (globalThis as { CustomFunctions?: unknown }).CustomFunctions = { associate: () => undefined };
}

function call<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    // #VALUE! and #N/A are the two errors Excel shows a message with.
    const code = e instanceof FunctionError && e.code === "#N/A" ? CustomFunctions.ErrorCode.notAvailable : CustomFunctions.ErrorCode.invalidValue;
    const message = e instanceof FunctionError ? e.message : `Unexpected error: ${(e as Error)?.message ?? String(e)}`;
    throw new CustomFunctions.Error(code, message);
  }
}

/**
 * BCG quadrant of a customer from profitability and growth potential: Star, Cash Cow, Question Mark or Dog. Give ranges to get one quadrant per customer.
 * @customfunction BCGQUADRANT
 * @param profitability Margin (or profit) of the customer, or a range of them.
 * @param growth Growth potential of the customer, or a range of the same size.
 * @param [profitThreshold] Profitability from which a customer counts as high: a number, or a range whose median is used. Default: the median of profitability.
 * @param [growthThreshold] Growth from which a customer counts as high: a number, or a range whose median is used. Default: the median of growth.
 * @returns The quadrant name for each customer.
 */
export function bcgQuadrant(profitability: any[][], growth: any[][], profitThreshold?: any[][], growthThreshold?: any[][]): string[][] {
  return call(() => bcgQuadrantGrid(profitability, growth, profitThreshold, growthThreshold) as string[][]);
}

/**
 * Pareto class (A, B or C) of one revenue among all revenues: A while the customers ranked above it have less than the A cut-off of revenue. Of equal revenues the first in the range counts.
 * @customfunction PARETOCLASS
 * @param revenue The customer's revenue.
 * @param allRevenues The revenues of all customers.
 * @param [aCutoff] Cumulative share for class A, default 0.8 (80%).
 * @param [bCutoff] Cumulative share for class B, default 0.95 (95%).
 * @param invocation Where the range is (filled down, the calls over the same range share one sort).
 * @requiresParameterAddresses
 * @returns A, B or C.
 */
export function paretoClass(revenue: any, allRevenues: any[][], aCutoff: number | undefined, bCutoff: number | undefined, invocation: CustomFunctions.Invocation): string {
  return call(() => paretoClassOf(revenue, allRevenues, aCutoff, bCutoff, invocation?.parameterAddresses?.[1]));
}

/**
 * Cumulative revenue share (0 to 1) of all customers ranked up to and including this revenue, highest first. Of equal revenues the first in the range counts.
 * @customfunction CUMSHARE
 * @param revenue The customer's revenue.
 * @param allRevenues The revenues of all customers.
 * @param invocation Where the range is (filled down, the calls over the same range share one sort).
 * @requiresParameterAddresses
 * @returns The cumulative share, as a fraction.
 */
export function cumShare(revenue: any, allRevenues: any[][], invocation: CustomFunctions.Invocation): number {
  return call(() => cumShareOf(revenue, allRevenues, invocation?.parameterAddresses?.[1]));
}

/**
 * Rank, cumulative revenue share and Pareto class for every revenue in a range, spilled as three columns; identical to what the Segment button writes.
 * @customfunction PARETO
 * @param allRevenues The revenues of all customers, one per row.
 * @param [aCutoff] Cumulative share for class A, default 0.8.
 * @param [bCutoff] Cumulative share for class B, default 0.95.
 * @returns One row per revenue: rank, cumulative share, class.
 */
export function paretoAll(allRevenues: any[][], aCutoff?: number, bCutoff?: number): any[][] {
  return call(() => paretoGrid(allRevenues, aCutoff, bCutoff));
}

/**
 * Weighted score (0 to 100) per customer: each criterion column ranked by PERCENTRANK.INC (reversed where lower is better), then the weighted mean over the criteria the customer has.
 * @customfunction SCORE
 * @param values One row per customer, one column per criterion.
 * @param weights One weight per criterion (0 or more).
 * @param [lowerIsBetter] One TRUE/FALSE per criterion: TRUE where a lower value is better, such as payment days.
 * @returns One score per customer.
 */
export function score(values: any[][], weights: any[][], lowerIsBetter?: any[][]): any[][] {
  return call(() => scoreGrid(values, weights, lowerIsBetter));
}

/**
 * Tier A, B, C or D for a score.
 * @customfunction TIER
 * @param score The score, 0 to 100.
 * @param [cutoffs] Three numbers: the lowest score for A, B and C. Default 75, 50, 25.
 * @returns A, B, C or D.
 */
export function tier(score: number, cutoffs?: number[][]): string {
  return call(() => tierFor(score, cutoffs));
}

/**
 * The full segmentation of a customer table (header row first): rank, shares, Pareto class, profit rank, BCG quadrant, score, tier and problems per customer.
 * @customfunction SEGMENT
 * @param table The customer table, header row included.
 * @param [settingsJson] Settings as JSON text, e.g. {"pareto":{"aCutoff":0.7},"language":"nl"}.
 * @returns A header row and one row per customer.
 */
export function segmentTable(table: any[][], settingsJson?: string): any[][] {
  return call(() => segmentGrid(table, settingsJson));
}

/**
 * Prospect addresses needed for a revenue target, from the average order value and the hit rates of the sales funnel, rounded up at every step.
 * @customfunction ADDRESSESNEEDED
 * @param target The revenue target.
 * @param orderValue The average order value.
 * @param hitRates Three rates: call to appointment, appointment to quote, quote to order (and optionally a fourth: address to call), e.g. 20%, 50%, 40%.
 * @returns The number of prospect addresses.
 */
export function addressesNeededFn(target: number, orderValue: number, hitRates: number[][]): number {
  return call(() => addressesNeeded(target, orderValue, hitRates));
}

/**
 * Customer lifetime value: margin × retention / (1 + discount − retention); or, with years instead of a retention rate, the discounted margin of that many years.
 * @customfunction CLV
 * @param margin The customer's annual margin (profit).
 * @param [retention] The chance the customer stays another year, e.g. 0.8 (80%).
 * @param [discount] The discount rate per year, e.g. 0.1 (10%). Default 0.
 * @param [years] The expected lifetime in years, instead of a retention rate.
 * @returns The lifetime value.
 */
export function clv(margin: number, retention?: number, discount?: number, years?: number): number {
  return call(() => clvOf(margin, retention, discount, years));
}

/**
 * The chance that a customer is still active, from a fitted customer-base model (BG/NBD by default, or MBG/NBD): the customer's repeat purchases x, the week of the last purchase t_x and the weeks since the first purchase T.
 * @customfunction PALIVE
 * @param x Repeat purchases (purchases after the first).
 * @param tx Weeks from the first to the last purchase (0 when x is 0).
 * @param T Weeks from the first purchase to now.
 * @param params The model's parameters r, alpha, a, b (four cells).
 * @param [model] "BG/NBD" (default) or "MBG/NBD".
 * @returns P(alive), from 0 to 1.
 */
export function pAlive(x: number, tx: number, T: number, params: number[][], model?: string): number {
  return call(() => pAliveOf(x, tx, T, params, model));
}

/**
 * Purchases a customer is expected to make in the next t weeks, from a fitted customer-base model (BG/NBD by default, or MBG/NBD).
 * @customfunction EXPECTEDPURCHASES
 * @param t Weeks ahead.
 * @param x Repeat purchases (purchases after the first).
 * @param tx Weeks from the first to the last purchase (0 when x is 0).
 * @param T Weeks from the first purchase to now.
 * @param params The model's parameters r, alpha, a, b (four cells).
 * @param [model] "BG/NBD" (default) or "MBG/NBD".
 * @returns The expected number of purchases.
 */
export function expectedPurchasesFn(t: number, x: number, tx: number, T: number, params: number[][], model?: string): number {
  return call(() => expectedPurchasesOf(t, x, tx, T, params, model));
}
