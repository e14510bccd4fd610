package test;

import dev.hesse.Differentiable;

/** [HesseFieldRead]: only static final constants of the class may be read. */
final class FieldRead {
  static final double RATE = 3;
  static double mutableRate = 3;
  double scale = 2;

  @Differentiable
  double readsInstanceField(double x) {
    // BUG: Diagnostic at `scale * x` contains: [HesseFieldRead]
    return scale * x;
  }

  @Differentiable
  static double readsNonFinalStaticField(double x) {
    // BUG: Diagnostic at `mutableRate` contains: [HesseFieldRead]
    return x * mutableRate;
  }

  // OK: a static final constant of the class, and Math's constants.
  @Differentiable
  static double readsConstant(double x) {
    return RATE * x + Math.PI;
  }
}
