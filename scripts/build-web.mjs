// Builds the static web page into dist/web/ (any static host can serve it): the page script and the
// Web Worker bundled for browsers (the .wasm embedded), the HTML and CSS, and the example structures.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

const out = "dist/web";
rmSync(out, { recursive: true, force: true, maxRetries: 3 });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { main: "src/web/main.ts", worker: "src/web/worker.ts" },
  outdir: out,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
});
cpSync("src/web/index.html", `${out}/index.html`);
cpSync("src/web/style.css", `${out}/style.css`);
cpSync("src/web/favicon.svg", `${out}/favicon.svg`);
cpSync("examples", `${out}/examples`, { recursive: true });
console.log(`web: ${out}/`);
