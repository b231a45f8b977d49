/**
 * Embedded-atom method potentials, computed in WebAssembly (assembly/eam.ts):
 * - {@link SetflEAM}: tabulated DYNAMO setfl files (LAMMPS `pair_style eam/alloy`), evaluated exactly as
 *   LAMMPS does (the same 7-coefficient cubic interpolation of `PairEAM::interpolate`, the same knot
 *   lookup, linear extension of F above the last ρ knot), so results agree with LAMMPS to rounding;
 * - {@link ZhouEAM}: the analytic Zhou–Johnson–Wadley 2004 alloy form, with exact first and second
 *   derivatives (the Hessian is exact, no interpolation error).
 *
 * E = Σ_i F_a(ρ_i) + ½ Σ_i Σ_j φ_ab(r_ij), ρ_i = Σ_j f_b(r_ij). Units: Å, eV, amu. Per-atom energies are
 * LAMMPS `pe/atom`: F_a(ρ_i) + ½ Σ_j φ_ab(r_ij).
 *
 * Conventions and limits:
 * - No smoothing at the cutoff: E jumps when a pair crosses r_c (as in LAMMPS); the Hessian is the one of
 *   the smooth branch (δ-terms at r_c ignored).
 * - The setfl spline is only C¹: second derivatives (Hessian) jump at every knot; they are those of the
 *   spline piece the distance lies in, which is what finite differences of LAMMPS forces converge to.
 * - Pairs closer than 0.5 Å trigger a warning: the Zhou tables clamp r < 0.5 Å (f(r) = f(0.5), r·φ(r) =
 *   0.5·φ(0.5)), and {@link ZhouEAM} follows the same convention there, so energies are not physical.
 * - Densities above the setfl table end (ρmax) trigger a warning (F is extended linearly, as LAMMPS).
 */
import { allocF64, allocI32, putF64, putI32, readF64, scoped, viewF64, viewI32, type Kernels } from "../engine/wasm.js";
import { blockPatternInWorkspace, readBlockHessian } from "../hessian.js";
import { buildNeighborListInWorkspace } from "../neighbors.js";
import { GlassboxError, type Structure } from "../structure.js";
import type { BlockHessian, ComputeOptions, ForceResult, ListForces, Potential } from "./potential.js";
import { PotentialFileError } from "./tersoff.js";


/** One element of a setfl file. */
export interface SetflElement {
  /** Element label as written on line 4. */
  name: string;
  /** Atomic number (from the element header line). */
  atomicNumber: number;
  /** Mass (amu). */
  mass: number;
  /** Lattice constant (Å), NaN when absent. */
  latticeConstant: number;
  /** Lattice type ("fcc", …), "" when absent. */
  latticeType: string;
  /** Embedding energy F(ρ) at ρ = k·drho, k = 0 … nrho−1 (eV). */
  F: Float64Array;
  /** Electron density f(r) at r = k·dr, k = 0 … nr−1. */
  f: Float64Array;
}

/** A parsed DYNAMO setfl (`eam/alloy`) file. */
export interface SetflFile {
  /** File name or label, for messages. */
  source: string;
  /** The three comment lines. */
  comments: [string, string, string];
  /** Elements in file order. */
  elements: SetflElement[];
  /** Number of ρ knots. */
  nrho: number;
  /** ρ spacing. */
  drho: number;
  /** Number of r knots. */
  nr: number;
  /** r spacing (Å). */
  dr: number;
  /** Cutoff (Å). */
  cutoff: number;
  /**
   * r·φ(r) (eV·Å) at r = k·dr for every pair (a, b ≤ a) in file order (lower triangle: 00, 10, 11, 20, …);
   * the table of (a, b) is at index a(a+1)/2 + b.
   */
  z2r: Float64Array[];
}

/** Line cursor over a text: skips blank and comment-only lines after the header (as LAMMPS). */
class Lines {
  private k = 0;
  readonly lines: string[];
  constructor(text: string, readonly source: string) {
    this.lines = text.split(/\r\n|\r|\n/);
  }
  /** The next raw line and its 1-based number. */
  raw(what: string): [string, number] {
    if (this.k >= this.lines.length) throw new PotentialFileError(this.source, this.lines.length, `file ends before ${what}`);
    const l = this.lines[this.k]!;
    this.k++;
    return [l, this.k];
  }
  /** Words of the next non-empty line (a `#` starts a comment). */
  words(what: string): [string[], number] {
    for (;;) {
      const [l, no] = this.raw(what);
      const hash = l.indexOf("#");
      const w = (hash >= 0 ? l.slice(0, hash) : l).trim().split(/\s+/).filter((x) => x.length > 0);
      if (w.length > 0) return [w, no];
    }
  }
  /** Reads `n` numbers that start on a new line and end at a line end. */
  numbers(n: number, what: string): Float64Array {
    const out = new Float64Array(n);
    let got = 0;
    while (got < n) {
      const [w, no] = this.words(`${what} (${got} of ${n} values read)`);
      if (got + w.length > n) {
        throw new PotentialFileError(this.source, no, `${what}: line has ${got + w.length - n} value(s) beyond the ${n} expected`);
      }
      for (const t of w) {
        const v = parseNumber(t);
        if (v === undefined) throw new PotentialFileError(this.source, no, `${what}: "${t}" is not a finite number`);
        out[got++] = v;
      }
    }
    return out;
  }
  /** True if only blank or comment lines remain; otherwise the first such line number. */
  rest(): number {
    while (this.k < this.lines.length) {
      const l = this.lines[this.k]!;
      this.k++;
      const hash = l.indexOf("#");
      if ((hash >= 0 ? l.slice(0, hash) : l).trim().length > 0) return this.k;
    }
    return 0;
  }
}

function parseNumber(t: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

function positiveInteger(t: string | undefined, what: string, source: string, line: number): number {
  const v = t === undefined ? NaN : Number(t);
  if (!Number.isInteger(v) || v <= 0) throw new PotentialFileError(source, line, `${what} must be a positive integer, got "${t ?? ""}"`);
  return v;
}

/**
 * Parses a DYNAMO setfl (LAMMPS `eam/alloy`) file: 3 comment lines; `Nelements El1 El2 …`;
 * `nrho drho nr dr cutoff`; per element a line `Z mass [a0 lattice]`, nrho values of F(ρ), nr values of
 * f(r); then the lower triangle of r·φ(r) tables (nr values each: 11, 21, 22, 31, …). Values may be
 * spread over any number of lines, but every table starts on a new line.
 * @param text file contents
 * @param source file name for messages
 * @throws PotentialFileError naming the file and line
 */
export function parseSetfl(text: string, source = "<setfl>"): SetflFile {
  if (typeof text !== "string") throw new TypeError(`parseSetfl: text must be a string, got ${typeof text}`);
  const L = new Lines(text, source);
  const comments = [L.raw("comment line 1")[0], L.raw("comment line 2")[0], L.raw("comment line 3")[0]] as [string, string, string];
  const [head, headLine] = L.words("the element line (line 4: Nelements El1 El2 …)");
  const nel = positiveInteger(head[0], "number of elements on line 4", source, headLine);
  if (head.length !== nel + 1) {
    throw new PotentialFileError(source, headLine, `line 4 announces ${nel} element(s) but lists ${head.length - 1}: "${head.slice(1).join(" ")}"`);
  }
  const names = head.slice(1);
  if (new Set(names).size !== names.length) throw new PotentialFileError(source, headLine, `duplicate element in "${names.join(" ")}"`);
  const [grid, gridLine] = L.words("the grid line (nrho drho nr dr cutoff)");
  if (grid.length < 5) throw new PotentialFileError(source, gridLine, `grid line needs nrho drho nr dr cutoff, got "${grid.join(" ")}"`);
  const nrho = positiveInteger(grid[0], "nrho", source, gridLine);
  const nr = positiveInteger(grid[2], "nr", source, gridLine);
  const [drho, dr, cutoff] = [grid[1], grid[3], grid[4]].map((t) => parseNumber(t!) ?? NaN) as [number, number, number];
  for (const [name, v] of [["drho", drho], ["dr", dr], ["cutoff", cutoff]] as const) {
    if (!(v > 0)) throw new PotentialFileError(source, gridLine, `${name} must be a positive number, got "${grid[name === "drho" ? 1 : name === "dr" ? 3 : 4]}"`);
  }
  if (nrho < 5 || nr < 5) throw new PotentialFileError(source, gridLine, `nrho and nr must be at least 5 for the cubic interpolation, got ${nrho} and ${nr}`);
  const elements: SetflElement[] = [];
  for (const name of names) {
    const [w, line] = L.words(`the header line of element ${name}`);
    if (w.length < 2) throw new PotentialFileError(source, line, `element ${name}: header needs "atomic-number mass [lattice-constant lattice-type]", got "${w.join(" ")}"`);
    const z = Number(w[0]);
    const mass = parseNumber(w[1]!);
    if (!Number.isInteger(z)) throw new PotentialFileError(source, line, `element ${name}: atomic number "${w[0]}" is not an integer`);
    if (mass === undefined || !(mass > 0)) throw new PotentialFileError(source, line, `element ${name}: mass "${w[1]}" is not a positive number`);
    const a0 = w[2] !== undefined ? parseNumber(w[2]) ?? NaN : NaN;
    const F = L.numbers(nrho, `F(rho) of ${name}`);
    const f = L.numbers(nr, `density f(r) of ${name}`);
    elements.push({ name, atomicNumber: z, mass, latticeConstant: a0, latticeType: w[3] ?? "", F, f });
  }
  const z2r: Float64Array[] = [];
  for (let a = 0; a < nel; a++) for (let b = 0; b <= a; b++) z2r.push(L.numbers(nr, `r*phi(r) of ${names[a]}-${names[b]}`));
  const extra = L.rest();
  if (extra) throw new PotentialFileError(source, extra, "unexpected values after the last r*phi(r) table");
  return { source, comments, elements, nrho, drho, nr, dr, cutoff, z2r };
}

/**
 * LAMMPS `PairEAM::interpolate`: 7 coefficients per knot (row k for LAMMPS' knot k + 1):
 * [3c3/δ, 2c4/δ, c5/δ, c3, c4, c5, c6], value ((c3 p + c4) p + c5) p + c6 on [knot k, knot k+1].
 * Plain arithmetic, so TypeScript reproduces the C++ doubles exactly.
 */
export function lammpsSpline(f: ArrayLike<number>, delta: number): Float64Array {
  const n = f.length;
  if (n < 5) throw new RangeError(`lammpsSpline needs at least 5 values, got ${n}`);
  const s = new Float64Array(7 * n);
  const S = (m: number, c: number) => 7 * (m - 1) + c; // 1-based knot m, as LAMMPS
  for (let m = 1; m <= n; m++) s[S(m, 6)] = f[m - 1]!;
  s[S(1, 5)] = s[S(2, 6)]! - s[S(1, 6)]!;
  s[S(2, 5)] = 0.5 * (s[S(3, 6)]! - s[S(1, 6)]!);
  s[S(n - 1, 5)] = 0.5 * (s[S(n, 6)]! - s[S(n - 2, 6)]!);
  s[S(n, 5)] = s[S(n, 6)]! - s[S(n - 1, 6)]!;
  for (let m = 3; m <= n - 2; m++) {
    s[S(m, 5)] = (s[S(m - 2, 6)]! - s[S(m + 2, 6)]! + 8.0 * (s[S(m + 1, 6)]! - s[S(m - 1, 6)]!)) / 12.0;
  }
  for (let m = 1; m <= n - 1; m++) {
    s[S(m, 4)] = 3.0 * (s[S(m + 1, 6)]! - s[S(m, 6)]!) - 2.0 * s[S(m, 5)]! - s[S(m + 1, 5)]!;
    s[S(m, 3)] = s[S(m, 5)]! + s[S(m + 1, 5)]! - 2.0 * (s[S(m + 1, 6)]! - s[S(m, 6)]!);
  }
  s[S(n, 4)] = 0.0;
  s[S(n, 3)] = 0.0;
  for (let m = 1; m <= n; m++) {
    s[S(m, 2)] = s[S(m, 5)]! / delta;
    s[S(m, 1)] = (2.0 * s[S(m, 4)]!) / delta;
    s[S(m, 0)] = (3.0 * s[S(m, 3)]!) / delta;
  }
  return s;
}

/** Options of the EAM potentials. */
export interface EAMOptions {
  /** Name reported by {@link Potential.name}. */
  name?: string;
  /** Receives warnings (close pairs, densities beyond the table); default `console.warn`. */
  onWarning?: (message: string) => void;
}

/** Minimum pair distance (Å) below which the tables (and the analytic form, by the same convention) are clamped. */
export const EAM_MIN_DISTANCE = 0.5;

const H_ELEMENTS = 8;
const ZH_STRIDE = 32;

/** Shared machinery of the tabulated and analytic EAM (assembly/eam.ts kernels). */
abstract class EAMBase implements Potential {
  readonly name: string;
  readonly units = "metal" as const;
  readonly cutoff: number;
  readonly hessianRange: number;
  /** Element names the potential knows, in its type order. */
  readonly elementNames: string[];
  /** Mass of each element (amu), same order. */
  readonly elementMasses: number[];
  protected readonly onWarning: (message: string) => void;
  private readonly index: Map<string, number>;

  protected constructor(name: string, elements: string[], masses: number[], cutoff: number, options: EAMOptions) {
    this.name = options.name ?? name;
    this.elementNames = elements;
    this.elementMasses = masses;
    this.cutoff = cutoff;
    this.hessianRange = 2 * cutoff;
    this.index = new Map(elements.map((e, k) => [e, k]));
    this.onWarning = options.onWarning ?? ((m) => console.warn(`glassbox: ${m}`));
  }

  /** 0 = setfl tables, 1 = Zhou analytic. */
  protected abstract readonly mode: 0 | 1;
  /** What the potential is called in error messages ("EAM file X", "Zhou 2004 EAM"). */
  protected abstract describe(): string;
  /** f64 header block (see assembly/eam.ts). */
  protected abstract header(): Float64Array;
  /** Spline tables (mode 0) F, f, r·φ as one Float64Array each, or empty arrays. */
  protected abstract tables(): { frho: Float64Array; rhor: Float64Array; z2r: Float64Array };

  private types(structure: Structure): Int32Array {
    for (const s of structure.speciesList()) {
      if (!this.index.has(s)) {
        throw new GlassboxError(`${this.describe()} has no parameters for element "${s}" (it has ${this.elementNames.join(", ")})`);
      }
    }
    return Int32Array.from(structure.species, (s) => this.index.get(s)!);
  }

  check(structure: Structure): void {
    this.types(structure);
  }

  /** Masses of the potential's elements (amu), per atom: LAMMPS eam/alloy takes them from the file. */
  massesFor(structure: Structure): Float64Array {
    const t = this.types(structure);
    return Float64Array.from(t, (k) => this.elementMasses[k]!);
  }

  /** Setup of the Hessian and densities inside a scope: full list, inputs, densities, embedding. */
  private prepare(k: Kernels, structure: Structure, wantFpp: boolean) {
    const types = this.types(structure);
    const n = structure.n;
    const list = buildNeighborListInWorkspace(k, structure, this.cutoff, false);
    const { hdr, frho, rhor, z2r } = this.putInputs();
    const pos = putF64(structure.positions);
    const cell = putF64(structure.cell);
    const ty = putI32(types);
    const rho = allocF64(n);
    const diag = allocF64(2);
    k.eam_density!(n, pos, cell, ty, this.mode, hdr, rhor, list.first, list.j, list.shift, rho, diag);
    this.warnings(list.first, list.j, viewF64(diag, 2), rho, n);
    const fp = allocF64(n);
    const fpp = wantFpp ? allocF64(n) : 0;
    k.eam_embed!(n, ty, this.mode, hdr, frho, rho, 0, fp, fpp);
    return { n, list, hdr, frho, rhor, z2r, pos, cell, ty, rho, fp, fpp };
  }

  /** Close-pair warning (or error for coincident atoms) from a kernel's diag, and the setfl ρ-range warning. */
  private warnings(firstPtr: number, jPtr: number, diag: Float64Array, rho: number, n: number): void {
    const dmin = diag[0]!, p = diag[1]!;
    if (p >= 0 && dmin < EAM_MIN_DISTANCE) {
      const first = viewI32(firstPtr, n + 1);
      let i = 0;
      while (first[i + 1]! <= p) i++;
      const j = viewI32(jPtr, first[n]!)[p]!;
      if (dmin < 1e-8) throw new GlassboxError(`atoms ${i} and ${j} coincide (distance ${dmin} Å)`);
      this.onWarning(
        `${this.name}: atoms ${i} and ${j} are ${dmin.toPrecision(4)} Å apart, closer than ${EAM_MIN_DISTANCE} Å where the EAM functions are clamped; energies and forces there are not physical`,
      );
    }
    const rhomax = this.header()[4]!;
    if (this.mode === 0) {
      const r = viewF64(rho, n);
      let worst = -1;
      for (let i = 0; i < n; i++) if (r[i]! > rhomax && (worst < 0 || r[i]! > r[worst]!)) worst = i;
      if (worst >= 0) {
        this.onWarning(`${this.name}: electron density of atom ${worst} (${r[worst]!.toPrecision(6)}) is above the table end ${rhomax.toPrecision(6)}; F(ρ) is extended linearly there (as LAMMPS)`);
      }
    }
  }

  /** Header and spline tables in the workspace (the header stands in for absent tables). */
  private putInputs() {
    const hdr = putF64(this.header());
    const t = this.tables();
    return {
      hdr,
      frho: t.frho.length ? putF64(t.frho) : hdr,
      rhor: t.rhor.length ? putF64(t.rhor) : hdr,
      z2r: t.z2r.length ? putF64(t.z2r) : hdr,
    };
  }

  /**
   * Energy, forces, per-atom energies and virial in one kernel call (eam_compute) from a half list: each
   * pair's functions are evaluated once.
   */
  compute(structure: Structure, options: ComputeOptions = {}): ForceResult {
    const wantF = options.forces ?? true;
    const types = this.types(structure);
    const n = structure.n;
    return scoped((k) => {
      const list = buildNeighborListInWorkspace(k, structure, this.cutoff, true);
      const t = this.putInputs();
      const rho = allocF64(n), fp = allocF64(n), diag = allocF64(2);
      const scratch = allocF64(4 * Math.max(list.count, 1));
      const f = wantF ? allocF64(3 * n) : 0;
      const ea = options.perAtom ? allocF64(n) : 0;
      const w = options.virial ? allocF64(6) : 0;
      const energy = k.eam_compute!(
        n, putF64(structure.positions), putF64(structure.cell), putI32(types), this.mode, t.hdr, t.frho, t.rhor, t.z2r,
        list.first, list.j, list.shift, rho, fp, scratch, f, ea, w, diag,
      );
      this.warnings(list.first, list.j, viewF64(diag, 2), rho, n);
      const out: ForceResult = { energy };
      if (wantF) out.forces = readF64(f, 3 * n);
      if (options.perAtom) out.energyPerAtom = readF64(ea, n);
      if (options.virial) out.virial = readF64(w, 6);
      return out;
    });
  }

  /** Kept-list evaluation for MD and relaxation (see {@link ListForces}): eam_compute on a half list. @internal */
  openListForces(k: Kernels, structure: Structure): ListForces {
    const types = this.types(structure);
    const n = structure.n;
    const t = this.putInputs();
    const cell = putF64(structure.cell), ty = putI32(types);
    const rho = allocF64(n), fp = allocF64(n);
    const mode = this.mode;
    return {
      cutoff: this.cutoff,
      half: true,
      skin: 1.0,
      compact: null,
      scratchBytes: (count) => 32 * Math.max(count, 1),
      evaluate: (kk, x, f, first, j, shift, scratch, diag) => {
        const e = kk.eam_compute!(n, x, cell, ty, mode, t.hdr, t.frho, t.rhor, t.z2r, first, j, shift, rho, fp, scratch, f, 0, 0, diag);
        this.warnings(first, j, viewF64(diag, 2), rho, n);
        return e;
      },
    };
  }

  /** Host electron densities ρ_i (the potential's density units), length N. */
  densities(structure: Structure): Float64Array {
    return scoped((k) => {
      const c = this.prepare(k, structure, false);
      return readF64(c.rho, c.n);
    });
  }

  hessian(structure: Structure): BlockHessian {
    return scoped((k) => {
      const c = this.prepare(k, structure, true);
      const pattern = blockPatternInWorkspace(k, c.list, 2);
      const blocks = allocF64(9 * pattern.nb);
      const gh = allocF64(6 * Math.max(c.list.count, 1));
      const gsum = allocF64(3 * c.n);
      const colmap = allocI32(c.n);
      const status = k.eam_hessian!(
        c.n, c.pos, c.cell, c.ty, this.mode, c.hdr, c.rhor, c.z2r, c.list.first, c.list.j, c.list.shift, c.fp, c.fpp,
        pattern.rowStart, pattern.col, blocks, gh, gsum, colmap,
      );
      if (status !== 0) throw new Error("eam_hessian: a block is missing from the Hessian pattern (internal error)");
      return readBlockHessian(pattern, blocks);
    });
  }
}

/**
 * A tabulated EAM from a DYNAMO setfl file, evaluated as LAMMPS `pair_style eam/alloy`.
 *
 * @example
 * ```ts
 * const pot = new SetflEAM(parseSetfl(readFileSync("CuAlZr_zhou04.eam.alloy", "utf8"), "CuAlZr_zhou04.eam.alloy"));
 * const { energy, forces, virial } = pot.compute(structure, { virial: true });   // eV, eV/Å, eV
 * ```
 */
export class SetflEAM extends EAMBase {
  protected readonly mode = 0 as const;
  /** The parsed file. */
  readonly file: SetflFile;
  private readonly hdr: Float64Array;
  private readonly tab: { frho: Float64Array; rhor: Float64Array; z2r: Float64Array };

  constructor(file: SetflFile, options: EAMOptions = {}) {
    super(`eam:${file.source}`, file.elements.map((e) => e.name), file.elements.map((e) => e.mass), file.cutoff, options);
    this.file = file;
    const { nrho, nr, drho, dr } = file;
    this.hdr = Float64Array.from([nrho, nr, 1.0 / drho, 1.0 / dr, (nrho - 1) * drho, file.cutoff * file.cutoff, drho, dr]);
    const cat = (arrays: Float64Array[]) => {
      const out = new Float64Array(arrays.reduce((s, a) => s + a.length, 0));
      let o = 0;
      for (const a of arrays) { out.set(a, o); o += a.length; }
      return out;
    };
    this.tab = {
      frho: cat(file.elements.map((e) => lammpsSpline(e.F, drho))),
      rhor: cat(file.elements.map((e) => lammpsSpline(e.f, dr))),
      z2r: cat(file.z2r.map((z) => lammpsSpline(z, dr))),
    };
  }
  protected describe(): string {
    return `EAM file ${this.file.source}`;
  }
  protected header(): Float64Array {
    return this.hdr;
  }
  protected tables() {
    return this.tab;
  }
}

/** Parameters of one element in the Zhou–Johnson–Wadley 2004 EAM (field names of zhou2004_CuAlZr.json). */
export interface ZhouElement {
  re: number; fe: number; rhoe: number; rhos: number; alpha: number; beta: number; A: number; B: number;
  kappa: number; lambda: number; Fn0: number; Fn1: number; Fn2: number; Fn3: number;
  F0: number; F1: number; F2: number; F3: number; eta: number; Fe: number; mass: number;
  F3_above_rhoe: number; beta_density: number; lambda_density: number; rho_low_factor: number; rho_high_factor: number;
}

/**
 * Zhou, Johnson, Wadley, PRB 69, 144113 (2004), revised table of the LAMMPS EAM database tool
 * (tools/eam_database), as in ../shared/reference/potentials/zhou2004_CuAlZr.json. Units Å, eV, amu.
 */
export const ZHOU2004: Readonly<Record<string, Readonly<ZhouElement>>> = {
  Cu: {
    re: 2.556162, fe: 1.554485, rhoe: 21.175871, rhos: 21.175395, alpha: 8.12762, beta: 4.334731, A: 0.39662, B: 0.548085,
    kappa: 0.308782, lambda: 0.756515, Fn0: -2.170269, Fn1: -0.263788, Fn2: 1.088878, Fn3: -0.817603,
    F0: -2.19, F1: 0.0, F2: 0.56183, F3: -2.100595, eta: 0.31049, Fe: -2.186568, mass: 63.546,
    F3_above_rhoe: -2.100595, beta_density: 4.334731, lambda_density: 0.756515, rho_low_factor: 0.85, rho_high_factor: 1.15,
  },
  Al: {
    re: 2.863924, fe: 1.403115, rhoe: 20.418205, rhos: 23.19574, alpha: 6.613165, beta: 3.527021, A: 0.314873, B: 0.365551,
    kappa: 0.379846, lambda: 0.759692, Fn0: -2.807602, Fn1: -0.301435, Fn2: 1.258562, Fn3: -1.247604,
    F0: -2.83, F1: 0.0, F2: 0.622245, F3: -2.488244, eta: 0.785902, Fe: -2.824528, mass: 26.981539,
    F3_above_rhoe: -2.488244, beta_density: 3.527021, lambda_density: 0.759692, rho_low_factor: 0.85, rho_high_factor: 1.15,
  },
  Zr: {
    re: 3.199978, fe: 2.230909, rhoe: 30.879991, rhos: 30.879991, alpha: 8.55919, beta: 4.564902, A: 0.424667, B: 0.640054,
    kappa: 0.5, lambda: 1.0, Fn0: -4.485793, Fn1: -0.293129, Fn2: 0.990148, Fn3: -3.202516,
    F0: -4.51, F1: 0.0, F2: 0.928602, F3: -0.98187, eta: 0.597133, Fe: -4.509025, mass: 91.224,
    F3_above_rhoe: -0.98187, beta_density: 4.564902, lambda_density: 1.0, rho_low_factor: 0.85, rho_high_factor: 1.15,
  },
};

/** Options of {@link ZhouEAM}. */
export interface ZhouOptions extends EAMOptions {
  /** Cutoff (Å); default √5·max(r_e) of the chosen elements, as the database tool tabulates. */
  cutoff?: number;
  /** Parameters per element (default {@link ZHOU2004}). */
  parameters?: Readonly<Record<string, Readonly<ZhouElement>>>;
}

/**
 * The analytic Zhou 2004 EAM for the given elements, with exact first and second derivatives:
 * f(r) = f_e e^{−β(x−1)}/(1 + (x−λ)^20), φ_aa(r) = A e^{−α(x−1)}/(1 + (x−κ)^20) − B e^{−β(x−1)}/(1 + (x−λ)^20)
 * (x = r/r_e), φ_ab = ½[(f_b/f_a)φ_aa + (f_a/f_b)φ_bb], F(ρ) piecewise (cubic below 0.85 ρe, cubic to
 * 1.15 ρe, then F_e[1 − η ln(ρ/ρs)](ρ/ρs)^η), all as in ../shared/reference/potentials/README.md.
 * Below r = 0.5 Å it follows the setfl convention (f and r·φ held at their 0.5 Å values).
 *
 * @example
 * ```ts
 * const pot = new ZhouEAM(["Cu", "Al", "Zr"]);   // cutoff √5·r_e(Zr) = 7.1554 Å
 * const h = pot.hessian(structure);              // exact analytic Hessian, eV/Å²
 * ```
 */
export class ZhouEAM extends EAMBase {
  protected readonly mode = 1 as const;
  /** Parameters of each element, in type order. */
  readonly parameters: Readonly<ZhouElement>[];
  private readonly hdr: Float64Array;

  constructor(elements: string[], options: ZhouOptions = {}) {
    const table = options.parameters ?? ZHOU2004;
    if (!Array.isArray(elements) || elements.length === 0) throw new RangeError("ZhouEAM needs at least one element");
    if (new Set(elements).size !== elements.length) throw new RangeError(`ZhouEAM: duplicate element in ${elements.join(",")}`);
    const params = elements.map((e) => {
      const p = table[e];
      if (!p) throw new GlassboxError(`Zhou 2004 EAM has no parameters for element "${e}" (it has ${Object.keys(table).join(", ")})`);
      return p;
    });
    const cutoff = options.cutoff ?? Math.sqrt(5) * Math.max(...params.map((p) => p.re));
    if (!(cutoff > 0) || !Number.isFinite(cutoff)) throw new RangeError(`ZhouEAM cutoff must be positive and finite, got ${cutoff}`);
    super(`zhou:${elements.join(",")}`, elements, params.map((p) => p.mass), cutoff, options);
    this.parameters = params;
    const hdr = new Float64Array(H_ELEMENTS + ZH_STRIDE * elements.length);
    hdr[5] = cutoff * cutoff;
    hdr[4] = Infinity;
    params.forEach((p, e) => {
      const o = H_ELEMENTS + ZH_STRIDE * e;
      const v = [
        p.re, p.fe, p.rhoe, p.rhos, p.alpha, p.beta, p.A, p.B, p.kappa, p.lambda,
        p.Fn0, p.Fn1, p.Fn2, p.Fn3, p.F0, p.F1, p.F2, p.F3, p.eta, p.Fe, p.F3_above_rhoe,
        p.beta_density, p.lambda_density, p.rho_low_factor * p.rhoe, p.rho_high_factor * p.rhoe, EAM_MIN_DISTANCE,
      ];
      v.forEach((x, k) => {
        if (!Number.isFinite(x)) throw new RangeError(`ZhouEAM: parameter ${k} of ${elements[e]} is not finite`);
        hdr[o + k] = x;
      });
    });
    this.hdr = hdr;
  }
  protected describe(): string {
    return "Zhou 2004 EAM";
  }
  protected header(): Float64Array {
    return this.hdr;
  }
  protected tables() {
    const empty = new Float64Array(0);
    return { frho: empty, rhor: empty, z2r: empty };
  }
}

/** Context a spec factory receives (as `SpecContext` of ./index.ts). */
export interface EAMSpecContext {
  /** Reads the file named in the spec. */
  readText?: (path: string) => string;
  /** Receives warnings. */
  onWarning?: (message: string) => void;
}

/** The tabulated EAM of a setfl file's text. */
export function setflFromText(text: string, source = "<setfl>", options: EAMOptions = {}): SetflEAM {
  return new SetflEAM(parseSetfl(text, source), options);
}

/** Factory for `--potential eam:PATH` (registered in ./index.ts). */
export function eamFromSpec(arg: string | undefined, context: EAMSpecContext = {}): SetflEAM {
  if (!arg) throw new RangeError("eam: a setfl file is required, as in --potential eam:CuAlZr_zhou04.eam.alloy");
  if (!context.readText) throw new TypeError(`eam:${arg}: no file reader available here; pass { readText } to potentialFromSpec`);
  const options: EAMOptions = { name: `eam:${arg}` };
  if (context.onWarning) options.onWarning = context.onWarning;
  return setflFromText(context.readText(arg), arg, options);
}

/** Factory for `--potential zhou:Cu,Al,Zr` (registered in ./index.ts). */
export function zhouFromSpec(arg: string | undefined, context: EAMSpecContext = {}): ZhouEAM {
  if (!arg) throw new RangeError(`zhou: elements are required, as in --potential zhou:Cu,Al,Zr (known: ${Object.keys(ZHOU2004).join(", ")})`);
  const elements = arg.split(",").map((e) => e.trim()).filter((e) => e.length > 0);
  const options: ZhouOptions = {};
  if (context.onWarning) options.onWarning = context.onWarning;
  return new ZhouEAM(elements, options);
}
