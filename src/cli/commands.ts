// The list of subcommands. Each module exports `register(program)`.
import type { Command } from "commander";

export const commands: ((program: Command) => void)[] = [];
