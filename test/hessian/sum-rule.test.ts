// The second-moment sum rule of SCIENCE.md for Kob–Andersen LJ:
//   Tr H = Σ_ab N_a (N_b − δ_ab)/V ∫ g_ab(r) S_d(r) κ_ab(r) dr,   κ = φ'' + (d − 1) φ'/r,
// (Tr H / N = d·⟨ω²⟩ for unit masses). Checked three ways: the exact pair sum (to 1e-12), and the binned
// g(r) integral from src/rdf.ts, whose error is the binning error: bounded bin by bin and shrinking with Δr.
import { describe, expect, it } from "vitest";
import { hessianTrace } from "../../src/hessian.js";
import { kobAndersen, type LennardJones } from "../../src/potentials/lj.js";
import { neighborList } from "../../src/neighbors.js";
import { relax } from "../../src/relax.js";
import { rdf } from "../../src/rdf.js";
import type { Structure } from "../../src/structure.js";
import { bruteList } from "./bruteforce.js";
import { randomKA, refStructure } from "./fixtures.js";

function kappa(pot: LennardJones, a: string, b: string, r: number, d: number): number {
  const f = pot.pairFunction(a, b, r);
  return f.d2phi + ((d - 1) * f.dphi) / r;
}

/**
 * Σ_ab N_a(N_b − δ_ab)/V Σ_k g_ab,k ΔV_k κ_ab(r_k) with r_k the bin centers (midpoint rule), and the bound
 * Σ_k n_k max(|κ(lo) − κ(c)|, |κ(hi) − κ(c)|) on its error (exact when κ is monotone within each bin).
 */
function traceFromRdf(pot: LennardJones, s: Structure, dr: number, d: 2 | 3): { trace: number; bound: number } {
  const rMax = pot.cutoff;
  const bins = Math.round(rMax / dr);
  const g = rdf(s, { rMax, bins, partial: true, dim: d });
  const comp = s.composition();
  const measure = d === 3 ? s.volume() : s.area();
  let trace = 0, bound = 0;
  for (const [key, gab] of g.partials) {
    const [a, b] = key.split("-") as [string, string];
    const na = comp.get(a)!, nb = comp.get(b)!;
    // Ordered pairs: both (a, b) and (b, a) when a ≠ b.
    const pairs = (a === b ? na * (nb - 1) : 2 * na * nb) / measure;
    for (let k = 0; k < bins; k++) {
      const lo = g.edges[k]!, hi = g.edges[k + 1]!, c = g.centers[k]!;
      const shell = d === 3 ? (4 * Math.PI / 3) * (hi ** 3 - lo ** 3) : Math.PI * (hi * hi - lo * lo);
      const count = pairs * gab[k]! * shell; // ordered pairs in the bin
      if (count === 0) continue;
      const kc = kappa(pot, a, b, c, d);
      trace += count * kc;
      const rc = pot.pair(a, b).cutoff;
      const top = Math.min(hi, rc * (1 - 1e-15));
      bound += count * Math.max(Math.abs(kappa(pot, a, b, lo, d) - kc), Math.abs(kappa(pot, a, b, top, d) - kc));
    }
  }
  return { trace, bound };
}

/** The same identity summed in plain TypeScript over a full list (brute force for small cells). */
function tracePairSum(pot: LennardJones, s: Structure, d: number): number {
  const list = s.n <= 100 ? bruteList(s, pot.cutoff) : neighborList(s, { cutoff: pot.cutoff });
  let t = 0;
  for (let i = 0; i < s.n; i++) {
    for (let p = list.first[i]!; p < list.first[i + 1]!; p++) {
      const j = list.j[p]!;
      if (j !== i) t += kappa(pot, s.species[i]!, s.species[j]!, list.distance[p]!, d);
    }
  }
  return t;
}

describe("sum rule, exact pair-sum form (1e-12)", () => {
  for (const [name, variant] of [["ka_glass", "cut"], ["ka_glass", "smooth"], ["tri_small", "smooth"]] as const) {
    it(`${name} ${variant}: Tr H = Σ_pairs φ'' + 2φ'/r (WASM kernel and TypeScript)`, () => {
      const s = refStructure(name);
      const pot = kobAndersen(variant);
      const tr = hessianTrace(pot.hessian(s));
      expect(Math.abs(pot.pairTrace(s) - tr)).toBeLessThanOrEqual(1e-12 * Math.abs(tr));
      expect(Math.abs(tracePairSum(pot, s, 3) - tr)).toBeLessThanOrEqual(1e-12 * Math.abs(tr));
    });
  }
  it("KA-2D (dimension 2): Tr of the 2N×2N Hessian = Σ_pairs φ'' + φ'/r", () => {
    const pot = kobAndersen("smooth");
    const s = relax(randomKA(80, 51, 2), pot, { fmax: 1e-6 }).structure;
    const tr = hessianTrace(pot.hessian(s), 2);
    expect(Math.abs(pot.pairTrace(s) - tr)).toBeLessThanOrEqual(1e-12 * Math.abs(tr));
    expect(Math.abs(tracePairSum(pot, s, 2) - tr)).toBeLessThanOrEqual(1e-12 * Math.abs(tr));
  });
});

describe("sum rule from partial g(r): agrees to the binning error, which shrinks with the bins", () => {
  const cases: [string, () => Structure, "cut" | "smooth", 2 | 3][] = [
    ["ka_glass (3D, 80:20)", () => refStructure("ka_glass"), "cut", 3],
    ["ka_glass smooth", () => refStructure("ka_glass"), "smooth", 3],
    ["relaxed KA-2D (65:35)", () => relax(randomKA(200, 52, 2), kobAndersen("smooth"), { fmax: 1e-6 }).structure, "smooth", 2],
  ];
  for (const [name, make, variant, d] of cases) {
    it(name, () => {
      const s = make();
      const pot = kobAndersen(variant);
      const tr = hessianTrace(pot.hessian(s), d);
      // Δr = 0.1/m keeps every cutoff (2.0, 2.2, 2.5) on a bin edge.
      const errors: number[] = [];
      for (const dr of [0.02, 0.005, 0.00125]) {
        const { trace, bound } = traceFromRdf(pot, s, dr, d);
        const err = Math.abs(trace - tr);
        expect(err).toBeLessThanOrEqual(bound * (1 + 1e-9) + 1e-9 * Math.abs(tr));
        errors.push(err / Math.abs(tr));
      }
      // Converges: 16× finer bins cut the relative error by > 10×, to below 1e-4.
      expect(errors[2]!).toBeLessThan(errors[0]! / 10);
      expect(errors[2]!).toBeLessThan(1e-4);
    });
  }
});
