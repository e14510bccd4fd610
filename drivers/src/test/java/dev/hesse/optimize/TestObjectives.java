package dev.hesse.optimize;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/** Objectives for the optimiser tests; derivatives from the Hesse processor ({@code TestObjectivesDerivatives}). */
final class TestObjectives {
  private TestObjectives() {}

  /**
   * Σ √(1 + (x_i − 1)²) − 1 (pseudo-Huber: its Newton steps overshoot far from the minimum), NaN wherever some
   * x_i &gt; 3: long trial steps land in the NaN region.
   */
  @Differentiable
  static double pseudoHuberWithHole(double[] x) {
    double f = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 3) {
        return Double.NaN;
      }
      double d = x[i] - 1;
      f += Math.sqrt(1 + d * d) - 1;
    }
    return f;
  }

  /** (x₀ − 2)² + (x₁ − 1)², but NaN for x₀ &gt; 1: the infimum lies on the edge of the NaN region. */
  @Differentiable
  static double quadraticBehindWall(double[] x) {
    if (x[0] > 1) {
      return Double.NaN;
    }
    double a = x[0] - 2;
    double b = x[1] - 1;
    return a * a + b * b;
  }

  /**
   * A badly scaled, weakly coupled, non-quadratic problem: Σ s_i ((x_i − 1)² + (x_i − 1)⁴) + Σ (x_{i+1} − x_i)²
   * with scales s_i from 1 to 1e6. Minimum 0 at (1, …, 1); the Hessian's diagonal dominates, so a diagonal
   * preconditioner removes most of the ill-conditioning.
   */
  @Differentiable
  static double badlyScaled(double[] x) {
    int n = x.length;
    double f = 0;
    for (int i = 0; i < n; i++) {
      double s = Math.pow(10.0, 6.0 * i / (n - 1));
      double d = x[i] - 1;
      f += s * (d * d + d * d * d * d);
    }
    for (int i = 0; i + 1 < n; i++) {
      double c = x[i + 1] - x[i];
      f += c * c;
    }
    return f;
  }

  /**
   * Mean L2-regularised logistic loss over examples {@code order[from..to)}:
   * (1/b) Σ log(1 + exp(−y_k w·a_k)) + (λ/2) ‖w‖², labels y_k ∈ {−1, +1}. Numerically stable for large margins.
   */
  @Differentiable
  static double logisticLoss(
      double[] w,
      @NoDerivative double[][] features,
      @NoDerivative double[] labels,
      int[] order,
      int from,
      int to,
      @NoDerivative double lambda) {
    double loss = 0;
    for (int k = from; k < to; k++) {
      int e = order[k];
      double margin = 0;
      for (int j = 0; j < w.length; j++) {
        margin += w[j] * features[e][j];
      }
      double z = -labels[e] * margin;
      if (z > 0) {
        loss += z + Math.log1p(Math.exp(-z));
      } else {
        loss += Math.log1p(Math.exp(z));
      }
    }
    double norm2 = 0;
    for (int j = 0; j < w.length; j++) {
      norm2 += w[j] * w[j];
    }
    return loss / (to - from) + 0.5 * lambda * norm2;
  }
}
