/**
 * Dense real symmetric eigensolvers, computed in WebAssembly: a fast path (blocked Householder
 * tridiagonalisation, then implicit QL/QR) and cyclic Jacobi (slow, the accuracy reference).
 *
 * For a Hessian H (eV/Å² or ε/σ²) or a dynamical matrix D = M^{-1/2} H M^{-1/2} (eV/(Å²·amu), or
 * reduced units), the eigenvalues are λ = ω² in the same units; `values` are returned ascending.
 *
 * @packageDocumentation
 */
import { alloc, readF64, scoped, viewF64, workspaceTop, type Kernels } from "./engine/wasm.js";
import { GlassboxError } from "./structure.js";

/** Which algorithm {@link eigh} runs. */
export type EighMethod = "tridiagonal" | "jacobi";

/** Options for {@link eigh}. */
export interface EighOptions {
  /**
   * `"tridiagonal"` (default): blocked Householder reduction to tridiagonal form, then the root-free
   * Pal–Walker–Kahan QL/QR for eigenvalues only, or implicit QL/QR with Wilkinson shifts on Qᵀ when
   * eigenvectors are wanted. O(n³) with small constants; use it for anything beyond toy sizes.
   * `"jacobi"`: cyclic Jacobi with threshold; always converges to high relative accuracy, but each
   * sweep costs O(n³) with poor memory locality (seconds at n ≈ 750): for small matrices and as a
   * reference.
   */
  method?: EighMethod;
  /** Also return the eigenvectors (default false). */
  vectors?: boolean;
  /**
   * Skip the symmetry check (default false). Only the lower triangle (entries [i·n + j] with j ≤ i)
   * is ever read by the solvers, so with this option the upper triangle may hold anything.
   */
  assumeSymmetric?: boolean;
  /**
   * Largest |A[i,j] − A[j,i]| accepted, relative to max |A[i,j]| (default 1e-8). A finite-difference
   * Hessian should be symmetrised ((H + Hᵀ)/2) before, or passed with `assumeSymmetric`.
   */
  symmetryTolerance?: number;
  /** Jacobi: sweep limit (default 50; typical convergence takes 6–12 sweeps). */
  maxSweeps?: number;
  /**
   * Return a result with `converged: false` instead of throwing {@link EigenConvergenceError} when
   * the iteration limit is reached (default false). Such values are not accurate.
   */
  allowUnconverged?: boolean;
  /** Tridiagonal: panel width of the blocked reduction (default 32; 1 = unblocked). */
  blockSize?: number;
}

/** Result of {@link eigh}. */
export interface EighResult {
  /** The n eigenvalues, ascending, in the units of the matrix. */
  values: Float64Array;
  /**
   * With `vectors: true`: the eigenvectors as an n×n row-major matrix whose column k is the unit
   * eigenvector of `values[k]`, i.e. component i of eigenvector k is `vectors[i * n + k]` (the layout
   * of `scipy.linalg.eigh`). Orthonormal to rounding; the sign of each vector is arbitrary.
   */
  vectors?: Float64Array;
  /** Work done: QL/QR iterations (tridiagonal) or sweeps (Jacobi). */
  iterations: number;
  /** Whether the iteration converged (always true unless `allowUnconverged` was set). */
  converged: boolean;
  /** The method that ran. */
  method: EighMethod;
}

/** Thrown by {@link eigh} when the iteration does not converge within its limit. */
export class EigenConvergenceError extends GlassboxError {
  override name = "EigenConvergenceError";
}

const GIB = 2 ** 30;
const WASM32_BYTES = 4 * GIB;
const DEFAULT_NB = 32;
/** Q is formed from groups of this many reflectors (the group stays in L2 while rows stream through L1). */
const FORMQ_NB = 16;
const JACOBI_MAX_SWEEPS = 50;

function rowStride(n: number): number {
  return n + (n & 1); // even row length: every row starts 16-byte aligned for f64x2
}

function panelWidth(options: EighOptions): number {
  const nb = options.blockSize ?? DEFAULT_NB;
  if (!Number.isInteger(nb) || nb < 1 || nb > 256) {
    throw new RangeError(`eigh: blockSize must be an integer in [1, 256], got ${nb}`);
  }
  return nb;
}

function packF64(n: number, nb: number): number {
  return 2 * Math.ceil(n / 4) * 4 * 2 * nb; // = tridiag_packSize(n, nb)
}

/**
 * Bytes of WebAssembly memory {@link eigh} needs for an n×n problem with these options (dense n×n
 * f64 matrices are 8n² bytes each: the working copy, plus Qᵀ or the Jacobi eigenvectors when vectors
 * are computed, plus O(n·nb) workspace). Compare with the wasm32 ceiling of 4 GiB.
 */
export function eighMemoryBytes(n: number, options: EighOptions = {}): number {
  const method = options.method ?? "tridiagonal";
  const slack = 16 * 12;
  if (method === "jacobi") return 8 * n * n * (options.vectors ? 2 : 1) + 8 * n * 3 + slack;
  const lda = rowStride(n);
  const nb = panelWidth(options);
  const matrices = options.vectors ? 2 : 1;
  return 8 * n * lda * matrices + 8 * n * 3 + 8 * nb * lda + 8 * packF64(n, nb) + (options.vectors ? 32 * n : 0) + slack;
}

function formatBytes(b: number): string {
  return b >= GIB ? `${(b / GIB).toFixed(2)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`;
}

function checkOptions(n: number, options: EighOptions): EighMethod {
  const method = options.method ?? "tridiagonal";
  if (method !== "tridiagonal" && method !== "jacobi") {
    throw new RangeError(`eigh: unknown method "${String(method)}" (expected "tridiagonal" or "jacobi")`);
  }
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`eigh: n must be a positive integer, got ${n}`);
  const need = eighMemoryBytes(n, options);
  const have = WASM32_BYTES - workspaceTop();
  if (need > have) {
    const per = 8 * n * n;
    const count = options.vectors ? 2 : 1;
    throw new RangeError(
      `eigh: n = ${n} (${method}${options.vectors ? ", with vectors" : ""}) needs ${formatBytes(need)} of WebAssembly memory ` +
        `(${count} dense n×n f64 matri${count > 1 ? "ces" : "x"} of 8n² = ${formatBytes(per)} each, plus workspace); ` +
        `only ${formatBytes(Math.max(0, have))} of the wasm32 limit of 4 GiB is free. ` +
        `Use a smaller system, or a sparse Hessian with an iterative spectrum.`,
    );
  }
  return method;
}

function checkMatrix(matrix: Float64Array, n: number, options: EighOptions): void {
  if (!(matrix instanceof Float64Array)) {
    throw new TypeError("eigh: matrix must be a Float64Array (n×n, row-major); use Float64Array.from(…)");
  }
  if (matrix.length !== n * n) {
    throw new RangeError(`eigh: matrix has ${matrix.length} entries, expected n² = ${n * n} for n = ${n}`);
  }
  // One pass in 64×64 tiles (the upper triangle is read transposed, so tiles keep it in cache):
  // finiteness of the lower triangle, its largest magnitude, and the largest asymmetry.
  const tol = options.symmetryTolerance ?? 1e-8;
  if (!(tol >= 0)) throw new RangeError(`eigh: symmetryTolerance must be ≥ 0, got ${tol}`);
  const check = !options.assumeSymmetric;
  const B = 64;
  let big = 0;
  let worst = 0;
  let wi = 0;
  let wj = 0;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(i0 + B, n);
    for (let j0 = 0; j0 <= i0; j0 += B) {
      for (let i = i0; i < i1; i++) {
        const r = i * n;
        const j1 = Math.min(j0 + B, i + 1);
        for (let j = j0; j < j1; j++) {
          const v = matrix[r + j]!;
          if (!Number.isFinite(v)) throw new RangeError(`eigh: matrix[${i}][${j}] is ${v}; entries must be finite`);
          const a = Math.abs(v);
          if (a > big) big = a;
          if (check) {
            const diff = Math.abs(v - matrix[j * n + i]!);
            if (!(diff <= worst)) {
              worst = Number.isNaN(diff) ? Infinity : diff;
              wi = i;
              wj = j;
            }
          }
        }
      }
    }
  }
  if (check && !(worst <= tol * big)) {
    throw new RangeError(
      `eigh: matrix is not symmetric: |A[${wi}][${wj}] − A[${wj}][${wi}]| = ${Math.abs(matrix[wi * n + wj]! - matrix[wj * n + wi]!)} ` +
        `exceeds ${tol} × max|A| = ${tol * big}; symmetrise it ((A + Aᵀ)/2), raise symmetryTolerance, or pass ` +
        `assumeSymmetric: true to use the lower triangle only`,
    );
  }
}

/** Copies the lower triangle of the n×n row-major matrix into linear memory with row stride lda. */
function putLower(matrix: Float64Array, n: number, ptr: number, lda: number): void {
  const view = viewF64(ptr, n * lda);
  for (let i = 0; i < n; i++) view.set(matrix.subarray(i * n, i * n + i + 1), i * lda);
}

/** Sorts eigenpairs ascending; rows of `vt` (stride ldv) are the eigenvectors of the unsorted d. */
function sortPairs(d: Float64Array, vt: Float64Array | null, ldv: number): { values: Float64Array; vectors?: Float64Array } {
  const n = d.length;
  if (!vt) return { values: d.slice().sort() };
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => d[a]! - d[b]! || a - b);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const src = order[k]! * ldv;
    values[k] = d[order[k]!]!;
    for (let i = 0; i < n; i++) vectors[i * n + k] = vt[src + i]!;
  }
  return { values, vectors };
}

function finish(
  method: EighMethod,
  code: number,
  n: number,
  options: EighOptions,
  sorted: { values: Float64Array; vectors?: Float64Array },
): EighResult {
  const converged = code >= 0;
  const iterations = converged ? code : method === "jacobi" ? -code : -code - 1;
  if (!converged && !options.allowUnconverged) {
    const what =
      method === "jacobi"
        ? `cyclic Jacobi did not converge in ${iterations} sweeps`
        : `the QL/QR iteration did not converge (${iterations} iterations, limit 30 per eigenvalue)`;
    throw new EigenConvergenceError(
      `eigh (${method}): ${what} for n = ${n}; pass allowUnconverged: true to inspect the partial result`,
    );
  }
  const result: EighResult = { values: sorted.values, iterations, converged, method };
  if (sorted.vectors) result.vectors = sorted.vectors;
  return result;
}

/**
 * Eigenvalues (and optionally eigenvectors) of a dense real symmetric matrix.
 *
 * @param matrix n×n, row-major (`matrix[i * n + j]` = A[i][j]). Only the lower triangle (j ≤ i) is
 *   used by the solvers; the upper triangle is checked for symmetry against it unless
 *   `assumeSymmetric` is set. For a Hessian: eV/Å² (metal) or ε/σ² (LJ units).
 * @param n order of the matrix
 * @returns ascending eigenvalues (units of the matrix), eigenvectors as columns when asked, the work
 *   done and a convergence flag
 * @throws TypeError if `matrix` is not a Float64Array
 * @throws RangeError for a bad n, a length that is not n², a non-finite entry, an asymmetric matrix,
 *   an unknown method, or a problem that would not fit in 4 GiB of WebAssembly memory (checked
 *   before anything is allocated; see {@link eighMemoryBytes})
 * @throws EigenConvergenceError if the iteration limit is reached (unless `allowUnconverged`)
 *
 * @example
 * ```ts
 * await init();
 * const { values, vectors } = eigh(new Float64Array([2, 1, 1, 2]), 2, { vectors: true });
 * // values = [1, 3]; column 0 of vectors ∝ (1, −1)/√2
 * ```
 */
export function eigh(matrix: Float64Array, n: number, options: EighOptions = {}): EighResult {
  const method = checkOptions(n, options);
  checkMatrix(matrix, n, options);
  const vectors = options.vectors === true;
  if (method === "jacobi") {
    const maxSweeps = options.maxSweeps ?? JACOBI_MAX_SWEEPS;
    if (!Number.isInteger(maxSweeps) || maxSweeps < 1) {
      throw new RangeError(`eigh: maxSweeps must be a positive integer, got ${maxSweeps}`);
    }
    return scoped((k: Kernels) => {
      const a = alloc(8 * n * n);
      const d = alloc(8 * n);
      const vt = vectors ? alloc(8 * n * n) : 0;
      const work = alloc(16 * n);
      putLower(matrix, n, a, n);
      const code = k.eigh_jacobi(a, n, d, vt, work, maxSweeps);
      const dv = readF64(d, n);
      const sorted = sortPairs(dv, vectors ? viewF64(vt, n * n) : null, n);
      return finish(method, code, n, options, sorted);
    });
  }
  const nb = panelWidth(options);
  return scoped((k: Kernels) => {
    const lda = rowStride(n);
    const a = alloc(8 * n * lda);
    const d = alloc(8 * n);
    const e = alloc(8 * n);
    const tau = alloc(8 * n);
    const w = alloc(8 * nb * lda);
    const pack = alloc(8 * k.tridiag_packSize(n, nb));
    const qt = vectors ? alloc(8 * n * lda) : 0;
    const work = vectors ? alloc(32 * n) : 0;
    putLower(matrix, n, a, lda);
    k.tridiag_reduce(a, n, lda, d, e, tau, w, pack, nb);
    let code: number;
    if (vectors) {
      k.tridiag_formQt(a, n, lda, tau, qt, lda, FORMQ_NB);
      code = k.tridiag_vectors(d, e, n, qt, lda, work);
    } else {
      code = k.tridiag_values(d, e, n);
    }
    const sorted = sortPairs(readF64(d, n), vectors ? viewF64(qt, n * lda) : null, lda);
    return finish(method, code, n, options, sorted);
  });
}

/**
 * Eigenvalues (and optionally eigenvectors) of the symmetric tridiagonal matrix with diagonal `d`
 * (length n) and off-diagonal `e` (length n − 1, e[i] = T[i][i+1]), by the same QL/QR kernels as
 * {@link eigh}. Same result layout: ascending values, eigenvectors as columns of an n×n row-major matrix.
 */
export function eighTridiagonal(
  d: Float64Array,
  e: Float64Array,
  options: Pick<EighOptions, "vectors" | "allowUnconverged"> = {},
): EighResult {
  const n = d.length;
  if (!(d instanceof Float64Array) || !(e instanceof Float64Array)) {
    throw new TypeError("eighTridiagonal: d and e must be Float64Arrays");
  }
  if (n < 1) throw new RangeError("eighTridiagonal: d must have at least one entry");
  if (e.length !== n - 1) throw new RangeError(`eighTridiagonal: e has ${e.length} entries, expected n − 1 = ${n - 1}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(d[i]!) || (i < n - 1 && !Number.isFinite(e[i]!))) {
      throw new RangeError(`eighTridiagonal: d[${i}] or e[${i}] is not finite`);
    }
  }
  const vectors = options.vectors === true;
  const lda = rowStride(n);
  const need = 8 * n * 2 + (vectors ? 8 * n * lda + 32 * n : 0) + 64;
  if (need > WASM32_BYTES - workspaceTop()) {
    throw new RangeError(`eighTridiagonal: n = ${n} needs ${formatBytes(need)} of WebAssembly memory, above the wasm32 limit of 4 GiB`);
  }
  return scoped((k: Kernels) => {
    const dp = alloc(8 * n);
    const ep = alloc(8 * n);
    const qt = vectors ? alloc(8 * n * lda) : 0;
    const work = vectors ? alloc(32 * n) : 0;
    viewF64(dp, n).set(d);
    const ev = viewF64(ep, n);
    ev.set(e);
    ev[n - 1] = 0;
    let code: number;
    if (vectors) {
      const q = viewF64(qt, n * lda);
      q.fill(0);
      for (let i = 0; i < n; i++) q[i * lda + i] = 1;
      code = k.tridiag_vectors(dp, ep, n, qt, lda, work);
    } else {
      code = k.tridiag_values(dp, ep, n);
    }
    const sorted = sortPairs(readF64(dp, n), vectors ? viewF64(qt, n * lda) : null, lda);
    return finish("tridiagonal", code, n, options, sorted);
  });
}
