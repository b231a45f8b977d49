// g(r) pair counts against a plain-TypeScript O(N²·images) twin on random cells, and invariants:
// partial counts add up to the total, the neighbor list gives the same pair count, frames average,
// smoothing matches a TypeScript twin, 2D default, errors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neighborList } from "../../src/neighbors.js";
import { RdfAccumulator, pairKey, rdf } from "../../src/rdf.js";
import { GlassboxError, Structure, cellHeights, type Pbc } from "../../src/structure.js";

/** Ordered pair counts per key ("total", "a-b" with a as centre) by brute force over all images. */
function bruteCounts(s: Structure, rMin: number, rMax: number, bins: number): Map<string, number[]> {
  const dr = (rMax - rMin) / bins;
  const frac = s.fractional();
  const h = cellHeights(s.cell);
  const c = s.cell;
  const out = new Map<string, number[]>([["total", new Array(bins).fill(0)]]);
  const labels = s.speciesList();
  for (const a of labels) for (const b of labels) if (pairKey(a, b) === `${a}-${b}`) out.set(`${a}-${b}`, new Array(bins).fill(0));
  for (let i = 0; i < s.n; i++) {
    for (let j = 0; j < s.n; j++) {
      const lo = [0, 0, 0], hi = [0, 0, 0];
      for (let a = 0; a < 3; a++) {
        if (!s.pbc[a]) continue;
        const ds = frac[3 * j + a]! - frac[3 * i + a]!;
        lo[a] = Math.floor(-ds - rMax / h[a]!) - 1;
        hi[a] = Math.ceil(-ds + rMax / h[a]!) + 1;
      }
      for (let s0 = lo[0]!; s0 <= hi[0]!; s0++) {
        for (let s1 = lo[1]!; s1 <= hi[1]!; s1++) {
          for (let s2 = lo[2]!; s2 <= hi[2]!; s2++) {
            if (i === j && s0 === 0 && s1 === 0 && s2 === 0) continue;
            let d2 = 0;
            for (let k = 0; k < 3; k++) {
              const v = s.positions[3 * j + k]! - s.positions[3 * i + k]! + s0 * c[k]! + s1 * c[3 + k]! + s2 * c[6 + k]!;
              d2 += v * v;
            }
            const d = Math.sqrt(d2);
            if (d >= rMax || d < rMin) continue;
            const k = Math.floor((d - rMin) / dr);
            if (k >= bins) continue;
            out.get("total")![k]!++;
            const key = `${s.species[i]}-${s.species[j]}`;
            if (out.has(key)) out.get(key)![k]!++;
          }
        }
      }
    }
  }
  return out;
}

const arbCase = fc
  .record({
    n: fc.integer({ min: 1, max: 12 }),
    diag: fc.tuple(fc.double({ min: 1, max: 4, noNaN: true }), fc.double({ min: 1, max: 4, noNaN: true }), fc.double({ min: 1, max: 4, noNaN: true })),
    tilt: fc.tuple(fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true })),
    pbc: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    frac: fc.array(fc.double({ min: -0.6, max: 1.6, noNaN: true }), { minLength: 36, maxLength: 36 }),
    kinds: fc.array(fc.constantFrom("A", "B", "C"), { minLength: 12, maxLength: 12 }),
    rMaxScale: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
    rMinFrac: fc.constantFrom(0, 0, 0.1, 0.5),
    bins: fc.integer({ min: 1, max: 40 }),
  })
  .filter((r) => r.pbc.some((p) => p))
  .map((r) => {
    const [lx, ly, lz] = r.diag;
    const [xy, xz, yz] = r.tilt;
    const cell = [lx, 0, 0, xy * lx, ly, 0, xz * lx, yz * ly, lz];
    const positions = new Float64Array(3 * r.n);
    for (let i = 0; i < r.n; i++) {
      for (let k = 0; k < 3; k++) positions[3 * i + k] = r.frac[3 * i]! * cell[k]! + r.frac[3 * i + 1]! * cell[3 + k]! + r.frac[3 * i + 2]! * cell[6 + k]!;
    }
    const structure = new Structure({ positions, species: r.kinds.slice(0, r.n), cell, pbc: r.pbc as Pbc });
    const rMax = r.rMaxScale * Math.max(lx, ly, lz);
    return { structure, rMax, rMin: r.rMinFrac * rMax, bins: r.bins };
  });

describe("g(r) counts vs brute force", () => {
  it("ordered pair counts per bin and per type pair are identical on random triclinic cells", () => {
    fc.assert(
      fc.property(arbCase, ({ structure, rMax, rMin, bins }) => {
        const g = rdf(structure, { rMax, rMin, bins, partial: true, dim: 3 });
        const want = bruteCounts(structure, rMin, rMax, bins);
        expect([...g.counts.keys()].sort()).toEqual([...want.keys()].sort());
        for (const [key, counts] of want) expect(Array.from(g.counts.get(key)!), key).toEqual(counts);
      }),
      { numRuns: 300, seed: 424242 },
    );
  });
});

/** A random KA-like liquid: N atoms, density ρ, 80:20 A:B, integer-seeded. */
function randomLiquid(n: number, rho: number, seed: number): Structure {
  const L = Math.cbrt(n / rho);
  let x = seed >>> 0;
  const rnd = () => ((x = (Math.imul(x ^ (x >>> 15), 2246822519) + 3266489917) >>> 0) / 2 ** 32);
  const positions = Float64Array.from({ length: 3 * n }, () => rnd() * L);
  const species = Array.from({ length: n }, (_, i) => (i % 5 === 4 ? "B" : "A"));
  return new Structure({ positions, species, cell: [L, 0, 0, 0, L, 0, 0, 0, L] });
}

describe("g(r) counts: large coordinates", () => {
  it("a big periodic box (atoms near both faces) and atoms 10¹² away along an open axis", () => {
    let x = 2024;
    const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    // 60 atoms in a 3 × 3 × 3 corner of a 4000-wide periodic box, near both faces so images matter.
    const big = new Structure({
      positions: Array.from({ length: 180 }, (_, k) => (k % 3 === 0 ? 3999 : 0) + rnd() * 3 - (k % 3 === 0 ? 1.5 : 0)),
      species: Array.from({ length: 60 }, (_, i) => (i % 3 ? "A" : "B")),
      cell: [4000, 0, 0, 0, 4000, 0, 0, 0, 4000],
    });
    // A slab whose open axis holds atoms 10¹² away (ulp 1e-4 there: differences stay exact).
    const far = new Structure({
      positions: Array.from({ length: 120 }, (_, k) => (k % 3 === 2 ? 1e12 + rnd() * 3 : rnd() * 5)),
      species: Array(40).fill("A"),
      cell: [5, 0, 0, 0, 5, 0, 0, 0, 5],
      pbc: [true, true, false],
    });
    for (const s of [big, far]) {
      const g = rdf(s, { rMax: 2.5, bins: 25, partial: true, dim: 3 });
      const want = bruteCounts(s, 0, 2.5, 25);
      for (const [key, counts] of want) expect(Array.from(g.counts.get(key)!), key).toEqual(counts);
      expect(counts(g)).toBeGreaterThan(0);
    }
  });
});

const counts = (g: { counts: Map<string, Float64Array> }) => g.counts.get("total")!.reduce((a, b) => a + b, 0);

describe("g(r) invariants", () => {
  const s = randomLiquid(2000, 1.2, 7);

  it("partial counts add up to the total; the neighbor list has the same pairs; coordination matches", () => {
    const g = rdf(s, { rMax: 2.5, bins: 50, partial: true });
    const total = g.counts.get("total")!;
    const sum = new Float64Array(50);
    for (const [key, c] of g.counts) {
      if (key === "total") continue;
      const [a, b] = key.split("-");
      for (let k = 0; k < 50; k++) sum[k]! += a === b ? c[k]! : 2 * c[k]!; // "A-B" holds one order
    }
    expect(Array.from(sum)).toEqual(Array.from(total));
    const nl = neighborList(s, { cutoff: 2.5 });
    expect(total.reduce((a, b) => a + b, 0)).toBe(nl.j.length);
    const coord = g.coordination.get("total")!;
    expect(coord[49]).toBeCloseTo(nl.j.length / s.n, 12);
    // An ideal gas: g ≈ 1 (Poisson noise: beyond r = 1 every bin holds > 300 pairs, so ±25 % is > 4σ).
    for (let k = 20; k < 50; k++) expect(Math.abs(g.total[k]! - 1)).toBeLessThan(0.25);
    // g = Σ_ab c_a c_b g_ab with LAMMPS' finite-size factors: n_total = Σ_ab n_ab.
    const nA = 1600, nB = 400, N = 2000;
    for (let k = 20; k < 50; k++) {
      const mix =
        (nA * (nA - 1) * g.partials.get("A-A")![k]! + 2 * nA * nB * g.partials.get("A-B")![k]! + nB * (nB - 1) * g.partials.get("B-B")![k]!) /
        (N * (N - 1));
      expect(mix).toBeCloseTo(g.total[k]!, 12);
    }
  });

  it("counts the same pairs as the neighbor list when the work is split into chunks of cells (N ≥ 20000)", () => {
    const big = randomLiquid(25000, 1.2, 11);
    const g = rdf(big, { rMax: 1.5, bins: 30 });
    const nl = neighborList(big, { cutoff: 1.5, half: true });
    const perBin = new Float64Array(30);
    for (const d of nl.distance) perBin[Math.floor(d / (1.5 / 30))]! += 2;
    expect(Array.from(g.counts.get("total")!)).toEqual(Array.from(perBin));
  });

  it("averages frames: the same frame twice gives the same g; frames of different volume weight by pairs", () => {
    const one = rdf(s, { rMax: 2.5, bins: 25, partial: true });
    const two = rdf([s, s], { rMax: 2.5, bins: 25, partial: true });
    expect(two.frames).toBe(2);
    for (let k = 0; k < 25; k++) expect(two.total[k]).toBeCloseTo(one.total[k]!, 13);
    expect(Array.from(two.counts.get("A-B")!)).toEqual(Array.from(one.counts.get("A-B")!, (c) => 2 * c));
    const big = new Structure({ positions: Array.from(s.positions, (v) => v * 1.1), species: s.species, cell: Array.from(s.cell, (v) => v * 1.1) });
    const mix = rdf(
      (function* () {
        yield s;
        yield big;
      })(),
      { rMax: 2.5, bins: 25 },
    );
    const gBig = rdf(big, { rMax: 2.5, bins: 25 });
    // Streaming: the accumulator gives the same result frame by frame, and can be read mid-way.
    const acc = new RdfAccumulator({ rMax: 2.5, bins: 25 });
    acc.add(s);
    expect(Array.from(acc.result().total)).toEqual(Array.from(one.total));
    acc.add(big);
    expect(acc.frames).toBe(2);
    expect(Array.from(acc.result().total)).toEqual(Array.from(mix.total));
    expect(() => new RdfAccumulator({ rMax: 2.5, bins: 25 }).result()).toThrow(/no frames/);
    const d1 = (2000 * 1999) / s.volume(), d2 = (2000 * 1999) / big.volume();
    for (let k = 0; k < 25; k++) {
      const expected = (one.total[k]! * d1 + gBig.total[k]! * d2) / (d1 + d2);
      expect(mix.total[k]).toBeCloseTo(expected, 12);
    }
  });

  it("Gaussian smoothing equals a TypeScript twin and leaves counts alone", () => {
    const raw = rdf(s, { rMax: 3, bins: 60, partial: true });
    const sm = rdf(s, { rMax: 3, bins: 60, partial: true, smoothing: 0.1 });
    const c = raw.centers;
    for (const [name, a, b] of [["total", raw.total, sm.total], ["A-B", raw.partials.get("A-B")!, sm.partials.get("A-B")!]] as const) {
      for (let k = 0; k < 60; k++) {
        let num = 0, den = 0;
        for (let q = 0; q < 60; q++) {
          const w = Math.exp(-((c[k]! - c[q]!) ** 2) / (2 * 0.1 * 0.1));
          num += w * a[q]!;
          den += w;
        }
        expect(Math.abs(b[k]! - num / den), name).toBeLessThan(1e-12 * Math.max(1, Math.abs(num / den)));
      }
    }
    expect(Array.from(sm.counts.get("total")!)).toEqual(Array.from(raw.counts.get("total")!));
    expect(Math.max(...Array.from(sm.total, (v, k) => Math.abs(v - raw.total[k]!)))).toBeGreaterThan(0.01);
  });

  it("a monolayer (periodic in a and b) is 2D by default; dim overrides; toJSON has the CLI shape", () => {
    const n = 200;
    let x = 99;
    const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const pos = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      pos[3 * i] = rnd() * 20;
      pos[3 * i + 1] = rnd() * 20;
      pos[3 * i + 2] = 5;
    }
    const layer = new Structure({ positions: pos, species: Array(n).fill("C"), cell: [20, 0, 0, 0, 20, 0, 0, 0, 10], pbc: [true, true, false] });
    const g2 = rdf(layer, { rMax: 5, bins: 10 });
    const g3 = rdf(layer, { rMax: 5, bins: 10, dim: 3 });
    expect(g2.dim).toBe(2);
    expect(g3.dim).toBe(3);
    for (let k = 0; k < 10; k++) {
      const lo = k * 0.5, hi = lo + 0.5;
      const n2 = g2.counts.get("total")![k]!;
      expect(g2.total[k]).toBeCloseTo(n2 / (((n * (n - 1)) / 400) * Math.PI * (hi * hi - lo * lo)), 12);
      expect(g3.total[k]).toBeCloseTo(n2 / (((n * (n - 1)) / 4000) * ((4 * Math.PI) / 3) * (hi ** 3 - lo ** 3)), 12);
    }
    const json = JSON.parse(JSON.stringify(rdf(randomLiquid(100, 1.2, 3), { rMax: 2, bins: 4, partial: true })));
    expect(Object.keys(json)).toEqual(["edges", "centers", "g"]);
    expect(Object.keys(json.g)).toEqual(["total", "A-A", "A-B", "B-B"]);
    expect(json.edges).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(json.centers).toEqual([0.25, 0.75, 1.25, 1.75]);
    expect(Object.keys(JSON.parse(JSON.stringify(rdf(layer, { rMax: 2, bins: 4 }))).g)).toEqual(["total"]);
  });

  it("numeric LAMMPS labels sort naturally in keys", () => {
    const t = new Structure({ positions: [0, 0, 0, 1, 0, 0, 0, 1, 0], species: ["10", "2", "2"], cell: [3, 0, 0, 0, 3, 0, 0, 0, 3] });
    expect([...rdf(t, { rMax: 1.5, bins: 3, partial: true }).partials.keys()]).toEqual(["2-2", "2-10", "10-10"]);
  });

  it("rejects bad options and structures without a volume with clear errors", () => {
    expect(() => rdf(s, { rMax: 0, bins: 10 })).toThrow(RangeError);
    expect(() => rdf(s, { rMax: 2, bins: 2.5 })).toThrow(/bins/);
    expect(() => rdf(s, { rMax: 2, bins: 10, rMin: 3 })).toThrow(/rMax/);
    expect(() => rdf(s, { rMax: 2, bins: 10, smoothing: -1 })).toThrow(/smoothing/);
    expect(() => rdf(s, { rMax: 2, bins: 10, dim: 4 as 3 })).toThrow(/dim/);
    expect(() => rdf([], { rMax: 2, bins: 10 })).toThrow(GlassboxError);
    expect(() => rdf(42 as unknown as Structure, { rMax: 2, bins: 10 })).toThrow(TypeError);
    const cluster = new Structure({ positions: [0, 0, 0, 1, 0, 0], species: ["A", "A"], cell: [0, 0, 0, 0, 0, 0, 0, 0, 0], pbc: [false, false, false] });
    expect(() => rdf(cluster, { rMax: 2, bins: 10 })).toThrow(/volume/);
  });
});
