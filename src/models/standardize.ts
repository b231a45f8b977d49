/**
 * Feature standardisation as scikit-learn's StandardScaler does it: centre each column on its mean and
 * divide by its population standard deviation (divisor n); a constant column keeps scale 1. Sums run in
 * WebAssembly in row order, so the statistics are bit-identical in every engine.
 *
 * Models fitted with `standardize: true` are penalised in standardised units but store and apply their
 * coefficients in the original feature units (coef = w_std / scale), so `predict` takes raw features.
 *
 * @packageDocumentation
 */
import { alloc, putF64, putI32, readF64, scoped } from "../engine/wasm.js";
import { toMatrix, type Matrix, type MatrixInput } from "./matrix.js";

/** Column statistics of a training set: mean (p) and scale (p, standard deviation or 1). */
export interface Standardization {
  mean: Float64Array;
  scale: Float64Array;
}

/**
 * Means and population standard deviations of the columns of X (rows `rows` only, if given).
 *
 * @example
 * ```ts
 * const { mean, scale } = fitStandardization([[1, 10], [3, 10]]); // mean [2, 10], scale [1, 1]
 * ```
 */
export function fitStandardization(X: MatrixInput, rows?: ArrayLike<number>): Standardization {
  const m = toMatrix(X, "X");
  const idx = rows ? checkRows(rows, m.rows) : null;
  const n = idx ? idx.length : m.rows;
  if (n === 0) throw new RangeError("fitStandardization: no rows");
  return scoped((k) => {
    const x = putF64(m.data);
    const r = idx ? putI32(idx) : 0;
    const mean = alloc(8 * m.cols);
    const scale = alloc(8 * m.cols);
    k.linalg_colMeans(x, n, m.cols, m.cols, r, mean);
    k.linalg_colScales(x, n, m.cols, m.cols, r, mean, scale);
    return { mean: readF64(mean, m.cols), scale: readF64(scale, m.cols) };
  });
}

/** (X − mean)/scale, column by column, as a new matrix. */
export function standardize(X: MatrixInput, s: Standardization): Matrix {
  const m = toMatrix(X, "X");
  if (m.cols !== s.mean.length) throw new RangeError(`standardize: X has ${m.cols} columns, the statistics ${s.mean.length}`);
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out[i * m.cols + j] = (m.data[i * m.cols + j]! - s.mean[j]!) / s.scale[j]!;
  }
  return { rows: m.rows, cols: m.cols, data: out };
}

function checkRows(rows: ArrayLike<number>, n: number): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new RangeError(`row index ${r} outside 0…${n - 1}`);
    out[i] = r;
  }
  return out;
}
