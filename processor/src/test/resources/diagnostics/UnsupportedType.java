package test;

import dev.hesse.Differentiable;
import dev.hesse.NoDerivative;

/** [HesseUnsupportedType]: parameters and locals must be double, int, long, boolean or their arrays. */
final class UnsupportedType {
  @Differentiable
  // BUG: Diagnostic at `float y` contains: [HesseUnsupportedType]
  static double floatParameter(double x, float y) {
    return x;
  }

  @Differentiable
  static double floatLocal(double x) {
    // BUG: Diagnostic at `float k` contains: [HesseUnsupportedType]
    float k = 2;
    return x;
  }

  @Differentiable
  static double stringLocal(double x) {
    // BUG: Diagnostic at `String s` contains: [HesseUnsupportedType]
    String s = "a";
    return x;
  }

  @Differentiable
  // BUG: Diagnostic at `Object o` contains: [HesseUnsupportedType]
  static double objectParameter(double x, Object o) {
    return x;
  }

  // OK: the supported types.
  @Differentiable
  static double supportedTypes(
      double x, double[] v, @NoDerivative double c, @NoDerivative double[][] m, int n, long k, boolean flag) {
    int i = n;
    long j = k;
    boolean b = flag;
    double s = x * c + m[0][0];
    if (b) {
      s += v[i] * v[i] + j;
    }
    return s;
  }

  @Differentiable
  static double aliasedArray(double[] x) {
    // BUG: Diagnostic at `x;` contains: [HesseUnsupportedType] local array variable 'y' must be initialised with 'new'
    double[] y = x;
    return y[0];
  }

  @Differentiable
  static double uninitialisedArray(double[] x) {
    // BUG: Diagnostic at `double[] z` contains: [HesseUnsupportedType] local array variable 'z'
    double[] z;
    return x[0];
  }

  // OK: differentiable matrices (laid out row by row) next to constant ones.
  @Differentiable
  static double matrixParameters(double[][] w, @NoDerivative double[][] data) {
    return w[0][0] * data[0][0] + w.length + w[0].length;
  }
}
