/**
 * Small statistics over plain number arrays, as Excel computes them.
 *
 * @example
 * median([3, 1, 2, 10])              // 2.5, like =MEDIAN()
 * percentRankInc([1, 2, 2, 4], 2)    // 1/3, like =PERCENTRANK.INC(A1:A4, 2, 15)
 * orderDescending([5, 9, 5])         // [1, 0, 2]: highest first, ties in input order
 */

/** The values that are numbers (NaN stands for a missing value), sorted ascending, as a new Float64Array. */
export function sortedPresent(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out[j++] = v;
  }
  return out.sort();
}

/** Median like Excel's MEDIAN: the middle value, or the mean of the two middle values. NaN when empty. */
export function median(values: ArrayLike<number>): number {
  const s = sortedPresent(values);
  return medianOfSorted(s);
}

export function medianOfSorted(s: ArrayLike<number>): number {
  const n = s.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Arithmetic mean of the present values. NaN when empty. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

/** Index of the first element of an ascending array that is not below x. */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * PERCENTRANK.INC at full precision for a value that occurs in the data: the number of values
 * strictly below x divided by (n - 1); 1 when there is a single value (as Excel returns).
 * `sorted` is the data sorted ascending.
 */
export function percentRankInc(sorted: ArrayLike<number>, x: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (n === 1) return 1;
  const below = lowerBound(sorted, x);
  if (below < n && sorted[below] === x) return below / (n - 1);
  // Between data points Excel interpolates linearly; below or above the data it returns #N/A.
  if (below === 0 || below === n) return NaN;
  const lo = sorted[below - 1]!;
  const hi = sorted[below]!;
  return (below - 1 + (x - lo) / (hi - lo)) / (n - 1);
}

/**
 * Positions ordered by value, highest first; equal values keep input order. NaN values are left out.
 * Sorts a typed array of packed keys, so a million values take a fraction of a second.
 */
export function orderDescending(values: ArrayLike<number>): Uint32Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  const idx = new Uint32Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) idx[j++] = i;
  // Sort the positions with a comparator on a Float64Array: stable on ties by the index tiebreak.
  const v = values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>);
  idx.sort((a, b) => {
    const d = v[b]! - v[a]!;
    return d !== 0 ? d : a - b;
  });
  return idx;
}
