/**
 * Train/test splits of the rows of a data set: k-fold (contiguous, or shuffled with a seed), held-out,
 * and out-of-distribution splits by a metadata column (train on low disorder, test on high).
 * Shuffles use the package's seeded integer generator (src/random.ts), so the same seed gives the same
 * split in every engine.
 *
 * @packageDocumentation
 */
import { Rng, streamId } from "../random.js";

/** One split: row numbers of the training and the test rows, each ascending. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

const SPLIT_STREAM = streamId("glassbox.models.splits");

function checkCount(n: number, name = "n"): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
}

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
}

/** A seeded permutation of 0…n−1 (the same for the same seed, everywhere). */
export function shuffledRows(n: number, seed: number): Int32Array {
  checkCount(n);
  checkSeed(seed);
  return Rng.seeded(seed, SPLIT_STREAM).permutation(n);
}

function sorted(a: number[]): Int32Array {
  return Int32Array.from(a).sort();
}

/**
 * k-fold splits as scikit-learn's KFold: the (optionally shuffled) rows are cut into k consecutive
 * folds, the first n mod k of size ⌊n/k⌋ + 1, the rest ⌊n/k⌋; fold f tests on its rows and trains on the
 * others.
 *
 * @param seed shuffle the rows with this seed first (default: no shuffle, contiguous folds)
 * @throws RangeError unless 2 ≤ k ≤ n
 */
export function kFold(n: number, k: number, seed?: number): Fold[] {
  checkCount(n);
  if (!Number.isInteger(k) || k < 2 || k > n) throw new RangeError(`k-fold: k must be an integer in [2, n = ${n}], got ${k}`);
  const order = seed === undefined ? Int32Array.from({ length: n }, (_, i) => i) : shuffledRows(n, seed);
  const folds: Fold[] = [];
  const base = Math.floor(n / k), extra = n % k;
  let start = 0;
  for (let f = 0; f < k; f++) {
    const size = base + (f < extra ? 1 : 0);
    const test = Array.from(order.subarray(start, start + size));
    const train = [...Array.from(order.subarray(0, start)), ...Array.from(order.subarray(start + size))];
    folds.push({ train: sorted(train), test: sorted(test) });
    start += size;
  }
  return folds;
}

/** Options of {@link heldOut}. */
export interface HeldOutOptions {
  /** Fraction of rows held out for testing (default 0.2); the test set has ⌈fraction·n⌉ rows. */
  testFraction?: number;
  /** Exact number of test rows (overrides testFraction). */
  testSize?: number;
  /** Shuffle with this seed (default: the last rows are the test set, as in the reference split). */
  seed?: number;
}

/**
 * One held-out split. Without a seed the last rows are the test rows (rows keep their order, like
 * a train/test split without shuffling).
 * @throws RangeError unless both sides get at least one row
 */
export function heldOut(n: number, options: HeldOutOptions = {}): Fold {
  checkCount(n);
  let m: number;
  if (options.testSize !== undefined) m = options.testSize;
  else {
    const f = options.testFraction ?? 0.2;
    if (!(f > 0 && f < 1)) throw new RangeError(`held-out: testFraction must be in (0, 1), got ${f}`);
    m = Math.ceil(f * n);
  }
  if (!Number.isInteger(m) || m < 1 || m > n - 1) throw new RangeError(`held-out: the test set must have 1…${n - 1} of ${n} rows, got ${m}`);
  const order = options.seed === undefined ? Int32Array.from({ length: n }, (_, i) => i) : shuffledRows(n, options.seed);
  return { train: sorted(Array.from(order.subarray(0, n - m))), test: sorted(Array.from(order.subarray(n - m))) };
}

/** Options of {@link outOfDistribution}. */
export interface OodOptions {
  /** Rows with value ≤ threshold train, the others test (for "low-to-high"). */
  threshold?: number;
  /** Instead of a threshold: the fraction of rows (lowest values) to train on (default 0.5); ties stay together. */
  trainFraction?: number;
  /** "low-to-high" (default): train on low values, test on high; "high-to-low": the reverse. */
  direction?: "low-to-high" | "high-to-low";
}

/**
 * Out-of-distribution split by a per-row metadata value (e.g. the displacement amplitude σ or the
 * cooling rate): train on one end of its range, test on the other. Rows with equal values always fall
 * on the same side.
 *
 * @example
 * ```ts
 * const { train, test } = outOfDistribution(sigma, { trainFraction: 0.7 }); // train on the 70 % least disordered
 * ```
 * @throws RangeError when a side would be empty or a value is not finite
 */
export function outOfDistribution(values: ArrayLike<number>, options: OodOptions = {}): Fold {
  const n = values.length;
  for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) throw new RangeError(`out-of-distribution: value of row ${i} is ${values[i]}`);
  const dir = options.direction ?? "low-to-high";
  if (dir !== "low-to-high" && dir !== "high-to-low") throw new RangeError(`out-of-distribution: direction must be "low-to-high" or "high-to-low", got ${String(dir)}`);
  const sign = dir === "low-to-high" ? 1 : -1;
  let threshold: number;
  if (options.threshold !== undefined) {
    threshold = sign * options.threshold;
  } else {
    const f = options.trainFraction ?? 0.5;
    if (!(f > 0 && f < 1)) throw new RangeError(`out-of-distribution: trainFraction must be in (0, 1), got ${f}`);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sign * values[a]! - sign * values[b]! || a - b);
    const cut = Math.max(1, Math.ceil(f * n));
    threshold = sign * values[order[cut - 1]!]!;
  }
  const train: number[] = [], test: number[] = [];
  for (let i = 0; i < n; i++) (sign * values[i]! <= threshold ? train : test).push(i);
  if (train.length === 0 || test.length === 0) {
    throw new RangeError(
      `out-of-distribution: the split puts ${train.length} rows in training and ${test.length} in test; both must be non-empty (too many equal values, or a threshold outside the range)`,
    );
  }
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/** Fold number of every row (−1 for rows in no test fold). */
export function foldLabels(folds: readonly Fold[], n: number): Int32Array {
  const out = new Int32Array(n).fill(-1);
  folds.forEach((f, k) => f.test.forEach((i) => (out[i] = k)));
  return out;
}

/**
 * Validates explicit folds against n rows: indices in range, train and test disjoint and non-empty.
 * @throws RangeError naming the fold
 */
export function checkFolds(folds: readonly Fold[], n: number): void {
  if (folds.length < 1) throw new RangeError("cross-validation needs at least one fold");
  folds.forEach((f, k) => {
    if (!(f.train instanceof Int32Array) || !(f.test instanceof Int32Array)) throw new TypeError(`fold ${k}: train and test must be Int32Arrays`);
    if (f.train.length === 0 || f.test.length === 0) throw new RangeError(`fold ${k}: train and test must both be non-empty`);
    const seen = new Uint8Array(n);
    for (const i of f.train) {
      if (i < 0 || i >= n) throw new RangeError(`fold ${k}: train row ${i} outside 0…${n - 1}`);
      seen[i] = 1;
    }
    for (const i of f.test) {
      if (i < 0 || i >= n) throw new RangeError(`fold ${k}: test row ${i} outside 0…${n - 1}`);
      if (seen[i]) throw new RangeError(`fold ${k}: row ${i} is in both train and test`);
    }
  });
}
