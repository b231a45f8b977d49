// The built package: `import { init } from "glassbox"` works in Node, and the library entry is browser-safe.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { version } from "../../src/version.js";
import { repoDir } from "../reference.js";

/** Every file reachable from `entry` through static and dynamic relative imports. */
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from\s*|import\s*\(?\s*)["'](\.[^"']+)["']/g)) {
      stack.push(join(file, "..", m[1]!));
    }
  }
  return [...seen];
}

describe("built package", () => {
  it("imports as `glassbox` in a plain Node process and computes with the embedded wasm", () => {
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { init, Structure, version } from "glassbox";
         await init();
         const s = new Structure({ positions: [0, 0, 0], species: ["Ar"], cell: [[2, 0, 0], [0, 2, 0], [0, 0, 2]] });
         console.log(JSON.stringify({ version, volume: s.volume() }));`,
      ],
      { cwd: repoDir },
    ).toString();
    expect(JSON.parse(out)).toEqual({ version, volume: 8 });
  });

  it("keeps the library entry free of Node built-ins and bundles for the browser", async () => {
    const files = reachable(join(repoDir, "dist", "index.js"));
    for (const f of files) expect(readFileSync(f, "utf8"), f).not.toMatch(/from\s*["']node:|require\(["']node:/);
    const result = await build({
      stdin: { contents: `import { init } from "glassbox"; await init();`, resolveDir: repoDir, loader: "js" },
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text.length).toBeGreaterThan(1000);
  });

  it("has the package.json version in src/version.ts", () => {
    const pkg = JSON.parse(readFileSync(join(repoDir, "package.json"), "utf8"));
    expect(version).toBe(pkg.version);
  });
});
