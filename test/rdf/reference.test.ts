// g(r) against the reference answers: identical ordered pair counts per bin (every bin, every key), g within
// 1e-12 relative, 2D g for the monolayer, and LAMMPS' own g and running coordination.
import { describe, expect, it } from "vitest";
import { rdf } from "../../src/rdf.js";
import { loadJson } from "../reference.js";
import { referenceNames, referenceStructure } from "../neighbors/fixtures.js";

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) {
    const scale = Math.max(Math.abs(a[k]!), Math.abs(b[k]!));
    if (scale > 0) m = Math.max(m, Math.abs(a[k]! - b[k]!) / scale);
  }
  return m;
}

/** Reference keys "AA", "AB" → ours "A-A", "A-B". */
const ourKey = (k: string) => (k === "total" ? k : `${k[0]}-${k[1]}`);

describe("g(r) vs ../shared/reference", () => {
  for (const name of referenceNames) {
    it(`${name}: counts identical, g within 1e-12`, () => {
      const answer = loadJson(`answers/${name}.json`).rdf;
      const r = answer.reference;
      const s = referenceStructure(name);
      const g = rdf(s, { rMax: r.rmax, bins: r.nbins, partial: true, dim: 3 });
      expect(Array.from(g.edges)).toEqual(r.edges);
      expect(Array.from(g.centers)).toEqual(r.centers);
      // honeycomb_s0.00 is the reference's tie test: its 5a = 7.1 Å shell lies exactly on the edge between
      // bins 141 and 142, so those two bins depend on the last bit of each distance. Our float64 distances
      // (wrapped coordinates, (x_j − (x_i − B·cell))², k = ⌊d/Δr⌋) put the pairs in the same bins as the
      // reference (532 and 812 ordered pairs), so this structure is held to exact counts like the others.
      for (const key of Object.keys(r.counts_ordered)) {
        expect(Array.from(g.counts.get(ourKey(key))!), key).toEqual(r.counts_ordered[key]);
        const gv = key === "total" ? g.total : g.partials.get(ourKey(key))!;
        expect(maxRel(gv, r.g[key])).toBeLessThan(1e-12);
      }
      if (name === "honeycomb_s0.00") expect(Array.from(g.counts.get("total")!.subarray(141, 143))).toEqual([532, 812]);
      if (r.g_2d) {
        const g2 = rdf(s, { rMax: r.rmax, bins: r.nbins });
        expect(g2.dim).toBe(2); // periodic along a and b only: 2D by default
        expect(maxRel(g2.total, r.g_2d.total)).toBeLessThan(1e-12);
      }
      // LAMMPS compute rdf's own g and cumulative coordination (run with `dimension 2` for the monolayer).
      if (answer.lammps?.g?.total) {
        const ours = r.g_2d ? rdf(s, { rMax: r.rmax, bins: r.nbins }) : g;
        // LAMMPS (its own distance arithmetic) splits the honeycomb_s0.00 tie shell differently: bins 141
        // and 142 there, and the running coordination at 141, are the documented exception.
        const skip = name === "honeycomb_s0.00" ? [141, 142] : [];
        const drop = (a: ArrayLike<number>) => Array.from(a).filter((_, k) => !skip.includes(k));
        expect(maxRel(drop(ours.total), drop(answer.lammps.g.total))).toBeLessThan(1e-12);
        expect(maxRel(drop(ours.coordination.get("total")!), drop(answer.lammps.coord_total))).toBeLessThan(1e-12);
      }
    });
  }
});
