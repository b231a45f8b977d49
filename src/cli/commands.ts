// The list of subcommands. Each module exports `register(program)`.
import type { Command } from "commander";

export const commands: ((program: Command) => void)[] = [];
import { register as registerVdos } from "./vdos.js"; import { register as registerThermal } from "./thermal.js"; commands.push(registerVdos, registerThermal); // glassbox vdos, glassbox thermal
import { register as registerRdf } from "./rdf.js"; commands.push(registerRdf); // glassbox rdf, glassbox neighbors
import { register as registerGenerate } from "./generate.js"; commands.push(registerGenerate); // glassbox generate
import { register as registerEnergy } from "./energy.js"; import { register as registerRelax } from "./relax.js"; commands.push(registerEnergy, registerRelax); // glassbox energy, glassbox relax
