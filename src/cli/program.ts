/**
 * Builds the commander program. Every error becomes one line on stderr and a non-zero exit code.
 */
import { Command, CommanderError } from "commander";
import { init } from "../engine/wasm.js";
import { version } from "../version.js";
import { commands } from "./commands.js";

/** Error raised by a command for bad user input (file, argument): printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Writes a JSON value to stdout, one document, newline-terminated. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + "\n");
}

/** Parses a finite number option, naming the option on failure. */
export function numberOption(name: string, min = -Infinity, integer = false) {
  return (text: string): number => {
    const v = Number(text);
    if (text.trim() === "" || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      throw new UsageError(`${name} must be ${integer ? "an integer" : "a number"}${min > -Infinity ? ` ≥ ${min}` : ""}, got "${text}"`);
    }
    return v;
  };
}

/** Runs the CLI on `argv` (as process.argv) and returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command("glassbox")
    .description("From atomic structures of glasses to g(r), vibrational spectra and linear structure–property models")
    .version(version)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) register(program);
  try {
    await init();
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit "successfully" through here; commander already printed.
      if (err.exitCode === 0) return 0;
      return err.exitCode || 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`glassbox: ${message.split("\n")[0]}\n`);
    return err instanceof UsageError || err instanceof RangeError || err instanceof TypeError ? 2 : 1;
  }
}
