// Learning-curve statistics: paired differences, their standard errors, and how many draws each size gets.
import { describe, expect, it } from "vitest";
import { pairedDifference, significantWin, SIGNIFICANCE } from "../../src/study/significance.js";
import { curveRepeats } from "../../src/study/study.js";
import { verdict, findings } from "../../src/report/verdict.js";
import { fixtureReport } from "../report/fixture.js";

describe("pairedDifference", () => {
  it("is the mean of a − b and the standard error of that mean (worked by hand)", () => {
    // differences 0.1, 0.3, 0.2: mean 0.2, sample sd 0.1, se 0.1/√3
    const d = pairedDifference([0.5, 0.7, 0.6], [0.4, 0.4, 0.4])!;
    expect(d.mean).toBeCloseTo(0.2, 15);
    expect(d.se).toBeCloseTo(0.1 / Math.sqrt(3), 15);
  });

  it("skips draws either side could not fit (NaN) and needs two pairs", () => {
    const d = pairedDifference([0.5, NaN, 0.7, 0.9], [0.4, 0.1, NaN, 0.6])!;
    expect(d.mean).toBeCloseTo(0.2, 15); // pairs (0.5, 0.4) and (0.9, 0.6)
    expect(d.se).toBeCloseTo(0.1, 15); // sd of {0.1, 0.3} = √0.02, over √2
    expect(pairedDifference([0.5], [0.4])).toBeNull();
    expect(pairedDifference([NaN, 1], [1, NaN])).toBeNull();
  });

  it("pairing removes what the draws share: a constant lead is significant however noisy the draws", () => {
    const base = [-0.9, 0.2, -0.4, 0.6, 0.1, -1.3];
    const d = pairedDifference(base.map((v) => v + 0.01), base)!;
    expect(d.se).toBeLessThan(1e-15);
    expect(significantWin(d)).toBe(true);
  });

  it("a win needs a positive mean beyond SIGNIFICANCE standard errors", () => {
    expect(SIGNIFICANCE).toBe(2);
    expect(significantWin({ mean: 0.011, se: 0.005 })).toBe(true);
    expect(significantWin({ mean: 0.009, se: 0.005 })).toBe(false);
    expect(significantWin({ mean: -0.5, se: 0 })).toBe(false);
  });
});

describe("curveRepeats", () => {
  it("gives small training sets more draws, between base and 3·base", () => {
    expect([5, 8, 12, 20, 32, 80].map((n) => curveRepeats(n))).toEqual([12, 8, 6, 4, 4, 4]);
    expect([5, 8, 12, 20, 32].map((n) => curveRepeats(n, 3))).toEqual([9, 8, 6, 4, 3]);
    expect(curveRepeats(2, 1)).toBe(3);
    expect(() => curveRepeats(5, 0)).toThrow(RangeError);
  });
});

describe("report verdict with paired learning curves", () => {
  it("says 'beats' only beyond the noise, and names the sizes where a lead is within noise", () => {
    const report = fixtureReport();
    const t = structuredClone(report.systems[1]!.targets[0]!);
    const krr = t.learningCurves.krr!;
    const lin = t.learningCurves.linear!;
    // ahead at every size; paired: significant at the first two, within noise at the others
    krr.forEach((p, i) => {
      p.r2 = lin[i]!.r2 + 0.01;
      p.vsLinear = { mean: 0.01, se: i < 2 ? 0.001 : 0.008 };
    });
    const v = verdict(t);
    expect(v.curveLosses.filter((c) => c.name === "krr").map((c) => c.significant)).toEqual(krr.map((_, i) => i < 2));
    const text = findings(t, v, true).join(" ");
    expect(text).toContain(`KRR beats linear at n_train = ${krr[0]!.nTrain} (by 0.0100 ± 0.0010), ${krr[1]!.nTrain} (by 0.0100 ± 0.0010).`);
    expect(text).toMatch(new RegExp(`KRR is ahead of linear within noise \\(less than 2 standard errors of the paired difference\\) at n_train = ${krr[2]!.nTrain} `));
  });
});
