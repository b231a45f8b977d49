// The analytic Lennard-Jones Hessian: against the stored reference blocks and summaries, central finite
// differences of our forces, and its invariants (symmetry, acoustic sum rule); dense, 2D and mass-weighted forms.
import { describe, expect, it } from "vitest";
import {
  acousticSumRuleResidual,
  blockHessianFromUpper,
  checkDenseFits,
  dynamicalMatrix,
  dynamicalMatrixDense,
  findBlock,
  finiteDifferenceHessian,
  hessianAsymmetry,
  hessianFrobenius,
  hessianRelativeDifference,
  hessianTrace,
  toDense,
  validateBlockHessian,
  type BlockHessian,
} from "../../src/hessian.js";
import { kobAndersen, type LJVariant } from "../../src/potentials/lj.js";
import { loadJson } from "../reference.js";
import { randomKA, refStructure } from "./fixtures.js";

const STORED: [string, LJVariant, string][] = [
  ["ka_glass", "cut", "cut"],
  ["ka_glass", "smooth", "sf"],
  ["tri_small", "cut", "cut"],
  ["tri_small", "smooth", "sf"],
  ["ka_fcc_s0.10", "cut", "cut"],
];

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]!));
  return m;
}

describe("LJ Hessian vs the stored reference blocks (1e-9 relative Frobenius)", () => {
  for (const [name, variant, key] of STORED) {
    it(`${name} ${variant}`, () => {
      const s = refStructure(name);
      const file = loadJson(`answers/hessian_${name}_${key}.json.gz`);
      const ref = blockHessianFromUpper(file.n / 3, file.bi, file.bj, file.blocks);
      const h = kobAndersen(variant, { overlap: "ignore" }).hessian(s);
      validateBlockHessian(h);
      expect(hessianRelativeDifference(h, ref)).toBeLessThanOrEqual(1e-9);
      // Our pattern holds every block the reference holds (it may hold more, e.g. pairs between r_c,ab and 2.5).
      for (let k = 0; k < file.bi.length; k++) expect(findBlock(h, file.bi[k], file.bj[k])).toBeGreaterThanOrEqual(0);
    });
  }
});

describe("LJ Hessian summaries and invariants for every KA reference", () => {
  for (const name of ["ka_fcc_s0.00", "ka_fcc_s0.02", "ka_fcc_s0.10", "ka_fcc_s0.20", "ka_glass", "tri_small"]) {
    for (const [variant, key] of [["cut", "cut"], ["smooth", "sf"]] as const) {
      it(`${name} ${variant}: trace, Frobenius, max, block (0,0), block (0,j); symmetric; rows sum to zero`, () => {
        const ans = loadJson(`answers/${name}.json`).hessian.variants[key];
        const h = kobAndersen(variant, { overlap: "ignore" }).hessian(refStructure(name));
        const fro = hessianFrobenius(h);
        expect(Math.abs(hessianTrace(h) - ans.hessian_trace)).toBeLessThanOrEqual(1e-9 * Math.abs(ans.hessian_trace));
        expect(Math.abs(fro - ans.hessian_frobenius)).toBeLessThanOrEqual(1e-9 * ans.hessian_frobenius);
        expect(Math.abs(maxAbs(h.blocks) - ans.hessian_max_abs)).toBeLessThanOrEqual(1e-9 * ans.hessian_max_abs);
        const b00 = h.blocks.subarray(9 * findBlock(h, 0, 0), 9 * findBlock(h, 0, 0) + 9);
        (ans.hessian_block_0_0 as number[][]).flat().forEach((v, e) => expect(Math.abs(b00[e]! - v)).toBeLessThanOrEqual(1e-9 * fro / Math.sqrt(h.n)));
        const { j, block } = ans.hessian_block_0_j as { j: number; block: number[][] };
        const k0j = findBlock(h, 0, j);
        (block.flat()).forEach((v, e) => expect(Math.abs((k0j < 0 ? 0 : h.blocks[9 * k0j + e]!) - v)).toBeLessThanOrEqual(1e-9 * fro / Math.sqrt(h.n)));
        // Invariants: the reference's own asymmetry and sum-rule residuals are ~1e-12 relative to its max.
        expect(hessianAsymmetry(h)).toBeLessThanOrEqual(1e-13 * ans.hessian_max_abs);
        expect(acousticSumRuleResidual(h)).toBeLessThanOrEqual(1e-13 * ans.hessian_max_abs);
      });
    }
  }
});

describe("LJ Hessian = central finite differences of our forces", () => {
  it("tri_small smooth, every column (h = 1e-5)", () => {
    const s = refStructure("tri_small");
    const pot = kobAndersen("smooth");
    const dense = toDense(pot.hessian(s));
    const fd = finiteDifferenceHessian(pot, s, { h: 1e-5 });
    let worst = 0;
    for (let k = 0; k < dense.length; k++) worst = Math.max(worst, Math.abs(dense[k]! - fd[k]!));
    // FD truncation error h²/6·φ'''' with entries up to 2e3: measured ~1e-5.
    expect(worst).toBeLessThanOrEqual(1e-7 * maxAbs(dense));
  });

  it("ka_glass cut, columns of atoms away from cutoff crossings (h = 1e-5)", () => {
    const s = refStructure("ka_glass");
    const pot = kobAndersen("cut");
    const near = loadJson("answers/ka_glass.json").hessian.variants.cut["pairs_within_1e-4_of_cutoff"] as { i: number; j: number }[];
    const excluded = new Set(near.flatMap((p) => [p.i, p.j]));
    const atoms = [0, 1, 87, 161, 250, 433, 499].filter((a) => !excluded.has(a));
    expect(atoms.length).toBe(5);
    const dense = toDense(pot.hessian(s));
    const fd = finiteDifferenceHessian(pot, s, { h: 1e-5, atoms });
    const m = 3 * s.n;
    let worst = 0;
    for (const a of atoms) for (let c = 0; c < 3; c++) for (let r = 0; r < m; r++) worst = Math.max(worst, Math.abs(dense[r * m + 3 * a + c]! - fd[r * m + 3 * a + c]!));
    // The reference's own NumPy FD agreed to 4.5e-6 absolute on ~1e3 entries.
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it("an atom in a pair straddling the cutoff breaks FD for cut (why those columns are excluded)", () => {
    const s = refStructure("ka_glass");
    const pot = kobAndersen("cut");
    const near = loadJson("answers/ka_glass.json").hessian.variants.cut["pairs_within_1e-4_of_cutoff"] as { i: number; j: number; r: number }[];
    const p = near.find((q) => q.r > 2.49999)!;
    const dense = toDense(pot.hessian(s));
    const fd = finiteDifferenceHessian(pot, s, { h: 1e-5, atoms: [p.i] });
    const m = 3 * s.n;
    let worst = 0;
    for (let c = 0; c < 3; c++) for (let r = 0; r < m; r++) worst = Math.max(worst, Math.abs(dense[r * m + 3 * p.i + c]! - fd[r * m + 3 * p.i + c]!));
    expect(worst).toBeGreaterThan(1);
  });
});

describe("2D and mass-weighted forms", () => {
  it("KA-2D: toDense gives the 2N×2N x,y Hessian equal to finite differences of the x,y forces", () => {
    const s = randomKA(30, 21, 2, 1.2, 0.7);
    const pot = kobAndersen("smooth");
    const h = pot.hessian(s);
    const d2 = toDense(h, 2);
    const n = s.n;
    expect(d2.length).toBe(4 * n * n);
    const fd = finiteDifferenceHessian(pot, s, { h: 1e-5 });
    let worst = 0;
    for (let I = 0; I < 2 * n; I++) {
      for (let J = 0; J < 2 * n; J++) {
        const i3 = 3 * Math.floor(I / 2) + (I % 2), j3 = 3 * Math.floor(J / 2) + (J % 2);
        worst = Math.max(worst, Math.abs(d2[I * 2 * n + J]! - fd[i3 * 3 * n + j3]!));
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-7 * maxAbs(d2));
    // x,y rows of the 2D Hessian sum to zero over columns too (translations in the plane).
    for (let I = 0; I < 2 * n; I++) {
      let sx = 0;
      for (let j = 0; j < n; j++) sx += d2[I * 2 * n + 2 * j]!;
      expect(Math.abs(sx)).toBeLessThan(1e-12 * maxAbs(d2));
    }
  });

  it("dynamical matrix D = M^-½ H M^-½ (sparse and dense)", () => {
    const s = randomKA(20, 22);
    const h = kobAndersen("smooth").hessian(s);
    const masses = Float64Array.from({ length: s.n }, (_, i) => 1 + (i % 3));
    const d = dynamicalMatrix(h, masses);
    const dd = dynamicalMatrixDense(h, masses);
    const hd = toDense(h);
    const m = 3 * s.n;
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < m; c++) {
        const want = hd[r * m + c]! / Math.sqrt(masses[Math.floor(r / 3)]! * masses[Math.floor(c / 3)]!);
        expect(Math.abs(dd[r * m + c]! - want)).toBeLessThanOrEqual(1e-14 * Math.abs(want) + 1e-300);
      }
    }
    expect(hessianAsymmetry(d)).toBeLessThanOrEqual(1e-13 * maxAbs(d.blocks));
    expect(() => dynamicalMatrix(h, masses.subarray(1))).toThrow(RangeError);
    expect(() => dynamicalMatrix(h, masses.map((v, i) => (i === 3 ? 0 : v)))).toThrow(/mass of atom 3/);
  });

  it("dense forms refuse sizes above the wasm32 ceiling before allocating", () => {
    const n = 30000; // 90000² × 8 B = 60 GiB
    const diag: BlockHessian = { n, rowStart: Int32Array.from({ length: n + 1 }, (_, i) => i), col: Int32Array.from({ length: n }, (_, i) => i), blocks: new Float64Array(9 * n) };
    expect(() => toDense(diag)).toThrow(RangeError);
    expect(() => toDense(diag)).toThrow(/N = 30000 atoms is 90000×90000 \(60\.35 GiB\).*4 GiB.*sparse/);
    expect(() => checkDenseFits(7000, 3)).not.toThrow();
    expect(() => checkDenseFits(8000, 3)).toThrow(/24000×24000/);
    expect(() => checkDenseFits(11000, 2)).not.toThrow();
    expect(() => checkDenseFits(12000, 2)).toThrow(/24000×24000/);
  });
});
