/**
 * The WebAssembly engine: one instance of the compiled `assembly/` module, and the one owner of its
 * linear memory.
 *
 * Call `await init()` once; afterwards every computation is synchronous. The .wasm bytes are embedded
 * in the bundle (src/generated/), so the same code runs in Node, browsers and Web Workers.
 *
 * The module imports its memory. In Node the memory is shared, and helper threads (src/engine/threads.ts)
 * run instances of the same module on it to split the large dense kernels. Elsewhere (browsers, whose
 * shared memory needs cross-origin isolation) the import is rewritten to an ordinary memory and every
 * kernel runs on the calling thread.
 */
import { instantiateSync, type ASUtil } from "@assemblyscript/loader";
import { wasmBase64 } from "../generated/wasm-release.js";
import { defaultThreadCount, startPool, stopPool, threadCount, threadsSupported } from "./threads.js";

export { threadCount };

/** A kernel export: flat ABI, i32/f64 in and out (pointers are byte offsets). */
export type Kernel = (...args: number[]) => number;

/** The module's exports, keyed `<kernel>_<verb>`. */
export type Kernels = Record<string, Kernel> & { memory: WebAssembly.Memory };

/** Options for {@link init}. */
export interface InitOptions {
  /**
   * Which build to run: the embedded release build (default), or other .wasm bytes, such as the debug
   * build with assertions and range checks that the test suite also runs.
   */
  wasm?: Uint8Array;
  /**
   * Threads for the large dense kernels (model fitting), the calling thread included. Default: the
   * available cores, at most 4, in Node; 1 elsewhere. Results are bit-identical for every count.
   */
  threads?: number;
}

interface EngineState {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  kernels: Kernels;
  heapBase: number;
}

let state: EngineState | null = null;
let stateBytes: Uint8Array | null = null;
let initQueue: Promise<unknown> = Promise.resolve();

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Memory pages the module declares (initial) and the wasm32 ceiling it allows. */
const INITIAL_PAGES = 2;
const MAX_PAGES = 65536;

/**
 * The same module with its memory import declared unshared (the flag byte of its limits), for hosts
 * without shared memory. The code does not depend on it: no kernel uses atomics.
 */
export function unsharedMemoryImport(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  let pos = 8; // magic + version
  const leb = (): number => {
    let result = 0, shift = 0, b: number;
    do {
      b = out[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return result;
  };
  const limits = (): void => {
    const at = pos;
    const flags = leb();
    leb();
    if (flags & 1) leb();
    if (flags & 2) out[at] = flags & ~2;
  };
  while (pos < out.length) {
    const id = out[pos++]!;
    const size = leb();
    const end = pos + size;
    if (id === 2) {
      const count = leb();
      for (let i = 0; i < count; i++) {
        const moduleName = leb();
        pos += moduleName;
        const fieldName = leb();
        pos += fieldName;
        const kind = out[pos++];
        if (kind === 0) leb(); // function: type index
        else if (kind === 1) { pos++; limits(); } // table: element type, limits
        else if (kind === 2) limits(); // memory
        else if (kind === 3) pos += 2; // global: value type, mutability
        else if (kind === 4) { pos++; leb(); } // tag
      }
      return out;
    }
    pos = end;
  }
  return out;
}

function newMemory(shared: boolean): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared } as WebAssembly.MemoryDescriptor);
}

function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): EngineState {
  const { exports } = instantiateSync(module, { env: { memory } }) as unknown as { exports: ASUtil & Kernels };
  const kernels = exports as unknown as Kernels;
  const heapBase = (kernels.mem_heapBase() >>> 0) + 0;
  return { module, memory, kernels, heapBase: alignUp(heapBase, 16) };
}

/**
 * Compiles and instantiates the engine and starts its helper threads. Safe to call again: later calls
 * reuse the instance unless different `wasm` bytes are given, and change the thread count when
 * `threads` is given.
 *
 * @example
 * ```ts
 * import { init } from "glassbox";
 * await init();              // or init({ threads: 1 }) for a single thread
 * ```
 */
export function init(options: InitOptions = {}): Promise<void> {
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
    return Promise.reject(new RangeError(`init: threads must be an integer ≥ 1, got ${options.threads}`));
  }
  // One at a time: overlapping calls must not leave helpers bound to another instance's memory.
  const run = initQueue.then(() => initNow(options));
  initQueue = run.catch(() => undefined);
  return run;
}

async function initNow(options: InitOptions): Promise<void> {
  const sameBytes = !options.wasm || (stateBytes !== null && equalBytes(options.wasm, stateBytes));
  if (state && sameBytes) {
    if (options.threads !== undefined && options.threads !== threadCount()) await startPool(state.module, state.memory, options.threads);
    return;
  }
  const bytes = options.wasm ?? decodeBase64(wasmBase64);
  const shared = threadsSupported();
  const module = await WebAssembly.compile((shared ? bytes : unsharedMemoryImport(bytes)) as BufferSource);
  await stopPool();
  state = instantiate(module, newMemory(shared));
  stateBytes = options.wasm ? options.wasm.slice() : null;
  resetWorkspace();
  await startPool(module, state.memory, options.threads ?? (await defaultThreadCount()));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True once {@link init} has completed. */
export function isReady(): boolean {
  return state !== null;
}

function requireState(): EngineState {
  if (!state) throw new Error("glassbox: the engine is not initialised; call `await init()` first");
  return state;
}

/**
 * Runs `body` with the kernels. A WebAssembly trap leaves an instance in an unknown state, so on a trap
 * the instance is discarded and replaced by a fresh one from the same compiled module before the error
 * is rethrown: the engine keeps working after any failure.
 */
export function withKernels<T>(body: (k: Kernels) => T): T {
  const s = requireState();
  try {
    return body(s.kernels);
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError || (err instanceof Error && err.message.startsWith("abort:"))) {
      // A fresh instance on the same memory (helper threads keep working on it); the workspace restarts.
      state = instantiate(s.module, s.memory);
      resetWorkspace();
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------
// Workspace: a bump allocator over linear memory above the module's heap base.
//
// Every public computation takes a mark, lays out its arrays, calls kernels and releases the mark, so
// memory is reused across calls and never leaks. Memory only grows (WebAssembly cannot shrink it), and
// only between kernel calls. Typed-array views are made fresh after every allocation, never kept.
// ---------------------------------------------------------------------------------------------------

const PAGE = 65536;
const MAX_BYTES = 65536 * PAGE; // wasm32 ceiling: 4 GiB

let top = 0;

function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

function resetWorkspace(): void {
  top = state ? state.heapBase : 0;
}

/** Bytes of linear memory a request of `bytes` more would need in total, for error messages. */
export function workspaceTop(): number {
  return top;
}

/**
 * Reserves `bytes` bytes (16-byte aligned) and returns the byte offset. Grows memory if needed.
 * @throws RangeError when the wasm32 4 GiB ceiling would be exceeded, before anything is allocated.
 */
export function alloc(bytes: number): number {
  const s = requireState();
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`glassbox: invalid allocation size ${bytes}`);
  const ptr = alignUp(top, 16);
  const end = ptr + bytes;
  if (end > MAX_BYTES) {
    throw new RangeError(
      `glassbox: needs ${(end / 2 ** 30).toFixed(2)} GiB of WebAssembly memory, above the wasm32 limit of 4 GiB`,
    );
  }
  const memory = s.kernels.memory;
  const have = memory.buffer.byteLength;
  if (end > have) {
    const pages = Math.ceil((end - have) / PAGE);
    try {
      memory.grow(pages);
    } catch {
      throw new RangeError(
        `glassbox: could not grow WebAssembly memory to ${(end / 2 ** 20).toFixed(0)} MiB (the host refused)`,
      );
    }
  }
  top = end;
  return ptr;
}

/** Current allocation mark, to pass to {@link release}. */
export function mark(): number {
  requireState();
  return top;
}

/** Frees everything allocated since `m` was taken. */
export function release(m: number): void {
  top = m;
}

/**
 * Runs `body` inside a workspace scope: all allocations made in it are released afterwards, whether it
 * returns or throws. Results must be copied out (see {@link readF64}) before the scope ends.
 */
export function scoped<T>(body: (k: Kernels) => T): T {
  const m = mark();
  try {
    return withKernels(body);
  } finally {
    // A trap re-instantiates and resets the workspace; only release if the mark is still meaningful.
    if (top >= m) release(m);
  }
}

function buffer(): ArrayBuffer {
  return requireState().kernels.memory.buffer;
}

/** Allocates and copies a Float64Array in; returns its byte offset. */
export function putF64(data: ArrayLike<number>): number {
  const ptr = alloc(data.length * 8);
  new Float64Array(buffer(), ptr, data.length).set(data);
  return ptr;
}

/** Allocates and copies an Int32Array in; returns its byte offset. */
export function putI32(data: ArrayLike<number>): number {
  const ptr = alloc(data.length * 4);
  new Int32Array(buffer(), ptr, data.length).set(data);
  return ptr;
}

/** Allocates `n` zeroed f64 values; returns the byte offset. */
export function allocF64(n: number): number {
  const ptr = alloc(n * 8);
  new Float64Array(buffer(), ptr, n).fill(0);
  return ptr;
}

/** Allocates `n` zeroed i32 values; returns the byte offset. */
export function allocI32(n: number): number {
  const ptr = alloc(n * 4);
  new Int32Array(buffer(), ptr, n).fill(0);
  return ptr;
}

/** Copies `n` f64 values out of linear memory. */
export function readF64(ptr: number, n: number): Float64Array {
  return new Float64Array(buffer(), ptr, n).slice();
}

/** Copies `n` i32 values out of linear memory. */
export function readI32(ptr: number, n: number): Int32Array {
  return new Int32Array(buffer(), ptr, n).slice();
}

/** A live view; valid only until the next allocation or kernel call. */
export function viewF64(ptr: number, n: number): Float64Array {
  return new Float64Array(buffer(), ptr, n);
}

/** A live view; valid only until the next allocation or kernel call. */
export function viewI32(ptr: number, n: number): Int32Array {
  return new Int32Array(buffer(), ptr, n);
}

/** Current size of linear memory in bytes (for memory reports). */
export function memoryBytes(): number {
  return buffer().byteLength;
}
