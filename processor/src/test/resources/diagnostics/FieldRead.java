package test;

import dev.hesse.Differentiable;

/**
 * [HesseFieldRead]: a method reads static final constants of its class and, in an instance method, fields of its
 * receiver that the generated class can see.
 */
final class FieldRead {
  static final double RATE = 3;
  static double mutableRate = 3;
  double scale = 2;
  private double hidden = 2;

  @Differentiable
  double readsPrivateInstanceField(double x) {
    // BUG: Diagnostic at `hidden` contains: [HesseFieldRead]
    return hidden * x;
  }

  @Differentiable
  double readsPrivateFieldThroughThis(double x) {
    // BUG: Diagnostic at `this.hidden` contains: [HesseFieldRead]
    return this.hidden * x;
  }

  @Differentiable
  static double readsNonFinalStaticField(double x) {
    // BUG: Diagnostic at `mutableRate` contains: [HesseFieldRead]
    return x * mutableRate;
  }

  // OK: a static final constant of the class, Math's constants, and visible fields of the receiver.
  @Differentiable
  static double readsConstant(double x) {
    return RATE * x + Math.PI;
  }

  @Differentiable
  double readsInstanceField(double x) {
    return scale * x + this.scale;
  }
}
