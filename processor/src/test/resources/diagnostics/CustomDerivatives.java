package test;


import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/** [HesseCustomDerivative]: a custom derivative must name one matching @Differentiable partial per input. */
class CustomDerivatives {
  @dev.hesse.CustomDerivative({"dx", "dy"})
  // BUG: Diagnostic contains: names 2 partial derivatives but 'wrongCount' has 1 differentiable parameter
  static double wrongCount(double x, @NoDerivative double y) {
    return x * y;
  }

  @dev.hesse.CustomDerivative("missing")
  // BUG: Diagnostic contains: expected a static @Differentiable method 'double missing(double, int)' in CustomDerivatives, found none
  static double missingPartial(double x, int n) {
    return n * x;
  }

  @dev.hesse.CustomDerivative("notDifferentiable")
  // BUG: Diagnostic contains: expected a static @Differentiable method 'double notDifferentiable(double)'
  static double partialNotAnnotated(double x) {
    return x;
  }

  static double notDifferentiable(double x) {
    return 1;
  }

  @dev.hesse.CustomDerivative({"mismatched", "mismatched"})
  // BUG: Diagnostic contains: expected a static @Differentiable method 'double mismatched(double, double)'
  static double mismatchedParameters(double x, double y) {
    return x + y;
  }

  @Differentiable
  static double mismatched(double x) {
    return 1;
  }

  @dev.hesse.CustomDerivative("arrayPartial")
  // BUG: Diagnostic contains: has type double[]; a function with a custom derivative takes double, int, long and boolean parameters only
  static double takesArray(double[] x) {
    return x[0];
  }

  @Differentiable
  static double arrayPartial(double[] x) {
    return 1;
  }

  @Differentiable
  @dev.hesse.CustomDerivative("both")
  // BUG: Diagnostic contains: is both @Differentiable and @CustomDerivative
  static double both(double x) {
    return x;
  }

  @Differentiable
  static double callsInvalid(double x) {
    // BUG: Diagnostic at `partialNotAnnotated(x)` contains: the @CustomDerivative of 'partialNotAnnotated' is invalid
    return partialNotAnnotated(x) + 1;
  }
}
