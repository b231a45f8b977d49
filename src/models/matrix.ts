/**
 * Dense row-major matrices as the models take them: a `Matrix` is `{ rows, cols, data }` with
 * `data[i * cols + j]` the entry of row i (a sample: a structure) and column j (a feature such as a g(r)
 * bin, or a target such as a VDOS bin).
 *
 * @packageDocumentation
 */

/** A dense row-major f64 matrix: entry (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * Anything the models accept as a matrix: a {@link Matrix}, an array of equal-length rows, or an
 * n-dimensional array with `shape` [rows, cols] and row-major `data` (such as a `.npy` array from
 * `readNpy`). Targets may also be one-dimensional (a vector of n values becomes an n×1 matrix).
 */
export type MatrixInput =
  | Matrix
  | ArrayLike<ArrayLike<number>>
  | { readonly shape: readonly number[]; readonly data: ArrayLike<number> }
  | ArrayLike<number>;

/** Creates a rows×cols matrix, zero-filled or wrapping `data` (not copied). */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`matrix: rows and cols must be non-negative integers, got ${rows}×${cols}`);
  }
  const d = data ?? new Float64Array(rows * cols);
  if (d.length !== rows * cols) throw new RangeError(`matrix: data has ${d.length} entries, expected ${rows}×${cols} = ${rows * cols}`);
  return { rows, cols, data: d };
}

function isMatrix(x: unknown): x is Matrix {
  return (
    typeof x === "object" && x !== null && "rows" in x && "cols" in x && "data" in x && (x as Matrix).data instanceof Float64Array
  );
}

function checkFinite(data: ArrayLike<number>, cols: number, name: string): void {
  if (data instanceof Float64Array) {
    // Fast path: x − x is 0 for every finite x and NaN for NaN and ±∞.
    let bad = 0;
    for (let k = 0; k < data.length; k++) bad += data[k]! - data[k]!;
    if (bad === 0) return;
  }
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      const i = Math.floor(k / Math.max(cols, 1));
      throw new RangeError(`${name}: entry (${i}, ${k - i * cols}) is ${String(v)}; every value must be a finite number`);
    }
  }
}

/**
 * Converts and validates a matrix argument: the result has finite f64 entries.
 *
 * @param name the argument name used in error messages (e.g. "X")
 * @param allowVector accept a one-dimensional array as a column (rows = its length, cols = 1)
 * @param checkValues check that every entry is finite (callers that check in WebAssembly pass false)
 * @throws TypeError for something that is not a matrix; RangeError for ragged rows or non-finite entries
 */
export function toMatrix(input: MatrixInput, name: string, allowVector = false, checkValues = true): Matrix {
  if (isMatrix(input)) {
    if (!Number.isInteger(input.rows) || !Number.isInteger(input.cols) || input.data.length !== input.rows * input.cols) {
      throw new RangeError(`${name}: data has ${input.data.length} entries for ${input.rows}×${input.cols}`);
    }
    if (checkValues) checkFinite(input.data, input.cols, name);
    return input;
  }
  if (typeof input === "object" && input !== null && "shape" in input && "data" in input) {
    const shape = input.shape;
    let rows: number, cols: number;
    if (shape.length === 2) [rows, cols] = [shape[0]!, shape[1]!];
    else if (shape.length === 1 && allowVector) [rows, cols] = [shape[0]!, 1];
    else throw new RangeError(`${name}: expected a 2-D array${allowVector ? " or a vector" : ""}, got shape [${shape.join(", ")}]`);
    if (input.data.length !== rows * cols) throw new RangeError(`${name}: data has ${input.data.length} entries for shape [${shape.join(", ")}]`);
    const data = Float64Array.from(input.data as ArrayLike<number>);
    if (checkValues) checkFinite(data, cols, name);
    return { rows, cols, data };
  }
  if (typeof input !== "object" || input === null || typeof (input as ArrayLike<unknown>).length !== "number") {
    throw new TypeError(`${name}: expected a matrix (rows of numbers, { rows, cols, data } or { shape, data }), got ${typeof input}`);
  }
  const list = input as ArrayLike<unknown>;
  const rows = list.length;
  if (rows === 0) return { rows: 0, cols: 0, data: new Float64Array(0) };
  const first = list[0];
  if (typeof first === "number") {
    if (!allowVector) throw new TypeError(`${name}: expected a matrix (an array of rows), got a flat array of numbers`);
    const data = Float64Array.from(list as ArrayLike<number>);
    if (checkValues) checkFinite(data, 1, name);
    return { rows, cols: 1, data };
  }
  if (typeof first !== "object" || first === null || typeof (first as ArrayLike<number>).length !== "number") {
    throw new TypeError(`${name}: row 0 is not an array of numbers`);
  }
  const cols = (first as ArrayLike<number>).length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = list[i] as ArrayLike<number>;
    if (typeof row !== "object" || row === null || row.length !== cols) {
      throw new RangeError(`${name}: row ${i} has ${row?.length ?? "no"} entries, row 0 has ${cols}`);
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j] as number;
  }
  if (checkValues) checkFinite(data, cols, name);
  return { rows, cols, data };
}

/** The rows `idx` of `m`, copied into a new matrix. */
export function takeRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const out = new Float64Array(idx.length * m.cols);
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r]!;
    if (!Number.isInteger(i) || i < 0 || i >= m.rows) throw new RangeError(`takeRows: row index ${i} outside 0…${m.rows - 1}`);
    out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols);
  }
  return { rows: idx.length, cols: m.cols, data: out };
}

/** Column j of `m` as a new array. */
export function column(m: Matrix, j: number): Float64Array {
  if (!Number.isInteger(j) || j < 0 || j >= m.cols) throw new RangeError(`column: index ${j} outside 0…${m.cols - 1}`);
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j]!;
  return out;
}

/** Rows of `m` as plain arrays (for JSON). */
export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/**
 * Throws the standard error for a non-finite entry at flat index k of `m` (found by a WebAssembly scan).
 * @throws RangeError naming the entry
 */
export function nonFiniteError(m: Matrix, k: number, name: string): never {
  const i = Math.floor(k / Math.max(m.cols, 1));
  throw new RangeError(`${name}: entry (${i}, ${k - i * m.cols}) is ${String(m.data[k])}; every value must be a finite number`);
}
