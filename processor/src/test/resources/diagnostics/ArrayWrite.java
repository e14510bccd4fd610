package test;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/** [HesseArrayWrite]: parameter and field arrays are read-only in a differentiable method; local arrays are not. */
final class ArrayWrite {
  static final double[] TABLE = {1, 2, 3};

  @Differentiable
  static double writesElement(double[] x) {
    // BUG: Diagnostic at `x[0] = 1` contains: [HesseArrayWrite] writing into parameter array 'x'
    x[0] = 1;
    return x[0];
  }

  @Differentiable
  static double compoundWrite(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      // BUG: Diagnostic at `x[i] += 2` contains: [HesseArrayWrite] writing into parameter array 'x'
      x[i] += 2;
      s += x[i];
    }
    return s;
  }

  @Differentiable
  static double incrementsConstantArray(double x, int[] counts) {
    // BUG: Diagnostic at `counts[0]++` contains: [HesseArrayWrite] writing into parameter array 'counts'
    counts[0]++;
    return x;
  }

  @Differentiable
  static double writesConstantMatrix(double x, @NoDerivative double[][] m) {
    // BUG: Diagnostic at `m[0][1] = x` contains: [HesseArrayWrite] writing into parameter array 'm'
    m[0][1] = x;
    return x;
  }

  @Differentiable
  static double writesMatrixParameter(double[][] w) {
    // BUG: Diagnostic at `w[1][0] *= 2` contains: [HesseArrayWrite] writing into parameter array 'w'
    w[1][0] *= 2;
    return w[1][0];
  }

  @Differentiable
  static double writesFieldArray(double x) {
    // BUG: Diagnostic at `TABLE[0] = x` contains: [HesseArrayWrite] writing into field array
    TABLE[0] = x;
    return x;
  }

  @Differentiable
  static double assignsRow(double x) {
    double[][] m = new double[2][2];
    // BUG: Diagnostic at `m[0] = ` contains: [HesseArrayWrite] assigning a whole row
    m[0] = m[1];
    return x;
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

  // OK: writing into a local copy.
  @Differentiable
  static double writesLocalCopy(double[] x) {
    double[] copy = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      copy[i] = x[i];
      copy[i] += 2;
    }
    return copy[0] * copy[x.length - 1];
  }
}
