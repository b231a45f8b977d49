/**
 * One entry point for every linear model kind, for callers that pick the kind at run time (the CLI's
 * `glassbox fit --model ridge|lasso|elasticnet|ols`).
 *
 * @packageDocumentation
 */
import { fitOLS, fitRidge, type LinearModel, type OlsOptions, type RidgeOptions } from "./linear.js";
import type { MatrixInput } from "./matrix.js";
import type { ModelKind } from "./serialize.js";
import { fitElasticNet, fitLasso, type EnetOptions } from "./sparse.js";

/** Options for {@link fitLinear}: those of the chosen kind. */
export type LinearFitOptions = RidgeOptions | EnetOptions | OlsOptions;

/** The model kinds, in the order the CLI lists them. */
export const MODEL_KINDS: readonly ModelKind[] = ["ridge", "lasso", "elasticnet", "ols"];

/**
 * Fits a linear model of the given kind.
 * @throws RangeError for an unknown kind (naming the valid ones) and for anything the fit refuses
 * @example
 * ```ts
 * const model = fitLinear("ridge", X, Y, { alphas: [1e-3, 1e-2, 0.1, 1], cv: "gcv" });
 * ```
 */
export function fitLinear(kind: ModelKind, X: MatrixInput, Y: MatrixInput, options: LinearFitOptions = {}): LinearModel {
  switch (kind) {
    case "ols":
      return fitOLS(X, Y, options as OlsOptions);
    case "ridge":
      return fitRidge(X, Y, options as RidgeOptions);
    case "lasso": {
      const { l1Ratio: _ignored, ...rest } = options as EnetOptions;
      return fitLasso(X, Y, rest);
    }
    case "elasticnet":
      return fitElasticNet(X, Y, options as EnetOptions);
    default:
      throw new RangeError(`unknown model "${String(kind)}"; choose one of ${MODEL_KINDS.join(", ")}`);
  }
}
