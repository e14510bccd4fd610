package test;

import dev.hesse.Differentiable;

/** [HesseArrayWrite]: arrays are read-only in a differentiable method. */
final class ArrayWrite {
  @Differentiable
  static double writesElement(double[] x) {
    // BUG: Diagnostic at `x[0] = 1` contains: [HesseArrayWrite]
    x[0] = 1;
    return x[0];
  }

  @Differentiable
  static double compoundWrite(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      // BUG: Diagnostic at `x[i] += 2` contains: [HesseArrayWrite]
      x[i] += 2;
      s += x[i];
    }
    return s;
  }

  // OK: reading elements is fine.
  @Differentiable
  static double readsElements(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * x[i];
    }
    return s + x[0];
  }
}
