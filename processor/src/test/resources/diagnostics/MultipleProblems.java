package test;

import dev.hesse.Differentiable;

/** All problems are reported: several in one method, and those of every method. */
final class MultipleProblems {
  static double counter;

  @Differentiable
  static double twoProblems(double[] x) {
    // BUG: Diagnostic contains: [HesseUnsupportedCall]
    double r = Math.random();
    double s = x[0] + r;
    // BUG: Diagnostic contains: [HesseArrayWrite]
    x[1] = s;
    return s;
  }

  @Differentiable
  static double anotherMethod(double x) {
    // BUG: Diagnostic contains: [HesseFieldWrite]
    counter = x;
    return x;
  }

  @Differentiable
  static double fine(double x) {
    return x * x;
  }
}
