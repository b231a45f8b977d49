// Allen–Feldman: a brute-force TypeScript twin of the whole chain (per-image blocks from the neighbor list,
// SCIENCE.md's S_nm with explicit ħ and V), independence of the image decomposition, antisymmetry and
// positivity, an exact crystal check (diffusivity = √(π/2) v_g²/η per Bloch mode of an LJ chain), units.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { eigh } from "../../src/eigen.js";
import { parseStructure } from "../../src/io/index.js";
import { neighborList } from "../../src/neighbors.js";
import { LennardJones, kobAndersen } from "../../src/potentials/lj.js";
import { classifyModes } from "../../src/spectra.js";
import { GlassboxError, Structure } from "../../src/structure.js";
import { allenFeldman, modeDiffusivities, separatingSupercell, velocityMatrix, velocityOperator, type VelocityOperator } from "../../src/thermal.js";
import { ref } from "../reference.js";

const KA: Record<string, { eps: number; sig: number }> = {
  "A-A": { eps: 1, sig: 1 }, "A-B": { eps: 1.5, sig: 0.8 }, "B-A": { eps: 1.5, sig: 0.8 }, "B-B": { eps: 0.5, sig: 0.88 },
};

/** LJ (plain cut) φ'(r), φ''(r), written independently of src/potentials. */
function lj(eps: number, sig: number, r: number): { d1: number; d2: number } {
  const s6 = (sig / r) ** 6;
  return { d1: (4 * eps * (6 * s6 - 12 * s6 * s6)) / r, d2: (4 * eps * (156 * s6 * s6 - 42 * s6)) / (r * r) };
}

/**
 * Twin: per-image mass-weighted blocks straight from the full neighbor list (every (i, j, S) separately),
 * dense D (images summed) and dense W^α = Σ R^α D_block (masses 1), for d = 3 or a 2D system (x, y only).
 */
function twinOperator(s: Structure): { D: Float64Array; W: Float64Array[] } {
  const d = s.dimension;
  const n = d * s.n;
  const D = new Float64Array(n * n);
  const W = Array.from({ length: d }, () => new Float64Array(n * n));
  const nl = neighborList(s, { cutoff: 2.5 });
  for (let i = 0; i < s.n; i++) {
    for (let p = nl.first[i]!; p < nl.first[i + 1]!; p++) {
      const j = nl.j[p]!;
      const key = `${s.species[i]}-${s.species[j]}`;
      const { eps, sig } = KA[key]!;
      const r = nl.distance[p]!;
      if (!(r < 2.5 * sig)) continue;
      const R = [nl.vector[3 * p]!, nl.vector[3 * p + 1]!, nl.vector[3 * p + 2]!];
      const { d1, d2 } = lj(eps, sig, r);
      for (let a = 0; a < d; a++) {
        for (let b = 0; b < d; b++) {
          const u = (R[a]! * R[b]!) / (r * r);
          const K = d2 * u + (d1 / r) * ((a === b ? 1 : 0) - u);
          // off-site block of this image: −K at bond vector R; on-site block: +K at R = 0
          D[(d * i + a) * n + d * j + b]! -= K;
          D[(d * i + a) * n + d * i + b]! += K;
          for (let al = 0; al < d; al++) W[al]![(d * i + a) * n + d * j + b]! -= R[al]! * K;
        }
      }
    }
  }
  return { D, W };
}

function readRef(name: string): Structure {
  return parseStructure(readFileSync(ref(`structures/${name}.xyz`), "utf8"), "xyz");
}

describe("Allen–Feldman against a brute-force twin (tri_small: triclinic, 32 atoms, several images per pair)", () => {
  const s = readRef("tri_small");
  const pot = kobAndersen("cut", { onWarning: () => {} });
  const n = 3 * s.n;
  let op: VelocityOperator;
  beforeAll(() => {
    op = velocityOperator(s, pot);
  });

  it("needs a 2×2×2 supercell to separate images, and folds it back to the twin's D and W", () => {
    expect(separatingSupercell(s, 2.5)).toEqual([2, 2, 2]);
    expect(op.supercell).toEqual([2, 2, 2]);
    const twin = twinOperator(s);
    let dmax = 0, ddiff = 0;
    for (let q = 0; q < n * n; q++) {
      dmax = Math.max(dmax, Math.abs(twin.D[q]!));
      ddiff = Math.max(ddiff, Math.abs(twin.D[q]! - op.dynamical[q]!));
    }
    expect(ddiff).toBeLessThan(1e-11 * dmax);
    const dense = [0, 1, 2].map(() => new Float64Array(n * n));
    for (let a = 0; a < s.n; a++) {
      for (let k = op.rowStart[a]!; k < op.rowStart[a + 1]!; k++) {
        const b = op.col[k]!;
        for (let al = 0; al < 3; al++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) dense[al]![(3 * a + i) * n + 3 * b + j] = op.w[al]![9 * k + 3 * i + j]!;
      }
    }
    let wmax = 0, wdiff = 0;
    for (let al = 0; al < 3; al++) {
      for (let q = 0; q < n * n; q++) {
        wmax = Math.max(wmax, Math.abs(twin.W[al]![q]!));
        wdiff = Math.max(wdiff, Math.abs(twin.W[al]![q]! - dense[al]![q]!));
      }
    }
    expect(wmax).toBeGreaterThan(0);
    expect(wdiff).toBeLessThan(1e-11 * wmax);
    expect(op.antisymmetry).toBeLessThan(1e-14);
  });

  it("gives the twin's diffusivities from SCIENCE.md's S_nm with explicit ħ and V (which cancel)", () => {
    const eig = eigh(op.dynamical, n, { vectors: true });
    const modes = classifyModes(eig.values);
    const include = Int32Array.from(modes.eigenvalues, (l, q) => (!modes.zero[q] && l > modes.tolerance ? 1 : 0));
    const omega = Float64Array.from(modes.omega, (w, q) => (include[q] ? w : 0));
    const eta = 0.8;
    const vm = velocityMatrix(op, eig.vectors!);
    const got = modeDiffusivities(vm, omega, include, eta, "gaussian");
    const gotL = modeDiffusivities(vm, omega, include, eta, "lorentzian");
    const twin = twinOperator(s);
    const E = eig.vectors!;
    const hbar = 0.7, V = s.volume();
    // e_nᵀ W^α e_m, plain loops
    const proj = twin.W.map((W) => {
      const WE = new Float64Array(n * n);
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) { let t = 0; for (let q = 0; q < n; q++) t += W[r * n + q]! * E[q * n + c]!; WE[r * n + c] = t; }
      const out = new Float64Array(n * n);
      for (let p = 0; p < n; p++) for (let c = 0; c < n; c++) { let t = 0; for (let r = 0; r < n; r++) t += E[r * n + p]! * WE[r * n + c]!; out[p * n + c] = t; }
      return out;
    });
    const gauss = (x: number) => Math.exp(-(x * x) / (2 * eta * eta)) / (Math.sqrt(2 * Math.PI) * eta);
    const lorentz = (x: number) => eta / Math.PI / (x * x + eta * eta);
    let checked = 0;
    for (let p = 0; p < n; p++) {
      if (!include[p]) continue;
      const wn = omega[p]!;
      let sumG = 0, sumL = 0;
      for (let m = 0; m < n; m++) {
        if (m === p || !include[m]) continue;
        const wm = omega[m]!;
        let s2 = 0;
        for (let al = 0; al < 3; al++) {
          const v = proj[al]![p * n + m]! / (2 * Math.sqrt(wn * wm));
          const S = (hbar / (2 * V)) * (wn + wm) * v;
          s2 += S * S;
        }
        sumG += s2 * gauss(wn - wm);
        sumL += s2 * lorentz(wn - wm);
      }
      const want = ((Math.PI * V * V) / (3 * hbar * hbar * wn * wn)) * sumG;
      const wantL = ((Math.PI * V * V) / (3 * hbar * hbar * wn * wn)) * sumL;
      const iso = (got.perDirection[0]![p]! + got.perDirection[1]![p]! + got.perDirection[2]![p]!) / 3;
      const isoL = (gotL.perDirection[0]![p]! + gotL.perDirection[1]![p]! + gotL.perDirection[2]![p]!) / 3;
      expect(Math.abs(iso - want)).toBeLessThanOrEqual(1e-10 * Math.max(want, 1e-12));
      expect(Math.abs(isoL - wantL)).toBeLessThanOrEqual(1e-10 * Math.max(wantL, 1e-12));
      checked++;
    }
    expect(checked).toBe(n - 3 - modes.imaginary);
  });

  it("V^α = Eᵀ W^α E is antisymmetric and the diffusivities are non-negative", () => {
    const eig = eigh(op.dynamical, n, { vectors: true });
    const vm = velocityMatrix(op, eig.vectors!, true);
    let big = 0, asym = 0;
    for (const v of vm.v) {
      for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) {
        big = Math.max(big, Math.abs(v[p * n + q]!));
        asym = Math.max(asym, Math.abs(v[p * n + q]! + v[q * n + p]!));
      }
    }
    expect(asym).toBeLessThan(1e-12 * big);
    const modes = classifyModes(eig.values);
    const include = Int32Array.from(modes.eigenvalues, (l, q) => (!modes.zero[q] && l > modes.tolerance ? 1 : 0));
    const omega = Float64Array.from(modes.omega, (w, q) => (include[q] ? w : 0));
    for (const eta of [0.05, 0.5, 5]) {
      const dif = modeDiffusivities(vm, omega, include, eta);
      for (const d of dif.perDirection) for (const x of d) expect(x).toBeGreaterThanOrEqual(0);
    }
  });

  it("does not depend on the supercell used to separate the images", () => {
    const big = velocityOperator(s, pot, { supercell: [3, 2, 3] });
    let diff = 0, scale = 0;
    for (let q = 0; q < op.dynamical.length; q++) diff = Math.max(diff, Math.abs(big.dynamical[q]! - op.dynamical[q]!));
    expect(Array.from(big.col)).toEqual(Array.from(op.col));
    for (let al = 0; al < 3; al++) {
      for (let q = 0; q < op.w[al]!.length; q++) {
        scale = Math.max(scale, Math.abs(op.w[al]![q]!));
        diff = Math.max(diff, Math.abs(big.w[al]![q]! - op.w[al]![q]!));
      }
    }
    expect(diff).toBeLessThan(1e-12 * scale);
    expect(() => velocityOperator(s, pot, { supercell: [1, 2, 2] })).toThrow(GlassboxError);
  });
});

describe("Allen–Feldman in 2D (2N×2N, directions x and y, κ per area)", () => {
  it("matches the twin's per-direction diffusivities on a small 2D KA configuration", () => {
    // 2 × 4 rectangular cells of a triangular lattice (16 atoms), displaced, A/B mixed; heights < 5σ
    const a = 1.1, h = a * Math.sqrt(3);
    const pos: number[] = [];
    const species: string[] = [];
    let seed = 3;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) for (const [x, y] of [[0, 0], [a / 2, h / 2]]) {
      pos.push(i * a + x! + 0.08 * rnd(), j * h + y! + 0.08 * rnd(), 0);
      species.push(pos.length % 9 === 0 ? "B" : "A");
    }
    const s = new Structure({ positions: pos, species, cell: [[2 * a, 0, 0], [0, 4 * h, 0], [0, 0, 10]], pbc: [true, true, false], dimension: 2 });
    const pot = kobAndersen("cut", { onWarning: () => {} });
    const op = velocityOperator(s, pot);
    expect(op.supercell).toEqual([3, 1, 1]);
    expect(op.w).toHaveLength(2);
    const n = 2 * s.n;
    const twin = twinOperator(s);
    let ddiff = 0, dmax = 0;
    for (let q = 0; q < n * n; q++) {
      dmax = Math.max(dmax, Math.abs(twin.D[q]!));
      ddiff = Math.max(ddiff, Math.abs(twin.D[q]! - op.dynamical[q]!));
    }
    expect(ddiff).toBeLessThan(1e-11 * dmax);
    const eig = eigh(op.dynamical, n, { vectors: true });
    const modes = classifyModes(eig.values, { dimension: 2 });
    expect(modes.zeroModes).toBe(2);
    const include = Int32Array.from(modes.eigenvalues, (l, q) => (!modes.zero[q] && l > modes.tolerance ? 1 : 0));
    const omega = Float64Array.from(modes.omega, (w, q) => (include[q] ? w : 0));
    const eta = 1.5;
    const got = modeDiffusivities(velocityMatrix(op, eig.vectors!), omega, include, eta);
    expect(got.perDirection).toHaveLength(2);
    const E = eig.vectors!;
    const gauss = (x: number) => Math.exp(-(x * x) / (2 * eta * eta)) / (Math.sqrt(2 * Math.PI) * eta);
    for (let al = 0; al < 2; al++) {
      const W = twin.W[al]!;
      for (let p = 0; p < n; p++) {
        if (!include[p]) continue;
        let sum = 0;
        for (let m = 0; m < n; m++) {
          if (m === p || !include[m]) continue;
          let v = 0;
          for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) v += E[r * n + p]! * W[r * n + c]! * E[c * n + m]!;
          const vel = v / (2 * Math.sqrt(omega[p]! * omega[m]!));
          sum += ((omega[p]! + omega[m]!) ** 2 / 4) * vel * vel * gauss(omega[p]! - omega[m]!);
        }
        const want = (Math.PI / (omega[p]! * omega[p]!)) * sum; // π V²/(ħ²ω²) Σ |S^α|² δ, one direction
        expect(Math.abs(got.perDirection[al]![p]! - want)).toBeLessThanOrEqual(1e-10 * Math.max(want, 1e-12));
      }
    }
    const r = allenFeldman(s, pot, { broadening: 5 });
    expect(r.kappaUnit).toBe("k_B/τ");
    expect(r.directions).toEqual([0, 1]);
    expect(r.volume).toBeCloseTo(s.area(), 12);
  });
});

describe("Allen–Feldman in a crystal: an LJ chain, exact Bloch group velocities", () => {
  // 14 atoms on a line along x (spacing a), lateral cell 6σ: no lateral interactions. Modes are Bloch waves
  // with ω_L² = (2/m) Σ_s φ''(sa)(1 − cos ksa), ω_T² = (2/m) Σ_s φ'(sa)/(sa)(1 − cos ksa). In the real basis,
  // standing waves cos/sin of one k are degenerate and V^x couples them with |V| = 2ω v_g, so for η below
  // every gap, Σ over a degenerate group of D^xx_n = g·√(π/2) v_g²/η, and D^yy = D^zz = 0.
  const N = 14, a = 1.16;
  const pot = new LennardJones({ species: ["A"], pairs: { "A-A": { epsilon: 1, sigma: 1, cutoff: 2.5 } }, units: "lj", masses: { A: 1 } });
  const s = new Structure({
    positions: Array.from({ length: 3 * N }, (_, q) => (q % 3 === 0 ? (q / 3) * a : 3)),
    species: Array(N).fill("A"),
    cell: [[N * a, 0, 0], [0, 6, 0], [0, 0, 6]],
  });

  it("diffusivities per degenerate group equal √(π/2)·Σ v_g²/η", () => {
    const op = velocityOperator(s, pot);
    expect(op.supercell).toEqual([1, 1, 1]);
    const n = 3 * N;
    const eig = eigh(op.dynamical, n, { vectors: true });
    const modes = classifyModes(eig.values);
    expect(modes.imaginary).toBe(0);
    const include = Int32Array.from(modes.eigenvalues, (l, q) => (!modes.zero[q] && l > modes.tolerance ? 1 : 0));
    const omega = Float64Array.from(modes.omega, (w, q) => (include[q] ? w : 0));
    const eta = 1e-7;
    const dif = modeDiffusivities(velocityMatrix(op, eig.vectors!), omega, include, eta);
    // analytic modes
    const shells = [1, 2].filter((sN) => sN * a < 2.5);
    const analytic: { w: number; vg2: number }[] = [];
    for (let j = 0; j < N; j++) {
      const k = (2 * Math.PI * j) / (N * a);
      for (const pol of ["L", "T", "T"]) {
        let w2 = 0, dw2 = 0;
        for (const sN of shells) {
          const r = sN * a;
          const { d1, d2 } = lj(1, 1, r);
          const f = pol === "L" ? d2 : d1 / r;
          w2 += 2 * f * (1 - Math.cos(k * r));
          dw2 += 2 * f * r * Math.sin(k * r);
        }
        if (j === 0) continue; // translations
        const w = Math.sqrt(w2);
        analytic.push({ w, vg2: (dw2 / (2 * w)) ** 2 });
      }
    }
    analytic.sort((x, y) => x.w - y.w);
    const got = Array.from({ length: n }, (_, q) => q).filter((q) => include[q]);
    expect(got.length).toBe(analytic.length);
    // group by frequency (degenerate within 1e-9 relative), compare group sums
    let g0 = 0, checked = 0;
    while (g0 < got.length) {
      let g1 = g0 + 1;
      while (g1 < got.length && omega[got[g1]!]! - omega[got[g0]!]! < 1e-9 * omega[got[g0]!]!) g1++;
      let sumD = 0, sumV = 0, sumYZ = 0;
      for (let q = g0; q < g1; q++) {
        sumD += dif.perDirection[0]![got[q]!]!;
        sumYZ += dif.perDirection[1]![got[q]!]! + dif.perDirection[2]![got[q]!]!;
        sumV += analytic[q]!.vg2;
        expect(Math.abs(analytic[q]!.w - omega[got[q]!]!)).toBeLessThan(1e-10 * analytic[q]!.w);
      }
      const want = (Math.sqrt(Math.PI / 2) * sumV) / eta;
      expect(Math.abs(sumD - want)).toBeLessThanOrEqual(1e-6 * want + 1e-3);
      expect(sumYZ).toBeLessThan(1e-12 * (want + 1));
      checked += g1 - g0;
      g0 = g1;
    }
    expect(checked).toBe(analytic.length);
  });

  it("κ of a crystal diverges as 1/η (ballistic), unlike a glass", () => {
    const r = allenFeldman(s, pot, { eta: [1e-6, 1e-5], temperatures: 1, supercell: [1, 1, 1] });
    const [k6, k5] = r.kappaVersusBroadening.filter((x) => x.eta === 1e-6 || x.eta === 1e-5).map((x) => x.kappaClassical);
    expect(Math.abs((k6! * 1e-6) / (k5! * 1e-5) - 1)).toBeLessThan(1e-4);
  });
});

describe("Allen–Feldman: units and bad input", () => {
  it("metal units: an LJ glass with argon parameters gives κ_LJ·k_B/(τσ) in W/(m·K)", () => {
    // The same tri_small structure, once in reduced units and once as argon in metal units (σ = 3.405 Å,
    // ε = 119.8 K·k_B, m = 39.948 amu). τ = σ√(m/ε) = 2.156 ps is the published LJ argon time unit
    // (e.g. Allen & Tildesley), which fixes k_B/(τσ) ≈ 0.0188 W/(m·K), the conductivity unit used for LJ argon.
    const s = readRef("tri_small");
    const sigmaA = 3.405, epsEv = 119.8 * 8.617333262e-5, mass = 39.948;
    const pairs: Record<string, { epsilon: number; sigma: number; cutoff: number }> = {};
    for (const [key, { eps, sig }] of Object.entries(KA)) pairs[key] = { epsilon: eps * epsEv, sigma: sig * sigmaA, cutoff: 2.5 * sig * sigmaA };
    const metal = new LennardJones({ species: ["A", "B"], pairs, units: "metal", masses: { A: mass, B: mass } }, { onWarning: () => {} });
    const reduced = kobAndersen("cut", { onWarning: () => {} });
    const sm = new Structure({ positions: s.positions.map((x) => x * sigmaA), species: s.species, cell: s.cell.map((x) => x * sigmaA), masses: Array(s.n).fill(mass) });
    const rl = allenFeldman(s, reduced, { broadening: 5 });
    const rm = allenFeldman(sm, metal, { broadening: 5, classical: true });
    expect(rl.kappaUnit).toBe("k_B/(τ·σ)");
    expect(rm.kappaUnit).toBe("W/(m·K)");
    const tau = sigmaA * 1e-10 * Math.sqrt((mass * 1.6605390666e-27) / (epsEv * 1.602176634e-19)); // s
    expect(tau * 1e12).toBeCloseTo(2.156, 3);
    const unit = 1.380649e-23 / (tau * sigmaA * 1e-10); // W/(m·K) per k_B/(τσ)
    expect(unit).toBeCloseTo(0.0188, 3);
    expect(Math.abs(rm.kappaClassical / (rl.kappaClassical * unit) - 1)).toBeLessThan(1e-9);
    // diffusivities: σ²/τ → Å²/ps
    const q = rl.diffusivity.findIndex((x) => x > 0);
    expect(Math.abs(rm.diffusivity[q]! / (rl.diffusivity[q]! * (sigmaA ** 2 / (tau * 1e12))) - 1)).toBeLessThan(1e-8);
  });

  it("rejects structures it cannot handle, naming the problem", () => {
    const pot = kobAndersen("cut", { onWarning: () => {} });
    const mk = (pbc: [boolean, boolean, boolean], n = 4) =>
      new Structure({ positions: Array.from({ length: 3 * n }, (_, q) => (q % 3) + Math.floor(q / 3) * 1.1), species: Array(n).fill("A"), cell: [[20, 0, 0], [0, 20, 0], [0, 0, 20]], pbc });
    expect(() => allenFeldman(mk([false, false, false]), pot)).toThrow(/pbc/);
    expect(() => allenFeldman(mk([true, true, false]), pot)).toThrow(/thickness/);
    const n = 12000;
    const huge = new Structure({ positions: Array.from({ length: 3 * n }, (_, q) => (q * 0.618) % 50), species: Array(n).fill("A"), cell: [[50, 0, 0], [0, 50, 0], [0, 0, 50]] });
    expect(() => allenFeldman(huge, pot)).toThrow(/N = 12000/);
  });
});
