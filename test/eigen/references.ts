// Loaders for the reference Hessians (../shared/reference) as dense row-major matrices, with the
// LAPACK (scipy.linalg.eigh, dsyevr) eigenvalues stored beside them.
import { readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { readNpy } from "../../src/io/npy.js";
import { loadJson, ref } from "../reference.js";

export interface ReferenceHessian {
  name: string;
  n: number;
  /** Dense n×n, row-major, symmetric. */
  matrix: Float64Array;
  /** LAPACK eigenvalues, ascending. */
  eigenvalues: Float64Array;
}

/** KA Hessian from answers/hessian_<name>_<variant>.json.gz (upper-triangular 3×3 blocks, i ≤ j). */
export function kaHessian(name: string, variant: "cut" | "sf"): ReferenceHessian {
  const file = loadJson<{ n: number; bi: number[]; bj: number[]; blocks: number[][][] }>("answers", `hessian_${name}_${variant}.json.gz`);
  const n = file.n;
  const h = new Float64Array(n * n);
  file.bi.forEach((bi, k) => {
    const bj = file.bj[k]!;
    const b = file.blocks[k]!;
    for (let a = 0; a < 3; a++) {
      for (let c = 0; c < 3; c++) {
        h[(3 * bi + a) * n + 3 * bj + c] = b[a]![c]!;
        h[(3 * bj + c) * n + 3 * bi + a] = b[a]![c]!;
      }
    }
  });
  const answers = loadJson<{ hessian: { variants: Record<string, { eigenvalues: number[] }> } }>("answers", `${name}.json`);
  return { name: `${name}/${variant}`, n, matrix: h, eigenvalues: Float64Array.from(answers.hessian.variants[variant]!.eigenvalues) };
}

function npyMatrix(path: string): { n: number; matrix: Float64Array } {
  const arr = readNpy(new Uint8Array(readFileSync(path)), path);
  const [rows, cols] = arr.shape;
  if (rows !== cols || !(arr.data instanceof Float64Array)) throw new Error(`${path}: expected a square f8 matrix`);
  return { n: rows!, matrix: arr.data };
}

/** Many-body FD Hessian manybody/answers/<name>.hessian.npy (or the analytic EAM one) and its eigenvalues. */
export function manybodyHessian(name: string, analytic = false): ReferenceHessian {
  const { n, matrix } = npyMatrix(ref("manybody", "answers", `${name}.${analytic ? "hessian_analytic" : "hessian"}.npy`));
  const json = loadJson<{ hessian: { eigenvalues: number[] }; numpy_check: { hessian_analytic_eigenvalues?: number[] } }>(
    "manybody",
    "answers",
    `${name}.json`,
  );
  const values = analytic ? json.numpy_check.hessian_analytic_eigenvalues! : json.hessian.eigenvalues;
  return { name: `${name}${analytic ? " (analytic)" : ""}`, n, matrix, eigenvalues: Float64Array.from(values) };
}

/** Reads the members of a .npz (zip of .npy files, stored or deflated). */
function readNpz(path: string): Map<string, ReturnType<typeof readNpy>> {
  const zip = readFileSync(path);
  const out = new Map<string, ReturnType<typeof readNpy>>();
  let p = 0;
  while (p + 30 <= zip.length && zip.readUInt32LE(p) === 0x04034b50) {
    const method = zip.readUInt16LE(p + 8);
    let size = zip.readUInt32LE(p + 18);
    const nameLen = zip.readUInt16LE(p + 26);
    const extraLen = zip.readUInt16LE(p + 28);
    const name = zip.subarray(p + 30, p + 30 + nameLen).toString("utf8");
    const start = p + 30 + nameLen + extraLen;
    if (zip.readUInt16LE(p + 6) & 8) throw new Error(`${path}: zip data descriptors are not supported`);
    if (size === 0xffffffff) {
      // zip64: the extra field carries the sizes
      size = Number(zip.readBigUInt64LE(p + 30 + nameLen + 4 + 8));
    }
    const raw = zip.subarray(start, start + size);
    const data = method === 0 ? raw : method === 8 ? inflateRawSync(raw) : null;
    if (!data) throw new Error(`${path}: zip method ${method} not supported`);
    out.set(name.replace(/\.npy$/, ""), readNpy(new Uint8Array(data.buffer, data.byteOffset, data.length), `${path}:${name}`));
    p = start + size;
  }
  return out;
}

/** The graphene sheet: every 3×3 block with max |H| > 1e-7 (blocks (i, j) for both orders or one; symmetrised here). */
export function grapheneHessian(): ReferenceHessian & { threshold: number } {
  const npz = readNpz(ref("manybody", "answers", "graphene_s0.00.hessian_blocks.npz"));
  const bi = npz.get("i")!.data;
  const bj = npz.get("j")!.data;
  const blocks = npz.get("blocks")!.data;
  const atoms = Number(npz.get("n_atoms")!.data[0]);
  const threshold = Number(npz.get("threshold")!.data[0]);
  const n = 3 * atoms;
  const h = new Float64Array(n * n);
  for (let k = 0; k < bi.length; k++) {
    const i = Number(bi[k]);
    const j = Number(bj[k]);
    for (let a = 0; a < 3; a++) for (let c = 0; c < 3; c++) h[(3 * i + a) * n + 3 * j + c] = Number(blocks[9 * k + 3 * a + c]);
  }
  // If only one triangle of blocks is stored, mirror it.
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < r; c++) {
      if (h[r * n + c] === 0) h[r * n + c] = h[c * n + r]!;
      else if (h[c * n + r] === 0) h[c * n + r] = h[r * n + c]!;
    }
  }
  const json = loadJson<{ hessian: { eigenvalues: number[] } }>("manybody", "answers", "graphene_s0.00.json");
  return { name: "graphene_s0.00", n, matrix: h, eigenvalues: Float64Array.from(json.hessian.eigenvalues), threshold };
}
