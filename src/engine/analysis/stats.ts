/**
 * Small statistics over plain number arrays, as Excel computes them.
 *
 * @example
 * median([3, 1, 2, 10])              // 2.5, like =MEDIAN()
 * percentRankInc([1, 2, 2, 4], 2)    // 1/3, like =PERCENTRANK.INC(A1:A4, 2, 15)
 * orderDescending([5, 9, 5])         // [1, 0, 2]: highest first, ties in input order
 */
import { f64, u32 } from "../reading/memory.js";

/**
 * Median like Excel's MEDIAN: the middle value, or the mean of the two middle values. NaN when empty.
 * `reorder`: a Float64Array of the caller's own without NaN may be reordered instead of copied.
 */
export function median(values: ArrayLike<number>, reorder = false): number {
  const { n, min, max, whole } = presentRange(values);
  if (n === 0) return NaN;
  // Whole numbers on a small scale (1-5 scores, payment days), many of them: counted, not selected.
  if (whole && n > 1024 && max - min <= 65536) return countedMedian(values, n, min, max);
  let a: Float64Array;
  if (reorder && values instanceof Float64Array && n === values.length) a = values;
  else {
    a = f64(n);
    let j = 0;
    for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) a[j++] = values[i]!;
  }
  const mid = n >> 1;
  const upper = select(a, mid);
  if (n % 2 === 1) return upper;
  // After selecting `mid`, everything left of it is not greater: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < mid; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

/**
 * How many values are present (not NaN), their least and greatest, and whether all are whole numbers:
 * what decides whether they can be counted on a small scale instead of sorted.
 *
 * @example
 * presentRange([3, NaN, 1, 5]) // { n: 3, min: 1, max: 5, whole: true }
 */
export function presentRange(values: ArrayLike<number>): { n: number; min: number; max: number; whole: boolean } {
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && !Number.isInteger(v)) whole = false;
  }
  return { n, min, max, whole };
}

/** The median of `n` present whole numbers between `min` and `max`, from their counts. */
function countedMedian(values: ArrayLike<number>, n: number, min: number, max: number): number {
  const counts = new Uint32Array(max - min + 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) counts[v - min]!++;
  }
  // The k-th smallest (0-based): the first value whose running count passes k.
  const kth = (k: number) => {
    let seen = 0;
    for (let d = 0; d < counts.length; d++) {
      seen += counts[d]!;
      if (seen > k) return min + d;
    }
    return max;
  };
  const mid = n >> 1;
  const upper = kth(mid);
  return n % 2 === 1 ? upper : (kth(mid - 1) + upper) / 2;
}

/**
 * The k-th smallest value (0-based) by quickselect, in linear expected time. Reorders `a` so that
 * a[k] is that value, with nothing greater before it and nothing smaller after it.
 */
export function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // median of three as pivot
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!, y = a[mid]!, z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
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
 * Scratch buffers for the radix sort, reused from call to call: allocating some tens of megabytes
 * per sort makes V8 run full garbage collections for "external memory pressure", each of which has
 * to trace the whole input table. Single-threaded JavaScript makes the reuse safe.
 */
const scratch: Uint32Array[] = [];
function scratchU32(slot: number, n: number): Uint32Array {
  let buf = scratch[slot];
  if (!buf || buf.length < n) {
    buf = new Uint32Array(Math.max(n, Math.ceil((buf?.length ?? 0) * 1.5)));
    scratch[slot] = buf;
  }
  return buf.subarray(0, n);
}
const countsBuffer = new Uint32Array(4 * 65536);

/**
 * Positions of the present values (NaN left out) in value order, a stable sort: equal values keep
 * input order. A least-significant-digit radix sort on the bits of the doubles (four 16-bit passes),
 * so a million values take some tens of milliseconds and the cost grows linearly.
 *
 * @example
 * argsort([5, 9, 5])        // [0, 2, 1]
 * argsort([5, 9, 5], true)  // [1, 0, 2]
 */
export function argsort(values: ArrayLike<number>, descending = false): Uint32Array {
  const len = values.length;
  let n = 0;
  for (let i = 0; i < len; i++) if (!Number.isNaN(values[i]!)) n++;
  if (n < RADIX_MIN) return argsortSmall(values, n, descending);
  const narrow = narrowKeys(values, n, descending);
  if (narrow) return radixSort(narrow.idx, narrow.keys, null);
  // Keys travel with their positions, so every pass reads sequentially.
  const klo = scratchU32(0, n);
  const khi = scratchU32(1, n);
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const L = little ? 0 : 1;
  const H = little ? 1 : 0;
  const idx = u32(n);
  let j = 0;
  for (let i = 0; i < len; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    idx[j++] = i;
    f[0] = v === 0 ? 0 : v; // -0 sorts as 0
    let h = u[H]!;
    let l = u[L]!;
    // Map the double's bits to an unsigned key that orders like the number.
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    if (descending) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    klo[j - 1] = l;
    khi[j - 1] = h;
  }
  return radixSort(idx, klo, khi);
}

/**
 * Stable LSD radix sort of positions `idx` by unsigned keys (`hi` then `lo` 32 bits; `hi` may be
 * null for 32-bit keys), 16 bits a pass. Keys travel with their positions so every pass reads
 * sequentially; a pass where all digits are equal is skipped. The order is returned in `idx`;
 * `lo` and `hi` are used as scratch space and hold nothing useful afterwards; pass `sortedLo` to
 * get the low keys in sorted order.
 */
export function radixSort(idx: Uint32Array, lo: Uint32Array, hi: Uint32Array | null, sortedLo?: Uint32Array): Uint32Array {
  const keepKeys = sortedLo !== undefined;
  const n = idx.length;
  if (n === 0) return idx;
  const passes = hi ? 4 : 2;
  const result = idx;
  let klo: Uint32Array = lo;
  let khi: Uint32Array = hi ?? lo;
  let tIdx: Uint32Array = scratchU32(2, n);
  let tLo: Uint32Array = scratchU32(3, n);
  let tHi: Uint32Array = hi ? scratchU32(4, n) : tLo;
  // One pass counts the digits of every pass.
  const counts = countsBuffer.fill(0);
  for (let k = 0; k < n; k++) {
    const l = klo[k]!;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
  }
  if (hi) {
    for (let k = 0; k < n; k++) {
      const h = khi[k]!;
      counts[131072 + (h & 0xffff)]!++;
      counts[196608 + (h >>> 16)]!++;
    }
  }
  for (let pass = 0; pass < passes; pass++) {
    const key = pass < 2 ? klo : khi;
    const shift = pass % 2 === 0 ? 0 : 16;
    const count = counts.subarray(pass * 65536, (pass + 1) * 65536);
    if (count[(key[0]! >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    const carry = pass < passes - 1 || keepKeys;
    for (let k = 0; k < n; k++) {
      const at = count[(key[k]! >>> shift) & 0xffff]!++;
      tIdx[at] = idx[k]!;
      if (carry) {
        tLo[at] = klo[k]!;
        if (hi) tHi[at] = khi[k]!;
      }
    }
    [idx, tIdx] = [tIdx, idx];
    [klo, tLo] = [tLo, klo];
    if (hi) [khi, tHi] = [tHi, khi];
    else khi = klo;
  }
  // The order ends in the caller's array, whichever buffer the last pass wrote.
  if (idx !== result) result.set(idx);
  if (sortedLo) sortedLo.set(klo);
  return result;
}

/**
 * 32-bit sort keys for values that are exact decimals with few places (amounts in cents, margins in
 * tenths of a percent): when every value v round-trips as round(v × scale) / scale and the scaled
 * range fits in 32 bits, two radix passes sort them instead of four. Null when they do not.
 */
function narrowKeys(values: ArrayLike<number>, n: number, descending: boolean): { idx: Uint32Array; keys: Uint32Array } | null {
  for (const scale of [1, 100, 1000]) {
    let min = Infinity;
    let max = -Infinity;
    let ok = true;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      const k = Math.round(v * scale);
      if (k / scale !== v) {
        ok = false;
        break;
      }
      if (k < min) min = k;
      if (k > max) max = k;
    }
    if (!ok || max - min > 0xffffffff) continue;
    const idx = u32(n);
    const keys = scratchU32(0, n);
    let j = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      const k = Math.round(v * scale);
      idx[j] = i;
      keys[j++] = descending ? max - k : k - min;
    }
    return { idx, keys };
  }
  return null;
}

/** Below this many values a comparison sort is quicker than four radix passes over 64K buckets. */
export const RADIX_MIN = 4096;

/** The same order as {@link argsort} by a comparison sort, for small inputs. */
export function argsortSmall(values: ArrayLike<number>, n: number, descending: boolean): Uint32Array {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) idx.push(i);
  const sign = descending ? -1 : 1;
  idx.sort((a, b) => {
    const d = values[a]! - values[b]!;
    return d !== 0 && !Number.isNaN(d) ? sign * d : values[a]! === values[b]! ? a - b : sign * (values[a]! < values[b]! ? -1 : 1);
  });
  const out = u32(n);
  out.set(idx);
  return out;
}

/** Positions ordered by value, highest first; equal values keep input order. NaN values are left out. */
export function orderDescending(values: ArrayLike<number>): Uint32Array {
  return argsort(values, true);
}

/**
 * For each key, the position of the first equal key before it, or -1 when it is the first; keys
 * are compared after `normalize`. Positions where `skip` is set take no part. The keys are hashed
 * by `hash` (which must agree with `normalize`) and the hashes radix-sorted: a Map of a million new
 * strings is several times slower.
 *
 * @example
 * firstOccurrence(["a", "b", "A", "a"], (s) => s.toLowerCase()) // Int32Array [-1, -1, 0, 0]
 */
export function firstOccurrence(
  keys: readonly string[],
  normalize: (key: string) => string = (k) => k,
  hash: (key: string) => number = fnv1a,
  skip: Uint8Array | null = null,
): Int32Array {
  const n = keys.length;
  const first = new Int32Array(n).fill(-1);
  let m = 0;
  for (let i = 0; i < n; i++) if (!skip || !skip[i]) m++;
  const idx = u32(m);
  const h = u32(m);
  for (let i = 0, j = 0; i < n; i++) {
    if (skip && skip[i]) continue;
    idx[j] = i;
    h[j++] = hash(keys[i]!) >>> 0;
  }
  const sortedHash = u32(m);
  const order = radixSort(idx, h, null, sortedHash);
  // Runs of equal hashes, in input order: compare the real keys within a run.
  let start = 0;
  while (start < m) {
    let end = start + 1;
    while (end < m && sortedHash[end] === sortedHash[start]) end++;
    for (let a = start + 1; a < end; a++) {
      const ia = order[a]!;
      const ka = normalize(keys[ia]!);
      for (let b = start; b < a; b++) {
        const ib = order[b]!;
        if (first[ib] === -1 && normalize(keys[ib]!) === ka) {
          first[ia] = ib;
          break;
        }
      }
    }
    start = end;
  }
  return first;
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let c = 0; c < s.length; c++) h = Math.imul(h ^ s.charCodeAt(c), 0x01000193);
  return h >>> 0;
}

/**
 * A seeded uniform generator on (0, 1) (a 32-bit mix, "mulberry32"): the models' simulations and
 * parameter draws are the same on every run.
 *
 * @example
 * const u = seededUniform(42); u(); u() // the same two numbers every time
 */
export function seededUniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/**
 * A draw from Gamma(shape, 1) with uniforms from `u` (Marsaglia and Tsang; a shape below 1 boosted by
 * one and scaled back).
 *
 * @example
 * const u = seededUniform(1); gammaDraw(u, 2.5)  // a positive number, on average 2.5
 */
export function gammaDraw(u: () => number, shape: number): number {
  if (shape < 1) return gammaDraw(u, shape + 1) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const n = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    const v = (1 + c * n) ** 3;
    if (v > 0 && Math.log(u()) < 0.5 * n * n + d - d * v + d * Math.log(v)) return d * v;
  }
}
