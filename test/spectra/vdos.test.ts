// VDOS, ⟨ω²⟩ and mode classification: the reference VDOS of every KA structure reproduced from its
// stored eigenvalues, a plain-TypeScript twin of the kernel, normalisation and zero-mode invariants.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parseStructure } from "../../src/io/index.js";
import { kobAndersen } from "../../src/potentials/lj.js";
import { classifyModes, meanSquareFrequency, vdos, vibrationalModes, zeroModeCount } from "../../src/spectra.js";
import { loadJson, ref } from "../reference.js";

const KA = ["ka_glass", "ka_fcc_s0.00", "ka_fcc_s0.02", "ka_fcc_s0.10", "ka_fcc_s0.20", "tri_small"];

/** Plain TypeScript twin of spectra_vdos: D(ω_j) = w Σ_k exp(−(ω_j − ω_k)²/2σ²)/(√(2π)σ). */
function vdosTwin(omega: number[], grid: ArrayLike<number>, sigma: number, weight: number): Float64Array {
  const out = new Float64Array(grid.length);
  for (let j = 0; j < grid.length; j++) {
    let s = 0;
    for (const w of omega) s += Math.exp(-((grid[j]! - w) ** 2) / (2 * sigma * sigma));
    out[j] = (weight * s) / (Math.sqrt(2 * Math.PI) * sigma);
  }
  return out;
}

describe("VDOS against the reference answers (all-modes 1/3N convention)", () => {
  for (const name of KA) {
    for (const variant of ["cut", "sf"] as const) {
      it(`${name} ${variant}: hessian.vdos from its eigenvalues to 1e-12`, () => {
        const ref = loadJson(`answers/${name}.json`);
        const v = ref.hessian.variants[variant];
        const conv = ref.hessian.vdos_convention;
        const d = vdos(v.eigenvalues, { allModes: true, grid: v.vdos.grid, sigma: conv.sigma });
        expect(d.modesCounted).toBe(v.eigenvalues.length);
        const D: number[] = v.vdos.D;
        let worst = 0, peak = 0;
        for (let j = 0; j < D.length; j++) {
          worst = Math.max(worst, Math.abs(d.dos[j]! - D[j]!));
          peak = Math.max(peak, Math.abs(D[j]!));
        }
        expect(peak).toBeGreaterThan(0);
        expect(worst).toBeLessThanOrEqual(1e-12 * Math.max(peak, 1e-3));
        // imaginary count, with the reference's own tolerance convention (1e-8·max|λ|): equal except where the
        // reference also counted tiny negative translations as negative (it does not exclude zero modes first).
        const modes = d.modes;
        const negZero = v.eigenvalues.filter((x: number, k: number) => modes.zero[k] && x < -modes.tolerance).length;
        expect(modes.imaginary + negZero).toBe(v.n_negative);
      });
    }
  }
});

describe("VDOS kernel against a plain TypeScript twin", () => {
  it("matches on random spectra, arbitrary grids, both normalisations", () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 5; trial++) {
      const n = 3 * (5 + trial * 7);
      const lam = Array.from({ length: n }, (_, k) => (k < 3 ? (rnd() - 0.5) * 1e-12 : rnd() * 100 - (trial === 2 ? 10 : 0))).sort((a, b) => a - b);
      const grid = Array.from({ length: 57 }, (_, j) => -3 + j * 0.23 + (j % 3) * 0.01);
      const sigma = 0.1 + rnd();
      for (const allModes of [false, true]) {
        const d = vdos(lam, { grid, sigma, allModes });
        const used = lam.map((x) => (x < 0 ? -Math.sqrt(-x) : Math.sqrt(x))).filter((_, k) => allModes || !d.modes.zero[k]);
        const twin = vdosTwin(used, grid, sigma, 1 / used.length);
        for (let j = 0; j < grid.length; j++) expect(Math.abs(d.dos[j]! - twin[j]!)).toBeLessThanOrEqual(1e-14 * (1 + twin[j]!));
      }
    }
  });
});

describe("VDOS normalisation and modes", () => {
  const ref = loadJson("answers/ka_glass.json");
  const lam: number[] = ref.hessian.variants.cut.eigenvalues;

  it("excludes the 3 translations: ∫D dω = 1 over a wide grid, 1/(3N − 3) weight", () => {
    const d = vdos(lam, { sigma: 0.25, omegaMin: -5, omegaStep: 0.01, omegaMax: 45 });
    expect(d.modes.zeroModes).toBe(3);
    expect(d.modesCounted).toBe(1497);
    expect(d.modes.imaginary).toBe(0);
    expect(Math.abs(d.integral - 1)).toBeLessThan(1e-10);
    // with all modes, a grid from ω = 0 cuts the three zero-mode Gaussians in half: 1 − 1.5/(3N)
    const half = vdos(lam, { sigma: 0.25, omegaMin: 0, omegaStep: 0.01, omegaMax: 45, allModes: true });
    expect(Math.abs(half.integral - (1 - 1.5 / 1500))).toBeLessThan(1e-6);
  });

  it("non-zero and all-modes conventions differ by the zero-mode Gaussians only", () => {
    const grid = Array.from({ length: 801 }, (_, j) => 0.05 * j);
    const a = vdos(lam, { grid, sigma: 0.25, allModes: true });
    const b = vdos(lam, { grid, sigma: 0.25 });
    const zero = vdos(lam.slice(0, 3), { grid, sigma: 0.25, allModes: true, zeroModes: 0 });
    const n = lam.length;
    for (let j = 0; j < grid.length; j++) {
      const rebuilt = (b.dos[j]! * (n - 3) + zero.dos[j]! * 3) / n;
      expect(Math.abs(rebuilt - a.dos[j]!)).toBeLessThan(1e-13);
    }
  });

  it("⟨ω²⟩ is the mean λ over non-zero modes, and Tr(D)/(dN) matches the Hessian trace", () => {
    const { omega2Mean, traceMean } = meanSquareFrequency(classifyModes(lam));
    const sum = lam.reduce((s, x) => s + x, 0);
    expect(traceMean).toBeCloseTo(sum / lam.length, 12);
    expect(Math.abs(omega2Mean - sum / (lam.length - 3))).toBeLessThan(1e-12 * omega2Mean);
    // masses 1: Tr(D) = Tr(H), stored by the reference
    const trace = ref.hessian.variants.cut.hessian_trace;
    expect(Math.abs(sum - trace) / trace).toBeLessThan(1e-12);
  });

  it("picks the zero modes by |λ|, whatever their sign and position", () => {
    const lam2 = [-50, -1e-13, 2e-14, 3e-13, 4, 9];
    const m = classifyModes(lam2, { zeroModes: 3 });
    expect(Array.from(m.zero)).toEqual([0, 1, 1, 1, 0, 0]);
    expect(m.imaginary).toBe(1);
    expect(m.omega[0]).toBeCloseTo(-Math.sqrt(50), 14);
    expect(m.warnings.join(" ")).toMatch(/1 imaginary mode/);
    const bad = classifyModes([0.5, 1, 2, 3, 4, 5], { zeroModes: 3 });
    expect(bad.warnings.join(" ")).toMatch(/not ≈ 0/);
  });

  it("counts zero modes from the boundary conditions", () => {
    expect(zeroModeCount(3, [true, true, true])).toBe(3);
    expect(zeroModeCount(3, [true, true, false])).toBe(3);
    expect(zeroModeCount(3, [false, false, true])).toBe(4);
    expect(zeroModeCount(3, [false, false, false])).toBe(6);
    expect(zeroModeCount(2, [true, true, false])).toBe(2);
    expect(zeroModeCount(2, [false, false, false])).toBe(3);
  });

  it("rejects bad input with clear errors", () => {
    expect(() => vdos([1, 2], {})).toThrow(RangeError);
    expect(() => vdos([3, 2, 1], {})).toThrow(/ascending/);
    expect(() => vdos([0, 0, 0, 1, 2, 3], { sigma: -1 })).toThrow(/sigma/);
    expect(() => vdos([0, 0, 0, 1, 2, 3], { grid: [1, 1] })).toThrow(/ascending/);
    expect(() => vdos([0, 0, 0, 1, NaN, 3], {})).toThrow(/finite/);
  });
});

describe("vibrationalModes", () => {
  it("gives the reference eigenvalues of tri_small (both cut forms) and counts its imaginary modes", () => {
    const s = parseStructure(readFileSync(ref("structures/tri_small.xyz"), "utf8"), "xyz");
    const want = loadJson("answers/tri_small.json").hessian.variants;
    for (const [variant, key] of [["cut", "cut"], ["smooth", "sf"]] as const) {
      const m = vibrationalModes(s, kobAndersen(variant, { onWarning: () => {} }), { vectors: true });
      const lam: number[] = want[key].eigenvalues;
      const big = Math.max(...lam.map(Math.abs));
      expect(Math.max(...Array.from(m.values, (x, k) => Math.abs(x - lam[k]!)))).toBeLessThan(1e-10 * big);
      expect(m.modes.imaginary).toBe(want[key].n_negative);
      expect(m.modes.zeroModes).toBe(3);
      expect(m.vectors).toHaveLength(96 * 96);
    }
  });
});
