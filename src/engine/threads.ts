/**
 * Helper threads for the heavy dense kernels (XᵀX, XᵀY, Cholesky updates, solves): Node worker threads,
 * each with its own instance of the same compiled module on the same shared WebAssembly memory, so a
 * kernel call is split without copying anything.
 *
 * A parallel call names a kernel that takes `(…args, u0, u1, slot)` and computes work units [u0, u1) of
 * one result (assembly/tiles.ts defines the units); `slot` (0 for the calling thread, 1… for helpers)
 * picks the thread's own scratch when the kernel needs one. The calling thread publishes the call, helpers and the
 * caller claim units one at a time, and the caller returns when every unit is done. Which thread runs a
 * unit never changes what the unit computes, so results are bit-identical for any number of threads.
 *
 * Synchronisation (one shared control block):
 *   - CLAIM (64-bit): job number · 2³² + next unclaimed unit. Units are claimed by compare-and-swap of the
 *     whole word, in shrinking chunks (a share of what is left: few claims, and small ones at the end,
 *     where a thread that the OS has paused would otherwise hold back the others), so a thread still
 *     looking at a finished job can never claim a unit of the next one;
 *     the call's arguments are read between loading CLAIM and the successful swap, and the caller only
 *     rewrites them after every unit of the job is done, so a successful claim always saw its own job.
 *   - DONE counts finished units; the caller sleeps on it (Atomics.wait) until it reaches the total.
 *   - WAKE is bumped for every job; idle helpers spin briefly, then sleep on it.
 * Helpers are unref'd (they never keep Node alive) and stopped by {@link stopPool}.
 *
 * Threads are used in Node only. Browsers need cross-origin isolation for shared memory and forbid
 * Atomics.wait on the page's thread, so there every call runs on the calling thread.
 *
 * @packageDocumentation
 */
import type { Kernels } from "./wasm.js";

/** The kernels a helper can run (by index): each takes its arguments, then the unit range u0, u1 and the thread's slot. */
export const PARALLEL_KERNELS = [
  "tiles_gemm", "tiles_syrk", "linalg_cholTrsm", "linalg_cholUpdate", "linalg_cholSolve", "linalg_packPart", "linalg_packTPart",
] as const;
export type ParallelKernel = (typeof PARALLEL_KERNELS)[number];

/**
 * Below this many floating-point operations (about 1.5 ms of work) a call runs on the calling thread:
 * waking a helper costs ~0.05 ms on a quiet machine and much more when other processes hold the cores.
 */
export const MIN_PARALLEL_FLOPS = 2e7;
let minParallelFlops = MIN_PARALLEL_FLOPS;

/**
 * Sets the size below which calls stay on the calling thread (tests set 0 to send every call with two
 * or more units through the helpers). Returns the previous value.
 */
export function setMinParallelFlops(flops: number): number {
  const old = minParallelFlops;
  minParallelFlops = flops;
  return old;
}

// Control block: Int32 slots, the 64-bit claim word at byte 32, f64 job description from byte 64.
const WAKE = 0, DONE = 1, STOP = 2, ERROR = 3, READY = 4;
const CLAIM_BYTE = 32;
const ARGS_BYTE = 64;
const MAX_ARGS = 24;
const CTRL_BYTES = ARGS_BYTE + 8 * (3 + MAX_ARGS);

/**
 * The helper's code, run by Node as a CommonJS script in a worker thread (`eval: true`; it is only ever
 * evaluated there, never imported): instantiate the module on the shared memory, then claim units until
 * stopped.
 */
const HELPER_SOURCE = `
"use strict";
const { workerData } = require("worker_threads");
const { module, memory, ctrl, names, spinMs, slot, threads } = workerData;
const i32 = new Int32Array(ctrl, 0, 8);
const claim = new BigInt64Array(ctrl, ${CLAIM_BYTE}, 1);
const job = new Float64Array(ctrl, ${ARGS_BYTE}, ${3 + MAX_ARGS});
const abort = (msg, file, line, col) => { throw new Error("abort: kernel assertion failed at " + line + ":" + col); };
const k = new WebAssembly.Instance(module, { env: { memory, abort } }).exports;
const fns = names.map((n) => k[n]);
const args = [];
function work() {
  for (;;) {
    const v = Atomics.load(claim, 0);
    const next = Number(v & 0xffffffffn);
    const fn = fns[job[0]], units = job[1], nargs = job[2];
    if (!(next < units) || fn === undefined) return;
    args.length = 0;
    for (let i = 0; i < nargs; i++) args.push(job[3 + i]);
    const c = Math.max(1, Math.floor((units - next) / (2 * threads)));
    if (Atomics.compareExchange(claim, 0, v, v + BigInt(c)) !== v) continue;
    args.push(next, next + c, slot);
    try { fn(...args); } catch (e) { Atomics.store(i32, ${ERROR}, 1); }
    if (Atomics.add(i32, ${DONE}, c) + c >= units) Atomics.notify(i32, ${DONE});
  }
}
Atomics.add(i32, ${READY}, 1);
Atomics.notify(i32, ${READY});
let seen = Atomics.load(i32, ${WAKE});
for (;;) {
  if (Atomics.load(i32, ${STOP}) !== 0) break;
  work();
  const until = performance.now() + spinMs;
  while (Atomics.load(i32, ${WAKE}) === seen && Atomics.load(i32, ${STOP}) === 0 && performance.now() < until) {}
  Atomics.wait(i32, ${WAKE}, seen);
  seen = Atomics.load(i32, ${WAKE});
}
`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: "error" | "exit", listener: (arg: unknown) => void): void;
}
type WorkerConstructor = new (
  code: string,
  options: { eval: true; workerData: unknown; execArgv: string[]; stdout?: boolean; stderr?: boolean },
) => NodeWorker;

interface Pool {
  workers: NodeWorker[];
  i32: Int32Array;
  claim: BigInt64Array;
  job: Float64Array;
  gen: bigint;
  failed: boolean;
}

let pool: Pool | null = null;

/** True in Node (worker threads and Atomics.wait on the main thread are available). */
export function threadsSupported(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === "string" && typeof SharedArrayBuffer === "function" && typeof Atomics.wait === "function";
}

/** The specifier is built at run time so that bundlers for the browser leave it alone. */
async function nodeModule<T>(name: string): Promise<T> {
  const specifier = ["node", name].join(":");
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as T;
}

/** Threads Node would use by default: the available cores, at most 4. */
export async function defaultThreadCount(): Promise<number> {
  if (!threadsSupported()) return 1;
  const os = await nodeModule<{ availableParallelism?: () => number; cpus: () => unknown[] }>("os");
  const cores = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

/** Number of threads computing (the calling thread included): 1 without helpers. */
export function threadCount(): number {
  return pool && !pool.failed ? pool.workers.length + 1 : 1;
}

/**
 * Starts `threads − 1` helpers on `module` and the shared `memory` (stopping any previous ones) and
 * waits until each has instantiated the module. `threads` ≤ 1 just stops the helpers.
 */
export async function startPool(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number): Promise<void> {
  await stopPool();
  const helpers = Math.floor(threads) - 1;
  if (helpers < 1 || !threadsSupported() || !(memory.buffer instanceof SharedArrayBuffer)) return;
  const { Worker } = await nodeModule<{ Worker: WorkerConstructor }>("worker_threads");
  const ctrl = new SharedArrayBuffer(CTRL_BYTES);
  const p: Pool = {
    workers: [],
    i32: new Int32Array(ctrl, 0, 8),
    claim: new BigInt64Array(ctrl, CLAIM_BYTE, 1),
    job: new Float64Array(ctrl, ARGS_BYTE, 3 + MAX_ARGS),
    gen: 0n,
    failed: false,
  };
  p.job[0] = -1;
  const failures: unknown[] = [];
  for (let w = 0; w < helpers; w++) {
    const worker = new Worker(HELPER_SOURCE, {
      eval: true,
      workerData: { module, memory, ctrl, names: [...PARALLEL_KERNELS], spinMs: 0.03, slot: w + 1, threads: helpers + 1 },
      // No inherited flags: with --input-type=module the helper would be parsed as an ES module.
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    worker.on("error", (e) => {
      failures.push(e);
      p.failed = true;
      Atomics.add(p.i32, READY, 1);
      Atomics.notify(p.i32, READY);
    });
    worker.unref();
    p.workers.push(worker);
  }
  // Wait (without blocking the event loop, which delivers worker errors) until every helper is ready.
  const deadline = Date.now() + 30_000;
  while (Atomics.load(p.i32, READY) < helpers && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  if (p.failed || Atomics.load(p.i32, READY) < helpers) {
    pool = p;
    await stopPool();
    return; // run on one thread; a helper that cannot start is not an error for the caller
  }
  pool = p;
}

/** Stops the helper threads (computations then run on the calling thread). */
export async function stopPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (!p) return;
  Atomics.store(p.i32, STOP, 1);
  Atomics.add(p.i32, WAKE, 1);
  Atomics.notify(p.i32, WAKE);
  await Promise.all(p.workers.map((w) => w.terminate().catch(() => 0)));
}

/**
 * Runs units [0, units) of `name` with `args`, spread over the helper threads when there are any and
 * the call is worth it (`flops` ≥ {@link MIN_PARALLEL_FLOPS}, see {@link setMinParallelFlops}); otherwise in one call on this thread.
 * Returns when every unit is done. A trap in this thread is rethrown after the helpers finish their
 * units; a failure in a helper stops the helpers and throws.
 */
export function parallelFor(k: Kernels, name: ParallelKernel, args: readonly number[], units: number, flops: number): void {
  const p = pool;
  if (units <= 0) return;
  if (!p || p.failed || units < 2 || flops < minParallelFlops) {
    k[name]!(...args, 0, units, 0);
    return;
  }
  if (args.length > MAX_ARGS) throw new Error(`parallelFor: ${args.length} arguments, at most ${MAX_ARGS}`);
  const fn = k[name]!;
  const { i32, claim, job } = p;
  // Publish: arguments first, then DONE = 0, then the claim word of the new job, then wake the helpers.
  job[0] = PARALLEL_KERNELS.indexOf(name);
  job[1] = units;
  job[2] = args.length;
  for (let i = 0; i < args.length; i++) job[3 + i] = args[i]!;
  Atomics.store(i32, DONE, 0);
  Atomics.store(i32, ERROR, 0);
  p.gen = (p.gen + 1n) & 0x7fffffffn;
  const base = p.gen << 32n;
  Atomics.store(claim, 0, base);
  Atomics.add(i32, WAKE, 1);
  Atomics.notify(i32, WAKE);
  let error: unknown = null;
  const threads = p.workers.length + 1;
  for (;;) {
    const v = Atomics.load(claim, 0);
    const next = Number(v - base);
    if (next >= units) break;
    const c = Math.max(1, Math.floor((units - next) / (2 * threads)));
    if (Atomics.compareExchange(claim, 0, v, v + BigInt(c)) !== v) continue;
    try {
      fn(...args, next, next + c, 0);
    } catch (e) {
      error = e;
      // Close the job: no further claims; wait below only for the units already claimed.
      for (;;) {
        const w = Atomics.load(claim, 0);
        if (Atomics.compareExchange(claim, 0, w, base + BigInt(units)) === w) {
          units = Number(w - base); // claimed so far, this thread's failed units included
          break;
        }
      }
    }
    Atomics.add(i32, DONE, c);
    if (error) break;
  }
  for (;;) {
    const d = Atomics.load(i32, DONE);
    if (d >= units) break;
    Atomics.wait(i32, DONE, d, 100);
  }
  job[0] = -1;
  if (error) throw error;
  if (Atomics.load(i32, ERROR) !== 0) {
    p.failed = true;
    void stopPool();
    throw new Error(`glassbox: ${name} failed in a helper thread (a kernel trapped); the engine continues on one thread`);
  }
}
