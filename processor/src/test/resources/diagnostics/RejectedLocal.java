package test;

import dev.hesse.Differentiable;

/** A rejected local declaration is reported once, at the declaration, and not again at each use. */
final class RejectedLocal {
  @Differentiable
  static double usesFloatLocal(double x) {
    // BUG: Diagnostic contains: [HesseUnsupportedType]
    float k = 2;
    return x * k;
  }

  @Differentiable
  static double usesAllocatedArray(double[] x) {
    // BUG: Diagnostic contains: [HesseAllocation]
    double[] q = {1, 2};
    return x[0] * q[1];
  }
}
