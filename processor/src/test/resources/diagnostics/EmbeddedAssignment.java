package test;

import dev.hesse.Differentiable;

/** [HesseEmbeddedAssignment]: assignments, ++ and -- only as statements of their own. */
final class EmbeddedAssignment {
  @Differentiable
  static double incrementInIndex(double[] x) {
    double s = 0;
    int i = 0;
    while (i < x.length) {
      // BUG: Diagnostic at `i++` contains: [HesseEmbeddedAssignment]
      s += x[i++];
    }
    return s;
  }

  @Differentiable
  static double chainedAssignment(double x) {
    double a;
    double b;
    // BUG: Diagnostic at `b = x` contains: [HesseEmbeddedAssignment]
    a = b = x;
    return a * b;
  }

  @Differentiable
  static double compoundAssignmentInExpression(double x) {
    double s = x;
    double f;
    // BUG: Diagnostic at `s += 1` contains: [HesseEmbeddedAssignment]
    f = (s += 1) * 2;
    return f;
  }

  @Differentiable
  static double assignmentInCondition(double x, double y) {
    double a = 0;
    double s = x;
    // BUG: Diagnostic at `a = y` contains: [HesseEmbeddedAssignment]
    if ((a = y) > 0) {
      s = x * a;
    }
    return s;
  }

  // OK: the same updates as statements of their own.
  @Differentiable
  static double updatesAsStatements(double[] x) {
    double s = 0;
    int i = 0;
    while (i < x.length) {
      s += x[i];
      i++;
    }
    double a;
    double b;
    b = s;
    a = b;
    return a * b;
  }
}
