/**
 * Energy minimisation at fixed cell: FIRE (Bitzek, Koskinen, Gähler, Moseler, Gumbsch, PRL 97, 170201
 * (2006)), Polak–Ribière conjugate gradients and L-BFGS, the last two with a derivative-based line
 * search. Works with any {@link Potential}; a dimension-2 structure moves in x, y only.
 *
 * Units: forces in ε/σ or eV/Å; time step in the minimiser's own unit (FIRE dynamics uses unit masses,
 * so only the path to the minimum depends on it, not the minimum); lengths in σ or Å.
 */
import { allocF64, readF64, scoped, viewF64 } from "./engine/wasm.js";
import { forcesFor } from "./md.js";
import type { Potential } from "./potentials/potential.js";
import { GlassboxError, type Structure } from "./structure.js";

/** Minimisers. */
export type RelaxMethod = "fire" | "cg" | "lbfgs";

/** Options of {@link relax}. */
export interface RelaxOptions {
  /** Converged when the largest per-atom force |F_i| is below this (ε/σ or eV/Å), default 1e-6. */
  fmax?: number;
  /** Largest number of iterations (FIRE steps, or CG and L-BFGS line searches), default 20000. */
  maxSteps?: number;
  /**
   * "fire" (default), "cg" or "lbfgs". L-BFGS needs far fewer force evaluations where FIRE crawls
   * (amorphous Tersoff carbon sheets to 1e-5 eV/Å: ~13× fewer).
   */
  method?: RelaxMethod;
  /** L-BFGS: number of correction pairs kept (default 10). */
  memory?: number;
  /**
   * FIRE initial time step, unit masses (default 0.003 in LJ units, 0.02 in metal units). Measured on KA
   * glasses (ω_max ≈ 37 τ⁻¹) and Zhou CuAlZr: larger Δt_max makes FIRE restart every few steps.
   */
  dt?: number;
  /** FIRE largest time step (default 10·dt, as Bitzek et al.). */
  dtMax?: number;
  /** Largest displacement of any atom in one step (σ or Å), default 0.1 (LJ) or 0.2 (metal). */
  maxStep?: number;
  /** Throw a GlassboxError instead of warning when not converged (default false). */
  strict?: boolean;
  /** Receives the non-convergence warning (default `console.warn`). */
  onWarning?: (message: string) => void;
  /** Record the energy and max force after every iteration (default false). */
  history?: boolean;
}

/** Outcome of {@link relax}. */
export interface RelaxResult {
  /** The relaxed structure (a new Structure; the input is not modified). */
  structure: Structure;
  /** Final potential energy (ε or eV). */
  energy: number;
  /** Final largest per-atom force |F_i| (ε/σ or eV/Å). */
  maxForce: number;
  /** Iterations taken. */
  iterations: number;
  /** Force (energy + forces) evaluations. */
  forceEvaluations: number;
  /** True when maxForce < fmax. */
  converged: boolean;
  /** The method used. */
  method: RelaxMethod;
  /** FIRE: number of restarts (P = F·v ≤ 0, velocities zeroed). CG, L-BFGS: number of steepest-descent resets. */
  restarts: number;
  /** Energy and max force after each iteration, and the iterations at which FIRE restarted, when asked. */
  history?: { energy: number[]; maxForce: number[]; restartAt: number[] };
}

/** Largest per-atom force magnitude √(Fx² + Fy² + Fz²). */
export function maxAtomForce(forces: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < forces.length; i += 3) {
    const f2 = forces[i]! ** 2 + forces[i + 1]! ** 2 + forces[i + 2]! ** 2;
    if (f2 > m) m = f2;
  }
  return Math.sqrt(m);
}

/** Energy and forces at the current positions of the structure being relaxed. */
type Evaluate = () => { energy: number; forces: Float64Array };

/** Checks an evaluation: finite energy and forces; z forces zeroed for a dimension-2 structure. */
function checked(work: Structure, energy: number, forces: Float64Array): { energy: number; forces: Float64Array } {
  if (!Number.isFinite(energy)) throw new GlassboxError(`relax: the energy became ${energy} (atoms overlapping or flying apart)`);
  if (work.dimension === 2) for (let i = 2; i < forces.length; i += 3) forces[i] = 0;
  for (let k = 0; k < forces.length; k++) {
    if (!Number.isFinite(forces[k]!)) throw new GlassboxError(`relax: the force on atom ${Math.floor(k / 3)} is ${forces[k]}`);
  }
  return { energy, forces };
}

/** Energy and forces from `potential.compute` at the positions of `work`. */
function evaluate(potential: Potential, work: Structure): { energy: number; forces: Float64Array } {
  const r = potential.compute(work, { forces: true });
  return checked(work, r.energy, r.forces!);
}

/** y ← y + a·x. */
function axpy(y: Float64Array, a: number, x: Float64Array): void {
  for (let k = 0; k < y.length; k++) y[k]! += a * x[k]!;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

/** Scale factor ≤ 1 that keeps every atom's displacement `step`·d within maxStep. */
function stepLimit(d: Float64Array, maxStep: number): number {
  const m = maxAtomForce(d); // largest per-atom |d_i|
  return m > maxStep ? maxStep / m : 1;
}

function checkOptions(o: RelaxOptions): void {
  const positive = (name: string, v: number | undefined) => {
    if (v !== undefined && (typeof v !== "number" || !(v > 0) || !Number.isFinite(v))) throw new RangeError(`relax: ${name} must be a positive number, got ${v}`);
  };
  positive("fmax", o.fmax);
  positive("dt", o.dt);
  positive("dtMax", o.dtMax);
  positive("maxStep", o.maxStep);
  if (o.maxSteps !== undefined && (!Number.isInteger(o.maxSteps) || o.maxSteps < 0)) throw new RangeError(`relax: maxSteps must be a non-negative integer, got ${o.maxSteps}`);
  if (o.method !== undefined && o.method !== "fire" && o.method !== "cg" && o.method !== "lbfgs") {
    throw new RangeError(`relax: method must be "fire", "cg" or "lbfgs", got "${o.method}"`);
  }
  if (o.memory !== undefined && (!Number.isInteger(o.memory) || o.memory < 1)) throw new RangeError(`relax: memory must be a positive integer, got ${o.memory}`);
}

/**
 * Minimises the energy of `structure` under `potential` at fixed cell, until the largest per-atom force is
 * below `fmax`. Never throws for slow convergence unless `strict`: it warns and returns `converged: false`.
 *
 * @example
 * ```ts
 * const r = relax(structure, kobAndersen("smooth"), { fmax: 1e-8 });
 * r.converged; r.iterations; r.maxForce; r.structure;
 * ```
 * @throws GlassboxError if the energy or forces become non-finite, or (strict) if not converged.
 */
export function relax(structure: Structure, potential: Potential, options: RelaxOptions = {}): RelaxResult {
  checkOptions(options);
  potential.check(structure);
  const method = options.method ?? "fire";
  const fmax = options.fmax ?? 1e-6;
  const maxSteps = options.maxSteps ?? 20000;
  const lj = potential.units === "lj";
  const maxStep = options.maxStep ?? (lj ? 0.1 : 0.2);
  const work = structure.clone();
  // Forces from a Verlet list (r_c + skin) kept in WebAssembly memory between iterations (Lennard-Jones,
  // Tersoff, EAM), instead of a fresh neighbor list every call; positions go in and forces come out as copies.
  const n = work.n;
  let kept = false;
  const result = scoped((k) => {
    const xp = allocF64(3 * n), fp = allocF64(3 * n);
    const field = forcesFor(potential).open(k, work); // last allocation of this scope
    kept = field.builds !== undefined;
    const ev: Evaluate = () => {
      viewF64(xp, 3 * n).set(work.positions);
      const energy = field.evaluate(k, xp, fp);
      return checked(work, energy, readF64(fp, 3 * n));
    };
    const record = options.history ?? false;
    if (method === "fire") return fire(ev, work, fmax, maxSteps, maxStep, options.dt ?? (lj ? 0.003 : 0.02), options.dtMax, record);
    if (method === "cg") return cg(ev, work, fmax, maxSteps, maxStep, record);
    return lbfgs(ev, work, fmax, maxSteps, maxStep, options.memory ?? 10, record);
  });
  // Report energy and forces from a fresh evaluation of the potential itself (the kept list may sum in a
  // different order: last-bit differences only).
  if (kept) {
    const final = evaluate(potential, work);
    result.energy = final.energy;
    result.maxForce = maxAtomForce(final.forces);
    result.converged = result.maxForce < fmax;
    result.forceEvaluations++;
  }
  if (!result.converged) {
    const message = `relax (${method}, ${potential.name}): not converged after ${result.iterations} iterations: max force ${result.maxForce.toExponential(3)} > fmax ${fmax.toExponential()}`;
    if (options.strict) throw new GlassboxError(message);
    (options.onWarning ?? ((m: string) => console.warn(`glassbox: ${m}`)))(message);
  }
  return result;
}

function fire(evaluate: Evaluate, work: Structure, fmax: number, maxSteps: number, maxStep: number, dt0: number, dtMaxOpt: number | undefined, record: boolean): RelaxResult {
  // Bitzek et al. (2006): N_min = 5, f_inc = 1.1, f_dec = 0.5, α_start = 0.1, f_α = 0.99, Δt_max = 10 Δt.
  const N_MIN = 5, F_INC = 1.1, F_DEC = 0.5, ALPHA0 = 0.1, F_ALPHA = 0.99;
  const dtMax = dtMaxOpt ?? 10 * dt0;
  const x = work.positions;
  const v = new Float64Array(x.length);
  let dt = dt0, alpha = ALPHA0, nPositive = 0, restarts = 0, evals = 0;
  let { energy, forces } = evaluate(); evals++;
  let fm = maxAtomForce(forces);
  const history = record ? { energy: [energy], maxForce: [fm], restartAt: [] as number[] } : undefined;
  let step = 0;
  for (; step < maxSteps && !(fm < fmax); step++) {
    const P = dot(forces, v);
    if (P > 0) {
      const vn = Math.sqrt(dot(v, v)), fn = Math.sqrt(dot(forces, forces));
      const mix = fn > 0 ? (alpha * vn) / fn : 0;
      for (let k = 0; k < v.length; k++) v[k] = (1 - alpha) * v[k]! + mix * forces[k]!;
      if (nPositive > N_MIN) {
        dt = Math.min(dt * F_INC, dtMax);
        alpha *= F_ALPHA;
      }
      nPositive++;
    } else {
      v.fill(0);
      dt *= F_DEC;
      alpha = ALPHA0;
      nPositive = 0;
      restarts++;
      history?.restartAt.push(step);
    }
    // Semi-implicit Euler with unit masses: v ← v + Δt F, x ← x + Δt v (displacement capped at maxStep).
    for (let k = 0; k < v.length; k++) v[k]! += dt * forces[k]!;
    const dx = v.map((vk) => dt * vk);
    const s = stepLimit(dx, maxStep);
    for (let k = 0; k < x.length; k++) x[k]! += s * dx[k]!;
    ({ energy, forces } = evaluate()); evals++;
    fm = maxAtomForce(forces);
    if (history) { history.energy.push(energy); history.maxForce.push(fm); }
  }
  const out: RelaxResult = {
    structure: work, energy, maxForce: fm, iterations: step, forceEvaluations: evals,
    converged: fm < fmax, method: "fire", restarts,
  };
  if (history) out.history = history;
  return out;
}

/**
 * Polak–Ribière (PR+) conjugate gradients. The line search along d works on the directional derivative
 * g(α) = −F(x + αd)·d, which stays accurate near the minimum where energy differences sink below rounding:
 * bracket a sign change of g by doubling the step (every atom moving at most `maxStep`), then secant steps
 * safeguarded by bisection until |g| ≤ 0.1|g(0)|. A point is acceptable if its energy is not above the
 * start by more than the energy's rounding noise. Restarts along F when d is not a descent direction or the
 * search finds no acceptable point; stops when that happens twice in a row (the rounding floor).
 */
function cg(evaluate: Evaluate, work: Structure, fmax: number, maxSteps: number, maxStep: number, record: boolean): RelaxResult {
  const x = work.positions;
  let { energy, forces } = evaluate();
  let evals = 1, restarts = 0;
  let fm = maxAtomForce(forces);
  const history = record ? { energy: [energy], maxForce: [fm], restartAt: [] as number[] } : undefined;
  let d = forces.slice();
  let step = 0;
  let alphaPrev = 0, justReset = true;
  for (; step < maxSteps && !(fm < fmax); step++) {
    let g0 = -dot(forces, d);
    if (!(g0 < 0)) {
      d = forces.slice();
      g0 = -dot(forces, d);
      justReset = true;
      restarts++;
      history?.restartAt.push(step);
    }
    const x0 = x.slice();
    const e0 = energy;
    const noise = 1e-13 * (Math.abs(e0) + work.n);
    const at = (alpha: number) => {
      for (let k = 0; k < x.length; k++) x[k] = x0[k]! + alpha * d[k]!;
      const r = evaluate();
      evals++;
      return { a: alpha, energy: r.energy, forces: r.forces, g: -dot(r.forces, d) };
    };
    type Point = ReturnType<typeof at>;
    const aMax = maxStep / Math.max(maxAtomForce(d), 1e-300);
    let best: Point | null = null;
    const consider = (p: Point) => {
      if (p.energy <= e0 + noise && (!best || Math.abs(p.g) < Math.abs(best.g))) best = p;
    };
    // Bracket [lo, hi] with g(lo) < 0 ≤ g(hi) (or hi at the step limit / energy rising).
    let lo = { a: 0, g: g0 };
    let hiP = at(alphaPrev > 0 ? Math.min(aMax, alphaPrev) : aMax / 10);
    consider(hiP);
    for (let expand = 0; hiP.g < 0 && hiP.energy <= e0 + noise && hiP.a < aMax && expand < 40; expand++) {
      lo = { a: hiP.a, g: hiP.g };
      hiP = at(Math.min(2 * hiP.a, aMax));
      consider(hiP);
    }
    let hi = { a: hiP.a, g: hiP.g };
    let cur: Point = hiP;
    for (let it = 0; it < 40 && Math.abs(cur.g) > 0.1 * Math.abs(g0) && hi.a - lo.a > 1e-15 * hi.a; it++) {
      if (hi.g < 0 && cur.energy <= e0 + noise) break; // step-limited: take it
      let a = hi.g !== lo.g ? lo.a - (lo.g * (hi.a - lo.a)) / (hi.g - lo.g) : 0.5 * (lo.a + hi.a);
      const w = hi.a - lo.a;
      if (!(a > lo.a + 0.05 * w && a < hi.a - 0.05 * w)) a = 0.5 * (lo.a + hi.a);
      cur = at(a);
      consider(cur);
      if (cur.g < 0 && cur.energy <= e0 + noise) lo = { a, g: cur.g };
      else hi = { a, g: cur.g };
    }
    const b = best as Point | null;
    if (!b) {
      // No acceptable point along d: restart along the force, or stop at the rounding floor.
      for (let k = 0; k < x.length; k++) x[k] = x0[k]!;
      if (justReset) { step++; break; }
      d = forces.slice();
      restarts++;
      justReset = true;
      alphaPrev = 0;
      history?.restartAt.push(step + 1);
      if (history) { history.energy.push(energy); history.maxForce.push(fm); }
      continue;
    }
    if (b !== cur) for (let k = 0; k < x.length; k++) x[k] = x0[k]! + b.a * d[k]!;
    justReset = false;
    alphaPrev = b.a;
    const fOld = forces;
    energy = b.energy;
    forces = b.forces;
    fm = maxAtomForce(forces);
    if (history) { history.energy.push(energy); history.maxForce.push(fm); }
    // PR+: β = max(0, F·(F − F_old) / F_old·F_old)
    let num = 0, den = 0;
    for (let k = 0; k < forces.length; k++) { num += forces[k]! * (forces[k]! - fOld[k]!); den += fOld[k]! * fOld[k]!; }
    const beta = den > 0 ? Math.max(0, num / den) : 0;
    for (let k = 0; k < d.length; k++) d[k] = forces[k]! + beta * d[k]!;
  }
  const out: RelaxResult = {
    structure: work, energy, maxForce: fm, iterations: step, forceEvaluations: evals,
    converged: fm < fmax, method: "cg", restarts,
  };
  if (history) out.history = history;
  return out;
}

/**
 * Limited-memory BFGS (Nocedal, Math. Comp. 35, 773 (1980); Liu & Nocedal 1989) with `memory` correction
 * pairs and the scaling H₀ = (s·y / y·y) I. The line search tries the quasi-Newton step first (every atom
 * moving at most `maxStep`) and accepts a point whose energy is not above the start by more than the
 * Armijo decrease allows plus the energy's rounding noise, and whose directional derivative
 * g(α) = −F(x + αd)·d satisfies |g(α)| ≤ 0.9|g(0)| (strong Wolfe); otherwise it extends the step (doubling)
 * or brackets and refines by safeguarded secant steps, as the CG search. Working on g(α) keeps it accurate
 * near the minimum, where energy differences sink below rounding. When no acceptable point is found, the
 * memory is cleared and the search restarts along F; twice in a row means the rounding floor: stop.
 */
function lbfgs(evaluate: Evaluate, work: Structure, fmax: number, maxSteps: number, maxStep: number, memory: number, record: boolean): RelaxResult {
  const C1 = 1e-4, C2 = 0.9;
  const x = work.positions;
  const nv = x.length;
  let { energy, forces } = evaluate();
  let evals = 1, restarts = 0;
  let fm = maxAtomForce(forces);
  const history = record ? { energy: [energy], maxForce: [fm], restartAt: [] as number[] } : undefined;
  const S: Float64Array[] = [], Y: Float64Array[] = [], rho: number[] = [];
  const alphaK = new Float64Array(memory);
  const d = new Float64Array(nv);
  let step = 0;
  let fresh = true; // no curvature information yet: first trial step is a tenth of the step limit
  let failedBefore = false;
  for (; step < maxSteps && !(fm < fmax); step++) {
    // Two-loop recursion: d = H·F (the descent direction, F = −∇E).
    d.set(forces);
    const m = S.length;
    for (let i = m - 1; i >= 0; i--) {
      const a = rho[i]! * dot(S[i]!, d);
      alphaK[i] = a;
      axpy(d, -a, Y[i]!);
    }
    if (m > 0) {
      const gamma = dot(S[m - 1]!, Y[m - 1]!) / dot(Y[m - 1]!, Y[m - 1]!);
      for (let k = 0; k < nv; k++) d[k]! *= gamma;
    }
    for (let i = 0; i < m; i++) axpy(d, alphaK[i]! - rho[i]! * dot(Y[i]!, d), S[i]!);
    let g0 = -dot(forces, d);
    if (!(g0 < 0)) {
      // not a descent direction (rounding, or curvature information gone stale): restart along F
      d.set(forces);
      g0 = -dot(forces, d);
      S.length = 0; Y.length = 0; rho.length = 0;
      fresh = true;
      restarts++;
      history?.restartAt.push(step);
    }
    const x0 = x.slice();
    const e0 = energy;
    const noise = 1e-13 * (Math.abs(e0) + work.n);
    const at = (alpha: number) => {
      x.set(x0);
      axpy(x, alpha, d);
      const r = evaluate();
      evals++;
      return { a: alpha, energy: r.energy, forces: r.forces, g: -dot(r.forces, d) };
    };
    type Point = ReturnType<typeof at>;
    const aMax = maxStep / Math.max(maxAtomForce(d), 1e-300);
    const ok = (p: Point) => p.energy <= e0 + C1 * p.a * g0 + noise;
    const wolfe = (p: Point) => ok(p) && Math.abs(p.g) <= C2 * Math.abs(g0);
    let cur: Point = at(Math.min(fresh ? 0.1 * aMax : 1, aMax));
    let found: Point | null = wolfe(cur) ? cur : null;
    if (!found) {
      // Extend while still descending steeply, then refine inside [lo, hi].
      let lo = { a: 0, g: g0, p: null as Point | null };
      for (let expand = 0; !found && ok(cur) && cur.g < 0 && expand < 40; expand++) {
        lo = { a: cur.a, g: cur.g, p: cur };
        if (cur.a >= aMax) { found = cur; break; } // step-limited and still descending: take it
        cur = at(Math.min(2 * cur.a, aMax));
        if (wolfe(cur)) found = cur;
      }
      let hi = { a: cur.a, g: cur.g };
      for (let it = 0; !found && it < 40 && hi.a - lo.a > 1e-15 * hi.a; it++) {
        let a = hi.g !== lo.g && ok(cur) ? lo.a - (lo.g * (hi.a - lo.a)) / (hi.g - lo.g) : 0.5 * (lo.a + hi.a);
        const w = hi.a - lo.a;
        if (!(a > lo.a + 0.05 * w && a < hi.a - 0.05 * w)) a = 0.5 * (lo.a + hi.a);
        cur = at(a);
        if (wolfe(cur)) found = cur;
        else if (ok(cur) && cur.g < 0) lo = { a, g: cur.g, p: cur };
        else hi = { a, g: cur.g };
      }
      // No strong-Wolfe point: accept the last sufficient-decrease point of the bracket, if any.
      if (!found && lo.p) found = lo.p;
    }
    if (!found) {
      x.set(x0);
      if (failedBefore && fresh) { step++; break; }
      failedBefore = true;
      S.length = 0; Y.length = 0; rho.length = 0;
      fresh = true;
      restarts++;
      history?.restartAt.push(step + 1);
      if (history) { history.energy.push(energy); history.maxForce.push(fm); }
      continue;
    }
    if (found !== cur) { x.set(x0); axpy(x, found.a, d); }
    failedBefore = false;
    fresh = false;
    // Correction pair s = Δx, y = Δ∇E = −ΔF, kept when the curvature s·y is positive.
    const s = new Float64Array(nv), y = forces.slice();
    axpy(s, found.a, d);
    axpy(y, -1, found.forces);
    const sy = dot(s, y);
    if (sy > 0) {
      if (S.length === memory) { S.shift(); Y.shift(); rho.shift(); }
      S.push(s); Y.push(y); rho.push(1 / sy);
    }
    energy = found.energy;
    forces = found.forces;
    fm = maxAtomForce(forces);
    if (history) { history.energy.push(energy); history.maxForce.push(fm); }
  }
  const out: RelaxResult = {
    structure: work, energy, maxForce: fm, iterations: step, forceEvaluations: evals,
    converged: fm < fmax, method: "lbfgs", restarts,
  };
  if (history) out.history = history;
  return out;
}
