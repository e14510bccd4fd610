package test;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/** [HesseUnsupportedStatement]: statements outside Hesse's language. */
final class Statements {
  @Differentiable
  static double tryCatch(double x) {
    double s = 0;
    // BUG: Diagnostic at column 5 contains: [HesseUnsupportedStatement]
    try {
      s = x * x;
    } catch (RuntimeException e) {
      s = 0;
    }
    return s;
  }

  @Differentiable
  static double throwsException(double x) {
    if (x < 0) {
      // BUG: Diagnostic at column 7 contains: [HesseUnsupportedStatement]
      throw new IllegalArgumentException();
    }
    return x;
  }

  // OK: the rows of a matrix in enhanced for; each row stands for m[rowIndex].
  @Differentiable
  static double rows(double x, @NoDerivative double[][] m) {
    double s = 0;
    for (double[] row : m) {
      for (double e : row) {
        s += e * x;
      }
    }
    return s;
  }

  @Differentiable
  static double rowReassigned(double x, @NoDerivative double[][] m, @NoDerivative double[] other) {
    double s = 0;
    for (double[] row : m) {
      // BUG: Diagnostic at column 7 contains: reassigning 'row', the row of an enhanced for loop
      row = other;
      s += row[0] * x;
    }
    return s;
  }

  // OK: switch on an int, each case ending with break (or arrow cases).
  @Differentiable
  static double switchStatement(double x, int n) {
    double s = 0;
    switch (n) {
      case 0:
        s = x;
        break;
      case 1:
      case 2:
        s = x * x;
        break;
      default:
        s = 2 * x;
    }
    switch (n) {
      case 3 -> s += x;
      default -> s -= x;
    }
    return s;
  }

  @Differentiable
  static double switchFallThrough(double x, int n) {
    double s = 0;
    switch (n) {
      // BUG: Diagnostic contains: [HesseUnsupportedStatement] falling through
      case 0:
        s = x;
      default:
        s += 2 * x;
    }
    return s;
  }

  @Differentiable
  static double switchBreakInsideCase(double x, int n) {
    double s = 0;
    switch (n) {
      case 0:
        // BUG: Diagnostic contains: [HesseUnsupportedStatement] break inside a switch case
        if (x > 0) break;
        s = x;
        break;
      default:
        s = 2 * x;
    }
    return s;
  }

  @Differentiable
  static double synchronizedBlock(double x) {
    double s = 0;
    // BUG: Diagnostic at column 5 contains: [HesseUnsupportedStatement]
    synchronized (Statements.class) {
      s = x;
    }
    return s;
  }

  @Differentiable
  static double localClass(double x) {
    // BUG: Diagnostic at column 5 contains: [HesseUnsupportedStatement]
    class Local {}
    return x;
  }

  @Differentiable
  static double assertStatement(double x) {
    // BUG: Diagnostic at column 5 contains: [HesseUnsupportedStatement]
    assert x > 0;
    return x;
  }

  @Differentiable
  static double labeledBlock(double x) {
    double s = 0;
    // BUG: Diagnostic at column 5 contains: [HesseUnsupportedStatement]
    block: {
      s = x;
    }
    return s;
  }

  // OK: if/else, for, while, do, nested blocks, unlabeled break, compound assignment.
  @Differentiable
  static double supportedStatements(double x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      if (i % 2 == 0) {
        s += x;
      } else {
        s -= x * x;
      }
    }
    int k = 0;
    while (k < 3) {
      s *= 0.5;
      k++;
    }
    do {
      s += 1;
      k--;
    } while (k > 0);
    {
      double t = s * x;
      s = t;
    }
    return s;
  }
}
