package test;

import dev.hesse.Differentiable;

/** [HesseRecursion]: a differentiable method may not call itself. */
final class Recursion {
  @Differentiable
  static double callsItself(double x) {
    // BUG: Diagnostic at `callsItself(x / 2)` contains: [HesseRecursion]
    return Math.sin(x) + callsItself(x / 2);
  }

  // OK: a method with a similar name and no recursion.
  @Differentiable
  static double callsSin(double x) {
    return Math.sin(x) + Math.sin(x / 2);
  }
}
