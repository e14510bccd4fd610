package test;

import dev.hesse.Differentiable;

/** [HesseUnsupportedCall]: only (Strict)Math functions with a derivative rule may be called. */
final class UnsupportedCall {
  static double helper(double v) {
    return 2 * v;
  }

  @Differentiable
  static double callsHelper(double x) {
    // BUG: Diagnostic at `helper(x)` contains: [HesseUnsupportedCall]
    // BUG: Diagnostic contains: helper
    return helper(x) + 1;
  }

  @Differentiable
  static double prints(double x) {
    // BUG: Diagnostic at `System.out.println(x)` contains: [HesseUnsupportedCall]
    System.out.println(x);
    return x;
  }

  @Differentiable
  static double random(double x) {
    // BUG: Diagnostic at `Math.random()` contains: [HesseUnsupportedCall]
    double r = Math.random();
    return x + r;
  }

  @Differentiable
  static double fma(double x) {
    // BUG: Diagnostic at `Math.fma(x, x, 1.0)` contains: [HesseUnsupportedCall]
    // BUG: Diagnostic contains: fma
    return Math.fma(x, x, 1.0);
  }

  // OK: Math and StrictMath functions.
  @Differentiable
  static double mathFunctions(double x) {
    return Math.sin(x) + Math.exp(x) + Math.sqrt(x) + Math.pow(x, 3) + Math.log1p(x) + StrictMath.cos(x)
        + Math.max(x, 1.0) + Math.abs(x);
  }
}
