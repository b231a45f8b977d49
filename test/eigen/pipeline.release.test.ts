// Structure → Kob–Andersen Hessian → eigh, for every KA reference structure and both Hessian variants
// (cut; sf = kob-andersen:smooth), against LAPACK's eigenvalues (scipy eigh) to 1e-10·‖H‖₂: the
// variants whose Hessians are not stored in the references (the stored ones are in
// reference.release.test.ts). Release build only: seven dense n = 1500 problems.
import { describe, expect, it } from "vitest";
import { eigh } from "../../src/eigen.js";
import { toDense } from "../../src/hessian.js";
import { readStructure } from "../../src/node/io.js";
import { potentialFromSpec } from "../../src/potentials/index.js";
import { loadJson, ref } from "../reference.js";
import { maxDiff, spectralNorm } from "./helpers.js";

const cases: [string, ("cut" | "sf")[]][] = [
  ["ka_fcc_s0.00", ["cut", "sf"]],
  ["ka_fcc_s0.02", ["cut", "sf"]],
  ["ka_fcc_s0.10", ["sf"]],
  ["ka_fcc_s0.20", ["cut", "sf"]],
];
const specs = { cut: "kob-andersen", sf: "kob-andersen:smooth" } as const;

describe("KA-LJ: Hessian from the structure, eigenvalues against LAPACK", () => {
  for (const [name, variants] of cases) {
    it(`${name}: ${variants.join(", ")}`, async () => {
      const s = await readStructure(ref("structures", `${name}.xyz`));
      const answers = loadJson<{ hessian: { variants: Record<string, { eigenvalues: number[] }> } }>("answers", `${name}.json`);
      for (const variant of variants) {
        const spec = specs[variant];
        const want = Float64Array.from(answers.hessian.variants[variant]!.eigenvalues);
        const h = potentialFromSpec(spec).hessian(s);
        const r = eigh(toDense(h), want.length);
        expect(r.converged).toBe(true);
        const err = maxDiff(r.values, want) / spectralNorm(want);
        expect(err, `${name}/${variant}`).toBeLessThan(1e-10);
      }
    });
  }
});
