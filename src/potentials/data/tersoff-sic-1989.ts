/**
 * Tersoff Si–C potential parameters: J. Tersoff, Phys. Rev. B 39, 5566 (1989), with the erratum
 * Phys. Rev. B 41, 3248 (1990). LAMMPS `pair_style tersoff` file format, units "metal" (eV, Å).
 *
 * Provenance and licence: the numbers are the published parameters of the paper (facts, not a
 * creative work). They are written here in the LAMMPS text format, which the engine reads, with this
 * package's own header; no text of the GPL-licensed LAMMPS distribution file is copied. The values —
 * including the mixed repulsion A_SiC = √(A_Si A_C), rounded to 1597.311 in the (C,Si,Si) entry and to
 * 1597.31114 in the (Si,C,C) entry, and the mixed cutoffs R, D — are identical to those of the file
 * `SiC_1989.tersoff` that LAMMPS distributes and that the reference answers in ../shared/reference were
 * computed with, so energies agree with LAMMPS to rounding.
 *
 * Pure carbon uses only the (C,C,C) entry (R = 1.95 Å, D = 0.15 Å).
 */
export const TERSOFF_SIC_1989 = `# Tersoff, Phys. Rev. B 39, 5566 (1989); erratum Phys. Rev. B 41, 3248 (1990). Units: metal.
# Shipped with glassbox as src/potentials/data/tersoff-sic-1989.ts (published parameters).
# Columns: element1 element2 element3  m gamma lambda3 c d costheta0 n beta lambda2 B R D lambda1 A
#   A, B in eV; lambda1, lambda2, lambda3 in 1/Angstrom; R, D in Angstrom; the rest dimensionless.

C  C  C   3 1 0 38049  4.3484 -0.57058 0.72751 1.5724E-07 2.2119  346.74  1.95     0.15    3.4879 1393.6
Si Si Si  3 1 0 100390 16.217 -0.59825 0.78734 1.1E-06    1.7322  471.18  2.85     0.15    2.4799 1830.8

C  Si Si  3 1 0 38049  4.3484 -0.57058 0.72751 1.5724E-07 1.97205 395.145 2.35726  0.1527  2.9839 1597.311
C  Si C   3 1 0 38049  4.3484 -0.57058 0.72751 0          0       0       1.95     0.15    0      0
C  C  Si  3 1 0 38049  4.3484 -0.57058 0.72751 0          0       0       2.357260 0.15271 0      0

Si C  C   3 1 0 100390 16.217 -0.59825 0.78734 1.1E-06    1.97205 395.145 2.35726  0.1527  2.9839 1597.31114
Si Si C   3 1 0 100390 16.217 -0.59825 0.78734 0          0       0       2.35726  0.15271 0      0
Si C  Si  3 1 0 100390 16.217 -0.59825 0.78734 0          0       0       2.85     0.15    0      0
`;

/** File name the built-in parameters are known by (as in `--potential tersoff:SiC_1989.tersoff`). */
export const TERSOFF_SIC_1989_NAME = "SiC_1989.tersoff";
