// One WebAssembly module: every kernel is exported from here, so data built by one kernel (a neighbor
// list, a Hessian) feeds the next without leaving linear memory. Exports are flat: i32/f64 only.
export { mem_heapBase } from "./memory";
export * from "./blocks";
export * from "./lj";
export * from "./mlp";
export * from "./krr";
export * from "./neighbors"; export * from "./rdf"; // cell lists, neighbor lists, g(r)
export * from "./random"; // seeded xoshiro256** RNG (generators, MD)
export * from "./tersoff"; export * from "./eam"; // many-body potentials: Tersoff, EAM
export * from "./jacobi"; export * from "./tridiagonal"; // dense symmetric eigensolvers
export * from "./spectra"; export * from "./thermal"; export * from "./gemm"; // VDOS, PR, C(T); Allen–Feldman; blocked gemm
export * from "./md"; // MD integrator steps (velocity Verlet, BAOAB Langevin, Nosé–Hoover)
export { tiles_gemm, tiles_gemmUnits, tiles_scratchBytes, tiles_syrk, tiles_syrkUnits } from "./tiles"; export * from "./linalg"; // 4×4 tile products; model fitting: XᵀX, Cholesky, coordinate descent
