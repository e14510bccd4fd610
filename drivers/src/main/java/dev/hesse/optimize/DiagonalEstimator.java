package dev.hesse.optimize;

import dev.hesse.HessianOperator;
import dev.hesse.Objective;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Estimates diag(∇²f(x)) from Hessian-vector products: the source of the trust-region method's optional diagonal
 * preconditioner ({@link TrustRegionOptions.Builder#preconditioner}).
 *
 * <p>The preconditioner uses max(|d_i|, floor · max_j |d_j|), so an estimator may return any sign.
 */
@FunctionalInterface
public interface DiagonalEstimator {

  /** Writes an estimate of diag(∇²f(x)) into {@code diagOut} (length {@code x.length}). */
  void estimate(Objective f, double[] x, double[] diagOut);

  /**
   * The exact diagonal from n Hessian-vector products with the unit vectors e_i: d_i = (H e_i)_i. Costs n HVPs per
   * estimate, so it suits small n or a long {@link TrustRegionOptions.Builder#preconditionerRefresh refresh
   * interval}.
   */
  static DiagonalEstimator exact() {
    return (f, x, diagOut) -> {
      int n = x.length;
      double[] e = new double[n];
      double[] he = new double[n];
      HessianOperator h = f.hessianAt(x);
      for (int i = 0; i < n; i++) {
        e[i] = 1;
        h.apply(e, he);
        diagOut[i] = he[i];
        e[i] = 0;
      }
    };
  }

  /**
   * Hutchinson's estimator (Bekas, Kokiopoulou &amp; Saad 2007): d ≈ (1/m) Σ_k z_k ⊙ H z_k with Rademacher probes
   * z_k ∈ {−1, +1}ⁿ. Unbiased, m HVPs per estimate whatever n is; exact when H is diagonal. The probes come from a
   * {@link SplittableRandom} seeded from {@code seed} and the bits of x, so they are fresh at every new point yet a
   * run is reproducible.
   *
   * @param probes m ≥ 1
   */
  static DiagonalEstimator hutchinson(int probes, long seed) {
    if (probes < 1) {
      throw new IllegalArgumentException("hutchinson probes must be at least 1, got " + probes);
    }
    return (f, x, diagOut) -> {
      int n = x.length;
      double[] z = new double[n];
      double[] hz = new double[n];
      HessianOperator h = f.hessianAt(x);
      SplittableRandom random = new SplittableRandom(seed ^ (Arrays.hashCode(x) * 0x9E3779B97F4A7C15L));
      Arrays.fill(diagOut, 0.0);
      for (int k = 0; k < probes; k++) {
        for (int i = 0; i < n; i++) {
          z[i] = random.nextBoolean() ? 1.0 : -1.0;
        }
        h.apply(z, hz);
        for (int i = 0; i < n; i++) {
          diagOut[i] += z[i] * hz[i];
        }
      }
      for (int i = 0; i < n; i++) {
        diagOut[i] /= probes;
      }
    };
  }
}
