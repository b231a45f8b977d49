/**
 * `glassbox evaluate MODEL DIR`: scores a model from `glassbox fit` on a data set — R², MAE, RMSE and, for
 * the VDOS, the per-bin R² (mean and worst) and relative L1 error — beside the mean predictor (the
 * training means stored in the model), the floor every model must beat.
 */
import type { Command } from "commander";
import { targetTable } from "../datasets/dataset.js";
import { evaluate, type RegressionMetrics } from "../models/metrics.js";
import { loadDataset } from "../node/datasets.js";
import { checkCompatible } from "../study/modelfile.js";
import { activeBins, scoreOf } from "../study/study.js";
import type { Scores } from "../study/types.js";
import { printJson } from "./program.js";
import { readModel } from "./predict.js";
import { warn } from "./vdos.js";

function summary(m: RegressionMetrics, s: Scores) {
  return {
    r2: m.r2Uniform,
    r2VarianceWeighted: m.r2VarianceWeighted,
    mae: m.maeMean,
    rmse: m.rmseMean,
    ...(m.spectra
      ? { meanBinR2: m.spectra.meanBinR2, worstBinR2: m.spectra.worstBinR2, meanRelativeL1: m.spectra.meanRelativeL1, activeBinR2: s.r2, pooledR2: s.r2Pooled }
      : {}),
  };
}

/** Registers `glassbox evaluate`. */
export function register(program: Command): void {
  program
    .command("evaluate")
    .description("score a model from `glassbox fit` on a data set, beside the mean predictor")
    .argument("<model>", "model file (JSON from `glassbox fit`)")
    .argument("<dir>", "data set directory")
    .option("--json", "print JSON")
    .action(async (modelPath: string, dir: string, o: { json?: boolean }) => {
      const model = await readModel(modelPath);
      const ds = await loadDataset(dir);
      const g = checkCompatible(model, ds, dir, modelPath);
      const spec = ds.manifest.spec;
      if (spec.system === g.dataset.system && spec.seed === g.dataset.seed && spec.count === g.dataset.count) {
        warn(`${dir} looks like the training data of ${modelPath} (same system, seed and count): these scores are in-sample`);
      }
      const t = targetTable(ds, g.target);
      const y = { rows: t.rows, cols: t.cols, data: t.data };
      const X = { rows: ds.features.rows, cols: ds.features.cols, data: ds.features.data };
      const pred = model.predict(X);
      const spectra = g.target === "vdos";
      const trainMean = model.yMean ?? model.intercept;
      const ev = evaluate(y, pred, { trainMean, spectra });
      const base = { rows: y.rows, cols: y.cols, data: new Float64Array(y.data.length) };
      for (let i = 0; i < y.rows; i++) base.data.set(trainMean, i * y.cols);
      const cols = spectra ? activeBins(y) : null;
      const sModel = scoreOf(y, pred, cols, spectra), sBase = scoreOf(y, base, cols, spectra);
      const out = {
        model: modelPath,
        dataset: dir,
        system: spec.system,
        target: g.target,
        unit: g.unit,
        structures: y.rows,
        linear: summary(ev.model, sModel),
        meanPredictor: summary(ev.baseline, sBase),
        ...(cols ? { activeBins: cols.length, bins: y.cols } : {}),
      };
      if (o.json) {
        printJson(out);
        return;
      }
      const row = (name: string, a: number, b: number) => `  ${name.padEnd(34)}${a.toFixed(6).padStart(14)}${b.toFixed(6).padStart(16)}\n`;
      let text = `${modelPath} on ${dir}: ${g.target} of ${y.rows} ${spec.system} structures (${g.unit})\n`;
      text += `  ${"".padEnd(34)}${"linear".padStart(14)}${"mean predictor".padStart(16)}\n`;
      if (spectra) {
        text += row(`mean per-bin R² (${cols!.length} live bins)`, out.linear.activeBinR2!, out.meanPredictor.activeBinR2!);
        text += row(`mean per-bin R² (all ${y.cols} bins)`, out.linear.meanBinR2!, out.meanPredictor.meanBinR2!);
        text += row("worst-bin R²", out.linear.worstBinR2!, out.meanPredictor.worstBinR2!);
        text += row("pooled R² (flattering)", out.linear.pooledR2!, out.meanPredictor.pooledR2!);
        text += row("relative L1 error", out.linear.meanRelativeL1!, out.meanPredictor.meanRelativeL1!);
      } else {
        text += row("R²", out.linear.r2, out.meanPredictor.r2);
      }
      text += row("MAE", out.linear.mae, out.meanPredictor.mae);
      text += row("RMSE", out.linear.rmse, out.meanPredictor.rmse);
      process.stdout.write(text);
    });
}
