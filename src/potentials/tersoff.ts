/**
 * Tersoff many-body potential (LAMMPS `pair_style tersoff`): reader for LAMMPS `.tersoff` parameter
 * files and a {@link Potential} with energies, per-atom energies, forces, virial and the analytic Hessian,
 * computed in WebAssembly (assembly/tersoff.ts).
 *
 * Units: LAMMPS "metal" (Å, eV, amu). Conventions (same as LAMMPS):
 * - everything in V_ij = f_c(r_ij)[f_R(r_ij) + b_ij f_A(r_ij)] and in b_ij comes from the (i,j,j) entry;
 *   f_c(r_ik), g(θ_ijk) and exp((λ3(r_ij − r_ik))^m) inside ζ_ij from the (i,j,k) entry;
 * - the r_ij cutoff is R + D of the (i,j,j) entry, the r_ik cutoff R + D of (i,j,k);
 * - per-atom energies follow LAMMPS `compute pe/atom`: every bond term ½V_ij is shared half and half by
 *   i and j. The site energy ½ Σ_j V_ij is offered by {@link TersoffPotential.siteEnergies}.
 *
 * One deliberate difference: LAMMPS evaluates each pair's repulsion once, with the (i,j,j) or (j,i,i)
 * entry picked by atom-id parity. This implementation is symmetric (E = ½ Σ_i Σ_j V_ij), so it does not
 * depend on atom order. Results differ from LAMMPS only where the two entries differ: in the LAMMPS
 * `SiC_1989.tersoff`, A = 1597.311 for (C,Si,Si) and 1597.31114 for (Si,C,C), which moves energies by
 * ~3e-5 eV and forces by ~4e-6 eV/Å in a 216-atom cell.
 *
 * Close atoms: the Tersoff form stays finite as r → 0 (f_R → A), so no minimum distance is imposed;
 * only coincident atoms (r < 1e-8 Å), where bond directions are undefined, are an error.
 *
 * Hessian: analytic (exact second derivatives of the smooth branch; f_c is only C¹, so at r = R ± D the
 * second derivative jumps and the value of the branch the bond lies on is used).
 */
import { alloc, allocF64, allocI32, putF64, putI32, readF64, scoped, viewF64, viewI32, type Kernels } from "../engine/wasm.js";
import { blockPatternInWorkspace, readBlockHessian } from "../hessian.js";
import { buildNeighborListInWorkspace, type NeighborListPointers } from "../neighbors.js";
import { GlassboxError, type Structure } from "../structure.js";
import type { BlockHessian, ComputeOptions, ForceResult, ListForces, Potential } from "./potential.js";

/**
 * A malformed potential file. The message is `FILE:LINE: PROBLEM` (line 1-based, 0 when not tied to a
 * line).
 */
export class PotentialFileError extends Error {
  override name = "PotentialFileError";
  /** File name or label given to the parser. */
  readonly file: string;
  /** 1-based line of the problem, 0 when not tied to one line. */
  readonly line: number;
  /** The problem, without file and line. */
  readonly problem: string;
  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}

/** One entry (element triplet) of a `.tersoff` file, in the file's column order and units. */
export interface TersoffEntry {
  /** element1 (i), element2 (j), element3 (k). */
  elements: [string, string, string];
  /** Power m of the exponential in ζ (1 or 3). */
  m: number;
  /** γ of g(θ) (dimensionless). */
  gamma: number;
  /** λ3 (1/Å). */
  lambda3: number;
  /** c of g(θ). */
  c: number;
  /** d of g(θ). */
  d: number;
  /** cos θ0 (h in LAMMPS). */
  costheta0: number;
  /** Exponent n of the bond order. */
  n: number;
  /** β of the bond order. */
  beta: number;
  /** λ2 (1/Å), attractive decay. */
  lambda2: number;
  /** B (eV), attractive prefactor. */
  B: number;
  /** R (Å), middle of the cutoff region. */
  R: number;
  /** D (Å), half width of the cutoff region. */
  D: number;
  /** λ1 (1/Å), repulsive decay. */
  lambda1: number;
  /** A (eV), repulsive prefactor. */
  A: number;
  /** 1-based line where the entry starts in the file. */
  line: number;
}

/** A parsed `.tersoff` file. */
export interface TersoffFile {
  /** File name or label, for messages. */
  source: string;
  /** Elements in order of first appearance. */
  elements: string[];
  /** All entries, in file order. */
  entries: TersoffEntry[];
}

const COLUMNS = [
  "m", "gamma", "lambda3", "c", "d", "costheta0", "n", "beta", "lambda2", "B", "R", "D", "lambda1", "A",
] as const;

/**
 * Parses a LAMMPS `.tersoff` file: `#` comments, blank lines, entries of 17 fields
 * (element1 element2 element3 m gamma lambda3 c d costheta0 n beta lambda2 B R D lambda1 A) that may
 * continue over several lines. Checks the values LAMMPS checks (non-negative c, d, n, β, λ1, λ2, A, B, R, D;
 * D ≤ R; m = 1 or 3), plus d > 0 and n > 0 (otherwise g or b_ij is undefined), and rejects duplicate triplets.
 * @param text file contents
 * @param source file name for messages
 * @throws PotentialFileError naming the file and line
 */
export function parseTersoff(text: string, source = "<tersoff>"): TersoffFile {
  if (typeof text !== "string") throw new TypeError(`parseTersoff: text must be a string, got ${typeof text}`);
  const lines = text.split(/\r\n|\r|\n/);
  const entries: TersoffEntry[] = [];
  const elements: string[] = [];
  const seen = new Map<string, number>();
  let pending: string[] = [];
  let start = 0;
  const finish = (lineNo: number) => {
    if (pending.length > 17) {
      throw new PotentialFileError(source, start, `entry starting here has ${pending.length} fields, expected 17 (element1 element2 element3 m gamma lambda3 c d costheta0 n beta lambda2 B R D lambda1 A)`);
    }
    const [e1, e2, e3] = pending as [string, string, string];
    const values: number[] = [];
    for (let c = 0; c < 14; c++) {
      const t = pending[3 + c]!;
      const v = Number(t);
      if (t.length === 0 || !Number.isFinite(v)) {
        throw new PotentialFileError(source, start, `entry (${e1}, ${e2}, ${e3}): ${COLUMNS[c]} is "${t}", not a finite number`);
      }
      values.push(v);
    }
    for (const e of [e1, e2, e3]) {
      if (/^[-+.\d]/.test(e)) throw new PotentialFileError(source, start, `"${e}" is not an element name (an entry starts with three element names)`);
    }
    const entry = { elements: [e1, e2, e3], line: start } as TersoffEntry;
    COLUMNS.forEach((name, c) => ((entry as unknown as Record<string, number>)[name] = values[c]!));
    const bad = (what: string) => {
      throw new PotentialFileError(source, start, `entry (${e1}, ${e2}, ${e3}): illegal Tersoff parameter: ${what}`);
    };
    if (entry.m !== 1 && entry.m !== 3) bad(`m = ${entry.m} (must be 1 or 3)`);
    for (const name of ["gamma", "c", "beta", "lambda1", "lambda2", "A", "B", "R", "D"] as const) {
      if (entry[name] < 0) bad(`${name} = ${entry[name]} is negative`);
    }
    if (!(entry.d > 0)) bad(`d = ${entry.d} (must be > 0)`);
    if (!(entry.n > 0)) bad(`n = ${entry.n} (must be > 0)`);
    if (entry.D > entry.R) bad(`D = ${entry.D} exceeds R = ${entry.R}`);
    const key = `${e1} ${e2} ${e3}`;
    const prev = seen.get(key);
    if (prev !== undefined) throw new PotentialFileError(source, start, `duplicate entry (${e1}, ${e2}, ${e3}); first given at line ${prev}`);
    seen.set(key, start);
    for (const e of [e1, e2, e3]) if (!elements.includes(e)) elements.push(e);
    entries.push(entry);
    pending = [];
    void lineNo;
  };
  for (let l = 0; l < lines.length; l++) {
    const hash = lines[l]!.indexOf("#");
    const body = hash >= 0 ? lines[l]!.slice(0, hash) : lines[l]!;
    const words = body.trim().split(/\s+/).filter((w) => w.length > 0);
    if (words.length === 0) continue;
    if (pending.length === 0) start = l + 1;
    pending.push(...words);
    if (pending.length >= 17) finish(l + 1);
  }
  if (pending.length > 0) {
    throw new PotentialFileError(source, start, `incomplete entry at the end of the file: ${pending.length} of 17 fields`);
  }
  if (entries.length === 0) throw new PotentialFileError(source, 0, "no Tersoff entries found");
  return { source, elements, entries };
}

/** f64 values per (i,j,k) row of the kernel's parameter table (assembly/tersoff.ts TS_STRIDE). */
const STRIDE = 20;

/** Options for {@link TersoffPotential}. */
export interface TersoffOptions {
  /** Name reported by {@link Potential.name} (default `tersoff:<source>`). */
  name?: string;
  /**
   * Reproduce LAMMPS exactly, including its atom-id dependence: each pair's repulsion uses the entry of
   * the atom LAMMPS picks by id parity (atom i has id i + 1). Default false: the symmetric form, which
   * does not depend on atom order. The two agree whenever the (i,j,j) and (j,i,i) entries agree.
   */
  tagParity?: boolean;
}

/**
 * The Tersoff potential of a parsed `.tersoff` file.
 *
 * @example
 * ```ts
 * const pot = new TersoffPotential(parseTersoff(readFileSync("SiC_1989.tersoff", "utf8"), "SiC_1989.tersoff"));
 * const { energy, forces } = pot.compute(structure);     // eV, eV/Å
 * const h = pot.hessian(structure);                       // eV/Å², block CSR
 * ```
 */
export class TersoffPotential implements Potential {
  readonly name: string;
  readonly units = "metal" as const;
  /** Largest R + D over all entries (Å): the neighbor-list cutoff. */
  readonly cutoff: number;
  /** Twice the cutoff (Å): atoms sharing a neighbor have coupled Hessian blocks. */
  readonly hessianRange: number;
  /** The parsed file. */
  readonly file: TersoffFile;
  private readonly index: Map<string, number>;
  private readonly present: Uint8Array;
  private readonly table: Float64Array;
  private prepared = false;
  private readonly parity: number;

  constructor(file: TersoffFile, options: TersoffOptions = {}) {
    this.file = file;
    this.name = options.name ?? `tersoff:${file.source}`;
    this.parity = options.tagParity ? 1 : 0;
    const nel = file.elements.length;
    this.index = new Map(file.elements.map((e, k) => [e, k]));
    this.present = new Uint8Array(nel * nel * nel);
    this.table = new Float64Array(nel * nel * nel * STRIDE);
    for (let r = 0; r < nel * nel * nel; r++) this.table[r * STRIDE + 6] = 1; // n = 1 in unused rows
    let cut = 0;
    for (const e of file.entries) {
      const [a, b, c] = e.elements.map((x) => this.index.get(x)!) as [number, number, number];
      const row = (a * nel + b) * nel + c;
      this.present[row] = 1;
      const t = this.table.subarray(row * STRIDE, (row + 1) * STRIDE);
      t[0] = e.m;
      t[1] = e.gamma;
      t[2] = e.lambda3;
      t[3] = e.c * e.c;
      t[4] = e.d * e.d;
      t[5] = e.costheta0;
      t[6] = e.n;
      t[7] = e.beta;
      t[8] = e.lambda2;
      t[9] = e.B;
      t[10] = e.R;
      t[11] = e.D;
      t[12] = e.lambda1;
      t[13] = e.A;
      const rc = e.R + e.D;
      t[14] = rc * rc;
      cut = Math.max(cut, rc);
    }
    if (!(cut > 0)) throw new PotentialFileError(file.source, 0, "every entry has R + D = 0: nothing interacts");
    this.cutoff = cut;
    this.hessianRange = 2 * cut;
  }

  /**
   * Neighbor cutoff for a structure (Å): the largest R + D over the triplets of its elements, never above
   * {@link TersoffPotential.cutoff} (pure carbon from SiC_1989.tersoff: 2.1 Å instead of 3.0 Å).
   */
  cutoffFor(structure: Structure): number {
    const types = this.types(structure);
    const nel = this.file.elements.length;
    const used = [...new Set(types)];
    let cut = 0;
    for (const a of used) for (const b of used) for (const c of used) {
      cut = Math.max(cut, Math.sqrt(this.table[((a * nel + b) * nel + c) * STRIDE + 14]!));
    }
    return cut > 0 ? cut : this.cutoff;
  }

  /** Element index of every atom; throws GlassboxError for elements or triplets the file lacks. */
  private types(structure: Structure): Int32Array {
    const nel = this.file.elements.length;
    const used = structure.speciesList();
    for (const s of used) {
      if (!this.index.has(s)) {
        throw new GlassboxError(
          `Tersoff potential ${this.file.source} has no parameters for element "${s}" (it has ${this.file.elements.join(", ")})`,
        );
      }
    }
    for (const a of used) {
      for (const b of used) {
        for (const c of used) {
          const row = (this.index.get(a)! * nel + this.index.get(b)!) * nel + this.index.get(c)!;
          if (!this.present[row]) {
            throw new GlassboxError(`Tersoff potential ${this.file.source} has no entry for the triplet (${a}, ${b}, ${c})`);
          }
        }
      }
    }
    return Int32Array.from(structure.species, (s) => this.index.get(s)!);
  }

  check(structure: Structure): void {
    this.types(structure);
  }

  /** Puts the parameter table into the workspace (thresholds derived by the kernel once, then cached). */
  private putTable(k: Kernels): number {
    const ptr = putF64(this.table);
    if (!this.prepared) {
      k.tersoff_setup!(this.table.length / STRIDE, ptr);
      this.table.set(viewF64(ptr, this.table.length));
      this.prepared = true;
    }
    return ptr;
  }

  private checkDistances(list: NeighborListPointers): void {
    const d = viewF64(list.distance, list.count);
    let min = Infinity, at = -1;
    for (let p = 0; p < d.length; p++) if (d[p]! < min) { min = d[p]!; at = p; }
    if (min < 1e-8) coincident(list.n, list.first, list.j, at, min);
  }

  /** Scratch of tersoff_compute for a list whose longest row has `maxRow` entries (bytes). */
  private scratchBytes(maxRow: number): number {
    return 8 * (14 + 2 * this.file.elements.length) * Math.max(maxRow, 1);
  }

  /**
   * Kept-list evaluation for MD and relaxation (see {@link ListForces}): a full list compacted before every
   * call to the entries inside the largest cutoff of their element pair (Tersoff's cost grows with the
   * square of the row length). @internal
   */
  openListForces(k: Kernels, structure: Structure): ListForces {
    const types = this.types(structure);
    const n = structure.n;
    const nel = this.file.elements.length;
    const table = this.putTable(k);
    const params = this.table;
    // r_ik enters through the (i,j,k) entry for any j: the largest squared cutoff per (type i, type k)
    const cut2 = new Float64Array(nel * nel);
    for (let a = 0; a < nel; a++) for (let c = 0; c < nel; c++) {
      for (let b = 0; b < nel; b++) cut2[a * nel + c] = Math.max(cut2[a * nel + c]!, params[((a * nel + b) * nel + c) * STRIDE + 14]!);
    }
    const ty = putI32(types);
    const cut2Ptr = putF64(cut2);
    const cell = putF64(structure.cell);
    const parity = this.parity;
    return {
      cutoff: this.cutoffFor(structure),
      half: false,
      skin: 0.5,
      compact: { types: ty, nt: nel, cut2: cut2Ptr },
      scratchBytes: (_count, maxRow) => this.scratchBytes(maxRow),
      evaluate(kk, x, f, first, j, shift, scratch, diag) {
        const d = viewF64(diag, 2);
        if (d[0]! < 1e-8) coincident(n, first, j, d[1]!, d[0]!);
        viewF64(f, 3 * n).fill(0);
        return kk.tersoff_compute!(n, x, cell, ty, nel, table, parity, first, j, shift, f, 0, 0, 0, scratch);
      },
    };
  }

  compute(structure: Structure, options: ComputeOptions = {}): ForceResult {
    const types = this.types(structure);
    const n = structure.n;
    const wantF = options.forces ?? true;
    return scoped((k) => {
      const list = buildNeighborListInWorkspace(k, structure, this.cutoffFor(structure), false);
      this.checkDistances(list);
      const table = this.putTable(k);
      const pos = putF64(structure.positions);
      const cell = putF64(structure.cell);
      const ty = putI32(types);
      const f = wantF ? allocF64(3 * n) : 0;
      const ea = options.perAtom ? allocF64(n) : 0;
      const w = options.virial ? allocF64(6) : 0;
      const scratch = alloc(this.scratchBytes(maxRow(list)));
      const energy = k.tersoff_compute!(
        n, pos, cell, ty, this.file.elements.length, table, this.parity, list.first, list.j, list.shift, f, ea, 0, w, scratch,
      );
      const out: ForceResult = { energy };
      if (wantF) out.forces = readF64(f, 3 * n);
      if (options.perAtom) out.energyPerAtom = readF64(ea, n);
      if (options.virial) out.virial = readF64(w, 6);
      return out;
    });
  }

  /**
   * Site energies ½ Σ_j V_ij of every atom (eV), length N, V_ij with the (i,j,j) entry. They sum to the
   * symmetric total energy (with `tagParity` that differs from `compute().energy` by LAMMPS' id-parity
   * choice, ~3e-5 eV for 216 atoms of SiC_1989).
   */
  siteEnergies(structure: Structure): Float64Array {
    const types = this.types(structure);
    const n = structure.n;
    return scoped((k) => {
      const list = buildNeighborListInWorkspace(k, structure, this.cutoffFor(structure), false);
      this.checkDistances(list);
      const table = this.putTable(k);
      const es = allocF64(n);
      const scratch = alloc(this.scratchBytes(maxRow(list)));
      k.tersoff_compute!(
        n, putF64(structure.positions), putF64(structure.cell), putI32(types), this.file.elements.length, table, this.parity,
        list.first, list.j, list.shift, 0, 0, es, 0, scratch,
      );
      return readF64(es, n);
    });
  }

  hessian(structure: Structure): BlockHessian {
    const types = this.types(structure);
    const n = structure.n;
    return scoped((k) => {
      const list = buildNeighborListInWorkspace(k, structure, this.cutoffFor(structure), false);
      this.checkDistances(list);
      const first = viewI32(list.first, n + 1);
      let maxNb = 0;
      for (let i = 0; i < n; i++) maxNb = Math.max(maxNb, first[i + 1]! - first[i]!);
      const pattern = blockPatternInWorkspace(k, list, 2);
      const table = this.putTable(k);
      const pos = putF64(structure.positions);
      const cell = putF64(structure.cell);
      const ty = putI32(types);
      const blocks = allocF64(9 * pattern.nb);
      const scratch = allocF64(21 * maxNb + 64);
      const katom = allocI32(Math.max(maxNb, 1));
      const status = k.tersoff_hessian!(
        n, pos, cell, ty, this.file.elements.length, table, this.parity, list.first, list.j, list.shift,
        pattern.rowStart, pattern.col, blocks, scratch, katom,
      );
      if (status !== 0) throw new Error("tersoff_hessian: a block is missing from the Hessian pattern (internal error)");
      return readBlockHessian(pattern, blocks);
    });
  }
}

/** Longest row of a neighbor list in the workspace. */
function maxRow(list: NeighborListPointers): number {
  const first = viewI32(list.first, list.n + 1);
  let m = 0;
  for (let i = 0; i < list.n; i++) m = Math.max(m, first[i + 1]! - first[i]!);
  return m;
}

/** Throws the coincident-atoms error for list entry `at` (atom i of that row, neighbor j). */
function coincident(n: number, firstPtr: number, jPtr: number, at: number, distance: number): never {
  const first = viewI32(firstPtr, n + 1);
  let i = 0;
  while (first[i + 1]! <= at) i++;
  const j = viewI32(jPtr, first[n]!)[at]!;
  throw new GlassboxError(`atoms ${i} and ${j} coincide (distance ${distance} Å): the Tersoff bond angles are undefined`);
}

/**
 * The Tersoff potential of a `.tersoff` file's text.
 * @param text file contents
 * @param source file name, used in messages and in the potential's name `tersoff:<source>`
 */
export function tersoffFromText(text: string, source = "<tersoff>", options: TersoffOptions = {}): TersoffPotential {
  return new TersoffPotential(parseTersoff(text, source), options);
}

/** Context a spec factory receives (as `SpecContext` of ./index.ts). */
export interface TersoffSpecContext {
  /** Reads the file named in the spec. */
  readText?: (path: string) => string;
}

/**
 * Factory for `--potential tersoff:PATH` (registered in ./index.ts). `tersoff:PATH:lammps` reproduces
 * LAMMPS' atom-id parity choice ({@link TersoffOptions.tagParity}).
 */
export function tersoffFromSpec(arg: string | undefined, context: TersoffSpecContext = {}): TersoffPotential {
  if (!arg) throw new RangeError('tersoff: a parameter file is required, as in --potential tersoff:SiC_1989.tersoff');
  let path = arg;
  let tagParity = false;
  if (arg.endsWith(":lammps")) {
    path = arg.slice(0, -":lammps".length);
    tagParity = true;
  }
  if (!context.readText) throw new TypeError(`tersoff:${path}: no file reader available here; pass { readText } to potentialFromSpec`);
  return tersoffFromText(context.readText(path), path, { name: `tersoff:${arg}`, tagParity });
}
