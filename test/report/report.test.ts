// The HTML report: structure, every section for every system/target, the embedded data equal to the input,
// "baseline wins" flags exactly where the numbers say so, no external URLs, the inlined plotting library and
// its CSP hashes, units on every axis. Rendering in Chromium is test/browser/report.test.ts.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { REPORT_CSS, REPORT_SCRIPT } from "../../src/generated/report-assets.js";
import { blockMeans, colorLimit, lassoPaths, planCharts, representativeRows, splitColumns } from "../../src/report/charts.js";
import { decodeJson, encodeJson } from "../../src/report/data.js";
import { decodeReport, renderReport, systemUnits, verdict } from "../../src/report/index.js";
import type { TargetResult } from "../../src/study/types.js";
import { fixtureReport } from "./fixture.js";
import { all, closest, inner, parseHtml, text, type Element } from "./html.js";

const report = fixtureReport();
const html = renderReport(report);
const root = parseHtml(html);
const elements = all(root);
const byId = (id: string) => {
  const found = elements.filter((e) => e.attrs.id === id);
  expect(found, `#${id}`).toHaveLength(1);
  return found[0]!;
};
const within = (el: Element, pred: (e: Element) => boolean) => all(el).filter((e) => e !== el && pred(e));

/** Independent of the renderer: does some baseline strictly beat linear on the headline split? */
const baselineBeats = (t: TargetResult) => t.baselines.some((b) => b.scores.r2 > t.linear.r2);

describe("renderReport: document", () => {
  it("is one well-formed HTML document with head, title, charset, lang, and unique ids", () => {
    expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
    const htmlEl = root.children.filter((e) => e.tag === "html");
    expect(htmlEl).toHaveLength(1);
    expect(htmlEl[0]!.attrs.lang).toBe("en");
    expect(htmlEl[0]!.children.map((e) => e.tag)).toEqual(["head", "body"]);
    const head = htmlEl[0]!.children[0]!;
    expect(head.children.some((e) => e.tag === "meta" && e.attrs.charset === "utf-8")).toBe(true);
    expect(text(html, head.children.find((e) => e.tag === "title")!)).toBe("glassbox study report");
    const ids = elements.map((e) => e.attrs.id).filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
    // Internal links all resolve.
    for (const a of elements.filter((e) => e.tag === "a")) expect(ids, a.attrs.href).toContain(a.attrs.href!.slice(1));
    expect(renderReport(report, { title: "A <title> & more" })).toContain("<title>A &lt;title&gt; &amp; more</title>");
  });

  it("is deterministic: the same report gives the same bytes", () => {
    expect(renderReport(fixtureReport())).toBe(html);
  });

  it("has no external URLs: every href is a fragment, no src attributes, no url() in styles, no link/img/iframe", () => {
    for (const e of elements) {
      if (e.attrs.href !== undefined) expect(e.attrs.href).toMatch(/^#[-\w]+$/);
      expect(e.attrs.src, `<${e.tag} src>`).toBeUndefined();
      expect(["link", "img", "iframe", "object", "embed", "base", "frame"]).not.toContain(e.tag);
    }
    expect(html).not.toMatch(/\s(?:src|href|action|srcset|poster)\s*=\s*["']?\s*(?:https?:|\/\/)/i);
    expect(REPORT_CSS).not.toMatch(/url\(|@import/);
    // The only network-capable APIs would be in the page script; it has no fetch/XHR/import() calls of its own.
    expect(REPORT_SCRIPT).not.toMatch(/\bfetch\(|XMLHttpRequest|import\(|WebSocket|sendBeacon/);
  });

  it("inlines the plotting library and the page script, and its CSP allows exactly those by hash", () => {
    const scripts = elements.filter((e) => e.tag === "script");
    const code = scripts.filter((e) => e.attrs.type === undefined);
    expect(code).toHaveLength(1);
    const js = inner(html, code[0]!);
    expect(js).toBe(REPORT_SCRIPT);
    expect(js).toMatch(/Chart\.js v4\.\d+\.\d+/); // the licence banner of the bundled library
    expect(js).toContain("matrix"); // chartjs-chart-matrix's controller id
    expect(js.length).toBeGreaterThan(100_000);
    expect(js).not.toMatch(/\beval\(|new Function\(/);
    const style = elements.filter((e) => e.tag === "style");
    expect(style).toHaveLength(1);
    expect(inner(html, style[0]!)).toBe(REPORT_CSS);
    const sha = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
    const csp = elements.find((e) => e.tag === "meta" && e.attrs["http-equiv"] === "Content-Security-Policy")!.attrs.content!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${sha(js)}`);
    expect(csp).toContain(`style-src ${sha(REPORT_CSS)}`);
    expect(csp).not.toMatch(/unsafe-(inline|eval)|https?:/);
    // No inline style attributes or event handlers (CSP would block them).
    for (const e of elements) for (const a of Object.keys(e.attrs)) expect(a === "style" || a.startsWith("on"), `${e.tag}[${a}]`).toBe(false);
  });
});

describe("renderReport: embedded data", () => {
  it("embeds the report unchanged (NaN kept) and the units of every system", () => {
    const block = byId("glassbox-report");
    expect(block.tag).toBe("script");
    expect(block.attrs.type).toBe("application/json");
    const raw = inner(html, block);
    const special = inner(html, byId("glassbox-report-special"));
    expect(raw).not.toMatch(/<\/|<!--/);
    // Plain JSON any reader takes: NaN as null there, listed with its path in the special block.
    const plain = JSON.parse(raw);
    expect(plain.systems[1].targets[1].baselines[1].scores.r2).toBeNull();
    expect(JSON.parse(special)).toContainEqual([["systems", 1, "targets", 1, "baselines", 1, "scores", "r2"], "NaN"]);
    const back = decodeReport(raw, special);
    expect(back).toEqual(report); // toEqual treats NaN as equal to NaN and tells −0 from 0
    expect(Number.isNaN(back.systems[1]!.targets[1]!.baselines[1]!.scores.r2)).toBe(true);
    expect(back.settings.note).toBe("</script><!-- not markup -->");
    const units = JSON.parse(inner(html, byId("glassbox-units")));
    expect(units).toEqual(report.systems.map((s) => systemUnits(s.system)));
  });

  it("round-trips NaN, ±Infinity and −0, and leaves look-alike strings alone", () => {
    const v = { a: [NaN, Infinity, -Infinity, 1.5, -0.25, -0, 0], s: "NaN", o: { x: [[1, NaN]], "</script>": -0 }, t: "<b>" };
    const e = encodeJson(v);
    expect(e.json + e.special).not.toContain("<");
    expect(JSON.parse(e.json)).toEqual({ ...v, a: [null, null, null, 1.5, -0.25, 0, 0], o: { x: [[1, null]], "</script>": 0 } });
    const back = decodeJson<typeof v>(e.json, e.special);
    expect(back).toEqual(v);
    expect(decodeJson(encodeJson(NaN).json, encodeJson(NaN).special)).toBeNaN();
    expect(() => decodeJson("{}", '[[["a"], "nope"]]')).toThrow(RangeError);
    expect(Object.is(back.a[5], -0)).toBe(true);
    expect(Object.is(back.a[6], 0)).toBe(true);
  });
});

describe("renderReport: sections", () => {
  it("has a summary row per (system, target) and every section, table and figure of every system and target", () => {
    const rows = within(byId("summary-table"), (e) => e.tag === "tr" && e.attrs["data-target"] !== undefined);
    expect(rows.map((r) => `${r.attrs["data-system"]}/${r.attrs["data-target"]}`)).toEqual(report.systems.flatMap((s) => s.targets.map((t) => `${s.system}/${t.target}`)));
    const canvases = elements.filter((e) => e.tag === "canvas").map((e) => e.attrs["data-chart"]!);
    const expected: string[] = [];
    report.systems.forEach((sys, si) => {
      const sec = byId(`sys-${si}`);
      expect(text(html, byId(`sys-${si}-h`))).toBe(sys.system);
      const facts = text(html, within(sec, (e) => e.tag === "dl")[0]!);
      expect(facts).toContain(String(sys.dataset.count));
      expect(facts).toContain(String(sys.dataset.seed));
      expect(facts).toContain(sys.dataset.dir);
      sys.rdfByDisorder.keys.forEach((_, ki) => expected.push(`s${si}-rdf-${ki}`));
      expected.push(`s${si}-vdos`);
      sys.targets.forEach((t, ti) => {
        const id = `s${si}-t${ti}`;
        const tsec = byId(`sys-${si}-t-${ti}`);
        expect(closest(tsec, "section")!.attrs.id).toBe(`sys-${si}-t-${ti}`);
        expect(closest(tsec.parent!, "section")!.attrs.id).toBe(`sys-${si}`);
        const tables = within(tsec, (e) => e.tag === "table");
        expect(tables.some((e) => e.attrs.class === "headline")).toBe(true);
        expect(tables.some((e) => e.attrs.class === "ood")).toBe(t.outOfDistribution !== null);
        const body = text(html, tsec);
        for (const h of ["Findings", "learning curves", "Out of distribution", "Interpretability", t.target === "vdos" ? "Truth vs prediction" : "Parity"]) expect(body).toContain(h);
        for (const n of t.notes) expect(body).toContain(n);
        if (t.target === "vdos") {
          const k = Math.min(3, t.parity.truth.length);
          for (let i = 0; i < k; i++) expected.push(`${id}-spectra-${i}`);
          // The headline table shows the honest per-bin R² beside the pooled one.
          expect(body).toContain("R² (mean per bin)");
          expect(body).toContain("pooled R²");
        } else expected.push(`${id}-parity`);
        if (Object.values(t.learningCurves).some((p) => p.length > 0)) expected.push(`${id}-learning`);
        const keys = new Set(t.weights.columns.map((c) => c.split(":")[0]));
        if (t.weights.rows.length > 1) [...keys].forEach((_, pi) => expected.push(`${id}-weights-${pi}`));
        else expected.push(`${id}-weight-profile`);
        if (t.lassoPath) expected.push(`${id}-lasso`);
        if (t.sumRule) {
          expected.push(`${id}-sum-rule`);
          expect(body).toContain(t.sumRule.correlation.toFixed(4));
          if (t.sumRule.correlationPooled !== undefined) expect(body).toContain(t.sumRule.correlationPooled.toFixed(4));
          if (t.sumRule.observedColumns !== undefined) expect(body).toContain(`over the ${t.sumRule.observedColumns} g(r) bins`);
        }
        expect(tables.some((e) => e.attrs.class === "drivers")).toBe((t.drivers?.length ?? 0) > 0);
        for (const d of t.drivers ?? []) for (const x of d.ranges) expect(body).toContain(`${x.key} at r ∈ [${x.r[0]}, ${x.r[1]})`);
        if (t.metric && t.metric !== "R²") expect(body).toContain(`trained on ${t.nTrain}; R² is the ${t.metric}`);
        // Each figure sits inside its target's section.
        for (const c of within(tsec, (e) => e.tag === "canvas")) expect(c.attrs["data-chart"]!.startsWith(`${id}-`)).toBe(true);
      });
    });
    expect(canvases).toEqual(expected);
    // Every canvas is an accessible image with a caption, and heatmaps carry a colour bar.
    for (const c of elements.filter((e) => e.tag === "canvas")) {
      expect(c.attrs.role).toBe("img");
      expect(c.attrs["aria-label"]!.length).toBeGreaterThan(20);
      const fig = closest(c, "figure")!;
      expect(fig.children.some((e) => e.tag === "figcaption")).toBe(true);
      expect(all(fig).some((e) => e.attrs.class === "colorbar")).toBe(fig.attrs["data-kind"] === "weights");
    }
  });

  it("flags 'baseline wins' exactly where a baseline's R² is higher than the linear model's", () => {
    const rows = within(byId("summary-table"), (e) => e.tag === "tr" && e.attrs["data-target"] !== undefined);
    const targets = report.systems.flatMap((s) => s.targets);
    const wins = targets.map(baselineBeats);
    expect(wins).toEqual([false, false, true, true, false]); // the fixture's design: a tie is not a win, NaN never wins
    rows.forEach((r, i) => {
      expect(r.attrs["data-baseline-wins"]).toBe(String(wins[i]));
      expect(text(html, r).includes("baseline wins")).toBe(wins[i]);
    });
    report.systems.forEach((sys, si) =>
      sys.targets.forEach((t, ti) => {
        const sec = byId(`sys-${si}-t-${ti}`);
        const headline = within(sec, (e) => e.tag === "table" && e.attrs.class === "headline")[0]!;
        for (const row of within(headline, (e) => e.tag === "tr" && e.attrs["data-model"] !== undefined)) {
          const name = row.attrs["data-model"]!;
          const b = t.baselines.find((x) => x.name === name);
          const beats = b !== undefined && b.scores.r2 > t.linear.r2;
          expect(row.attrs["data-baseline-wins"], `${sys.system}/${t.target}/${name}`).toBe(String(beats));
          expect(text(html, row).includes("baseline wins")).toBe(beats);
        }
        const h = text(html, byId(`sys-${si}-t-${ti}-h`));
        const best = Math.max(...t.baselines.map((b) => b.scores.r2).filter((r) => !Number.isNaN(r)));
        expect(h.includes("baseline wins")).toBe(baselineBeats(t));
        expect(h.includes("linear wins")).toBe(best < t.linear.r2);
        expect(h.includes("tie")).toBe(best === t.linear.r2);
        const ood = t.outOfDistribution;
        if (ood) {
          const table = within(sec, (e) => e.tag === "table" && e.attrs.class === "ood")[0]!;
          for (const row of within(table, (e) => e.tag === "tr" && e.attrs["data-model"] !== undefined)) {
            const name = row.attrs["data-model"]!;
            const beats = name !== "linear" && name !== "mean" && ood.r2[name]! > ood.r2.linear!;
            expect(row.attrs["data-baseline-wins"], `OOD ${sys.system}/${t.target}/${name}`).toBe(String(beats));
          }
        }
        // The findings say it in words, with the numbers.
        const findings = text(html, within(sec, (e) => e.tag === "ul" && e.attrs.class === "findings")[0]!);
        for (const b of t.baselines) if (b.scores.r2 > t.linear.r2) expect(findings).toMatch(new RegExp(`${b.name.toUpperCase()} baseline wins here`));
      }),
    );
  });

  it("states learning-curve sizes where a baseline beats linear", () => {
    const t = report.systems[1]!.targets[0]!;
    const sizes = t.learningCurves.krr!.filter((p, i) => p.r2 > t.learningCurves.linear![i]!.r2).map((p) => p.nTrain);
    expect(sizes).toEqual([4, 8, 32]);
    expect(verdict(t).curveLosses.map((c) => c.nTrain)).toEqual(sizes);
    expect(text(html, byId("sys-1-t-0"))).toContain(`KRR beats linear at n_train = ${sizes.join(", ")}`);
  });

  it("escapes notes and settings as text", () => {
    expect(html).toContain("A note with &lt;b&gt;markup&lt;/b&gt; &amp; ampersands, shown as text.");
    expect(html).not.toContain("<b>markup</b>");
    expect(text(html, byId("settings"))).toContain("</script><!-- not markup -->");
  });
});

describe("charts", () => {
  const units = report.systems.map((s) => systemUnits(s.system));
  const specs = planCharts(report, units);

  it("builds every chart with a titled axis carrying a unit on every scale", () => {
    for (const s of specs) {
      const c = s.build();
      const scales = Object.entries(c.options?.scales ?? {});
      expect(scales.length, s.id).toBeGreaterThanOrEqual(2);
      for (const [axis, sc] of scales) {
        const title = (sc as { title?: { display?: boolean; text?: string } }).title;
        expect(title?.display, `${s.id} ${axis}`).toBe(true);
        expect(title?.text, `${s.id} ${axis}`).toMatch(/\(.+\)$/);
      }
      expect(c.options?.animation).toBe(false);
    }
    // Real units per unit system.
    const rdf = specs.find((s) => s.id === "s1-rdf-0")!.build();
    expect((rdf.options!.scales!.x as { title: { text: string } }).title.text).toBe("r (Å)");
    const vd = specs.find((s) => s.id === "s0-vdos")!.build();
    expect((vd.options!.scales!.x as { title: { text: string } }).title.text).toBe("ω (τ⁻¹)");
    expect((specs.find((s) => s.id === "s1-vdos")!.build().options!.scales!.x as { title: { text: string } }).title.text).toBe("ν (THz)");
  });

  it("plots the input data: g(r) series, parity points and weight-map cells equal the report's arrays", () => {
    const sys = report.systems[0]!;
    const rdf = specs.find((s) => s.id === "s0-rdf-1")!.build();
    rdf.data.datasets.forEach((d, gi) => {
      expect(d.label).toBe(sys.rdfByDisorder.groups[gi]!.label);
      expect((d.data as { x: number; y: number }[]).map((p) => p.y)).toEqual(sys.rdfByDisorder.groups[gi]!.g[1]);
      expect((d.data as { x: number; y: number }[]).map((p) => p.x)).toEqual(sys.rdfByDisorder.centers);
    });
    const t = sys.targets[1]!; // omega2
    const parity = specs.find((s) => s.id === "s0-t1-parity")!.build();
    const lin = parity.data.datasets.find((d) => d.label === "Linear")!.data as { x: number; y: number }[];
    expect(lin.map((p) => p.x)).toEqual(t.parity.truth.flat());
    expect(lin.map((p) => p.y)).toEqual(t.parity.linear.flat());
    // Weight map of the first partial, unmerged (small): cell (r_i, ω_j) holds W[j][i].
    const vd = sys.targets[0]!;
    const w = specs.find((s) => s.id === "s0-t0-weights-0")!.build();
    const cells = w.data.datasets[0]!.data as { x: number; y: number; v: number }[];
    const nr = sys.rdfByDisorder.centers.length;
    expect(cells).toHaveLength(vd.weights.rows.length * nr);
    expect(cells[5 * nr + 12]).toEqual({ x: sys.rdfByDisorder.centers[12], y: vd.weights.rows[5], v: vd.weights.values[5]![12] });
    // Where g = 0 in every disorder group (below the closest approach) the weight is not shown.
    const seen = (k: number, i: number) => sys.rdfByDisorder.groups.some((g) => g.g[k]![i]! > 0);
    expect(seen(0, 7)).toBe(false);
    expect(cells[5 * nr + 7]!.v).toBeNaN();
    for (const [i, c] of cells.entries()) expect(Number.isNaN(c.v)).toBe(!seen(0, i % nr));
    const third = specs.find((s) => s.id === "s0-t0-weights-2")!.build().data.datasets[0]!.data as { v: number }[];
    expect(third[3 * nr + 14]!.v).toBe(vd.weights.values[3]![2 * nr + 14]);
    // The colour limit comes from the shown weights only.
    const shown = vd.weights.values.map((row) => row.filter((_, c) => seen(Math.floor(c / nr), c % nr)));
    expect(specs.find((s) => s.id === "s0-t0-weights-0")!.colorbar!.limit).toBe(colorLimit(shown));
    // Unevenly spaced temperatures: equal cells at row indices, ticks labelled with the temperatures.
    const hc = sys.targets[2]!;
    const hw = specs.find((s) => s.id === "s0-t2-weights-0")!.build();
    const hcells = hw.data.datasets[0]!.data as { x: number; y: number; v: number }[];
    expect(hcells.filter((c) => c.x === sys.rdfByDisorder.centers[0]).map((c) => c.y)).toEqual([0, 1, 2, 3]);
    expect(hcells[2 * nr + 12]!.v).toBe(hc.weights.values[2]![12]);
    const tick = (hw.options!.scales!.y as { ticks: { callback: (v: number) => string } }).ticks.callback;
    expect([0, 1, 2, 3, 1.5].map((v) => tick(v))).toEqual([...hc.weights.rows.map(String), ""]);
  });

  it("draws the sum rule on the model's fine bins, where pairs occur", () => {
    const sys = report.systems[0]!;
    const t = sys.targets[1]!;
    const sr = t.sumRule!;
    const f = t.weights.binsPooled!;
    const nf = sr.kernel.length / sys.rdfByDisorder.keys.length;
    expect(nf).toBe(sys.rdfByDisorder.centers.length * f);
    const c = specs.find((s) => s.id === "s0-t1-sum-rule")!.build();
    for (const [ki, key] of sys.rdfByDisorder.keys.entries()) {
      const exact = c.data.datasets.find((d) => d.label === `exact ${key}`)!.data as { x: number; y: number }[];
      const fitted = c.data.datasets.find((d) => d.label === `fitted ${key}`)!.data as { x: number; y: number }[];
      // Independently: fine bin k (center (k + ½)·Δr/f) is shown iff some group has g > 0 in column ⌊k/f⌋.
      const dr = (sys.rdfByDisorder.centers[1]! - sys.rdfByDisorder.centers[0]!) / f;
      const shown = Array.from({ length: nf }, (_, k) => k).filter((k) => sys.rdfByDisorder.groups.some((g) => g.g[ki]![Math.floor(k / f)]! > 0));
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.length).toBeLessThan(nf);
      const real = exact.filter((p) => !Number.isNaN(p.y));
      expect(real).toHaveLength(shown.length);
      real.forEach((p, i) => expect(p.x).toBeCloseTo((shown[i]! + 0.5) * dr, 12));
      expect(real.map((p) => p.y)).toEqual(shown.map((k) => sr.kernel[ki * nf + k]));
      expect(fitted.filter((p) => !Number.isNaN(p.y)).map((p) => p.y)).toEqual(shown.map((k) => sr.fitted[ki * nf + k]));
    }
  });

  it("verdict: strict comparisons, NaN never wins, ties are not wins", () => {
    const kappa = report.systems[1]!.targets[1]!;
    const v = verdict(kappa);
    expect(v.baselineWins).toBe(false);
    expect(v.best).toEqual({ name: "krr", r2: 0.75 });
    expect(v.tie).toBe(true);
    expect(verdict(report.systems[0]!.targets[0]!).tie).toBe(false);
    expect(v.oodLosses).toEqual([]);
    const hc = verdict(report.systems[0]!.targets[2]!);
    expect(hc.losses.map((l) => l.name)).toEqual(["mlp"]);
    expect(hc.losses[0]!.margin).toBeCloseTo(0.05, 12);
    expect(verdict(report.systems[0]!.targets[0]!).oodLosses.map((l) => l.name)).toEqual(["krr"]);
  });

  it("helpers: columns by partial, lasso layouts, block means, colour limit, representative rows", () => {
    expect(splitColumns(["A-A:0.5", "A-A:1.5", "A-B:0.5", "x"])).toEqual([
      { key: "A-A", r: [0.5, 1.5], index: [0, 1] },
      { key: "A-B", r: [0.5], index: [2] },
      { key: "", r: [3], index: [3] },
    ]);
    const byFeature = { alphas: [1, 2, 3], features: ["a", "b"], coef: [[1, 2, 3], [4, 5, 6]] };
    expect(lassoPaths(byFeature)).toEqual(byFeature.coef);
    expect(lassoPaths({ ...byFeature, coef: [[1, 4], [2, 5], [3, 6]] })).toEqual(byFeature.coef);
    expect(() => lassoPaths({ ...byFeature, coef: [[1]] })).toThrow(RangeError);
    const z = [
      [1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10],
      [11, 12, 13, 14, 15],
    ];
    const b = blockMeans([0, 1, 2, 3, 4], [0, 1, 2], z, 3, 2);
    expect(b.xs).toEqual([0.5, 2.5, 4.5]); // centers of full blocks: even spacing kept
    expect(b.ys).toEqual([0.5, 2.5]);
    expect(b.z).toEqual([
      [(1 + 2 + 6 + 7) / 4, (3 + 4 + 8 + 9) / 4, (5 + 10) / 2],
      [(11 + 12) / 2, (13 + 14) / 2, 15],
    ]);
    expect(blockMeans([0, 1], [0], [[1, 2]], 10, 10).z).toEqual([[1, 2]]);
    const big = Array.from({ length: 200 }, (_, i) => i + 1);
    big[199] = 1e9; // one outlier does not set the scale
    expect(colorLimit([big])).toBe(198);
    expect(colorLimit([[0, 0]])).toBe(1);
    const truth = [
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ];
    const pred = [
      [1.1, 1],
      [1, 1],
      [2, 2],
      [1.3, 1.3],
    ];
    expect(representativeRows(truth, pred).map((r) => [r.index, r.label])).toEqual([
      [1, "best"],
      [0, "median"],
      [2, "worst"],
    ]);
  });
});
