// Generators: determinism (byte-identical), true minima (forces and Hessian checked independently),
// metadata, the crystal ends of each system, and the parameter sampler.
import { describe, expect, it } from "vitest";
import { eigh } from "../../src/eigen.js";
import {
  defaultLatticeConstant, generateStructure, sampleParameters, SYSTEM_NAMES, SYSTEMS, type GenerateOptions, type SystemName,
} from "../../src/generators.js";
import { toDense } from "../../src/hessian.js";
import { relax } from "../../src/relax.js";
import { Rng, streamId } from "../../src/random.js";
import type { Structure } from "../../src/structure.js";
import { loadJson } from "../reference.js";

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

function maxForce(f: Float64Array): number {
  let m = 0;
  for (let i = 0; i < f.length; i += 3) m = Math.max(m, Math.sqrt(f[i]! ** 2 + f[i + 1]! ** 2 + f[i + 2]! ** 2));
  return m;
}

/** Independent check: forces from the potential, and Hessian eigenvalues below −1e-8·max|λ| besides the d smallest |λ|. */
function verifyMinimum(system: SystemName, s: Structure, fmax: number) {
  const pot = SYSTEMS[system].potential();
  const f = pot.compute(s).forces!;
  expect(maxForce(f)).toBeLessThan(fmax * 1.0001);
  const d = s.dimension, m = d * s.n;
  const h = toDense(pot.hessian(s), d);
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) h[i * m + j] = h[j * m + i] = 0.5 * (h[i * m + j]! + h[j * m + i]!);
  const values = Array.from(eigh(h, m, { assumeSymmetric: true }).values);
  const maxAbs = Math.max(...values.map(Math.abs));
  const byAbs = values.map((v, k) => [Math.abs(v), k] as const).sort((a, b) => a[0] - b[0]);
  const zero = new Set(byAbs.slice(0, d).map((x) => x[1]));
  for (const k of zero) expect(Math.abs(values[k]!)).toBeLessThan(1e-6 * maxAbs);
  const negatives = values.filter((v, k) => !zero.has(k) && v < -1e-8 * maxAbs).length;
  expect(negatives).toBe(0);
}

const small: Partial<GenerateOptions> = { atoms: 32 };

describe("Kob–Andersen generators", () => {
  it("same inputs → byte-identical structures and metadata; other index or seed → different", () => {
    for (const o of [{ method: "displace", sigma: 0.2 }, { method: "partial", fraction: 0.4, coolingRate: 3 }] as const) {
      const a = generateStructure("kob-andersen-3d", { seed: 5, index: 2, ...small, ...o });
      const b = generateStructure("kob-andersen-3d", { seed: 5, index: 2, ...small, ...o });
      expect(bits(a.structure.positions)).toBe(bits(b.structure.positions));
      expect(JSON.stringify(a.metadata)).toBe(JSON.stringify(b.metadata));
      const c = generateStructure("kob-andersen-3d", { seed: 5, index: 3, ...small, ...o });
      expect(bits(c.structure.positions)).not.toBe(bits(a.structure.positions));
    }
  });

  it("a structure does not depend on what was generated before it (no hidden state: any worker, any order)", () => {
    const cases: [SystemName, GenerateOptions][] = [
      ["kob-andersen-3d", { seed: 8, index: 0, ...small, method: "partial", fraction: 0.3, coolingRate: 5 }],
      ["sic", { seed: 8, index: 0, atoms: 64, sigma: 0.2 }],
      ["cualzr", { seed: 8, index: 0, atoms: 32, method: "partial", fraction: 0.5, coolingRate: Infinity }],
      ["carbon-monolayer", { seed: 8, index: 0, atoms: 48, sigma: 0.3 }],
    ];
    const first = cases.map(([sys, o]) => bits(generateStructure(sys, o).structure.positions));
    for (const [sys, o] of cases) generateStructure(sys, { ...o, index: 1 }); // other structures in between
    const again = [...cases].reverse().map(([sys, o]) => bits(generateStructure(sys, o).structure.positions)).reverse();
    expect(again).toEqual(first);
  });

  it("3D: composition 80:20, density 1.2, a relaxed minimum with no imaginary modes (checked independently)", () => {
    const g = generateStructure("kob-andersen-3d", { seed: 1, index: 0, atoms: 108, method: "melt-quench", coolingRate: 3 });
    const s = g.structure;
    expect(s.n).toBe(108);
    expect(s.formula()).toBe("A86B22");
    expect(s.n / s.volume()).toBeCloseTo(1.2, 12);
    expect(defaultLatticeConstant(SYSTEMS["kob-andersen-3d"]) ** 3).toBeCloseTo(4 / 1.2, 12);
    expect(g.metadata.negativeModes).toBe(0);
    expect(g.metadata.stable).toBe(true);
    expect(g.metadata.mdSteps).toBe(Math.floor((2 + 0.5 + (2 - 0.3) / 3) / 0.005 + 0.5)); // melt 2 τ, liquid 0.5 τ, cool 2 → 0.3 at rate 3
    expect(g.metadata.coolingRate).toBe(3);
    expect(g.metadata.potential).toBe("kob-andersen:smooth");
    verifyMinimum("kob-andersen-3d", s, SYSTEMS["kob-andersen-3d"].fmax);
    // wrapped into the cell
    const fr = s.fractional();
    expect(Math.min(...fr)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...fr)).toBeLessThan(1);
    expect(s.info.seed).toBe(1);
  });

  it("2D: dimension 2, z = 0, 65:35, areal density 1.2, minimum in the 2N-dimensional space", () => {
    const g = generateStructure("kob-andersen-2d", { seed: 3, index: 1, atoms: 64, method: "partial", fraction: 0.5, coolingRate: 3 });
    const s = g.structure;
    expect(s.dimension).toBe(2);
    for (let i = 0; i < s.n; i++) expect(s.positions[3 * i + 2]).toBe(0);
    expect(s.n).toBe(64); // 8 × 4 rectangular cells of 2 atoms
    expect(s.formula()).toBe("A42B22");
    expect(s.n / s.area()).toBeCloseTo(1.2, 12);
    expect(g.metadata.regionCenter).not.toBeNull();
    verifyMinimum("kob-andersen-2d", s, SYSTEMS["kob-andersen-2d"].fmax);
  });

  it("σ sweeps share species order and displacement pattern; f = 0 is the relaxed crystal", () => {
    const a = generateStructure("kob-andersen-3d", { seed: 9, ...small, sigma: 0 });
    const b = generateStructure("kob-andersen-3d", { seed: 9, ...small, sigma: 0.2 });
    expect(b.structure.species).toEqual(a.structure.species);
    const p = generateStructure("kob-andersen-3d", { seed: 9, ...small, method: "partial", fraction: 0 });
    expect(bits(p.structure.positions)).toBe(bits(a.structure.positions));
    expect(p.metadata.mdSteps).toBe(0);
    expect(p.metadata.coolingRate).toBeNull();
    // the displacement is the documented one: crystal + σ·Z, Z the same for every σ (relaxing both gives
    // the same structure as relaxing by hand)
    const c = generateStructure("kob-andersen-3d", { seed: 9, ...small, sigma: 0.1, checkModes: false });
    const d = generateStructure("kob-andersen-3d", { seed: 9, ...small, sigma: 0.3, checkModes: false });
    expect(c.metadata.negativeModes).toBeNull();
    expect(bits(c.structure.positions)).not.toBe(bits(d.structure.positions));
  });

  it("rejects unknown systems and bad parameters", () => {
    expect(() => generateStructure("argon" as SystemName, { seed: 1 })).toThrow(RangeError);
    expect(() => generateStructure("kob-andersen-3d", { seed: -1 })).toThrow(RangeError);
    expect(() => generateStructure("kob-andersen-3d", { seed: 1, sigma: -0.1 })).toThrow(RangeError);
    expect(() => generateStructure("kob-andersen-3d", { seed: 1, method: "partial", fraction: 1.5 })).toThrow(RangeError);
    expect(() => generateStructure("kob-andersen-3d", { seed: 1, method: "anneal" as "partial" })).toThrow(RangeError);
    expect(() => generateStructure("kob-andersen-3d", { seed: 1, coolingRate: 0, method: "melt-quench" })).toThrow(RangeError);
  });
});

describe("the real materials (crystal ends, small cells)", () => {
  it("SiC zincblende at σ = 0 is a minimum with the reference energy (symmetric Tersoff)", () => {
    const g = generateStructure("sic", { seed: 1, atoms: 216 });
    const ref = loadJson("manybody", "answers", "sic_s0.00.json");
    expect(g.metadata.formula).toBe("C108Si108");
    expect(g.metadata.energy).toBeCloseTo(ref.tersoff_tag_parity.energy_symmetric, 6);
    expect(g.metadata.iterations).toBe(0);
    expect(g.metadata.negativeModes).toBe(0);
  });

  it("carbon monolayer: flat honeycomb at the potential's bond length is a minimum; 1.42 Å is a saddle", () => {
    const g = generateStructure("carbon-monolayer", { seed: 1, atoms: 48 });
    expect(g.structure.pbc).toEqual([true, true, false]);
    expect(g.metadata.negativeModes).toBe(0);
    expect(g.metadata.energyPerAtom).toBeCloseTo(-7.39552, 4);
    const z = Array.from({ length: g.structure.n }, (_, i) => g.structure.positions[3 * i + 2]!);
    expect(Math.max(...z) - Math.min(...z)).toBe(0);
    const compressed = generateStructure("carbon-monolayer", { seed: 1, atoms: 48, latticeConstant: 1.42, maxPushes: 0, maxAttempts: 1, requireStable: false });
    expect(compressed.metadata.negativeModes).toBeGreaterThan(0);
    expect(compressed.metadata.stable).toBe(false);
    expect(() => generateStructure("carbon-monolayer", { seed: 1, atoms: 48, latticeConstant: 1.42, maxPushes: 0, maxAttempts: 1 })).toThrow(/no energy minimum/);
  });

  it("carbon monolayer at σ = 0.4 Å (L-BFGS): an amorphous sheet at a converged minimum, no imaginary modes", () => {
    const g = generateStructure("carbon-monolayer", { seed: 4, atoms: 48, sigma: 0.4 });
    expect(g.metadata.converged).toBe(true);
    expect(g.metadata.stable).toBe(true);
    expect(g.metadata.energyPerAtom).toBeGreaterThan(-7.39552 + 0.05); // not the crystal
    verifyMinimum("carbon-monolayer", g.structure, SYSTEMS["carbon-monolayer"].fmax);
  });

  it("CuAlZr: Cu46Zr46Al8 random fcc solid solution relaxes to a minimum", () => {
    const g = generateStructure("cualzr", { seed: 21, atoms: 32, sigma: 0.05 });
    expect(g.metadata.formula).toBe("Al2Cu15Zr15"); // largest remainder of 32 × (0.46, 0.46, 0.08)
    expect(g.metadata.units).toBe("metal");
    verifyMinimum("cualzr", g.structure, SYSTEMS.cualzr.fmax);
  });
});

describe("parameter sampling", () => {
  it("is deterministic, covers all routes in range, and spans f ∈ [0, 1]", () => {
    const draws = Array.from({ length: 400 }, (_, i) => sampleParameters("kob-andersen-3d", 7, i));
    expect(sampleParameters("kob-andersen-3d", 7, 11)).toEqual(draws[11]);
    const methods = new Map<string, number>();
    for (const d of draws) methods.set(d.method!, (methods.get(d.method!) ?? 0) + 1);
    expect(methods.get("displace")! / 400).toBeGreaterThan(0.15);
    expect(methods.get("partial")! / 400).toBeGreaterThan(0.4);
    expect(methods.get("melt-quench")! / 400).toBeGreaterThan(0.15);
    const f = draws.filter((d) => d.method === "partial").map((d) => d.fraction!);
    expect(Math.min(...f)).toBeLessThan(0.05);
    expect(Math.max(...f)).toBeGreaterThan(0.95);
    for (const d of draws) {
      if (d.sigma !== undefined) expect(d.sigma >= 0 && d.sigma <= 0.3).toBe(true);
      if (d.coolingRate !== undefined) expect(d.coolingRate >= 0.1 && d.coolingRate <= 10).toBe(true);
    }
    const metal = Array.from({ length: 100 }, (_, i) => sampleParameters("sic", 7, i));
    expect(metal.some((d) => d.coolingRate === Infinity)).toBe(true);
    expect(metal.every((d) => d.method !== "melt-quench")).toBe(true);
    // SiC: below σ ≈ 0.16 Å and f ≈ 0.15 every start relaxes back to the one crystal, so the ranges skip most of that
    for (const d of metal) {
      if (d.sigma !== undefined) expect(d.sigma >= 0.15 && d.sigma <= 0.4).toBe(true);
      if (d.fraction !== undefined) expect(d.fraction >= 0.1 && d.fraction <= 1).toBe(true);
    }
    const narrow = Array.from({ length: 50 }, (_, i) => sampleParameters("kob-andersen-3d", 7, i, { fraction: [0.4, 0.6] })).filter((d) => d.method === "partial");
    expect(narrow.length).toBeGreaterThan(10);
    for (const d of narrow) expect(d.fraction! >= 0.4 && d.fraction! <= 0.6).toBe(true);
    expect(() => sampleParameters("kob-andersen-3d", 1, 0, { fraction: [0.5, 1.2] })).toThrow(/fraction range/);
    expect(SYSTEM_NAMES).toEqual(Object.keys(SYSTEMS));
    expect(() => sampleParameters("kob-andersen-3d", 1, 0, { weights: [0, 0, 0] })).toThrow(RangeError);
  });

  it("the start is exactly crystal + σ·Z from the documented stream (permutation, then 3N normals)", () => {
    const seed = 2, index = 4, sigma = 0.15;
    const noRelax = { seed, index, ...small, checkModes: false, fmax: 1e300 };
    const a = generateStructure("kob-andersen-3d", { ...noRelax, sigma: 0 }).structure;
    const b = generateStructure("kob-andersen-3d", { ...noRelax, sigma }).structure;
    const rng = Rng.seeded(seed, streamId("kob-andersen-3d"), index, 0);
    rng.permutation(a.n);
    const z = rng.normal(3 * a.n);
    const L = a.cell[0]!;
    let err = 0;
    for (let k = 0; k < 3 * a.n; k++) {
      let dx = b.positions[k]! - a.positions[k]!;
      dx -= L * Math.floor(dx / L + 0.5);
      err = Math.max(err, Math.abs(dx - sigma * z[k]!));
    }
    expect(err).toBeLessThan(1e-12);
    // and the relaxed structure is a minimum of the plain potential too (relax from it does nothing)
    const g = generateStructure("kob-andersen-3d", { seed, index, ...small, sigma, checkModes: false });
    const spec = SYSTEMS["kob-andersen-3d"];
    expect(relax(g.structure, spec.potential(), { fmax: spec.fmax }).iterations).toBe(0);
  });
});
