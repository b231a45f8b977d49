/**
 * Unit conversions for vibrational frequencies.
 *
 * Eigenvalues λ of the dynamical matrix D = M^{-1/2} H M^{-1/2} are squared angular frequencies, in
 * eV/(Å²·amu) for LAMMPS "metal" units and in ε/(σ²·m) = τ⁻² for Lennard-Jones reduced units.
 * A negative λ (unstable mode) is reported as a negative frequency: ν = sign(λ)·√|λ|·factor.
 */

/**
 * √(eV/(Å²·amu)) in THz of cyclic frequency ν = ω/2π, as used by the LAMMPS references in
 * ../shared/reference/manybody (15.633302). The CODATA-2018 value {@link METAL_THZ_CODATA2018} is 1.4e-7
 * larger (relative).
 */
export const METAL_THZ = 15.633302;

/** √(eV/(Å²·amu)) in THz (cyclic), from CODATA 2018 e and u: 15.6333042… */
export const METAL_THZ_CODATA2018 =
  Math.sqrt(1.602176634e-19 / (1e-20 * 1.6605390666e-27)) / (2 * Math.PI) / 1e12;

/** √(eV/(Å²·amu)) in rad/ps of angular frequency ω, CODATA 2018: 98.2269475… */
export const METAL_RAD_PER_PS = Math.sqrt(1.602176634e-19 / (1e-20 * 1.6605390666e-27)) / 1e12;

/** Unit system of a dynamical-matrix eigenvalue. */
export type FrequencyUnits = "metal" | "lj";

/** Cyclic frequency ν (THz, or 1/τ in LJ units) or angular frequency ω (rad/ps, or rad/τ). */
export type FrequencyKind = "cyclic" | "angular";

/**
 * Frequency of one dynamical-matrix eigenvalue λ: sign(λ)·√|λ| times the unit factor.
 * - metal, cyclic: THz, factor {@link METAL_THZ} (the reference convention); angular: rad/ps.
 * - lj, cyclic: 1/τ, factor 1/2π; angular: rad/τ, factor 1.
 *
 * @example
 * ```ts
 * eigenvalueToFrequency(1);              // 15.633302 THz
 * eigenvalueToFrequency(-4, "lj", "angular"); // −2 rad/τ
 * ```
 */
export function eigenvalueToFrequency(lambda: number, units: FrequencyUnits = "metal", kind: FrequencyKind = "cyclic"): number {
  const f = frequencyFactor(units, kind);
  return Math.sign(lambda) * Math.sqrt(Math.abs(lambda)) * f;
}

/** {@link eigenvalueToFrequency} for every eigenvalue (new Float64Array, same length). */
export function eigenvaluesToFrequencies(
  lambdas: ArrayLike<number>,
  units: FrequencyUnits = "metal",
  kind: FrequencyKind = "cyclic",
): Float64Array {
  const f = frequencyFactor(units, kind);
  return Float64Array.from(lambdas, (l) => Math.sign(l) * Math.sqrt(Math.abs(l)) * f);
}

/** Factor turning √λ into a frequency (see {@link eigenvalueToFrequency}). */
export function frequencyFactor(units: FrequencyUnits = "metal", kind: FrequencyKind = "cyclic"): number {
  if (units !== "metal" && units !== "lj") throw new RangeError(`units must be "metal" or "lj", got ${String(units)}`);
  if (kind !== "cyclic" && kind !== "angular") throw new RangeError(`kind must be "cyclic" or "angular", got ${String(kind)}`);
  if (units === "metal") return kind === "cyclic" ? METAL_THZ : METAL_RAD_PER_PS;
  return kind === "cyclic" ? 1 / (2 * Math.PI) : 1;
}
