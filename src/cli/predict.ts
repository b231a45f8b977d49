/**
 * `glassbox predict MODEL FILE…`: reads structures, computes the g(r) features the model was fitted on
 * (same r_max, bins, partials and 2D/3D normalisation, from the model file) and prints the predictions.
 * Species that do not match the model's, or a model file that is not a `glassbox fit` model, are errors;
 * a different atom count or density is a warning (the linear model holds at the training density).
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { parseTypes } from "../io/index.js";
import { LinearModel } from "../models/linear.js";
import { readStructure } from "../node/io.js";
import { modelProvenance, structureFeatures } from "../study/modelfile.js";
import { UsageError, printJson } from "./program.js";
import { warn } from "./vdos.js";

/** Reads and validates a model file. @throws UsageError when unreadable; ModelFileError when invalid */
export async function readModel(path: string): Promise<LinearModel> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read model ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const model = LinearModel.fromText(text, path);
  modelProvenance(model, path);
  return model;
}

/** Registers `glassbox predict`. */
export function register(program: Command): void {
  program
    .command("predict")
    .description("predict a target for structure files with a model from `glassbox fit`")
    .argument("<model>", "model file (JSON from `glassbox fit`)")
    .argument("<files...>", "structure files (extxyz, LAMMPS data/dump, POSCAR; .gz allowed)")
    .option("--types <labels>", "labels of LAMMPS atom types 1,2,… (e.g. A,B)")
    .option("--format <name>", "structure format (default: from the file name or content)")
    .option("--json", "print JSON")
    .action(async (modelPath: string, files: string[], o: { types?: string; format?: string; json?: boolean }) => {
      const model = await readModel(modelPath);
      const g = modelProvenance(model, modelPath);
      const readOpts: Record<string, unknown> = {};
      if (o.types) readOpts.types = parseTypes(o.types);
      if (o.format) readOpts.format = o.format;
      const predictions: { file: string; values: number[] }[] = [];
      for (const file of files) {
        const s = await readStructure(file, readOpts);
        const { features, warnings } = structureFeatures(model, s, file, modelPath);
        warnings.forEach(warn);
        const y = model.predict({ rows: 1, cols: model.nFeatures, data: features });
        predictions.push({ file, values: Array.from(y.data) });
      }
      const labels = model.targetLabels ?? Array.from({ length: model.nTargets }, (_, i) => `y${i}`);
      if (o.json) {
        printJson({ model: modelPath, target: g.target, unit: g.unit, columns: labels, axis: g.axis, predictions });
        return;
      }
      if (model.nTargets === 1) {
        for (const p of predictions) process.stdout.write(`${p.file}\t${g.target} = ${p.values[0]!.toPrecision(8)} ${g.unit}\n`);
        return;
      }
      // several columns (VDOS, C(T)): one block per file, axis value and prediction per line
      for (const p of predictions) {
        process.stdout.write(`# ${p.file}: ${g.target} (${g.unit})\n`);
        p.values.forEach((v, i) => process.stdout.write(`${g.axis ? g.axis[i] : labels[i]}\t${v.toPrecision(8)}\n`));
      }
    });
}
