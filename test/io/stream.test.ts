// Streaming: any chunking of the input (text or UTF-8 bytes, CRLF split across chunks) gives the same
// frames as the string parser; frames arrive before the stream ends; reading one frame stops the stream.
// Node path helpers: streaming reads, atomic writes.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatStructure, parseFrames, readStructureStream, StructureFileError, streamFrames } from "../../src/io/index.js";
import { readFrames, readStructure, writeStructure } from "../../src/node/io.js";
import { Structure } from "../../src/structure.js";

const dump = (k: number) =>
  `ITEM: TIMESTEP\n${k}\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS xy xz yz pp pp pp\n-0.5 3 0.5\n0 2 0\n0 2 0\nITEM: ATOMS id type x y z\n2 1 ${k} 1 1\n1 2 0.5 0.5 0.5\n`;
const xyz = `2\r\nLattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3 note="Å ü €"\r\nCu 0 0 0\r\nZr 1.5 1.5 1.5\r\n2\r\nLattice="3 0 0 0 3 0 0 0 3"\r\nCu 0.1 0 0\r\nZr 1.5 1.5 1.5`;

/** Splits text (or its UTF-8 bytes) at the given cut points. */
function chunks(text: string, cuts: number[], bytes: boolean): (string | Uint8Array)[] {
  const data: string | Uint8Array = bytes ? new TextEncoder().encode(text) : text;
  const at = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: (string | Uint8Array)[] = [];
  let prev = 0;
  for (const c of [...at, data.length]) {
    out.push(data.slice(prev, c));
    prev = c;
  }
  return out;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const summary = (f: Structure[]) => f.map((s) => ({ p: Array.from(s.positions), sp: s.species, c: Array.from(s.cell), info: s.info }));

describe("streaming equals the string parser for any chunking", () => {
  for (const [name, text, format] of [["xyz (CRLF, UTF-8, no final newline)", xyz, "extxyz"], ["dump", dump(0) + dump(5) + dump(9), "lammps-dump"]] as const) {
    it(name, async () => {
      const whole = summary([...parseFrames(text, format)]);
      expect(whole.length).toBeGreaterThan(1);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), async (cuts, bytes) => {
          const got = summary(await collect(streamFrames(chunks(text, cuts, bytes), format)));
          expect(got).toEqual(whole);
        }),
        { numRuns: 150, seed: 7 },
      );
    });
  }
  it("detects the format from the content of the first chunks", async () => {
    const f = await collect(streamFrames(chunks(dump(1) + dump(2), [3, 40], false)));
    expect(f.map((s) => s.info["timestep"])).toEqual([1, 2]);
  });
});

describe("frame by frame", () => {
  it("yields a frame before the rest of the stream exists", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let sentSecond = false;
    async function* source() {
      yield dump(1);
      yield dump(2).slice(0, 5); // the next frame has begun, so frame 1 is complete
      await gate;
      sentSecond = true;
      yield dump(2).slice(5);
    }
    const it = streamFrames(source(), "lammps-dump")[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    expect((first.value as Structure).info["timestep"]).toBe(1);
    expect(sentSecond).toBe(false);
    release();
    const second = await it.next();
    expect((second.value as Structure).info["timestep"]).toBe(2);
    expect((await it.next()).done).toBe(true);
  });
  it("reading one structure stops pulling chunks", async () => {
    let pulled = 0;
    let closed = false;
    async function* source() {
      try {
        for (let k = 0; k < 1000; k++) {
          pulled++;
          yield dump(k);
        }
      } finally {
        closed = true;
      }
    }
    const s = await readStructureStream(source(), "lammps-dump");
    expect(s.info["timestep"]).toBe(0);
    expect(pulled).toBeLessThan(4);
    expect(closed).toBe(true);
    const last = await readStructureStream([dump(0), dump(1), dump(2)], "lammps-dump", { frame: -1 });
    expect(last.info["timestep"]).toBe(2);
  });
  it("an error arrives after the good frames, as a StructureFileError", async () => {
    const got: number[] = [];
    let err: unknown;
    try {
      for await (const s of streamFrames([dump(0), dump(1).slice(0, -6)], "lammps-dump", { file: "t.dump" })) got.push(s.info["timestep"] as number);
    } catch (e) {
      err = e;
    }
    expect(got).toEqual([0]);
    expect(err).toBeInstanceOf(StructureFileError);
    expect((err as StructureFileError).message).toMatch(/^t\.dump:22: atom line has 4 columns/);
  });
  it("a line without end is refused past the length cap, not buffered forever", async () => {
    async function* endless() {
      for (let k = 0; k < 100; k++) yield "1".repeat(1000);
    }
    await expect(collect(streamFrames(endless(), "extxyz", { maxLineLength: 50_000 }))).rejects.toThrow(/longer than 50000 characters/);
  });
});

describe("Node path helpers", () => {
  const dir = mkdtempSync(join(tmpdir(), "glassbox-io-"));
  const s = new Structure({ positions: [0, 0, 0, 1.25, 1.5, 1.75], species: ["Cu", "Zr"], cell: [[3, 0, 0], [0.5, 3, 0], [0, 0.25, 3]] });
  it("writes every format atomically and reads it back (format from the name)", async () => {
    for (const name of ["a.xyz", "a.data", "a.lammpstrj", "POSCAR"]) {
      const path = join(dir, name);
      await writeStructure(path, s);
      const r = await readStructure(path);
      expect(Array.from(r.positions)).toEqual(Array.from(s.positions));
      expect(Array.from(r.cell)).toEqual(Array.from(s.cell));
      expect(r.species).toEqual(s.species);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
  it("multi-frame files: readFrames streams them; readStructure picks one", async () => {
    const path = join(dir, "traj.lammpstrj");
    await writeStructure(path, [s, s.withPositions([0, 0, 1, 1, 1, 1])]);
    const f = await collect(readFrames(path));
    expect(f.length).toBe(2);
    expect((await readStructure(path, { frame: -1 })).positions[2]).toBe(1);
    expect(readFileSync(path, "utf8")).toBe(formatStructure([s, s.withPositions([0, 0, 1, 1, 1, 1])], "lammps-dump"));
  });
  it("a failed write leaves the old file and no temporary file", async () => {
    const path = join(dir, "keep.data");
    writeFileSync(path, "old");
    const left = new Structure({ positions: [0, 0, 0], species: ["A"], cell: [[0, 3, 0], [3, 0, 0], [0, 0, 3]] });
    await expect(writeStructure(path, left)).rejects.toThrow(/left-handed/);
    expect(readFileSync(path, "utf8")).toBe("old");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    await expect(writeStructure(join(dir, "noext"), s)).rejects.toThrow(/cannot tell the format/);
  });
  it("gzip: written compressed for *.gz names, decompressed when read", async () => {
    const path = join(dir, "traj.xyz.gz");
    await writeStructure(path, [s, s]);
    expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const f = await collect(readFrames(path));
    expect(f.length).toBe(2);
    expect(Array.from(f[1]!.positions)).toEqual(Array.from(s.positions));
    writeFileSync(join(dir, "bad.xyz.gz"), "not gzip");
    await expect(readStructure(join(dir, "bad.xyz.gz"))).rejects.toBeInstanceOf(StructureFileError);
  });
  it("unreadable paths and bad content are StructureFileErrors naming the path", async () => {
    const missing = join(dir, "missing.xyz");
    await expect(readStructure(missing)).rejects.toBeInstanceOf(StructureFileError);
    await expect(readStructure(missing)).rejects.toThrow(/ENOENT/);
    const bad = join(dir, "bad.xyz");
    writeFileSync(bad, "2\n\nH 0 0 0\n");
    await expect(readStructure(bad)).rejects.toThrow(`${bad}:3: file ends after 1 of 2 atoms`);
    expect(existsSync(bad)).toBe(true);
  });
});
