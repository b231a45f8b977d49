/**
 * Radial distribution functions g(r): total and partial, 3D and 2D, averaged over frames, and batch
 * featurisation (many structures → one feature matrix of binned partial g(r)).
 *
 * Pair counting runs in WebAssembly straight from a cell list (no neighbor list is stored), over every
 * periodic image within rMax. Conventions are LAMMPS `compute rdf`'s (see SCIENCE.md):
 * - bins [r_k, r_{k+1}) with r_k = rMin + k·Δr, Δr = (rMax − rMin)/bins, k = ⌊(d − rMin)/Δr⌋, d ≥ rMax dropped;
 * - g_ab(r_k) = V · n_ab,k / (N_a (N_b − δ_ab) ΔV_k), n_ab,k ordered pairs (i of type a, j of type b);
 *   total g uses N(N − 1); ΔV_k = (4π/3)(r_{k+1}³ − r_k³) in 3D, π(r_{k+1}² − r_k²) in 2D with V the area;
 * - several frames: counts are summed and divided by Σ_frames N_a(N_b − δ_ab)/V_f · ΔV_k (the frame
 *   average of g when N and V are fixed, and the pair-weighted average when V varies).
 */
import { alloc, allocF64, putF64, readF64, scoped } from "./engine/wasm.js";
import { cellListInWorkspace } from "./neighbors.js";
import { GlassboxError, Structure, compareLabels, det3 } from "./structure.js";

/** Options for {@link rdf}. */
export interface RdfOptions {
  /** Largest distance (Å or σ); pairs with d ≥ rMax are dropped. */
  rMax: number;
  /** Number of bins (positive integer). */
  bins: number;
  /** Smallest distance (Å or σ), default 0. */
  rMin?: number;
  /** Also report every partial g_ab (default false: total only). */
  partial?: boolean;
  /**
   * 2 for areal density and ring areas π(r_{k+1}² − r_k²) (A = area of the two periodic lattice vectors,
   * or |a × b|), 3 for volume and shells. Default: 2 when the structure is periodic along exactly two
   * axes (a monolayer with vacuum), else 3.
   */
  dim?: 2 | 3;
  /** Gaussian smoothing width σ_r (Å or σ) applied to g (not to counts or coordination); default none. */
  smoothing?: number;
}

/** The result of {@link rdf}. All arrays are per bin (length `bins`) unless said otherwise. */
export interface Rdf {
  /** Bin edges r_k = rMin + k·Δr, length bins + 1 (Å or σ). */
  readonly edges: Float64Array;
  /** Bin centers (r_k + r_{k+1})/2 (Å or σ). */
  readonly centers: Float64Array;
  /** Total g(r) (dimensionless; smoothed if asked). */
  readonly total: Float64Array;
  /**
   * Partial g_ab(r), keyed "a-b" with the labels sorted by {@link compareLabels} (g_ab = g_ba). Empty
   * unless `partial` was set.
   */
  readonly partials: Map<string, Float64Array>;
  /**
   * Ordered pair counts summed over frames: "total" counts every unordered pair twice, "a-a" likewise,
   * "a-b" (a ≠ b) counts each a–b pair once with the a atom as centre (images counted separately).
   */
  readonly counts: Map<string, Float64Array>;
  /**
   * Running coordination number n(r_{k+1}) = ρ ∫₀^{r_{k+1}} g S_d dr: mean number of neighbors (of type b,
   * around an atom of type a for key "a-b"; of any type for "total") closer than the upper edge of bin k.
   * From the unsmoothed counts: n = Σ_{k' ≤ k} n_ab,k' / Σ_frames N_a (LAMMPS' `coord` column).
   */
  readonly coordination: Map<string, Float64Array>;
  /** Number of frames averaged. */
  readonly frames: number;
  /** Species labels present, sorted. */
  readonly species: string[];
  /** Dimensionality used for the normalisation. */
  readonly dim: 2 | 3;
  /** The CLI's JSON shape: {"edges":[…],"centers":[…],"g":{"total":[…],"A-A":[…],…}}. */
  toJSON(): { edges: number[]; centers: number[]; g: Record<string, number[]> };
}

/** Options for {@link rdfFeatures}. */
export interface RdfFeatureOptions extends Omit<RdfOptions, "partial"> {
  /**
   * Which series to concatenate, in order: partial keys ("A-A", "A-B", …) and/or "total". Default: every
   * partial key in sorted order.
   */
  pairs?: string[];
  /**
   * Use pair densities ρ_ab·g_ab instead of g: for key a-b, (ordered pairs of types a, b counted in both
   * orders) / (N · ΔV_k) = m·N_a(N_b − δ_ab)/(N·V) · g_ab (m = 2 for a ≠ b, 1 for a = b); for "total",
   * (N − 1)/V · g. Units σ⁻³ (Å⁻³; areal in 2D). Σ over the partial keys gives the total's; features that
   * stay linear in the pair counts when density varies across a data set (SCIENCE.md).
   */
  density?: boolean;
}

/** A feature matrix from {@link rdfFeatures}. */
export interface RdfFeatures {
  /** Row-major rows × columns, Float64Array. */
  matrix: Float64Array;
  /** Number of structures. */
  rows: number;
  /** keys.length × bins. */
  columns: number;
  /** "key:center" per column, e.g. "A-B:1.2375". */
  columnLabels: string[];
  /** The series in column order. */
  keys: string[];
  /** Bin centers (Å or σ). */
  centers: Float64Array;
}

/** Column bins per rMax along a and b for the pair-counting kernel (measured fastest; see scripts/bench-rdf.mjs). */
const COLUMNS = 1;

interface Validated {
  rMin: number;
  rMax: number;
  bins: number;
  partial: boolean;
  dim?: 2 | 3;
  smoothing?: number;
}

function validate(options: RdfOptions, where: string): Validated {
  if (typeof options !== "object" || options === null) throw new TypeError(`${where}: options { rMax, bins } required`);
  const { rMax, bins } = options;
  const rMin = options.rMin ?? 0;
  for (const [name, v] of [["rMax", rMax], ["rMin", rMin], ["bins", bins]] as const) {
    if (typeof v !== "number") throw new TypeError(`${where}: ${name} must be a number, got ${typeof v}`);
  }
  if (!(rMin >= 0) || !Number.isFinite(rMin)) throw new RangeError(`${where}: rMin must be finite and ≥ 0, got ${rMin}`);
  if (!(rMax > rMin) || !Number.isFinite(rMax)) throw new RangeError(`${where}: rMax must be finite and > rMin (${rMin}), got ${rMax}`);
  if (!Number.isInteger(bins) || bins < 1 || bins > 1e7) throw new RangeError(`${where}: bins must be an integer from 1 to 10⁷, got ${bins}`);
  if (options.dim !== undefined && options.dim !== 2 && options.dim !== 3) throw new RangeError(`${where}: dim must be 2 or 3, got ${options.dim}`);
  if (options.smoothing !== undefined && (!(options.smoothing > 0) || !Number.isFinite(options.smoothing))) {
    throw new RangeError(`${where}: smoothing must be a positive width (Å or σ), got ${options.smoothing}`);
  }
  const partial = options.partial ?? false;
  if (typeof partial !== "boolean") throw new TypeError(`${where}: partial must be a boolean`);
  return { rMin, rMax, bins, partial, dim: options.dim, smoothing: options.smoothing };
}

/** Partial key of two labels: sorted with {@link compareLabels}, joined by "-". */
export function pairKey(a: string, b: string): string {
  return compareLabels(a, b) <= 0 ? `${a}-${b}` : `${b}-${a}`;
}

function measure(s: Structure, dim: 2 | 3, where: string): number {
  const c = s.cell;
  if (dim === 3) {
    const v = Math.abs(det3(c));
    if (!(v > 0)) throw new GlassboxError(`${where}: the cell has zero volume; g(r) needs the volume (give the structure a cell)`);
    return v;
  }
  const axes = [0, 1, 2].filter((a) => s.pbc[a]);
  const [p, q] = axes.length === 2 ? (axes as [number, number]) : [0, 1];
  const x = c[3 * p + 1]! * c[3 * q + 2]! - c[3 * p + 2]! * c[3 * q + 1]!;
  const y = c[3 * p + 2]! * c[3 * q]! - c[3 * p]! * c[3 * q + 2]!;
  const z = c[3 * p]! * c[3 * q + 1]! - c[3 * p + 1]! * c[3 * q]!;
  const area = Math.hypot(x, y, z);
  if (!(area > 0)) throw new GlassboxError(`${where}: the periodic plane has zero area; 2D g(r) needs it`);
  return area;
}

/** Unordered pair counts of one frame from the WASM kernel: hist[(t_i·T + t_j)·bins + k]. */
function frameHistogram(s: Structure, types: Int32Array, ntypes: number, o: Validated): Float64Array {
  const size = ntypes * ntypes * o.bins;
  return scoped((k) => {
    const cl = cellListInWorkspace(k, s.positions, s.cell, s.pbc, o.rMax, types, COLUMNS);
    const hist = allocF64(size);
    const scratch = alloc(k.rdf_scratchBytes!(s.n, cl.grid, o.bins));
    k.rdf_prepare!(s.n, cl.grid, o.rMin, o.rMax, o.bins, scratch);
    // Chunks of cells: a wasm function is optimised only between calls, so one long call would run
    // entirely in V8's baseline tier (2–3× slower) in a fresh process such as the CLI.
    const chunks = s.n >= 20000 ? 64 : 1;
    const step = Math.ceil(cl.ncell / chunks);
    for (let c = 0; c < cl.ncell; c += step) {
      k.rdf_accumulate!(s.n, cl.grid, cl.cellStart, cl.sx, cl.sy, cl.sz, cl.s2, cl.stype, ntypes, o.rMin, o.rMax, o.bins, hist, scratch, c, c + step);
    }
    return readF64(hist, size);
  });
}

/** Gaussian smoothing of several series on the bin grid (exp in WASM for reproducibility). */
function smoothSeries(centers: Float64Array, sigma: number, series: Float64Array[]): Float64Array[] {
  if (series.length === 0) return [];
  const bins = centers.length;
  const flat = new Float64Array(series.length * bins);
  series.forEach((g, s) => flat.set(g, s * bins));
  const out = scoped((k) => {
    const c = putF64(centers);
    const input = putF64(flat);
    const output = allocF64(flat.length);
    const w = allocF64(bins);
    k.rdf_smooth!(bins, c, sigma, series.length, input, output, w);
    return readF64(output, flat.length);
  });
  return series.map((_, s) => out.subarray(s * bins, (s + 1) * bins).slice());
}

/**
 * Sorted species, per-atom type index and composition in one pass over the labels (the Structure methods
 * each walk all N labels; at N = 10⁶ that adds up).
 */
function typesOf(s: Structure): { species: string[]; types: Int32Array; composition: Map<string, number> } {
  const firstSeen = new Map<string, number>();
  const raw = new Int32Array(s.n);
  const counts: number[] = [];
  const labels = s.species;
  for (let i = 0; i < raw.length; i++) {
    const label = labels[i]!;
    let t = firstSeen.get(label);
    if (t === undefined) {
      t = firstSeen.size;
      firstSeen.set(label, t);
      counts.push(0);
    }
    raw[i] = t;
    counts[t]!++;
  }
  const species = [...firstSeen.keys()].sort(compareLabels);
  const remap = new Int32Array(species.length);
  species.forEach((label, k) => (remap[firstSeen.get(label)!] = k));
  for (let i = 0; i < raw.length; i++) raw[i] = remap[raw[i]!]!;
  const composition = new Map(species.map((label) => [label, counts[firstSeen.get(label)!]!]));
  return { species, types: raw, composition };
}

function isStructure(x: unknown): x is Structure {
  return x instanceof Structure;
}

/**
 * Radial distribution function of a structure, or averaged over frames.
 *
 * @param structureOrFrames One {@link Structure} or any iterable of them (read lazily, frame by frame).
 * @param options rMax, bins (Å or σ), optional rMin, partial, dim, smoothing.
 * @returns An {@link Rdf}.
 * @throws TypeError / RangeError for bad options; GlassboxError for a zero volume or no frames.
 *
 * @example
 * ```ts
 * const g = rdf(structure, { rMax: 3, bins: 120, partial: true });
 * g.partials.get("A-B"); // Float64Array(120)
 * JSON.stringify(g);     // {"edges":[…],"centers":[…],"g":{"total":[…],"A-A":[…],…}}
 * ```
 */
export function rdf(structureOrFrames: Structure | Iterable<Structure>, options: RdfOptions): Rdf {
  let frames: Iterable<Structure>;
  if (isStructure(structureOrFrames)) frames = [structureOrFrames];
  else if (structureOrFrames && typeof (structureOrFrames as Iterable<Structure>)[Symbol.iterator] === "function") {
    frames = structureOrFrames as Iterable<Structure>;
  } else throw new TypeError("rdf: expected a Structure or an iterable of Structures");
  const acc = new RdfAccumulator(options, isStructure(structureOrFrames) ? "rdf" : undefined);
  for (const s of frames) acc.add(s);
  return acc.result();
}

/**
 * Streaming g(r): add frames one at a time (e.g. straight from an async file reader, so a long
 * trajectory is never held in memory), then read the frame-averaged result. {@link rdf} is this plus a loop.
 *
 * @example
 * ```ts
 * const acc = new RdfAccumulator({ rMax: 2.5, bins: 250, partial: true });
 * for await (const frame of readFrames("dump.lammpstrj")) acc.add(frame);
 * const g = acc.result();
 * ```
 */
export class RdfAccumulator {
  private readonly o: Validated;
  private readonly label: string | undefined;
  // Keyed by ordered label pair "a\u0000b": summed counts, and Σ_f N_a(N_b − δ_ab)/V_f.
  private readonly ordered = new Map<string, Float64Array>();
  private readonly denom = new Map<string, number>();
  private readonly atomsOf = new Map<string, number>(); // Σ_f N_a
  private readonly speciesSeen = new Set<string>();
  private totalDenom = 0;
  private totalAtoms = 0;
  private dimUsed: 2 | 3 | undefined;
  /** Number of frames added so far. */
  frames = 0;

  /** @param options As {@link rdf}. @param label Name used in error messages (default "rdf (frame k)"). */
  constructor(options: RdfOptions, label?: string) {
    this.o = validate(options, "rdf");
    this.label = label;
  }

  /** Counts the pairs of one frame (in WebAssembly) and adds them. @throws as {@link rdf}. */
  add(s: Structure): void {
    const o = this.o;
    if (!isStructure(s)) throw new TypeError(`rdf: frame ${this.frames} is not a Structure`);
    const where = this.label ?? `rdf (frame ${this.frames})`;
    const dim = o.dim ?? (s.periodicAxes() === 2 ? 2 : 3);
    if (this.dimUsed !== undefined && dim !== this.dimUsed) throw new GlassboxError(`${where}: frames mix 2D and 3D periodicity; pass dim`);
    const v = measure(s, dim, where);
    this.dimUsed = dim;
    const { species, types, composition } = typesOf(s);
    const T = species.length;
    const hist = frameHistogram(s, types, T, o);
    const n = s.n;
    this.totalDenom += (n * (n - 1)) / v;
    this.totalAtoms += n;
    for (let a = 0; a < T; a++) {
      const la = species[a]!;
      this.speciesSeen.add(la);
      const na = composition.get(la)!;
      this.atomsOf.set(la, (this.atomsOf.get(la) ?? 0) + na);
      for (let b = 0; b < T; b++) {
        const lb = species[b]!;
        const key = `${la}\u0000${lb}`;
        let acc = this.ordered.get(key);
        if (!acc) this.ordered.set(key, (acc = new Float64Array(o.bins)));
        const hab = (a * T + b) * o.bins, hba = (b * T + a) * o.bins;
        for (let k = 0; k < o.bins; k++) acc[k]! += hist[hab + k]! + hist[hba + k]!;
        const nb = composition.get(lb)!;
        this.denom.set(key, (this.denom.get(key) ?? 0) + (na * (nb - (a === b ? 1 : 0))) / v);
      }
    }
    this.frames++;
  }

  /** The frame-averaged g(r) of everything added so far. @throws GlassboxError when no frame was added. */
  result(): Rdf {
    const o = this.o;
    if (this.frames === 0) throw new GlassboxError("rdf: no frames");
    const { edges, centers, shell2, shell3 } = binGeometry(o);
    const dim = this.dimUsed!;
    const shell = dim === 3 ? shell3 : shell2;
    const species = [...this.speciesSeen].sort(compareLabels);
    const normalise = (n: Float64Array, d: number) => {
      const g = new Float64Array(o.bins);
      for (let k = 0; k < o.bins; k++) {
        const norm = d * shell[k]!;
        g[k] = norm !== 0 ? n[k]! / norm : 0;
      }
      return g;
    };
    const cumulative = (n: Float64Array, atoms: number) => {
      const c = new Float64Array(o.bins);
      let acc = 0;
      for (let k = 0; k < o.bins; k++) {
        acc += n[k]!;
        c[k] = atoms > 0 ? acc / atoms : 0;
      }
      return c;
    };
    const totalCounts = new Float64Array(o.bins);
    for (const acc of this.ordered.values()) for (let k = 0; k < o.bins; k++) totalCounts[k]! += acc[k]!;
    const counts = new Map<string, Float64Array>([["total", totalCounts]]);
    const coordination = new Map<string, Float64Array>([["total", cumulative(totalCounts, this.totalAtoms)]]);
    let total: Float64Array = normalise(totalCounts, this.totalDenom);
    const partialKeys: string[] = [];
    let partialG: Float64Array[] = [];
    if (o.partial) {
      for (let a = 0; a < species.length; a++) {
        for (let b = a; b < species.length; b++) {
          const la = species[a]!, lb = species[b]!;
          const key = `${la}\u0000${lb}`;
          const n = this.ordered.get(key)?.slice() ?? new Float64Array(o.bins);
          const name = `${la}-${lb}`;
          partialKeys.push(name);
          counts.set(name, n);
          coordination.set(name, cumulative(n, this.atomsOf.get(la) ?? 0));
          partialG.push(normalise(n, this.denom.get(key) ?? 0));
        }
      }
    }
    if (o.smoothing !== undefined) {
      [total, ...partialG] = smoothSeries(centers, o.smoothing, [total, ...partialG]);
    }
    const partials = new Map(partialKeys.map((key, i) => [key, partialG[i]!]));
    return {
      edges, centers, total, partials, counts, coordination, frames: this.frames, species, dim,
      toJSON() {
        const g: Record<string, number[]> = { total: Array.from(total) };
        for (const [key, v] of partials) g[key] = Array.from(v);
        return { edges: Array.from(edges), centers: Array.from(centers), g };
      },
    };
  }
}

/** Edges, centers and shell measures ΔV (3D) and ring areas (2D) of the bin grid. */
function binGeometry(o: Validated): { edges: Float64Array; centers: Float64Array; shell2: Float64Array; shell3: Float64Array } {
  const dr = (o.rMax - o.rMin) / o.bins;
  const edges = new Float64Array(o.bins + 1);
  for (let k = 0; k <= o.bins; k++) edges[k] = o.rMin + k * dr;
  const centers = new Float64Array(o.bins);
  const shell2 = new Float64Array(o.bins);
  const shell3 = new Float64Array(o.bins);
  for (let k = 0; k < o.bins; k++) {
    const lo = edges[k]!, hi = edges[k + 1]!;
    centers[k] = (lo + hi) / 2;
    shell3[k] = ((4 * Math.PI) / 3) * (hi * hi * hi - lo * lo * lo);
    shell2[k] = Math.PI * (hi * hi - lo * lo);
  }
  return { edges, centers, shell2, shell3 };
}

function formatCenter(c: number): string {
  return String(Number(c.toPrecision(12)));
}

/**
 * Batch featurisation: one row per structure, the chosen g(r) series concatenated (bins each), for
 * linear models y = W·g + b. Every structure must have the same species set.
 *
 * @param structures Any iterable of structures (read once, lazily).
 * @param options rMax, bins, rMin, dim, smoothing as {@link rdf}; `pairs` (series order, default every
 *   partial key); `density` (pair-density features ρ_ab·g_ab instead of g).
 * @returns {@link RdfFeatures}: matrix (row-major), rows, columns, columnLabels ("A-B:1.2375"), keys, centers.
 * @throws GlassboxError naming the row whose species set differs from the first row's, or an unknown pair.
 *
 * @example
 * ```ts
 * const { matrix, rows, columns } = rdfFeatures(glasses, { rMax: 2.5, bins: 50 });
 * ```
 */
export function rdfFeatures(structures: Iterable<Structure>, options: RdfFeatureOptions): RdfFeatures {
  const o = validate({ ...options, partial: true }, "rdfFeatures");
  if (!structures || typeof (structures as Iterable<Structure>)[Symbol.iterator] !== "function") {
    throw new TypeError("rdfFeatures: expected an iterable of Structures");
  }
  if (options.pairs !== undefined && (!Array.isArray(options.pairs) || options.pairs.some((p) => typeof p !== "string"))) {
    throw new TypeError("rdfFeatures: pairs must be an array of keys such as \"A-B\" or \"total\"");
  }
  const density = options.density ?? false;
  const rowsOut: Float64Array[] = [];
  let species: string[] | undefined;
  let keys: string[] = [];
  let centers: Float64Array = new Float64Array(0);
  let row = 0;
  for (const s of structures) {
    if (!isStructure(s)) throw new TypeError(`rdfFeatures: row ${row} is not a Structure`);
    const g = rdf(s, o);
    if (!species) {
      species = g.species;
      const all = [...g.partials.keys()];
      keys = options.pairs ? options.pairs.map((p) => normaliseKey(p)) : all;
      for (const key of keys) {
        if (key !== "total" && !g.partials.has(key)) {
          throw new GlassboxError(`rdfFeatures: pair "${key}" is not among this data set's keys (${["total", ...all].join(", ")})`);
        }
      }
      centers = g.centers;
    } else if (g.species.length !== species.length || g.species.some((x, i) => x !== species![i])) {
      throw new GlassboxError(
        `rdfFeatures: row ${row} has species [${g.species.join(", ")}] but row 0 has [${species.join(", ")}]; every row must share the species set`,
      );
    }
    const out = new Float64Array(keys.length * o.bins);
    const n = s.n;
    const comp = s.composition();
    const v = measure(s, g.dim, `rdfFeatures (row ${row})`);
    keys.forEach((key, q) => {
      const series = key === "total" ? g.total : g.partials.get(key)!;
      let factor = 1;
      if (density) {
        if (key === "total") factor = n > 0 ? (n - 1) / v : 0;
        else {
          const [a, b] = splitKey(key);
          const na = comp.get(a) ?? 0, nb = comp.get(b) ?? 0;
          factor = n > 0 ? (a === b ? (na * (nb - 1)) / (n * v) : (2 * na * nb) / (n * v)) : 0;
        }
      }
      for (let k = 0; k < o.bins; k++) out[q * o.bins + k] = factor * series[k]!;
    });
    rowsOut.push(out);
    row++;
  }
  const columns = keys.length * o.bins;
  const matrix = new Float64Array(rowsOut.length * columns);
  rowsOut.forEach((r, i) => matrix.set(r, i * columns));
  const columnLabels: string[] = [];
  for (const key of keys) for (const c of centers) columnLabels.push(`${key}:${formatCenter(c)}`);
  return { matrix, rows: rowsOut.length, columns, columnLabels, keys, centers };
}

/** "B-A" → "A-B" (sorted labels); "total" unchanged. */
function normaliseKey(key: string): string {
  if (key === "total") return key;
  const [a, b] = splitKey(key);
  return pairKey(a, b);
}

function splitKey(key: string): [string, string] {
  const parts = key.split("-");
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new GlassboxError(`rdfFeatures: pair key "${key}" must be two species labels joined by "-", or "total"`);
  }
  return [parts[0], parts[1]];
}
