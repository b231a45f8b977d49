/**
 * Choosing the penalty: generalized cross-validation and exact leave-one-out for ridge (one thin SVD of
 * the centred design serves every α), and k-fold cross-validation for ridge (one SVD per fold) and for
 * the lasso / elastic net (one warm-started coordinate-descent path per fold and target).
 *
 * Scores are mean squared errors in target units²: for k-fold the mean over folds of each fold's
 * test MSE (as scikit-learn's LassoCV `mse_path_`). The chosen penalty is the first minimum in grid
 * order, per target or for the mean over targets ("shared").
 *
 * @packageDocumentation
 */
import { scoped } from "../engine/wasm.js";
import type { Matrix } from "./matrix.js";
import type { SelectionRecord } from "./serialize.js";
import {
  cdProblem,
  cdSolve,
  centredTargets,
  gcvScores,
  looScores,
  matmul,
  spectrum,
  type CdSettings,
  type Centering,
} from "./solvers.js";
import { checkFolds, kFold, type Fold } from "./splits.js";

/**
 * How to cross-validate: "gcv" (generalized CV, ridge only), "loo" (exact leave-one-out, ridge only),
 * an integer k ≥ 2 (k-fold), or explicit folds.
 */
export type CvSpec = "gcv" | "loo" | number | readonly Fold[];

/** Options of the selection functions. */
export interface SelectOptions extends Centering {
  mode: "per-target" | "shared";
  /** k-fold: shuffle seed (undefined: contiguous folds). */
  seed?: number | undefined;
}

/** A chosen penalty per target, and the record stored in the model. */
export interface Selected {
  alphas: Float64Array;
  record: SelectionRecord;
}

/** The folds of a k-fold spec. */
export function resolveFolds(cv: number | readonly Fold[], n: number, seed: number | undefined): Fold[] {
  if (typeof cv === "number") return kFold(n, cv, seed);
  checkFolds(cv, n);
  return [...cv];
}

/**
 * The index of the best candidate for each target (per-target) or for the target-mean score (shared):
 * the first minimum in grid order. Scores are nα×t.
 */
export function argminScores(scores: Float64Array, nAlpha: number, t: number, mode: "per-target" | "shared"): Int32Array {
  const best = new Int32Array(t);
  if (mode === "shared") {
    let bi = 0, bv = Infinity;
    for (let a = 0; a < nAlpha; a++) {
      let s = 0;
      for (let o = 0; o < t; o++) s += scores[a * t + o]!;
      s /= t;
      if (s < bv) [bv, bi] = [s, a];
    }
    best.fill(bi);
  } else {
    for (let o = 0; o < t; o++) {
      let bi = 0, bv = Infinity;
      for (let a = 0; a < nAlpha; a++) if (scores[a * t + o]! < bv) [bv, bi] = [scores[a * t + o]!, a];
      best[o] = bi;
    }
  }
  return best;
}

function scoreRows(scores: Float64Array, nAlpha: number, t: number, mode: "per-target" | "shared"): number[][] {
  const rows: number[][] = [];
  for (let a = 0; a < nAlpha; a++) {
    const row = Array.from(scores.subarray(a * t, (a + 1) * t));
    if (mode === "shared") rows.push([row.reduce((s, v) => s + v, 0) / t]);
    else rows.push(row);
  }
  return rows;
}

/**
 * Chooses the ridge penalty among `grid` (α > 0, sum-of-squares convention).
 * "gcv" and "loo" use one thin SVD of the whole training set; k-fold one per fold.
 */
export function selectRidgeAlpha(x: Matrix, y: Matrix, grid: Float64Array, cv: CvSpec, o: SelectOptions): Selected {
  const t = y.cols, nA = grid.length;
  let scores: Float64Array;
  let folds: number | null = null;
  if (cv === "gcv" || cv === "loo") {
    const s = spectrum(x, y, null, o, cv === "loo");
    scores = cv === "gcv" ? gcvScores(s, grid, o.fitIntercept) : looScores(s, centredTargets(y, null, s.stats.yMean), grid, o.fitIntercept);
  } else if (typeof cv === "number" || Array.isArray(cv)) {
    const fs = resolveFolds(cv as number | Fold[], x.rows, o.seed);
    folds = fs.length;
    scores = new Float64Array(nA * t);
    for (const f of fs) {
      const mse = ridgeFoldErrors(x, y, f, grid, o);
      for (let i = 0; i < mse.length; i++) scores[i]! += mse[i]! / fs.length;
    }
  } else {
    throw new RangeError(`cv must be "gcv", "loo", an integer k ≥ 2 or a list of folds, got ${JSON.stringify(cv)}`);
  }
  const best = argminScores(scores, nA, t, o.mode);
  const alphas = new Float64Array(t);
  for (let q = 0; q < t; q++) alphas[q] = grid[best[q]!]!;
  return {
    alphas,
    record: {
      method: cv === "gcv" ? "gcv" : cv === "loo" ? "loo" : "kfold",
      mode: o.mode,
      alphas: Array.from(grid),
      scores: scoreRows(scores, nA, t, o.mode),
      folds,
      seed: folds !== null && typeof cv === "number" && o.seed !== undefined ? o.seed : null,
    },
  };
}

/** Test-fold MSE (nα×t) of ridge fitted on the fold's training rows, for every penalty. */
function ridgeFoldErrors(x: Matrix, y: Matrix, f: Fold, grid: Float64Array, c: Centering): Float64Array {
  const t = y.cols, p = x.cols, nA = grid.length;
  const s = spectrum(x, y, f.train, c, false);
  const m = f.test.length, r = s.r;
  // Test rows transformed with the training statistics.
  const xt = new Float64Array(m * p);
  for (let i = 0; i < m; i++) {
    const src = f.test[i]!;
    for (let j = 0; j < p; j++) {
      let v = x.data[src * p + j]!;
      if (s.stats.xMean) v -= s.stats.xMean[j]!;
      if (s.stats.xScale) v /= s.stats.xScale[j]!;
      xt[i * p + j] = v;
    }
  }
  const tv = matmul(xt, m, p, s.right, r); // m×r
  const out = new Float64Array(nA * t);
  const sc = new Float64Array(r * t);
  for (let a = 0; a < nA; a++) {
    const alpha = grid[a]!;
    for (let q = 0; q < r; q++) {
      const lam = s.values[q]!, f2 = Math.sqrt(lam) / (lam + alpha);
      for (let o = 0; o < t; o++) sc[q * t + o] = f2 * s.proj[q * t + o]!;
    }
    const pred = matmul(tv, m, r, sc, t); // centred predictions
    for (let i = 0; i < m; i++) {
      const src = f.test[i]!;
      for (let o = 0; o < t; o++) {
        const e = y.data[src * t + o]! - (s.stats.yMean ? s.stats.yMean[o]! : 0) - pred[i * t + o]!;
        out[a * t + o]! += (e * e) / m;
      }
    }
  }
  return out;
}

/**
 * Chooses the elastic-net penalty by k-fold cross-validation over warm-started paths.
 * @param grids candidate penalties per target, each descending (the path order); all the same length
 */
export function selectEnetAlpha(
  x: Matrix,
  y: Matrix,
  grids: Float64Array[],
  l1Ratio: number,
  cv: number | readonly Fold[],
  settings: CdSettings,
  o: SelectOptions,
): Selected {
  const t = y.cols, p = x.cols, nA = grids[0]!.length;
  const fs = resolveFolds(cv, x.rows, o.seed);
  const scores = new Float64Array(nA * t);
  for (const f of fs) {
    scoped((k) => {
      const pr = cdProblem(k, x, y, f.train, o, settings.gram);
      const st = pr.placed.stats;
      const m = f.test.length;
      const xt = new Float64Array(m * p);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < p; j++) {
          let v = x.data[f.test[i]! * p + j]!;
          if (st.xMean) v -= st.xMean[j]!;
          if (st.xScale) v /= st.xScale[j]!;
          xt[i * p + j] = v;
        }
      }
      const w = new Float64Array(p);
      const nz: number[] = [];
      for (let q = 0; q < t; q++) {
        w.fill(0);
        const grid = grids[q]!;
        for (let a = 0; a < nA; a++) {
          cdSolve(k, pr, q, grid[a]!, l1Ratio, w, settings);
          nz.length = 0;
          for (let j = 0; j < p; j++) if (w[j] !== 0) nz.push(j);
          let sse = 0;
          for (let i = 0; i < m; i++) {
            let pred = 0;
            for (const j of nz) pred += xt[i * p + j]! * w[j]!;
            const e = y.data[f.test[i]! * t + q]! - (st.yMean ? st.yMean[q]! : 0) - pred;
            sse += e * e;
          }
          scores[a * t + q]! += sse / m / fs.length;
        }
      }
    });
  }
  const best = argminScores(scores, nA, t, o.mode);
  const alphas = new Float64Array(t);
  for (let q = 0; q < t; q++) alphas[q] = grids[q]![best[q]!]!;
  const shared = grids.every((g) => g === grids[0]);
  return {
    alphas,
    record: {
      method: "kfold",
      mode: o.mode,
      alphas: shared ? Array.from(grids[0]!) : grids.map((g) => Array.from(g)),
      scores: scoreRows(scores, nA, t, o.mode),
      folds: fs.length,
      seed: typeof cv === "number" && o.seed !== undefined ? o.seed : null,
    },
  };
}
