// Small dense helpers shared by the eigensolvers: contiguous f64 vectors (byte offsets), f64x2 SIMD.
// None of them allocates; lengths are element counts.

/** Σ x[i]·y[i] over [0, len). */
export function dot(x: usize, y: usize, len: i32): f64 {
  let acc0 = f64x2.splat(0.0);
  let acc1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const o = <usize>i << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(x + o), v128.load(y + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(x + o, 16), v128.load(y + o, 16)));
  }
  acc0 = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
  for (; i < len; i++) {
    const o = <usize>i << 3;
    s += load<f64>(x + o) * load<f64>(y + o);
  }
  return s;
}

/** y[i] += alpha·x[i] over [0, len). */
export function axpy(y: usize, alpha: f64, x: usize, len: i32): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
    v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.mul(va, v128.load(x + o, 16))), 16);
  }
  for (; i < len; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

/** y[i] += alpha·x[i] + beta·z[i] over [0, len). */
export function axpy2(y: usize, alpha: f64, x: usize, beta: f64, z: usize, len: i32): void {
  const va = f64x2.splat(alpha);
  const vb = f64x2.splat(beta);
  let i = 0;
  for (; i + 1 < len; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.add(f64x2.mul(va, v128.load(x + o)), f64x2.mul(vb, v128.load(z + o)))));
  }
  if (i < len) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + (alpha * load<f64>(x + o) + beta * load<f64>(z + o)));
  }
}

/** x[i] *= alpha over [0, len). */
export function scal(x: usize, alpha: f64, len: i32): void {
  for (let i = 0; i < len; i++) {
    const o = <usize>i << 3;
    store<f64>(x + o, load<f64>(x + o) * alpha);
  }
}

/** Euclidean norm of x[0, len), without overflow or harmful underflow. */
export function nrm2(x: usize, len: i32): f64 {
  let ssq = 0.0;
  for (let i = 0; i < len; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    ssq += v * v;
  }
  if (ssq < 1e300 && ssq > 1e-290) return Math.sqrt(ssq);
  // Rescale by the largest magnitude (rare: entries near the limits of f64, whose squares overflow
  // or underflow, possibly all the way to 0).
  let big = 0.0;
  for (let i = 0; i < len; i++) big = max<f64>(big, abs<f64>(load<f64>(x + (<usize>i << 3))));
  if (big == 0.0 || !isFinite(big)) return big;
  let s = 0.0;
  for (let i = 0; i < len; i++) {
    const v = load<f64>(x + (<usize>i << 3)) / big;
    s += v * v;
  }
  return big * Math.sqrt(s);
}

/** √(x² + y²) without overflow (LAPACK dlapy2). */
export function hypot(x: f64, y: f64): f64 {
  const xa = abs<f64>(x);
  const ya = abs<f64>(y);
  const w = max<f64>(xa, ya);
  const z = min<f64>(xa, ya);
  if (z == 0.0 || w > 1.7976931348623157e308) return w;
  const q = z / w;
  return w * Math.sqrt(1.0 + q * q);
}
