// The list of subcommands. Each module exports `register(program)`.
import type { Command } from "commander";

export const commands: ((program: Command) => void)[] = [];
import { register as registerVdos } from "./vdos.js"; import { register as registerThermal } from "./thermal.js"; commands.push(registerVdos, registerThermal); // glassbox vdos, glassbox thermal
import { register as registerRdf } from "./rdf.js"; commands.push(registerRdf); // glassbox rdf, glassbox neighbors
import { register as registerGenerate } from "./generate.js"; commands.push(registerGenerate); // glassbox generate
import { register as registerEnergy } from "./energy.js"; import { register as registerRelax } from "./relax.js"; commands.push(registerEnergy, registerRelax); // glassbox energy, glassbox relax
import { register as registerFit } from "./fit.js"; import { register as registerPredict } from "./predict.js"; import { register as registerEvaluate } from "./evaluate.js"; import { register as registerDemo } from "./demo.js"; commands.push(registerFit, registerPredict, registerEvaluate, registerDemo); // glassbox fit, predict, evaluate, demo
