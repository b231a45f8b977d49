// Shared checks for the eigensolver tests: seeded matrices and the invariants A·V = V·Λ, VᵀV = I.

/** Deterministic integer RNG (mulberry32) → uniform [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded symmetric n×n matrix with entries uniform in [−1, 1) (row-major). */
export function randomSymmetric(n: number, seed: number): Float64Array {
  const u = rng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = 2 * u() - 1;
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** Largest |λ| = ‖A‖₂ from a set of eigenvalues. */
export function spectralNorm(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}

/**
 * Max over the checked columns k of ‖A v_k − λ_k v_k‖₂ and of |v_jᵀ v_k − δ_jk| (j over all columns).
 * `columns` limits the work for large n (O(n² · columns)).
 */
export function eigenResiduals(
  a: Float64Array,
  n: number,
  values: Float64Array,
  vectors: Float64Array,
  columns: number[] = Array.from({ length: n }, (_, k) => k),
): { residual: number; orthogonality: number } {
  // Columns as contiguous rows for speed.
  const vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) vt[k * n + i] = vectors[i * n + k]!;
  let residual = 0;
  let orthogonality = 0;
  for (const k of columns) {
    const v = vt.subarray(k * n, k * n + n);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const r = i * n;
      for (let j = 0; j < n; j++) s += a[r + j]! * v[j]!;
      const d = s - values[k]! * v[i]!;
      ss += d * d;
    }
    residual = Math.max(residual, Math.sqrt(ss));
    for (let j = 0; j < n; j++) {
      const w = vt.subarray(j * n, j * n + n);
      let s = 0;
      for (let i = 0; i < n; i++) s += v[i]! * w[i]!;
      orthogonality = Math.max(orthogonality, Math.abs(s - (j === k ? 1 : 0)));
    }
  }
  return { residual, orthogonality };
}

/** max_k |x_k − y_k|. */
export function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`length mismatch ${x.length} vs ${y.length}`);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}
