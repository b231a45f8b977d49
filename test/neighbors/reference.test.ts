// Neighbor lists against the reference answers (ASE's neighbor_list with all images, checked there by an
// independent brute force): identical sets of (i, j, S), distances within 1e-12.
import { describe, expect, it } from "vitest";
import { neighborList } from "../../src/neighbors.js";
import { loadJson } from "../reference.js";
import { entryKey, referenceNames, referenceStructure } from "./fixtures.js";

describe("neighbor list vs ../shared/reference", () => {
  for (const name of referenceNames) {
    it(`${name}: half list equals the reference, full list is its symmetric closure`, () => {
      const answer = loadJson(`answers/${name}.json`).neighbors;
      const s = referenceStructure(name);
      const nl = neighborList(s, { cutoff: answer.cutoff, half: true });
      expect(nl.j.length).toBe(answer.n_pairs);
      const want = new Map<string, number>();
      for (let p = 0; p < answer.i.length; p++) want.set(entryKey(answer.i[p], answer.j[p], answer.S[p]), answer.d[p]);
      let maxErr = 0;
      for (let i = 0; i < s.n; i++) {
        for (let p = nl.first[i]!; p < nl.first[i + 1]!; p++) {
          const key = entryKey(i, nl.j[p]!, nl.shift.subarray(3 * p, 3 * p + 3));
          const d = want.get(key);
          expect(d, `unexpected entry ${key}`).toBeDefined();
          maxErr = Math.max(maxErr, Math.abs(nl.distance[p]! - d!));
          want.delete(key);
        }
      }
      expect([...want.keys()].slice(0, 5)).toEqual([]);
      expect(maxErr).toBeLessThan(1e-12);

      // Full list: every half entry in both directions, nothing else; coordination per atom.
      const full = neighborList(s, { cutoff: answer.cutoff });
      expect(full.j.length).toBe(2 * answer.n_pairs);
      const coordination = full.coordination();
      expect(Array.from(nl.coordination())).toEqual(Array.from(coordination));
      // coordination_full of the reference is the full-list row length: a self-image pair (i, i, S) counts
      // for S and −S (its README words this as "once for its atom"; the numbers say twice).
      expect(Array.from(coordination)).toEqual(answer.coordination_full);
      let selfImages = 0;
      for (let p = 0; p < answer.i.length; p++) if (answer.i[p] === answer.j[p]) selfImages++;
      expect(selfImages).toBe(answer.n_self_image_pairs ?? 0);
      if (name === "tri_small") expect(selfImages).toBe(96);
    });
  }
});
