package test;

import dev.hesse.Differentiable;

/** [HesseAllocation]: the body may not allocate (arrays or objects). */
final class Allocation {
  @Differentiable
  static double newArray(double[] x) {
    // BUG: Diagnostic at column 18 contains: [HesseAllocation]
    double[] t = new double[3];
    return x[0];
  }

  @Differentiable
  static double newObject(double x) {
    // BUG: Diagnostic at `new StringBuilder()` contains: [HesseAllocation]
    new StringBuilder();
    return x;
  }

  @Differentiable
  static double arrayInitializer(double x) {
    // BUG: Diagnostic at `{1, 2}` contains: [HesseAllocation]
    double[] q = {1, 2};
    return x;
  }

  @Differentiable
  static double newArrayWithInitializer(double x) {
    // BUG: Diagnostic at `new double[] {x, 2}` contains: [HesseAllocation]
    double[] q = new double[] {x, 2};
    return x * x;
  }

  // OK: reading an existing array (elements and length) allocates nothing.
  @Differentiable
  static double readsArray(double[] x) {
    return x[0] * x.length;
  }
}
