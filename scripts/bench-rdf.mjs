// Neighbor search + g(r) (every partial) for Kob–Andersen 80:20 at number density 1.2: glassbox beside
// LAMMPS `compute rdf` (serial) measured in the same run. Run after `npm run build`:
//
//   node scripts/bench-rdf.mjs [--json] [--sizes 1000,10000,100000,1000000] [--cutoffs 2.5,5]
//                              [--repeat K] [--peer-repeat K] [--no-peer] [--no-cli] [--twin] [--keep]
//
// Structures: N atoms at uniformly random positions (an ideal-gas "liquid": the same number of pairs
// within r as any fluid at ρ = 1.2 on average) in a cubic box, 80 % A and 20 % B assigned at random,
// generated deterministically from an integer seed; written as a LAMMPS data file to a temporary
// directory for the peer and for our CLI. Bins: Δr = 0.01 (250 bins at r = 2.5, 500 at 5).
//
// Timings (seconds):
//   in-process — `rdf(structure, { rMax, bins, partial: true })` in a fresh Node process: cold (first
//     call) and the median of K warm calls after a warm-up. Includes the cell list, all pair distances
//     and the binning; not file reading. pairs/s = unordered pairs within rMax per warm second.
//   whole process — `node dist/cli.js rdf FILE --rmax R --bins B --partial --json > /dev/null`, median of
//     K, with its peak RSS (GNU time); the fair comparison with LAMMPS, which is timed the same way
//     (read_data + neighbor list + compute rdf). Skipped, saying so, if the CLI cannot run `rdf`.
//   LAMMPS — `/usr/bin/python3 ../shared/peers/time_peers.py --repeat K rdf FILE --rmax R --bins B`
//     (median of K). Skipped, saying so, when `lmp` is not installed.
//   --twin: a plain-JavaScript twin of the pair-counting loop (same cell list and half stencil, scalar)
//     timed in the same process at N ≤ 10⁵, to show what WebAssembly buys.
// --json prints one line per workload:
//   {"workload":"rdf","n":N,"rc":R,"seconds":S,"peer":"lammps","peer_seconds":P, …extra fields}
// where seconds is the whole-process time when the CLI runs, else the in-process warm time
// ("seconds_kind" says which); peer_seconds is null when the peer was skipped.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : 0.5 * (s[k - 1] + s[k]);
};

/** Deterministic KA 80:20 ideal-gas configuration at density 1.2 (xorshift32 + integer shuffle). */
function kobAndersen(n, seed = 20240601) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const L = Math.cbrt(n / 1.2);
  const positions = new Float64Array(3 * n);
  for (let i = 0; i < 3 * n; i++) positions[i] = (next() / 4294967296) * L;
  const types = new Uint8Array(n);
  for (let i = 0; i < n; i++) types[i] = i < Math.round(0.8 * n) ? 1 : 2;
  for (let i = n - 1; i > 0; i--) {
    const j = next() % (i + 1);
    const t = types[i];
    types[i] = types[j];
    types[j] = t;
  }
  return { L, positions, types };
}

function writeLammpsData(path, { L, positions, types }) {
  const n = types.length;
  const fd = openSync(path, "w");
  writeSync(fd, `glassbox bench: Kob-Andersen 80:20, N = ${n}, density 1.2, random positions\n\n${n} atoms\n2 atom types\n\n`);
  writeSync(fd, `0 ${L} xlo xhi\n0 ${L} ylo yhi\n0 ${L} zlo zhi\n\nMasses\n\n1 1.0\n2 1.0\n\nAtoms # atomic\n\n`);
  const chunk = [];
  for (let i = 0; i < n; i++) {
    chunk.push(`${i + 1} ${types[i]} ${positions[3 * i]} ${positions[3 * i + 1]} ${positions[3 * i + 2]}`);
    if (chunk.length === 65536 || i === n - 1) {
      writeSync(fd, chunk.join("\n") + "\n");
      chunk.length = 0;
    }
  }
  closeSync(fd);
}

/** Plain-JavaScript twin of the pair-counting loop: cells ≥ rc, half stencil, scalar, one histogram. */
function jsTwinCounts(positions, types, L, rc, bins) {
  const n = types.length;
  const nc = Math.max(1, Math.floor(L / (rc * (1 + 1e-6))));
  const w = L / nc;
  const cellOf = new Int32Array(n);
  const start = new Int32Array(nc * nc * nc + 1);
  for (let i = 0; i < n; i++) {
    const b = (v) => Math.min(nc - 1, Math.floor(v / w));
    const c = (b(positions[3 * i]) * nc + b(positions[3 * i + 1])) * nc + b(positions[3 * i + 2]);
    cellOf[i] = c;
    start[c + 1]++;
  }
  for (let c = 0; c < nc * nc * nc; c++) start[c + 1] += start[c];
  const fill = start.slice();
  const xs = new Float64Array(n), ys = new Float64Array(n), zs = new Float64Array(n), ts = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = fill[cellOf[i]]++;
    xs[p] = positions[3 * i];
    ys[p] = positions[3 * i + 1];
    zs[p] = positions[3 * i + 2];
    ts[p] = types[i] - 1;
  }
  const hist = new Float64Array(4 * bins);
  const dr = rc / bins, rc2 = rc * rc;
  const offsets = [];
  for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) for (let c = -1; c <= 1; c++) if (a > 0 || (a === 0 && (b > 0 || (b === 0 && c > 0)))) offsets.push([a, b, c]);
  for (let c0 = 0; c0 < nc; c0++) {
    for (let c1 = 0; c1 < nc; c1++) {
      for (let c2 = 0; c2 < nc; c2++) {
        const c = (c0 * nc + c1) * nc + c2;
        const i0 = start[c], i1 = start[c + 1];
        for (let i = i0; i < i1; i++) {
          const row = ts[i] * 2 * bins;
          for (let j = i + 1; j < i1; j++) {
            const dx = xs[j] - xs[i], dy = ys[j] - ys[i], dz = zs[j] - zs[i];
            const d2 = dx * dx + dy * dy + dz * dz;
            if (d2 < rc2) {
              const d = Math.sqrt(d2);
              if (d < rc) hist[row + ts[j] * bins + Math.floor(d / dr)]++;
            }
          }
        }
        for (const [a, b, e] of offsets) {
          let t0 = c0 + a, t1 = c1 + b, t2 = c2 + e;
          const B0 = Math.floor(t0 / nc), B1 = Math.floor(t1 / nc), B2 = Math.floor(t2 / nc);
          t0 -= B0 * nc;
          t1 -= B1 * nc;
          t2 -= B2 * nc;
          const cc = (t0 * nc + t1) * nc + t2;
          const j0 = start[cc], j1 = start[cc + 1];
          for (let i = i0; i < i1; i++) {
            const qx = xs[i] - B0 * L, qy = ys[i] - B1 * L, qz = zs[i] - B2 * L;
            const row = ts[i] * 2 * bins;
            for (let j = j0; j < j1; j++) {
              const dx = xs[j] - qx, dy = ys[j] - qy, dz = zs[j] - qz;
              const d2 = dx * dx + dy * dy + dz * dz;
              if (d2 < rc2) {
                const d = Math.sqrt(d2);
                if (d < rc) hist[row + ts[j] * bins + Math.floor(d / dr)]++;
              }
            }
          }
        }
      }
    }
  }
  return hist;
}

// ---- child: time the library in a fresh process ----------------------------------------------------
if (flag("--child")) {
  // Capture the engine's WebAssembly.Memory to report its size (the library does not expose it).
  let wasmMemory = null;
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(Instance, {
    construct(target, args) {
      const inst = Reflect.construct(target, args);
      if (inst.exports.memory instanceof WebAssembly.Memory) wasmMemory = inst.exports.memory;
      return inst;
    },
  });
  const lib = await import(process.env.GLASSBOX_BENCH_LIB ?? pathToFileURL(join(here, "..", "dist", "index.js")).href);
  await lib.init();
  const n = Number(option("--n"));
  const rc = Number(option("--rc"));
  const bins = Number(option("--bins"));
  const repeat = Number(option("--repeat", "3"));
  const config = kobAndersen(n);
  const { L, positions, types } = config;
  const species = Array.from(types, (t) => (t === 1 ? "A" : "B"));
  const structure = new lib.Structure({ positions, species, cell: [L, 0, 0, 0, L, 0, 0, 0, L] });
  const run = () => {
    const t = performance.now();
    const g = lib.rdf(structure, { rMax: rc, bins, partial: true });
    return { s: (performance.now() - t) / 1000, g };
  };
  const first = run();
  let spent = first.s;
  for (let k = 0; k < 10 && (k < 2 || spent < 0.5); k++) spent += run().s;
  const times = [];
  for (let k = 0; k < repeat; k++) times.push(run().s);
  const ordered = first.g.counts.get("total").reduce((a, b) => a + b, 0);
  const out = {
    cold: first.s,
    warm: median(times),
    pairs: ordered / 2,
    rssMaxMB: process.resourceUsage().maxRSS / 1024,
    wasmMB: wasmMemory ? wasmMemory.buffer.byteLength / 2 ** 20 : null,
  };
  if (flag("--twin")) {
    const t0 = performance.now();
    const hist = jsTwinCounts(positions, types, L, rc, bins);
    out.twin = (performance.now() - t0) / 1000;
    // The twin must count exactly what the kernel counts.
    const total = hist.reduce((a, b) => a + b, 0);
    if (total !== ordered / 2) throw new Error(`JS twin counted ${total} pairs, the kernel ${ordered / 2}`);
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

// ---- parent ----------------------------------------------------------------------------------------
const json = flag("--json");
const sizes = option("--sizes", "1000,10000,100000,1000000").split(",").map(Number);
const cutoffs = option("--cutoffs", "2.5,5").split(",").map(Number);
const repeat = Number(option("--repeat", "3"));
const peerRepeat = Number(option("--peer-repeat", String(repeat)));
const dist = join(here, "..", "dist", "index.js");
const cli = join(here, "..", "dist", "cli.js");
if (!process.env.GLASSBOX_BENCH_LIB && !existsSync(dist)) {
  console.error("bench-rdf: dist/index.js is missing; run `npm run build` first");
  process.exit(1);
}
if (sizes.some((n) => !Number.isInteger(n) || n < 2) || cutoffs.some((r) => !(r > 0))) {
  console.error("bench-rdf: --sizes takes integers ≥ 2 and --cutoffs positive numbers, comma-separated");
  process.exit(2);
}
const notes = [];
const log = (s) => {
  if (!json) console.log(s);
};

// Peer: LAMMPS through the shared timing script.
const python = "/usr/bin/python3";
const peerScript = join(here, "..", "..", "shared", "peers", "time_peers.py");
let peer = !flag("--no-peer");
if (peer) {
  const which = spawnSync("sh", ["-c", "command -v lmp"], { encoding: "utf8" });
  if (which.status !== 0) {
    peer = false;
    notes.push("LAMMPS skipped: `lmp` is not installed (bash ../shared/peers/install.sh)");
  } else if (!existsSync(peerScript) || !existsSync(python)) {
    peer = false;
    notes.push(`LAMMPS skipped: ${peerScript} or ${python} not found`);
  }
} else notes.push("LAMMPS skipped (--no-peer)");

// Our whole process: the CLI, if it can run `rdf` yet.
let useCli = !flag("--no-cli");
if (useCli) {
  const probe = spawnSync(process.execPath, [cli, "rdf", "--help"], { encoding: "utf8" });
  if (!existsSync(cli) || probe.status !== 0 || !/rmax/i.test(probe.stdout)) {
    useCli = false;
    notes.push("whole-process timing skipped: `node dist/cli.js rdf` is not available; seconds are in-process");
  }
} else notes.push("whole-process timing skipped (--no-cli); seconds are in-process");
const gnuTime = existsSync("/usr/bin/time");

const work = mkdtempSync(join(tmpdir(), "glassbox-bench-rdf-"));
const rows = [];
try {
  for (const n of sizes) {
    const config = kobAndersen(n);
    const file = join(work, `ka_${n}.data`);
    if (peer || useCli) writeLammpsData(file, config);
    for (const rc of cutoffs) {
      const bins = Math.round(rc / 0.01);
      const twin = flag("--twin") || (!json && n <= 100000 && n === Math.max(...sizes.filter((s) => s <= 100000)) && rc === cutoffs[0]);
      const childArgs = [fileURLToPath(import.meta.url), "--child", "--n", String(n), "--rc", String(rc), "--bins", String(bins), "--repeat", String(repeat)];
      if (twin) childArgs.push("--twin");
      const child = spawnSync(process.execPath, childArgs, { encoding: "utf8", maxBuffer: 1 << 20 });
      if (child.status !== 0) {
        console.error(`bench-rdf: N = ${n}, rc = ${rc} failed:\n${child.stderr}`);
        process.exitCode = 1;
        continue;
      }
      const inproc = JSON.parse(child.stdout.trim().split("\n").pop());

      let whole = null, wholeRssMB = null;
      if (useCli) {
        const times = [];
        for (let k = 0; k < repeat; k++) {
          const cmd = [process.execPath, cli, "rdf", file, "--rmax", String(rc), "--bins", String(bins), "--partial", "--json"];
          const t = performance.now();
          const r = gnuTime
            ? spawnSync("/usr/bin/time", ["-f", "%M", ...cmd], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] })
            : spawnSync(cmd[0], cmd.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
          times.push((performance.now() - t) / 1000);
          if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
          if (gnuTime) wholeRssMB = Math.max(wholeRssMB ?? 0, Number(String(r.stderr).trim().split("\n").pop()) / 1024);
        }
        whole = median(times);
      }

      let peerSeconds = null;
      if (peer) {
        const r = spawnSync(python, [peerScript, "--repeat", String(peerRepeat), "rdf", file, "--rmax", String(rc), "--bins", String(bins)], { encoding: "utf8" });
        if (r.status === 0) peerSeconds = JSON.parse(r.stdout.trim().split("\n").pop()).median_s;
        else notes.push(`LAMMPS failed at N = ${n}, rc = ${rc}: ${String(r.stderr).trim().split("\n").pop()}`);
      }
      const seconds = whole ?? inproc.warm;
      const row = {
        workload: "rdf", n, rc, seconds, peer: "lammps", peer_seconds: peerSeconds,
        seconds_kind: whole !== null ? "whole process (CLI)" : "in-process",
        in_process_seconds: inproc.warm, cold_seconds: inproc.cold, pairs: inproc.pairs,
        pairs_per_second: inproc.pairs / inproc.warm, rss_peak_mb: inproc.rssMaxMB, wasm_mb: inproc.wasmMB,
        cli_rss_peak_mb: wholeRssMB, js_twin_seconds: inproc.twin ?? null,
      };
      rows.push(row);
      if (json) {
        console.log(JSON.stringify(row));
      }
    }
  }
} finally {
  if (!flag("--keep")) rmSync(work, { recursive: true, force: true });
  else notes.push(`data files kept in ${work}`);
}

if (!json) {
  const f = (x, d = 3) => (x === null || x === undefined ? "—" : x.toFixed(d));
  const header = ["N", "rc", "pairs", "warm s", "cold s", "pairs/s", "whole s", "LAMMPS s", "LAMMPS/ours", "RSS MB", "wasm MB", "CLI RSS MB"];
  const table = rows.map((r) => [
    String(r.n), String(r.rc), r.pairs.toExponential(2), f(r.in_process_seconds), f(r.cold_seconds),
    (r.pairs_per_second / 1e6).toFixed(0) + " M", f(r.seconds_kind.startsWith("whole") ? r.seconds : null), f(r.peer_seconds),
    r.peer_seconds ? (r.peer_seconds / r.seconds).toFixed(2) + "×" : "—", f(r.rss_peak_mb, 0), f(r.wasm_mb, 0), f(r.cli_rss_peak_mb, 0),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...table.map((t) => t[k].length)));
  const line = (cells) => cells.map((c, k) => c.padStart(widths[k])).join("  ");
  console.log("g(r) + neighbor search, Kob–Andersen 80:20, ρ = 1.2, every partial, Δr = 0.01 (glassbox vs LAMMPS compute rdf, serial)");
  console.log(line(header));
  for (const t of table) console.log(line(t));
  console.log("LAMMPS/ours compares whole processes when the CLI runs (else our in-process time: not a fair ratio).");
  for (const r of rows) {
    if (r.js_twin_seconds !== null) {
      console.log(`plain-JS twin of the pair loop at N = ${r.n}, rc = ${r.rc}: ${r.js_twin_seconds.toFixed(3)} s vs WebAssembly ${r.in_process_seconds.toFixed(3)} s (${(r.js_twin_seconds / r.in_process_seconds).toFixed(1)}× slower)`);
    }
  }
}
for (const note of notes) (json ? console.error : console.log)(`note: ${note}`);
