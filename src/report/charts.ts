/**
 * Chart.js configurations for the study's plots, built from plain data: line plots (g(r), VDOS, learning
 * curves, lasso paths, weight profiles, the ⟨ω²⟩ sum rule), parity scatter plots and weight-map heatmaps
 * (chartjs-chart-matrix). Shared by the HTML report and the web page. Browser-safe and DOM-free: this module
 * only imports Chart.js types; {@link ./mount.ts} draws a configuration on a canvas.
 *
 * Every axis title carries its unit; "(dimensionless)" where there is none.
 */
import type { ChartConfiguration, ChartDataset, LegendItem, TooltipItem } from "chart.js";
import type { MatrixDataPoint } from "chartjs-chart-matrix";
import type { StudyReport, TargetResult } from "../study/types.js";
import type { SystemUnits } from "./units.js";
import { modelLabel } from "./verdict.js";

/** A point of a line or scatter plot. */
export interface Point {
  x: number;
  y: number;
}

/** A heatmap cell: bin center (x, y) and value v. */
export interface Cell {
  x: number;
  y: number;
  v: number;
}

/** Any configuration these builders return. */
export type ChartConfig = ChartConfiguration<"line", Point[]> | ChartConfiguration<"scatter", Point[]> | ChartConfiguration<"matrix", Cell[]>;

/** Okabe–Ito colours (colour-blind safe) per model; truth is black. */
export const MODEL_COLORS: Readonly<Record<string, string>> = {
  linear: "#0072B2",
  krr: "#D55E00",
  mlp: "#009E73",
  mean: "#7F7F7F",
  truth: "#000000",
};

const EXTRA_COLORS = ["#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#332288", "#882255"];

/** Colour of a model name (stable; unknown names get the next spare colour by hash). */
export function modelColor(name: string): string {
  const c = MODEL_COLORS[name];
  if (c) return c;
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return EXTRA_COLORS[h % EXTRA_COLORS.length]!;
}

/** A categorical colour for the i-th of n series (partials, lasso features). */
export function seriesColor(i: number): string {
  const list = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#332288", "#882255", "#44AA99", "#999933", "#AA4499", "#000000"];
  return list[i % list.length]!;
}

const PLASMA: [number, number, number][] = [
  [13, 8, 135],
  [126, 3, 168],
  [204, 71, 120],
  [248, 149, 64],
];

function mix(stops: [number, number, number][], t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}

function rgb(c: [number, number, number], alpha = 1): string {
  const [r, g, b] = c.map((v) => Math.round(v));
  return alpha === 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Ordered colour (low → high disorder) for group i of n: plasma, dark blue to orange. */
export function orderedColor(i: number, n: number): string {
  return rgb(mix(PLASMA, n <= 1 ? 0 : i / (n - 1)));
}

/** ColorBrewer RdBu, reversed: negative blue, zero near-white, positive red. Also in report.css (.colorbar). */
export const DIVERGING: [number, number, number][] = [
  [5, 48, 97],
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
  [103, 0, 31],
];

/** Diverging colour of t ∈ [−1, 1] (clamped). */
export function divergingColor(t: number): string {
  return rgb(mix(DIVERGING, Number.isFinite(t) ? (t + 1) / 2 : 0.5));
}

function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return rgb([(n >> 16) & 255, (n >> 8) & 255, n & 255], alpha);
}

/** An axis: title (with unit), optional log scale (`decades`: label only powers of ten) and limits. */
export interface Axis {
  title: string;
  log?: boolean;
  decades?: boolean;
  min?: number;
  max?: number;
}

/** A line series; `band` draws a shaded lo…hi band under it (e.g. ± one standard deviation). */
export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: string;
  dash?: number[];
  width?: number;
  /** Marker radius (px); 0 = line only (default). */
  points?: number;
  band?: { lo: ArrayLike<number>; hi: ArrayLike<number> };
  /** Right-hand axis (needs `y2` in {@link lineChart}). */
  right?: boolean;
}

function points(x: ArrayLike<number>, y: ArrayLike<number>): Point[] {
  const n = Math.min(x.length, y.length);
  const out: Point[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = { x: x[i]!, y: Number.isFinite(y[i]!) ? y[i]! : NaN };
  return out;
}

function scale(a: Axis, position?: "left" | "right") {
  return {
    type: a.log ? ("logarithmic" as const) : ("linear" as const),
    ...(position ? { position } : {}),
    ...(a.min !== undefined ? { min: a.min } : {}),
    ...(a.max !== undefined ? { max: a.max } : {}),
    title: { display: true, text: a.title },
    ...(a.log && a.decades ? { ticks: { autoSkip: false, maxRotation: 0, callback: decadeLabel } } : a.min !== undefined || a.max !== undefined ? { ticks: { includeBounds: false } } : {}),
    ...(position === "right" ? { grid: { drawOnChartArea: false } } : {}),
  };
}

/** Tick label of a log axis: "10⁻³"-style at powers of ten, nothing between. */
export function decadeLabel(value: number | string): string {
  const v = Number(value);
  const e = Math.round(Math.log10(v));
  if (!(v > 0) || Math.abs(v / 10 ** e - 1) > 1e-9) return "";
  const sup: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };
  return e === 0 ? "1" : e === 1 ? "10" : `10${String(e).replace(/./g, (c) => sup[c]!)}`;
}

const BASE = {
  animation: false as const,
  responsive: true,
  maintainAspectRatio: false,
  normalized: true,
};

/** A line plot of numeric (x, y) series on linear or log axes, optionally with a right-hand y axis. */
export function lineChart(opts: { title: string; x: Axis; y: Axis; y2?: Axis; series: Series[] }): ChartConfiguration<"line", Point[]> {
  const datasets: ChartDataset<"line", Point[]>[] = [];
  const bands = new Set<number>();
  for (const s of opts.series) {
    const axis = s.right && opts.y2 ? "y2" : "y";
    if (s.band) {
      bands.add(datasets.length);
      datasets.push({ label: `${s.label} (band low)`, data: points(s.x, s.band.lo), borderWidth: 0, pointRadius: 0, fill: false, yAxisID: axis, borderColor: "transparent" });
      bands.add(datasets.length);
      datasets.push({ label: `${s.label} (band high)`, data: points(s.x, s.band.hi), borderWidth: 0, pointRadius: 0, fill: "-1", backgroundColor: withAlpha(s.color, 0.15), yAxisID: axis, borderColor: "transparent" });
    }
    datasets.push({
      label: s.label,
      data: points(s.x, s.y),
      borderColor: s.color,
      backgroundColor: s.color,
      borderWidth: s.width ?? 1.5,
      borderDash: s.dash ?? [],
      pointRadius: s.points ?? 0,
      pointHoverRadius: (s.points ?? 0) + 2,
      fill: false,
      tension: 0,
      yAxisID: axis,
    });
  }
  const notBand = (i: number | undefined) => i === undefined || !bands.has(i);
  return {
    type: "line",
    data: { datasets },
    options: {
      ...BASE,
      parsing: false,
      interaction: { mode: "nearest", intersect: false, axis: "x" },
      scales: {
        x: scale(opts.x),
        y: scale(opts.y, opts.y2 ? "left" : undefined),
        ...(opts.y2 ? { y2: scale(opts.y2, "right") } : {}),
      },
      plugins: {
        title: { display: true, text: opts.title },
        legend: { labels: { filter: (item: LegendItem) => notBand(item.datasetIndex), boxHeight: 2 } },
        tooltip: { filter: (item: TooltipItem<"line">) => notBand(item.datasetIndex) },
      },
    },
  };
}

/**
 * A parity plot: predicted against true values per model, with the y = x line. Both axes share one range.
 */
export function parityChart(opts: { title: string; quantity: string; truth: ArrayLike<number>; series: { label: string; y: ArrayLike<number>; color: string }[] }): ChartConfiguration<"scatter", Point[]> {
  let lo = Infinity;
  let hi = -Infinity;
  const visit = (a: ArrayLike<number>) => {
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  };
  visit(opts.truth);
  for (const s of opts.series) visit(s.y);
  if (!(hi >= lo)) {
    lo = 0;
    hi = 1;
  }
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.abs(hi) * 0.05 || 1;
  lo -= pad;
  hi += pad;
  const datasets: ChartDataset<"scatter", Point[]>[] = [
    { label: "y = x", data: [{ x: lo, y: lo }, { x: hi, y: hi }], showLine: true, pointRadius: 0, borderColor: "#555555", borderDash: [4, 4], borderWidth: 1 },
    ...opts.series.map((s) => ({
      label: s.label,
      data: points(opts.truth, s.y),
      backgroundColor: withAlpha(s.color, 0.55),
      borderColor: s.color,
      borderWidth: 0.5,
      pointRadius: 3,
    })),
  ];
  return {
    type: "scatter",
    data: { datasets },
    options: {
      ...BASE,
      parsing: false,
      scales: {
        x: { type: "linear", min: lo, max: hi, ticks: { includeBounds: false }, title: { display: true, text: `true ${opts.quantity}` } },
        y: { type: "linear", min: lo, max: hi, ticks: { includeBounds: false }, title: { display: true, text: `predicted ${opts.quantity}` } },
      },
      plugins: { title: { display: true, text: opts.title } },
    },
  };
}

/** The colour limit of a weight map: the 99th percentile of |W| (finite values), so one outlier does not wash out the map. */
export function colorLimit(values: ArrayLike<number>[]): number {
  let n = 0;
  for (const row of values) n += row.length;
  const all = new Float64Array(n);
  n = 0;
  for (const row of values) for (let i = 0; i < row.length; i++) if (Number.isFinite(row[i]!)) all[n++] = Math.abs(row[i]!);
  if (n === 0) return 1;
  // A typed-array sort is numeric and far faster than Array#sort with a comparator (10⁵–10⁶ weights).
  const a = all.subarray(0, n).sort();
  const v = a[Math.min(a.length - 1, Math.floor(0.99 * (a.length - 1) + 0.5))]!;
  return v > 0 ? v : a[a.length - 1]! > 0 ? a[a.length - 1]! : 1;
}

/**
 * Block means of a grid z[iy][ix] (bin centers xs, ys) down to at most maxY × maxX cells, so a heatmap stays
 * light; non-finite values are left out of the means. Centers are those of full blocks (a short last block
 * keeps the even spacing). Returns the grid unchanged when it already fits.
 */
export function blockMeans(xs: number[], ys: number[], z: number[][], maxX: number, maxY: number): { xs: number[]; ys: number[]; z: number[][]; fx: number; fy: number } {
  const fx = Math.max(1, Math.ceil(xs.length / maxX));
  const fy = Math.max(1, Math.ceil(ys.length / maxY));
  if (fx === 1 && fy === 1) return { xs, ys, z, fx, fy };
  // Center of the full block starting at i0: its first center plus (f − 1)/2 steps.
  const center = (a: number[], i0: number, f: number) => a[i0]! + ((f - 1) / 2) * (a.length > 1 ? (a[a.length - 1]! - a[0]!) / (a.length - 1) : 0);
  const cx: number[] = [];
  for (let i = 0; i < xs.length; i += fx) cx.push(fx === 1 ? xs[i]! : center(xs, i, fx));
  const cy: number[] = [];
  for (let j = 0; j < ys.length; j += fy) cy.push(fy === 1 ? ys[j]! : center(ys, j, fy));
  const out: number[][] = [];
  for (let j = 0; j < ys.length; j += fy) {
    const row: number[] = [];
    for (let i = 0; i < xs.length; i += fx) {
      let s = 0;
      let n = 0;
      for (let jj = j; jj < Math.min(ys.length, j + fy); jj++) {
        const r = z[jj]!;
        for (let ii = i; ii < Math.min(xs.length, i + fx); ii++) {
          const v = r[ii]!;
          if (Number.isFinite(v)) {
            s += v;
            n++;
          }
        }
      }
      row.push(n > 0 ? s / n : NaN);
    }
    out.push(row);
  }
  return { xs: cx, ys: cy, z: out, fx, fy };
}

function step(a: number[]): number {
  return a.length > 1 ? (a[a.length - 1]! - a[0]!) / (a.length - 1) : 1;
}

/** True when the values are evenly spaced (to 10⁻⁶ of the step). */
export function uniform(a: number[]): boolean {
  const h = step(a);
  return a.every((v, i) => Math.abs(v - (a[0]! + i * h)) <= 1e-6 * Math.abs(h));
}

/** A heatmap axis: bin centers as coordinates when evenly spaced, else bin indices labelled with the values. */
function heatAxis(values: number[], a: Axis, reverse?: boolean) {
  const even = uniform(values);
  const coords = even ? values : values.map((_, i) => i);
  const d = step(coords);
  return {
    coords,
    scale: {
      type: "linear" as const,
      ...(reverse !== undefined ? { reverse } : {}),
      offset: false,
      min: (coords[0] ?? 0) - d / 2,
      max: (coords[coords.length - 1] ?? 1) + d / 2,
      ticks: even ? { includeBounds: false } : { autoSkip: true, callback: (v: number | string) => (Number.isInteger(Number(v)) && values[Number(v)] !== undefined ? String(values[Number(v)]) : "") },
      // One tick per bin index when uneven (labelled with the bin's value by the callback).
      ...(even ? {} : { afterBuildTicks: (scale: { ticks: { value: number }[] }) => void (scale.ticks = coords.map((value) => ({ value }))) }),
      title: { display: true, text: a.title },
      grid: { display: false },
    },
    value: (c: number) => (even ? c : (values[c] ?? NaN)),
  };
}

/**
 * A heatmap of z[iy][ix] on bin centers xs (x axis) and ys (y axis), diverging colours symmetric about zero
 * and saturating at ±limit.
 */
export function heatmapChart(opts: { title: string; x: Axis; y: Axis; xs: number[]; ys: number[]; z: number[][]; zLabel: string; limit: number }): ChartConfiguration<"matrix", Cell[]> {
  const { xs, ys, z, limit } = opts;
  // Unevenly spaced bins (e.g. a few temperatures) are drawn as equal cells at their indices.
  const ax = heatAxis(xs, opts.x);
  // chartjs-chart-matrix reverses y by default; ω (or T) increases upwards here.
  const ay = heatAxis(ys, opts.y, false);
  const cells: Cell[] = [];
  for (let j = 0; j < ys.length; j++) for (let i = 0; i < xs.length; i++) cells.push({ x: ax.coords[i]!, y: ay.coords[j]!, v: z[j]?.[i] ?? NaN });
  const nx = Math.max(1, xs.length);
  const ny = Math.max(1, ys.length);
  return {
    type: "matrix",
    data: {
      datasets: [
        {
          label: opts.zLabel,
          data: cells,
          borderWidth: 0,
          // Cells overlap by half a pixel so antialiasing leaves no seams.
          width: (c) => (c.chart.chartArea ? c.chart.chartArea.width / nx + 0.5 : 0),
          height: (c) => (c.chart.chartArea ? c.chart.chartArea.height / ny + 0.5 : 0),
          // Colours per cell up front: an array option resolves far faster than a scriptable one.
          backgroundColor: cells.map((c) => (Number.isFinite(c.v) ? divergingColor(c.v / limit) : "#cccccc")),
        },
      ],
    },
    options: {
      ...BASE,
      scales: {
        x: ax.scale,
        y: ay.scale,
      },
      plugins: {
        title: { display: true, text: opts.title },
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: () => "",
            label: (item: TooltipItem<"matrix">) => {
              const c = item.raw as Cell;
              return `${opts.x.title} = ${ax.value(c.x).toPrecision(4)}, ${opts.y.title} = ${ay.value(c.y).toPrecision(4)}: ${opts.zLabel} = ${c.v.toPrecision(3)}`;
            },
          },
        },
      },
    },
  };
}

/** Feature columns grouped by partial: "A-B:1.2375" → key "A-B", r = 1.2375; other labels → key "", r = column index. */
export function splitColumns(columns: string[]): { key: string; r: number[]; index: number[] }[] {
  const groups = new Map<string, { key: string; r: number[]; index: number[] }>();
  columns.forEach((c, i) => {
    const k = c.lastIndexOf(":");
    const r = k >= 0 ? Number(c.slice(k + 1)) : NaN;
    const key = k >= 0 && Number.isFinite(r) ? c.slice(0, k) : "";
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, r: [], index: [] }));
    g.r.push(key === "" ? i : r);
    g.index.push(i);
  });
  return [...groups.values()];
}

/** Lasso coefficients as one path per feature, whichever way `coef` is laid out ([feature][α] or [α][feature]). */
export function lassoPaths(path: { alphas: number[]; features: string[]; coef: number[][] }): number[][] {
  const { alphas, features, coef } = path;
  const byFeature = coef.length === features.length && coef.every((r) => r.length === alphas.length);
  if (byFeature) return coef;
  if (coef.length === alphas.length && coef.every((r) => r.length === features.length)) return features.map((_, f) => coef.map((r) => r[f]!));
  throw new RangeError(`lasso path: coef is ${coef.length}×${coef[0]?.length ?? 0}, expected ${features.length}×${alphas.length} (features × α) or the transpose`);
}

/** What kind of plot a {@link ChartSpec} is. */
export type ChartKind = "rdf" | "vdos" | "spectra" | "parity" | "learning" | "weights" | "weight-profile" | "lasso" | "sum-rule";

/** One plot of a report: where it goes, what it says, and how to build it. */
export interface ChartSpec {
  /** Stable id, unique within a report (`s0-t1-parity`). */
  id: string;
  /** Index of the system in `report.systems`, and of the target in its `targets` (null: a system plot). */
  system: number;
  target: number | null;
  kind: ChartKind;
  /** Title and a caption in plain language (units included). */
  title: string;
  caption: string;
  /** For heatmaps: the colour limit and quantity of the colour bar. */
  colorbar?: { limit: number; label: string };
  build(): ChartConfig;
}

/** Display name of a target for one system's units. */
export function targetTitle(target: string, u: SystemUnits): string {
  switch (target) {
    case "vdos":
      return `VDOS ${u.targets.vdos.symbol}`;
    case "omega2":
      return u.targets.omega2.symbol;
    case "heat_capacity":
      return "heat capacity C";
    case "kappa":
      return "Allen–Feldman κ";
    default:
      return target;
  }
}

function withUnit(symbol: string, unit: string): string {
  return unit ? `${symbol} (${unit})` : `${symbol} (dimensionless)`;
}

function targetUnit(t: TargetResult, u: SystemUnits): { symbol: string; unit: string } {
  return u.targets[t.target] ?? { symbol: t.target, unit: "" };
}

/** Row indices of the best, median and worst linear predictions (relative L1 error), distinct, in that order. */
export function representativeRows(truth: number[][], pred: number[][]): { index: number; label: string; error: number }[] {
  const errs = truth.map((row, i) => {
    let num = 0;
    let den = 0;
    row.forEach((y, j) => {
      num += Math.abs((pred[i]?.[j] ?? NaN) - y);
      den += Math.abs(y);
    });
    return { i, e: den > 0 ? num / den : NaN };
  });
  const order = errs.filter((e) => Number.isFinite(e.e)).sort((a, b) => a.e - b.e || a.i - b.i);
  if (order.length === 0) return [];
  const picks: [number, string][] = [
    [0, "best"],
    [Math.floor((order.length - 1) / 2), "median"],
    [order.length - 1, "worst"],
  ];
  const seen = new Set<number>();
  const out: { index: number; label: string; error: number }[] = [];
  for (const [k, label] of picks) {
    const e = order[k]!;
    if (seen.has(e.i)) continue;
    seen.add(e.i);
    out.push({ index: e.i, label, error: e.e });
  }
  return out;
}

/**
 * Axis limits that keep a spike from flattening a curve: ±2 × the 90th percentile q of |v| when the largest
 * |v| exceeds 5q, else none.
 */
export function robustLimits(values: number[]): { min?: number; max?: number; clipped: boolean } {
  const finite = values.filter((v) => Number.isFinite(v));
  const a = Float64Array.from(finite.map(Math.abs)).sort();
  if (a.length < 20) return { clipped: false };
  const q = a[Math.floor(0.9 * (a.length - 1))]!;
  if (!(q > 0) || a[a.length - 1]! <= 5 * q) return { clipped: false };
  let lo = Infinity;
  for (const v of finite) lo = Math.min(lo, v);
  return { min: lo < -0.05 * q ? -2 * q : -0.1 * q, max: 2 * q, clipped: true };
}

/** A feature column label for legends: "A-B:1.2375" → "A-B, r = 1.2375 σ". */
export function featureLabel(column: string, lengthUnit: string): string {
  const k = column.lastIndexOf(":");
  const r = k >= 0 ? Number(column.slice(k + 1)) : NaN;
  return Number.isFinite(r) ? `${column.slice(0, k)}, r = ${column.slice(k + 1)} ${lengthUnit}` : column;
}

/**
 * Per weight-map column: does some structure have a pair there (some disorder group's mean g > 0 in the
 * system's g(r) at the same binning)? True where that cannot be told. Weights on columns where g = 0 in every
 * structure multiply zero: the data say nothing about them.
 */
export function observedColumns(t: TargetResult, sys: StudyReport["systems"][number]): boolean[] {
  const rdf = sys.rdfByDisorder;
  const out = new Array<boolean>(t.weights.columns.length).fill(true);
  for (const p of splitColumns(t.weights.columns)) {
    const k = rdf.keys.indexOf(p.key);
    if (k < 0 || rdf.centers.length !== p.index.length) continue;
    p.index.forEach((c, i) => {
      out[c] = rdf.groups.some((g) => (g.g[k]?.[i] ?? 0) > 0);
    });
  }
  return out;
}

/** Points (x, y) where `keep`, with a NaN point between separate runs so the line breaks there. */
function gapped(x: number[], y: number[], keep: boolean[]): { x: number[]; y: number[] } {
  const ox: number[] = [];
  const oy: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!keep[i]) continue;
    if (ox.length > 0 && !keep[i - 1]) {
      ox.push((x[i - 1]! + x[i]!) / 2);
      oy.push(NaN);
    }
    ox.push(x[i]!);
    oy.push(y[i]!);
  }
  return { x: ox, y: oy };
}

/**
 * The r axis of a target's sum-rule vectors, per partial: bin centers, column indices, and whether pairs occur
 * there (some disorder group has g > 0 in the weight map's column holding the bin). The vectors live on the
 * model's own g(r) bins, which may be `weights.binsPooled` times finer than the weight map's columns (fine
 * bins start at r = 0, so the first column's center is half a column width).
 */
export function sumRuleAxis(t: TargetResult, sys: StudyReport["systems"][number]): { key: string; r: number[]; index: number[]; observed: boolean[] }[] {
  const n = t.sumRule?.kernel.length ?? 0;
  const coarse = splitColumns(t.weights.columns);
  const rdf = sys.rdfByDisorder;
  const seen = (key: string, column: number) => {
    const k = rdf.keys.indexOf(key);
    if (k < 0 || rdf.centers.length !== coarse[0]?.r.length) return true;
    return rdf.groups.some((g) => (g.g[k]?.[column] ?? 0) > 0);
  };
  if (n === t.weights.columns.length) return coarse.map((p) => ({ ...p, observed: p.r.map((_, c) => seen(p.key, c)) }));
  const nf = coarse.length > 0 ? n / coarse.length : 0;
  const first = coarse[0]?.r[0];
  if (Number.isInteger(nf) && nf > 0 && first !== undefined && first > 0) {
    const f = t.weights.binsPooled ?? Math.round(nf / coarse[0]!.r.length);
    const dr = (2 * first) / f;
    return coarse.map((p, q) => ({
      key: p.key,
      r: Array.from({ length: nf }, (_, k) => (k + 0.5) * dr),
      index: Array.from({ length: nf }, (_, k) => q * nf + k),
      observed: Array.from({ length: nf }, (_, k) => seen(p.key, Math.floor(k / f))),
    }));
  }
  return [{ key: "features", r: Array.from({ length: n }, (_, i) => i), index: Array.from({ length: n }, (_, i) => i), observed: new Array<boolean>(n).fill(true) }];
}

/** The ω (or T) axis of a multi-column target's rows. */
function outputAxis(t: TargetResult, u: SystemUnits, system: StudyReport["systems"][number]): { values: number[]; title: string; symbol: string } {
  const width = t.parity.truth[0]?.length ?? t.weights.rows.length;
  if (t.target === "vdos") {
    const values = t.weights.rows.length === width ? t.weights.rows : system.vdosByDisorder.omega.length === width ? system.vdosByDisorder.omega : Array.from({ length: width }, (_, i) => i);
    return { values, title: withUnit(u.frequencySymbol, u.frequency), symbol: u.frequencySymbol };
  }
  if (t.target === "heat_capacity") return { values: t.weights.rows.length === width ? t.weights.rows : Array.from({ length: width }, (_, i) => i), title: withUnit("T", u.temperature), symbol: "T" };
  return { values: Array.from({ length: width }, (_, i) => i), title: "output column (index)", symbol: "output" };
}

/**
 * Every plot of a report, in reading order: per system g(r) per partial and the VDOS across disorder; per
 * target truth vs prediction (spectra) or parity (scalars), the learning curve, the weight map (heatmap per
 * partial for multi-column targets, W(r) profiles for scalars), the lasso path and the ⟨ω²⟩ sum rule.
 * `units[i]` are the units of `report.systems[i]`.
 */
export function planCharts(report: StudyReport, units: SystemUnits[]): ChartSpec[] {
  const specs: ChartSpec[] = [];
  report.systems.forEach((sys, si) => {
    const u = units[si]!;
    const r = withUnit("r", u.length);
    const groups = sys.rdfByDisorder.groups;
    sys.rdfByDisorder.keys.forEach((key, ki) => {
      specs.push({
        id: `s${si}-rdf-${ki}`,
        system: si,
        target: null,
        kind: "rdf",
        title: `g(r) of ${key} pairs across disorder`,
        caption: `Mean partial pair distribution g_${key}(r) of each disorder group (legend); r in ${u.length}, g dimensionless.`,
        build: () =>
          lineChart({
            title: `g_${key}(r) across disorder`,
            x: { title: r },
            y: { title: "g(r) (dimensionless)" },
            series: groups.map((g, gi) => ({ label: g.label, x: sys.rdfByDisorder.centers, y: g.g[ki] ?? [], color: orderedColor(gi, groups.length) })),
          }),
      });
    });
    const vd = sys.vdosByDisorder;
    const dos = u.targets.vdos;
    specs.push({
      id: `s${si}-vdos`,
      system: si,
      target: null,
      kind: "vdos",
      title: "VDOS across disorder",
      caption: `Mean vibrational density of states ${dos.symbol} per disorder group; ${u.frequencySymbol} in ${u.frequency}, ${dos.symbol} in ${dos.unit}.`,
      build: () =>
        lineChart({
          title: `${dos.symbol} across disorder`,
          x: { title: withUnit(u.frequencySymbol, u.frequency) },
          y: { title: withUnit(dos.symbol, dos.unit) },
          series: vd.groups.map((g, gi) => ({ label: g.label, x: vd.omega, y: g.dos, color: orderedColor(gi, vd.groups.length) })),
        }),
    });

    sys.targets.forEach((t, ti) => {
      const id = `s${si}-t${ti}`;
      const tu = targetUnit(t, u);
      const name = targetTitle(t.target, u);
      const width = t.parity.truth[0]?.length ?? 1;
      const baseName = modelLabel(t.parity.baselineName);
      // The study names "none" (and repeats the linear predictions) when no baseline ran.
      const hasBase = t.baselines.length > 0 && t.parity.baselineName !== "none" && t.parity.baseline.length === t.parity.truth.length;
      const spectrum = t.target === "vdos";
      if (spectrum) {
        const axis = outputAxis(t, u, sys);
        const rows = representativeRows(t.parity.truth, t.parity.linear);
        rows.forEach((row, k) => {
          specs.push({
            id: `${id}-spectra-${k}`,
            system: si,
            target: ti,
            kind: "spectra",
            title: `${name}: ${row.label} linear fit`,
            caption: `Test structure ${row.index} (the ${row.label} linear prediction of ${t.parity.truth.length}, relative L1 error ${(100 * row.error).toFixed(1)} %): truth, linear model${hasBase ? ` and ${baseName}` : ""}; ${tu.symbol} in ${tu.unit}.`,
            build: () =>
              lineChart({
                title: `Test structure ${row.index} (${row.label} linear fit)`,
                x: { title: axis.title },
                y: { title: withUnit(tu.symbol, tu.unit) },
                series: [
                  { label: "truth", x: axis.values, y: t.parity.truth[row.index]!, color: MODEL_COLORS.truth!, width: 2 },
                  { label: "Linear", x: axis.values, y: t.parity.linear[row.index]!, color: modelColor("linear") },
                  ...(hasBase ? [{ label: baseName, x: axis.values, y: t.parity.baseline[row.index]!, color: modelColor(t.parity.baselineName), dash: [5, 3] }] : []),
                ],
              }),
          });
        });
      } else {
        const flat = (m: number[][]) => m.flat();
        specs.push({
          id: `${id}-parity`,
          system: si,
          target: ti,
          kind: "parity",
          title: `${name}: predicted vs true`,
          caption: `Parity plot of the ${t.parity.truth.length} test structures${width > 1 ? `, pooled over ${width} columns` : ""}: points on the dashed line are exact; ${tu.symbol} in ${tu.unit}.`,
          build: () =>
            parityChart({
              title: `${name}: predicted vs true (test set)`,
              quantity: withUnit(tu.symbol, tu.unit),
              truth: flat(t.parity.truth),
              series: [
                { label: "Linear", y: flat(t.parity.linear), color: modelColor("linear") },
                ...(hasBase ? [{ label: baseName, y: flat(t.parity.baseline), color: modelColor(t.parity.baselineName) }] : []),
              ],
            }),
        });
      }

      const curves = Object.entries(t.learningCurves).filter(([, p]) => p.length > 0);
      if (curves.length > 0) {
        let low = Infinity;
        for (const [, p] of curves) for (const q of p) if (Number.isFinite(q.r2)) low = Math.min(low, q.r2);
        const clip = low < -1;
        const metric = spectrum ? "mean per-bin R²" : "R²";
        const positive = curves.every(([, p]) => p.every((q) => q.nTrain > 0));
        specs.push({
          id: `${id}-learning`,
          system: si,
          target: ti,
          kind: "learning",
          title: `${name}: learning curves`,
          caption: `Test ${metric} against training-set size for each model; bands are ± one standard deviation over repeats.${clip ? " The axis stops at R² = −1; lower values are off the chart." : ""}`,
          build: () =>
            lineChart({
              title: `${name}: ${metric} vs training-set size`,
              x: { title: "training-set size n_train (structures)", log: positive },
              y: { title: `${metric} (dimensionless)`, ...(clip ? { min: -1 } : {}) },
              series: curves.map(([model, p]) => ({
                label: modelLabel(model),
                x: p.map((q) => q.nTrain),
                y: p.map((q) => q.r2),
                color: modelColor(model),
                points: 3,
                width: 2,
                ...(model === "mean" ? { dash: [4, 4] } : {}),
                band: { lo: p.map((q) => q.r2 - q.r2Std), hi: p.map((q) => q.r2 + q.r2Std) },
              })),
            }),
        });
      }

      const parts = splitColumns(t.weights.columns);
      const wUnit = tu.unit;
      const pooled = (t.weights.binsPooled ?? 1) > 1 ? ` Each column is the sum of the ${t.weights.binsPooled} fine-bin weights it covers (the weight a g(r) smooth over the column sees).` : "";
      const observed = observedColumns(t, sys);
      const masked = observed.some((o) => !o);
      if (t.weights.rows.length > 1) {
        const axis = outputAxis(t, u, sys);
        // Unobserved columns (g = 0 in every structure) are grey and do not set the colour scale.
        const shownValues = masked ? t.weights.values.map((row) => row.map((v, c) => (observed[c] ? v : NaN))) : t.weights.values;
        const limit = colorLimit(shownValues);
        parts.forEach((p, pi) => {
          const nRows = t.weights.values.length;
          const ys = axis.values.length === nRows ? axis.values : t.weights.values.map((_, i) => i);
          // Chart.js costs ~10 µs per matrix cell: ≤ 120 × 64 cells keeps a map near 0.1 s.
          const [mx, my] = [120, 64];
          const fx = Math.max(1, Math.ceil(p.r.length / mx));
          const fy = Math.max(1, Math.ceil(nRows / my));
          const merged = fx > 1 || fy > 1 ? ` Shown as block means of ${fy} × ${fx} bins (${nRows} × ${p.r.length} weights).` : "";
          specs.push({
            id: `${id}-weights-${pi}`,
            system: si,
            target: ti,
            kind: "weights",
            title: `${name}: weight map ${p.key ? `for ${p.key} pairs` : ""}`.trim(),
            caption: `Linear weights W[${axis.symbol}, r] on g_${p.key || "?"}(r) bins: red raises ${tu.symbol} where g(r) is large, blue lowers it; W in ${wUnit || "target units"} per unit g, colour saturates at ±${limit.toPrecision(3)} (99th percentile of |W|).${masked ? " Grey: r where no structure has a pair (W there multiplies g = 0 and means nothing)." : ""}${pooled}${merged}`,
            colorbar: { limit, label: `W (${wUnit || "target units"} per unit g)` },
            build: () => {
              const z = shownValues.map((row) => p.index.map((c) => row[c]!));
              const small = blockMeans(p.r, ys, z, mx, my);
              return heatmapChart({
                title: `W[${axis.symbol}, r] for ${p.key || "features"}`,
                x: { title: r },
                y: { title: axis.title },
                xs: small.xs,
                ys: small.ys,
                z: small.z,
                zLabel: "W",
                limit,
              });
            },
          });
        });
      } else if (t.weights.values.length === 1) {
        const w = t.weights.values[0]!;
        specs.push({
          id: `${id}-weight-profile`,
          system: si,
          target: ti,
          kind: "weight-profile",
          title: `${name}: weights W(r)`,
          caption: `Linear weights on each g(r) bin, per partial: ${tu.symbol} = Σ W·g + b, W in ${wUnit || "target units"} per unit g; r in ${u.length}.${masked ? " Shown where some structure has a pair (elsewhere W multiplies g = 0)." : ""}${pooled}`,
          build: () =>
            lineChart({
              title: `${name}: W(r) per partial`,
              x: { title: r },
              y: { title: withUnit("W", wUnit ? `${wUnit} per unit g` : "") },
              series: parts.map((p, pi) => {
                const g = gapped(
                  p.r,
                  p.index.map((c) => w[c]!),
                  p.index.map((c) => observed[c]!),
                );
                return { label: p.key || "features", x: g.x, y: g.y, color: seriesColor(pi) };
              }),
            }),
        });
      }

      const lp = t.lassoPath;
      if (lp && lp.alphas.length > 0 && lp.features.length > 0) {
        specs.push({
          id: `${id}-lasso`,
          system: si,
          target: ti,
          kind: "lasso",
          title: `${name}: lasso path`,
          caption: `Lasso coefficients of the ${lp.features.length} largest features against the penalty α (log axis); a feature enters where its path leaves zero. Coefficients in ${wUnit || "target units"} per unit g.`,
          build: () => {
            const paths = lassoPaths(lp);
            return lineChart({
              title: `${name}: lasso path`,
              x: { title: withUnit("penalty α", wUnit), log: lp.alphas.every((a) => a > 0), decades: true },
              y: { title: withUnit("coefficient", wUnit ? `${wUnit} per unit g` : "") },
              series: lp.features.map((f, fi) => ({ label: featureLabel(f, u.length), x: lp.alphas, y: paths[fi]!, color: seriesColor(fi), width: 1.5 })),
            });
          },
        });
      }

      const sr = t.sumRule;
      if (sr) {
        const axis = sumRuleAxis(t, sys);
        const shown = axis.some((p) => p.observed.some((o) => !o));
        const curves = axis.map((p) => ({
          key: p.key,
          fitted: gapped(p.r, p.index.map((c) => sr.fitted[c]!), p.observed),
          kernel: gapped(p.r, p.index.map((c) => sr.kernel[c]!), p.observed),
        }));
        const fittedShown = curves.flatMap((c) => c.fitted.y);
        const kernelShown = curves.flatMap((c) => c.kernel.y);
        const limitsOf = (v: number[]) => {
          const l = robustLimits(v);
          return l.clipped ? { min: l.min!, max: l.max! } : {};
        };
        const clip = robustLimits(fittedShown).clipped || robustLimits(kernelShown).clipped;
        const wu = wUnit ? `${wUnit} per unit g` : "";
        specs.push({
          id: `${id}-sum-rule`,
          system: si,
          target: ti,
          kind: "sum-rule",
          title: `${name}: fitted weights vs exact sum rule`,
          caption:
            `Fitted linear weights (solid, left axis) beside the exact sum-rule kernel (dashed, right axis) per partial, on the model's own g(r) bins` +
            `${shown ? " where pairs occur (below the closest approach the kernel grows like r⁻¹² and the data say nothing about W)" : ""}; ` +
            `correlation ${sr.correlation.toFixed(4)}${sr.correlationPooled !== undefined ? ` (${sr.correlationPooled.toFixed(4)} summed into the weight map's columns)` : ""}, ` +
            `R² of the exact-kernel prediction ${sr.r2Exact.toFixed(6)}; both in ${wu || "target units"}, r in ${u.length}.` +
            (clip ? " The axes stop at twice the 90th percentile of |value| so the shape past the first peak shows: the steep rise at the closest approach runs off the chart." : ""),
          build: () => {
            return lineChart({
              title: `Fitted W vs exact kernel (correlation ${sr.correlation.toFixed(4)})`,
              x: { title: r },
              y: { title: withUnit("fitted W", wu), ...limitsOf(fittedShown) },
              y2: { title: withUnit("exact kernel", wu), ...limitsOf(kernelShown) },
              series: curves.flatMap((c, pi) => [
                { label: `fitted ${c.key}`, x: c.fitted.x, y: c.fitted.y, color: seriesColor(pi) },
                { label: `exact ${c.key}`, x: c.kernel.x, y: c.kernel.y, color: seriesColor(pi), dash: [5, 3], right: true },
              ]),
            });
          },
        });
      }
    });
  });
  return specs;
}
