/**
 * Customer lifetime value, in the two closed forms a small firm can fill in.
 *
 * From retention (the standard formula for a customer who brings `margin` a year, stays another year
 * with probability `retention`, and whose future money is discounted at `discount` a year):
 *
 *     CLV = margin × retention / (1 + discount − retention)
 *
 * (the margin of each following year, as long as the customer stays, discounted; this year's margin
 * is not included). From an expected lifetime in years instead: the margin for that many years,
 * discounted, `margin × (1 − (1 + d)^−years) / d`, which is `margin × years` without discounting.
 *
 * @example
 * clvFromRetention(1000, 0.8, 0.1)   // 1000 × 0.8 / 0.3 = 2666.67
 * clvFromLifetime(1000, 5, 0)        // 5000
 * clvFromLifetime(1000, 5, 0.1)      // 3790.79
 */

export class ClvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClvError";
  }
}

export const CLV_FORMULA = "CLV = margin × retention / (1 + discount − retention)";
export const CLV_LIFETIME_FORMULA = "CLV = margin × (1 − (1 + discount)^−years) / discount  (margin × years without discount)";

function checkDiscount(discount: number): void {
  if (!Number.isFinite(discount) || discount < 0 || discount >= 1) throw new ClvError(`the discount rate must be at least 0% and below 100%; got ${discount}`);
}

export function clvFromRetention(margin: number, retention: number, discount: number): number {
  if (!Number.isFinite(margin)) throw new ClvError(`the annual margin must be a number; got ${margin}`);
  if (!Number.isFinite(retention) || retention < 0 || retention >= 1) throw new ClvError(`the retention rate must be at least 0% and below 100%; got ${retention}`);
  checkDiscount(discount);
  return (margin * retention) / (1 + discount - retention);
}

export function clvFromLifetime(margin: number, years: number, discount = 0): number {
  if (!Number.isFinite(margin)) throw new ClvError(`the annual margin must be a number; got ${margin}`);
  if (!Number.isFinite(years) || years < 0) throw new ClvError(`the expected lifetime must be 0 years or more; got ${years}`);
  checkDiscount(discount);
  if (discount === 0) return margin * years;
  return (margin * (1 - (1 + discount) ** -years)) / discount;
}

/**
 * CLV per customer, one per row (NaN where it cannot be computed): from the row's annual profit and
 * its retention rate (the `retention` column, read as a percentage when above 1, else the settings'
 * rate) or else its expected lifetime in years (the `lifetime` column, else the settings' years).
 * Null when the table has no profit and the settings give neither a rate nor years, nor columns.
 */
export function clvColumn(
  profit: ArrayLike<number> | null,
  retention: ArrayLike<number> | null,
  lifetime: ArrayLike<number> | null,
  settings: { retention: number | null; discount: number; years: number | null },
): Float64Array | null {
  if (!profit) return null;
  if (!retention && !lifetime && settings.retention === null && settings.years === null) return null;
  const n = profit.length;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const m = profit[i]!;
    if (Number.isNaN(m)) continue;
    let r = retention ? retention[i]! : NaN;
    if (r > 1) r /= 100;
    if (Number.isNaN(r) && settings.retention !== null) r = settings.retention;
    if (!Number.isNaN(r) && r >= 0 && r < 1) {
      out[i] = clvFromRetention(m, r, settings.discount);
      continue;
    }
    let y = lifetime ? lifetime[i]! : NaN;
    if (Number.isNaN(y) && settings.years !== null) y = settings.years;
    if (!Number.isNaN(y) && y >= 0) out[i] = clvFromLifetime(m, y, settings.discount);
  }
  return out;
}
