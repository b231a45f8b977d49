/**
 * Molecular dynamics: velocity Verlet (NVE), Langevin dynamics (BAOAB splitting, Leimkuhler & Matthews,
 * Appl. Math. Res. Express 2013, 34) and a Nosé–Hoover thermostat, with temperature schedules (hold,
 * linear cooling at a chosen rate), Maxwell–Boltzmann initial velocities and frozen atoms (partial
 * amorphisation holds part of a crystal fixed while the rest melts).
 *
 * Units follow the potential: "lj" (σ, ε, m, τ = σ√(m/ε), temperatures in ε/k_B) or "metal" (Å, eV,
 * amu, ps, K). In metal units 1 amu·Å²/ps² = 1.0364269e-4 eV (LAMMPS `mvv2e`), k_B = 8.617333262e-5 eV/K.
 * 2D systems (structure.dimension = 2) move in x, y only.
 *
 * The integrator runs in WebAssembly (assembly/md.ts) on positions, velocities and forces that stay in
 * linear memory for the whole run; forces come from the potential every step through a {@link ForceField}.
 * A Verlet neighbor list with a skin is kept between steps and rebuilt only when an atom has moved more
 * than skin/2 (the standard speed-up) for Lennard-Jones and for every potential that offers
 * `openListForces` (Tersoff, EAM); other potentials are called through their `compute`.
 */
import { alloc, allocF64, allocI32, mark, putF64, putI32, readF64, readI32, release, scoped, viewF64, viewI32, withKernels, type Kernels } from "./engine/wasm.js";
import { buildNeighborListInWorkspace, type NeighborListPointers } from "./neighbors.js";
import type { ComputeOptions, ForceResult, ListForces, Potential, Units } from "./potentials/potential.js";
import type { Rng } from "./random.js";
import { GlassboxError, Structure } from "./structure.js";

/** Physical constants of a unit system. */
export interface UnitConstants {
  /** Boltzmann constant (energy per temperature unit): 1 (lj), 8.617333262e-5 eV/K (metal). */
  kB: number;
  /** Energy of one mass·velocity² unit: 1 (lj), 1.0364269e-4 eV per amu·Å²/ps² (metal). */
  mvv2e: number;
}

/** Constants per unit system (LAMMPS "lj" and "metal"). */
export const UNIT_CONSTANTS: Readonly<Record<Units, UnitConstants>> = {
  lj: { kB: 1, mvv2e: 1 },
  metal: { kB: 8.617333262e-5, mvv2e: 1.0364269e-4 },
};

/** Deterministic transcendentals, evaluated in WebAssembly (identical in every engine). */
export const wasmMath = {
  exp: (x: number): number => withKernels((k) => k.md_math!(0, x, 0)),
  log: (x: number): number => withKernels((k) => k.md_math!(1, x, 0)),
  cbrt: (x: number): number => withKernels((k) => k.md_math!(2, x, 0)),
  cos: (x: number): number => withKernels((k) => k.md_math!(3, x, 0)),
  sin: (x: number): number => withKernels((k) => k.md_math!(4, x, 0)),
  pow: (x: number, y: number): number => withKernels((k) => k.md_math!(5, x, y)),
};

// ---------------------------------------------------------------------------------------------------
// Forces
// ---------------------------------------------------------------------------------------------------

/** Forces on positions that live in WebAssembly memory, for the duration of one workspace scope. */
export interface ForceField {
  /** Writes forces f64[3N] (eV/Å or ε/σ) at `forcesPtr` for positions f64[3N] at `positionsPtr`; returns the energy. */
  evaluate(k: Kernels, positionsPtr: number, forcesPtr: number): number;
  /** Number of neighbor-list builds so far (Verlet-list force fields), for diagnostics. */
  readonly builds?: number;
}

/** Makes a {@link ForceField} for a structure inside a workspace scope (it may keep workspace until the scope ends). */
export interface ForceProvider {
  /** Unit system of the forces. */
  readonly units: Units;
  /** Opens the force field. Must be the last allocation of the caller's scope (it may release and rebuild its own workspace). */
  open(k: Kernels, structure: Structure): ForceField;
}

/** Options of {@link forcesFor}. */
export interface ForcesOptions {
  /**
   * Verlet skin (σ or Å) for potentials that support a kept neighbor list (default 0.3 σ, or 1.0 Å in
   * metal units, for Lennard-Jones; the potential's own choice for the others, see `ListForces.skin`).
   */
  skin?: number;
  /** Always go through `potential.compute` (no kept neighbor list); for checks. */
  generic?: boolean;
}

interface LJInternals {
  cutoff: number;
  species: readonly string[];
  table: Float64Array;
}

function ljInternals(potential: Potential): LJInternals | undefined {
  const p = potential as unknown as Partial<LJInternals> & { name?: string };
  if (!(p.table instanceof Float64Array) || !Array.isArray(p.species) || typeof p.cutoff !== "number") return undefined;
  if (p.table.length !== p.species.length * p.species.length * 8) return undefined;
  if (!(potential.hessianRange === potential.cutoff)) return undefined; // pair potential only
  return p as LJInternals;
}

/**
 * Forces of a potential for MD and relaxation: a kept Verlet neighbor list feeding the potential's kernel
 * directly for {@link LennardJones} potentials and for potentials with `openListForces` (Tersoff, EAM),
 * `potential.compute` otherwise. Forces equal those of `compute` up to summation order (last bits).
 */
export function forcesFor(potential: Potential, options: ForcesOptions = {}): ForceProvider {
  const lj = options.generic ? undefined : ljInternals(potential);
  const listed = !options.generic && !lj && typeof potential.openListForces === "function";
  const skin = options.skin ?? (potential.units === "metal" ? 1.0 : 0.3);
  if (!(skin > 0) || !Number.isFinite(skin)) throw new RangeError(`md: skin must be positive, got ${skin}`);
  if (lj) {
    return { units: potential.units, open: (k, s) => new VerletLJ(k, potential, lj, s, skin) };
  }
  if (listed) {
    return { units: potential.units, open: (k, s) => new VerletList(k, potential, s, options.skin) };
  }
  return { units: potential.units, open: (_k, s) => new GenericForces(potential, s) };
}

/** Calls `potential.compute` on a copy of the structure with the current positions. */
class GenericForces implements ForceField {
  private readonly work: Structure;
  constructor(private readonly potential: Potential, structure: Structure) {
    potential.check(structure);
    this.work = structure.clone();
  }
  evaluate(_k: Kernels, x: number, f: number): number {
    const n = this.work.n;
    this.work.positions.set(viewF64(x, 3 * n));
    const r = this.potential.compute(this.work, { forces: true });
    viewF64(f, 3 * n).set(r.forces!);
    return r.energy;
  }
}

/** Lennard-Jones forces from a neighbor list of radius r_c + skin, rebuilt when an atom moved > skin/2. */
class VerletLJ implements ForceField {
  builds = 0;
  private readonly work: Structure;
  private readonly n: number;
  private readonly nt: number;
  private readonly cell: number;
  private readonly types: number;
  private readonly params: number;
  private readonly diag: number;
  private readonly xref: number;
  private readonly listMark: number;
  private list: NeighborListPointers | null = null;
  private readonly half2: number;

  constructor(k: Kernels, private readonly potential: Potential, private readonly lj: LJInternals, structure: Structure, private readonly skin: number) {
    potential.check(structure);
    this.work = structure.clone();
    this.n = structure.n;
    this.nt = lj.species.length;
    const index = new Map(lj.species.map((s, t) => [s, t]));
    this.types = putI32(Int32Array.from(structure.species, (s) => index.get(s)!));
    this.params = putF64(lj.table);
    this.cell = putF64(structure.cell);
    this.diag = allocF64(3);
    this.xref = allocF64(3 * this.n);
    this.half2 = (skin / 2) * (skin / 2);
    this.listMark = mark();
    void k;
  }

  private rebuild(k: Kernels, x: number): void {
    release(this.listMark);
    const n = this.n;
    this.work.positions.set(viewF64(x, 3 * n));
    this.list = buildNeighborListInWorkspace(k, this.work, this.lj.cutoff + this.skin, true);
    viewF64(this.xref, 3 * n).set(viewF64(x, 3 * n));
    this.builds++;
  }

  evaluate(k: Kernels, x: number, f: number): number {
    const n = this.n;
    if (this.list === null || k.md_maxDisp2!(n, x, this.xref) > this.half2) this.rebuild(k, x);
    const list = this.list!;
    viewF64(f, 3 * n).fill(0);
    const e = k.lj_compute!(n, x, this.cell, this.types, this.nt, this.params, list.first, list.j, list.shift, 0, f, 0, this.diag);
    if (!Number.isFinite(e) || viewF64(this.diag, 1)[0] === 0) {
      // let the potential raise its own, precise error (coincident atoms, overflow)
      this.work.positions.set(viewF64(x, 3 * n));
      this.potential.compute(this.work, { forces: false });
      throw new GlassboxError(`md: ${this.potential.name} energy became ${e} (atoms overlapping: time step too large or temperature too high?)`);
    }
    return e;
  }
}

/**
 * Forces of a potential with `openListForces` (Tersoff, EAM) from a neighbor list of radius r_c + skin kept
 * in WebAssembly memory, rebuilt when an atom moved > skin/2; compacted to the entries inside their cutoff
 * before every call when the potential asks for it.
 */
class VerletList implements ForceField {
  builds = 0;
  private readonly work: Structure;
  private readonly n: number;
  private readonly forces: ListForces;
  private readonly cell: number;
  private readonly diag: number;
  private readonly xref: number;
  private readonly listMark: number;
  private list: { first: number; j: number; shift: number; first2: number; j2: number; shift2: number; scratch: number } | null = null;
  private readonly half2: number;
  private readonly skin: number;

  constructor(k: Kernels, private readonly potential: Potential, structure: Structure, skin: number | undefined) {
    potential.check(structure);
    this.work = structure.clone();
    this.n = structure.n;
    this.forces = potential.openListForces!(k, structure);
    this.skin = skin ?? this.forces.skin;
    this.cell = putF64(structure.cell);
    this.diag = allocF64(2);
    this.xref = allocF64(3 * this.n);
    this.half2 = (this.skin / 2) * (this.skin / 2);
    this.listMark = mark();
  }

  private rebuild(k: Kernels, x: number): void {
    release(this.listMark);
    const n = this.n;
    this.work.positions.set(viewF64(x, 3 * n));
    const p = buildNeighborListInWorkspace(k, this.work, this.forces.cutoff + this.skin, this.forces.half);
    viewF64(this.xref, 3 * n).set(viewF64(x, 3 * n));
    const first = viewI32(p.first, n + 1);
    let maxRow = 0;
    for (let i = 0; i < n; i++) maxRow = Math.max(maxRow, first[i + 1]! - first[i]!);
    const room = Math.max(p.count, 1);
    const compact = this.forces.compact !== null;
    this.list = {
      first: p.first, j: p.j, shift: p.shift,
      first2: compact ? allocI32(n + 1) : 0, j2: compact ? allocI32(room) : 0, shift2: compact ? allocI32(3 * room) : 0,
      scratch: alloc(this.forces.scratchBytes(p.count, maxRow)),
    };
    this.builds++;
  }

  evaluate(k: Kernels, x: number, f: number): number {
    const n = this.n;
    if (this.list === null || k.md_maxDisp2!(n, x, this.xref) > this.half2) this.rebuild(k, x);
    const l = this.list!;
    const c = this.forces.compact;
    let e: number;
    if (c) {
      k.nl_filter!(n, x, this.cell, c.types, c.nt, c.cut2, l.first, l.j, l.shift, l.first2, l.j2, l.shift2, this.diag);
      e = this.forces.evaluate(k, x, f, l.first2, l.j2, l.shift2, l.scratch, this.diag);
    } else {
      e = this.forces.evaluate(k, x, f, l.first, l.j, l.shift, l.scratch, this.diag);
    }
    if (!Number.isFinite(e)) {
      throw new GlassboxError(`md: ${this.potential.name} energy became ${e} (atoms overlapping: time step too large or temperature too high?)`);
    }
    return e;
  }
}

/**
 * A Lennard-Jones potential whose `compute` keeps its neighbor list (radius r_c + skin) between calls and
 * rebuilds it only when an atom has moved more than skin/2 since the last build, or the cell, species or
 * atom count changed. Energies and forces are those of the wrapped potential (same kernel); per-atom
 * energies, virials and Hessians are delegated to it. For code that calls `compute` thousands of times on
 * slightly moved positions ({@link relax} itself now evaluates through {@link forcesFor}, which also keeps
 * lists for Tersoff and EAM). Other potentials are returned unchanged.
 *
 * @param potential The potential (σ/ε or Å/eV).
 * @param skin Extra list radius (σ or Å), default 0.3 σ (lj) or 1 Å (metal).
 */
export function withKeptNeighborList(potential: Potential, skin?: number): Potential {
  const lj = ljInternals(potential);
  if (!lj) return potential;
  const s = skin ?? (potential.units === "metal" ? 1.0 : 0.3);
  if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`withKeptNeighborList: skin must be positive, got ${s}`);
  return new KeptListLJ(potential, lj, s);
}

interface KeptList {
  n: number;
  cell: Float64Array;
  pbc: string;
  species: string[];
  types: Int32Array;
  ref: Float64Array;
  first: Int32Array;
  j: Int32Array;
  shift: Int32Array;
}

class KeptListLJ implements Potential {
  readonly name: string;
  readonly units: Units;
  readonly cutoff: number;
  readonly hessianRange: number;
  /** Neighbor-list builds so far. */
  builds = 0;
  private cache: KeptList | null = null;

  constructor(private readonly inner: Potential, private readonly lj: LJInternals, private readonly skin: number) {
    this.name = inner.name;
    this.units = inner.units;
    this.cutoff = inner.cutoff;
    this.hessianRange = inner.hessianRange;
  }

  massesFor(structure: Structure): Float64Array | undefined {
    return this.inner.massesFor?.(structure);
  }

  check(structure: Structure): void {
    this.inner.check(structure);
  }

  hessian(structure: Structure) {
    return this.inner.hessian(structure);
  }

  private valid(structure: Structure): boolean {
    const c = this.cache;
    if (!c || c.n !== structure.n || c.pbc !== structure.pbc.join()) return false;
    for (let k = 0; k < 9; k++) if (c.cell[k] !== structure.cell[k]) return false;
    if (c.species !== structure.species) {
      for (let i = 0; i < c.n; i++) if (c.species[i] !== structure.species[i]) return false;
    }
    const x = structure.positions, r = c.ref;
    const lim = (this.skin / 2) * (this.skin / 2);
    for (let i = 0; i < 3 * c.n; i += 3) {
      const dx = x[i]! - r[i]!, dy = x[i + 1]! - r[i + 1]!, dz = x[i + 2]! - r[i + 2]!;
      if (dx * dx + dy * dy + dz * dz > lim) return false;
    }
    return true;
  }

  compute(structure: Structure, options: ComputeOptions = {}): ForceResult {
    if (options.perAtom || options.virial) return this.inner.compute(structure, options);
    const n = structure.n;
    if (!this.valid(structure)) {
      this.inner.check(structure);
      const index = new Map(this.lj.species.map((s, t) => [s, t]));
      const list = scoped((k) => {
        const p = buildNeighborListInWorkspace(k, structure, this.lj.cutoff + this.skin, true);
        return { first: readI32(p.first, n + 1), j: readI32(p.j, p.count), shift: readI32(p.shift, 3 * p.count) };
      });
      this.cache = {
        n, cell: Float64Array.from(structure.cell), pbc: structure.pbc.join(), species: structure.species,
        types: Int32Array.from(structure.species, (s) => index.get(s)!), ref: Float64Array.from(structure.positions), ...list,
      };
      this.builds++;
    }
    const c = this.cache!;
    const wantF = options.forces ?? true;
    const out = scoped((k) => {
      const f = wantF ? allocF64(3 * n) : 0;
      const diag = allocF64(3);
      const e = k.lj_compute!(
        n, putF64(structure.positions), putF64(c.cell), putI32(c.types), this.lj.species.length, putF64(this.lj.table),
        putI32(c.first), putI32(c.j), putI32(c.shift), 0, f, 0, diag,
      );
      return { e, forces: wantF ? readF64(f, 3 * n) : undefined, minRatio: viewF64(diag, 1)[0]! };
    });
    if (!Number.isFinite(out.e) || out.minRatio === 0) {
      // let the wrapped potential raise its own, precise error (coincident atoms, overflow)
      const r = this.inner.compute(structure, options);
      if (!Number.isFinite(r.energy)) throw new GlassboxError(`${this.name}: energy is not finite (${r.energy})`);
      return r;
    }
    const result: ForceResult = { energy: out.e };
    if (out.forces) {
      if (structure.dimension === 2) for (let i = 0; i < n; i++) out.forces[3 * i + 2] = 0;
      result.forces = out.forces;
    }
    return result;
  }
}

// ---------------------------------------------------------------------------------------------------
// Temperature schedules and velocities
// ---------------------------------------------------------------------------------------------------

/** One piece of a temperature schedule: T goes linearly from `from` to `to` over `duration` (τ or ps). */
export interface TemperatureSegment {
  /** Duration (τ or ps), ≥ 0. */
  duration: number;
  /** Temperature at the start (ε/k_B or K). */
  from: number;
  /** Temperature at the end (default `from`: a hold). */
  to?: number;
}

/** Hold at temperature T (ε/k_B or K) for `duration` (τ or ps). */
export function hold(T: number, duration: number): TemperatureSegment {
  return { duration, from: T, to: T };
}

/**
 * Linear cooling from T0 to T1 at `rate` (temperature per time: ε/k_B per τ, or K/ps). Duration
 * (T0 − T1)/rate.
 */
export function cool(T0: number, T1: number, rate: number): TemperatureSegment {
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`md: cooling rate must be positive and finite, got ${rate}`);
  return { duration: Math.abs(T0 - T1) / rate, from: T0, to: T1 };
}

/** Temperature of a schedule at time t (τ or ps); the last temperature after the end. */
export function scheduleTemperature(schedule: readonly TemperatureSegment[], t: number): number {
  let start = 0;
  for (const seg of schedule) {
    const to = seg.to ?? seg.from;
    if (t < start + seg.duration) return seg.from + ((to - seg.from) * (t - start)) / seg.duration;
    start += seg.duration;
  }
  const last = schedule[schedule.length - 1];
  return last ? (last.to ?? last.from) : 0;
}

function movingMask(n: number, frozen?: ArrayLike<boolean | number>): Uint8Array {
  const m = new Uint8Array(n).fill(1);
  if (frozen) {
    if (frozen.length !== n) throw new RangeError(`md: frozen has length ${frozen.length}, expected ${n}`);
    for (let i = 0; i < n; i++) if (frozen[i]) m[i] = 0;
  }
  return m;
}

/** Kinetic degrees of freedom: d per moving atom, minus d when total momentum is conserved/removed. */
export function degreesOfFreedom(moving: number, dimension: 2 | 3, momentumRemoved: boolean): number {
  return Math.max(1, dimension * moving - (momentumRemoved ? dimension : 0));
}

/**
 * Kinetic temperature T = Σ m v² · mvv2e / (dof · k_B) (ε/k_B or K). `dof` defaults to d·N − d (total
 * momentum removed, as LAMMPS).
 */
export function kineticTemperature(velocities: ArrayLike<number>, masses: ArrayLike<number>, units: Units, dimension: 2 | 3 = 3, dof?: number): number {
  const n = masses.length;
  let mv2 = 0;
  for (let i = 0; i < n; i++) {
    const vx = velocities[3 * i]!, vy = velocities[3 * i + 1]!, vz = dimension === 3 ? velocities[3 * i + 2]! : 0;
    mv2 += masses[i]! * (vx * vx + vy * vy + vz * vz);
  }
  const c = UNIT_CONSTANTS[units];
  return (mv2 * c.mvv2e) / ((dof ?? degreesOfFreedom(n, dimension, true)) * c.kB);
}

/** Options of {@link maxwellBoltzmann}. */
export interface VelocityOptions {
  /** Atoms that stay at rest (partial amorphisation), length N. */
  frozen?: ArrayLike<boolean | number>;
  /** Rescale so the kinetic temperature (dof = d·N_moving − d) is exactly T (default true). */
  exact?: boolean;
}

/**
 * Maxwell–Boltzmann velocities at temperature T (ε/k_B or K): v = √(k_B T/(m·mvv2e))·ξ per moving
 * component (σ/τ or Å/ps), then the centre-of-mass velocity of the moving atoms removed (zero total
 * momentum), then (default) rescaled to exactly T. z components are zero in 2D. Length 3N.
 */
export function maxwellBoltzmann(structure: Structure, T: number, units: Units, rng: Rng, options: VelocityOptions = {}): Float64Array {
  if (!(T >= 0) || !Number.isFinite(T)) throw new RangeError(`md: temperature must be ≥ 0 and finite, got ${T}`);
  const n = structure.n, d = structure.dimension;
  const moving = movingMask(n, options.frozen);
  const c = UNIT_CONSTANTS[units];
  const z = rng.normal(3 * n);
  const v = new Float64Array(3 * n);
  const m = structure.masses;
  const p = [0, 0, 0];
  let mt = 0, count = 0;
  for (let i = 0; i < n; i++) {
    if (!moving[i]) continue;
    count++;
    const s = Math.sqrt((c.kB * T) / (m[i]! * c.mvv2e));
    for (let a = 0; a < d; a++) {
      v[3 * i + a] = s * z[3 * i + a]!;
      p[a]! += m[i]! * v[3 * i + a]!;
    }
    mt += m[i]!;
  }
  if (count === 0) return v;
  for (let i = 0; i < n; i++) {
    if (!moving[i]) continue;
    for (let a = 0; a < d; a++) v[3 * i + a]! -= p[a]! / mt;
  }
  if (options.exact ?? true) {
    const dof = degreesOfFreedom(count, d, true);
    const Tnow = kineticTemperature(v, m, units, d, dof);
    if (Tnow > 0) {
      const s = Math.sqrt(T / Tnow);
      for (let k = 0; k < 3 * n; k++) v[k]! *= s;
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------------
// The integrator
// ---------------------------------------------------------------------------------------------------

/** Thermostat choice. */
export type Thermostat =
  | { kind: "none" }
  /** Langevin (BAOAB): friction γ = 1/damping, damping in τ or ps. */
  | { kind: "langevin"; damping: number }
  /** Nosé–Hoover: thermostat mass Q = dof·k_B·T·τ², relaxation time τ (τ or ps). */
  | { kind: "nose-hoover"; tau: number };

/** One sample of an MD run. */
export interface MDSample {
  /** Step number. */
  step: number;
  /** Time (τ or ps). */
  time: number;
  /** Target temperature of the schedule (ε/k_B or K). */
  target: number;
  /** Kinetic temperature (dof as {@link MDResult.dof}). */
  temperature: number;
  /** Kinetic energy (ε or eV). */
  kinetic: number;
  /** Potential energy (ε or eV). */
  potential: number;
  /** Conserved quantity: E_kin + E_pot (NVE), plus the Nosé–Hoover reservoir terms, or minus the heat the Langevin thermostat added. */
  conserved: number;
}

/** Options of {@link runMD}. */
export interface MDOptions {
  /** Forces: a potential (a kept neighbor list is used for Lennard-Jones), or a provider from {@link forcesFor}. */
  forces: Potential | ForceProvider;
  /** Time step (τ or ps). */
  dt: number;
  /**
   * Temperature schedule; total time = Σ durations. With thermostat "none" the schedule only sets the run
   * length (and the initial temperature when velocities are drawn).
   */
  schedule?: readonly TemperatureSegment[];
  /** Number of steps (alternative to a schedule; NVE or constant `temperature`). */
  steps?: number;
  /** Constant target temperature when `steps` is given (ε/k_B or K). */
  temperature?: number;
  /** Thermostat (default Langevin with damping 100·dt). */
  thermostat?: Thermostat;
  /** Random numbers for the Langevin noise and initial velocities. Required for Langevin or drawn velocities. */
  rng?: Rng;
  /** Initial velocities, length 3N (σ/τ or Å/ps); default Maxwell–Boltzmann at the initial temperature. */
  velocities?: ArrayLike<number>;
  /** Atoms held fixed (zero velocity, positions unchanged), length N. */
  frozen?: ArrayLike<boolean | number>;
  /** Masses per atom (default the potential's masses for its species, else the structure's). */
  masses?: ArrayLike<number>;
  /** Record a sample every this many steps (default 0: none; the final state is always reported). */
  sampleEvery?: number;
  /** Called with each sample. */
  onSample?: (sample: MDSample) => void;
}

/** Result of {@link runMD}. */
export interface MDResult {
  /** Final structure (positions not wrapped). */
  structure: Structure;
  /** Final velocities, length 3N. */
  velocities: Float64Array;
  /** Steps taken. */
  steps: number;
  /** Final potential energy (ε or eV). */
  potential: number;
  /** Final kinetic energy (ε or eV). */
  kinetic: number;
  /** Final kinetic temperature. */
  temperature: number;
  /** Kinetic degrees of freedom used for temperatures. */
  dof: number;
  /** Final conserved quantity (see {@link MDSample.conserved}). */
  conserved: number;
  /** Neighbor-list builds (kept-list force fields), else undefined. */
  neighborBuilds?: number;
  /** Samples recorded (when sampleEvery > 0). */
  samples: MDSample[];
}

function isProvider(x: Potential | ForceProvider): x is ForceProvider {
  return typeof (x as ForceProvider).open === "function" && typeof (x as Potential).compute !== "function";
}

/**
 * Runs molecular dynamics from `structure`. Deterministic: the same inputs (and Rng state) give
 * byte-identical trajectories in every engine.
 *
 * @example
 * ```ts
 * const rng = Rng.seeded(1);
 * const r = runMD(liquid, { forces: kobAndersen(), dt: 0.005, rng,
 *   schedule: [hold(2.0, 10), cool(2.0, 0.3, 0.1)], thermostat: { kind: "langevin", damping: 1 } });
 * r.structure; // quenched configuration (τ = 27 of MD)
 * ```
 */
export function runMD(structure: Structure, options: MDOptions): MDResult {
  if (!(structure instanceof Structure)) throw new TypeError("runMD: expected a Structure");
  const provider = isProvider(options.forces) ? options.forces : forcesFor(options.forces);
  const potential = isProvider(options.forces) ? undefined : options.forces;
  const units = provider.units;
  const c = UNIT_CONSTANTS[units];
  const n = structure.n, d = structure.dimension;
  const dt = options.dt;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`runMD: dt must be positive and finite, got ${dt}`);
  let schedule: readonly TemperatureSegment[];
  if (options.schedule) {
    schedule = options.schedule;
    for (const s of schedule) {
      if (!(s.duration >= 0) || !Number.isFinite(s.duration)) throw new RangeError(`runMD: segment duration must be ≥ 0, got ${s.duration}`);
      for (const T of [s.from, s.to ?? s.from]) if (!(T >= 0) || !Number.isFinite(T)) throw new RangeError(`runMD: temperature must be ≥ 0, got ${T}`);
    }
  } else if (options.steps !== undefined) {
    if (!Number.isInteger(options.steps) || options.steps < 0) throw new RangeError(`runMD: steps must be a non-negative integer, got ${options.steps}`);
    schedule = [hold(options.temperature ?? 0, options.steps * dt)];
  } else {
    throw new RangeError("runMD: give a schedule or a number of steps");
  }
  const total = schedule.reduce((s, seg) => s + seg.duration, 0);
  const steps = options.steps ?? Math.floor(total / dt + 0.5);
  const thermostat: Thermostat = options.thermostat ?? { kind: "langevin", damping: 100 * dt };
  if (thermostat.kind === "langevin" && !(thermostat.damping > 0)) throw new RangeError(`runMD: Langevin damping must be positive, got ${thermostat.damping}`);
  if (thermostat.kind === "nose-hoover" && !(thermostat.tau > 0)) throw new RangeError(`runMD: Nosé–Hoover tau must be positive, got ${thermostat.tau}`);
  const rng = options.rng;
  if (thermostat.kind === "langevin" && !rng) throw new RangeError("runMD: Langevin dynamics needs an rng");

  const moving = movingMask(n, options.frozen);
  const nMoving = moving.reduce((s, x) => s + x, 0);
  const masses = options.masses ? Float64Array.from(options.masses) : (potential?.massesFor?.(structure) ?? structure.masses);
  if (masses.length !== n) throw new RangeError(`runMD: masses has length ${masses.length}, expected ${n}`);

  let v0: Float64Array;
  if (options.velocities) {
    if (options.velocities.length !== 3 * n) throw new RangeError(`runMD: velocities has length ${options.velocities.length}, expected ${3 * n}`);
    v0 = Float64Array.from(options.velocities);
    for (let i = 0; i < n; i++) {
      if (!moving[i]) v0[3 * i] = v0[3 * i + 1] = v0[3 * i + 2] = 0;
      else if (d === 2) v0[3 * i + 2] = 0;
    }
  } else {
    if (!rng) throw new RangeError("runMD: drawing initial velocities needs an rng (or pass velocities)");
    const s2 = new Structure({ positions: structure.positions, species: structure.species, cell: structure.cell, pbc: structure.pbc, dimension: d, masses });
    v0 = maxwellBoltzmann(s2, scheduleTemperature(schedule, 0), units, rng, { frozen: moving.map((x) => 1 - x) });
  }

  // Thermostat bookkeeping: Langevin does not conserve momentum (dof = d·N_moving); NVE and Nosé–Hoover do.
  const momentumKept = thermostat.kind !== "langevin" && nMoving === n;
  const dof = degreesOfFreedom(nMoving, d, momentumKept);
  const w = new Float64Array(n); // force → acceleration
  const u = new Float64Array(n); // kinetic factor 1/(m·mvv2e) for the Langevin noise
  for (let i = 0; i < n; i++) {
    if (!moving[i]) continue;
    w[i] = 1 / (masses[i]! * c.mvv2e);
    u[i] = w[i]!;
  }
  const sampleEvery = options.sampleEvery ?? 0;
  const samples: MDSample[] = [];

  return scoped((k) => {
    const x = putF64(structure.positions);
    const v = putF64(v0);
    const f = allocF64(3 * n);
    const wp = putF64(w);
    const up = putF64(u);
    const mp = putF64(masses);
    const noise = thermostat.kind === "langevin" ? allocF64(3 * n) : 0;
    const state = rng ? alloc(32) : 0;
    if (rng) rng.storeTo(state);
    const field = provider.open(k, structure); // last allocation: it may release and rebuild its own workspace

    let pe = field.evaluate(k, x, f);
    let heat = 0; // energy added by the Langevin thermostat (ε or eV)
    let xi = 0, eta = 0; // Nosé–Hoover friction (1/time) and its integral
    const kinetic = () => 0.5 * c.mvv2e * k.md_mv2!(n, d, v, mp);
    const sample = (step: number): MDSample => {
      const ke = kinetic();
      const T = scheduleTemperature(schedule, step * dt);
      let conserved = ke + pe;
      if (thermostat.kind === "langevin") conserved -= heat;
      if (thermostat.kind === "nose-hoover") {
        const Q = dof * c.kB * Math.max(T, 1e-300) * thermostat.tau * thermostat.tau;
        conserved += 0.5 * Q * xi * xi + dof * c.kB * T * eta;
      }
      return { step, time: step * dt, target: T, temperature: (2 * ke) / (dof * c.kB), kinetic: ke, potential: pe, conserved };
    };
    const record = (step: number) => {
      const s = sample(step);
      samples.push(s);
      options.onSample?.(s);
    };
    if (sampleEvery > 0) record(0);

    for (let step = 0; step < steps; step++) {
      const Tmid = scheduleTemperature(schedule, (step + 0.5) * dt);
      if (thermostat.kind === "langevin") {
        k.rng_normal!(state, noise, 3 * n);
        // heat = ΔKE of the O step: measure KE around it only when samples need the conserved quantity
        if (sampleEvery > 0) {
          k.md_kick!(n, d, v, f, wp, 0.5 * dt);
          k.md_drift!(n, d, x, v, 0.5 * dt);
          const before = kinetic();
          k.md_baoa!(n, d, x, v, f, wp, up, noise, 0, dt / thermostat.damping, c.kB * Tmid);
          // md_baoa with dt = 0 is the O step alone (kicks and drifts of zero length)
          heat += kinetic() - before;
          k.md_drift!(n, d, x, v, 0.5 * dt);
        } else {
          k.md_baoa!(n, d, x, v, f, wp, up, noise, dt, dt / thermostat.damping, c.kB * Tmid);
        }
        pe = field.evaluate(k, x, f);
        k.md_kick!(n, d, v, f, wp, 0.5 * dt);
      } else if (thermostat.kind === "nose-hoover") {
        const T = Tmid;
        const Q = dof * c.kB * Math.max(T, 1e-300) * thermostat.tau * thermostat.tau;
        xi += (0.5 * dt * (2 * kinetic() - dof * c.kB * T)) / Q;
        k.md_scaleExp!(n, d, v, -0.5 * dt * xi);
        eta += 0.5 * dt * xi;
        k.md_verlet1!(n, d, x, v, f, wp, dt);
        pe = field.evaluate(k, x, f);
        k.md_kick!(n, d, v, f, wp, 0.5 * dt);
        k.md_scaleExp!(n, d, v, -0.5 * dt * xi);
        eta += 0.5 * dt * xi;
        xi += (0.5 * dt * (2 * kinetic() - dof * c.kB * T)) / Q;
      } else {
        k.md_verlet1!(n, d, x, v, f, wp, dt);
        pe = field.evaluate(k, x, f);
        k.md_kick!(n, d, v, f, wp, 0.5 * dt);
      }
      if (sampleEvery > 0 && (step + 1) % sampleEvery === 0) record(step + 1);
    }
    const last = sample(steps);
    if (rng) rng.loadFrom(state);
    const positions = readF64(x, 3 * n);
    const velocities = readF64(v, 3 * n);
    for (let i = 0; i < 3 * n; i++) {
      if (!Number.isFinite(positions[i]!)) throw new GlassboxError(`runMD: positions became non-finite (atom ${Math.floor(i / 3)}): time step too large?`);
    }
    const result: MDResult = {
      structure: structure.withPositions(positions),
      velocities,
      steps,
      potential: pe,
      kinetic: last.kinetic,
      temperature: last.temperature,
      dof,
      conserved: last.conserved,
      samples,
    };
    if (field.builds !== undefined) result.neighborBuilds = field.builds;
    return result;
  });
}
