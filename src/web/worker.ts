/**
 * The page's Web Worker: owns the WebAssembly engine and the current structure, runs every heavy
 * computation off the main thread and posts progress, results and SHA-256 hashes of the result arrays.
 */
import { init } from "../engine/wasm.js";
import type { Structure } from "../structure.js";
import { computeRdf, computeVdos, fitExample, generateExample, hashArray, loadStructureText, summarize } from "./operations.js";
import type { Reply, Request } from "./protocol.js";

const scope = self as unknown as { postMessage(m: Reply): void; onmessage: ((e: MessageEvent<Request>) => void) | null };
const ready = init();
let current: Structure | null = null;

async function hashes(arrays: Record<string, Float64Array>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(arrays)) out[k] = await hashArray(v);
  return out;
}

function need(): Structure {
  if (!current) throw new Error("load or generate a structure first");
  return current;
}

async function handle(req: Request): Promise<{ result: unknown; hashes: Record<string, string> }> {
  switch (req.op) {
    case "load":
      current = loadStructureText(req.text, req.name, req.types);
      return { result: summarize(current, req.name), hashes: { positions: await hashArray(current.positions) } };
    case "generate":
      current = generateExample(req.system, req.seed, req.atoms);
      return { result: summarize(current, `${req.system} (seed ${req.seed})`), hashes: { positions: await hashArray(current.positions) } };
    case "rdf": {
      const r = computeRdf(need(), req.rMax, req.bins);
      return { result: r.json, hashes: await hashes(r.arrays) };
    }
    case "vdos": {
      const v = computeVdos(need(), { ...(req.potential ? { potential: req.potential } : {}), ...(req.sigma ? { sigma: req.sigma } : {}) });
      const result = {
        potential: v.potential, unit: v.unit, omega: Array.from(v.omega), dos: Array.from(v.dos),
        modeOmega: Array.from(v.modeOmega), participation: Array.from(v.participation),
        imaginary: v.imaginary, omega2Mean: v.omega2Mean, warnings: v.warnings,
      };
      return { result, hashes: await hashes({ eigenvalues: v.eigenvalues, dos: v.dos, participation: v.participation }) };
    }
    case "fit": {
      const f = fitExample(req.system, req.count, req.seed, req.atoms, (fraction, message) =>
        scope.postMessage({ id: req.id, kind: "progress", fraction, message }),
      );
      const result = {
        nTrain: f.nTrain, nTest: f.nTest, p: f.p, t: f.t, omega: f.omega, columns: f.columns, alpha: f.alpha,
        r2: f.r2, r2MeanPredictor: f.r2MeanPredictor, coef: Array.from(f.coef), intercept: Array.from(f.intercept),
        truth: Array.from(f.truth), prediction: Array.from(f.prediction), modelText: f.modelText,
      };
      return { result, hashes: await hashes({ features: f.features, targets: f.targets, coef: f.coef, prediction: f.prediction }) };
    }
  }
}

scope.onmessage = async (e) => {
  const req = e.data;
  try {
    await ready;
    const t0 = performance.now();
    const { result, hashes: h } = await handle(req);
    scope.postMessage({ id: req.id, kind: "result", result, seconds: (performance.now() - t0) / 1000, hashes: h });
  } catch (err) {
    scope.postMessage({ id: req.id, kind: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
