/**
 * Potentials by name, as spelled on the command line (`--potential …`):
 *
 * | spelling | potential |
 * |---|---|
 * | `kob-andersen`, `kob-andersen:cut`, `kob-andersen:shift`, `kob-andersen:smooth` | Kob–Andersen binary LJ (reduced units) |
 * | `lj:FILE`, `lj:FILE:smooth` | Lennard-Jones from a parameter file (see {@link parseLJParameters}) |
 * | `tersoff:PATH` | Tersoff, LAMMPS `.tersoff` file |
 * | `eam:PATH` | EAM, DYNAMO setfl (`eam/alloy`) file |
 * | `zhou:Cu,Al,Zr` | analytic Zhou 2004 EAM |
 *
 * Browser-safe: specs that name a file read it through `context.readText`, which Node callers (the CLI)
 * supply; in a browser pass a function that returns already-fetched text.
 */
import { GlassboxError } from "../structure.js";
import { kobAndersen, LennardJones, LJ_VARIANTS, parseLJParameters, type LJOptions, type LJVariant } from "./lj.js";
import type { Potential } from "./potential.js";
import { tersoffFromSpec } from "./tersoff.js";
import { eamFromSpec, zhouFromSpec } from "./eam.js";

/** What a potential factory may use besides its argument. */
export interface SpecContext {
  /** Reads a text file named in a spec (Node: `(p) => readFileSync(p, "utf8")`). */
  readText?: (path: string) => string;
  /** Receives warnings raised while computing (default `console.warn`). */
  onWarning?: (message: string) => void;
}

/**
 * Makes a potential from the part of a spec after the first ":" (undefined when there is none), e.g.
 * "smooth" for `kob-andersen:smooth`, "SiC_1989.tersoff" for `tersoff:SiC_1989.tersoff`.
 */
export type PotentialFactory = (arg: string | undefined, context: SpecContext) => Potential;

function needText(context: SpecContext, path: string, kind: string): string {
  if (!path) throw new RangeError(`${kind}: a file path is required after "${kind}:"`);
  if (!context.readText) throw new TypeError(`${kind}:${path}: no file reader available here; pass { readText } to potentialFromSpec`);
  return context.readText(path);
}

function variantOf(text: string | undefined, spec: string): LJVariant {
  const v = text ?? "cut";
  if (!(LJ_VARIANTS as readonly string[]).includes(v)) {
    throw new RangeError(`unknown Lennard-Jones variant "${v}" in --potential ${spec} (use ${LJ_VARIANTS.join(", ")})`);
  }
  return v as LJVariant;
}

/** Reads `lj:FILE` or `lj:FILE:variant` (the variant, when given, must be the last ":" field). */
function ljFromSpec(arg: string | undefined, context: SpecContext): Potential {
  if (!arg) throw new RangeError(`lj: a parameter file is required, as in --potential lj:params.json`);
  let path = arg, variant: LJVariant | undefined;
  const colon = arg.lastIndexOf(":");
  if (colon > 0 && (LJ_VARIANTS as readonly string[]).includes(arg.slice(colon + 1))) {
    path = arg.slice(0, colon);
    variant = arg.slice(colon + 1) as LJVariant;
  }
  const params = parseLJParameters(needText(context, path, "lj"), path);
  const v = variant ?? variantOf(params.variant, `lj:${arg}`);
  const options: LJOptions = { variant: v, name: `lj:${path}${v === "cut" ? "" : `:${v}`}` };
  if (context.onWarning) options.onWarning = context.onWarning;
  return new LennardJones(params, options);
}

/**
 * The registry: spec prefix → factory. Other potentials register here (one line each, below the marker)
 * or at run time with {@link registerPotential}.
 */
const registry = new Map<string, PotentialFactory>([
  ["kob-andersen", (arg, ctx) => kobAndersen(variantOf(arg, `kob-andersen:${arg}`), ctx.onWarning ? { onWarning: ctx.onWarning } : {})],
  ["lj", ljFromSpec],
  // ---- registration points for the many-body potentials (src/potentials/tersoff.ts, eam.ts) ----
  ["tersoff", (arg, ctx) => tersoffFromSpec(arg, ctx)], // --potential tersoff:PATH[:lammps]
  ["eam", (arg, ctx) => eamFromSpec(arg, ctx)], // --potential eam:PATH
  ["zhou", (arg, ctx) => zhouFromSpec(arg, ctx)], // --potential zhou:Cu,Al,Zr
  // ---- end of registration points ----
]);

/** Adds (or replaces) a potential family: `potentialFromSpec("name:arg")` then calls `factory("arg", ctx)`. */
export function registerPotential(prefix: string, factory: PotentialFactory): void {
  if (!/^[a-z][a-z0-9-]*$/.test(prefix)) throw new RangeError(`potential prefix must be lower-case letters, digits and "-", got "${prefix}"`);
  registry.set(prefix, factory);
}

/** The registered spec prefixes, for help texts. */
export function potentialNames(): string[] {
  return [...registry.keys()];
}

/**
 * A potential from its command-line spelling: `kob-andersen`, `kob-andersen:smooth`, `lj:params.json`,
 * `tersoff:SiC_1989.tersoff`, `eam:CuAlZr.eam.alloy`, `zhou:Cu,Al,Zr`.
 * @throws RangeError for an unknown name (listing the known ones) or a bad argument; errors of the file
 *   parsers name the file and line.
 *
 * @example
 * ```ts
 * const pot = potentialFromSpec("kob-andersen:smooth");
 * const pot2 = potentialFromSpec("lj:ar.json", { readText: (p) => readFileSync(p, "utf8") });
 * ```
 */
export function potentialFromSpec(spec: string, context: SpecContext = {}): Potential {
  if (typeof spec !== "string") throw new TypeError(`potential spec must be a string, got ${typeof spec}`);
  const text = spec.trim();
  const colon = text.indexOf(":");
  const prefix = (colon < 0 ? text : text.slice(0, colon)).toLowerCase();
  const arg = colon < 0 ? undefined : text.slice(colon + 1);
  const factory = registry.get(prefix);
  if (!factory) {
    throw new RangeError(`unknown potential "${spec}"; known: ${[...registry.keys()].map((k) => (k === "kob-andersen" ? "kob-andersen[:cut|shift|smooth]" : `${k}:…`)).join(", ")}`);
  }
  const pot = factory(arg === "" ? undefined : arg, context);
  if (!pot) throw new GlassboxError(`potential factory for "${prefix}" returned nothing`);
  return pot;
}

export { LennardJones, kobAndersen, kobAndersenParameters, parseLJParameters, KOB_ANDERSEN, LJ_VARIANTS } from "./lj.js";
export type { LJPair, LJParameters, LJOptions, LJVariant } from "./lj.js";
export type { Potential, BlockHessian, ComputeOptions, ForceResult, Units } from "./potential.js";
