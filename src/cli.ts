#!/usr/bin/env node
// The `glassbox` command line. Each subcommand lives in src/cli/<name>.ts and registers itself here.
import { runCli } from "./cli/program.js";

runCli(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`glassbox: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
