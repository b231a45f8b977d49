// The large references (n = 1344, 1500) against LAPACK, release build only (they take seconds).
import { describe, expect, it } from "vitest";
import { eigh } from "../../src/eigen.js";
import { eigenResiduals, maxDiff, spectralNorm } from "./helpers.js";
import { grapheneHessian, kaHessian } from "./references.js";

const TOL = 1e-10;

describe("KA-LJ Hessians, n = 1500 (ka_glass cut/sf, ka_fcc_s0.10 cut)", () => {
  for (const [name, variant] of [
    ["ka_glass", "cut"],
    ["ka_glass", "sf"],
    ["ka_fcc_s0.10", "cut"],
  ] as const) {
    it(`${name}/${variant}: eigenvalues within 1e-10·‖H‖ of LAPACK`, () => {
      const h = kaHessian(name, variant);
      expect(h.n).toBe(1500);
      const r = eigh(h.matrix, h.n);
      expect(r.converged).toBe(true);
      expect(maxDiff(r.values, h.eigenvalues) / spectralNorm(h.eigenvalues)).toBeLessThan(TOL);
    });
  }

  it("ka_glass/cut with vectors: eigenpairs and orthonormality (sampled columns)", () => {
    const h = kaHessian("ka_glass", "cut");
    const norm = spectralNorm(h.eigenvalues);
    const r = eigh(h.matrix, h.n, { vectors: true });
    expect(maxDiff(r.values, h.eigenvalues) / norm).toBeLessThan(TOL);
    const columns = [0, 1, 2, 3, 4, 5, 100, 749, 750, 1200, 1497, 1498, 1499];
    const { residual, orthogonality } = eigenResiduals(h.matrix, h.n, r.values, r.vectors!, columns);
    expect(residual).toBeLessThan(TOL * norm);
    expect(orthogonality).toBeLessThan(TOL);
  });
});

describe("graphene_s0.00 (Tersoff, n = 1344, blocks above 1e-7 only)", () => {
  it("eigenvalues agree with LAPACK on the full matrix to the dropped-block level", () => {
    const h = grapheneHessian();
    expect(h.n).toBe(1344);
    const r = eigh(h.matrix, h.n, { assumeSymmetric: true });
    // Blocks with max |H| ≤ threshold (1e-7 eV/Å²) are absent from the file, so the matrix differs
    // from LAPACK's by at most that per entry.
    expect(maxDiff(r.values, h.eigenvalues) / spectralNorm(h.eigenvalues)).toBeLessThan(TOL);
  });
});
