/**
 * `glassbox fit DIR --target vdos|omega2|heat_capacity|kappa --model ridge|lasso|elasticnet|ols -o MODEL`:
 * fits a linear model y = W·g + b on a data set's g(r) features and writes the versioned model JSON, with
 * the g(r) binning and species recorded so `glassbox predict` and `glassbox evaluate` can check inputs.
 * Deterministic: the same data set and options give a byte-identical file.
 */
import type { Command } from "commander";
import { TARGET_NAMES } from "../datasets/dataset.js";
import { MODEL_KINDS } from "../models/fit.js";
import { loadDataset, writeAtomic } from "../node/datasets.js";
import { fitTargetModel, type FitTargetOptions } from "../study/modelfile.js";
import { UsageError, numberOption, printJson } from "./program.js";

interface FitOptions {
  target: string;
  model: string;
  output: string;
  smooth: string;
  folds?: number;
  seed?: number;
  l1Ratio?: number;
  json?: boolean;
}

/** Parses --smooth: "auto", "none" (= 0) or an order. */
export function smoothOption(text: string): "auto" | number {
  if (text === "auto") return "auto";
  if (text === "none") return 0;
  const v = Number(text);
  if (!Number.isInteger(v) || v < 0 || v > 12) throw new UsageError(`--smooth must be auto, none or an integer order in [0, 12], got "${text}"`);
  return v;
}

/** Registers `glassbox fit`. */
export function register(program: Command): void {
  program
    .command("fit")
    .description("fit a linear model y = W·g(r) + b on a data set and write it as JSON")
    .argument("<dir>", "data set directory (from `glassbox generate`)")
    .requiredOption("--target <name>", `target: ${TARGET_NAMES.join(", ")}`)
    .option("--model <kind>", `model: ${MODEL_KINDS.join(", ")}`, "ridge")
    .requiredOption("-o, --output <model.json>", "model file to write")
    .option("--smooth <order>", "ridge: smoothness penalty order along r (auto: order 0–8 and an r^-p envelope chosen by leave-one-out CV; N: order N, no envelope; none: plain ridge)", "auto")
    .option("--folds <k>", "lasso/elasticnet: cross-validation folds", numberOption("--folds", 2, true))
    .option("--seed <S>", "lasso/elasticnet: fold-shuffle seed", numberOption("--seed", 0, true))
    .option("--l1-ratio <r>", "elasticnet: L1 share of the penalty, in (0, 1]", numberOption("--l1-ratio", 0))
    .option("--json", "print a JSON summary")
    .action(async (dir: string, o: FitOptions) => {
      if (!(TARGET_NAMES as readonly string[]).includes(o.target)) throw new UsageError(`unknown --target "${o.target}"; choose one of ${TARGET_NAMES.join(", ")}`);
      if (!(MODEL_KINDS as readonly string[]).includes(o.model)) throw new UsageError(`unknown --model "${o.model}"; choose one of ${MODEL_KINDS.join(", ")}`);
      const ds = await loadDataset(dir);
      const options: FitTargetOptions = { smooth: smoothOption(o.smooth) };
      if (o.folds !== undefined) options.folds = o.folds;
      if (o.seed !== undefined) options.seed = o.seed;
      if (o.l1Ratio !== undefined) options.l1Ratio = o.l1Ratio;
      const t0 = performance.now();
      const model = fitTargetModel(ds, o.target, o.model, options);
      const seconds = (performance.now() - t0) / 1000;
      await writeAtomic(o.output, model.toText()).catch((e: NodeJS.ErrnoException) => {
        throw e.code === "ENOENT" || e.code === "EISDIR" || e.code === "EACCES" ? new UsageError(`cannot write ${o.output}: ${e.code}`) : e;
      });
      const penalty = (model.metadata as { penalty?: { order: number; envelope: number } }).penalty;
      const alpha = model.alpha ? (model.alpha.every((a) => a === model.alpha![0]) ? model.alpha[0]! : `${model.alpha.length} per-target values`) : null;
      if (o.json) {
        printJson({ output: o.output, target: o.target, model: o.model, nTrain: ds.features.rows, nFeatures: model.nFeatures, nTargets: model.nTargets, alpha, smoothOrder: penalty?.order ?? null, envelope: penalty?.envelope ?? null, seconds });
      } else {
        process.stdout.write(
          `${o.output}: ${o.model}${penalty ? ` (smoothness order ${penalty.order}${penalty.envelope ? `, envelope r^-${penalty.envelope}` : ""})` : ""} for ${o.target} on ${ds.features.rows} structures × ${model.nFeatures} g(r) bins` +
            `${alpha !== null ? `, α = ${typeof alpha === "number" ? alpha.toPrecision(4) : alpha}` : ""}, in ${seconds.toFixed(2)} s\n`,
        );
      }
    });
}
