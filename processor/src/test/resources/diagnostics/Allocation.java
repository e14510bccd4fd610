package test;

import dev.hesse.Differentiable;

/** [HesseAllocation]: the body may allocate only local arrays, once, at its top level. */
final class Allocation {
  @Differentiable
  static double newArrayInLoop(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      // BUG: Diagnostic at `new double[3]` contains: [HesseAllocation]
      double[] t = new double[3];
      s += x[i];
    }
    return s;
  }

  @Differentiable
  static double newArrayInBranch(double[] x) {
    if (x[0] > 0) {
      // BUG: Diagnostic at `new double[x.length]` contains: [HesseAllocation]
      double[] t = new double[x.length];
      return x[0];
    }
    return x[1];
  }

  @Differentiable
  static double newObject(double x) {
    // BUG: Diagnostic at `new StringBuilder()` contains: [HesseAllocation]
    new StringBuilder();
    return x;
  }

  @Differentiable
  static double arrayInitializer(double x) {
    // BUG: Diagnostic at `{1, 2}` contains: [HesseAllocation]
    double[] q = {1, 2};
    return x;
  }

  @Differentiable
  static double newArrayWithInitializer(double x) {
    // BUG: Diagnostic at `new double[] {x, 2}` contains: [HesseAllocation]
    double[] q = new double[] {x, 2};
    return x * x;
  }

  @Differentiable
  static double raggedMatrix(double x) {
    // BUG: Diagnostic at `new double[2][]` contains: [HesseAllocation]
    double[][] m = new double[2][];
    return x * x;
  }

  @Differentiable
  static double allocationInExpression(double[] x) {
    // BUG: Diagnostic at `new double[2]` contains: [HesseAllocation]
    double s = new double[2][0] + x[0];
    return s;
  }

  // OK: reading an existing array (elements and length) allocates nothing.
  @Differentiable
  static double readsArray(double[] x) {
    return x[0] * x.length;
  }

  // OK: local arrays allocated at the top level, of every supported type, then written and read.
  @Differentiable
  static double localArrays(double[] x, int k) {
    double[] h = new double[k + 1];
    int[] counts = new int[2];
    long[] big = new long[1];
    boolean[] seen = new boolean[x.length];
    double[][] m = new double[2][k + 1];
    var w = new double[3];
    h[0] = x[0];
    counts[1]++;
    big[0] += 3;
    seen[0] = true;
    m[1][0] = h[0] * 2;
    w[2] -= m[1][0];
    return h[0] + counts[1] + big[0] + (seen[0] ? w[2] : 0) + m.length + m[0].length;
  }
}
