package test;

import dev.hesse.Differentiable;

/** [HesseFieldWrite]: a differentiable method may not assign fields. */
final class FieldWrite {
  static double last;

  @Differentiable
  static double assignsStaticField(double x) {
    // BUG: Diagnostic at `last = x` contains: [HesseFieldWrite]
    last = x;
    return x * x;
  }

  // OK: assigning a local is fine.
  @Differentiable
  static double assignsLocal(double x) {
    double local;
    local = x;
    return local * x;
  }
}
