/**
 * The one error type every structure reader raises for malformed input.
 */

/**
 * A structure file could not be read: truncated, garbled, inconsistent counts, non-numbers, unknown
 * types, degenerate cells, non-finite coordinates, duplicate or invalid atom ids…
 *
 * The message is `FILE:LINE: PROBLEM` (line 1-based; 0 when the problem is not tied to one line).
 *
 * @example
 * ```ts
 * try { parseStructure(text, "extxyz", { file: "glass.xyz" }); }
 * catch (e) { if (e instanceof StructureFileError) console.error(e.file, e.line, e.problem); }
 * ```
 */
export class StructureFileError extends Error {
  override name = "StructureFileError";
  /** The file name (or `<input>` for an anonymous string or stream). */
  readonly file: string;
  /** 1-based line number of the problem; 0 when not tied to a line. */
  readonly line: number;
  /** What is wrong, without the file and line prefix. */
  readonly problem: string;

  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}
