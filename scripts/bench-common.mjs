// Helpers shared by the benchmark scripts: command-line flags, seeded bench data, medians.

const argv = process.argv.slice(2);

/** True when the flag is on the command line. */
export const flag = (name) => argv.includes(name);

/** The value after `name` on the command line, or `fallback`. */
export const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};

/** mulberry32 + Box–Muller: n standard normal deviates from a seed (bench data only). */
export function normals(n, seed) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const g = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const th = 2 * Math.PI * u();
    g[i] = r * Math.cos(th);
    if (i + 1 < n) g[i + 1] = r * Math.sin(th);
  }
  return g;
}

/** Median of a list of numbers. */
export const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : 0.5 * (s[k - 1] + s[k]);
};
