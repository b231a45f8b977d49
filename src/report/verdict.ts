/**
 * Who wins, computed from the numbers of a {@link TargetResult}: the report's flags and plain-language
 * findings come from here, never from hard-coded text. Browser-safe, no DOM.
 */
import { significantWin, SIGNIFICANCE } from "../study/significance.js";
import type { CurvePoint, TargetResult } from "../study/types.js";

/** Display names of the models. */
export function modelLabel(name: string): string {
  const labels: Record<string, string> = { linear: "Linear", krr: "KRR", mlp: "MLP", mean: "Mean predictor" };
  return labels[name] ?? name;
}

/** A baseline whose R² beats the linear model's. */
export interface Loss {
  name: string;
  r2: number;
  /** R²(baseline) − R²(linear), > 0. */
  margin: number;
}

/** A learning-curve size where a baseline's mean R² beats the linear model's. */
export interface CurveLoss {
  nTrain: number;
  name: string;
  linear: number;
  baseline: number;
  /** Paired difference baseline − linear over the same training subsets (absent in older results). */
  paired?: { mean: number; se: number };
  /** Ahead by more than SIGNIFICANCE standard errors of the paired difference (true when no pairing is known). */
  significant: boolean;
}

/** The comparison of one (system, target). */
export interface Verdict {
  /** R² of the linear model (spectra: mean per-bin R²). */
  linearR2: number;
  /** Baseline with the highest R² on the headline split (null if none ran). */
  best: { name: string; r2: number } | null;
  /** Baselines that beat the linear model on the headline split (strictly higher R²), best first. */
  losses: Loss[];
  /** True when at least one baseline beats the linear model. */
  baselineWins: boolean;
  /** No baseline beats the linear model but the best one has exactly its R². */
  tie: boolean;
  /** Linear R² below the mean predictor's (a fit worse than predicting the average). */
  belowMean: boolean;
  /** Out-of-distribution: baselines with strictly higher R² than linear there. */
  oodLosses: Loss[];
  /** Learning-curve sizes where a baseline beats linear. */
  curveLosses: CurveLoss[];
}

function lossesOf(linear: number, entries: [string, number][]): Loss[] {
  return entries
    .filter(([, r2]) => r2 > linear)
    .map(([name, r2]) => ({ name, r2, margin: r2 - linear }))
    .sort((a, b) => b.r2 - a.r2);
}

/** Compares the linear model with every baseline of `t` (NaN scores never win). */
export function verdict(t: TargetResult): Verdict {
  const linearR2 = t.linear.r2;
  let best: Verdict["best"] = null;
  for (const b of t.baselines) if (!Number.isNaN(b.scores.r2) && (best === null || b.scores.r2 > best.r2)) best = { name: b.name, r2: b.scores.r2 };
  const losses = lossesOf(
    linearR2,
    t.baselines.map((b) => [b.name, b.scores.r2]),
  );
  let oodLosses: Loss[] = [];
  const ood = t.outOfDistribution;
  if (ood && ood.r2.linear !== undefined) {
    oodLosses = lossesOf(
      ood.r2.linear,
      Object.entries(ood.r2).filter(([k]) => k !== "linear" && k !== "mean"),
    );
  }
  const curveLosses: CurveLoss[] = [];
  const lin = new Map<number, CurvePoint>((t.learningCurves.linear ?? []).map((p) => [p.nTrain, p]));
  for (const [name, points] of Object.entries(t.learningCurves)) {
    if (name === "linear" || name === "mean") continue;
    for (const p of points) {
      const l = lin.get(p.nTrain);
      if (!l || !(p.r2 > l.r2)) continue;
      const paired = p.vsLinear;
      curveLosses.push({ nTrain: p.nTrain, name, linear: l.r2, baseline: p.r2, ...(paired ? { paired } : {}), significant: paired ? significantWin(paired) : true });
    }
  }
  curveLosses.sort((a, b) => a.nTrain - b.nTrain || a.name.localeCompare(b.name));
  return {
    linearR2,
    best,
    losses,
    baselineWins: losses.length > 0,
    tie: losses.length === 0 && best !== null && best.r2 === linearR2,
    belowMean: linearR2 < t.meanPredictor.r2,
    oodLosses,
    curveLosses,
  };
}

/** R² for display: 4 decimals, 6 when it is within 10⁻³ of 1 (so 0.9995 and 0.99999 differ). */
export function formatR2(r2: number): string {
  if (!Number.isFinite(r2)) return "n/a";
  return Math.abs(1 - r2) < 1e-3 ? r2.toFixed(6) : r2.toFixed(4);
}

/** An R² difference for display, scientific when tiny. */
export function formatDelta(d: number): string {
  if (!Number.isFinite(d)) return "n/a";
  return Math.abs(d) < 1e-4 ? d.toExponential(1) : d.toFixed(4);
}

/** A value with 4 significant digits (scientific outside 10⁻³…10⁵). */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(3);
  return Number(v.toPrecision(4)).toString();
}

/** Seconds for display. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "n/a";
  if (s < 0.01) return `${(s * 1000).toFixed(1)} ms`;
  if (s < 100) return `${s.toFixed(2)} s`;
  return `${(s / 60).toFixed(1)} min`;
}

/**
 * Plain-language findings of a verdict: one sentence each, naming the numbers. `targetLabel` names the
 * target ("the VDOS", "⟨ω²⟩").
 */
export function findings(t: TargetResult, v: Verdict, spectrum: boolean): string[] {
  const metric = spectrum ? "mean per-bin R²" : "R²";
  const out: string[] = [];
  if (v.best === null) out.push(`No nonlinear baseline ran; the linear model's ${metric} is ${formatR2(v.linearR2)}.`);
  else if (v.baselineWins) {
    for (const l of v.losses) {
      out.push(`The ${modelLabel(l.name)} baseline wins here: ${metric} ${formatR2(l.r2)} against ${formatR2(v.linearR2)} for the linear model (by ${formatDelta(l.margin)}), at n_train = ${t.nTrain}.`);
    }
  } else if (v.tie) {
    out.push(`The linear model ties with ${modelLabel(v.best.name)} at n_train = ${t.nTrain}: both have ${metric} ${formatR2(v.linearR2)}; no baseline does better.`);
  } else {
    out.push(`The linear model beats every baseline at n_train = ${t.nTrain}: ${metric} ${formatR2(v.linearR2)} against ${formatR2(v.best.r2)} for ${modelLabel(v.best.name)}.`);
  }
  if (v.belowMean) out.push(`The linear model does worse than predicting the training mean (${metric} ${formatR2(v.linearR2)} < ${formatR2(t.meanPredictor.r2)}).`);
  if (spectrum) {
    out.push(`Pooled over every (structure, bin) value the linear R² would read ${formatR2(t.linear.r2Pooled)}; the per-bin mean ${formatR2(t.linear.r2)} and the worst bin ${formatR2(t.linear.r2Worst)} are the honest numbers.`);
  }
  if (v.curveLosses.length > 0) {
    const at = (c: CurveLoss) => `${c.nTrain}${c.paired ? ` (by ${formatDelta(c.paired.mean)} ± ${formatDelta(c.paired.se)})` : ""}`;
    for (const name of [...new Set(v.curveLosses.map((c) => c.name))]) {
      const mine = v.curveLosses.filter((c) => c.name === name);
      const real = mine.filter((c) => c.significant), noise = mine.filter((c) => !c.significant);
      if (real.length) out.push(`On the learning curve ${modelLabel(name)} beats linear at n_train = ${real.map(at).join(", ")}.`);
      if (noise.length) out.push(`On the learning curve ${modelLabel(name)} is ahead of linear within noise (less than ${SIGNIFICANCE} standard errors of the paired difference) at n_train = ${noise.map(at).join(", ")}.`);
    }
  } else if (Object.keys(t.learningCurves).some((k) => k !== "linear" && k !== "mean")) {
    out.push("On the learning curve the linear model is at least as good as every baseline at every training size.");
  }
  const ood = t.outOfDistribution;
  if (ood) {
    if (v.oodLosses.length > 0) {
      for (const l of v.oodLosses) out.push(`Out of distribution (${ood.criterion}), ${modelLabel(l.name)} beats linear: R² ${formatR2(l.r2)} against ${formatR2(ood.r2.linear ?? NaN)}.`);
    } else if (ood.r2.linear !== undefined) {
      out.push(`Out of distribution (${ood.criterion}), the linear model keeps R² ${formatR2(ood.r2.linear)} and no baseline does better.`);
    }
  }
  return out;
}
