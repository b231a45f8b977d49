/**
 * NumPy `.npy` arrays (format versions 1.0–3.0), read and written without Node built-ins, so data sets
 * written here open with `numpy.load` and reference matrices from NumPy open here.
 *
 * Supported dtypes: little-endian f8, f4, i8 (read into Float64Array when exact), i4, i2, i1, u4, u2, u1,
 * and b1 (bool). Fortran-ordered arrays are transposed to C order on read.
 */

/** A typed n-dimensional array: `data` holds the elements in C (row-major) order. */
export interface NpyArray {
  /** Shape, e.g. [rows, columns]. */
  shape: number[];
  /** NumPy dtype descriptor as stored, e.g. "<f8". */
  dtype: string;
  /** Elements in C order. */
  data: Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;
}

/** Error for a malformed .npy file; the message names the source and the problem. */
export class NpyError extends Error {
  override name = "NpyError";
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const ITEM: Record<string, number> = { f8: 8, f4: 4, i8: 8, i4: 4, i2: 2, i1: 1, u4: 4, u2: 2, u1: 1, b1: 1 };

/**
 * Parses a .npy file.
 * @param bytes the whole file
 * @param source a name for error messages (file path)
 * @throws NpyError for a malformed header, unsupported dtype, big-endian data or truncated data
 */
export function readNpy(bytes: Uint8Array, source = "<npy>"): NpyArray {
  const fail = (problem: string): never => {
    throw new NpyError(`${source}: ${problem}`);
  };
  if (bytes.length < 10 || MAGIC.some((m, k) => bytes[k] !== m)) fail("not a .npy file (bad magic string)");
  const major = bytes[6]!;
  let headerLen: number, offset: number;
  if (major === 1) {
    headerLen = bytes[8]! | (bytes[9]! << 8);
    offset = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) fail("truncated header");
    headerLen = (bytes[8]! | (bytes[9]! << 8) | (bytes[10]! << 16) | (bytes[11]! << 24)) >>> 0;
    offset = 12;
  } else {
    return fail(`unsupported .npy format version ${major}`);
  }
  if (offset + headerLen > bytes.length) fail("truncated header");
  let header = "";
  for (let k = 0; k < headerLen; k++) header += String.fromCharCode(bytes[offset + k]!);
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1] ?? fail(`header has no 'descr': ${header.trim()}`);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1] ?? fail("header has no 'fortran_order'");
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1] ?? fail("header has no 'shape'");
  const shape = shapeText
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((t) => {
      const v = Number(t.replace(/L$/, ""));
      if (!Number.isInteger(v) || v < 0) fail(`bad shape entry "${t}"`);
      return v;
    });
  const order = descr[0]!;
  const kind = descr.slice(1);
  const size = ITEM[kind];
  if (size === undefined) fail(`unsupported dtype '${descr}'`);
  if (order === ">" && size! > 1) fail(`big-endian dtype '${descr}' is not supported`);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = offset + headerLen;
  if (bytes.length < start + count * size!) {
    fail(`data truncated: header promises ${count} × ${size} bytes, file has ${bytes.length - start}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * size!);
  let data: NpyArray["data"];
  switch (kind) {
    case "f8":
      data = new Float64Array(count);
      for (let k = 0; k < count; k++) data[k] = view.getFloat64(8 * k, true);
      break;
    case "f4":
      data = new Float32Array(count);
      for (let k = 0; k < count; k++) data[k] = view.getFloat32(4 * k, true);
      break;
    case "i8": {
      data = new Float64Array(count);
      for (let k = 0; k < count; k++) {
        const v = view.getBigInt64(8 * k, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(-Number.MAX_SAFE_INTEGER)) {
          fail(`int64 element ${k} is too large for a double`);
        }
        data[k] = Number(v);
      }
      break;
    }
    case "i4":
      data = new Int32Array(count);
      for (let k = 0; k < count; k++) data[k] = view.getInt32(4 * k, true);
      break;
    case "i2":
      data = new Int16Array(count);
      for (let k = 0; k < count; k++) data[k] = view.getInt16(2 * k, true);
      break;
    case "i1":
      data = new Int8Array(count);
      for (let k = 0; k < count; k++) data[k] = view.getInt8(k);
      break;
    case "u4":
      data = new Uint32Array(count);
      for (let k = 0; k < count; k++) data[k] = view.getUint32(4 * k, true);
      break;
    case "u2":
      data = new Uint16Array(count);
      for (let k = 0; k < count; k++) data[k] = view.getUint16(2 * k, true);
      break;
    default: // u1, b1
      data = new Uint8Array(count);
      for (let k = 0; k < count; k++) data[k] = view.getUint8(k);
  }
  if (fortran === "True" && shape.length > 1) data = fortranToC(data, shape);
  return { shape, dtype: descr, data };
}

function fortranToC<T extends NpyArray["data"]>(data: T, shape: number[]): T {
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  // C-order walk; Fortran strides: stride[0] = 1, stride[k] = stride[k-1]·shape[k-1].
  const fstride = new Array<number>(nd);
  fstride[0] = 1;
  for (let k = 1; k < nd; k++) fstride[k] = fstride[k - 1]! * shape[k - 1]!;
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    for (let k = 0; k < nd; k++) f += idx[k]! * fstride[k]!;
    out[c] = data[f]!;
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k]! < shape[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}

/**
 * Serialises an array as a version-1.0 .npy file (C order, little-endian): `<f8` for Float64Array,
 * `<i4` for Int32Array, `|u1` for Uint8Array. Byte-identical for identical input.
 * @param data elements in C order
 * @param shape array shape; its product must equal data.length
 */
export function writeNpy(data: Float64Array | Int32Array | Uint8Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`npy shape [${shape.join(", ")}] holds ${count} elements, data has ${data.length}`);
  const descr = data instanceof Float64Array ? "<f8" : data instanceof Int32Array ? "<i4" : "|u1";
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Pad with spaces so data starts on a 64-byte boundary; the header ends with a newline.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, " ") + "\n";
  if (header.length > 65535) throw new RangeError("npy header too long for format 1.0");
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let k = 0; k < header.length; k++) out[10 + k] = header.charCodeAt(k);
  const view = new DataView(out.buffer, total);
  if (data instanceof Float64Array) for (let k = 0; k < count; k++) view.setFloat64(8 * k, data[k]!, true);
  else if (data instanceof Int32Array) for (let k = 0; k < count; k++) view.setInt32(4 * k, data[k]!, true);
  else out.set(data, total);
  return out;
}
