// Structure generators: time per generated structure (MD, relaxation, Hessian mode check) for each system
// and disorder route, and, for Kob–Andersen 3D, the inherent-structure energy against the cooling rate
// (slower cooling must give lower energies). Run after `npm run build`:
//
//   node scripts/bench-generators.mjs [--json] [--systems kob-andersen-3d,kob-andersen-2d,…] [--count K]
//                                     [--atoms N | --demo] [--rates 0.1,1,10] [--rate-seeds S] [--no-rates]
//                                     [--save FILE] [--before FILE]
//
// Each system generates K structures with the data-set sampler (sampleParameters, seed 1 = the demo
// seed, indices 0…K−1) after one warm-up structure (V8 compiles wasm in tiers; the first calls are
// slower). `--demo` uses the sizes of `glassbox demo --full` per system (src/study/presets.ts) instead
// of the systems' defaults. Times are wall-clock in this process, with the process's CPU time beside
// them (less sensitive to other processes sharing the cores; the load average is printed too). Every row
// shows whether the relaxation converged (maxForce < fmax) and the imaginary modes left.
//
// Before/after: `--save FILE` writes the per-system summary (median and mean per structure, iterations,
// MD steps); `--before FILE` prints that earlier summary beside this run's, with the speed-up and the
// estimated generation time of `demo --full` (count × mean CPU per structure / 2 workers).
// scripts/bench-generators.before.json holds the summary of the code before the many-body speed-up
// (commit 72c9f5e), measured with --demo --count 24 on these machines (load 3–6 on 2 cores);
// scripts/bench-generators.after.json the summary after it, --demo --count 120 (load 2–4).
//
// No peer: the reference tool (LAMMPS) is not run here, so there is no peer ratio column.
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { flag, median, option } from "./bench-common.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const json = flag("--json");
const gb = await import(pathToFileURL(join(here, "..", "dist", "index.js")).href);
await gb.init();

const systems = option("--systems", "kob-andersen-3d,kob-andersen-2d").split(",");
const count = Number(option("--count", "6"));
const atomsOption = option("--atoms", undefined);
const demo = flag("--demo");
const demoSpecs = demo ? new Map(gb.demoSpecs("full").map((s) => [s.system, s])) : new Map();
const atomsFor = (system) => (atomsOption ? Number(atomsOption) : demoSpecs.get(system)?.atoms);
const load = () => loadavg()[0].toFixed(1);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const summary = {};

if (!json) {
  console.log(`generators: time per structure (ms), load average ${load()} on ${cpus().length} cores${demo ? ", demo --full sizes" : ""}`);
  console.log("system             route        atoms  σ/f/rate         MD steps  min. its  MD ms  relax ms  modes ms  total ms  CPU ms  conv  imag");
}
for (const system of systems) {
  const atoms = atomsFor(system);
  const opts = (i) => ({ ...gb.sampleParameters(system, 1, i), ...(atoms ? { atoms } : {}) });
  gb.generateStructure(system, { ...opts(count), requireStable: false }); // warm-up
  const totals = [], cpuTimes = [], iterations = [], mdSteps = [];
  let unconverged = 0, unstable = 0, n = 0;
  for (let i = 0; i < count; i++) {
    const c0 = process.cpuUsage();
    const g = gb.generateStructure(system, { ...opts(i), requireStable: false });
    const c1 = process.cpuUsage(c0);
    const cpu = (c1.user + c1.system) / 1000;
    const m = g.metadata, t = g.timing;
    n = m.atoms;
    totals.push(t.total);
    cpuTimes.push(cpu);
    iterations.push(m.iterations);
    mdSteps.push(m.mdSteps);
    if (!m.converged) unconverged++;
    if (m.stable === false) unstable++;
    const what = m.method === "displace" ? `σ=${m.sigma.toFixed(3)}` : `f=${m.fraction.toFixed(2)} r=${m.coolingRate === null ? "inst" : m.coolingRate.toPrecision(2)}`;
    if (json) {
      console.log(JSON.stringify({ workload: "generate", system, index: i, method: m.method, atoms: m.atoms, mdSteps: m.mdSteps, iterations: m.iterations, pushes: m.pushes, converged: m.converged, maxForce: m.maxForce, negativeModes: m.negativeModes, stable: m.stable, ms: t, cpuMs: cpu, load: Number(load()) }));
    } else {
      console.log(
        `${system.padEnd(18)} ${m.method.padEnd(12)} ${String(m.atoms).padStart(5)}  ${what.padEnd(16)} ${String(m.mdSteps).padStart(8)}  ${String(m.iterations).padStart(8)}  ` +
          `${t.md.toFixed(0).padStart(5)}  ${t.relax.toFixed(0).padStart(8)}  ${t.modes.toFixed(0).padStart(8)}  ${t.total.toFixed(0).padStart(8)}  ${cpu.toFixed(0).padStart(6)}` +
          `  ${(m.converged ? "yes" : "NO").padStart(4)}  ${String(m.negativeModes ?? "-").padStart(4)}`,
      );
    }
  }
  summary[system] = {
    atoms: n, count, wallMedianMs: median(totals), wallMeanMs: mean(totals), cpuMedianMs: median(cpuTimes), cpuMeanMs: mean(cpuTimes),
    iterationsMean: mean(iterations), iterationsMax: Math.max(...iterations), mdStepsMean: mean(mdSteps), unconverged, unstable,
  };
  if (!json) {
    const s = summary[system];
    console.log(
      `${system}: wall median ${s.wallMedianMs.toFixed(0)} ms, mean ${s.wallMeanMs.toFixed(0)} ms; CPU median ${s.cpuMedianMs.toFixed(0)} ms, mean ${s.cpuMeanMs.toFixed(0)} ms per structure; ` +
        `minimiser iterations mean ${s.iterationsMean.toFixed(0)} (max ${s.iterationsMax}); not converged ${unconverged}, unstable ${unstable} (load ${load()})`,
    );
  }
}

const saveTo = option("--save", undefined);
if (saveTo) {
  writeFileSync(saveTo, JSON.stringify({ date: new Date().toISOString(), demo, count, systems: summary }, null, 2) + "\n");
  if (!json) console.log(`summary written to ${saveTo}`);
}

const beforeFile = option("--before", undefined);
if (beforeFile) {
  const before = JSON.parse(readFileSync(beforeFile, "utf8")).systems;
  const rows = [];
  let tBefore = 0, tAfter = 0, complete = true;
  for (const system of systems) {
    const b = before[system], a = summary[system];
    if (!b) { complete = false; continue; }
    const demoCount = gb.demoSpecs("full").find((s) => s.system === system)?.count;
    if (demoCount === undefined) complete = false;
    else { tBefore += (demoCount * b.cpuMeanMs) / 2000; tAfter += (demoCount * a.cpuMeanMs) / 2000; }
    rows.push({ system, atoms: a.atoms, b, a });
  }
  if (json) {
    console.log(JSON.stringify({ workload: "before-after", before, after: summary, demoFullGenerationSeconds: complete ? { before: tBefore, after: tAfter } : null }));
  } else {
    console.log(`\nbefore (${beforeFile}) → after, CPU ms per structure (median / mean), mean minimiser iterations`);
    console.log("system             atoms   before med   mean   its  →  after med   mean   its   speed-up (mean)");
    for (const { system, atoms, b, a } of rows) {
      console.log(
        `${system.padEnd(18)} ${String(atoms).padStart(5)}   ${b.cpuMedianMs.toFixed(0).padStart(10)} ${b.cpuMeanMs.toFixed(0).padStart(6)} ${b.iterationsMean.toFixed(0).padStart(5)}` +
          `  → ${a.cpuMedianMs.toFixed(0).padStart(9)} ${a.cpuMeanMs.toFixed(0).padStart(6)} ${a.iterationsMean.toFixed(0).padStart(5)}   ${(b.cpuMeanMs / a.cpuMeanMs).toFixed(1).padStart(6)}×`,
      );
    }
    if (complete) {
      console.log(`estimated demo --full generation of these systems (count × mean CPU / 2 workers): ${(tBefore / 60).toFixed(1)} min before, ${(tAfter / 60).toFixed(1)} min after`);
    }
  }
}

if (!flag("--no-rates") && systems.includes("kob-andersen-3d")) {
  const rates = option("--rates", "0.1,1,10").split(",").map(Number);
  const seeds = Number(option("--rate-seeds", "4"));
  const atoms = atomsFor("kob-andersen-3d");
  if (!json) console.log(`\nKob–Andersen 3D melt–quench, ${atoms ?? 256} atoms: inherent-structure energy per atom vs cooling rate (mean ± s.e. of ${seeds})`);
  for (const rate of rates) {
    const e = [];
    const t0 = performance.now();
    for (let i = 0; i < seeds; i++) {
      e.push(gb.generateStructure("kob-andersen-3d", { seed: 2, index: i, method: "melt-quench", coolingRate: rate, checkModes: false, ...(atoms ? { atoms } : {}) }).metadata.energyPerAtom);
    }
    const m = mean(e);
    const se = Math.sqrt(e.reduce((a, b) => a + (b - m) ** 2, 0) / (seeds - 1) / seeds);
    const ms = (performance.now() - t0) / seeds;
    if (json) console.log(JSON.stringify({ workload: "cooling-rate", rate, energyPerAtom: m, stderr: se, ms }));
    else console.log(`  rate ${String(rate).padEnd(6)} E/N = ${m.toFixed(4)} ± ${se.toFixed(4)} ε   (${ms.toFixed(0)} ms per structure)`);
  }
}
