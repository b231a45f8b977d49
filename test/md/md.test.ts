// Molecular dynamics: NVE energy conservation (error ∝ dt²), momentum conservation, Langevin
// equipartition on an analytic harmonic system, Nosé–Hoover, frozen atoms, 2D motion, determinism.
import { describe, expect, it } from "vitest";
import { viewF64, type Kernels } from "../../src/engine/wasm.js";
import { assignSpecies, fcc, fccLatticeConstant, triangular, triangularSpacing } from "../../src/lattices.js";
import {
  cool, degreesOfFreedom, forcesFor, hold, kineticTemperature, maxwellBoltzmann, runMD, scheduleTemperature,
  UNIT_CONSTANTS, wasmMath, type ForceProvider,
} from "../../src/md.js";
import { kobAndersen } from "../../src/potentials/lj.js";
import { Rng } from "../../src/random.js";
import { Structure } from "../../src/structure.js";

/** Independent harmonic oscillators (Einstein solid): E = ½ κ Σ |x − x0|², F = −κ (x − x0). */
function harmonic(sites: Float64Array, kappa: number): ForceProvider {
  return {
    units: "lj",
    open: () => ({
      evaluate(_k: Kernels, x: number, f: number): number {
        const n3 = sites.length;
        const xv = viewF64(x, n3).slice();
        const fv = viewF64(f, n3);
        let e = 0;
        for (let a = 0; a < n3; a++) {
          const d = xv[a]! - sites[a]!;
          fv[a] = -kappa * d;
          e += 0.5 * kappa * d * d;
        }
        return e;
      },
    }),
  };
}

function gas(n: number, seed: number, dimension: 2 | 3 = 3): Structure {
  const u = Rng.seeded(seed).uniform(3 * n);
  const pos = Float64Array.from(u, (x, k) => (dimension === 2 && k % 3 === 2 ? 0 : 10 * x));
  return new Structure({
    positions: pos,
    species: new Array(n).fill("A"),
    cell: [10, 0, 0, 0, 10, 0, 0, 0, 10],
    pbc: dimension === 2 ? [true, true, false] : [true, true, true],
    dimension,
    masses: Float64Array.from({ length: n }, (_, i) => 1 + (i % 3)),
  });
}

function kaCrystal(reps: number, seed: number): Structure {
  return assignSpecies(fcc(fccLatticeConstant(1.2), [reps, reps, reps]), { A: 80, B: 20 }, Rng.seeded(seed));
}

function momentum(v: Float64Array, m: Float64Array): number[] {
  const p = [0, 0, 0];
  for (let i = 0; i < m.length; i++) for (let a = 0; a < 3; a++) p[a]! += m[i]! * v[3 * i + a]!;
  return p;
}

const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

describe("velocities", () => {
  it("Maxwell–Boltzmann: zero momentum, exact temperature, frozen atoms at rest, z = 0 in 2D", () => {
    const s = gas(200, 1);
    const frozen = Array.from({ length: 200 }, (_, i) => i % 4 === 0);
    const v = maxwellBoltzmann(s, 1.7, "lj", Rng.seeded(2), { frozen });
    const p = momentum(v, s.masses);
    for (const c of p) expect(Math.abs(c)).toBeLessThan(1e-12);
    for (let i = 0; i < 200; i += 4) expect([v[3 * i], v[3 * i + 1], v[3 * i + 2]]).toEqual([0, 0, 0]);
    const moving = Float64Array.from(s.masses, (m, i) => (frozen[i] ? 0 : m));
    expect(kineticTemperature(v, moving, "lj", 3, degreesOfFreedom(150, 3, true))).toBeCloseTo(1.7, 12);
    const s2 = gas(100, 3, 2);
    const v2 = maxwellBoltzmann(s2, 300, "metal", Rng.seeded(4));
    for (let i = 0; i < 100; i++) expect(v2[3 * i + 2]).toBe(0);
    expect(kineticTemperature(v2, s2.masses, "metal", 2)).toBeCloseTo(300, 9);
    // metal units: ½ m v² in eV with mvv2e; a 1 amu atom at 1 Å/ps has 0.5 · 1.0364269e-4 eV
    expect(UNIT_CONSTANTS.metal.mvv2e).toBe(1.0364269e-4);
  });

  it("without rescaling, the mean kinetic energy per dof is k_B T/2 within statistical error", () => {
    const s = gas(3000, 5);
    const v = maxwellBoltzmann(s, 2.0, "lj", Rng.seeded(6), { exact: false });
    const T = kineticTemperature(v, s.masses, "lj");
    expect(Math.abs(T - 2)).toBeLessThan(5 * 2 * Math.sqrt(2 / (3 * 3000)));
  });
});

describe("schedules", () => {
  it("hold and linear cooling", () => {
    const sch = [hold(2, 10), cool(2, 0.5, 0.1)];
    expect(sch[1]!.duration).toBeCloseTo(15, 12);
    expect(scheduleTemperature(sch, 5)).toBe(2);
    expect(scheduleTemperature(sch, 10 + 7.5)).toBeCloseTo(1.25, 12);
    expect(scheduleTemperature(sch, 100)).toBe(0.5);
    expect(() => cool(2, 1, 0)).toThrow(RangeError);
  });

  it("wasm transcendentals agree with JS Math to 1 ulp-ish", () => {
    for (const x of [0.1, 1, 2.5, 10]) {
      expect(wasmMath.exp(x)).toBeCloseTo(Math.exp(x), 12);
      expect(wasmMath.log(x)).toBeCloseTo(Math.log(x), 14);
      expect(wasmMath.cbrt(x)).toBeCloseTo(Math.cbrt(x), 14);
    }
    expect(wasmMath.cbrt(27)).toBe(3);
  });
});

describe("velocity Verlet (NVE)", () => {
  it("harmonic oscillators: energy error ∝ dt², exact period", () => {
    const n = 10;
    const s = gas(n, 7);
    const sites = Float64Array.from(s.positions);
    const x0 = Float64Array.from(sites, (x, k) => x + (k % 3 === 0 ? 0.1 : 0));
    const start = s.withPositions(x0);
    const masses = new Float64Array(n).fill(1);
    const spread = (dt: number) => {
      const r = runMD(start, { forces: harmonic(sites, 4), dt, steps: Math.round(Math.PI / dt), thermostat: { kind: "none" }, velocities: new Float64Array(3 * n), masses, sampleEvery: 1 });
      const e = r.samples.map((q) => q.conserved);
      return { spread: Math.max(...e) - Math.min(...e), x: r.structure.positions[0]! - sites[0]! };
    };
    const a = spread(0.02), b = spread(0.01);
    expect(b.spread).toBeGreaterThan(0);
    expect(a.spread / b.spread).toBeGreaterThan(3.9);
    expect(a.spread / b.spread).toBeLessThan(4.1);
    // ω = 2: after t = π (one period) the displacement is back to +0.1 to O(dt²)
    expect(Math.abs(b.x - 0.1)).toBeLessThan(1e-3);
  });

  it("Kob–Andersen liquid (smooth cut): energy fluctuation ∝ dt², no drift, momentum conserved", () => {
    const s = kaCrystal(3, 1);
    const pot = kobAndersen("smooth");
    const hot = runMD(s, { forces: pot, dt: 0.004, steps: 400, temperature: 1.5, thermostat: { kind: "langevin", damping: 0.5 }, rng: Rng.seeded(9) });
    // remove the momentum the Langevin thermostat left
    const v = Float64Array.from(hot.velocities);
    const p = momentum(v, hot.structure.masses);
    for (let i = 0; i < s.n; i++) for (let a = 0; a < 3; a++) v[3 * i + a]! -= p[a]! / s.n;
    const run = (dt: number) => runMD(hot.structure, { forces: pot, dt, steps: Math.round(0.8 / dt), thermostat: { kind: "none" }, velocities: v, sampleEvery: 1 });
    const spread = (r: ReturnType<typeof run>) => {
      const e = r.samples.map((q) => q.conserved);
      return Math.max(...e) - Math.min(...e);
    };
    const a = run(0.004), b = run(0.002);
    const ratio = spread(a) / spread(b);
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(6);
    expect(spread(b) / s.n).toBeLessThan(2e-3);
    const pf = momentum(b.velocities, b.structure.masses);
    for (const c of pf) expect(Math.abs(c)).toBeLessThan(1e-10);
    expect(b.neighborBuilds).toBeGreaterThan(1);
  });

  it("the kept Verlet list gives the same trajectory as calling the potential each step", () => {
    const s = kaCrystal(3, 2);
    const pot = kobAndersen("shift");
    const opts = { dt: 0.005, steps: 60, thermostat: { kind: "langevin", damping: 1 } as const, temperature: 2.0 };
    const a = runMD(s, { ...opts, forces: forcesFor(pot), rng: Rng.seeded(3) });
    const b = runMD(s, { ...opts, forces: forcesFor(pot, { generic: true }), rng: Rng.seeded(3) });
    let d = 0;
    for (let k = 0; k < 3 * s.n; k++) d = Math.max(d, Math.abs(a.structure.positions[k]! - b.structure.positions[k]!));
    expect(d).toBeLessThan(1e-9);
    expect(a.neighborBuilds).toBeLessThan(60);
    expect(Math.abs(a.potential - pot.compute(a.structure, { forces: false }).energy)).toBeLessThan(1e-9);
  });
});

describe("thermostats", () => {
  it("Langevin BAOAB: equipartition on harmonic oscillators (kinetic and configurational T)", () => {
    const n = 400;
    const s = gas(n, 11);
    const sites = Float64Array.from(s.positions);
    const kappa = 1, T = 0.8, dt = 0.02; // ω dt = 0.02/√m ≤ 0.02: BAOAB's kinetic-T bias ~ (ω dt)²/4 ≤ 1e-4
    const samples: { k: number; p: number }[] = [];
    runMD(s, {
      forces: harmonic(sites, kappa), dt, steps: 6000, temperature: T, rng: Rng.seeded(12),
      thermostat: { kind: "langevin", damping: 1 }, sampleEvery: 20,
      onSample: (q) => { if (q.step >= 1000) samples.push({ k: q.kinetic, p: q.potential }); },
    });
    const dof = 3 * n;
    const tk = samples.map((q) => (2 * q.k) / dof), tp = samples.map((q) => (2 * q.p) / dof);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    // per sample σ_T = T √(2/dof); samples 20 steps = 0.4 apart with correlation time ~ 1/(2γ) = 0.5: take 2× margin
    const se = T * Math.sqrt(2 / dof) / Math.sqrt(samples.length / 2);
    expect(Math.abs(mean(tk) - T)).toBeLessThan(5 * se);
    expect(Math.abs(mean(tp) - T)).toBeLessThan(5 * se);
  });

  it("Langevin on Kob–Andersen: mean kinetic temperature within statistical error; frozen atoms stay put", () => {
    const s = kaCrystal(3, 3);
    const frozen = Array.from({ length: s.n }, (_, i) => i < 20);
    const samples: number[] = [];
    const r = runMD(s, {
      forces: kobAndersen("shift"), dt: 0.005, steps: 1500, temperature: 1.2, rng: Rng.seeded(4), frozen,
      thermostat: { kind: "langevin", damping: 0.2 }, sampleEvery: 10,
      onSample: (q) => { if (q.step >= 300) samples.push(q.temperature); },
    });
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const se = 1.2 * Math.sqrt(2 / r.dof) / Math.sqrt(samples.length / 2);
    expect(r.dof).toBe(3 * (s.n - 20));
    expect(Math.abs(mean - 1.2)).toBeLessThan(5 * se + 0.01); // + BAOAB's O(dt²) kinetic bias
    for (let i = 0; i < 20; i++) {
      for (let a = 0; a < 3; a++) expect(r.structure.positions[3 * i + a]).toBe(s.positions[3 * i + a]);
      expect(r.velocities[3 * i]).toBe(0);
    }
  });

  it("Nosé–Hoover: conserved extended energy and mean temperature near target", () => {
    const s = kaCrystal(3, 5);
    const pot = kobAndersen("smooth");
    const temps: number[] = [], cons: number[] = [];
    runMD(s, {
      forces: pot, dt: 0.003, steps: 2000, temperature: 1.0, rng: Rng.seeded(6),
      thermostat: { kind: "nose-hoover", tau: 0.2 }, sampleEvery: 5,
      onSample: (q) => { if (q.step >= 500) { temps.push(q.temperature); cons.push(q.conserved); } },
    });
    const mean = temps.reduce((a, b) => a + b, 0) / temps.length;
    expect(Math.abs(mean - 1.0)).toBeLessThan(0.06);
    expect((Math.max(...cons) - Math.min(...cons)) / s.n).toBeLessThan(2e-3);
  });

  it("cooling schedule: the kinetic temperature follows the target down and holds at the end", () => {
    const s = kaCrystal(3, 6);
    const got: { target: number; T: number; t: number }[] = [];
    runMD(s, {
      forces: kobAndersen("shift"), dt: 0.005, schedule: [hold(2, 0.5), cool(2, 0.2, 3.6), hold(0.2, 1)], rng: Rng.seeded(7),
      thermostat: { kind: "langevin", damping: 0.1 }, sampleEvery: 10, onSample: (q) => got.push({ target: q.target, T: q.temperature, t: q.time }),
    });
    const last = got.filter((q) => q.t > 1.25);
    const mean = last.reduce((a, b) => a + b.T, 0) / last.length;
    expect(last.every((q) => q.target === 0.2)).toBe(true);
    expect(Math.abs(mean - 0.2)).toBeLessThan(0.04);
    const mid = got.filter((q) => q.t > 0.1 && q.t < 0.5);
    expect(Math.abs(mid.reduce((a, b) => a + b.T, 0) / mid.length - 2)).toBeLessThan(0.3);
  });
});

describe("2D and determinism", () => {
  it("2D Kob–Andersen stays in-plane (z and v_z exactly unchanged)", () => {
    const base = triangular(triangularSpacing(1.2), [8, 5]);
    const s = assignSpecies(base, { A: 65, B: 35 }, Rng.seeded(1));
    const r = runMD(s, { forces: kobAndersen("shift"), dt: 0.005, steps: 300, temperature: 1.0, rng: Rng.seeded(2), thermostat: { kind: "langevin", damping: 0.5 } });
    for (let i = 0; i < s.n; i++) {
      expect(r.structure.positions[3 * i + 2]).toBe(0);
      expect(r.velocities[3 * i + 2]).toBe(0);
    }
    expect(r.dof).toBe(2 * s.n);
    let moved = 0;
    for (let k = 0; k < 3 * s.n; k++) moved = Math.max(moved, Math.abs(r.structure.positions[k]! - s.positions[k]!));
    expect(moved).toBeGreaterThan(0.05);
  });

  it("two runs with the same seed are byte-identical; a different seed differs", () => {
    const s = kaCrystal(3, 8);
    const go = (seed: number) => runMD(s, { forces: kobAndersen("shift"), dt: 0.005, schedule: [hold(1.5, 0.5), cool(1.5, 0.5, 2)], rng: Rng.seeded(seed), thermostat: { kind: "langevin", damping: 0.5 } });
    const a = go(1), b = go(1), c = go(2);
    expect(bits(a.structure.positions)).toBe(bits(b.structure.positions));
    expect(bits(a.velocities)).toBe(bits(b.velocities));
    expect(bits(a.structure.positions)).not.toBe(bits(c.structure.positions));
  });

  it("rejects bad options", () => {
    const s = kaCrystal(2, 1);
    expect(() => runMD(s, { forces: kobAndersen(), dt: 0, steps: 1 })).toThrow(RangeError);
    expect(() => runMD(s, { forces: kobAndersen(), dt: 0.005 })).toThrow(RangeError);
    expect(() => runMD(s, { forces: kobAndersen(), dt: 0.005, steps: 1, temperature: 1 })).toThrow(/rng/);
  });
});
