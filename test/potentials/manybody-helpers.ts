// Test helpers for the many-body potentials: reference structures, .npz blocks, a dense symmetric
// eigensolver (Householder + implicit QL, an independent TypeScript twin), and finite differences.
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { readNpy, type NpyArray } from "../../src/io/npy.js";
import { Structure } from "../../src/structure.js";
import type { BlockHessian, Potential } from "../../src/potentials/potential.js";
import { ref } from "../reference.js";

/** Reads the simple extended XYZ files of ../shared/reference/manybody/structures. */
export function readRefXyz(path: string, masses?: Record<string, number>): Structure {
  const lines = readFileSync(path, "utf8").split("\n");
  const n = Number(lines[0]!.trim());
  const lat = /Lattice="([^"]+)"/.exec(lines[1]!)![1]!.trim().split(/\s+/).map(Number);
  const pbcText = /pbc="([^"]+)"/.exec(lines[1]!)?.[1]?.trim().split(/\s+/) ?? ["T", "T", "T"];
  const species: string[] = [];
  const pos: number[] = [];
  for (let i = 0; i < n; i++) {
    const w = lines[2 + i]!.trim().split(/\s+/);
    species.push(w[0]!);
    pos.push(Number(w[1]), Number(w[2]), Number(w[3]));
  }
  return new Structure({
    positions: pos,
    species,
    cell: lat,
    pbc: pbcText.map((t) => t === "T") as [boolean, boolean, boolean],
    masses: masses ? species.map((s) => masses[s]!) : undefined,
  });
}

export function manybody(name: string): { s: Structure; json: any } {
  const json = JSON.parse(readFileSync(ref("manybody", "answers", `${name}.json`), "utf8"));
  const s = readRefXyz(ref("manybody", "structures", `${name}.xyz`), json.masses_by_element);
  return { s, json };
}

export function loadNpy(path: string): NpyArray {
  return readNpy(new Uint8Array(readFileSync(path)), path);
}

/** Minimal .npz reader: zip local file headers, stored (0) or deflated (8) entries. */
export function readNpz(path: string): Map<string, NpyArray> {
  const buf = readFileSync(path);
  const out = new Map<string, NpyArray>();
  // Central directory gives reliable sizes (local headers may defer them to a data descriptor).
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${path}: not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let e = 0; e < count; e++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString("utf8", p + 46, p + 46 + nameLen);
    const lName = buf.readUInt16LE(local + 26), lExtra = buf.readUInt16LE(local + 28);
    const data = buf.subarray(local + 30 + lName + lExtra, local + 30 + lName + lExtra + csize);
    const raw = method === 0 ? data : method === 8 ? inflateRawSync(data) : null;
    if (!raw) throw new Error(`${path}: entry ${name} uses compression method ${method}`);
    out.set(name.replace(/\.npy$/, ""), readNpy(new Uint8Array(raw), `${path}:${name}`));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Dense row-major 3N×3N matrix of a block Hessian. */
export function dense(h: BlockHessian): Float64Array {
  const m = 3 * h.n;
  const out = new Float64Array(m * m);
  for (let i = 0; i < h.n; i++) {
    for (let k = h.rowStart[i]!; k < h.rowStart[i + 1]!; k++) {
      const j = h.col[k]!;
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) out[(3 * i + a) * m + 3 * j + b] = h.blocks[9 * k + 3 * a + b]!;
    }
  }
  return out;
}

/** Eigenvalues (ascending) of a dense symmetric n×n matrix: Householder tridiagonalisation + implicit QL. */
export function eigvalsh(a0: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(a0);
  const d = new Float64Array(n), e = new Float64Array(n);
  // tred2 without vectors (Numerical Recipes layout, 0-based)
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0, scale = 0;
    if (l > 0) {
      for (let k = 0; k <= l; k++) scale += Math.abs(a[i * n + k]!);
      if (scale === 0) e[i] = a[i * n + l]!;
      else {
        for (let k = 0; k <= l; k++) {
          a[i * n + k]! /= scale;
          h += a[i * n + k]! * a[i * n + k]!;
        }
        let f = a[i * n + l]!;
        const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        a[i * n + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          let g2 = 0;
          for (let k = 0; k <= j; k++) g2 += a[j * n + k]! * a[i * n + k]!;
          for (let k = j + 1; k <= l; k++) g2 += a[k * n + j]! * a[i * n + k]!;
          e[j] = g2 / h;
          f += e[j]! * a[i * n + j]!;
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          const fj = a[i * n + j]!;
          const gj = (e[j] = e[j]! - hh * fj);
          for (let k = 0; k <= j; k++) a[j * n + k]! -= fj * e[k]! + gj * a[i * n + k]!;
        }
      }
    } else e[i] = a[i * n + l]!;
    d[i] = h;
  }
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
  // tqli
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iter++ === 60) throw new Error("eigvalsh: no convergence");
        let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
        let r = Math.hypot(g, 1);
        g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1, c = 1, p = 0;
        let i: number;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i]!;
          const b = c * e[i]!;
          e[i + 1] = r = Math.hypot(f, g);
          if (r === 0) {
            d[i + 1]! -= p;
            e[m] = 0;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1]! - p;
          r = (d[i]! - g) * s + 2 * c * b;
          d[i + 1] = g + (p = s * r);
          g = c * r - b;
        }
        if (r === 0 && i >= l) continue;
        d[l]! -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  return d.sort();
}

/** Central-difference Hessian rows −(F(x+h e) − F(x−h e))/2h for the listed degrees of freedom. */
export function fdRows(pot: Potential, s: Structure, dofs: number[], h: number): Float64Array[] {
  return dofs.map((dof) => {
    const xp = Float64Array.from(s.positions), xm = Float64Array.from(s.positions);
    xp[dof]! += h;
    xm[dof]! -= h;
    const fp = pot.compute(s.withPositions(xp)).forces!;
    const fm = pot.compute(s.withPositions(xm)).forces!;
    return Float64Array.from(fp, (v, k) => -(v - fm[k]!) / (2 * h));
  });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]!));
  return m;
}
