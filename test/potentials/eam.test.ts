// EAM: setfl reader and LAMMPS spline, analytic Zhou 2004; LAMMPS and numpy references (CuAlZr).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { eigh } from "../../src/eigen.js";
import { lammpsSpline, parseSetfl, SetflEAM, setflFromText, ZHOU2004, ZhouEAM } from "../../src/potentials/eam.js";
import { potentialFromSpec } from "../../src/potentials/index.js";
import { PotentialFileError } from "../../src/potentials/tersoff.js";
import { GlassboxError, Structure } from "../../src/structure.js";
import { eigenvaluesToFrequencies, METAL_THZ } from "../../src/units.js";
import { loadJson, ref } from "../reference.js";
import { dense, fdRows, loadNpy, manybody, maxAbs, maxAbsDiff } from "./manybody-helpers.js";

const SOURCE = "CuAlZr_zhou04.eam.alloy";
const text = readFileSync(ref("potentials", SOURCE), "utf8");
const file = parseSetfl(text, SOURCE);
const setfl = new SetflEAM(file);
const zhou = new ZhouEAM(["Cu", "Al", "Zr"]);
const NAMES = ["cualzr_s0.00", "cualzr_s0.10", "cualzr_relaxed"];

/** A tiny setfl file: 1 element, nrho = nr = 6 (5 values per line), for parser error tests. */
function tiny(over: Partial<Record<"head" | "grid" | "elem" | "F" | "f" | "z" | "tail", string>> = {}): string {
  const v = (k: number) => Array.from({ length: k }, (_, i) => (0.1 * (i + 1)).toString());
  const six = `${v(5).join(" ")}\n${v(1).join(" ")}`;
  return [
    "c1", "c2", "c3",
    over.head ?? "1 Cu",
    over.grid ?? "6 0.5 6 0.5 2.5",
    over.elem ?? "29 63.546 3.615 fcc",
    over.F ?? six,
    over.f ?? six,
    over.z ?? six,
    over.tail ?? "",
  ].join("\n");
}

/** Evaluates a lammpsSpline table as LAMMPS does (value, derivative) at x ≥ 0. */
function splineAt(s: Float64Array, n: number, delta: number, x: number): [number, number] {
  let p = x / delta + 1.0;
  let m = Math.trunc(p);
  m = Math.max(1, Math.min(m, n - 1));
  p -= m;
  p = Math.min(p, 1.0);
  const c = 7 * (m - 1);
  return [((s[c + 3]! * p + s[c + 4]!) * p + s[c + 5]!) * p + s[c + 6]!, (s[c]! * p + s[c + 1]!) * p + s[c + 2]!];
}

describe("parseSetfl", () => {
  it("reads the CuAlZr setfl: header, grid, element lines, all tables", () => {
    expect(file.elements.map((e) => e.name)).toEqual(["Cu", "Al", "Zr"]);
    expect([file.nrho, file.nr]).toEqual([2000, 2000]);
    expect(file.drho).toBe(5.0830689981834411e-2);
    expect(file.dr).toBe(3.5794739042040134e-3);
    expect(file.cutoff).toBe(7.155368334503823);
    expect(file.elements.map((e) => [e.atomicNumber, e.mass, e.latticeType])).toEqual([[29, 63.546, "fcc"], [13, 26.981539, "fcc"], [40, 91.224, "fcc"]]);
    expect(file.elements[0]!.F[0]).toBe(1.1102230246251565e-16);
    expect(file.elements[0]!.F[1]).toBe(-1.379346141386717e-2);
    expect(file.z2r).toHaveLength(6);
    for (const z of file.z2r) expect(z).toHaveLength(2000);
    expect(file.comments[0]).toMatch(/^Zhou, Johnson, Wadley/);
    expect(setfl.cutoff).toBe(file.cutoff);
    expect(setfl.hessianRange).toBe(2 * file.cutoff);
  });

  it("accepts a minimal valid file", () => {
    const f = parseSetfl(tiny(), "tiny.eam.alloy");
    expect(f.elements[0]!.F).toHaveLength(6);
    expect(f.z2r[0]![5]).toBeCloseTo(0.1, 15);
  });

  it("rejects malformed files with file and line", () => {
    const cases: [string, RegExp][] = [
      [tiny({ head: "2 Cu" }), /^t\.eam:4: line 4 announces 2 element\(s\) but lists 1/],
      [tiny({ head: "x Cu" }), /^t\.eam:4: number of elements on line 4 must be a positive integer/],
      [tiny({ grid: "6 0.5 6 0.5" }), /^t\.eam:5: grid line needs nrho drho nr dr cutoff/],
      [tiny({ grid: "6 -0.5 6 0.5 2.5" }), /^t\.eam:5: drho must be a positive number/],
      [tiny({ grid: "3 0.5 6 0.5 2.5" }), /^t\.eam:5: nrho and nr must be at least 5/],
      [tiny({ elem: "29" }), /^t\.eam:6: element Cu: header needs/],
      [tiny({ elem: "29 heavy" }), /^t\.eam:6: element Cu: mass "heavy"/],
      [tiny({ F: "0.1 0.2 0.3 0.4 0.5\n0.6 0.7" }), /^t\.eam:8: F\(rho\) of Cu: line has 1 value\(s\) beyond the 6 expected/],
      [tiny({ f: "0.1 0.2 zz 0.4 0.5\n0.6" }), /^t\.eam:9: density f\(r\) of Cu: "zz" is not a finite number/],
      [tiny({ z: "0.1 0.2 0.3" }), /^t\.eam:1\d: file ends before r\*phi\(r\) of Cu-Cu \(3 of 6 values read\)/],
      [tiny({ tail: "1 2 3" }), /^t\.eam:13: unexpected values after the last r\*phi\(r\) table/],
      ["c1\nc2", /^t\.eam:2: file ends before comment line 3/],
      ["c1\nc2\nc3\n", /^t\.eam:4: file ends before the element line/],
    ];
    for (const [t, re] of cases) {
      expect(() => parseSetfl(t, "t.eam")).toThrow(PotentialFileError);
      expect(() => parseSetfl(t, "t.eam")).toThrow(re);
    }
  });
});

describe("lammpsSpline (PairEAM::interpolate)", () => {
  it("interpolates the data at the knots and reproduces a cubic exactly in the interior", () => {
    const n = 40, d = 0.25;
    const g = (x: number) => 0.3 * x ** 3 - 2 * x ** 2 + x - 5;
    const gd = (x: number) => 0.9 * x ** 2 - 4 * x + 1;
    const s = lammpsSpline(Array.from({ length: n }, (_, k) => g(k * d)), d);
    for (let k = 0; k < n - 1; k++) expect(splineAt(s, n, d, k * d)[0]).toBeCloseTo(g(k * d), 12);
    // interior intervals (knots 3 … n−3, 1-based): the 5-point slopes are exact for a cubic
    for (const x of [2.1, 3.3, 5.05, 7.77]) {
      const [v, dv] = splineAt(s, n, d, x);
      expect(Math.abs(v - g(x))).toBeLessThan(1e-11);
      expect(Math.abs(dv - gd(x))).toBeLessThan(1e-10);
    }
  });
  it("is C¹ at knots: value and derivative continuous, second derivative may jump", () => {
    const n = 30, d = 0.1;
    const s = lammpsSpline(Array.from({ length: n }, (_, k) => Math.exp(-0.3 * k * d) * Math.cos(k * d)), d);
    for (let m = 2; m < n - 1; m++) {
      // end of interval m−1 (p = 1) equals start of interval m (p = 0)
      const a = 7 * (m - 2), b = 7 * (m - 1);
      const endV = s[a + 3]! + s[a + 4]! + s[a + 5]! + s[a + 6]!;
      const endD = s[a]! + s[a + 1]! + s[a + 2]!;
      expect(endV).toBeCloseTo(s[b + 6]!, 13);
      expect(endD).toBeCloseTo(s[b + 2]!, 12);
    }
  });
});

describe("Zhou 2004 parameters", () => {
  it("equal ../shared/reference/potentials/zhou2004_CuAlZr.json", () => {
    const json = loadJson("potentials", "zhou2004_CuAlZr.json");
    for (const e of ["Cu", "Al", "Zr"]) {
      const ours = ZHOU2004[e]! as unknown as Record<string, number>;
      const theirs = json.elements[e] as Record<string, number>;
      for (const [k, v] of Object.entries(theirs)) if (k !== "Z") expect([e, k, ours[k]]).toEqual([e, k, v]);
    }
    expect(zhou.cutoff).toBe(Math.sqrt(5) * 3.199978);
    expect(Math.abs(zhou.cutoff - file.cutoff)).toBeLessThan(1e-12);
  });
});

describe("EAM: crystals of the reference README (energy per atom at a = √2 r_e)", () => {
  const fcc = (el: string, a: number, reps: number) => {
    const basis = [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5];
    const pos: number[] = [];
    for (let i = 0; i < reps; i++) for (let j = 0; j < reps; j++) for (let k = 0; k < reps; k++) {
      for (let b = 0; b < 4; b++) pos.push((i + basis[3 * b]!) * a, (j + basis[3 * b + 1]!) * a, (k + basis[3 * b + 2]!) * a);
    }
    return new Structure({ positions: pos, species: Array(pos.length / 3).fill(el), cell: [reps * a, 0, 0, 0, reps * a, 0, 0, 0, reps * a] });
  };
  it.each([["Cu", 3.614959, -3.539995], ["Al", 4.0502, -3.580003]] as const)("fcc %s: E/atom %f → %f eV", (el, a, e) => {
    const s = fcc(el, a, 3);
    for (const pot of [setfl, zhou]) {
      const r = pot.compute(s, { virial: true });
      expect(Math.abs(r.energy / s.n - e)).toBeLessThan(1e-6);
      expect(maxAbs(r.forces!)).toBeLessThan(1e-10);
    }
  });
});

describe("EAM bad input and warnings", () => {
  const cell = [20, 0, 0, 0, 20, 0, 0, 0, 20];
  it("names an element the file lacks, and the file", () => {
    const s = new Structure({ positions: [0, 0, 0, 2.5, 0, 0], species: ["Cu", "Ni"], cell });
    expect(() => setfl.compute(s)).toThrow(GlassboxError);
    expect(() => setfl.compute(s)).toThrow(/EAM file CuAlZr_zhou04\.eam\.alloy has no parameters for element "Ni" \(it has Cu, Al, Zr\)/);
    expect(() => zhou.hessian(s)).toThrow(/Zhou 2004 EAM has no parameters for element "Ni"/);
    expect(() => new ZhouEAM(["Cu", "Fe"])).toThrow(/no parameters for element "Fe" \(it has Cu, Al, Zr\)/);
  });
  it("warns for pairs closer than 0.5 Å, where the functions are clamped, and for ρ beyond the table", () => {
    const warnings: string[] = [];
    const pot = new SetflEAM(file, { onWarning: (m) => warnings.push(m) });
    const zw: string[] = [];
    const zpot = new ZhouEAM(["Cu", "Al", "Zr"], { onWarning: (m) => zw.push(m) });
    const s = new Structure({ positions: [5, 5, 5, 5.4, 5, 5, 5.2, 5.35, 5], species: ["Zr", "Zr", "Zr"], cell });
    const r = pot.compute(s);
    zpot.compute(s);
    expect(Number.isFinite(r.energy)).toBe(true);
    expect(warnings.some((w) => /atoms \d and \d are 0\.4\d* Å apart, closer than 0\.5 Å/.test(w))).toBe(true);
    expect(warnings.some((w) => /electron density of atom \d .* is above the table end 101\.6/.test(w))).toBe(true);
    expect(zw.some((w) => /closer than 0\.5 Å/.test(w))).toBe(true);
    // setfl and analytic agree below 0.5 Å too (same clamping convention), up to table interpolation
    const dimer = new Structure({ positions: [5, 5, 5, 5.3, 5, 5], species: ["Cu", "Zr"], cell });
    expect(zpot.compute(dimer).energy).toBeCloseTo(pot.compute(dimer).energy, 3);
  });
  it("rejects coincident atoms", () => {
    const s = new Structure({ positions: [5, 5, 5, 5, 5, 5], species: ["Cu", "Cu"], cell });
    expect(() => zhou.compute(s)).toThrow(/atoms 0 and 1 coincide/);
  });
  it("gives the file masses, as LAMMPS eam/alloy", () => {
    const s = new Structure({ positions: [0, 0, 0, 2.5, 0, 0, 0, 2.5, 0], species: ["Zr", "Al", "Cu"], cell });
    expect(Array.from(setfl.massesFor(s))).toEqual([91.224, 26.981539, 63.546]);
    expect(Array.from(zhou.massesFor(s))).toEqual([91.224, 26.981539, 63.546]);
  });
  it("builds through potentialFromSpec: eam:PATH and zhou:Cu,Al,Zr", () => {
    const path = ref("potentials", SOURCE);
    const a = potentialFromSpec(`eam:${path}`, { readText: (p) => readFileSync(p, "utf8") });
    const b = potentialFromSpec("zhou:Cu,Al,Zr");
    expect(a.name).toBe(`eam:${path}`);
    expect(b.name).toBe("zhou:Cu,Al,Zr");
    const { s, json } = manybody("cualzr_s0.00");
    expect(a.compute(s, { forces: false }).energy).toBeCloseTo(json.energy, 8);
    expect(b.compute(s, { forces: false }).energy).toBeCloseTo(json.numpy_check.energy, 8);
    expect(() => potentialFromSpec("zhou:Cu,Xx")).toThrow(/"Xx"/);
    expect(() => potentialFromSpec("eam:x.eam.alloy")).toThrow(/no file reader/);
    expect(() => setflFromText(text.slice(0, 5000), "cut.eam.alloy")).toThrow(/^cut\.eam\.alloy:\d+: file ends before/);
  });
});

describe.each(NAMES)("EAM vs references: %s", (name) => {
  const { s, json } = manybody(name);
  const nc = json.numpy_check;
  const fScale = Math.max(1, maxAbs(json.forces.flat()));

  it("setfl with the LAMMPS spline reproduces LAMMPS: energy, pe/atom, forces, virial (measured ≤ 4e-11 eV, 1e-13 eV/Å)", () => {
    const r = setfl.compute(s, { perAtom: true, virial: true });
    expect(Math.abs(r.energy - json.energy)).toBeLessThan(1e-12 * Math.abs(json.energy) * 100);
    expect(maxAbsDiff(r.energyPerAtom!, json.energy_per_atom)).toBeLessThan(1e-12);
    expect(maxAbsDiff(r.forces!, json.forces.flat())).toBeLessThan(1e-12 * fScale);
    expect(maxAbsDiff(r.virial!, json.virial.values)).toBeLessThan(1e-12 * Math.max(1, maxAbs(json.virial.values)));
    expect(Math.abs(r.energyPerAtom!.reduce((a, b) => a + b, 0) - r.energy)).toBeLessThan(1e-10);
  });

  it("analytic Zhou reproduces the numpy analytic energy and virial to 1e-9, and LAMMPS within the tabulation difference", () => {
    const r = zhou.compute(s, { perAtom: true, virial: true });
    expect(Math.abs(r.energy - nc.energy)).toBeLessThan(1e-9 * Math.abs(nc.energy));
    expect(maxAbsDiff(r.virial!, nc.virial)).toBeLessThan(1e-9 * maxAbs(nc.virial));
    // numpy's own differences from LAMMPS are recorded; ours must be the same to rounding
    expect(Math.abs(maxAbsDiff(r.forces!, json.forces.flat()) - nc.forces_max_abs_diff)).toBeLessThan(1e-9 * fScale);
    expect(Math.abs(maxAbsDiff(r.energyPerAtom!, json.energy_per_atom) - nc.energy_per_atom_max_abs_diff)).toBeLessThan(1e-11);
    expect(Math.abs(r.energyPerAtom!.reduce((a, b) => a + b, 0) - r.energy)).toBeLessThan(1e-10);
  });

  it("densities: setfl and analytic agree to interpolation level", () => {
    const a = setfl.densities(s), b = zhou.densities(s);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6 * maxAbs(b));
  });
});

describe.each(NAMES)("EAM Hessians: %s", (name) => {
  const { s, json } = manybody(name);
  const nc = json.numpy_check;
  const m = 3 * s.n;
  let Hs: Float64Array, Hz: Float64Array;
  beforeAll(() => {
    Hs = dense(setfl.hessian(s));
    Hz = dense(zhou.hessian(s));
  });

  it("setfl Hessian matches the LAMMPS FD Hessian (measured ≤ 2.5e-8 eV/Å²)", () => {
    const R = loadNpy(ref("manybody", "answers", `${name}.hessian.npy`)).data as Float64Array;
    const steps = json.hessian.convergence_between_steps as { h1: number; h2: number; max_abs: number }[];
    const noise = Math.max(json.hessian.error_estimate_max_abs, steps.find((c) => c.h1 === 1e-5)!.max_abs);
    const d = maxAbsDiff(Hs, R);
    expect(d).toBeLessThan(2 * noise);
    expect(d).toBeLessThan(5e-8);
  });

  it("analytic Zhou Hessian matches the numpy analytic Hessian (measured 2.5e-14 eV/Å²), and LAMMPS as numpy does", () => {
    const A = loadNpy(ref("manybody", "answers", `${name}.hessian_analytic.npy`)).data as Float64Array;
    expect(maxAbsDiff(Hz, A)).toBeLessThan(1e-9 * maxAbs(A));
    const R = loadNpy(ref("manybody", "answers", `${name}.hessian.npy`)).data as Float64Array;
    expect(Math.abs(maxAbsDiff(Hz, R) - nc.hessian_lammps_fd_minus_analytic.max_abs)).toBeLessThan(1e-9);
    let trace = 0;
    for (let k = 0; k < m; k++) trace += Hz[k * m + k]!;
    expect(Math.abs(trace - nc.hessian_analytic_trace)).toBeLessThan(1e-9 * nc.hessian_analytic_trace);
  });

  it("both are symmetric with zero block-row sums, and equal FD of their own forces", () => {
    for (const H of [Hs, Hz]) {
      const scale = maxAbs(H);
      let asym = 0, asr = 0;
      for (let r = 0; r < m; r++) {
        const sum = [0, 0, 0];
        for (let c = 0; c < m; c++) {
          asym = Math.max(asym, Math.abs(H[r * m + c]! - H[c * m + r]!));
          sum[c % 3]! += H[r * m + c]!;
        }
        asr = Math.max(asr, ...sum.map(Math.abs));
      }
      expect(asym).toBeLessThan(1e-13 * scale);
      expect(asr).toBeLessThan(1e-12 * scale);
    }
    const dofs = [0, 7, m - 1];
    // analytic form: Richardson-extrapolated central differences (measured ≤ 1e-10)
    const a = fdRows(zhou, s, dofs, 1e-4), b = fdRows(zhou, s, dofs, 5e-5);
    dofs.forEach((dof, q) => {
      const rich = Float64Array.from(b[q]!, (v, k) => (4 * v - a[q]![k]!) / 3);
      expect(maxAbsDiff(Hz.subarray(dof * m, dof * m + m), rich)).toBeLessThan(1e-9 * maxAbs(Hz));
    });
    // setfl: the spline is C¹, so steps must stay inside one knot interval (dr = 3.6e-3 Å): h = 1e-6
    const c = fdRows(setfl, s, dofs, 1e-6);
    dofs.forEach((dof, q) => expect(maxAbsDiff(Hs.subarray(dof * m, dof * m + m), c[q]!)).toBeLessThan(1e-7));
  });

  it("eigenvalues and frequencies agree with the references (Weyl bound ‖ΔH‖_F)", () => {
    const R = loadNpy(ref("manybody", "answers", `${name}.hessian.npy`)).data as Float64Array;
    const A = loadNpy(ref("manybody", "answers", `${name}.hessian_analytic.npy`)).data as Float64Array;
    const frob = (X: Float64Array, Y: Float64Array) => Math.sqrt(X.reduce((acc, v, k) => acc + (v - Y[k]!) ** 2, 0));
    const solver = 1e-12 * maxAbs(Hs) * m;
    const ls = eigh(Hs, m, { assumeSymmetric: true }).values;
    expect(maxAbsDiff(ls, json.hessian.eigenvalues)).toBeLessThan(frob(Hs, R) + solver);
    const lz = eigh(Hz, m, { assumeSymmetric: true }).values;
    expect(maxAbsDiff(lz, nc.hessian_analytic_eigenvalues)).toBeLessThan(frob(Hz, A) + solver);
    // dynamical matrix with the file masses (LAMMPS eam/alloy)
    const w = Float64Array.from(setfl.massesFor(s), (x) => 1 / Math.sqrt(x));
    const D = Float64Array.from(Hs, (v, k) => v * w[Math.floor(Math.floor(k / m) / 3)]! * w[Math.floor((k % m) / 3)]!);
    const mu = eigh(D, m, { assumeSymmetric: true }).values;
    const dBound = (frob(Hs, R) + solver) / Math.min(...setfl.massesFor(s));
    expect(maxAbsDiff(mu, json.dynamical_matrix.eigenvalues)).toBeLessThan(dBound);
    const nu = eigenvaluesToFrequencies(mu);
    nu.forEach((v, k) => expect(Math.abs(v - json.dynamical_matrix.frequencies_THz[k])).toBeLessThan(METAL_THZ * Math.sqrt(dBound) + 1e-9 * Math.abs(v)));
    if (name === "cualzr_relaxed") {
      // a true minimum: three translational zero modes, everything else positive
      expect(ls.filter((x) => x < -1e-8)).toHaveLength(0);
      expect(ls[3]!).toBeGreaterThan(1e-3);
    }
  });
});
