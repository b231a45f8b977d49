/**
 * Structure file format detection, from the file name first and the content second.
 */

/** The formats glassbox reads and writes. */
export type StructureFormat = "extxyz" | "lammps-data" | "lammps-dump" | "vasp";

/** Every format name, for option validation and help texts. */
export const STRUCTURE_FORMATS: readonly StructureFormat[] = ["extxyz", "lammps-data", "lammps-dump", "vasp"];

/** Accepted spellings of format names (CLI `--format`). */
const ALIASES: Record<string, StructureFormat> = {
  extxyz: "extxyz", xyz: "extxyz",
  "lammps-data": "lammps-data", data: "lammps-data", lmp: "lammps-data",
  "lammps-dump": "lammps-dump", dump: "lammps-dump", lammpstrj: "lammps-dump", "lammps-dump-text": "lammps-dump",
  vasp: "vasp", poscar: "vasp", contcar: "vasp",
};

/** Normalises a format name or alias ("xyz", "data", "dump", "poscar", …); RangeError for an unknown name. */
export function formatName(name: string): StructureFormat {
  const f = ALIASES[name.toLowerCase()];
  if (!f) throw new RangeError(`unknown structure format "${name}" (extxyz, lammps-data, lammps-dump, vasp)`);
  return f;
}

/**
 * The format implied by a file name: `.xyz`/`.extxyz`; `.data`/`.lmp`/`data.*`; `.dump`/`.lammpstrj`/`dump.*`;
 * `POSCAR*`/`CONTCAR*`/`*.vasp`/`*.poscar`. Null when the name says nothing.
 */
export function formatFromName(path: string): StructureFormat | null {
  const base = path.split(/[\\/]/).pop() ?? path;
  const lower = base.toLowerCase().replace(/\.(gz|bz2|xz)$/, "");
  if (/\.(ext)?xyz$/.test(lower)) return "extxyz";
  if (/\.(lammpstrj|dump)$/.test(lower) || lower.startsWith("dump.")) return "lammps-dump";
  if (/\.(data|lmp)$/.test(lower) || lower.startsWith("data.")) return "lammps-data";
  if (/(^|[._-])(poscar|contcar)([._-]|$)/.test(lower) || /\.(vasp|poscar)$/.test(lower)) return "vasp";
  return null;
}

const NUM = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?$/;

/**
 * The format implied by the first lines of a file, or null. Dump: first non-blank line starts `ITEM:`.
 * XYZ: first line one integer. LAMMPS data: an `N atoms` header line. POSCAR: line 2 is a scale factor,
 * lines 3–5 three numbers each.
 */
export function formatFromContent(head: string): StructureFormat | null {
  const lines = head.split(/\r\n|\n|\r/).slice(0, 40);
  const first = lines.find((l) => l.trim() !== "");
  if (first === undefined) return null;
  if (first.trim().startsWith("ITEM:")) return "lammps-dump";
  if (/^\s*\d+\s*$/.test(lines[0] ?? "")) return "extxyz";
  if (lines.slice(1).some((l) => /^\s*\d+\s+atoms\s*(#.*)?$/.test(l))) return "lammps-data";
  const w = (k: number) => (lines[k] ?? "").trim().split(/\s+/);
  if (
    lines.length >= 5 &&
    [1, 3].includes(w(1).filter((x) => NUM.test(x)).length) &&
    [2, 3, 4].every((k) => w(k).slice(0, 3).every((x) => NUM.test(x)) && w(k).length >= 3)
  ) {
    return "vasp";
  }
  return null;
}

/** Format from the name, else the content, else null. */
export function detectFormat(name?: string, head?: string): StructureFormat | null {
  return (name ? formatFromName(name) : null) ?? (head !== undefined ? formatFromContent(head) : null);
}
