// Allen–Feldman on the reference KA glass (N = 500, 1500 modes; release build only, ~10 s): converged in
// the broadening, Gaussian and Lorentzian δ agree, quantum below classical, the invariants hold.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parseStructure } from "../../src/io/index.js";
import { kobAndersen } from "../../src/potentials/lj.js";
import { eigh } from "../../src/eigen.js";
import { allenFeldmanFromModes, velocityOperator, type AllenFeldmanResult } from "../../src/thermal.js";
import { ref } from "../reference.js";

describe("Allen–Feldman κ of the KA glass", () => {
  const s = parseStructure(readFileSync(ref("structures/ka_glass.xyz"), "utf8"), "xyz");
  let g: AllenFeldmanResult, l: AllenFeldmanResult;
  beforeAll(() => {
    // one eigen-decomposition for both kinds of δ
    const op = velocityOperator(s, kobAndersen());
    const eig = eigh(op.dynamical, 1500, { vectors: true, assumeSymmetric: true });
    g = allenFeldmanFromModes(s, "lj", op, eig, { temperatures: [0.05, 0.3], hbar: 0.0296, broadening: 5 });
    l = allenFeldmanFromModes(s, "lj", op, eig, { temperatures: [0.3], broadening: 5, broadeningKind: "lorentzian" });
  });

  it("uses the cell as is (L = 7.47 > 2·2.5), keeps 1497 modes, and has no imaginary ones", () => {
    expect(g.supercell).toEqual([1, 1, 1]);
    expect(g.antisymmetry).toBe(0);
    expect(g.modes.zeroModes).toBe(3);
    expect(g.modes.imaginary).toBe(0);
    expect(g.included.reduce((a, b) => a + b, 0)).toBe(1497);
    for (const x of g.diffusivity) expect(x).toBeGreaterThanOrEqual(0);
  });

  it("is converged in the broadening: < 6% change per doubling of η at 5 level spacings (classical, T = 0.3)", () => {
    expect(Math.abs(g.convergence.changePerDoubling)).toBeLessThan(0.06);
    expect(Math.abs(g.convergence.changePerDoublingPerT[1]!)).toBeLessThan(0.06);
    // at T = 0.05 the low-frequency modes dominate and a 500-atom cell converges worse (≈ 8%)
    expect(Math.abs(g.convergence.changePerDoublingPerT[0]!)).toBeLessThan(0.12);
    const k = (sp: number) => g.kappaVersusBroadening.find((x) => x.spacings === sp)!.kappaClassical;
    expect(Math.abs(k(8) / k(3) - 1)).toBeLessThan(0.08);
  });

  it("Gaussian and Lorentzian δ agree within 2% at the same width", () => {
    expect(Math.abs(l.kappaClassical / g.kappaClassical - 1)).toBeLessThan(0.02);
  });

  it("quantum κ lies below the classical limit and rises with T", () => {
    expect(g.kappa[0]!).toBeLessThan(g.kappa[1]!);
    expect(g.kappa[1]!).toBeLessThan(g.kappaClassical);
    // κ is Σ C_n D_n / V: the classical limit needs only Σ D_n
    const sumD = g.diffusivity.reduce((a, b) => a + b, 0);
    expect(Math.abs(g.kappaClassical - sumD / s.volume()) / g.kappaClassical).toBeLessThan(1e-12);
    // the three directions of an isotropic glass agree within ~10%
    const t = g.kappaTensor[1]!;
    expect(Math.max(...t) / Math.min(...t)).toBeLessThan(1.15);
  });
});
