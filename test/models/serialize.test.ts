// Model files: exact round trips, deterministic bytes, and clear errors for corrupt or mismatched files.
import { describe, expect, it } from "vitest";
import { LinearModel, fitRidge } from "../../src/models/linear.js";
import { fitLasso } from "../../src/models/sparse.js";
import { ModelFileError, MODEL_SCHEMA_VERSION, parseModel } from "../../src/models/serialize.js";
import { version } from "../../src/version.js";

const X = { rows: 6, cols: 3, data: Float64Array.of(0.1, 0.2, 0.7, 1.3, -0.4, 0.5, 0.9, 0.3, -1.1, 0.25, 0.5, 0.75, -2, 1, 0.125, 3, 0, 1) };
const Y = { rows: 6, cols: 2, data: Float64Array.of(1, 2, 0.5, -1, 3, 0.25, 1.5, 1, -0.5, 2, 0.1, 0.3) };

function model() {
  return fitRidge(X, Y, {
    alphas: [0.1, 1, 10],
    standardize: true,
    featureLabels: ["g(0.9)", "g(1.0)", "g(1.1)"],
    targetLabels: ["vdos(0)", "vdos(1)"],
    metadata: { dataset: "ka3d", target: "vdos" },
  });
}

describe("model files", () => {
  it("round-trip exactly: same coefficients, predictions, labels and bytes", () => {
    const m = model();
    const text = m.toText();
    const back = LinearModel.fromText(text, "m.json");
    expect(Array.from(back.coef.data)).toEqual(Array.from(m.coef.data));
    expect(Array.from(back.intercept)).toEqual(Array.from(m.intercept));
    expect(Array.from(back.predict(X).data)).toEqual(Array.from(m.predict(X).data));
    expect(back.featureLabels).toEqual(["g(0.9)", "g(1.0)", "g(1.1)"]);
    expect(back.selection).toEqual(m.selection);
    expect(back.toText()).toBe(text);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: "glassbox-linear-model", schemaVersion: MODEL_SCHEMA_VERSION, glassboxVersion: version, kind: "ridge" });
    expect(text.endsWith("}\n")).toBe(true);
    const lasso = fitLasso(X, Y, { alpha: 0.01, tol: 1e-10 });
    expect(LinearModel.fromText(lasso.toText()).fit).toEqual(lasso.fit);
  });

  const corrupt: [string, (d: Record<string, any>) => void, RegExp][] = [
    ["wrong format tag", (d) => (d.format = "something-else"), /m\.json: format: expected "glassbox-linear-model"/],
    ["newer schema", (d) => (d.schemaVersion = MODEL_SCHEMA_VERSION + 1), /schemaVersion: file has schema version 2.*upgrade glassbox/],
    ["unknown kind", (d) => (d.kind = "svm"), /kind: expected one of ols, ridge, lasso, elasticnet/],
    ["missing coef row", (d) => d.coef.pop(), /coef: expected 2 rows \(nTargets\), got 1/],
    ["short coef row", (d) => d.coef[1].pop(), /coef\[1\]: expected 3 numbers, got 2/],
    ["non-number", (d) => (d.coef[0][2] = "x"), /coef\[0\]\[2\]: expected a finite number, got "x"/],
    ["null where a number belongs (NaN written by JSON)", (d) => (d.intercept[1] = null), /intercept\[1\]: expected a finite number, got null/],
    ["labels of the wrong length", (d) => d.featureLabels.push("extra"), /featureLabels: expected null or 3 strings/],
    ["zero scale", (d) => (d.xScale[0] = 0), /xScale\[0\]: expected a positive number/],
    ["negative penalty", (d) => (d.alpha[0] = -1), /alpha: penalties must be ≥ 0/],
    ["missing fit record", (d) => delete d.fit, /fit: expected an object/],
    ["bad selection method", (d) => (d.selection.method = "aic"), /selection\.method: expected gcv, loo or kfold/],
  ];
  for (const [what, edit, message] of corrupt) {
    it(`refuses a file with ${what}`, () => {
      const doc = JSON.parse(model().toText());
      edit(doc);
      expect(() => LinearModel.fromText(JSON.stringify(doc), "m.json")).toThrow(ModelFileError);
      expect(() => LinearModel.fromText(JSON.stringify(doc), "m.json")).toThrow(message);
    });
  }

  it("refuses text that is not JSON or not an object, naming the source", () => {
    expect(() => parseModel("{ not json", "broken.json")).toThrow(/broken\.json: not valid JSON/);
    expect(() => parseModel("[1, 2]", "list.json")).toThrow(/list\.json: a model file must be a JSON object/);
    const text = model().toText();
    expect(() => parseModel(text.slice(0, text.length / 2), "cut.json")).toThrow(/cut\.json: not valid JSON/);
  });
});

describe("a model against a data set", () => {
  it("checkFeatures accepts the training columns and names the first mismatch", () => {
    const m = model();
    expect(() => m.checkFeatures(["g(0.9)", "g(1.0)", "g(1.1)"], 3, "ds")).not.toThrow();
    expect(() => m.checkFeatures(null, 3)).not.toThrow();
    expect(() => m.checkFeatures(null, 4, "ds")).toThrow(/ds: has 4 feature columns, the model was fitted on 3/);
    expect(() => m.checkFeatures(["g(0.9)", "g(1.05)", "g(1.1)"], 3, "ds")).toThrow(/ds: feature 1 is "g\(1.05\)", the model expects "g\(1.0\)"/);
  });
});
