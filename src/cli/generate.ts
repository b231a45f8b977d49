/**
 * `glassbox generate SYSTEM --count N --seed S -o DIR`: a data set of relaxed structures spanning
 * crystal → glass, with g(r) features and spectral targets, on every core, resumable.
 */
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { SYSTEM_NAMES } from "../generators.js";
import { defaultSpec } from "../datasets/spec.js";
import { generateDataset } from "../node/datasets.js";
import { UsageError, numberOption, printJson } from "./program.js";

/** A progress reporter on stderr: a bar with ETA on a terminal, silent otherwise (or with --quiet). */
export function progressReporter(label: string, enabled: boolean): { update: (done: number, total: number) => void; stop: () => void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} structures | {percentage}% | elapsed {duration_formatted} | ETA {eta_formatted}`, stream: process.stderr, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Registers `glassbox generate`. */
export function register(program: Command): void {
  program
    .command("generate")
    .description("generate a data set: relaxed structures from crystal to glass, g(r) features, VDOS/⟨ω²⟩/C/κ targets")
    .argument("<system>", `one of ${SYSTEM_NAMES.join(", ")}`)
    .requiredOption("--count <N>", "number of structures", numberOption("--count", 1, true))
    .requiredOption("--seed <S>", "data-set seed (non-negative integer)", numberOption("--seed", 0, true))
    .requiredOption("-o, --output <dir>", "output directory (an interrupted run there is resumed)")
    .option("--atoms <n>", "approximate atoms per structure (default: the system's)", numberOption("--atoms", 1, true))
    .option("--no-kappa", "skip the Allen–Feldman κ target (the most expensive)")
    .option("--workers <k>", "worker threads (default: all cores)", numberOption("--workers", 1, true))
    .option("--quiet", "no progress bar")
    .option("--json", "print a JSON summary")
    .action(async (system: string, o: { count: number; seed: number; output: string; atoms?: number; kappa: boolean; workers?: number; quiet?: boolean; json?: boolean }) => {
      if (!(SYSTEM_NAMES as readonly string[]).includes(system)) throw new UsageError(`unknown system "${system}"; choose one of ${SYSTEM_NAMES.join(", ")}`);
      const spec = defaultSpec(system, o.count, o.seed, { ...(o.atoms ? { atoms: o.atoms } : {}), ...(o.kappa ? {} : { kappa: null }) });
      const progress = progressReporter(system, !o.quiet && !o.json && process.stderr.isTTY === true);
      try {
        const r = await generateDataset(spec, o.output, {
          ...(o.workers ? { workers: o.workers } : {}),
          onProgress: (done, total) => progress.update(done, total),
        });
        progress.stop();
        if (o.json) printJson({ dir: r.dir, system, count: o.count, seed: o.seed, computed: r.computed, reused: r.reused, seconds: r.seconds });
        else process.stdout.write(`${r.dir}: ${o.count} ${system} structures (${r.computed} computed, ${r.reused} reused) in ${r.seconds.toFixed(1)} s\n`);
      } finally {
        progress.stop();
      }
    });
}
