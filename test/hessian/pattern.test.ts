// Block-CSR pattern kernels (assembly/blocks.ts) against plain-TypeScript sets built from a brute-force list.
import { describe, expect, it } from "vitest";
import { putI32, scoped } from "../../src/engine/wasm.js";
import {
  acousticSumRuleResidual,
  hessianAsymmetry,
  blockPatternInWorkspace,
  findBlock,
  blockHessianFromUpper,
  hessianMatvec,
  hessianTrace,
  putBlockHessian,
  readBlockHessian,
  hessianRelativeDifference,
  toDense,
  validateBlockHessian,
  type BlockHessian,
} from "../../src/hessian.js";
import { readF64 } from "../../src/engine/wasm.js";
import { Structure } from "../../src/structure.js";
import { bruteList, rng } from "./bruteforce.js";

function randomStructure(n: number, L: number, seed: number, cell?: number[]): Structure {
  const r = rng(seed);
  const c = cell ?? [L, 0, 0, 0, L, 0, 0, 0, L];
  const s = new Structure({ positions: new Float64Array(3 * n), species: Array(n).fill("A"), cell: c });
  s.setFractional(Float64Array.from({ length: 3 * n }, () => r()));
  return s;
}

function expectedRows(list: ReturnType<typeof bruteList>, hops: 1 | 2): number[][] {
  const nb = (i: number) => Array.from(list.j.subarray(list.first[i]!, list.first[i + 1]!));
  return Array.from({ length: list.n }, (_, i) => {
    const set = new Set<number>([i, ...nb(i)]);
    if (hops === 2) for (const j of nb(i)) for (const l of nb(j)) set.add(l);
    return [...set].sort((a, b) => a - b);
  });
}

function pattern(list: ReturnType<typeof bruteList>, hops: 1 | 2): BlockHessian {
  return scoped((k) => {
    const first = putI32(list.first), j = putI32(list.j);
    const pat = blockPatternInWorkspace(k, { n: list.n, first, j }, hops);
    const blocks = putI32(new Int32Array(18 * pat.nb)); // zero f64[9nb]
    return readBlockHessian(pat, blocks);
  });
}

describe("block pattern", () => {
  for (const [name, s, rc] of [
    ["cubic, 60 atoms", randomStructure(60, 4, 1), 1.6],
    ["triclinic small cell, self images", randomStructure(7, 0, 2, [2.1, 0, 0, 0.6, 2.0, 0, -0.4, 0.5, 2.2]), 2.5],
    ["no neighbors", randomStructure(3, 50, 3), 0.1],
  ] as const) {
    for (const hops of [1, 2] as const) {
      it(`${name}, hops ${hops}: distinct sorted columns with the diagonal`, () => {
        const list = bruteList(s, rc);
        const h = pattern(list, hops);
        validateBlockHessian(h);
        const want = expectedRows(list, hops);
        for (let i = 0; i < s.n; i++) {
          expect(Array.from(h.col.subarray(h.rowStart[i]!, h.rowStart[i + 1]!))).toEqual(want[i]);
        }
      });
    }
  }

  it("rejects a half list (asymmetric pattern)", () => {
    const list = bruteList(randomStructure(30, 3, 4), 1.5, true);
    expect(() => pattern(list, 1)).toThrow(/not a full list/);
  });
});

function randomSymmetric(seed: number): BlockHessian {
  const r = rng(seed);
  const n = 9;
  const bi: number[] = [], bj: number[] = [], blocks: number[][][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      if (i !== j && r() < 0.5) continue;
      const b = [0, 1, 2].map(() => [0, 1, 2].map(() => r() - 0.5));
      if (i === j) for (let a = 0; a < 3; a++) for (let c = 0; c < a; c++) b[a]![c] = b[c]![a]!;
      bi.push(i); bj.push(j); blocks.push(b);
    }
  }
  return blockHessianFromUpper(n, bi, bj, blocks);
}

describe("block Hessian operations: WebAssembly kernels vs TypeScript twins", () => {
  const h = randomSymmetric(11);
  it("symmetric by construction, dense form agrees entrywise", () => {
    validateBlockHessian(h);
    expect(hessianAsymmetry(h)).toBe(0);
    const d = toDense(h);
    const m = 3 * h.n;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) expect(d[i * m + j]).toBe(d[j * m + i]);
    const k = findBlock(h, 0, 0);
    expect(d[1]).toBe(h.blocks[9 * k + 1]);
  });
  it("hess_to_dense, hess_matvec, hess_trace, hess_rowsum_max, hess_asymmetry_max, hess_scale", () => {
    const x = Float64Array.from({ length: 3 * h.n }, (_, i) => Math.sin(i + 1));
    const out = scoped((k) => {
      const p = putBlockHessian(h);
      const m = 3 * h.n;
      const dense = putI32(new Int32Array(2 * m * m).fill(7));
      k.hess_to_dense!(h.n, p.rowStart, p.col, p.blocks, 3, dense);
      const dense2 = putI32(new Int32Array(2 * 4 * h.n * h.n));
      k.hess_to_dense!(h.n, p.rowStart, p.col, p.blocks, 2, dense2);
      const xs = (() => { const q = putI32(new Int32Array(6 * h.n)); new Float64Array(k.memory.buffer, q, 3 * h.n).set(x); return q; })();
      const ys = putI32(new Int32Array(6 * h.n));
      k.hess_matvec!(h.n, p.rowStart, p.col, p.blocks, xs, ys);
      const w = (() => { const q = putI32(new Int32Array(2 * h.n)); new Float64Array(k.memory.buffer, q, h.n).set(Array.from({ length: h.n }, (_, i) => 1 / Math.sqrt(i + 1))); return q; })();
      const res = {
        dense: readF64(dense, m * m),
        dense2: readF64(dense2, 4 * h.n * h.n),
        y: readF64(ys, 3 * h.n),
        trace: k.hess_trace!(h.n, p.rowStart, p.col, p.blocks),
        rowsum: k.hess_rowsum_max!(h.n, p.rowStart, p.blocks),
        asym: k.hess_asymmetry_max!(h.n, p.rowStart, p.col, p.blocks),
        scaled: new Float64Array(0) as Float64Array,
      };
      k.hess_scale!(h.n, p.rowStart, p.col, p.blocks, w);
      res.scaled = readF64(p.blocks, 9 * p.nb);
      return res;
    });
    expect(out.dense).toEqual(toDense(h));
    expect(out.dense2).toEqual(toDense(h, 2));
    expect(out.y).toEqual(hessianMatvec(h, x));
    expect(out.trace).toBe(hessianTrace(h));
    expect(out.rowsum).toBe(acousticSumRuleResidual(h));
    expect(out.asym).toBe(0);
    for (let i = 0; i < h.n; i++) {
      for (let k = h.rowStart[i]!; k < h.rowStart[i + 1]!; k++) {
        const s = (1 / Math.sqrt(i + 1)) * (1 / Math.sqrt(h.col[k]! + 1));
        for (let e = 0; e < 9; e++) expect(out.scaled[9 * k + e]).toBe(h.blocks[9 * k + e]! * s);
      }
    }
  });
  it("toDense keeps x, y for dimension 2 and hessianRelativeDifference sees a perturbation", () => {
    const d2 = toDense(h, 2), d3 = toDense(h, 3);
    const n = h.n;
    for (let i = 0; i < 2 * n; i++) {
      for (let j = 0; j < 2 * n; j++) {
        const I = 3 * Math.floor(i / 2) + (i % 2), J = 3 * Math.floor(j / 2) + (j % 2);
        expect(d2[i * 2 * n + j]).toBe(d3[I * 3 * n + J]);
      }
    }
    const g = { ...h, blocks: h.blocks.slice() };
    expect(hessianRelativeDifference(g, h)).toBe(0);
    g.blocks[0]! += 1e-3;
    expect(hessianRelativeDifference(g, h)).toBeGreaterThan(1e-5);
  });
});
