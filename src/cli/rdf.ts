/**
 * `glassbox rdf FILE --rmax R --bins N [--partial] [--json]` and
 * `glassbox neighbors FILE --cutoff C [--json]`: g(r) (averaged over every frame of the file) and
 * neighbor-list statistics of a structure file.
 */
import type { Command } from "commander";
import { parseTypes, type ReadOptions } from "../io/index.js";
import { neighborList } from "../neighbors.js";
import { readFrames } from "../node/io.js";
import { RdfAccumulator } from "../rdf.js";
import type { Structure } from "../structure.js";
import { UsageError, numberOption, printJson } from "./program.js";

interface FileOptions {
  types?: string;
  format?: string;
  frame?: number;
}

function readOptions(o: FileOptions): ReadOptions & { format?: string } {
  const r: ReadOptions & { format?: string } = {};
  if (o.types) r.types = parseTypes(o.types);
  if (o.format) r.format = o.format;
  return r;
}

function fileOptions(cmd: Command): Command {
  return cmd
    .option("--types <labels>", "labels of LAMMPS atom types 1,2,… (e.g. A,B)")
    .option("--format <name>", "structure format: extxyz, lammps-data, lammps-dump, vasp (default: from name or content)");
}


/** Registers `glassbox rdf` and `glassbox neighbors`. */
export function register(program: Command): void {
  fileOptions(
    program
      .command("rdf")
      .description("radial distribution function g(r), total and partial, averaged over the frames of FILE")
      .argument("<file>", "structure file (extended XYZ, LAMMPS data or dump, POSCAR)")
      .requiredOption("--rmax <R>", "largest distance (Å or σ)", numberOption("--rmax", 0))
      .requiredOption("--bins <N>", "number of bins", numberOption("--bins", 1, true))
      .option("--rmin <R>", "smallest distance (Å or σ)", numberOption("--rmin", 0), 0)
      .option("--partial", "also every partial g_ab(r)")
      .option("--dim <d>", "2: areal normalisation, 3: volume (default: 2 when periodic along exactly two axes)", numberOption("--dim", 2, true))
      .option("--smooth <sigma>", "Gaussian smoothing width σ_r (Å or σ)", numberOption("--smooth", 0))
      .option("--json", "print {edges, centers, g: {total, A-A, …}} as JSON"),
  ).action(async (file: string, o: FileOptions & { rmax: number; bins: number; rmin: number; partial?: boolean; dim?: number; smooth?: number; json?: boolean }) => {
    if (o.rmax <= o.rmin) throw new UsageError(`--rmax (${o.rmax}) must be larger than --rmin (${o.rmin})`);
    if (o.dim !== undefined && o.dim !== 2 && o.dim !== 3) throw new UsageError(`--dim must be 2 or 3, got ${o.dim}`);
    // Frames stream through the accumulator one at a time: a long trajectory is never held in memory.
    const acc = new RdfAccumulator({
      rMax: o.rmax,
      bins: o.bins,
      rMin: o.rmin,
      partial: o.partial === true,
      ...(o.dim !== undefined ? { dim: o.dim as 2 | 3 } : {}),
      ...(o.smooth ? { smoothing: o.smooth } : {}),
    }, file);
    let frames = 0;
    for await (const s of readFrames(file, readOptions(o))) {
      acc.add(s);
      frames++;
    }
    if (frames === 0) throw new UsageError(`${file}: no structure in the file`);
    const g = acc.result();
    if (o.json) {
      printJson(g.toJSON());
      return;
    }
    const keys = ["total", ...g.partials.keys()];
    const lines = [`# g(r) of ${file}: ${g.frames} frame(s), ${g.dim}D normalisation`, `# r ${keys.map((k) => `g_${k}`).join(" ")}`];
    for (let b = 0; b < g.centers.length; b++) {
      const row = [g.centers[b]!, g.total[b]!, ...[...g.partials.values()].map((v) => v[b]!)];
      lines.push(row.map((v) => v.toPrecision(8)).join(" "));
    }
    process.stdout.write(lines.join("\n") + "\n");
  });

  fileOptions(
    program
      .command("neighbors")
      .description("neighbor list of the first frame of FILE: ordered pair count and coordination per atom")
      .argument("<file>", "structure file")
      .requiredOption("--cutoff <C>", "cutoff distance (Å or σ); pairs with d < C", numberOption("--cutoff", 0))
      .option("--json", 'print {"pairs": P, "coordination": […]} (P = ordered pairs of the full list)'),
  ).action(async (file: string, o: FileOptions & { cutoff: number; json?: boolean }) => {
    if (!(o.cutoff > 0)) throw new UsageError(`--cutoff must be positive, got ${o.cutoff}`);
    let structure: Structure | undefined;
    for await (const s of readFrames(file, readOptions(o))) {
      structure = s;
      break;
    }
    if (!structure) throw new UsageError(`${file}: no structure in the file`);
    const list = neighborList(structure, { cutoff: o.cutoff });
    const coordination = Array.from(list.coordination());
    const pairs = list.j.length;
    if (o.json) {
      printJson({ pairs, coordination });
      return;
    }
    const mean = pairs / structure.n;
    process.stdout.write(
      `${file}: ${structure.n} atoms, cutoff ${o.cutoff}: ${pairs} ordered pairs, mean coordination ${mean.toFixed(4)}, ` +
        `min ${Math.min(...coordination)}, max ${Math.max(...coordination)}\n`,
    );
  });
}
