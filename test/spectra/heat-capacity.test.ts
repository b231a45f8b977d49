// Heat capacity: closed forms (Einstein solid, T → 0 and T → ∞ limits), the unit chain (metal units,
// checked through the reference's independent THz frequencies and Planck's h), participation ratios.
import { describe, expect, it } from "vitest";
import {
  BOLTZMANN_EV_PER_K,
  GAS_CONSTANT_J_PER_MOL_K,
  THZ_PER_SQRT_EV_A2_AMU,
  heatCapacity,
  heatCapacityScale,
  modeHeatCapacities,
  participationRatios,
} from "../../src/spectra.js";
import { loadJson } from "../reference.js";

/** Einstein function x² eˣ/(eˣ − 1)², written plainly (valid for moderate x). */
const einstein = (x: number) => (x * x * Math.exp(x)) / (Math.exp(x) - 1) ** 2;

describe("heat capacity: closed forms", () => {
  it("Einstein solid: every mode at ω₀ gives (dN − d)·x²eˣ/(eˣ − 1)²", () => {
    const n = 20, w0 = 3.0, hbar = 0.05;
    const lam = [0, 0, 0, ...Array(3 * n - 3).fill(w0 * w0)];
    for (const t of [0.02, 0.1, 0.15, 0.3, 1, 10]) {
      const c = heatCapacity(lam, t, { units: "lj", hbar });
      const x = (hbar * w0) / t;
      expect(Math.abs(c.total[0]! - (3 * n - 3) * einstein(x)) / ((3 * n - 3) * einstein(x))).toBeLessThan(1e-12);
      expect(c.perAtom[0]).toBeCloseTo(c.total[0]! / n, 14);
    }
  });

  it("T → ∞: k_B per mode with the 1 − x²/12 correction; T → 0: x² e^{−x}, then exactly 0", () => {
    const small = [1e-9, 1e-6, 1e-4, 1e-3];
    const big = [30, 50, 200, 700, 800];
    const c = modeHeatCapacities([...small, ...big], 1);
    small.forEach((x, k) => expect(Math.abs(c[k]! - (1 - (x * x) / 12 + x ** 4 / 240))).toBeLessThan(1e-15));
    big.forEach((x, k) => {
      const want = (x * x * Math.exp(-x)) / (1 - Math.exp(-x)) ** 2; // → x² e^{−x}
      expect(Math.abs(c[small.length + k]! - want)).toBeLessThanOrEqual(1e-13 * want);
    });
    expect(modeHeatCapacities([1e6], 1)[0]).toBe(0);
    expect(Array.from(modeHeatCapacities([1, 2, 3], 0))).toEqual([1, 1, 1]); // classical
  });

  it("is continuous across the small-x series switch", () => {
    const c = modeHeatCapacities([0.99999e-5, 1.00001e-5], 1);
    expect(Math.abs(c[0]! - c[1]!)).toBeLessThan(1e-15);
  });

  it("classical limit: k_B per non-zero mode; LJ units default to it (ħ = 0)", () => {
    const lam = [-1e-14, 1e-14, 2e-14, 1, 2, 3, 4, 5, 6];
    const c = heatCapacity(lam, [0.1, 1]);
    expect(c.total).toEqual([6, 6]);
    expect(c.classicalTotal).toBe(6);
  });

  it("leaves imaginary modes out and counts them", () => {
    const c = heatCapacity([-4, -1e-14, 1e-14, 2e-14, 1, 2], 1);
    expect(c.imaginaryExcluded).toBe(1);
    expect(c.modesCounted).toBe(2);
    expect(c.modes.warnings.join()).toMatch(/imaginary/);
  });
});

describe("heat capacity: metal units", () => {
  it("x = ħω/k_BT through √λ equals hν/k_BT through the reference's THz frequencies (cualzr_relaxed, 300 K)", () => {
    const ref = loadJson("manybody/answers/cualzr_relaxed.json");
    const lam: number[] = ref.dynamical_matrix.eigenvalues;
    const nuTHz: number[] = ref.dynamical_matrix.frequencies_THz; // ν = √λ · 15.633302 (scipy CODATA 2018)
    const h = 4.135667696e-3; // Planck constant, eV·ps (exact in SI 2019)
    const T = 300;
    const c = heatCapacity(lam, T, { units: "metal" });
    let want = 0;
    for (let k = 3; k < lam.length; k++) want += einstein((h * nuTHz[k]!) / (BOLTZMANN_EV_PER_K * T));
    // 15.633302 is rounded to 1.4e-7 (reference README); the heat capacity inherits less than that
    expect(Math.abs(c.total[0]! - want) / want).toBeLessThan(2e-7);
    expect(Math.abs(THZ_PER_SQRT_EV_A2_AMU - 15.633302) / 15.633302).toBeLessThan(2e-7);
    // per mole of atoms, J/(mol·K): close to but below Dulong–Petit 3R = 24.94 at 300 K for a metallic glass
    const perMol = c.jPerMolK![0]!;
    expect(perMol).toBeLessThan(3 * GAS_CONSTANT_J_PER_MOL_K);
    expect(perMol).toBeGreaterThan(0.9 * 3 * GAS_CONSTANT_J_PER_MOL_K);
  });

  it("reaches Dulong–Petit 3R(1 − 1/N) = 24.94 J/(mol·K)·(1 − 1/N) at high T", () => {
    const ref = loadJson("manybody/answers/cualzr_relaxed.json");
    const lam: number[] = ref.dynamical_matrix.eigenvalues;
    const c = heatCapacity(lam, 1e7, { units: "metal" });
    const n = lam.length / 3;
    expect(Math.abs(c.jPerMolK![0]! - 24.943387854 * (1 - 1 / n))).toBeLessThan(1e-5);
    expect(c.eVPerK![0]).toBeCloseTo(c.total[0]! * 8.617333262e-5, 15);
  });

  it("rejects bad temperatures and options", () => {
    expect(() => heatCapacityScale(0)).toThrow(/temperature/);
    expect(() => heatCapacityScale(1, { hbar: -1 })).toThrow(/hbar/);
    expect(() => heatCapacity([0, 0, 0, 1, 2, 3], [])).toThrow(/temperature/);
  });
});

describe("participation ratios", () => {
  /** Plain twin: PR = (Σ_i |e_i|²)² / (N Σ_i |e_i|⁴). */
  function twin(v: Float64Array, n: number, d: number): number[] {
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      let s2 = 0, s4 = 0;
      for (let i = 0; i < n / d; i++) {
        let p = 0;
        for (let a = 0; a < d; a++) p += v[(d * i + a) * n + k]! ** 2;
        s2 += p;
        s4 += p * p;
      }
      out.push((s2 * s2) / ((n / d) * s4));
    }
    return out;
  }

  it("is 1 for a uniform mode, 1/N for a mode on one atom, and matches the twin on random vectors", () => {
    for (const d of [2, 3] as const) {
      const nAtoms = 7, n = d * nAtoms;
      const v = new Float64Array(n * n);
      // column 0: uniform along x; column 1: atom 3 only; the rest random
      for (let i = 0; i < nAtoms; i++) v[d * i * n + 0] = 1 / Math.sqrt(nAtoms);
      v[(d * 3 + 1) * n + 1] = 1;
      let s = 7;
      for (let r = 0; r < n; r++) for (let k = 2; k < n; k++) v[r * n + k] = ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
      const pr = participationRatios(v, n, d);
      expect(pr[0]).toBeCloseTo(1, 14);
      expect(pr[1]).toBeCloseTo(1 / nAtoms, 14);
      const t = twin(v, n, d);
      for (let k = 0; k < n; k++) expect(Math.abs(pr[k]! - t[k]!)).toBeLessThan(1e-14);
    }
  });

  it("rejects mis-shaped input", () => {
    expect(() => participationRatios(new Float64Array(8), 3)).toThrow(RangeError);
    expect(() => participationRatios(new Float64Array(16), 4, 3)).toThrow(/multiple/);
  });
});
