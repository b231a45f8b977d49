/**
 * The exact ⟨ω²⟩ sum rule of a pair potential, as a linear kernel on a data set's feature columns.
 *
 * For a pair potential φ_ab and masses m_a, the trace of the dynamical matrix is a sum over ordered pairs
 * (SCIENCE.md): Tr(D) = Σ_i Σ_{j≠i} f_ab(r_ij)/m_a, f_ab(r) = φ''_ab(r) + (d − 1) φ'_ab(r)/r, with d the
 * degrees of freedom per atom. The partial g_ab counts ordered pairs: n_ab,k = g_ab(r_k)·N_a(N_b − δ_ab)·ΔV_k/V.
 * So ⟨ω²⟩ over the dN − d non-zero modes is
 *
 *   ⟨ω²⟩ = Σ_key Σ_k K_key,k g_key(r_k),
 *   K_ab,k = N_a(N_b − δ_ab)·(1/m_a + [a ≠ b]/m_b)·ΔV_k·f̄_ab,k / (V·(dN − d)),
 *
 * where f̄_ab,k is f_ab averaged over bin k with the shell weight S_d(r) (r² in 3D, r in 2D). With N, V and
 * the composition fixed, the kernel is exact up to where the pairs sit inside each bin: that binning error
 * is the only thing between this kernel and R² = 1.
 *
 * @packageDocumentation
 */
import type { Dataset } from "../datasets/dataset.js";
import { SYSTEMS } from "../generators.js";
import { LennardJones } from "../potentials/lj.js";
import { cellMeasure, parseFormula, referenceCrystal, shellMeasure } from "./features.js";

/** The kernel on the feature columns, or why there is none. */
export type SumRuleKernel = { kernel: Float64Array; note: string } | { kernel: null; note: string };

/** Sub-intervals per bin for the shell-weighted bin average of f (midpoint rule on each). */
const SUBDIVISIONS = 16;

/**
 * The exact ⟨ω²⟩ kernel of a data set of a pair-potential system (Kob–Andersen), in the target's units
 * (ε/(mσ²) per unit of g), one weight per feature column.
 */
export function sumRuleKernel(ds: Dataset): SumRuleKernel {
  const spec = ds.manifest.spec;
  const system = SYSTEMS[spec.system];
  const potential = system.potential();
  if (!(potential instanceof LennardJones)) return { kernel: null, note: `${spec.system} has a many-body potential: no pair sum rule` };
  const meta = ds.metadata[0]!;
  const formulas = new Set(ds.metadata.map((m) => m.formula));
  const sizes = new Set(ds.metadata.map((m) => `${m.atoms}/${m.latticeConstant}`));
  if (formulas.size !== 1 || sizes.size !== 1) {
    return { kernel: null, note: "composition, atom count or cell varies across the data set: the kernel is not one vector" };
  }
  const crystal = referenceCrystal(spec.system, meta);
  if (crystal.n !== meta.atoms) return { kernel: null, note: "cannot rebuild the generator's cell for this atom count" };
  const dim: 2 | 3 = crystal.periodicAxes() === 2 ? 2 : 3;
  const volume = cellMeasure(crystal, dim);
  const counts = parseFormula(meta.formula);
  const masses = potential.massesFor?.(crystal) ?? crystal.masses;
  const massOf = new Map<string, number>();
  crystal.species.forEach((s, i) => massOf.set(s, masses[i]!));
  const d = meta.dimension;
  const modes = d * meta.atoms - d;
  const { keys, columns } = ds.manifest.features;
  const { rMax, bins } = spec.rdf;
  const dr = rMax / bins;
  const kernel = new Float64Array(columns.length);
  for (let q = 0; q < keys.length; q++) {
    const key = keys[q]!;
    if (key === "total") return { kernel: null, note: "the features hold the total g(r): the sum rule needs partials" };
    const [a, b] = key.split("-") as [string, string];
    const na = counts.get(a) ?? 0, nb = counts.get(b) ?? 0;
    const pairs = a === b ? na * (nb - 1) : na * nb;
    const inverseMass = a === b ? 1 / massOf.get(a)! : 1 / massOf.get(a)! + 1 / massOf.get(b)!;
    for (let k = 0; k < bins; k++) {
      const r0 = k * dr, r1 = (k + 1) * dr;
      // shell-weighted average of f over the bin
      let num = 0, den = 0;
      for (let s = 0; s < SUBDIVISIONS; s++) {
        const r = r0 + ((s + 0.5) * dr) / SUBDIVISIONS;
        if (!(r > 0)) continue;
        const w = dim === 3 ? r * r : r;
        num += w * laplacianTerm(potential, a, b, r, d);
        den += w;
      }
      const fbar = den > 0 ? num / den : 0;
      kernel[q * bins + k] = (pairs * inverseMass * shellMeasure(r0, r1, dim) * fbar) / (volume * modes);
    }
  }
  return { kernel, note: `exact kernel: ${meta.formula}, V = ${volume.toPrecision(6)}, d = ${d}, ${bins} bins of ${dr.toPrecision(3)} to r = ${rMax}` };
}

/**
 * f(r) = φ''(r) + (d − 1)φ'(r)/r of the pair a, b (ε/σ²), from products only (no pow: identical in every
 * engine); zero at and beyond the cutoff. The shifted and smoothed forms change φ' by a constant (smooth)
 * and leave φ'' alone.
 */
export function laplacianTerm(potential: LennardJones, a: string, b: string, r: number, d: number): number {
  const { epsilon, sigma, cutoff } = potential.pair(a, b);
  if (!(r < cutoff)) return 0;
  const derivatives = (x: number) => {
    const s2 = (sigma * sigma) / (x * x), s6 = s2 * s2 * s2, s12 = s6 * s6;
    return { d1: (4 * epsilon * (6 * s6 - 12 * s12)) / x, d2: (4 * epsilon * (156 * s12 - 42 * s6)) / (x * x) };
  };
  const f = derivatives(r);
  const shift = potential.variant === "smooth" ? derivatives(cutoff).d1 : 0;
  return f.d2 + ((d - 1) * (f.d1 - shift)) / r;
}

/** Pearson correlation of two equal-length vectors (0 when either is constant). */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma, y = b[i]! - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
