// A synthetic but structurally complete StudyReport: a fixture of the contract (src/study/types.ts), not a
// result. Small smooth arrays with every optional part present somewhere and absent somewhere, NaN in places,
// baselines winning in some targets and losing in others, and text that needs escaping.
import type { CurvePoint, Scores, StudyReport, SystemResult, TargetResult } from "../../src/study/types.js";
import type { SystemName } from "../../src/generators.js";
import type { TargetName } from "../../src/datasets/dataset.js";

/** Deterministic uniform numbers in [0, 1) (LCG). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const range = (n: number, a: number, step: number) => Array.from({ length: n }, (_, i) => a + i * step);

function scores(r2: number, extra: Partial<Scores> = {}): Scores {
  return { r2, r2Worst: r2 - 0.2, r2Pooled: Math.min(1, r2 + 0.03), mae: (1 - r2) * 0.8, rmse: (1 - r2) * 1.1, relL1: null, ...extra };
}

function curve(r2s: number[], sizes: number[]): CurvePoint[] {
  return sizes.map((n, i) => ({ nTrain: n, r2: r2s[i]!, r2Std: 0.02 + 0.1 / n }));
}

function gOf(r: number, peak: number, disorder: number): number {
  if (r < 0.8 * peak) return 0;
  const w = 0.05 + 0.08 * disorder;
  return 1 + (2.5 / (1 + 2 * disorder)) * Math.exp(-((r - peak) ** 2) / (2 * w * w)) - 0.3 * Math.exp(-((r - 1.5 * peak) ** 2) / 0.02) + 0.4 * Math.exp(-((r - 1.9 * peak) ** 2) / 0.03);
}

function dosOf(w: number, wmax: number, disorder: number): number {
  if (w <= 0 || w >= wmax * 1.2) return 0;
  const debye = (3 * w * w) / wmax ** 3;
  return Math.max(0, debye * Math.exp(-((w / wmax) ** 6)) * (1 + disorder * 0.3 * Math.sin(w)));
}

interface Shape {
  keys: string[];
  peaks: number[];
  centers: number[];
  omega: number[];
  wmax: number;
}

function target(system: SystemName, name: TargetName, sh: Shape, seed: number, opts: { linearR2: number; krrR2: number; mlpR2: number; temps?: number[]; ood?: Record<string, number> | null; curves?: Record<string, number[]>; lasso?: "feature-major" | "alpha-major" | null; sumRule?: boolean; notes?: string[]; pooled?: number; extras?: boolean }): TargetResult {
  const rand = rng(seed);
  const columns = sh.keys.flatMap((k) => sh.centers.map((r) => `${k}:${r}`));
  const spectrum = name === "vdos";
  const outRows = spectrum ? sh.omega : (opts.temps ?? [0]);
  const nTest = 8;
  const truth: number[][] = [];
  const linear: number[][] = [];
  const baseline: number[][] = [];
  for (let i = 0; i < nTest; i++) {
    const d = i / (nTest - 1);
    const row = spectrum ? sh.omega.map((w) => dosOf(w, sh.wmax, d)) : outRows.map((T, j) => 2 + d + 0.1 * j + 0.01 * T);
    truth.push(row);
    linear.push(row.map((y) => y * (1 + 0.08 * (rand() - 0.5)) + 0.002 * (rand() - 0.5)));
    baseline.push(row.map((y) => y * (1 + 0.12 * (rand() - 0.5)) + 0.003 * (rand() - 0.5)));
  }
  // Smooth in (r, row) whatever the binning: positions scaled to the tiny fixture's 26 r bins and 21 rows.
  const nr = sh.centers.length;
  const values = outRows.map((w, j) =>
    columns.map((_, c) => {
      const x = ((c % nr) * 26) / nr;
      const y = (j * 21) / outRows.length;
      return Math.sin(0.3 * x + 0.2 * y + Math.floor(c / nr)) * Math.exp(-((x - 12) ** 2) / 60) * (1 + 0.1 * Math.cos(w));
    }),
  );
  const nFeat = columns.length;
  const sizes = [4, 8, 16, 32];
  const curves = opts.curves ?? { linear: [0.6, 0.8, 0.9, opts.linearR2], krr: [0.4, 0.7, 0.85, opts.krrR2], mlp: [-1.8, 0.3, 0.7, opts.mlpR2], mean: [-0.05, -0.02, -0.01, 0] };
  const alphas = range(12, -4, 0.33).map((e) => 10 ** e);
  const lassoFeatures = columns.filter((_, c) => c % 9 === 3).slice(0, 5);
  const paths = lassoFeatures.map((_, f) => alphas.map((a, k) => Math.max(0, (0.8 - 0.15 * f) * (1 - k / 9)) * (f % 2 ? -1 : 1)));
  const lassoCoef = opts.lasso === "alpha-major" ? alphas.map((_, k) => paths.map((p) => p[k]!)) : paths;
  // The sum-rule vectors live on the model's fine bins: `pooled` per weight-map column, starting at r = 0.
  const f = opts.pooled ?? 1;
  const nf = sh.centers.length * f;
  const dr = (2 * sh.centers[0]!) / f;
  const kernel = Array.from({ length: sh.keys.length * nf }, (_, c) => {
    const r = ((c % nf) + 0.5) * dr;
    return (24 / r ** 8) * (26 / r ** 6 - 7);
  });
  return {
    system,
    target: name,
    nTrain: 32,
    nTest,
    linear: { ...scores(opts.linearR2, spectrum ? { relL1: 0.041 } : {}), model: "ridge", alpha: spectrum ? outRows.map((_, j) => 10 ** (-3 + 0.05 * j)) : 0.0123, fitSeconds: 0.012 },
    baselines: [
      { name: "krr", scores: scores(opts.krrR2, spectrum ? { relL1: 0.05 } : {}), fitSeconds: 0.31 },
      { name: "mlp", scores: scores(opts.mlpR2, spectrum ? { relL1: 0.07 } : {}), fitSeconds: 2.4 },
    ],
    meanPredictor: scores(-0.01, spectrum ? { relL1: 0.3 } : {}),
    parity: { truth, linear, baseline, baselineName: opts.krrR2 >= opts.mlpR2 ? "krr" : "mlp" },
    learningCurves: Object.fromEntries(Object.entries(curves).map(([k, v]) => [k, curve(v, sizes)])),
    outOfDistribution: opts.ood === null ? null : { criterion: "sigma", threshold: 0.15, r2: opts.ood ?? { linear: 0.8, krr: 0.6, mlp: 0.55, mean: -0.4 } },
    weights: { rows: spectrum ? sh.omega : outRows, columns, values, intercept: outRows.map(() => 0.01), ...(opts.pooled ? { binsPooled: opts.pooled } : {}) },
    lassoPath: opts.lasso ? { alphas, features: lassoFeatures, coef: lassoCoef } : null,
    sumRule: opts.sumRule ? { kernel, fitted: kernel.map((k, c) => k * 1.02 + 0.3 * Math.sin(c)), correlation: 0.99912, r2Exact: 0.99997, ...(opts.extras ? { correlationPooled: 0.99951, observedColumns: 123 } : {}) } : null,
    notes: opts.notes ?? [`Synthetic fixture for ${name}; ${nFeat} features.`],
    ...(opts.extras
      ? {
          metric: spectrum ? `mean per-bin R² over the ${outRows.length - 2} ω bins where D(ω) exceeds 1 % of its peak` : "R²",
          smoothOrder: 2,
          drivers: (spectrum ? ["low ω", "middle ω", "high ω"] : ["⟨ω²⟩"]).map((band, b) => ({
            band,
            omega: spectrum ? ([sh.omega[b * 7]!, sh.omega[b * 7 + 6]!] as [number, number]) : null,
            ranges: sh.keys.map((key, k) => ({ key, r: [Number((sh.peaks[k]! - 0.05).toFixed(4)), Number((sh.peaks[k]! + 0.05).toFixed(4))] as [number, number], share: 0.4 - 0.1 * k })),
          })),
        }
      : {}),
  };
}

function system(name: SystemName, sh: Shape, targets: TargetResult[], seed: number): SystemResult {
  const labels = ["low disorder (σ < 0.05)", "medium disorder", "high disorder (σ > 0.12)"];
  return {
    system: name,
    dataset: { count: 40, atoms: 108, seed, seconds: 12.5, dir: `datasets/${name}` },
    rdfByDisorder: { centers: sh.centers, keys: sh.keys, groups: labels.map((label, gi) => ({ label, g: sh.keys.map((_, ki) => sh.centers.map((r) => gOf(r, sh.peaks[ki]!, gi / 2))) })) },
    vdosByDisorder: { omega: sh.omega, groups: labels.map((label, gi) => ({ label, dos: sh.omega.map((w) => dosOf(w, sh.wmax, gi / 2)) })) },
    targets,
  };
}

/**
 * The fixture: two systems (LJ reduced units and metal units), five targets. `scale` multiplies the number of
 * r and ω bins (1: tiny; ~20 r and ~8 ω: the size of the real data sets, for timing the page by hand).
 */
export function fixtureReport(scale: { r?: number; omega?: number } = {}): StudyReport {
  const fr = scale.r ?? 1;
  const fw = scale.omega ?? 1;
  const lj: Shape = { keys: ["A-A", "A-B", "B-B"], peaks: [1.0, 0.85, 0.9], centers: range(26 * fr, 0.05 / fr, 0.1 / fr).map((r) => Number(r.toFixed(6))), omega: range(21 * fw, 0, 1.5 / fw), wmax: 25 };
  const metal: Shape = { keys: ["Al-Cu", "Cu-Cu", "Zr-Zr"], peaks: [2.6, 2.55, 3.2], centers: range(30 * fr, 0.1 / fr, 0.2 / fr).map((r) => Number(r.toFixed(6))), omega: range(25 * fw, 0, 0.4 / fw), wmax: 8 };
  return {
    packageVersion: "0.1.0-fixture",
    settings: { command: "demo", quick: true, seed: 7, note: "</script><!-- not markup -->" },
    seconds: 61.2,
    systems: [
      system(
        "kob-andersen-3d",
        lj,
        [
          // Linear wins on the headline split, a baseline wins out of distribution.
          target("kob-andersen-3d", "vdos", lj, 1, { linearR2: 0.951, krrR2: 0.932, mlpR2: 0.901, ood: { linear: 0.7, krr: 0.74, mlp: 0.5, mean: -0.3 }, extras: true, notes: ["Pooled R² flatters spectra; the per-bin mean is reported.", "A note with <b>markup</b> & ampersands, shown as text."] }),
          // ⟨ω²⟩: sum rule on 4× finer bins than the weight map, lasso path, drivers.
          target("kob-andersen-3d", "omega2", lj, 2, { linearR2: 0.99993, krrR2: 0.9981, mlpR2: 0.9902, lasso: "feature-major", sumRule: true, pooled: 4, extras: true }),
          // Multi-temperature heat capacity where MLP wins, no out-of-distribution run.
          target("kob-andersen-3d", "heat_capacity", lj, 3, { linearR2: 0.85, krrR2: 0.84, mlpR2: 0.9, temps: [0.05, 0.1, 0.2, 0.4], ood: null, lasso: "alpha-major" }),
        ],
        11,
      ),
      system(
        "cualzr",
        metal,
        [
          // The baseline wins the VDOS, and wins at small training sizes on the learning curve.
          target("cualzr", "vdos", metal, 4, { linearR2: 0.962, krrR2: 0.97, mlpR2: 0.93, curves: { linear: [0.5, 0.8, 0.93, 0.962], krr: [0.6, 0.82, 0.9, 0.97], mean: [-0.1, -0.05, -0.02, 0] } }),
          // κ: a NaN score and a tie (equal R² is not a win), no lasso path.
          target("cualzr", "kappa", metal, 5, { linearR2: 0.75, krrR2: 0.75, mlpR2: NaN, ood: { linear: 0.5, krr: 0.5, mlp: NaN } }),
        ],
        12,
      ),
    ],
  };
}
