package test;

import dev.hesse.Differentiable;

/** [HesseRecursion]: a differentiable method may not call itself, directly or through others. */
final class Recursion {
  @Differentiable
  static double callsItself(double x) {
    // BUG: Diagnostic at `callsItself(x / 2)` contains: [HesseRecursion]
    return Math.sin(x) + callsItself(x / 2);
  }

  @Differentiable
  static double ping(double x) {
    // BUG: Diagnostic at `pong(x - 1)` contains: indirect recursion (ping → pong → ping)
    return x < 0 ? x : pong(x - 1);
  }

  @Differentiable
  static double pong(double x) {
    // BUG: Diagnostic at `ping(x / 2)` contains: [HesseRecursion]
    return Math.cos(ping(x / 2));
  }

  // OK: a method with a similar name and no recursion.
  @Differentiable
  static double callsSin(double x) {
    return Math.sin(x) + Math.sin(x / 2);
  }
}
