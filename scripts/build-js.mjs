// Bundles the TypeScript API with esbuild. One code-splitting build, so the browser-safe library
// (dist/index.js), the Node additions (dist/node.js: files, worker threads) and the CLI (dist/cli.js)
// share one engine instance when used together. The .wasm bytes are inside (src/generated/).
import { build } from "esbuild";
import { chmodSync, rmSync } from "node:fs";

// Remove only this step's outputs: dist/web and dist/types belong to other build steps.
rmSync("dist/chunks", { recursive: true, force: true, maxRetries: 3 });
await build({
  entryPoints: { index: "src/index.ts", node: "src/node.ts", cli: "src/cli.ts", worker: "src/node/worker.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  conditions: ["import", "default"],
  target: "es2022",
  // CommonJS packages used only by the CLI stay external (installed as dependencies), so the ESM
  // bundle never needs a dynamic require; the library entry bundles everything it uses.
  external: ["node:*", "commander", "cli-progress"],
  sourcemap: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
});
chmodSync("dist/cli.js", 0o755);
console.log("js: dist/index.js, dist/node.js, dist/cli.js");
