package test;

import dev.hesse.Differentiable;
import java.util.function.DoubleUnaryOperator;

/** [HesseUnsupportedExpression]: expressions outside Hesse's language. */
final class Expressions {
  @Differentiable
  static double lambda(double x) {
    // BUG: Diagnostic at `v -> v * 2` contains: [HesseUnsupportedExpression]
    DoubleUnaryOperator f = v -> v * 2;
    return x;
  }

  @Differentiable
  static double methodReference(double x) {
    // BUG: Diagnostic at `Math::sin` contains: [HesseUnsupportedExpression]
    DoubleUnaryOperator f = Math::sin;
    return x;
  }

  @Differentiable
  static double instanceOf(double[] x) {
    double s = 0;
    // BUG: Diagnostic at `x instanceof double[]` contains: [HesseUnsupportedExpression]
    if (x instanceof double[]) {
      s = x[0];
    }
    return s;
  }

  @Differentiable
  static double stringConcatenation(double x) {
    // BUG: Diagnostic at `"x = " + x` contains: [HesseUnsupportedExpression]
    String label = "x = " + x;
    return x;
  }

  // OK: arithmetic, comparison, logical operators, the conditional operator, casts between numbers.
  @Differentiable
  static double supportedExpressions(double x, int n) {
    double a = -x + 2 * x - x / 3;
    boolean positive = x > 0 && n != 0 || !(x < -1);
    double b = positive ? a : -a;
    int m = (n + 1) % 3;
    return b * m + (double) n;
  }
}
