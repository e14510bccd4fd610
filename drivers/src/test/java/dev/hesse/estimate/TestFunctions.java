package dev.hesse.estimate;

import dev.hesse.Differentiable;

/** Objectives for the estimator tests; Hesse generates {@code TestFunctionsDerivatives} from them. */
public final class TestFunctions {
  private TestFunctions() {}

  /** Chained Rosenbrock: f(x) = Σ_{i=0}^{n-2} 100 (x[i+1] − x[i]²)² + (1 − x[i])². Tridiagonal Hessian. */
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
