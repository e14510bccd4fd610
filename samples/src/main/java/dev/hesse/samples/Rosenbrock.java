package dev.hesse.samples;

import dev.hesse.Differentiable;

/** The seed example: the chained Rosenbrock function, written as a user would. */
public final class Rosenbrock {
  private Rosenbrock() {}

  /** f(x) = Σ_{i=0}^{n-2} 100 (x[i+1] − x[i]²)² + (1 − x[i])². Minimum 0 at x = (1, …, 1). */
  @Differentiable
  public static double rosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i < x.length - 1; i++) {
      double curve = x[i + 1] - x[i] * x[i];
      double offset = 1 - x[i];
      sum += 100 * curve * curve + offset * offset;
    }
    return sum;
  }
}
