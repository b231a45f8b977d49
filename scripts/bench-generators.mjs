// Structure generators: wall time per generated structure (MD, FIRE relaxation, Hessian mode check) for
// each system and disorder route, and, for Kob–Andersen 3D, the inherent-structure energy against the
// cooling rate (slower cooling must give lower energies). Run after `npm run build`:
//
//   node scripts/bench-generators.mjs [--json] [--systems kob-andersen-3d,kob-andersen-2d,…] [--count K]
//                                     [--atoms N] [--rates 0.1,1,10] [--rate-seeds S] [--no-rates]
//
// Each system generates K structures with the data-set sampler (sampleParameters, seed 1, indices 0…K−1)
// after one warm-up structure (V8 compiles wasm in tiers; the first calls are slower). Times are wall-clock
// in this process, with the process's CPU time beside them (less sensitive to other processes sharing
// the cores; the load average is printed too). No peer: the reference tool (LAMMPS) is not run here.
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const json = flag("--json");
const gb = await import(pathToFileURL(join(here, "..", "dist", "index.js")).href);
await gb.init();

const systems = option("--systems", "kob-andersen-3d,kob-andersen-2d").split(",");
const count = Number(option("--count", "6"));
const atoms = option("--atoms", undefined);
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : 0.5 * (s[k - 1] + s[k]);
};
const load = () => loadavg()[0].toFixed(1);

if (!json) {
  console.log(`generators: wall time per structure (ms), load average ${load()} on ${(await import("node:os")).cpus().length} cores`);
  console.log("system             route        atoms  σ/f/rate         MD steps  FIRE its  MD ms  relax ms  modes ms  total ms  CPU ms");
}
for (const system of systems) {
  const opts = (i) => ({ ...gb.sampleParameters(system, 1, i), ...(atoms ? { atoms: Number(atoms) } : {}) });
  gb.generateStructure(system, { ...opts(count), requireStable: false }); // warm-up
  const totals = [];
  const cpus = [];
  for (let i = 0; i < count; i++) {
    const o = opts(i);
    const c0 = process.cpuUsage();
    const g = gb.generateStructure(system, { ...o, requireStable: false });
    const c1 = process.cpuUsage(c0);
    const cpu = (c1.user + c1.system) / 1000;
    cpus.push(cpu);
    const m = g.metadata, t = g.timing;
    totals.push(t.total);
    const what = m.method === "displace" ? `σ=${m.sigma.toFixed(3)}` : `f=${m.fraction.toFixed(2)} r=${m.coolingRate === null ? "inst" : m.coolingRate.toPrecision(2)}`;
    if (json) {
      console.log(JSON.stringify({ workload: "generate", system, index: i, method: m.method, atoms: m.atoms, mdSteps: m.mdSteps, iterations: m.iterations, pushes: m.pushes, stable: m.stable, ms: t, cpuMs: cpu, load: Number(load()) }));
    } else {
      console.log(
        `${system.padEnd(18)} ${m.method.padEnd(12)} ${String(m.atoms).padStart(5)}  ${what.padEnd(16)} ${String(m.mdSteps).padStart(8)}  ${String(m.iterations).padStart(8)}  ` +
          `${t.md.toFixed(0).padStart(5)}  ${t.relax.toFixed(0).padStart(8)}  ${t.modes.toFixed(0).padStart(8)}  ${t.total.toFixed(0).padStart(8)}  ${cpu.toFixed(0).padStart(6)}` +
          (m.stable === false ? "  UNSTABLE" : ""),
      );
    }
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  if (!json) console.log(`${system}: wall median ${median(totals).toFixed(0)} ms, mean ${mean(totals).toFixed(0)} ms; CPU median ${median(cpus).toFixed(0)} ms, mean ${mean(cpus).toFixed(0)} ms per structure (load ${load()})`);
}

if (!flag("--no-rates") && systems.includes("kob-andersen-3d")) {
  const rates = option("--rates", "0.1,1,10").split(",").map(Number);
  const seeds = Number(option("--rate-seeds", "4"));
  if (!json) console.log(`\nKob–Andersen 3D melt–quench, ${atoms ?? 256} atoms: inherent-structure energy per atom vs cooling rate (mean ± s.e. of ${seeds})`);
  for (const rate of rates) {
    const e = [];
    const t0 = performance.now();
    for (let i = 0; i < seeds; i++) {
      e.push(gb.generateStructure("kob-andersen-3d", { seed: 2, index: i, method: "melt-quench", coolingRate: rate, checkModes: false, ...(atoms ? { atoms: Number(atoms) } : {}) }).metadata.energyPerAtom);
    }
    const mean = e.reduce((a, b) => a + b, 0) / seeds;
    const se = Math.sqrt(e.reduce((a, b) => a + (b - mean) ** 2, 0) / (seeds - 1) / seeds);
    const ms = (performance.now() - t0) / seeds;
    if (json) console.log(JSON.stringify({ workload: "cooling-rate", rate, energyPerAtom: mean, stderr: se, ms }));
    else console.log(`  rate ${String(rate).padEnd(6)} E/N = ${mean.toFixed(4)} ± ${se.toFixed(4)} ε   (${ms.toFixed(0)} ms per structure)`);
  }
}
