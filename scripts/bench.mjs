// `npm run bench [-- WORKLOAD…] [--json] [other flags]`: runs the benchmark scripts, each of which prints
// our time beside the reference tool's time measured in the same run (LAMMPS, LAPACK, scikit-learn).
// WORKLOAD: rdf | eigen | hessian | fit | generators (default: all). Flags are passed through to each script.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const scripts = { rdf: "bench-rdf.mjs", eigen: "bench-eigen.mjs", hessian: "bench-hessian.mjs", fit: "bench-fit.mjs", generators: "bench-generators.mjs" };
const args = process.argv.slice(2);
const chosen = args.filter((a) => a in scripts);
const flags = args.filter((a) => !(a in scripts));
const unknown = flags.filter((a) => !a.startsWith("-") && !/^[\d.,e]+$/.test(a));
if (args.includes("--help")) {
  console.log(`usage: npm run bench [-- ${Object.keys(scripts).join("|")} …] [--json] [script flags]`);
  process.exit(0);
}
if (unknown.length && chosen.length === 0) {
  console.error(`bench: unknown workload "${unknown[0]}"; choose from ${Object.keys(scripts).join(", ")}`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen.length ? chosen : Object.keys(scripts)) {
  const file = join(here, scripts[name]);
  if (!existsSync(file)) {
    console.error(`bench: ${name}: ${scripts[name]} is not there yet`);
    failed++;
    continue;
  }
  const r = spawnSync(process.execPath, [file, ...flags], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
