// Linear-memory contract shared by every kernel.
//
// TypeScript owns all memory above `__heap_base` (see src/engine/workspace.ts): it lays out inputs,
// outputs and scratch space there and passes byte offsets. Kernels never allocate managed objects, so
// the AssemblyScript stub runtime never touches that region.

/** First byte of linear memory that TypeScript may use, in bytes. */
export function mem_heapBase(): usize {
  return __heap_base;
}

/**
 * Debug-build guard: asserts that [ptr, ptr + bytes) lies inside linear memory.
 * Compiled away in the release build (`noAssert`), so hot loops pay nothing there.
 */
// @ts-ignore: decorator
@inline export function checkRange(ptr: usize, bytes: usize): void {
  if (!ASC_NO_ASSERT) {
    assert(ptr >= __heap_base, "kernel argument points below the heap");
    assert(<u64>ptr + <u64>bytes <= (<u64>memory.size() << 16), "kernel argument runs past linear memory");
  }
}
