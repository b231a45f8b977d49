/**
 * The study report: one self-contained HTML file (styles, Chart.js, the page script and the data inlined; no
 * network, opens offline from disk) with a summary table across systems and targets, and per system the data
 * set, g(r) and VDOS across disorder, and per target the headline comparison (linear vs KRR/MLP vs the mean
 * predictor, with "baseline wins" flags computed from the numbers), predictions, parity plots, learning
 * curves, the out-of-distribution result, weight maps, lasso paths and the ⟨ω²⟩ sum rule. Browser-safe.
 *
 * The page declares a Content-Security-Policy allowing only its own inline script and stylesheet (by hash):
 * nothing can be fetched, and nothing is evaluated from strings.
 */
import { REPORT_CSS, REPORT_CSS_HASH, REPORT_SCRIPT, REPORT_SCRIPT_HASH } from "../generated/report-assets.js";
import type { Scores, StudyReport, SystemResult, TargetResult } from "../study/types.js";
import { planCharts, targetTitle, type ChartSpec } from "./charts.js";
import { encodeJson } from "./data.js";
import { systemUnits, type SystemUnits } from "./units.js";
import { findings, formatDelta, formatR2, formatSeconds, formatValue, modelLabel, verdict, type Verdict } from "./verdict.js";

export { planCharts, type ChartConfig, type ChartSpec } from "./charts.js";
export { decodeJson, decodeReport, encodeJson } from "./data.js";
export { systemUnits, type SystemUnits } from "./units.js";
export { verdict, type Verdict } from "./verdict.js";

/** Options of {@link renderReport}. */
export interface ReportOptions {
  /** Page title (default "glassbox study report"). */
  title?: string;
  /** Units per system (default: {@link systemUnits} of each system's name). */
  units?: SystemUnits[];
}

/**
 * Ids of the embedded JSON blocks: the report as plain JSON (NaN/±Infinity as null), the paths of those special
 * numbers (see {@link encodeJson}), and the units used on the axes.
 */
export const REPORT_DATA_ID = "glassbox-report";
export const REPORT_SPECIAL_ID = "glassbox-report-special";
export const UNITS_DATA_ID = "glassbox-units";

/** HTML-escapes text for element content and attribute values. */
function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function flag(v: Verdict): string {
  if (v.best === null) return `<span class="flag none">no baseline</span>`;
  const parts: string[] = [];
  if (v.baselineWins) parts.push(`<span class="flag baseline-wins" title="a nonlinear baseline has a higher R² than the linear model">baseline wins: ${esc(v.losses.map((l) => modelLabel(l.name)).join(", "))}</span>`);
  else if (v.tie) parts.push(`<span class="flag tie" title="the best baseline has exactly the linear model's R²">tie: ${esc(modelLabel(v.best.name))}</span>`);
  else parts.push(`<span class="flag linear-wins" title="every baseline has a lower R² than the linear model">linear wins</span>`);
  if (v.belowMean) parts.push(`<span class="flag below-mean">below mean predictor</span>`);
  return parts.join(" ");
}

function alphaText(alpha: number | number[]): string {
  if (typeof alpha === "number") return formatValue(alpha);
  if (alpha.length === 0) return "n/a";
  const s = [...alpha].sort((a, b) => a - b);
  return `per output, median ${formatValue(s[Math.floor((s.length - 1) / 2)]!)} (${formatValue(s[0]!)}–${formatValue(s[s.length - 1]!)})`;
}

function summaryTable(report: StudyReport, units: SystemUnits[]): string {
  const rows: string[] = [];
  report.systems.forEach((sys, si) => {
    sys.targets.forEach((t, ti) => {
      const v = verdict(t);
      const spectrum = t.target === "vdos";
      const base = v.best ? t.baselines.find((b) => b.name === v.best!.name) : undefined;
      rows.push(
        `<tr class="${v.baselineWins ? "baseline-wins" : ""}" data-system="${esc(sys.system)}" data-target="${esc(t.target)}" data-baseline-wins="${v.baselineWins}">` +
          `<td class="text nowrap"><a href="#sys-${si}">${esc(sys.system)}</a></td>` +
          `<td class="text nowrap"><a href="#sys-${si}-t-${ti}">${esc(targetTitle(t.target, units[si]!))}</a></td>` +
          `<td>${t.nTrain}</td><td>${t.nTest}</td>` +
          `<td>${formatR2(t.linear.r2)}</td><td>${spectrum ? formatR2(t.linear.r2Pooled) : "—"}</td>` +
          `<td class="text">${v.best ? esc(modelLabel(v.best.name)) : "—"}</td>` +
          `<td>${v.best ? formatR2(v.best.r2) : "—"}</td>` +
          `<td>${formatR2(t.meanPredictor.r2)}</td>` +
          `<td class="text">${flag(v)}</td>` +
          `<td class="nowrap">${formatSeconds(t.linear.fitSeconds)} / ${base ? formatSeconds(base.fitSeconds) : "—"}</td>` +
          `</tr>`,
      );
    });
  });
  return (
    `<div class="table-wrap"><table id="summary-table">` +
    `<caption>Linear model against the best nonlinear baseline on held-out test structures</caption>` +
    `<thead><tr><th scope="col" class="text">System</th><th scope="col" class="text">Target</th><th scope="col">n_train</th><th scope="col">n_test</th><th scope="col">Linear R²<sup>a</sup></th><th scope="col">pooled R²<sup>b</sup></th><th scope="col" class="text">Best baseline</th><th scope="col">Baseline R²</th><th scope="col">Mean R²<sup>c</sup></th><th scope="col" class="text">Verdict</th><th scope="col">Fit time, linear / baseline</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table></div>` +
    `<p class="table-notes"><sup>a</sup> For spectra (VDOS) the mean of the per-bin R² over ω bins, the honest metric. <sup>b</sup> R² pooled over every (structure, bin) value: flattering, shown for comparison. <sup>c</sup> Predicting the training mean, the floor every model must beat.</p>`
  );
}

function headlineTable(t: TargetResult, v: Verdict, u: SystemUnits, anchor: string): string {
  const spectrum = t.target === "vdos";
  const unit = (u.targets[t.target]?.unit ?? "") || "target units";
  const rows: { name: string; label: string; s: Scores; fit: number | null; extra: string }[] = [
    { name: "linear", label: `Linear (${t.linear.model}, α = ${alphaText(t.linear.alpha)})`, s: t.linear, fit: t.linear.fitSeconds, extra: "" },
    ...t.baselines.map((b) => ({ name: b.name, label: modelLabel(b.name), s: b.scores, fit: b.fitSeconds, extra: "" })),
    { name: "mean", label: "Mean predictor (training mean)", s: t.meanPredictor, fit: null, extra: "" },
  ];
  let best = -Infinity;
  for (const r of rows) if (r.s.r2 > best) best = r.s.r2;
  const head = spectrum
    ? `<th scope="col">Model</th><th scope="col">R² (mean per bin)</th><th scope="col">worst-bin R²</th><th scope="col">pooled R²</th><th scope="col">MAE (${esc(unit)})</th><th scope="col">RMSE (${esc(unit)})</th><th scope="col">rel. L1 error</th><th scope="col">fit time</th><th scope="col" class="text">vs linear</th>`
    : `<th scope="col">Model</th><th scope="col">R²</th><th scope="col">MAE (${esc(unit)})</th><th scope="col">RMSE (${esc(unit)})</th><th scope="col">fit time</th><th scope="col" class="text">vs linear</th>`;
  const body = rows
    .map((r) => {
      const loss = v.losses.find((l) => l.name === r.name);
      const cls = [r.s.r2 === best ? "best" : "", loss ? "baseline-wins" : ""].filter(Boolean).join(" ");
      const vs = r.name === "linear" ? "—" : loss ? `<span class="flag baseline-wins">baseline wins by ${formatDelta(loss.margin)}</span>` : r.name === "mean" ? (v.belowMean ? `<span class="flag below-mean">beats linear</span>` : "below linear") : r.s.r2 === t.linear.r2 ? `<span class="flag tie">tie</span>` : `<span class="flag linear-wins">linear wins</span>`;
      const cells = spectrum
        ? `<td>${formatR2(r.s.r2)}</td><td>${formatR2(r.s.r2Worst)}</td><td>${formatR2(r.s.r2Pooled)}</td><td>${formatValue(r.s.mae)}</td><td>${formatValue(r.s.rmse)}</td><td>${r.s.relL1 === null ? "—" : `${(100 * r.s.relL1).toFixed(2)} %`}</td>`
        : `<td>${formatR2(r.s.r2)}</td><td>${formatValue(r.s.mae)}</td><td>${formatValue(r.s.rmse)}</td>`;
      return `<tr${cls ? ` class="${cls}"` : ""} data-model="${esc(r.name)}" data-baseline-wins="${loss ? "true" : "false"}"><th scope="row" class="text">${esc(r.label)}</th>${cells}<td>${r.fit === null ? "—" : formatSeconds(r.fit)}</td><td class="text">${vs}</td></tr>`;
    })
    .join("");
  return (
    `<div class="table-wrap"><table class="headline" id="${anchor}-table">` +
    `<caption>Held-out test set: ${t.nTest} structures, trained on ${t.nTrain}${spectrum || (t.metric && t.metric !== "R²") ? `; R² is the ${esc(t.metric ?? "mean per-bin R² over the ω bins (the honest metric)")}` : ""}${spectrum ? ", pooled R² over every value for comparison" : ""}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
  );
}

function oodTable(t: TargetResult, v: Verdict): string {
  const ood = t.outOfDistribution;
  if (!ood) return `<p>No out-of-distribution split was run for this target.</p>`;
  const names = Object.keys(ood.r2);
  const order = ["linear", ...names.filter((n) => n !== "linear" && n !== "mean"), ...names.filter((n) => n === "mean")].filter((n) => n in ood.r2);
  const rows = order
    .map((n) => {
      const loss = v.oodLosses.find((l) => l.name === n);
      const vs = n === "linear" ? "—" : loss ? `<span class="flag baseline-wins">baseline wins by ${formatDelta(loss.margin)}</span>` : n === "mean" ? "" : ood.r2[n] === ood.r2.linear ? `<span class="flag tie">tie</span>` : `<span class="flag linear-wins">linear wins</span>`;
      return `<tr${loss ? ` class="baseline-wins"` : ""} data-model="${esc(n)}" data-baseline-wins="${loss ? "true" : "false"}"><th scope="row" class="text">${esc(modelLabel(n))}</th><td>${formatR2(ood.r2[n]!)}</td><td class="text">${vs}</td></tr>`;
    })
    .join("");
  return (
    `<div class="table-wrap"><table class="ood"><caption>Out of distribution: ${esc(ood.criterion)} (threshold ${formatValue(ood.threshold)})</caption>` +
    `<thead><tr><th scope="col">Model</th><th scope="col">R²</th><th scope="col" class="text">vs linear</th></tr></thead><tbody>${rows}</tbody></table></div>`
  );
}

function driversTable(t: TargetResult, u: SystemUnits): string {
  const d = t.drivers;
  if (!d || d.length === 0) return "";
  const bands = d.some((b) => b.omega !== null);
  const rows = d
    .map(
      (b) =>
        `<tr><th scope="row" class="text">${esc(b.band)}</th>${bands ? `<td class="nowrap">${b.omega ? `${formatValue(b.omega[0])}–${formatValue(b.omega[1])}` : "—"}</td>` : ""}` +
        `<td class="text">${b.ranges.map((x) => `${esc(x.key)} at r ∈ [${formatValue(x.r[0])}, ${formatValue(x.r[1])}) ${esc(u.length)}: ${(100 * x.share).toFixed(0)} %`).join("; ")}</td></tr>`,
    )
    .join("");
  return (
    `<div class="table-wrap"><table class="drivers"><caption>The pair distances that drive each part of the target: r windows ranked by the spread over training structures of Σ W·(g − ḡ), with their share</caption>` +
    `<thead><tr><th scope="col" class="text">Part</th>${bands ? `<th scope="col">${esc(u.frequencySymbol)} range (${esc(u.frequency)})</th>` : ""}<th scope="col" class="text">Driving r windows (partial, range, share)</th></tr></thead><tbody>${rows}</tbody></table></div>`
  );
}

function figure(spec: ChartSpec): string {
  const bar = spec.colorbar
    ? `<div class="colorbar"><div class="ramp"></div><div class="ticks"><span>−${esc(spec.colorbar.limit.toPrecision(3))}</span><span>0</span><span>+${esc(spec.colorbar.limit.toPrecision(3))}</span></div><div>${esc(spec.colorbar.label)}</div></div>`
    : "";
  const tall = spec.kind === "weights" || spec.kind === "parity" ? " tall" : "";
  return (
    `<figure id="fig-${esc(spec.id)}" data-kind="${esc(spec.kind)}">` +
    `<div class="chart${tall}"><canvas data-chart="${esc(spec.id)}" role="img" aria-label="${esc(`${spec.title}. ${spec.caption}`)}">${esc(spec.title)}</canvas></div>` +
    `${bar}<figcaption>${esc(spec.caption)}</figcaption></figure>`
  );
}

function figures(specs: ChartSpec[]): string {
  return specs.length ? `<div class="figures">${specs.map(figure).join("")}</div>` : "";
}

function targetSection(sys: SystemResult, si: number, t: TargetResult, ti: number, u: SystemUnits, specs: ChartSpec[]): string {
  const anchor = `sys-${si}-t-${ti}`;
  const v = verdict(t);
  const spectrum = t.target === "vdos";
  const mine = specs.filter((s) => s.system === si && s.target === ti);
  const of = (...kinds: string[]) => mine.filter((s) => kinds.includes(s.kind));
  const found = findings(t, v, spectrum)
    .map((f) => `<li${/wins here|beats linear|does worse/.test(f) ? ` class="loss"` : ""}>${esc(f)}</li>`)
    .join("");
  const notes = t.notes.length ? `<h4>Notes</h4><ul class="notes">${t.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
  const interp = of("weights", "weight-profile", "lasso", "sum-rule");
  return (
    `<section id="${anchor}" class="target" data-target="${esc(t.target)}" aria-labelledby="${anchor}-h">` +
    `<h3 id="${anchor}-h">${esc(sys.system)}: ${esc(targetTitle(t.target, u))} ${flag(v)}</h3>` +
    headlineTable(t, v, u, anchor) +
    `<h4>Findings</h4><ul class="findings">${found}</ul>` +
    notes +
    `<h4>${spectrum ? "Truth vs prediction" : "Parity"} and learning curves</h4>` +
    figures(of("spectra", "parity", "learning")) +
    (of("learning").length ? "" : `<p>No learning curve was run for this target.</p>`) +
    `<h4>Out of distribution</h4>` +
    oodTable(t, v) +
    `<h4>Interpretability</h4>` +
    (t.sumRule
      ? `<p class="sum-rule">Exact sum rule: ${t.sumRule.observedColumns !== undefined ? `over the ${t.sumRule.observedColumns} g(r) bins where pairs occur, ` : ""}the fitted weights correlate with the exact kernel at ${esc(t.sumRule.correlation.toFixed(4))}` +
        `${t.sumRule.correlationPooled !== undefined ? ` (${esc(t.sumRule.correlationPooled.toFixed(4))} after summing both into the weight map's columns)` : ""}; ` +
        `predicting with the exact kernel, no fitting at all, gives R² = ${esc(formatR2(t.sumRule.r2Exact))} against ${esc(formatR2(t.linear.r2))} for the fitted model.</p>`
      : "") +
    driversTable(t, u) +
    figures(interp) +
    `</section>`
  );
}

function systemSection(sys: SystemResult, si: number, u: SystemUnits, specs: ChartSpec[]): string {
  const d = sys.dataset;
  const sysSpecs = specs.filter((s) => s.system === si && s.target === null);
  return (
    `<section id="sys-${si}" class="system" data-system="${esc(sys.system)}" aria-labelledby="sys-${si}-h">` +
    `<h2 id="sys-${si}-h">${esc(sys.system)}</h2>` +
    `<dl class="facts"><dt>Structures</dt><dd>${d.count}</dd><dt>Atoms per structure</dt><dd>${d.atoms}</dd><dt>Seed</dt><dd>${d.seed}</dd>` +
    `<dt>Generation time</dt><dd>${formatSeconds(d.seconds)}</dd><dt>Data set</dt><dd><code>${esc(d.dir)}</code></dd>` +
    `<dt>Targets</dt><dd>${sys.targets.map((t) => esc(targetTitle(t.target, u))).join(", ") || "none"}</dd>` +
    (u.note ? `<dt>Units</dt><dd>${esc(u.note)}</dd>` : "") +
    `</dl>` +
    `<h4>Structure and spectra across disorder</h4>` +
    figures(sysSpecs) +
    sys.targets.map((t, ti) => targetSection(sys, si, t, ti, u, specs)).join("") +
    `</section>`
  );
}

/**
 * Renders a study as one self-contained HTML page (a string; write it to a `.html` file). Deterministic: the
 * same report and options give the same bytes. The report is embedded as plain JSON
 * (`<script type="application/json" id="glassbox-report">`, any JSON reader takes it; NaN/±Infinity read as
 * null there) with the exact special numbers in `#glassbox-report-special`: {@link decodeReport} of the two
 * gives back the input exactly.
 */
export function renderReport(report: StudyReport, options: ReportOptions = {}): string {
  const title = options.title ?? "glassbox study report";
  const units = options.units ?? report.systems.map((s) => systemUnits(s.system));
  if (units.length !== report.systems.length) throw new RangeError(`renderReport: options.units has ${units.length} entries for ${report.systems.length} systems`);
  const specs = planCharts(report, units);
  const data = encodeJson(report);
  const nav = report.systems
    .map((s, si) => `<li><a href="#sys-${si}">${esc(s.system)}</a>: ${s.targets.map((t, ti) => `<a href="#sys-${si}-t-${ti}">${esc(targetTitle(t.target, units[si]!))}</a>`).join(", ")}</li>`)
    .join("");
  const csp = `default-src 'none'; script-src '${REPORT_SCRIPT_HASH}'; style-src '${REPORT_CSS_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">\n` +
    `<meta name="generator" content="glassbox ${esc(report.packageVersion)}">\n` +
    `<title>${esc(title)}</title>\n<style>${REPORT_CSS}</style>\n</head>\n<body>\n` +
    `<header><h1>${esc(title)}</h1><p class="lead">Linear models y = W·g + b on binned partial g(r) against nonlinear baselines (kernel ridge, MLP), ` +
    `${report.systems.length} system${report.systems.length === 1 ? "" : "s"}, glassbox ${esc(report.packageVersion)}, ${formatSeconds(report.seconds)} in total. ` +
    `A red “baseline wins” flag marks every place a baseline scores a higher R² than the linear model.</p></header>\n` +
    `<nav aria-label="Contents"><ol><li><a href="#summary">Summary</a></li>${nav}<li><a href="#settings">Settings</a></li></ol></nav>\n<main>\n` +
    `<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>${summaryTable(report, units)}</section>\n` +
    report.systems.map((s, si) => systemSection(s, si, units[si]!, specs)).join("\n") +
    `\n<section id="settings" aria-labelledby="settings-h"><h2 id="settings-h">Settings</h2><pre>${esc(JSON.stringify(report.settings, null, 2))}</pre></section>\n` +
    `</main>\n<footer>Made by glassbox ${esc(report.packageVersion)}. Plots drawn with Chart.js and chartjs-chart-matrix (MIT licence), inlined; this file needs no network.</footer>\n` +
    `<script type="application/json" id="${REPORT_DATA_ID}">${data.json}</script>\n` +
    `<script type="application/json" id="${REPORT_SPECIAL_ID}">${data.special}</script>\n` +
    `<script type="application/json" id="${UNITS_DATA_ID}">${encodeJson(units).json}</script>\n` +
    `<script>${REPORT_SCRIPT}</script>\n</body>\n</html>\n`
  );
}
