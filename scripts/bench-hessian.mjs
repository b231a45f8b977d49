// Sparse (3×3 block-CSR) Hessian assembly for Kob–Andersen LJ, N = 500 … 10⁵. Run after `npm run build`:
//
//   node scripts/bench-hessian.mjs [--json] [--sizes 500,4000,32000,108000] [--repeat K] [--twin]
//
// Structures: glass-like KA 80:20 at number density 1.2 — an fcc lattice (N = 4m³) with random A/B
// assignment and Gaussian displacements of 0.08 σ_AA (deterministic integer-seeded generator), so every
// atom has the ~78 neighbors within 2.5 σ of a dense glass and no overlapping pairs. Potential
// `kob-andersen:smooth` (hessianRange 2.5 σ).
//
// Timings (seconds), in one Node process:
//   seconds      — `potential.hessian(structure)`: full neighbor list, block pattern, analytic assembly in
//                  WebAssembly and the copy out to JavaScript; median of K warm calls after a warm-up.
//   cold_seconds — the first call (V8 baseline tier, memory growth).
//   neighbor_seconds — `neighborList(structure, { cutoff: 2.5 })` alone (median of K): the part of the
//                  assembly that is the neighbor search.
//   blocks, blocks_per_second — stored 3×3 blocks (both triangles, diagonal included) / seconds.
//   --twin: a plain-JavaScript twin of pattern + assembly (from the same neighbor list) timed at N ≤ 32000,
//           to show what WebAssembly buys (twin_seconds, compared with seconds − neighbor_seconds, the
//           WebAssembly pattern + assembly + copy-out; twin_relative_difference checks its result).
// --json prints one line per size: {"workload":"hessian","n":N,"seconds":S, …}.
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

const json = flag("--json");
const sizes = option("--sizes", "500,4000,13500,32000,108000").split(",").map(Number);
const repeat = Number(option("--repeat", "5"));
const twin = flag("--twin");
for (const n of sizes) {
  const m = Math.round(Math.cbrt(n / 4));
  if (!(n > 0) || 4 * m ** 3 !== n) {
    console.error(`bench-hessian: N must be 4m³ (fcc), e.g. 500, 4000, 13500, 32000, 108000; got ${n}`);
    process.exit(2);
  }
}

const lib = await import(process.env.GLASSBOX_BENCH_LIB ?? pathToFileURL(join(here, "..", "dist", "index.js")).href);
await lib.init();

/** Deterministic glass-like KA: fcc m×m×m at ρ = 1.2, 80:20 shuffled, Gaussian displacements 0.08 σ. */
function glassLike(n, seed = 20240602) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
  const uniform = () => (next() + 0.5) / 4294967296;
  const m = Math.round(Math.cbrt(n / 4));
  const a = Math.cbrt(4 / 1.2);
  const L = m * a;
  const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
  const positions = new Float64Array(3 * n);
  let p = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) {
    for (const b of basis) {
      positions[p++] = (i + b[0]) * a;
      positions[p++] = (j + b[1]) * a;
      positions[p++] = (k + b[2]) * a;
    }
  }
  for (let q = 0; q < 3 * n; q += 2) {
    // Box–Muller pairs (Math.log/cos here only shape the benchmark input, never a result)
    const r = Math.sqrt(-2 * Math.log(uniform())), t = 2 * Math.PI * uniform();
    positions[q] += 0.08 * r * Math.cos(t);
    if (q + 1 < 3 * n) positions[q + 1] += 0.08 * r * Math.sin(t);
  }
  const species = Array.from({ length: n }, (_, i) => (i < Math.round(0.8 * n) ? "A" : "B"));
  for (let i = n - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [species[i], species[j]] = [species[j], species[i]];
  }
  return new lib.Structure({ positions, species, cell: [L, 0, 0, 0, L, 0, 0, 0, L] });
}

/** Plain-JavaScript twin: pattern (sorted distinct columns + diagonal) and pair assembly from a full list. */
function twinHessian(pot, s, list) {
  const n = s.n, x = s.positions, c = s.cell;
  const rowStart = new Int32Array(n + 1);
  const mark = new Int32Array(n).fill(-1);
  const cols = [];
  for (let i = 0; i < n; i++) {
    const row = [i];
    mark[i] = i;
    for (let p = list.first[i]; p < list.first[i + 1]; p++) {
      const j = list.j[p];
      if (mark[j] !== i) { mark[j] = i; row.push(j); }
    }
    row.sort((u, v) => u - v);
    rowStart[i + 1] = rowStart[i] + row.length;
    cols.push(row);
  }
  const col = new Int32Array(rowStart[n]);
  cols.forEach((row, i) => col.set(row, rowStart[i]));
  const blocks = new Float64Array(9 * rowStart[n]);
  const find = (i, j) => {
    let lo = rowStart[i], hi = rowStart[i + 1] - 1;
    while (lo <= hi) { const mid = (lo + hi) >>> 1; if (col[mid] < j) lo = mid + 1; else if (col[mid] > j) hi = mid - 1; else return mid; }
    return -1;
  };
  const params = new Map();
  for (const a of ["A", "B"]) for (const b of ["A", "B"]) {
    const { epsilon, sigma, cutoff } = pot.pair(a, b);
    const s6 = sigma ** 6;
    const ir = 1 / cutoff, ir6 = ir ** 6;
    params.set(a + b, { c12: 4 * epsilon * s6 * s6, c6: 4 * epsilon * s6, rc2: cutoff * cutoff, B: ((6 * 4 * epsilon * s6 * ir6 - 12 * 4 * epsilon * s6 * s6 * ir6 * ir6) * ir) });
  }
  for (let i = 0; i < n; i++) {
    const d = new Float64Array(9);
    for (let p = list.first[i]; p < list.first[i + 1]; p++) {
      const j = list.j[p];
      if (j === i) continue;
      const S0 = list.shift[3 * p], S1 = list.shift[3 * p + 1], S2 = list.shift[3 * p + 2];
      const v = [0, 1, 2].map((k) => x[3 * j + k] - x[3 * i + k] + S0 * c[k] + S1 * c[3 + k] + S2 * c[6 + k]);
      const r2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
      const q = params.get(s.species[i] + s.species[j]);
      if (!(r2 < q.rc2)) continue;
      const ir2 = 1 / r2, ir6 = ir2 * ir2 * ir2, a12 = q.c12 * ir6 * ir6, a6 = q.c6 * ir6;
      const dphi = (6 * a6 - 12 * a12) * ir2 - q.B / Math.sqrt(r2);
      const a = ((156 * a12 - 42 * a6) * ir2 - dphi) * ir2;
      const k = 9 * find(i, j);
      for (let u = 0; u < 3; u++) for (let w = 0; w < 3; w++) {
        const e = a * v[u] * v[w] + (u === w ? dphi : 0);
        blocks[k + 3 * u + w] -= e;
        d[3 * u + w] += e;
      }
    }
    const k = 9 * find(i, i);
    for (let e = 0; e < 9; e++) blocks[k + e] += d[e];
  }
  return { n, rowStart, col, blocks };
}

const pot = lib.kobAndersen("smooth");
const rows = [];
for (const n of sizes) {
  const s = glassLike(n);
  let t = performance.now();
  let h = pot.hessian(s);
  const cold = (performance.now() - t) / 1000;
  const warm = [];
  for (let r = 0; r < repeat; r++) {
    h = null;
    t = performance.now();
    h = pot.hessian(s);
    warm.push((performance.now() - t) / 1000);
  }
  const nl = [];
  let list = null;
  for (let r = 0; r < Math.max(1, Math.min(repeat, 3)); r++) {
    list = null;
    t = performance.now();
    list = lib.neighborList(s, { cutoff: pot.hessianRange });
    nl.push((performance.now() - t) / 1000);
  }
  const seconds = median(warm);
  const blocks = h.col.length;
  const row = {
    workload: "hessian", n, seconds, cold_seconds: cold, neighbor_seconds: median(nl), blocks,
    blocks_per_second: blocks / seconds, bytes: blocks * 76 + 4 * (n + 1),
    asr_residual: lib.acousticSumRuleResidual(h),
  };
  if (twin && n <= 32000) {
    const tw = [];
    let th = null;
    for (let r = 0; r < Math.max(1, Math.min(repeat, 3)); r++) {
      t = performance.now();
      th = twinHessian(pot, s, list);
      tw.push((performance.now() - t) / 1000);
    }
    row.twin_seconds = median(tw);
    row.twin_relative_difference = lib.hessianRelativeDifference(th, h);
  }
  rows.push(row);
  if (json) console.log(JSON.stringify(row));
}
if (!json) {
  console.log("Sparse Hessian assembly, kob-andersen:smooth, glass-like KA 80:20 at ρ = 1.2 (seconds; median of warm calls)");
  console.log("       N     blocks   assembly      cold  neighbors  blocks/s     MB" + (twin ? "   JS twin  twin/(assembly−neighbors)" : ""));
  for (const r of rows) {
    console.log(
      `${String(r.n).padStart(8)} ${String(r.blocks).padStart(10)} ${r.seconds.toFixed(4).padStart(10)} ${r.cold_seconds.toFixed(4).padStart(9)} ` +
        `${r.neighbor_seconds.toFixed(4).padStart(10)} ${r.blocks_per_second.toExponential(2).padStart(9)} ${(r.bytes / 2 ** 20).toFixed(0).padStart(6)}` +
        (r.twin_seconds !== undefined ? ` ${r.twin_seconds.toFixed(4).padStart(9)} ${(r.twin_seconds / (r.seconds - r.neighbor_seconds)).toFixed(1).padStart(10)}` : ""),
    );
  }
}
