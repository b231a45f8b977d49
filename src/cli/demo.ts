/**
 * `glassbox demo [--json] [--quick] [--full] [--out DIR]`: reproduces the study on a fresh machine with no
 * downloads. Generates the demo data sets (3D and 2D Kob–Andersen; all five systems with --full) into a
 * cache directory — reused, and resumed after an interruption — then runs the study on each (linear model
 * vs kernel ridge and an MLP on the same split, mean predictor, learning curves, out-of-distribution
 * split, weights, sum rule), prints one table and writes the report (report.json and report.html).
 *
 * `--json` prints exactly `{"results":[{"system", "target", "n_train", "r2_linear", "r2_baseline"}, …]}`
 * on stdout (r2_baseline: the better of kernel ridge and the MLP; R² of the VDOS is the mean per-bin R²).
 */
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import type { DatasetSpec } from "../datasets/spec.js";
import { generateDataset, loadDataset, writeAtomic } from "../node/datasets.js";
import { streamId } from "../random.js";
import { renderReport } from "../report/index.js";
import { demoSpecs, type DemoMode } from "../study/presets.js";
import { runStudy, type StudyOptions } from "../study/study.js";
import type { StudyReport, SystemResult } from "../study/types.js";
import { version } from "../version.js";
import { progressReporter } from "./generate.js";
import { UsageError, numberOption, printJson } from "./program.js";

/** Directory name of a data set in the demo cache: system and a hash of the whole spec. */
export function cacheName(spec: DatasetSpec): string {
  return `${spec.system}-${streamId(JSON.stringify(spec)).toString(16).padStart(8, "0")}`;
}

/** Study settings per demo mode: the quick run trims repeats and sizes to stay under a minute. */
export function demoStudyOptions(mode: DemoMode): StudyOptions {
  if (mode === "quick") {
    return { learningCurve: { sizes: [8, 16], repeats: 2 }, mlp: { epochs: 150 } };
  }
  return { learningCurve: { repeats: 3 } };
}

/** One row of the demo's table / JSON. */
export interface DemoRow {
  system: string;
  target: string;
  n_train: number;
  r2_linear: number;
  r2_baseline: number | null;
}

/** The rows of the demo table from a study report. */
export function demoRows(report: StudyReport): (DemoRow & { baseline: string | null; fitSeconds: number; baselineSeconds: number | null; r2Mean: number })[] {
  return report.systems.flatMap((s) =>
    s.targets.map((t) => {
      const best = [...t.baselines].sort((a, b) => b.scores.r2 - a.scores.r2)[0];
      return {
        system: s.system,
        target: t.target,
        n_train: t.nTrain,
        r2_linear: t.linear.r2,
        r2_baseline: best ? best.scores.r2 : null,
        baseline: best?.name ?? null,
        fitSeconds: t.linear.fitSeconds,
        baselineSeconds: best?.fitSeconds ?? null,
        r2Mean: t.meanPredictor.r2,
      };
    }),
  );
}

function table(rows: ReturnType<typeof demoRows>): string {
  const head = ["system", "target", "n_train", "R² linear", "R² baseline", "R² mean", "fit s (lin/base)"];
  const body = rows.map((r) => [
    r.system,
    r.target,
    String(r.n_train),
    r.r2_linear.toFixed(4),
    r.r2_baseline === null ? "—" : `${r.r2_baseline.toFixed(4)} (${r.baseline})`,
    r.r2Mean.toFixed(4),
    `${r.fitSeconds.toFixed(2)} / ${r.baselineSeconds === null ? "—" : r.baselineSeconds.toFixed(2)}`,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => cells.map((x, c) => (c < 2 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n") + "\n";
}

/** Registers `glassbox demo`. */
export function register(program: Command): void {
  program
    .command("demo")
    .description("reproduce the study: generate the demo data sets (cached), fit linear models and baselines, print a table, write an HTML report")
    .option("--quick", "small data sets (under a minute)")
    .option("--full", "all five systems (long)")
    .option("--out <dir>", "cache and report directory", "glassbox-demo")
    .option("--workers <k>", "generation worker threads (default: all cores)", numberOption("--workers", 1, true))
    .option("--json", 'print only {"results":[…]} on stdout')
    .action(async (o: { quick?: boolean; full?: boolean; out: string; workers?: number; json?: boolean }) => {
      if (o.quick && o.full) throw new UsageError("--quick and --full exclude each other");
      const mode: DemoMode = o.quick ? "quick" : o.full ? "full" : "default";
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const out = resolve(o.out);
      await mkdir(out, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
        throw new UsageError(`cannot create ${o.out}: ${e.code ?? e.message}`);
      });
      const say = (m: string) => {
        if (!o.json) process.stderr.write(`${m}\n`);
      };
      const specs = demoSpecs(mode);
      const systems: SystemResult[] = [];
      for (const spec of specs) {
        const dir = join(out, cacheName(spec));
        const progress = progressReporter(`${spec.system} (${spec.count} × ${spec.atoms} atoms)`, !o.json && process.stderr.isTTY === true);
        let gen;
        try {
          gen = await generateDataset(spec, dir, { ...(o.workers ? { workers: o.workers } : {}), onProgress: (d, t) => progress.update(d, t) });
        } finally {
          progress.stop();
        }
        say(`${spec.system}: ${spec.count} structures in ${dir} (${gen.computed} computed, ${gen.reused} reused, ${gen.seconds.toFixed(1)} s)`);
        const ds = await loadDataset(dir);
        const ts = performance.now();
        const result = runStudy(ds, { ...demoStudyOptions(mode), dataset: { dir, seconds: gen.seconds }, onProgress: (m) => say(`  ${m}`) });
        say(`${spec.system}: study in ${((performance.now() - ts) / 1000).toFixed(1)} s`);
        systems.push(result);
      }
      const cpu = process.cpuUsage(cpu0);
      const report: StudyReport = {
        packageVersion: version,
        settings: { command: `glassbox demo${o.quick ? " --quick" : ""}${o.full ? " --full" : ""}`, mode, specs, study: demoStudyOptions(mode), cpuSeconds: (cpu.user + cpu.system) / 1e6 },
        systems,
        seconds: (performance.now() - t0) / 1000,
      };
      await writeAtomic(join(out, "report.json"), JSON.stringify(report) + "\n");
      await writeAtomic(join(out, "report.html"), renderReport(report));
      const rows = demoRows(report);
      if (o.json) {
        printJson({ results: rows.map(({ system, target, n_train, r2_linear, r2_baseline }) => ({ system, target, n_train, r2_linear, r2_baseline })) });
        return;
      }
      process.stdout.write(table(rows));
      say(
        `R² of the VDOS is the mean per-bin R² over the bins where D(ω) lives; baseline = the better of kernel ridge and the MLP.\n` +
          `report: ${join(out, "report.html")} (data: report.json); ${report.seconds.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`,
      );
    });
}
