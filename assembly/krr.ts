// Gaussian (RBF) kernel matrices for kernel ridge regression, the other nonlinear baseline.
// The exponential runs here so that kernel values are bit-identical in Node and browsers.
import { checkRange } from "./memory";

/**
 * out[i·nb + j] = exp(−γ ‖a_i − b_j‖²) for rows a_i of A (na×p) and b_j of B (nb×p), row-major.
 * Squared distances are summed from differences (no ‖a‖² + ‖b‖² − 2a·b cancellation).
 */
export function krr_rbfKernel(a: usize, na: i32, b: usize, nb: i32, p: i32, gamma: f64, out: usize): void {
  checkRange(out, (<usize>na * nb) << 3);
  checkRange(a, (<usize>na * p) << 3);
  checkRange(b, (<usize>nb * p) << 3);
  for (let i = 0; i < na; i++) {
    const ai = a + ((<usize>i * p) << 3);
    for (let j = 0; j < nb; j++) {
      const bj = b + ((<usize>j * p) << 3);
      let acc = f64x2.splat(0.0);
      let k = 0;
      for (; k + 1 < p; k += 2) {
        const d = f64x2.sub(v128.load(ai + (<usize>k << 3)), v128.load(bj + (<usize>k << 3)));
        acc = f64x2.add(acc, f64x2.mul(d, d));
      }
      let d2 = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
      for (; k < p; k++) {
        const d = load<f64>(ai + (<usize>k << 3)) - load<f64>(bj + (<usize>k << 3));
        d2 += d * d;
      }
      store<f64>(out + ((<usize>i * nb + j) << 3), Math.exp(-gamma * d2));
    }
  }
}
