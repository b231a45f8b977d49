// Batch featurisation: the reference regression feature matrix X (100 KA structures, total g, rmax 2.5,
// 50 bins) reproduced, the column layout, pair-density features, and the species-set check.
import { describe, expect, it } from "vitest";
import { rdf, rdfFeatures } from "../../src/rdf.js";
import { GlassboxError, Structure } from "../../src/structure.js";
import { loadJson } from "../reference.js";
import { referenceStructure } from "../neighbors/fixtures.js";

const regression = () => Array.from({ length: 100 }, (_, i) => referenceStructure(`regression/reg_${String(i).padStart(3, "0")}`));

describe("rdfFeatures", () => {
  it("reproduces the reference regression matrix X (100 × 50 total g) within 1e-12 relative", () => {
    const answer = loadJson("answers/regression.json");
    const structures = regression();
    const f = rdfFeatures(structures, { rMax: answer.features.rmax, bins: answer.features.nbins, pairs: ["total"] });
    expect([f.rows, f.columns]).toEqual([100, 50]);
    let worst = 0;
    for (let r = 0; r < 100; r++) {
      for (let c = 0; c < 50; c++) {
        const want = answer.X[r][c] as number, got = f.matrix[r * 50 + c]!;
        if (want !== 0 || got !== 0) worst = Math.max(worst, Math.abs(got - want) / Math.abs(want));
      }
    }
    expect(worst).toBeLessThan(1e-12);
    expect(f.columnLabels[0]).toBe("total:0.025");
    expect(f.columnLabels[49]).toBe("total:2.475");
  });

  it("concatenates every partial key by default, in sorted order; pair densities sum to the total's", () => {
    const structures = regression().slice(0, 5);
    const f = rdfFeatures(structures, { rMax: 2.5, bins: 20 });
    expect(f.keys).toEqual(["A-A", "A-B", "B-B"]);
    expect(f.columns).toBe(60);
    expect(f.columnLabels[20]).toBe("A-B:0.0625");
    const g = rdf(structures[3]!, { rMax: 2.5, bins: 20, partial: true });
    expect(Array.from(f.matrix.subarray(3 * 60 + 20, 3 * 60 + 40))).toEqual(Array.from(g.partials.get("A-B")!));
    // "B-A" is accepted and normalised; density features: Σ partial = total (all per atom per shell volume).
    const d = rdfFeatures(structures, { rMax: 2.5, bins: 20, density: true, pairs: ["A-A", "B-A", "B-B", "total"] });
    expect(d.keys).toEqual(["A-A", "A-B", "B-B", "total"]);
    for (let r = 0; r < 5; r++) {
      for (let k = 0; k < 20; k++) {
        const row = d.matrix.subarray(r * 80, (r + 1) * 80);
        const sum = row[k]! + row[20 + k]! + row[40 + k]!;
        expect(sum).toBeCloseTo(row[60 + k]!, 10);
      }
    }
    // The total pair-density feature is ρ·g with ρ = (N − 1)/V.
    const s0 = structures[0]!;
    const g0 = rdf(s0, { rMax: 2.5, bins: 20 });
    expect(d.matrix[60 + 10]).toBeCloseTo(((s0.n - 1) / s0.volume()) * g0.total[10]!, 12);
  });

  it("names the row whose species set differs, and rejects unknown pairs", () => {
    const structures = regression().slice(0, 3);
    const odd = new Structure({ positions: structures[0]!.positions, species: Array(256).fill("A"), cell: structures[0]!.cell });
    expect(() => rdfFeatures([...structures, odd], { rMax: 2.5, bins: 10 })).toThrow(/row 3 has species \[A\] but row 0 has \[A, B\]/);
    expect(() => rdfFeatures(structures, { rMax: 2.5, bins: 10, pairs: ["A-C"] })).toThrow(GlassboxError);
    expect(() => rdfFeatures(structures, { rMax: 2.5, bins: 10, pairs: ["AB"] })).toThrow(/joined by "-"/);
    expect(rdfFeatures([], { rMax: 2.5, bins: 10 }).rows).toBe(0);
  });
});
