import { defineConfig } from "vitest/config";

// The suite runs twice: against the release .wasm (no asserts) and the debug .wasm (asserts and range
// checks in every kernel). Browser tests (test/browser/) drive Chromium once, against the built page.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "release",
          include: ["test/**/*.test.ts"],
          exclude: ["test/browser/**"],
          setupFiles: ["test/setup.ts"],
          env: { GLASSBOX_WASM: "release" },
        },
      },
      {
        extends: true,
        test: {
          name: "debug",
          include: ["test/**/*.test.ts"],
          exclude: ["test/browser/**", "test/cli/**", "test/**/*.release.test.ts"],
          setupFiles: ["test/setup.ts"],
          env: { GLASSBOX_WASM: "debug" },
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          fileParallelism: false,
        },
      },
    ],
  },
});
