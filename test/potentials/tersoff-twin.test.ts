// Tersoff kernel vs a brute-force TypeScript twin (explicit periodic images, LAMMPS formulas), on random
// triclinic cells and parameter sets that the SiC references do not exercise: λ3 ≠ 0 with m = 3 and
// m = 1, and every branch of LAMMPS' bond-order function b(ζ).
import { describe, expect, it } from "vitest";
import { parseTersoff, TersoffPotential, type TersoffEntry } from "../../src/potentials/tersoff.js";
import { Structure } from "../../src/structure.js";
import { dense, fdRows, maxAbs, maxAbsDiff } from "./manybody-helpers.js";

/** Deterministic uniform numbers in [0, 1) (LCG), so the cells are the same on every run. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** Parameter file text: SiC_1989-like entries with chosen λ3, m and β. */
function fileText(lam3: number, m: 1 | 3, beta: (el: string) => number): string {
  const base: Record<string, string> = {
    C: "38049 4.3484 -0.57058 0.72751",
    Si: "100390 16.217 -0.59825 0.78734",
  };
  const two: Record<string, string> = {
    "C C": "2.2119 346.74 1.95 0.15 3.4879 1393.6",
    "Si Si": "1.7322 471.18 2.85 0.15 2.4799 1830.8",
    "C Si": "1.97205 395.145 2.35726 0.1527 2.9839 1597.311",
    "Si C": "1.97205 395.145 2.35726 0.1527 2.9839 1597.31114",
  };
  const lines: string[] = ["# twin test parameters"];
  for (const i of ["C", "Si"]) for (const j of ["C", "Si"]) for (const k of ["C", "Si"]) {
    const [c, d, h, n] = base[i]!.split(" ");
    // (i,j,k): angular part of i; cutoff of the i–k pair; two-body part from (i,j,j)
    const rk = two[`${i} ${k}`]!.split(" ");
    const rj = two[`${i} ${j}`]!.split(" ");
    const twoBody = j === k ? rj.join(" ") : `0 0 ${rk[2]} ${rk[3]} 0 0`;
    lines.push(`${i} ${j} ${k} ${m} 1 ${lam3} ${c} ${d} ${h} ${n} ${j === k ? beta(i) : 0} ${twoBody}`);
  }
  return lines.join("\n");
}

interface P { m: number; gamma: number; lam3: number; c: number; d: number; h: number; n: number; beta: number; lam2: number; B: number; R: number; D: number; lam1: number; A: number }

function toP(e: TersoffEntry): P {
  return { m: e.m, gamma: e.gamma, lam3: e.lambda3, c: e.c, d: e.d, h: e.costheta0, n: e.n, beta: e.beta, lam2: e.lambda2, B: e.B, R: e.R, D: e.D, lam1: e.lambda1, A: e.A };
}

/** LAMMPS' b(ζ), all branches. */
function bij(zeta: number, p: P): number {
  const tmp = p.beta * zeta;
  const c1 = Math.pow(2 * p.n * 1e-16, -1 / p.n), c2 = Math.pow(2 * p.n * 1e-8, -1 / p.n);
  if (tmp > c1) return 1 / Math.sqrt(tmp);
  if (tmp > c2) return (1 - Math.pow(tmp, -p.n) / (2 * p.n)) / Math.sqrt(tmp);
  if (tmp < 1 / c1) return 1;
  if (tmp < 1 / c2) return 1 - Math.pow(tmp, p.n) / (2 * p.n);
  return Math.pow(1 + Math.pow(tmp, p.n), -1 / (2 * p.n));
}

const fc = (r: number, p: P) => (r < p.R - p.D ? 1 : r > p.R + p.D ? 0 : 0.5 * (1 - Math.sin((Math.PI / 2) * (r - p.R) / p.D)));

/** Brute-force energy ½ Σ_i Σ_j V_ij over explicit images (symmetric repulsion). */
function twinEnergy(s: Structure, entries: TersoffEntry[], rc: number): number {
  const par = new Map(entries.map((e) => [e.elements.join(" "), toP(e)]));
  const n = s.n;
  const reach = 2;
  const nb: { j: number; v: number[] }[][] = [];
  for (let i = 0; i < n; i++) {
    const list: { j: number; v: number[] }[] = [];
    for (let j = 0; j < n; j++) {
      for (let a = -reach; a <= reach; a++) for (let b = -reach; b <= reach; b++) for (let c = -reach; c <= reach; c++) {
        if (i === j && a === 0 && b === 0 && c === 0) continue;
        const v = [0, 1, 2].map((k) => s.positions[3 * j + k]! - s.positions[3 * i + k]! + a * s.cell[k]! + b * s.cell[3 + k]! + c * s.cell[6 + k]!);
        if (Math.hypot(v[0]!, v[1]!, v[2]!) < rc) list.push({ j, v });
      }
    }
    nb.push(list);
  }
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < nb[i]!.length; q++) {
      const { j, v } = nb[i]![q]!;
      const pij = par.get(`${s.species[i]} ${s.species[j]} ${s.species[j]}`)!;
      const r = Math.hypot(v[0]!, v[1]!, v[2]!);
      if (r >= pij.R + pij.D) continue;
      let zeta = 0;
      for (let t = 0; t < nb[i]!.length; t++) {
        if (t === q) continue;
        const { j: k, v: w } = nb[i]![t]!;
        const pijk = par.get(`${s.species[i]} ${s.species[j]} ${s.species[k]}`)!;
        const rk = Math.hypot(w[0]!, w[1]!, w[2]!);
        if (rk >= pijk.R + pijk.D) continue;
        const cos = (v[0]! * w[0]! + v[1]! * w[1]! + v[2]! * w[2]!) / (r * rk);
        const arg = pijk.m === 3 ? (pijk.lam3 * (r - rk)) ** 3 : pijk.lam3 * (r - rk);
        const ex = arg > 69.0776 ? 1e30 : arg < -69.0776 ? 0 : Math.exp(arg);
        const c2 = pijk.c ** 2, d2 = pijk.d ** 2, hc = pijk.h - cos;
        const g = pijk.gamma * (1 + c2 / d2 - c2 / (d2 + hc * hc));
        zeta += fc(rk, pijk) * g * ex;
      }
      const V = fc(r, pij) * (pij.A * Math.exp(-pij.lam1 * r) - bij(zeta, pij) * pij.B * Math.exp(-pij.lam2 * r));
      e += 0.5 * V;
    }
  }
  return e;
}

/** A random triclinic SiC cell: 10 atoms in a box with typical bond lengths inside the cutoffs. */
function randomCell(seed: number): Structure {
  const u = lcg(seed);
  const L = 5.2;
  const cell = [L, 0, 0, 0.9, L, 0, -0.6, 0.7, L];
  const pos: number[] = [];
  const species: string[] = [];
  // jittered grid, so no two atoms are too close
  for (let k = 0; k < 10; k++) {
    const f = [((k % 3) + 0.4 * u()) / 3, ((Math.floor(k / 3) % 3) + 0.4 * u()) / 3, ((k * 0.37) % 1) * 0.8 + 0.2 * u()];
    for (let a = 0; a < 3; a++) pos.push(f[0]! * cell[a]! + f[1]! * cell[3 + a]! + f[2]! * cell[6 + a]!);
    species.push(k % 2 ? "Si" : "C");
  }
  return new Structure({ positions: pos, species, cell });
}

// The β values put every bond with ζ > 0 in the named branch (checked by instrumenting the twin); bonds
// of atoms with one neighbor (ζ = 0) take the b = 1 branch in every case. In the two large-βζ branches
// b < 1e-10, so those cases check values and the absence of NaN rather than derivatives.
const CASES: [string, number, 1 | 3, (el: string) => number][] = [
  ["λ3 = 1.3, m = 3", 1.3, 3, (el) => (el === "C" ? 1.5724e-7 : 1.1e-6)],
  ["λ3 = 1.7, m = 1", 1.7, 1, (el) => (el === "C" ? 1.5724e-7 : 1.1e-6)],
  ["b(ζ) branch βζ > c1", 0.8, 3, () => 1e24],
  ["b(ζ) branch c2 < βζ ≤ c1", 0.8, 1, () => 1e13],
  ["b(ζ) branch c4 ≤ βζ < c3", 0.8, 3, () => 1e-20],
];

describe.each(CASES)("Tersoff kernel vs brute-force twin: %s", (_label, lam3, m, beta) => {
  const f = parseTersoff(fileText(lam3, m, beta), "twin.tersoff");
  const pot = new TersoffPotential(f);
  it.each([1, 2, 3])("random triclinic cell, seed %i: energy, forces, Hessian", (seed) => {
    const s = randomCell(seed);
    const r = pot.compute(s, { perAtom: true });
    const et = twinEnergy(s, f.entries, pot.cutoff);
    expect(Math.abs(r.energy - et)).toBeLessThan(1e-11 * Math.max(1, Math.abs(et)));
    expect(Math.abs(r.energyPerAtom!.reduce((a, b) => a + b, 0) - r.energy)).toBeLessThan(1e-11 * Math.max(1, Math.abs(et)));
    // forces = −∇(twin energy), central differences
    const h = 1e-5;
    const fs = maxAbs(r.forces!);
    for (const dof of [0, 5, 13, 29]) {
      const xp = Float64Array.from(s.positions), xm = Float64Array.from(s.positions);
      xp[dof]! += h;
      xm[dof]! -= h;
      const fd = -(twinEnergy(s.withPositions(xp), f.entries, pot.cutoff) - twinEnergy(s.withPositions(xm), f.entries, pot.cutoff)) / (2 * h);
      expect(Math.abs(fd - r.forces![dof]!)).toBeLessThan(1e-6 * Math.max(1, fs));
    }
    // Hessian = Richardson-extrapolated central differences of the kernel forces; symmetric; ASR
    const H = dense(pot.hessian(s));
    const n3 = 3 * s.n;
    const dofs = [1, 14, 27];
    const a = fdRows(pot, s, dofs, 1e-4), b = fdRows(pot, s, dofs, 5e-5);
    const scale = Math.max(1, maxAbs(H));
    dofs.forEach((dof, q) => {
      const rich = Float64Array.from(b[q]!, (v, k) => (4 * v - a[q]![k]!) / 3);
      expect(maxAbsDiff(H.subarray(dof * n3, dof * n3 + n3), rich)).toBeLessThan(1e-7 * scale);
    });
    let asym = 0, asr = 0;
    for (let i = 0; i < n3; i++) {
      const sum = [0, 0, 0];
      for (let j = 0; j < n3; j++) {
        asym = Math.max(asym, Math.abs(H[i * n3 + j]! - H[j * n3 + i]!));
        sum[j % 3]! += H[i * n3 + j]!;
      }
      asr = Math.max(asr, ...sum.map(Math.abs));
    }
    expect(asym).toBeLessThan(1e-12 * scale);
    expect(asr).toBeLessThan(1e-11 * scale);
  });
});
