/** Package version, recorded in data-set manifests and model files. Keep in step with package.json (a test checks). */
export const version = "0.1.0";
