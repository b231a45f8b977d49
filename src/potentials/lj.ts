/**
 * Multi-species Lennard-Jones potentials from a parameter table, and the Kob–Andersen binary mixture.
 *
 * φ_ab(r) = 4ε_ab [(σ_ab/r)¹² − (σ_ab/r)⁶] for r < r_c,ab, in one of three cut forms:
 * - `cut`: plain truncation (LAMMPS `lj/cut`); energy and force jump at r_c.
 * - `shift`: φ − φ(r_c) (LAMMPS `lj/cut` + `pair_modify shift yes`); same forces and Hessian as `cut`.
 * - `smooth`: φ − φ(r_c) − (r − r_c) φ'(r_c) (LAMMPS `lj/smooth/linear`); energy and force vanish at r_c.
 * With `cut` and `shift` the Hessian omits the δ-function terms at r_c, as everyone does.
 *
 * Units: reduced LJ units (σ, ε, m) for the presets; a parameter file may declare "metal" (Å, eV, amu).
 */
import { allocF64, putF64, putI32, readF64, scoped } from "../engine/wasm.js";
import { assembleBlockHessian } from "../hessian.js";
import { buildNeighborListInWorkspace } from "../neighbors.js";
import { GlassboxError, type Structure } from "../structure.js";
import type { BlockHessian, ComputeOptions, ForceResult, Potential, Units } from "./potential.js";

/** The three cut forms of a Lennard-Jones potential. */
export type LJVariant = "cut" | "shift" | "smooth";

/** The cut forms, as spelled on the command line. */
export const LJ_VARIANTS: readonly LJVariant[] = ["cut", "shift", "smooth"];

/** Parameters of one species pair. */
export interface LJPair {
  /** Well depth ε (ε or eV). */
  epsilon: number;
  /** Length σ (σ or Å). */
  sigma: number;
  /** Cutoff r_c (σ or Å), absolute. */
  cutoff: number;
}

/** A multi-species Lennard-Jones parameter table. */
export interface LJParameters {
  /** Species labels the potential knows. */
  species: readonly string[];
  /** Pair parameters keyed "a-b" (either order; "A-B" covers "B-A"). Every pair of species must be present. */
  pairs: Readonly<Record<string, LJPair>>;
  /** Unit system (default "lj"). */
  units?: Units;
  /** Masses per species (m or amu) the potential defines; omitted to use the structure's masses. */
  masses?: Readonly<Record<string, number>>;
}

/** Options of {@link LennardJones}. */
export interface LJOptions {
  /** Cut form (default "cut"). */
  variant?: LJVariant;
  /** Name as spelled on the command line (default "lj:<variant>"). */
  name?: string;
  /**
   * Pairs closer than `minSeparation`·σ_ab are reported (default 0.5): `"warn"` (default) calls `onWarning`,
   * `"error"` throws a GlassboxError, `"ignore"` says nothing. Coincident atoms (r = 0) always throw.
   */
  overlap?: "warn" | "error" | "ignore";
  /** Threshold for {@link LJOptions.overlap}, in units of σ_ab (default 0.5). */
  minSeparation?: number;
  /** Receives warnings (default `console.warn`). */
  onWarning?: (message: string) => void;
}

/** Kob–Andersen binary Lennard-Jones mixture (Kob & Andersen, PRE 51, 4626 (1995)): reduced units. */
export const KOB_ANDERSEN = {
  /** ε_ab. */
  epsilon: { "A-A": 1.0, "A-B": 1.5, "B-B": 0.5 },
  /** σ_ab. */
  sigma: { "A-A": 1.0, "A-B": 0.8, "B-B": 0.88 },
  /** r_c = 2.5 σ_ab. */
  cutoffFactor: 2.5,
  /** Number fraction of A (3D: 80:20; 2D: 65:35, which does not crystallise easily). */
  fractionA: { 3: 0.8, 2: 0.65 } as const,
  /** Number density ρ = N/V (σ⁻³) or N/A (σ⁻²). */
  density: 1.2,
  /** Masses of A and B (m). */
  mass: 1.0,
} as const;

/** The Kob–Andersen parameter table (A, B; r_c = 2.5 σ_ab; masses 1). */
export function kobAndersenParameters(): LJParameters {
  const pairs: Record<string, LJPair> = {};
  for (const key of ["A-A", "A-B", "B-B"] as const) {
    const sigma = KOB_ANDERSEN.sigma[key];
    pairs[key] = { epsilon: KOB_ANDERSEN.epsilon[key], sigma, cutoff: KOB_ANDERSEN.cutoffFactor * sigma };
  }
  return { species: ["A", "B"], pairs, units: "lj", masses: { A: 1, B: 1 } };
}

/** The Kob–Andersen potential (`kob-andersen`, `kob-andersen:shift`, `kob-andersen:smooth`). */
export function kobAndersen(variant: LJVariant = "cut", options: Omit<LJOptions, "variant" | "name"> = {}): LennardJones {
  return new LennardJones(kobAndersenParameters(), {
    ...options,
    variant,
    name: variant === "cut" ? "kob-andersen" : `kob-andersen:${variant}`,
  });
}

const STRIDE = 8;

function pairKey(table: Readonly<Record<string, LJPair>>, a: string, b: string): LJPair | undefined {
  return table[`${a}-${b}`] ?? table[`${b}-${a}`];
}

/**
 * A multi-species Lennard-Jones potential: energies, per-atom energies, forces, virial and the analytic
 * block Hessian, computed in WebAssembly from a periodic neighbor list.
 *
 * @example
 * ```ts
 * const pot = kobAndersen("smooth");
 * const { energy, forces } = pot.compute(structure);   // ε, ε/σ
 * const h = pot.hessian(structure);                     // BlockHessian, ε/σ²
 * ```
 */
export class LennardJones implements Potential {
  readonly name: string;
  readonly units: Units;
  readonly cutoff: number;
  readonly hessianRange: number;
  readonly variant: LJVariant;
  /** Species labels in parameter-table order. */
  readonly species: readonly string[];
  /**
   * Kernel parameter table, f64 nt·nt × 8: row a·nt + b = [c12, c6, r_c², r_c, A, B, σ², 0] (layout in
   * assembly/lj.ts), for code that calls `lj_compute` itself (the kept Verlet list of src/md.ts). Do not modify.
   * @internal
   */
  readonly table: Float64Array;
  private readonly pairs: LJPair[];
  private readonly masses?: Readonly<Record<string, number>>;
  private readonly overlap: "warn" | "error" | "ignore";
  private readonly minSeparation: number;
  private readonly onWarning: (message: string) => void;

  constructor(params: LJParameters, options: LJOptions = {}) {
    const variant = options.variant ?? "cut";
    if (!LJ_VARIANTS.includes(variant)) throw new RangeError(`unknown Lennard-Jones variant "${variant}" (use ${LJ_VARIANTS.join(", ")})`);
    this.variant = variant;
    this.name = options.name ?? `lj:${variant}`;
    this.units = params.units ?? "lj";
    if (this.units !== "lj" && this.units !== "metal") throw new RangeError(`units must be "lj" or "metal", got "${String(this.units)}"`);
    const species = [...params.species];
    if (species.length === 0) throw new RangeError("Lennard-Jones parameters list no species");
    if (new Set(species).size !== species.length) throw new RangeError(`Lennard-Jones species listed twice: ${species.join(", ")}`);
    this.species = species;
    const nt = species.length;
    this.table = new Float64Array(nt * nt * STRIDE);
    this.pairs = [];
    let rcMax = 0;
    for (let a = 0; a < nt; a++) {
      for (let b = 0; b < nt; b++) {
        const pair = pairKey(params.pairs, species[a]!, species[b]!);
        const label = `${species[a]}-${species[b]}`;
        if (!pair) throw new RangeError(`Lennard-Jones parameters have no entry for the pair ${label}`);
        const { epsilon, sigma, cutoff } = pair;
        for (const [what, v] of [["epsilon", epsilon], ["sigma", sigma], ["cutoff", cutoff]] as const) {
          if (typeof v !== "number" || !Number.isFinite(v) || (what !== "epsilon" && !(v > 0)) || (what === "epsilon" && v < 0)) {
            throw new RangeError(`Lennard-Jones ${what} of pair ${label} must be a ${what === "epsilon" ? "non-negative" : "positive"} finite number, got ${v}`);
          }
        }
        const s6 = sigma ** 2 * sigma ** 2 * sigma ** 2;
        const c12 = 4 * epsilon * s6 * s6, c6 = 4 * epsilon * s6;
        const ir2 = 1 / (cutoff * cutoff), ir6 = ir2 * ir2 * ir2;
        const phiC = c12 * ir6 * ir6 - c6 * ir6;
        const dphiC = (6 * c6 * ir6 - 12 * c12 * ir6 * ir6) / cutoff;
        const row = (a * nt + b) * STRIDE;
        this.table.set([c12, c6, cutoff * cutoff, cutoff, variant === "cut" ? 0 : phiC, variant === "smooth" ? dphiC : 0, sigma * sigma, 0], row);
        this.pairs.push(pair);
        rcMax = Math.max(rcMax, cutoff);
      }
    }
    this.cutoff = rcMax;
    this.hessianRange = rcMax;
    if (params.masses) {
      for (const s of species) {
        const m = params.masses[s];
        if (typeof m !== "number" || !(m > 0) || !Number.isFinite(m)) throw new RangeError(`Lennard-Jones mass of species ${s} must be positive, got ${m}`);
      }
      this.masses = params.masses;
    }
    this.overlap = options.overlap ?? "warn";
    this.minSeparation = options.minSeparation ?? 0.5;
    this.onWarning = options.onWarning ?? ((m) => console.warn(`glassbox: ${m}`));
  }

  /** Parameters of the pair of species a, b. */
  pair(a: string, b: string): LJPair {
    const ia = this.species.indexOf(a), ib = this.species.indexOf(b);
    if (ia < 0 || ib < 0) throw new GlassboxError(`${this.name}: unknown species ${ia < 0 ? a : b}`);
    return this.pairs[ia * this.species.length + ib]!;
  }

  /** φ_v(r), φ_v'(r), φ''(r) of the pair a, b at distance r (ε, ε/σ, ε/σ²); zero at and beyond r_c. */
  pairFunction(a: string, b: string, r: number): { phi: number; dphi: number; d2phi: number } {
    const { sigma, epsilon, cutoff } = this.pair(a, b);
    if (!(r < cutoff)) return { phi: 0, dphi: 0, d2phi: 0 };
    const lj = (x: number) => {
      const s6 = (sigma / x) ** 6;
      return { e: 4 * epsilon * (s6 * s6 - s6), d: (4 * epsilon * (6 * s6 - 12 * s6 * s6)) / x, dd: (4 * epsilon * (156 * s6 * s6 - 42 * s6)) / (x * x) };
    };
    const f = lj(r), c = lj(cutoff);
    const A = this.variant === "cut" ? 0 : c.e, B = this.variant === "smooth" ? c.d : 0;
    return { phi: f.e - A - B * (r - cutoff), dphi: f.d - B, d2phi: f.dd };
  }

  massesFor(structure: Structure): Float64Array | undefined {
    if (!this.masses) return undefined;
    this.check(structure);
    return Float64Array.from(structure.species, (s) => this.masses![s]!);
  }

  check(structure: Structure): void {
    const known = new Set(this.species);
    for (let i = 0; i < structure.n; i++) {
      const s = structure.species[i]!;
      if (!known.has(s)) {
        throw new GlassboxError(`${this.name} does not know species "${s}" (atom ${i}); it defines ${this.species.join(", ")}`);
      }
    }
  }

  /** Per-atom index into the parameter table. */
  private types(structure: Structure): Int32Array {
    this.check(structure);
    const x = structure.positions;
    for (let k = 0; k < x.length; k++) {
      if (!Number.isFinite(x[k]!)) throw new RangeError(`${this.name}: atom ${Math.floor(k / 3)} has a non-finite coordinate (${x[k]})`);
    }
    for (let k = 0; k < 9; k++) {
      if (!Number.isFinite(structure.cell[k]!)) throw new RangeError(`${this.name}: cell entry ${k} is not finite (${structure.cell[k]})`);
    }
    const index = new Map(this.species.map((s, k) => [s, k]));
    return Int32Array.from(structure.species, (s) => index.get(s)!);
  }

  compute(structure: Structure, options: ComputeOptions = {}): ForceResult {
    const wantForces = options.forces ?? true;
    const types = this.types(structure);
    const n = structure.n;
    const out = scoped((k) => {
      const list = buildNeighborListInWorkspace(k, structure, this.cutoff, true);
      const ptr = this.inputs(structure, types);
      const perAtom = options.perAtom ? allocF64(n) : 0;
      const forces = wantForces ? allocF64(3 * n) : 0;
      const virial = options.virial ? allocF64(6) : 0;
      const diag = allocF64(3);
      const energy = k.lj_compute!(
        n, ptr.positions, ptr.cell, ptr.types, this.species.length, ptr.params,
        list.first, list.j, list.shift, perAtom, forces, virial, diag,
      );
      return {
        energy,
        diag: readF64(diag, 3),
        perAtom: perAtom ? readF64(perAtom, n) : undefined,
        forces: forces ? readF64(forces, 3 * n) : undefined,
        virial: virial ? readF64(virial, 6) : undefined,
      };
    });
    this.checkOverlap(structure, out.diag);
    if (!Number.isFinite(out.energy)) {
      throw new GlassboxError(`${this.name}: energy is not finite (${out.energy}) for a structure of ${n} atoms`);
    }
    if (structure.dimension === 2) {
      if (out.forces) for (let i = 0; i < n; i++) out.forces[3 * i + 2] = 0;
      if (out.virial) { out.virial[2] = 0; out.virial[4] = 0; out.virial[5] = 0; }
    }
    const result: ForceResult = { energy: out.energy };
    if (out.forces) result.forces = out.forces;
    if (out.perAtom) result.energyPerAtom = out.perAtom;
    if (out.virial) result.virial = out.virial;
    return result;
  }

  hessian(structure: Structure): BlockHessian {
    const types = this.types(structure);
    const n = structure.n;
    return assembleBlockHessian(structure, this.hessianRange, 1, (k, list, pattern, blocks) => {
      const ptr = this.inputs(structure, types);
      const missing = k.lj_hessian!(
        n, ptr.positions, ptr.cell, ptr.types, this.species.length, ptr.params,
        list.first, list.j, list.shift, pattern.rowStart, pattern.col, blocks,
      );
      if (missing < 0) {
        throw new GlassboxError(`${this.name}: atom ${-missing - 1} (${structure.species[-missing - 1]}) coincides with a neighbor (r = 0): the Hessian is infinite`);
      }
      if (missing !== 0) throw new Error(`internal: ${missing} Hessian contributions fell outside the block pattern`);
      // Overflow (r → 0 without being 0) gives ±Infinity or NaN in some block, and then in the diagonal block
      // of its row (−Σ of the row): the trace is a cheap, sufficient check.
      const trace = k.hess_trace!(n, pattern.rowStart, pattern.col, blocks);
      if (!Number.isFinite(trace)) throw new GlassboxError(`${this.name}: the Hessian is not finite (trace ${trace}): atoms nearly coincide`);
    });
  }

  /**
   * Σ over ordered pairs i ≠ j (all images) of φ''(r) + (d − 1)φ'(r)/r: equals Tr H exactly (ε/σ²); the
   * pair-sum side of the second-moment sum rule. `dimension` defaults to the structure's.
   */
  pairTrace(structure: Structure, dimension: 2 | 3 = structure.dimension): number {
    const types = this.types(structure);
    return scoped((k) => {
      const list = buildNeighborListInWorkspace(k, structure, this.cutoff, false);
      const ptr = this.inputs(structure, types);
      return k.lj_pair_trace!(structure.n, ptr.positions, ptr.cell, ptr.types, this.species.length, ptr.params, list.first, list.j, list.shift, dimension);
    });
  }

  /** Lays out positions, cell, types and the parameter table in the workspace. */
  private inputs(structure: Structure, types: Int32Array) {
    return { positions: putF64(structure.positions), cell: putF64(structure.cell), types: putI32(types), params: putF64(this.table) };
  }

  private checkOverlap(structure: Structure, diag: Float64Array): void {
    const ratio2 = diag[0]!;
    if (!(ratio2 < Infinity)) return; // no interacting pair
    const i = diag[1]!, j = diag[2]!;
    const si = structure.species[i]!, sj = structure.species[j]!;
    const sigma = this.pair(si, sj).sigma;
    const r = Math.sqrt(ratio2) * sigma;
    const where = `atoms ${i} (${si}) and ${j} (${sj}) are ${r.toPrecision(6)} apart = ${Math.sqrt(ratio2).toPrecision(4)} σ_${si}${sj}`;
    if (ratio2 === 0) throw new GlassboxError(`${this.name}: ${where}: coincident atoms`);
    if (this.overlap === "ignore" || !(ratio2 < this.minSeparation ** 2)) return;
    const message = `${this.name}: ${where}, closer than ${this.minSeparation} σ (overlapping atoms: energies and forces are huge and unphysical)`;
    if (this.overlap === "error") throw new GlassboxError(message);
    this.onWarning(message);
  }
}

/**
 * Parses a Lennard-Jones parameter file. Two formats:
 * - JSON: `{"species": ["A","B"], "pairs": {"A-A": {"epsilon": 1, "sigma": 1, "cutoff": 2.5}, …},
 *   "units": "lj", "masses": {"A": 1, "B": 1}, "variant": "smooth"}` — a pair may give `cutoffSigma`
 *   (r_c in units of its σ) instead of `cutoff`.
 * - Text: one pair per line `a b epsilon sigma cutoff` (absolute r_c), `#` comments; optional lines
 *   `units lj|metal`, `mass a m`, `variant cut|shift|smooth`.
 * @param text File contents. @param source File name for error messages.
 */
export function parseLJParameters(text: string, source = "Lennard-Jones parameter file"): LJParameters & { variant?: LJVariant } {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let raw: any;
    try {
      raw = JSON.parse(trimmed);
    } catch (e) {
      throw new RangeError(`${source}: invalid JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(raw.species) || typeof raw.pairs !== "object" || raw.pairs === null) {
      throw new RangeError(`${source}: expected {"species": [...], "pairs": {"a-b": {...}}}`);
    }
    const pairs: Record<string, LJPair> = {};
    for (const [key, p] of Object.entries<any>(raw.pairs)) {
      if (!/^[^-\s]+-[^-\s]+$/.test(key)) throw new RangeError(`${source}: pair key "${key}" must look like "A-B"`);
      const cutoff = p.cutoff ?? (p.cutoffSigma !== undefined ? p.cutoffSigma * p.sigma : undefined);
      pairs[key] = { epsilon: Number(p.epsilon), sigma: Number(p.sigma), cutoff: Number(cutoff) };
    }
    const out: LJParameters & { variant?: LJVariant } = { species: raw.species.map(String), pairs, units: raw.units ?? "lj" };
    if (raw.masses) out.masses = raw.masses;
    if (raw.variant !== undefined) out.variant = raw.variant;
    return out;
  }
  const pairs: Record<string, LJPair> = {};
  const species: string[] = [];
  const masses: Record<string, number> = {};
  let units: Units = "lj";
  let variant: LJVariant | undefined;
  const add = (s: string) => { if (!species.includes(s)) species.push(s); };
  text.split(/\r?\n/).forEach((line, k) => {
    const f = line.replace(/#.*/, "").trim().split(/\s+/).filter(Boolean);
    if (f.length === 0) return;
    const at = `${source} line ${k + 1}`;
    const num = (x: string) => {
      const v = Number(x);
      if (!Number.isFinite(v)) throw new RangeError(`${at}: "${x}" is not a number`);
      return v;
    };
    if (f[0] === "units" && f.length === 2) {
      if (f[1] !== "lj" && f[1] !== "metal") throw new RangeError(`${at}: units must be lj or metal`);
      units = f[1];
    } else if (f[0] === "variant" && f.length === 2) {
      variant = f[1] as LJVariant;
    } else if (f[0] === "mass" && f.length === 3) {
      masses[f[1]!] = num(f[2]!);
    } else if (f.length === 5) {
      add(f[0]!); add(f[1]!);
      pairs[`${f[0]}-${f[1]}`] = { epsilon: num(f[2]!), sigma: num(f[3]!), cutoff: num(f[4]!) };
    } else {
      throw new RangeError(`${at}: expected "a b epsilon sigma cutoff", "mass a m", "units lj|metal" or "variant v"`);
    }
  });
  const out: LJParameters & { variant?: LJVariant } = { species, pairs, units };
  if (Object.keys(masses).length > 0) out.masses = masses;
  if (variant !== undefined) out.variant = variant;
  return out;
}
