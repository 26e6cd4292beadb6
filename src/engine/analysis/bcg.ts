/**
 * BCG matrix per customer: profitability (x) against growth potential (y).
 *
 * A value is high when it is at or above the axis threshold. Thresholds are the median (default),
 * the mean, or a fixed number. Quadrants: Star (high profitability, high growth), Cash Cow (high,
 * low), Question Mark (low, high), Dog (low, low).
 *
 * @example
 * bcgQuadrant(0.3, 5, 0.25, 3)                       // "Star"
 * axisThreshold([0.1, 0.2, 0.4], { method: "median" }) // 0.2
 * bcg([0.1, 0.3], [5, 1], { method: "median" }, { method: "median" }).quadrants // ["Question Mark", "Cash Cow"]
 */
import { mean, median } from "./stats.js";
import type { ThresholdSetting } from "../reading/settings.js";

export type Quadrant = "Star" | "Cash Cow" | "Question Mark" | "Dog";
export const QUADRANTS: readonly Quadrant[] = ["Star", "Cash Cow", "Question Mark", "Dog"];

export function axisThreshold(values: ArrayLike<number>, setting: ThresholdSetting): number {
  switch (setting.method) {
    case "median":
      return median(values);
    case "mean":
      return mean(values);
    case "fixed":
      return setting.value;
  }
}

export function bcgQuadrant(x: number, y: number, xThreshold: number, yThreshold: number): Quadrant | null {
  if (Number.isNaN(x) || Number.isNaN(y) || Number.isNaN(xThreshold) || Number.isNaN(yThreshold)) return null;
  const highX = x >= xThreshold;
  const highY = y >= yThreshold;
  return highX ? (highY ? "Star" : "Cash Cow") : highY ? "Question Mark" : "Dog";
}

export interface BcgResult {
  xThreshold: number;
  yThreshold: number;
  quadrants: (Quadrant | null)[];
}

/** Quadrants for all customers; thresholds are computed over the customers that have both values. */
export function bcg(xs: ArrayLike<number>, ys: ArrayLike<number>, xSetting: ThresholdSetting, ySetting: ThresholdSetting): BcgResult {
  const n = xs.length;
  const bx: number[] = [];
  const by: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(xs[i]!) && !Number.isNaN(ys[i]!)) {
      bx.push(xs[i]!);
      by.push(ys[i]!);
    }
  }
  const xThreshold = axisThreshold(bx, xSetting);
  const yThreshold = axisThreshold(by, ySetting);
  const quadrants: (Quadrant | null)[] = new Array(n);
  for (let i = 0; i < n; i++) quadrants[i] = bcgQuadrant(xs[i]!, ys[i]!, xThreshold, yThreshold);
  return { xThreshold, yThreshold, quadrants };
}
