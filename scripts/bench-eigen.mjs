// Dense symmetric eigenvalues: glassbox `eigh` (WebAssembly) beside LAPACK (SciPy eigh, OpenBLAS) measured
// in the same run. Run after `npm run build`:
//
//   node scripts/bench-eigen.mjs [--json] [--sizes 300,750,1500,3000] [--repeat K] [--processes P]
//                                [--jacobi-max 750] [--vectors-max 1500] [--no-peer] [--unset-openblas-env]
//
// Workloads: tridiagonal (values only), tridiagonal with vectors (n ≤ --vectors-max), and Jacobi (values,
// n ≤ --jacobi-max: it costs O(n³) per sweep with strided column updates, ~10 sweeps, so larger n takes
// minutes). The matrix is a seeded random symmetric one, (G + Gᵀ)/2 with G standard normal, like the peer's.
// Each timing is the median of K warm runs in one process, after a cold run and a warm-up (V8
// compiles wasm lazily and in tiers, so the first calls are slower); wasm timings vary between processes, so P processes are run
// and the median of their medians is reported. The peer runs `time_peers.py eigvalsh N` (median of K)
// with one thread (the ratio we quote) and with all threads.
// --json prints one line per workload:
//   {"workload":"eigen","n":…,"method":"tridiagonal"|"jacobi","vectors":false,"seconds":…,"peer_seconds":…,
//    "peer_seconds_all_threads":…}
// OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE, when set in the environment, are passed to the peer unchanged
// (and reported); --unset-openblas-env removes both for the peer's process only.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { flag, median, normals, option } from "./bench-common.mjs";

const here = dirname(fileURLToPath(import.meta.url));

function randomSymmetric(n, seed) {
  // Standard normal G, then (G + Gᵀ)/2.
  const g = normals(n * n, seed);
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = 0.5 * (g[i * n + j] + g[j * n + i]);
  return m;
}


// ---- child: time one workload in this process --------------------------------------------------
if (flag("--child")) {
  const lib = await import(process.env.GLASSBOX_BENCH_LIB ?? pathToFileURL(join(here, "..", "dist", "index.js")).href);
  await lib.init();
  const n = Number(option("--n"));
  const method = option("--method");
  const vectors = flag("--vectors");
  const repeat = Number(option("--repeat", "3"));
  const m = randomSymmetric(n, 12345);
  const opts = { method, vectors }; // full validation (finite, symmetric) included in the time
  const run = () => {
    const t = performance.now();
    const r = lib.eigh(m, n, opts);
    const s = (performance.now() - t) / 1000;
    if (!r.converged) throw new Error("not converged");
    return s;
  };
  const cold = run();
  // V8 compiles wasm in tiers in the background: warm up until the timings settle (≥ 1 run, ≥ 0.5 s).
  let spent = 0;
  for (let k = 0; k < 20 && (k < 1 || spent < 0.5); k++) spent += run();
  const times = [];
  for (let k = 0; k < repeat; k++) times.push(run());
  console.log(JSON.stringify({ cold, warm: median(times), times }));
  process.exit(0);
}

// ---- parent ---------------------------------------------------------------------------------------
const json = flag("--json");
const sizes = option("--sizes", "300,750,1500,3000").split(",").map(Number);
const repeatOpt = option("--repeat", null);
const processesOpt = option("--processes", null);
const jacobiMax = Number(option("--jacobi-max", "750"));
const vectorsMax = Number(option("--vectors-max", "1500"));
const usePeer = !flag("--no-peer");
const dist = join(here, "..", "dist", "index.js");
if (!process.env.GLASSBOX_BENCH_LIB && !existsSync(dist)) {
  console.error("bench-eigen: dist/index.js is missing; run `npm run build` first");
  process.exit(1);
}

const python = "/usr/bin/python3";
const peerScript = join(here, "..", "..", "shared", "peers", "time_peers.py");
const blasEnvNames = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];
const blasEnv = Object.fromEntries(blasEnvNames.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
const peerEnv = { ...process.env };
if (flag("--unset-openblas-env")) for (const k of blasEnvNames) delete peerEnv[k];

let peerNote = null;
let blasInfo = null;
if (usePeer) {
  if (!existsSync(peerScript)) peerNote = `peer skipped: ${peerScript} not found`;
  else {
    const probe = spawnSync(
      python,
      ["-c", "import json, scipy, threadpoolctl, numpy; print(json.dumps([dict(internal_api=i.get('internal_api'), version=i.get('version'), architecture=i.get('architecture'), threads=i.get('num_threads')) for i in threadpoolctl.threadpool_info()]))"],
      { encoding: "utf8", env: peerEnv },
    );
    if (probe.status !== 0) {
      const plain = spawnSync(python, ["-c", "import scipy"], { encoding: "utf8", env: peerEnv });
      if (plain.status !== 0) peerNote = "peer skipped: Debian's python3-scipy is not installed (bash ../shared/peers/install.sh)";
    } else {
      try {
        blasInfo = JSON.parse(probe.stdout.trim());
      } catch {
        blasInfo = null;
      }
    }
  }
}

function peer(n, vectors, threads) {
  if (!usePeer || peerNote) return null;
  const args = [peerScript, "--repeat", String(repeatFor(n)), "eigvalsh", String(n)];
  if (threads) args.push("--threads", String(threads));
  if (vectors) args.push("--vectors");
  const r = spawnSync(python, args, { encoding: "utf8", env: peerEnv });
  if (r.status !== 0) {
    console.error(`bench-eigen: peer failed for n = ${n}: ${r.stderr.trim().split("\n").pop()}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()).median_s;
}

// Defaults keep the whole run to a few minutes: fewer repeats where one run takes seconds.
function repeatFor(n, method = "tridiagonal") {
  return repeatOpt ? Number(repeatOpt) : n >= 3000 || (method === "jacobi" && n >= 500) ? 1 : 3;
}
function processesFor(n, method = "tridiagonal") {
  return processesOpt ? Number(processesOpt) : n >= 3000 || (method === "jacobi" && n >= 500) ? 1 : 3;
}

function ours(n, method, vectors) {
  const colds = [];
  const warms = [];
  for (let p = 0; p < processesFor(n, method); p++) {
    const args = [fileURLToPath(import.meta.url), "--child", "--n", String(n), "--method", method, "--repeat", String(repeatFor(n, method))];
    if (vectors) args.push("--vectors");
    const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`bench-eigen: child failed (n = ${n}, ${method}): ${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split("\n").pop());
    colds.push(out.cold);
    warms.push(out.warm);
  }
  return { cold: median(colds), seconds: median(warms), spread: [Math.min(...warms), Math.max(...warms)] };
}

const workloads = [];
for (const n of sizes) {
  workloads.push({ n, method: "tridiagonal", vectors: false });
  if (n <= vectorsMax) workloads.push({ n, method: "tridiagonal", vectors: true });
  if (n <= jacobiMax) workloads.push({ n, method: "jacobi", vectors: false });
}

if (!json) {
  console.log("Dense symmetric eigen-decomposition, seeded random (G + Gᵀ)/2; glassbox eigh (wasm, 1 thread) vs LAPACK (SciPy eigh)");
  console.log(`node ${process.version}; timings: median over processes of the median of warm runs (cold = first call)`);
  if (peerNote) console.log(peerNote);
  else if (usePeer) {
    const info = blasInfo ? blasInfo.map((b) => `${b.internal_api} ${b.version} (${b.architecture}, ${b.threads} threads)`).join("; ") : "unknown";
    console.log(`peer: ${info}; ${Object.keys(blasEnv).length ? Object.entries(blasEnv).map(([k, v]) => `${k}=${v}`).join(" ") : "no OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE"}${flag("--unset-openblas-env") ? " (unset for the peer)" : ""}`);
  }
  if (sizes.some((n) => n > jacobiMax)) console.log(`jacobi timed only for n ≤ ${jacobiMax} (O(n³) per sweep with strided updates)`);
  if (sizes.some((n) => n > vectorsMax)) console.log(`with-vectors timed only for n ≤ ${vectorsMax}`);
  console.log("");
  console.log(
    ["n", "method", "what", "ours [s]", "(cold)", "LAPACK 1 thr [s]", "ratio", "LAPACK all [s]"].map((s, i) => (i < 3 ? s.padEnd(i === 1 ? 12 : 8) : s.padStart(i === 5 ? 17 : 10))).join(" "),
  );
}

for (const w of workloads) {
  const r = ours(w.n, w.method, w.vectors);
  const p1 = peer(w.n, w.vectors, 1);
  const pAll = peer(w.n, w.vectors, 0);
  if (json) {
    const line = { workload: "eigen", n: w.n, method: w.method, vectors: w.vectors, seconds: r.seconds, peer_seconds: p1 };
    line.peer_seconds_all_threads = pAll;
    line.cold_seconds = r.cold;
    if (Object.keys(blasEnv).length) line.blas_env = blasEnv;
    console.log(JSON.stringify(line));
  } else {
    const f = (x) => (x == null ? "—" : x.toFixed(3));
    const ratio = p1 ? `${(r.seconds / p1).toFixed(2)}×` : "—";
    console.log(
      [String(w.n).padEnd(8), w.method.padEnd(12), (w.vectors ? "vectors" : "values").padEnd(8), f(r.seconds).padStart(10), `(${f(r.cold)})`.padStart(10), f(p1).padStart(17), ratio.padStart(10), f(pAll).padStart(10)].join(" "),
    );
  }
}
