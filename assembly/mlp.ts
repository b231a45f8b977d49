// Small multilayer perceptron (one ReLU hidden layer, linear output) trained with Adam: the nonlinear
// baseline the linear g(r) model is compared against. Everything that decides the weights runs here, so
// training is bit-identical in Node and browsers.
//
// Parameters live in one f64 vector θ = [W1 (p×h, row-major), b1 (h), W2 (h×t, row-major), b2 (t)], and
// so do the gradient and the Adam moments, so one update kernel serves them all.
import { checkRange } from "./memory";

// @ts-ignore: decorator
@inline function ld(p: usize, i: usize): f64 {
  return load<f64>(p + (i << 3));
}
// @ts-ignore: decorator
@inline function st(p: usize, i: usize, v: f64): void {
  store<f64>(p + (i << 3), v);
}

/**
 * Accumulates into `grad` (zeroed by the caller) the gradient of the batch loss
 *   L = 1/(b·t) Σ_s Σ_o (out_so − y_so)²
 * over the rows idx[0..b) of X (n×p) and Y (n×t), and returns L.
 * Scratch: hidden (h), delta (h), out (t) f64 each.
 */
export function mlp_batchGradient(
  x: usize, y: usize, idx: usize, b: i32, p: i32, h: i32, t: i32,
  theta: usize, grad: usize, hidden: usize, delta: usize, out: usize,
): f64 {
  checkRange(idx, <usize>b << 2);
  const w1 = theta, b1 = theta + ((<usize>p * h) << 3), w2 = b1 + (<usize>h << 3), b2 = w2 + ((<usize>h * t) << 3);
  const gw1 = grad, gb1 = grad + ((<usize>p * h) << 3), gw2 = gb1 + (<usize>h << 3), gb2 = gw2 + ((<usize>h * t) << 3);
  checkRange(theta, (<usize>p * h + h + <usize>h * t + t) << 3);
  const scale = 2.0 / (<f64>b * <f64>t);
  let loss = 0.0;
  for (let s = 0; s < b; s++) {
    const row = <usize>load<i32>(idx + (<usize>s << 2));
    const xr = x + ((row * p) << 3);
    const yr = y + ((row * t) << 3);
    // hidden = relu(x·W1 + b1), vectorised along h
    for (let k = 0; k < h; k++) st(hidden, k, ld(b1, k));
    for (let a = 0; a < p; a++) {
      const xa = ld(xr, a);
      if (xa == 0.0) continue;
      const wr = w1 + ((<usize>a * h) << 3);
      let k = 0;
      const xv = f64x2.splat(xa);
      for (; k + 1 < h; k += 2) {
        const o = <usize>k << 3;
        v128.store(hidden + o, f64x2.add(v128.load(hidden + o), f64x2.mul(xv, v128.load(wr + o))));
      }
      for (; k < h; k++) st(hidden, k, ld(hidden, k) + xa * ld(wr, k));
    }
    for (let k = 0; k < h; k++) if (ld(hidden, k) < 0.0) st(hidden, k, 0.0);
    // out = hidden·W2 + b2; error e = scale·(out − y)
    for (let o = 0; o < t; o++) st(out, o, ld(b2, o));
    for (let k = 0; k < h; k++) {
      const hk = ld(hidden, k);
      if (hk == 0.0) continue;
      const wr = w2 + ((<usize>k * t) << 3);
      for (let o = 0; o < t; o++) st(out, o, ld(out, o) + hk * ld(wr, o));
    }
    for (let o = 0; o < t; o++) {
      const d = ld(out, o) - ld(yr, o);
      loss += d * d;
      st(out, o, scale * d);
    }
    // gradients of the output layer, and the back-propagated hidden error
    for (let o = 0; o < t; o++) st(gb2, o, ld(gb2, o) + ld(out, o));
    for (let k = 0; k < h; k++) {
      const hk = ld(hidden, k);
      const wr = w2 + ((<usize>k * t) << 3);
      const gr = gw2 + ((<usize>k * t) << 3);
      let dk = 0.0;
      for (let o = 0; o < t; o++) {
        const e = ld(out, o);
        dk += e * ld(wr, o);
        if (hk != 0.0) st(gr, o, ld(gr, o) + hk * e);
      }
      st(delta, k, hk > 0.0 ? dk : 0.0);
    }
    for (let k = 0; k < h; k++) st(gb1, k, ld(gb1, k) + ld(delta, k));
    for (let a = 0; a < p; a++) {
      const xa = ld(xr, a);
      if (xa == 0.0) continue;
      const gr = gw1 + ((<usize>a * h) << 3);
      const xv = f64x2.splat(xa);
      let k = 0;
      for (; k + 1 < h; k += 2) {
        const o = <usize>k << 3;
        v128.store(gr + o, f64x2.add(v128.load(gr + o), f64x2.mul(xv, v128.load(delta + o))));
      }
      for (; k < h; k++) st(gr, k, ld(gr, k) + xa * ld(delta, k));
    }
  }
  return loss / (<f64>b * <f64>t);
}

/**
 * One Adam step (Kingma & Ba 2015) with decoupled weight decay on the first `decayCount` entries
 * (the weights W1, or all weights when the caller passes their total):
 *   m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  θ ← θ − lr (m/bc1) / (√(v/bc2) + ε) − lr·wd·θ.
 * bc1 = 1 − β1^k and bc2 = 1 − β2^k are computed by the caller by repeated multiplication.
 */
export function mlp_adamStep(
  theta: usize, grad: usize, m: usize, v: usize, count: i32,
  lr: f64, beta1: f64, beta2: f64, eps: f64, bc1: f64, bc2: f64, wd: f64, decayCount: i32,
): void {
  checkRange(theta, <usize>count << 3);
  for (let i = 0; i < count; i++) {
    const g = ld(grad, i);
    const mi = beta1 * ld(m, i) + (1.0 - beta1) * g;
    const vi = beta2 * ld(v, i) + (1.0 - beta2) * g * g;
    st(m, i, mi);
    st(v, i, vi);
    let th = ld(theta, i);
    if (i < decayCount) th -= lr * wd * th;
    st(theta, i, th - (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps));
  }
}

/** Predictions of the network for all n rows of X (n×p) into out (n×t). Scratch: hidden (h). */
export function mlp_predict(x: usize, n: i32, p: i32, h: i32, t: i32, theta: usize, hidden: usize, out: usize): void {
  checkRange(out, (<usize>n * t) << 3);
  const w1 = theta, b1 = theta + ((<usize>p * h) << 3), w2 = b1 + (<usize>h << 3), b2 = w2 + ((<usize>h * t) << 3);
  for (let s = 0; s < n; s++) {
    const xr = x + ((<usize>s * p) << 3);
    const orow = out + ((<usize>s * t) << 3);
    for (let k = 0; k < h; k++) st(hidden, k, ld(b1, k));
    for (let a = 0; a < p; a++) {
      const xa = ld(xr, a);
      const wr = w1 + ((<usize>a * h) << 3);
      for (let k = 0; k < h; k++) st(hidden, k, ld(hidden, k) + xa * ld(wr, k));
    }
    for (let o = 0; o < t; o++) st(orow, o, ld(b2, o));
    for (let k = 0; k < h; k++) {
      const hk = ld(hidden, k);
      if (hk <= 0.0) continue;
      const wr = w2 + ((<usize>k * t) << 3);
      for (let o = 0; o < t; o++) st(orow, o, ld(orow, o) + hk * ld(wr, o));
    }
  }
}
