/**
 * When is one model really ahead of another on a learning curve? Both are fitted on the same random
 * training subsets, so their R² differences are paired: a baseline "wins" at a training size only when the
 * mean paired difference exceeds {@link SIGNIFICANCE} standard errors. Pure functions, browser-safe (the
 * report's verdicts use them too).
 *
 * @packageDocumentation
 */

/**
 * Paired difference a − b over the draws both could fit (NaN = not fitted): mean and the standard error of
 * that mean; null with fewer than two pairs (no error estimate).
 */
export function pairedDifference(a: readonly number[], b: readonly number[]): { mean: number; se: number } | null {
  const d: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!Number.isNaN(a[i]!) && !Number.isNaN(b[i]!)) d.push(a[i]! - b[i]!);
  if (d.length < 2) return null;
  const m = d.reduce((s, v) => s + v, 0) / d.length;
  const se = Math.sqrt(d.reduce((s, v) => s + (v - m) * (v - m), 0) / (d.length - 1) / d.length);
  return { mean: m, se };
}

/** Standard errors a learning-curve difference must exceed to count as a win. */
export const SIGNIFICANCE = 2;

/** A paired difference that is positive by more than {@link SIGNIFICANCE} standard errors. */
export function significantWin(d: { mean: number; se: number }): boolean {
  return d.mean > SIGNIFICANCE * d.se;
}

