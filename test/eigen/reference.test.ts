// Eigenvalues of the reference Hessians (n ≤ 768) against LAPACK (scipy.linalg.eigh) to 1e-10·‖H‖₂,
// for both methods; eigenvectors orthonormal and A·V = V·Λ to 1e-10·‖H‖₂.
import { describe, expect, it } from "vitest";
import { eigh } from "../../src/eigen.js";
import { eigenResiduals, maxDiff, spectralNorm } from "./helpers.js";
import { kaHessian, manybodyHessian, type ReferenceHessian } from "./references.js";

const TOL = 1e-10;

function checkValues(h: ReferenceHessian, values: Float64Array): number {
  const norm = spectralNorm(h.eigenvalues);
  const err = maxDiff(values, h.eigenvalues) / norm;
  expect(err, `${h.name}: max |Δλ| / ‖H‖`).toBeLessThan(TOL);
  return err;
}

describe("KA-LJ Hessians (tri_small, n = 96): both methods against LAPACK", () => {
  for (const variant of ["cut", "sf"] as const) {
    it(`tri_small/${variant}`, () => {
      const h = kaHessian("tri_small", variant);
      expect(h.n).toBe(96);
      const norm = spectralNorm(h.eigenvalues);
      for (const method of ["tridiagonal", "jacobi"] as const) {
        checkValues(h, eigh(h.matrix, h.n, { method }).values);
        const r = eigh(h.matrix, h.n, { method, vectors: true });
        checkValues(h, r.values);
        const { residual, orthogonality } = eigenResiduals(h.matrix, h.n, r.values, r.vectors!);
        expect(residual).toBeLessThan(TOL * norm);
        expect(orthogonality).toBeLessThan(TOL);
      }
    });
  }
});

describe("many-body Hessians (Tersoff, EAM; LAMMPS finite differences and analytic EAM)", () => {
  it("carbon_tri (n = 12): both methods, with vectors", () => {
    const h = manybodyHessian("carbon_tri");
    const norm = spectralNorm(h.eigenvalues);
    for (const method of ["tridiagonal", "jacobi"] as const) {
      const r = eigh(h.matrix, h.n, { method, vectors: true });
      checkValues(h, r.values);
      const { residual, orthogonality } = eigenResiduals(h.matrix, h.n, r.values, r.vectors!);
      expect(residual).toBeLessThan(TOL * norm);
      expect(orthogonality).toBeLessThan(TOL);
    }
  });

  for (const name of ["sic_s0.00", "sic_s0.05", "cualzr_relaxed", "cualzr_s0.00", "cualzr_s0.10"]) {
    it(`${name}: tridiagonal eigenvalues`, () => {
      const h = manybodyHessian(name);
      expect(h.n).toBeGreaterThan(600);
      const r = eigh(h.matrix, h.n);
      expect(r.converged).toBe(true);
      checkValues(h, r.values);
    });
  }

  for (const name of ["cualzr_relaxed", "cualzr_s0.00", "cualzr_s0.10"]) {
    it(`${name}: analytic EAM Hessian against numpy's eigenvalues`, () => {
      const h = manybodyHessian(name, true);
      checkValues(h, eigh(h.matrix, h.n).values);
    });
  }

  it("sic_s0.05 (n = 648): eigenvectors orthonormal, A·V = V·Λ", () => {
    const h = manybodyHessian("sic_s0.05");
    const norm = spectralNorm(h.eigenvalues);
    const r = eigh(h.matrix, h.n, { vectors: true });
    checkValues(h, r.values);
    const columns = [0, 1, 2, 3, 100, 323, 324, 500, 646, 647];
    const { residual, orthogonality } = eigenResiduals(h.matrix, h.n, r.values, r.vectors!, columns);
    expect(residual).toBeLessThan(TOL * norm);
    expect(orthogonality).toBeLessThan(TOL);
  });
});
