package test;

import dev.hesse.Differentiable;

/** [HesseUnresolvedName]: names must be locals, parameters or constants of the class itself. */
final class UnresolvedName {
  static final double OWN = 2;

  @Differentiable
  static double readsOtherClassConstant(double x) {
    // BUG: Diagnostic at `Other.K` contains: [HesseUnresolvedName]
    // BUG: Diagnostic contains: Other.K
    return x * Other.K;
  }

  // OK: the class's own constant.
  @Differentiable
  static double readsOwnConstant(double x) {
    return x * OWN;
  }
}

final class Other {
  static final double K = 2;
}
