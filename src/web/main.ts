/**
 * The web page: UI only. Every computation runs in a Web Worker (src/web/worker.ts) so the page stays
 * responsive; Cancel terminates the worker and starts a fresh one (re-sending the current structure).
 * Plots use the same chart builders and plotting library as the CLI's HTML report.
 */
import { blockMeans, heatmapChart, lineChart, modelColor, seriesColor } from "../report/charts.js";
import { mountChart } from "../report/mount.js";
import type { Reply, Request } from "./protocol.js";

/** A request before it gets its id (distributes over the union of operations). */
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;
type NewRequest = WithoutId<Request>;
type Pending = { resolve: (r: Extract<Reply, { kind: "result" }>) => void; reject: (e: Error) => void };

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $("status"), progress = $<HTMLProgressElement>("progress"), cancel = $<HTMLButtonElement>("cancel");
const errorBox = $("error");

let worker: Worker;
let nextId = 1;
const pending = new Map<number, Pending>();
let structureRequest: Request | null = null;
let busy = false;

function startWorker(): void {
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.onmessage = (e: MessageEvent<Reply>) => {
    const m = e.data;
    if (m.kind === "progress") {
      progress.hidden = false;
      progress.value = m.fraction;
      status.textContent = m.message;
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.kind === "result") p.resolve(m);
    else p.reject(new Error(m.message));
  };
}

function call(req: NewRequest, label: string): Promise<Extract<Reply, { kind: "result" }>> {
  const id = nextId++;
  const full = { ...req, id } as Request;
  busy = true;
  cancel.disabled = false;
  progress.hidden = false;
  progress.removeAttribute("value");
  status.textContent = `${label}…`;
  return new Promise<Extract<Reply, { kind: "result" }>>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage(full);
  }).finally(() => {
    busy = pending.size > 0;
    cancel.disabled = !busy;
    if (!busy) progress.hidden = true;
  });
}

cancel.addEventListener("click", () => {
  worker.terminate();
  for (const p of pending.values()) p.reject(new Error("cancelled"));
  pending.clear();
  startWorker();
  if (structureRequest) void call(structureRequest, "restoring the structure").catch(() => {});
  status.textContent = "Cancelled.";
});

function showError(message: string): void {
  errorBox.textContent = message;
  errorBox.hidden = false;
}
function clearError(): void {
  errorBox.hidden = true;
  errorBox.textContent = "";
}

function run(label: string, body: () => Promise<void>): void {
  clearError();
  body().then(
    () => {
      status.textContent = `${label}: done.`;
    },
    (e: Error) => {
      if (e.message !== "cancelled") showError(e.message);
      status.textContent = `${label}: ${e.message === "cancelled" ? "cancelled" : "failed"}.`;
    },
  );
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function showHashes(id: string, hashes: Record<string, string>): void {
  $(id).textContent = Object.entries(hashes)
    .map(([k, v]) => `${k}: ${v.slice(0, 16)}`)
    .join("  ");
  $(id).dataset.hashes = JSON.stringify(hashes);
}

// ------------------------------------------------------------------ structure
interface Summary { name: string; atoms: number; formula: string; cell: number[]; pbc: boolean[]; dimension: number; volume: number; density: number }

async function setStructure(req: NewRequest, label: string): Promise<void> {
  const r = await call(req, label);
  structureRequest = req as Request;
  const s = r.result as Summary;
  const rows: [string, string][] = [
    ["name", s.name],
    ["atoms", `${s.atoms} (${s.formula})`],
    ["cell rows", [0, 1, 2].map((k) => `(${s.cell.slice(3 * k, 3 * k + 3).map((v) => v.toFixed(4)).join(", ")})`).join(" ")],
    ["periodic", s.pbc.map((p) => (p ? "T" : "F")).join(" ")],
    ["degrees of freedom per atom", String(s.dimension)],
    ["volume (area in 2D)", s.volume.toPrecision(6)],
    ["number density", s.density.toPrecision(6)],
  ];
  const table = $("summary");
  table.replaceChildren(
    ...rows.map(([k, v]) => {
      const tr = document.createElement("tr");
      const a = document.createElement("td"), b = document.createElement("td");
      a.textContent = k;
      b.textContent = v;
      tr.append(a, b);
      return tr;
    }),
  );
  await computeRdf();
}

async function loadFile(file: File): Promise<void> {
  const text = await file.text();
  const types = $<HTMLInputElement>("types").value.trim();
  await setStructure({ op: "load", text, name: file.name, ...(types ? { types } : {}) }, `reading ${file.name}`);
}

$<HTMLInputElement>("file").addEventListener("change", (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) run("load", () => loadFile(f));
});
const drop = $("drop");
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  const f = e.dataTransfer?.files[0];
  if (f) run("load", () => loadFile(f));
});
$("generate").addEventListener("click", () =>
  run("generate", () =>
    setStructure(
      {
        op: "generate",
        system: $<HTMLSelectElement>("gen-system").value,
        seed: Number($<HTMLInputElement>("gen-seed").value),
        atoms: Number($<HTMLInputElement>("gen-atoms").value),
      },
      "generating",
    ),
  ),
);

// ------------------------------------------------------------------ g(r)
let lastRdf: { edges: number[]; centers: number[]; g: Record<string, number[]> } | null = null;

async function computeRdf(): Promise<void> {
  const rMax = Number($<HTMLInputElement>("rmax").value), bins = Number($<HTMLInputElement>("bins").value);
  const r = await call({ op: "rdf", rMax, bins }, "computing g(r)");
  lastRdf = r.result as typeof lastRdf;
  $("rdf-json").textContent = JSON.stringify(lastRdf);
  $("rdf-time").textContent = `${(r.seconds * 1000).toFixed(1)} ms`;
  $("rdf-time").dataset.seconds = String(r.seconds);
  showHashes("rdf-hashes", r.hashes);
  $<HTMLButtonElement>("dl-rdf").disabled = false;
  const keys = Object.keys(lastRdf!.g);
  mountChart(
    $<HTMLCanvasElement>("rdf-chart"),
    lineChart({
      title: "radial distribution function",
      x: { title: "r (σ or Å)" },
      y: { title: "g(r)" },
      series: keys.map((k, i) => ({ label: k, x: lastRdf!.centers, y: lastRdf!.g[k]!, color: i === 0 ? "#222222" : seriesColor(i - 1), width: i === 0 ? 2 : 1 })),
    }),
  );
}
$("run-rdf").addEventListener("click", () => run("g(r)", computeRdf));
$("dl-rdf").addEventListener("click", () => {
  if (!lastRdf) return;
  const keys = Object.keys(lastRdf.g);
  const lines = [["r", ...keys.map((k) => `g_${k}`)].join(","), ...lastRdf.centers.map((c, b) => [c, ...keys.map((k) => lastRdf!.g[k]![b])].join(","))];
  download("rdf.csv", lines.join("\n") + "\n", "text/csv");
});

// ------------------------------------------------------------------ VDOS
let lastVdos: unknown = null;
$("run-vdos").addEventListener("click", () =>
  run("VDOS", async () => {
    const potential = $<HTMLSelectElement>("potential").value;
    const sigma = Number($<HTMLInputElement>("sigma").value);
    const r = await call({ op: "vdos", ...(potential ? { potential } : {}), ...(sigma > 0 ? { sigma } : {}) }, "computing the Hessian and its eigenmodes");
    const v = r.result as { potential: string; unit: string; omega: number[]; dos: number[]; modeOmega: number[]; participation: number[]; imaginary: number; omega2Mean: number; warnings: string[] };
    lastVdos = v;
    $("vdos-time").textContent = `${(r.seconds * 1000).toFixed(0)} ms`;
    $("vdos-time").dataset.seconds = String(r.seconds);
    $("vdos-info").textContent =
      `${v.potential}: ⟨ω²⟩ = ${v.omega2Mean.toPrecision(6)}; imaginary modes: ${v.imaginary}` + (v.warnings.length ? ` — ${v.warnings.join("; ")}` : "");
    showHashes("vdos-hashes", r.hashes);
    $<HTMLButtonElement>("dl-vdos").disabled = false;
    mountChart(
      $<HTMLCanvasElement>("vdos-chart"),
      lineChart({ title: "VDOS", x: { title: `ω (${v.unit})` }, y: { title: `D(ω) (1/${v.unit})` }, series: [{ label: "D(ω)", x: v.omega, y: v.dos, color: "#222222", width: 2 }] }),
    );
    mountChart(
      $<HTMLCanvasElement>("pr-chart"),
      lineChart({
        title: "participation ratio per mode",
        x: { title: `ω (${v.unit})` },
        y: { title: "PR", min: 0, max: 1 },
        series: [{ label: "PR", x: v.modeOmega, y: v.participation, color: seriesColor(0), points: 2, width: 0 }],
      }),
    );
  }),
);
$("dl-vdos").addEventListener("click", () => lastVdos && download("vdos.json", JSON.stringify(lastVdos) + "\n", "application/json"));

// ------------------------------------------------------------------ fit
let lastModel = "";
$("run-fit").addEventListener("click", () =>
  run("fit", async () => {
    const r = await call(
      {
        op: "fit",
        system: $<HTMLSelectElement>("fit-system").value,
        count: Number($<HTMLInputElement>("fit-count").value),
        seed: Number($<HTMLInputElement>("fit-seed").value),
        atoms: Number($<HTMLInputElement>("fit-atoms").value),
      },
      "generating structures",
    );
    const f = r.result as { nTrain: number; nTest: number; p: number; t: number; omega: number[]; columns: string[]; alpha: number[]; r2: number; r2MeanPredictor: number; coef: number[]; truth: number[]; prediction: number[]; modelText: string };
    lastModel = f.modelText;
    $<HTMLButtonElement>("dl-model").disabled = false;
    $("fit-time").textContent = `${r.seconds.toFixed(1)} s`;
    $("fit-info").textContent =
      `ridge (α = ${f.alpha[0]?.toExponential(1)}) trained on ${f.nTrain}, tested on ${f.nTest} structures: mean per-bin R² = ${f.r2.toFixed(3)} ` +
      `(training-mean predictor ${f.r2MeanPredictor.toFixed(3)})` + (f.r2 < f.r2MeanPredictor ? " — the linear model does not beat the mean here." : "");
    showHashes("fit-hashes", r.hashes);
    mountChart(
      $<HTMLCanvasElement>("fit-chart"),
      lineChart({
        title: "VDOS of a test structure",
        x: { title: "ω" },
        y: { title: "D(ω)" },
        series: [
          { label: "computed", x: f.omega, y: f.truth.slice(0, f.t), color: "#222222", width: 2 },
          { label: "linear model", x: f.omega, y: f.prediction.slice(0, f.t), color: modelColor("linear"), dash: [5, 3] },
        ],
      }),
    );
    // Weight map of the first partial: W[ω-bin, r-bin].
    const key = f.columns[0]!.split(":")[0]!;
    const idx = f.columns.flatMap((c, j) => (c.startsWith(key + ":") ? [j] : []));
    const rs = idx.map((j) => Number(f.columns[j]!.split(":")[1]));
    const z = f.omega.map((_, o) => idx.map((j) => f.coef[o * f.p + j]!));
    const m = blockMeans(rs, f.omega, z, 90, 60); // a readable number of cells
    let lim = 0;
    for (const row of m.z) for (const v of row) lim = Math.max(lim, Math.abs(v));
    mountChart(
      $<HTMLCanvasElement>("w-chart"),
      heatmapChart({ title: `weights W[ω, r] (${key})`, x: { title: "r" }, y: { title: "ω" }, xs: m.xs.map((v) => Number(v.toFixed(3))), ys: m.ys.map((v) => Number(v.toFixed(3))), z: m.z, zLabel: "W", limit: lim || 1 }),
    );
  }),
);
$("dl-model").addEventListener("click", () => lastModel && download("glassbox-model.json", lastModel, "application/json"));

startWorker();
status.textContent = "Ready.";
document.body.dataset.ready = "true";
