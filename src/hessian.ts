/**
 * Hessians H[3i+α, 3j+β] = ∂²E/∂x_iα∂x_jβ in 3×3 block compressed-sparse-row form ({@link BlockHessian}),
 * the infrastructure every potential's Hessian kernel uses, and what is done with a Hessian afterwards:
 * dense form (3N×3N, or 2N×2N for dimension-2 structures), mass-weighted dynamical matrix, and the checks
 * physics gives (symmetry, acoustic sum rule, finite differences of the forces).
 *
 * Units: H in eV/Å² (metal) or ε/σ² (LJ); masses in amu or m; D = M^{-1/2} H M^{-1/2} in eV/(Å²·amu) or
 * ε/(σ²·m) (= ω² in the potential's frequency unit squared).
 *
 * How a potential assembles its Hessian (pair or many-body): {@link assembleBlockHessian} builds the full
 * neighbor list, the pattern and zeroed blocks in one workspace scope and hands them to the kernel call:
 * ```ts
 * hessian(s: Structure): BlockHessian {
 *   // hops 1: list at hessianRange (pair potentials); hops 2: list at the cutoff (EAM, Tersoff)
 *   return assembleBlockHessian(s, this.cutoff, 2, (k, list, pattern, blocks) => {
 *     k.my_hessian!(..., list.first, list.j, list.shift, pattern.rowStart, pattern.col, blocks);
 *   });
 * }
 * ```
 * In the kernel (assembly/blocks.ts): `const b = blockFind(rowStart, col, a, c)` then
 * `blockAddOuter(blocks, b, s, u…, v…)` / `blockAdd9(blocks, b, m00 … m22)` / `blockAddPair(…)`.
 */
import { alloc, allocF64, allocI32, putF64, putI32, readF64, readI32, scoped, viewI32, workspaceTop, type Kernels } from "./engine/wasm.js";
import { buildNeighborListInWorkspace, type NeighborListPointers } from "./neighbors.js";
import type { BlockHessian, Potential } from "./potentials/potential.js";
import { GlassboxError, type Structure } from "./structure.js";

export type { BlockHessian } from "./potentials/potential.js";

/** wasm32 linear-memory ceiling, bytes. */
const WASM_MAX_BYTES = 4 * 2 ** 30;

/** A block-CSR sparsity pattern laid out in WebAssembly memory (byte offsets; valid inside its scope). */
export interface BlockPatternPtrs {
  /** Number of atoms N. */
  n: number;
  /** Number of 3×3 blocks. */
  nb: number;
  /** Byte offset of i32[N+1] row starts. */
  rowStart: number;
  /** Byte offset of i32[nb] sorted column indices. */
  col: number;
}

/** The CSR part of a neighbor list in WebAssembly memory (as returned by `buildNeighborListInWorkspace`). */
export interface ListPtrs {
  /** Number of atoms N. */
  n: number;
  /** Byte offset of i32[N+1] row starts. */
  first: number;
  /** Byte offset of i32[P] neighbor indices. */
  j: number;
}

/**
 * Builds the block-CSR pattern of a Hessian from a FULL neighbor list in workspace memory: row i holds the
 * diagonal and, with `hops` = 1, every distinct j in i's list (pair potentials: list at `hessianRange`);
 * with `hops` = 2, also the neighbors of those neighbors (many-body potentials: list at the cutoff; the
 * exact nonzero structure of EAM and Tersoff Hessians). Columns are sorted; periodic images share a block.
 * @throws RangeError when the pattern would not fit in memory, GlassboxError if the list is not symmetric.
 */
export function blockPatternInWorkspace(k: Kernels, list: ListPtrs, hops: 1 | 2): BlockPatternPtrs {
  const n = list.n;
  const mark = allocI32(n);
  const rowStart = allocI32(n + 1);
  const count = rowStart + 4; // counts land in rowStart[1..N], prefix-summed in place
  const nb = k.hess_pattern_count!(n, list.first, list.j, hops, mark, count);
  if (nb < 0 || 72 * nb + workspaceTop() > WASM_MAX_BYTES) {
    throw new RangeError(
      `Hessian pattern for ${n} atoms needs ${nb < 0 ? "more than 2^31" : nb} 3×3 blocks (${nb < 0 ? ">150" : ((72 * nb) / 2 ** 30).toFixed(2)} GiB), above the wasm32 limit of 4 GiB`,
    );
  }
  const rs = viewI32(rowStart, n + 1);
  rs[0] = 0;
  for (let i = 0; i < n; i++) rs[i + 1] = rs[i]! + rs[i + 1]!;
  const unsorted = allocI32(nb);
  k.hess_pattern_fill!(n, list.first, list.j, hops, mark, rowStart, unsorted);
  const col = allocI32(nb);
  if (k.hess_pattern_sort!(n, rowStart, unsorted, mark, col) !== 0) {
    throw new GlassboxError("Hessian pattern is not symmetric: the neighbor list passed was not a full list");
  }
  return { n, nb, rowStart, col };
}

/**
 * The assembly driver every potential's `hessian` can use: inside one workspace scope, builds the FULL
 * neighbor list of `structure` at `range` (σ or Å), its block pattern (`hops`, see
 * {@link blockPatternInWorkspace}) and zeroed blocks f64[9·nb], then calls `assemble` (which runs the
 * potential's kernel and may throw), and returns the Hessian copied out.
 *
 * @example
 * ```ts
 * return assembleBlockHessian(s, this.hessianRange, 1, (k, list, pattern, blocks) => {
 *   k.lj_hessian!(..., list.first, list.j, list.shift, pattern.rowStart, pattern.col, blocks);
 * });
 * ```
 */
export function assembleBlockHessian(
  structure: Structure,
  range: number,
  hops: 1 | 2,
  assemble: (k: Kernels, list: NeighborListPointers, pattern: BlockPatternPtrs, blocks: number) => void,
): BlockHessian {
  return scoped((k) => {
    const list = buildNeighborListInWorkspace(k, structure, range, false);
    const pattern = blockPatternInWorkspace(k, list, hops);
    const blocks = allocF64(9 * pattern.nb);
    assemble(k, list, pattern, blocks);
    return readBlockHessian(pattern, blocks);
  });
}

/** Copies a pattern and its assembled blocks (byte offset of f64[9·nb]) out of workspace memory. */
export function readBlockHessian(pattern: BlockPatternPtrs, blocks: number): BlockHessian {
  return {
    n: pattern.n,
    rowStart: readI32(pattern.rowStart, pattern.n + 1),
    col: readI32(pattern.col, pattern.nb),
    blocks: readF64(blocks, 9 * pattern.nb),
  };
}

/** Copies a {@link BlockHessian} into workspace memory (for kernels such as `hess_matvec`). */
export function putBlockHessian(h: BlockHessian): BlockPatternPtrs & { blocks: number } {
  const nb = h.col.length;
  return { n: h.n, nb, rowStart: putI32(h.rowStart), col: putI32(h.col), blocks: putF64(h.blocks) };
}

/** Number of blocks of a {@link BlockHessian}. */
export function blockCount(h: BlockHessian): number {
  return h.col.length;
}

/**
 * Checks the block-CSR invariants: lengths, sorted distinct columns in range, diagonal present.
 * @throws RangeError naming the first violation.
 */
export function validateBlockHessian(h: BlockHessian): void {
  const { n, rowStart, col, blocks } = h;
  if (rowStart.length !== n + 1) throw new RangeError(`rowStart has length ${rowStart.length}, expected N + 1 = ${n + 1}`);
  const nb = rowStart[n]!;
  if (rowStart[0] !== 0 || col.length !== nb || blocks.length !== 9 * nb) {
    throw new RangeError(`block Hessian arrays disagree: rowStart[N] = ${nb}, col ${col.length}, blocks ${blocks.length} (expected 9·nb)`);
  }
  for (let i = 0; i < n; i++) {
    let diag = false;
    for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) {
      const c = col[k]!;
      if (c < 0 || c >= n) throw new RangeError(`block ${k} of row ${i} has column ${c} outside 0…${n - 1}`);
      if (k > rowStart[i]! && c <= col[k - 1]!) throw new RangeError(`row ${i}: columns not strictly increasing at block ${k}`);
      if (c === i) diag = true;
    }
    if (!diag) throw new RangeError(`row ${i} has no diagonal block`);
  }
}

/** Index of block (i, j) in `h`, or −1 (binary search). */
export function findBlock(h: BlockHessian, i: number, j: number): number {
  let lo = h.rowStart[i]!, hi = h.rowStart[i + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = h.col[mid]!;
    if (c < j) lo = mid + 1;
    else if (c > j) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Largest |Σ_j H_ij[α,β]| over block rows: zero (to rounding) for a translation-invariant potential. */
export function acousticSumRuleResidual(h: BlockHessian): number {
  let worst = 0;
  const s = new Float64Array(9);
  for (let i = 0; i < h.n; i++) {
    s.fill(0);
    for (let k = h.rowStart[i]!; k < h.rowStart[i + 1]!; k++) for (let e = 0; e < 9; e++) s[e]! += h.blocks[9 * k + e]!;
    for (let e = 0; e < 9; e++) worst = Math.max(worst, Math.abs(s[e]!));
  }
  return worst;
}

/** Largest |H[3i+α,3j+β] − H[3j+β,3i+α]|; Infinity if the pattern itself is not symmetric. */
export function hessianAsymmetry(h: BlockHessian): number {
  let worst = 0;
  for (let i = 0; i < h.n; i++) {
    for (let k = h.rowStart[i]!; k < h.rowStart[i + 1]!; k++) {
      const t = findBlock(h, h.col[k]!, i);
      if (t < 0) return Infinity;
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) worst = Math.max(worst, Math.abs(h.blocks[9 * k + 3 * a + b]! - h.blocks[9 * t + 3 * b + a]!));
      }
    }
  }
  return worst;
}

/** Tr H = Σ_i Tr H_ii (eV/Å² or ε/σ²); with `dimension` 2 only the x, y diagonal entries count. */
export function hessianTrace(h: BlockHessian, dimension: 2 | 3 = 3): number {
  let t = 0;
  for (let i = 0; i < h.n; i++) {
    const k = findBlock(h, i, i);
    if (k < 0) continue;
    for (let a = 0; a < dimension; a++) t += h.blocks[9 * k + 4 * a]!;
  }
  return t;
}

/** Frobenius norm of H (all stored entries, both triangles). */
export function hessianFrobenius(h: BlockHessian): number {
  let s = 0;
  for (const v of h.blocks) s += v * v;
  return Math.sqrt(s);
}

/** Bytes a dense (d·N)×(d·N) f64 matrix needs. */
export function denseBytes(n: number, dimension: 2 | 3 = 3): number {
  return (dimension * n) ** 2 * 8;
}

/**
 * Throws a clear RangeError if a dense (d·N)×(d·N) f64 matrix (`copies` of them) cannot fit in wasm32
 * memory (4 GiB, with what is already in use). Call before allocating any dense Hessian.
 */
export function checkDenseFits(n: number, dimension: 2 | 3 = 3, copies = 1, what = "dense Hessian"): void {
  const bytes = denseBytes(n, dimension) * copies;
  if (bytes + workspaceTop() > WASM_MAX_BYTES) {
    const m = dimension * n;
    throw new RangeError(
      `${what} for N = ${n} atoms is ${m}×${m} (${(bytes / 2 ** 30).toFixed(2)} GiB${copies > 1 ? `, ${copies} copies` : ""}), ` +
        `above the wasm32 memory limit of 4 GiB; use the sparse BlockHessian (N ≲ ${Math.floor(Math.sqrt(WASM_MAX_BYTES / 8 / copies) / dimension)} atoms fit)`,
    );
  }
}

/**
 * Dense row-major Hessian of side d·N: d = 3 gives the 3N×3N matrix; d = 2 (a 2D model system) keeps the
 * x, y components of every atom, giving 2N×2N with index 2i+α.
 * @throws RangeError before allocating if the matrix would exceed the wasm32 4 GiB ceiling.
 */
export function toDense(h: BlockHessian, dimension: 2 | 3 = 3): Float64Array {
  checkDenseFits(h.n, dimension);
  const m = dimension * h.n;
  const out = new Float64Array(m * m);
  for (let i = 0; i < h.n; i++) {
    for (let k = h.rowStart[i]!; k < h.rowStart[i + 1]!; k++) {
      const j = h.col[k]!;
      for (let a = 0; a < dimension; a++) {
        const row = (dimension * i + a) * m + dimension * j;
        for (let b = 0; b < dimension; b++) out[row + b] = h.blocks[9 * k + 3 * a + b]!;
      }
    }
  }
  return out;
}

/**
 * Writes the dense (d·N)×(d·N) Hessian into workspace memory and returns its byte offset (for the eigen
 * kernels, avoiding a copy through JavaScript). Inside a `scoped` block.
 */
export function denseInWorkspace(k: Kernels, h: BlockHessian, dimension: 2 | 3 = 3): number {
  checkDenseFits(h.n, dimension);
  const p = putBlockHessian(h);
  const m = dimension * h.n;
  const dense = alloc(m * m * 8); // zeroed by the kernel

  k.hess_to_dense!(h.n, p.rowStart, p.col, p.blocks, dimension, dense);
  return dense;
}

function checkMasses(masses: ArrayLike<number>, n: number): void {
  if (masses.length !== n) throw new RangeError(`masses has length ${masses.length}, expected N = ${n}`);
  for (let i = 0; i < n; i++) {
    const m = masses[i]!;
    if (!(m > 0) || !Number.isFinite(m)) throw new RangeError(`mass of atom ${i} is ${m}; masses must be positive and finite`);
  }
}

/**
 * Mass-weighted dynamical matrix D = M^{-1/2} H M^{-1/2} as a new {@link BlockHessian} (same pattern):
 * block (i, j) divided by √(m_i m_j). Eigenvalues of D are ω² (ε/(σ²m) or eV/(Å²·amu)).
 */
export function dynamicalMatrix(h: BlockHessian, masses: ArrayLike<number>): BlockHessian {
  checkMasses(masses, h.n);
  const w = Float64Array.from({ length: h.n }, (_, i) => 1 / Math.sqrt(masses[i]!));
  const blocks = new Float64Array(h.blocks.length);
  for (let i = 0; i < h.n; i++) {
    for (let k = h.rowStart[i]!; k < h.rowStart[i + 1]!; k++) {
      const s = w[i]! * w[h.col[k]!]!;
      for (let e = 0; e < 9; e++) blocks[9 * k + e] = h.blocks[9 * k + e]! * s;
    }
  }
  return { n: h.n, rowStart: h.rowStart.slice(), col: h.col.slice(), blocks };
}

/** Dense dynamical matrix of side d·N (see {@link toDense} for d = 2). */
export function dynamicalMatrixDense(h: BlockHessian, masses: ArrayLike<number>, dimension: 2 | 3 = 3): Float64Array {
  checkDenseFits(h.n, dimension, 1, "dense dynamical matrix");
  return toDense(dynamicalMatrix(h, masses), dimension);
}

/** y = H x for a 3N-vector x (plain TypeScript; the kernel `hess_matvec` does the same in WebAssembly). */
export function hessianMatvec(h: BlockHessian, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(3 * h.n);
  for (let i = 0; i < h.n; i++) {
    let y0 = 0, y1 = 0, y2 = 0;
    for (let k = h.rowStart[i]!; k < h.rowStart[i + 1]!; k++) {
      const j = 3 * h.col[k]!, b = 9 * k, B = h.blocks;
      const x0 = x[j]!, x1 = x[j + 1]!, x2 = x[j + 2]!;
      y0 += B[b]! * x0 + B[b + 1]! * x1 + B[b + 2]! * x2;
      y1 += B[b + 3]! * x0 + B[b + 4]! * x1 + B[b + 5]! * x2;
      y2 += B[b + 6]! * x0 + B[b + 7]! * x1 + B[b + 8]! * x2;
    }
    y[3 * i] = y0; y[3 * i + 1] = y1; y[3 * i + 2] = y2;
  }
  return y;
}

/**
 * Builds a {@link BlockHessian} from upper-triangular blocks (i ≤ j), as stored in the reference files
 * (`bi`, `bj`, `blocks[k][α][β]`): the lower triangle is filled with transposes; missing diagonals are zero.
 */
export function blockHessianFromUpper(n: number, bi: ArrayLike<number>, bj: ArrayLike<number>, blocks: ArrayLike<ArrayLike<ArrayLike<number>>>): BlockHessian {
  const rows: Map<number, Float64Array>[] = Array.from({ length: n }, () => new Map());
  const put = (i: number, j: number, m: Float64Array) => {
    const old = rows[i]!.get(j);
    if (old) for (let e = 0; e < 9; e++) old[e]! += m[e]!;
    else rows[i]!.set(j, m);
  };
  for (let k = 0; k < bi.length; k++) {
    const i = bi[k]!, j = bj[k]!;
    if (i > j) throw new RangeError(`upper-triangular block ${k} has i = ${i} > j = ${j}`);
    const b = blocks[k]!;
    const m = new Float64Array(9), t = new Float64Array(9);
    for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) { m[3 * a + c] = b[a]![c]!; t[3 * c + a] = b[a]![c]!; }
    put(i, j, m);
    if (i !== j) put(j, i, t);
  }
  for (let i = 0; i < n; i++) if (!rows[i]!.has(i)) rows[i]!.set(i, new Float64Array(9));
  const rowStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i]! + rows[i]!.size;
  const col = new Int32Array(rowStart[n]!);
  const out = new Float64Array(9 * rowStart[n]!);
  for (let i = 0; i < n; i++) {
    const cols = [...rows[i]!.keys()].sort((a, b) => a - b);
    cols.forEach((j, q) => {
      col[rowStart[i]! + q] = j;
      out.set(rows[i]!.get(j)!, 9 * (rowStart[i]! + q));
    });
  }
  return { n, rowStart, col, blocks: out };
}

/**
 * ‖A − B‖_F / ‖B‖_F over the union of both patterns (blocks absent from one side count as zero).
 */
export function hessianRelativeDifference(a: BlockHessian, b: BlockHessian): number {
  if (a.n !== b.n) throw new RangeError(`Hessians have different sizes: ${a.n} and ${b.n} atoms`);
  let diff = 0;
  for (let i = 0; i < a.n; i++) {
    let p = a.rowStart[i]!, q = b.rowStart[i]!;
    const pe = a.rowStart[i + 1]!, qe = b.rowStart[i + 1]!;
    while (p < pe || q < qe) {
      const ca = p < pe ? a.col[p]! : Infinity, cb = q < qe ? b.col[q]! : Infinity;
      for (let e = 0; e < 9; e++) {
        const va = ca <= cb ? a.blocks[9 * p + e]! : 0;
        const vb = cb <= ca ? b.blocks[9 * q + e]! : 0;
        diff += (va - vb) ** 2;
      }
      if (ca <= cb) p++;
      if (cb <= ca) q++;
    }
  }
  return Math.sqrt(diff) / hessianFrobenius(b);
}

/** Options for {@link finiteDifferenceHessian}. */
export interface FiniteDifferenceOptions {
  /** Displacement (σ or Å), default 1e-5. */
  h?: number;
  /** Atoms whose columns to compute (default all). */
  atoms?: readonly number[];
}

/**
 * Central finite differences of the potential's forces: column 3a+c of H is −(F(x + h e) − F(x − h e))/2h.
 * Dense 3N×3N (only the requested atoms' columns filled); for tests and small N — 6N force evaluations.
 */
export function finiteDifferenceHessian(potential: Potential, structure: Structure, options: FiniteDifferenceOptions = {}): Float64Array {
  const h = options.h ?? 1e-5;
  const n = structure.n;
  const m = 3 * n;
  checkDenseFits(n, 3, 1, "finite-difference Hessian");
  const out = new Float64Array(m * m);
  const atoms = options.atoms ?? Array.from({ length: n }, (_, i) => i);
  const x = structure.positions;
  for (const a of atoms) {
    for (let c = 0; c < 3; c++) {
      const col = 3 * a + c;
      const plus = x.slice(); plus[col]! += h;
      const minus = x.slice(); minus[col]! -= h;
      const fp = potential.compute(structure.withPositions(plus), { forces: true }).forces!;
      const fm = potential.compute(structure.withPositions(minus), { forces: true }).forces!;
      for (let r = 0; r < m; r++) out[r * m + col] = -(fp[r]! - fm[r]!) / (2 * h);
    }
  }
  return out;
}

/** Runs `body` in a workspace scope with the Hessian copied in (convenience for kernels on a BlockHessian). */
export function withBlockHessian<T>(h: BlockHessian, body: (k: Kernels, p: BlockPatternPtrs & { blocks: number }) => T): T {
  return scoped((k) => body(k, putBlockHessian(h)));
}
