import { describe, expect, it } from "vitest";
import { lusolve, matrix } from "mathjs";
import { fitKernelRidge, predictKernelRidge, rbfKernel } from "../../src/baselines/krr.js";

function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
}

describe("kernel ridge baseline", () => {
  it("computes RBF kernels equal to a direct evaluation", () => {
    const r = lcg(1);
    const a = Float64Array.from({ length: 4 * 3 }, r), b = Float64Array.from({ length: 5 * 3 }, r);
    const K = rbfKernel(a, 4, b, 5, 3, 0.7);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 5; j++) {
        let d2 = 0;
        for (let k = 0; k < 3; k++) d2 += (a[i * 3 + k]! - b[j * 3 + k]!) ** 2;
        expect(K[i * 5 + j]).toBeCloseTo(Math.exp(-0.7 * d2), 14);
      }
    }
  });

  it("solves (K + αI) c = y exactly for a fixed γ and α (checked with mathjs)", () => {
    const r = lcg(2);
    const n = 12, p = 3;
    const x = Float64Array.from({ length: n * p }, r), y = Float64Array.from({ length: n }, r);
    const m = fitKernelRidge(x, y, n, p, 1, { gammas: [0.5 * p], alphas: [1e-2] });
    expect(m.gamma).toBeCloseTo(0.5, 15);
    const K = rbfKernel(m.xTrain, n, m.xTrain, n, p, m.gamma);
    const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => K[i * n + j]! + (i === j ? 1e-2 : 0)));
    const ys = Array.from({ length: n }, (_, i) => [(y[i]! - m.yMean[0]!) / m.yScale[0]!]);
    const c = (lusolve(matrix(A), matrix(ys)) as any).toArray() as number[][];
    for (let i = 0; i < n; i++) expect(m.dual[i]).toBeCloseTo(c[i]![0]!, 9);
  });

  it("fits a smooth nonlinear function, picks hyper-parameters by CV, and is deterministic", () => {
    const r = lcg(7);
    const n = 120, p = 2;
    const x = Float64Array.from({ length: n * p }, r);
    const f = (a: number, b: number) => Math.sin(3 * a) * Math.cos(2 * b);
    const y = Float64Array.from({ length: n }, (_, i) => f(x[2 * i]!, x[2 * i + 1]!));
    const m = fitKernelRidge(x, y, n, p, 1);
    const xt = Float64Array.from({ length: 50 * p }, r);
    const yt = Float64Array.from({ length: 50 }, (_, i) => f(xt[2 * i]!, xt[2 * i + 1]!));
    const pred = predictKernelRidge(m, xt, 50);
    let ss = 0, st = 0;
    const mean = yt.reduce((a, b) => a + b, 0) / 50;
    for (let i = 0; i < 50; i++) {
      ss += (pred[i]! - yt[i]!) ** 2;
      st += (yt[i]! - mean) ** 2;
    }
    expect(1 - ss / st).toBeGreaterThan(0.95);
    const again = fitKernelRidge(x, y, n, p, 1);
    expect(Buffer.from(again.dual.buffer).equals(Buffer.from(m.dual.buffer))).toBe(true);
  });
});
