import { describe, expect, it } from "vitest";
import { allocF64, putF64, putI32, readF64, scoped } from "../../src/engine/wasm.js";
import { fitMlp, predictMlp } from "../../src/baselines/mlp.js";

/** Plain TypeScript twin of the batch loss, for finite-difference gradient checks. */
function lossTwin(theta: Float64Array, x: Float64Array, y: Float64Array, rows: number[], p: number, h: number, t: number): number {
  let loss = 0;
  for (const r of rows) {
    const hid = new Float64Array(h);
    for (let k = 0; k < h; k++) {
      let s = theta[p * h + k]!;
      for (let a = 0; a < p; a++) s += x[r * p + a]! * theta[a * h + k]!;
      hid[k] = Math.max(0, s);
    }
    for (let o = 0; o < t; o++) {
      let s = theta[p * h + h + h * t + o]!;
      for (let k = 0; k < h; k++) s += hid[k]! * theta[p * h + h + k * t + o]!;
      loss += (s - y[r * t + o]!) ** 2;
    }
  }
  return loss / (rows.length * t);
}

function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
}

describe("MLP baseline", () => {
  it("computes the exact gradient of its loss (central differences of a TypeScript twin)", () => {
    const p = 5, h = 7, t = 3, n = 6;
    const r = lcg(3);
    const x = Float64Array.from({ length: n * p }, r), y = Float64Array.from({ length: n * t }, r);
    const count = p * h + h + h * t + t;
    const theta = Float64Array.from({ length: count }, () => 0.7 * r());
    const rows = [0, 2, 3, 5];
    const { loss, grad } = scoped((k) => {
      const px = putF64(x), py = putF64(y), pt = putF64(theta), pg = allocF64(count);
      const l = k.mlp_batchGradient(px, py, putI32(rows), rows.length, p, h, t, pt, pg, allocF64(h), allocF64(h), allocF64(t));
      return { loss: l, grad: readF64(pg, count) };
    });
    expect(loss).toBeCloseTo(lossTwin(theta, x, y, rows, p, h, t), 13);
    const eps = 1e-6;
    for (let i = 0; i < count; i++) {
      const tp = theta.slice(), tm = theta.slice();
      tp[i]! += eps;
      tm[i]! -= eps;
      const fd = (lossTwin(tp, x, y, rows, p, h, t) - lossTwin(tm, x, y, rows, p, h, t)) / (2 * eps);
      expect(Math.abs(grad[i]! - fd)).toBeLessThan(1e-7);
    }
  });

  it("learns a nonlinear target a linear model cannot, and is bit-reproducible for a seed", () => {
    const n = 200, p = 2, t = 1;
    const r = lcg(11);
    const x = Float64Array.from({ length: n * p }, r);
    const y = Float64Array.from({ length: n }, (_, i) => x[2 * i]! * x[2 * i]! - x[2 * i + 1]! * x[2 * i + 1]!);
    const net = fitMlp(x, y, n, p, t, { hidden: 32, epochs: 300, learningRate: 3e-3, seed: 5 });
    const pred = predictMlp(net, x, n);
    let ss = 0, st = 0;
    const mean = y.reduce((a, b) => a + b, 0) / n;
    for (let i = 0; i < n; i++) {
      ss += (pred[i]! - y[i]!) ** 2;
      st += (y[i]! - mean) ** 2;
    }
    // x² − y² has zero linear part on a symmetric sample: a linear model scores R² ≈ 0.
    expect(1 - ss / st).toBeGreaterThan(0.9);
    const again = fitMlp(x, y, n, p, t, { hidden: 32, epochs: 300, learningRate: 3e-3, seed: 5 });
    expect(Buffer.from(again.theta.buffer).equals(Buffer.from(net.theta.buffer))).toBe(true);
    const other = fitMlp(x, y, n, p, t, { hidden: 32, epochs: 300, learningRate: 3e-3, seed: 6 });
    expect(Buffer.from(other.theta.buffer).equals(Buffer.from(net.theta.buffer))).toBe(false);
  });

  it("rejects malformed inputs", () => {
    expect(() => fitMlp(new Float64Array(5), new Float64Array(2), 2, 2, 1)).toThrow(/X has 5 values/);
    expect(() => fitMlp(Float64Array.from([0, NaN, 1, 2]), new Float64Array(2), 2, 2, 1)).toThrow(/non-finite/);
  });
});
