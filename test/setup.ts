// Initialises the engine for every test file with the build this project runs (release or debug).
import { beforeAll } from "vitest";
import { init } from "../src/engine/wasm.js";

beforeAll(async () => {
  if (process.env.GLASSBOX_WASM === "debug") {
    const { wasmBase64 } = await import("../src/generated/wasm-debug.js");
    await init({ wasm: Uint8Array.from(Buffer.from(wasmBase64, "base64")) });
  } else {
    await init();
  }
});
