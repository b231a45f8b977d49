/**
 * A small neural network (multilayer perceptron) trained on g(r): the nonlinear baseline the linear model
 * must match. One ReLU hidden layer, linear outputs, mean-squared-error loss, Adam with decoupled weight
 * decay, mini-batches in a seeded order, early stopping on a held-out part of the training data.
 * Inputs and targets are standardised internally. Training is bit-reproducible (kernels in assembly/mlp.ts).
 */
import { putF64, putI32, allocF64, readF64, scoped, viewF64, type Kernels } from "../engine/wasm.js";
import { fitStandardization, standardize } from "../models/standardize.js";

/** Training settings; defaults suit a few hundred structures with a few hundred g(r) bins. */
export interface MlpOptions {
  /** Hidden units (default 64). */
  hidden?: number;
  /** Maximum passes over the training data (default 400). */
  epochs?: number;
  /** Mini-batch size (default 32, capped at the training size). */
  batchSize?: number;
  /** Adam learning rate (default 1e-3). */
  learningRate?: number;
  /** Decoupled weight decay per step on the weights (default 1e-4). */
  weightDecay?: number;
  /** Fraction of training rows held out for early stopping (default 0.15; 0 disables early stopping). */
  validationFraction?: number;
  /** Epochs without validation improvement before stopping (default 40). */
  patience?: number;
  /** Seed for initialisation, batch order and the validation split (default 0). */
  seed?: number;
}

/** A trained network. */
export interface MlpModel {
  kind: "mlp";
  /** Input and output widths and hidden units. */
  p: number;
  t: number;
  hidden: number;
  /** Flat parameters [W1 (p×h), b1 (h), W2 (h×t), b2 (t)] in standardised units. */
  theta: Float64Array;
  /** Feature means and scales, target means and scales used for standardisation. */
  xMean: Float64Array;
  xScale: Float64Array;
  yMean: Float64Array;
  yScale: Float64Array;
  /** Epochs run and the epoch whose weights were kept. */
  epochs: number;
  bestEpoch: number;
  /** Training-loss history (standardised MSE) per epoch. */
  loss: number[];
}

/** Deterministic 32-bit generator (mulberry32): integer arithmetic only, identical in every JS engine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(a: Int32Array, next: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** Column means and scales (population standard deviation; 1 for constant columns). */

function checkMatrix(name: string, a: Float64Array, rows: number, cols: number): void {
  if (a.length !== rows * cols) throw new RangeError(`${name} has ${a.length} values, expected ${rows}×${cols}`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) throw new RangeError(`${name} has a non-finite value at row ${Math.floor(i / cols)}`);
  }
}

/**
 * Trains an MLP on rows of X (n×p, row-major) → Y (n×t).
 * @example
 * ```ts
 * const net = fitMlp(X, Y, n, p, t, { hidden: 32, seed: 1 });
 * const yHat = predictMlp(net, Xtest, nTest);
 * ```
 */
export function fitMlp(x: Float64Array, y: Float64Array, n: number, p: number, t: number, options: MlpOptions = {}): MlpModel {
  checkMatrix("X", x, n, p);
  checkMatrix("Y", y, n, t);
  if (n < 2) throw new RangeError(`an MLP needs at least 2 training rows, got ${n}`);
  const h = options.hidden ?? 64;
  const epochs = options.epochs ?? 400;
  const lr = options.learningRate ?? 1e-3;
  const wd = options.weightDecay ?? 1e-4;
  const patience = options.patience ?? 40;
  const seed = options.seed ?? 0;
  const next = mulberry32(seed ^ 0x9e3779b9);

  const xm = { rows: n, cols: p, data: x }, ym = { rows: n, cols: t, data: y };
  const xs = fitStandardization(xm), ys = fitStandardization(ym);
  const X = standardize(xm, xs).data, Y = standardize(ym, ys).data;

  // Split off a validation part for early stopping.
  const order = Int32Array.from({ length: n }, (_, i) => i);
  shuffle(order, next);
  const nVal = options.validationFraction === 0 ? 0 : Math.min(n - 1, Math.max(1, Math.round((options.validationFraction ?? 0.15) * n)));
  const valRows = order.slice(0, nVal), trainRows = order.slice(nVal);
  const nTrain = trainRows.length;
  const batch = Math.max(1, Math.min(options.batchSize ?? 32, nTrain));

  // Glorot-uniform initial weights, zero biases.
  const count = p * h + h + h * t + t;
  const theta = new Float64Array(count);
  const l1 = Math.sqrt(6 / (p + h)), l2 = Math.sqrt(6 / (h + t));
  for (let i = 0; i < p * h; i++) theta[i] = (2 * next() - 1) * l1;
  for (let i = 0; i < h * t; i++) theta[p * h + h + i] = (2 * next() - 1) * l2;

  const beta1 = 0.9, beta2 = 0.999;
  const loss: number[] = [];
  let best = Infinity, bestEpoch = 0, bestTheta: Float64Array = theta.slice();
  let ran = 0;
  scoped((k: Kernels) => {
    const px = putF64(X), py = putF64(Y);
    const pTheta = putF64(theta), pGrad = allocF64(count), pM = allocF64(count), pV = allocF64(count);
    const pHidden = allocF64(h), pDelta = allocF64(h), pOut = allocF64(Math.max(t, 1));
    const pIdx = putI32(trainRows);
    const pVal = nVal > 0 ? putI32(valRows) : 0;
    const pValOut = nVal > 0 ? allocF64(nVal * t) : 0;
    const pValX = nVal > 0 ? putF64(gatherRows(X, valRows, p)) : 0;
    let bc1 = 1, bc2 = 1, step = 0;
    const idx = trainRows.slice();
    for (let e = 0; e < epochs; e++) {
      shuffle(idx, next);
      new Int32Array(k.memory.buffer, pIdx, nTrain).set(idx);
      let epochLoss = 0;
      for (let s = 0; s < nTrain; s += batch) {
        const b = Math.min(batch, nTrain - s);
        viewF64(pGrad, count).fill(0);
        epochLoss += b * k.mlp_batchGradient(px, py, pIdx + 4 * s, b, p, h, t, pTheta, pGrad, pHidden, pDelta, pOut);
        step++;
        bc1 *= beta1;
        bc2 *= beta2;
        k.mlp_adamStep(pTheta, pGrad, pM, pV, count, lr, beta1, beta2, 1e-8, 1 - bc1, 1 - bc2, wd, p * h + h + h * t);
      }
      loss.push(epochLoss / nTrain);
      ran = e + 1;
      if (nVal > 0) {
        k.mlp_predict(pValX, nVal, p, h, t, pTheta, pHidden, pValOut);
        const pred = viewF64(pValOut, nVal * t);
        let v = 0;
        for (let r = 0; r < nVal; r++) {
          const row = valRows[r]!;
          for (let o = 0; o < t; o++) {
            const d = pred[r * t + o]! - Y[row * t + o]!;
            v += d * d;
          }
        }
        if (v < best) {
          best = v;
          bestEpoch = ran;
          bestTheta = readF64(pTheta, count);
        } else if (ran - bestEpoch >= patience) break;
      }
    }
    if (nVal === 0) {
      bestTheta = readF64(pTheta, count);
      bestEpoch = ran;
    }
    void pVal;
  });
  return {
    kind: "mlp",
    p,
    t,
    hidden: h,
    theta: bestTheta,
    xMean: xs.mean,
    xScale: xs.scale,
    yMean: ys.mean,
    yScale: ys.scale,
    epochs: ran,
    bestEpoch,
    loss,
  };
}

function gatherRows(a: Float64Array, rows: Int32Array, cols: number): Float64Array {
  const out = new Float64Array(rows.length * cols);
  for (let r = 0; r < rows.length; r++) out.set(a.subarray(rows[r]! * cols, rows[r]! * cols + cols), r * cols);
  return out;
}

/** Predictions (n×t, row-major, original target units) for rows of X (n×p). */
export function predictMlp(model: MlpModel, x: Float64Array, n: number): Float64Array {
  const { p, t, hidden: h } = model;
  checkMatrix("X", x, n, p);
  const X = standardize({ rows: n, cols: p, data: x }, { mean: model.xMean, scale: model.xScale }).data;
  const out = scoped((k) => {
    const px = putF64(X), pTheta = putF64(model.theta), pHidden = allocF64(h), pOut = allocF64(n * t);
    k.mlp_predict(px, n, p, h, t, pTheta, pHidden, pOut);
    return readF64(pOut, n * t);
  });
  for (let i = 0; i < n; i++) for (let o = 0; o < t; o++) out[i * t + o] = out[i * t + o]! * model.yScale[o]! + model.yMean[o]!;
  return out;
}
