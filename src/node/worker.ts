// Worker thread of the data-set generator: computes samples by index and posts their records back.
import { parentPort } from "node:worker_threads";
import { init } from "../engine/wasm.js";
import { computeSample, sampleToRecord } from "../datasets/sample.js";
import type { DatasetSpec } from "../datasets/spec.js";

const port = parentPort;
if (!port) throw new Error("glassbox worker: must run as a worker thread");
const ready = init({ threads: 1 }); // the generator already runs one worker per core
port.on("message", async (msg: { spec: DatasetSpec; index: number }) => {
  try {
    await ready;
    port.postMessage({ index: msg.index, record: sampleToRecord(computeSample(msg.spec, msg.index)) });
  } catch (e) {
    port.postMessage({ index: msg.index, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
